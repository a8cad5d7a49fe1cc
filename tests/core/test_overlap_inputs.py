"""The overlap analysis' input features: their validity is tested once, for the cleaning
and the repair log, with the same cleaned geometries and log as testing it for each."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from plugin.core.overlap import OverlapRun, inputs
from tests.core.test_overlap_stream import _same, features, layers

BOW_TIE = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"


def _mixed() -> np.ndarray:
    """Valid and invalid polygons, lines, points, collections (one with an invalid
    polygon), an empty geometry and a missing one."""
    wkts = [
        "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))",
        BOW_TIE,
        "MULTIPOLYGON (((20 0, 24 0, 24 4, 20 4, 20 0)), ((30 0, 34 0, 34 4, 30 4, 30 0)))",
        "LINESTRING (0 0, 5 5)",
        "LINESTRING (0 0, 0 0)",
        "POINT (1 1)",
        "MULTIPOINT ((1 1), (2 2))",
        f"GEOMETRYCOLLECTION ({BOW_TIE}, POINT (50 50))",
        "GEOMETRYCOLLECTION (POLYGON ((40 0, 44 0, 44 4, 40 4, 40 0)), LINESTRING (0 9, 9 9))",
        "GEOMETRYCOLLECTION (LINESTRING (0 0, 3 3), POINT (7 7))",
        "POLYGON EMPTY",
    ]
    geoms = np.empty(len(wkts) + 1, dtype=object)
    geoms[:-1] = shapely.from_wkt(wkts)
    return geoms


def _clean(raw, valid=None):
    return inputs.clean_features(raw.copy(), valid)


def test_validity_given_cleans_as_testing_it_again():
    raw = _mixed()
    valid = inputs.valid_features(raw)
    assert not valid.all() and valid.any()
    (a, dim_a), (b, dim_b) = _clean(raw), _clean(raw, valid)
    assert np.array_equal(dim_a, dim_b)
    assert np.array_equal(shapely.to_wkb(a), shapely.to_wkb(b))
    assert shapely.is_valid(b[dim_b >= 0]).all()
    frame = pd.DataFrame({"fid": np.arange(10, 10 + len(raw))})
    log_a = inputs.feature_repairs("in", frame, raw, dim_a >= 0)
    log_b = inputs.feature_repairs("in", frame, raw, dim_b >= 0, valid)
    pd.testing.assert_frame_equal(log_a, log_b)
    assert len(log_b) >= 2  # the bow tie and the collection holding one were repaired


def test_a_run_tests_the_features_validity_once(monkeypatch):
    f = features()  # its bow tie is repaired
    before = []
    expected = _added(OverlapRun(f, _names(), repairs=before, layer_name="in"))
    tested = []
    real = shapely.is_valid

    def spy(geoms, **kwargs):
        if np.ndim(geoms) and len(geoms) >= len(f):
            tested.append(len(geoms))
        return real(geoms, **kwargs)

    monkeypatch.setattr(inputs.shapely, "is_valid", spy)
    real_repair = inputs.repair_invalid

    def known_validity_only(geoms, valid=None):
        assert valid is not None  # the run hands the validity in, never has it tested again
        return real_repair(geoms, valid)

    monkeypatch.setattr(inputs, "repair_invalid", known_validity_only)
    repairs = []
    run = OverlapRun(f, _names(), repairs=repairs, layer_name="in")
    assert tested == [len(f)]  # the whole layer, once
    monkeypatch.undo()
    _same(_added(run), expected)
    pd.testing.assert_frame_equal(repairs[0], before[0])
    assert len(before[0]) == 1


def _names():
    return [c.name for c in layers()]


def _added(run):
    for c in layers():
        run.add_loaded(c.name, lambda c=c: c.frame, c.buffer, c.role)
    return run.result()
