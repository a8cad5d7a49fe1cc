"""The version register: save versions, refuse overwriting, open by id and by date."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingException
from versions_data import (
    features_by_code,
    make_versions,
)

SAVE, LOAD = "ecozoning:saveversion", "ecozoning:loadversion"


@pytest.fixture(scope="module")
def versions(processing_ready, tmp_path_factory):
    return make_versions(tmp_path_factory.mktemp("register"))


def save(run_algorithm, database, units, version, published, **extra):
    parameters = {
        "DATABASE": str(database),
        "VERSION_ID": version,
        "TITLE": f"岚溪市生态环境分区管控成果（{version}）",
        "DOC_NUMBER": "岚环发〔2025〕1号",
        "COMPILED_ON": "2025-01-10",
        "PUBLISHED_ON": published,
        "KIND": 0,
        "UNITS": units,
    }
    parameters.update(extra)
    return run_algorithm(SAVE, parameters)


def test_versions_are_kept_and_opened_by_id_and_date(versions, run_algorithm):
    v2, database = versions.v2(), versions.database
    access = f"{database}|layername=access_list"
    results, _, _ = save(
        run_algorithm, database, versions.uri(), "v1", "2025-03-01", ACCESS_LIST=access
    )
    assert results["UNIT_COUNT"] == versions.v1().featureCount()
    save(run_algorithm, database, v2, "v2", "2026-06-01", KIND=2, REASON=0)
    with pytest.raises(QgsProcessingException, match="v1"):
        save(run_algorithm, database, v2, "v1", "2026-07-01")

    results, feedback, _ = run_algorithm(
        LOAD, {"DATABASE": str(database), "VERSION_ID": "v1", "OUTPUT_UNITS": "memory:"}
    )
    assert results["VERSION"] == "v1"
    assert features_by_code(results["OUTPUT_UNITS"]) == features_by_code(versions.v1())
    assert any("v2" in m and "红线调整" in m for m in feedback.messages)

    for day, expected in (("2025-12-31", "v1"), ("2026-06-01", "v2"), ("2030-01-01", "v2")):
        results, _, _ = run_algorithm(
            LOAD, {"DATABASE": str(database), "AS_OF": day, "OUTPUT_UNITS": "memory:"}
        )
        assert results["VERSION"] == expected
    loaded = features_by_code(results["OUTPUT_UNITS"])
    assert set(loaded) == {f["HJZHGKDYBM"] for f in v2.getFeatures()}

    with pytest.raises(QgsProcessingException, match="2024-01-01"):
        run_algorithm(
            LOAD, {"DATABASE": str(database), "AS_OF": "2024-01-01", "OUTPUT_UNITS": "memory:"}
        )
    with pytest.raises(QgsProcessingException, match="v9"):
        run_algorithm(
            LOAD, {"DATABASE": str(database), "VERSION_ID": "v9", "OUTPUT_UNITS": "memory:"}
        )


def test_bad_date_is_refused(versions, run_algorithm):
    v1, database = versions.uri(), versions.database
    with pytest.raises(QgsProcessingException, match="2025-13-01"):
        save(run_algorithm, database, v1, "v-bad", "2025-13-01")
