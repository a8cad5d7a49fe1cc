"""bench/floors.py on real data: the floor reads what each algorithm reads (through the
algorithms' own reading methods) and overlays what the definitions say, on the generated
county (tools/datagen) and its unit layer built as the bench builds it. No timing is
asserted: only what was read and overlaid, and that floor = read + overlay."""

from __future__ import annotations

import pytest

from bench import floors
from bench import job as jobs
from tools.datagen import generate
from tools.datagen.output import write_gpkg

SCALE = "county"


@pytest.fixture(scope="module")
def bench_data(processing_ready, tmp_path_factory):
    """A bench data folder with the county scale and its unit layer (``job.py``'s own
    ``prepare`` side: the plugin's delineation, subdivided), and a processing context."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProject

    data = tmp_path_factory.mktemp("bench_data")
    patch = pytest.MonkeyPatch()
    patch.setattr(jobs, "DATA", data)
    write_gpkg(generate(SCALE), jobs.inputs(SCALE))
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = jobs.Feedback.make()
    jobs.run_prepare(SCALE, "prepare", processing, context, feedback)
    yield context, feedback
    patch.undo()


def _count(table: str, units: bool = False) -> int:
    return jobs.feature_count(jobs.units_path(SCALE) if units else jobs.inputs(SCALE), table)


@pytest.mark.parametrize("job", floors.FLOOR_JOBS)
def test_a_floor_is_read_plus_overlay(bench_data, job):
    context, feedback = bench_data
    report = floors.measure(job, SCALE, context, feedback, workers=2)
    assert report["crs"] == "EPSG:4527"  # the working zone of the county (EPSG:4490)
    assert report["workers"] == 2
    assert report["floor_s"] == pytest.approx(report["read_s"] + report["overlay_s"], abs=2e-3)
    assert report["read_s"] > 0 and report["overlay_s"] > 0
    assert report["floor_cpu_s"] == pytest.approx(
        report["read_cpu_s"] + report["overlay_cpu_s"], abs=2e-3
    )


def test_the_overlap_floor_reads_every_input_and_overlays_every_unit_layer_pair(bench_data):
    context, feedback = bench_data
    report = floors.measure("overlap", SCALE, context, feedback, workers=2)
    expected = {"units": _count("units", units=True)}
    expected.update({name: _count(table) for table, name in jobs.OVERLAP_CONSTRAINTS})
    assert report["read"] == expected
    # the count-once overlay gives one piece per unit and constraint layer it overlaps:
    # as many as the rows the plugin writes (each with an area), never more
    import processing

    output = jobs.out_dir(SCALE) / "overlap_plugin.gpkg"
    processing.run(
        "ecozoning:overlapanalysis",
        jobs.overlap_parameters(SCALE, jobs.fresh(output)),
        context=context,
        feedback=feedback,
    )
    rows = jobs.feature_count(output, "overlaps")
    assert 0 < rows <= report["overlay"]["pieces"] <= report["overlay"]["pairs"]


def test_the_checks_floor_reads_units_counties_and_layers(bench_data):
    context, feedback = bench_data
    report = floors.measure("checks", SCALE, context, feedback, workers=1)
    assert report["read"] == {
        "units": _count("units", units=True),
        "county": _count("county"),
        "red_line": _count("red_line"),
        "farmland": _count("farmland"),
        "urban_boundary": _count("urban_boundary"),
        "parks": _count("park"),
    }
    overlay = report["overlay"]
    assert overlay["county_unions"] == _count("county")
    assert overlay["overlap_pairs"] == overlay["overlap_pieces"] > 0  # the seeded overlaps


def test_the_delineation_floor_clips_every_priority_feature(bench_data):
    context, feedback = bench_data
    report = floors.measure("delineation", SCALE, context, feedback, workers=2)
    read = report["read"]
    assert read["county"] == _count("county")
    assert read["townships"] == _count("township")
    assert read["parks"] == _count("park")
    for table, name in jobs.PRIORITY + jobs.KEY:
        assert read[name] == _count(table)
    overlay = report["overlay"]
    assert 0 < overlay["priority_features"] <= sum(_count(t) for t, _ in jobs.PRIORITY)
    assert overlay["clip_pairs"] > 0
    assert overlay["dissolved_parts"] > 0
