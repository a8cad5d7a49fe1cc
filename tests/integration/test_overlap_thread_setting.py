"""叠加分析 and the thread setting: the plugin's choice reaches the engine, and one or two
overlay threads write the same output."""

from __future__ import annotations

from layers import box, layer_digest, memory_layer
from qgis.core import QgsVectorLayer

from eco_zoning.plugin import settings
from eco_zoning.plugin.core import overlap
from eco_zoning.plugin.core.geometry import chunked
from tests.core.thread_spies import record_private_geometries


def test_the_setting_reaches_the_engine_and_threads_change_nothing(
    clean_setting, run_algorithm, tmp_path, monkeypatch
):
    """A 12 × 12 km grid of 1 km cells under red-line strips that each cut a whole row of
    cells, so one red-line polygon is the zone of many cells on different threads."""
    cells = [
        (box(i, j, i + 1, j + 1), {"DYMC": f"单元{i}-{j}"}) for i in range(12) for j in range(12)
    ]
    units = memory_layer("环境管控单元", cells, {"DYMC": "string"})
    strips = [(box(-0.5, j + 0.25, 12.5, j + 0.6), {"HXMC": f"红线{j}"}) for j in range(12)]
    strips += [(box(i + 0.1, -0.5, i + 0.35, 12.5), {"HXMC": f"纵{i}"}) for i in range(0, 12, 3)]
    red_line = memory_layer("生态保护红线", strips, {"HXMC": "string"})
    seen = []
    real_run = overlap.OverlapRun

    class Run(real_run):
        def __init__(self, *args, workers=1, **kwargs):
            seen.append(workers)
            super().__init__(*args, workers=workers, **kwargs)

    monkeypatch.setattr(overlap, "OverlapRun", Run)
    made = record_private_geometries(monkeypatch, chunked)
    digests = []
    for threads in (1, 2):
        settings.set_overlay_threads(threads)
        made.clear()
        out = tmp_path / f"overlaps_{threads}.gpkg"
        run_algorithm(
            "ecozoning:overlapanalysis",
            {"INPUT": units, "NAME_FIELD": "DYMC", "CONSTRAINTS": [red_line], "OUTPUT": str(out)},
        )
        layer = QgsVectorLayer(str(out), "overlaps", "ogr")
        assert layer.isValid()
        digests.append(layer_digest(layer, 40))
        assert bool(made) == (threads > 1)
    assert seen == [1, 2]
    assert digests[0] == digests[1]


def test_writing_in_slices_writes_the_same_output(run_algorithm, tmp_path, monkeypatch):
    from eco_zoning.processing_provider.algorithms import overlap_analysis

    cells = [
        (box(i, j, i + 1, j + 1), {"DYMC": f"单元{i}-{j}"}) for i in range(8) for j in range(8)
    ]
    units = memory_layer("环境管控单元", cells, {"DYMC": "string"})
    strips = [(box(-0.5, j + 0.25, 8.5, j + 0.6), {"HXMC": f"红线{j}"}) for j in range(8)]
    red_line = memory_layer("生态保护红线", strips, {"HXMC": "string"})
    digests = []
    for size in (overlap_analysis.WRITE_SLICE, 3):
        monkeypatch.setattr(overlap_analysis, "WRITE_SLICE", size)
        out = tmp_path / f"overlaps_{size}.gpkg"
        results, _, _ = run_algorithm(
            "ecozoning:overlapanalysis",
            {"INPUT": units, "NAME_FIELD": "DYMC", "CONSTRAINTS": [red_line], "OUTPUT": str(out)},
        )
        layer = QgsVectorLayer(str(out), "overlaps", "ogr")
        assert layer.featureCount() == 64
        digests.append(layer_digest(layer, 40))
    assert digests[0] == digests[1]
