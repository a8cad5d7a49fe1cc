"""The plugin's settings: overlay threads in QgsSettings, the Options page, the engine."""

from __future__ import annotations

from layers import box, layer_digest, memory_layer, two_counties
from qgis.core import QgsSettings, QgsVectorLayer

from eco_zoning.plugin import settings
from eco_zoning.plugin.core import delineation, schema
from eco_zoning.plugin.core.geometry import chunked
from tests.core.thread_spies import record_private_geometries


def test_threads_are_automatic_until_chosen(clean_setting):
    assert settings.stored_threads() == 0
    assert settings.overlay_threads() == settings.automatic_threads()
    assert 1 <= settings.automatic_threads() <= 4
    settings.set_overlay_threads(3)
    assert QgsSettings().value(settings.THREADS_KEY, type=int) == 3
    assert settings.overlay_threads() == 3
    settings.set_overlay_threads(0)
    assert settings.overlay_threads() == settings.automatic_threads()


def test_unusable_stored_values_fall_back_or_are_bounded(clean_setting):
    QgsSettings().setValue(settings.THREADS_KEY, "many")
    assert settings.overlay_threads() == settings.automatic_threads()
    QgsSettings().setValue(settings.THREADS_KEY, 999)
    assert settings.overlay_threads() == settings.MAX_THREADS
    settings.set_overlay_threads(-5)
    assert settings.stored_threads() == 0


def test_options_page_shows_and_saves_the_choice(clean_setting, qtbot):
    from eco_zoning.plugin.settings_page import SettingsPage, SettingsPageFactory

    settings.set_overlay_threads(2)
    page = SettingsPage()
    qtbot.addWidget(page)
    assert page.threads.value() == 2
    assert page.threads.minimum() == 0 and page.threads.maximum() == settings.MAX_THREADS
    assert str(settings.automatic_threads()) in page.threads.specialValueText()
    page.threads.setValue(0)
    assert settings.stored_threads() == 2  # nothing is stored before the dialog's OK
    page.apply()
    assert settings.stored_threads() == 0
    factory = SettingsPageFactory()
    assert factory.title() == "EcoZoning"
    assert not factory.icon().isNull()
    made = factory.createWidget(None)
    qtbot.addWidget(made)
    assert isinstance(made, SettingsPage)


def test_the_setting_reaches_the_engine_and_threads_change_nothing(
    clean_setting, run_algorithm, tmp_path, monkeypatch
):
    """Enough features crossing the county border that the clip runs in several chunks."""
    red = [(box(x, 4.2, x + 0.3, 4.5), {"HXMC": f"红线{i}"}) for i, x in enumerate(range(1, 9))]
    red += [(box(9.5, y / 10, 10.5, y / 10 + 0.05), {"HXMC": f"跨界{y}"}) for y in range(80)]
    red_line = memory_layer("生态保护红线", red, {"HXMC": "string"})
    seen = []
    engine_run = delineation.engine.run

    def spy(inp, progress, is_cancelled, workers):
        seen.append(workers)
        return engine_run(inp, progress, is_cancelled, workers)

    monkeypatch.setattr(delineation.engine, "run", spy)
    threaded_calls = record_private_geometries(monkeypatch, chunked)
    digests = []
    for threads in (1, 2):
        settings.set_overlay_threads(threads)
        out = tmp_path / f"units_{threads}.gpkg"
        results, _, _ = run_algorithm(
            "ecozoning:delineateunits",
            {
                "ADMIN": two_counties(),
                "ADMIN_CODE_FIELD": "XZQDM",
                "ADMIN_NAME_FIELD": "XZQMC",
                "PRIORITY_LAYERS": [red_line],
                "PROVINCE": "测试省",
                "OUTPUT": str(out),
                "OUTPUT_LOG": str(tmp_path / f"log_{threads}.gpkg"),
            },
        )
        layer = QgsVectorLayer(str(out), "units", "ogr")
        assert layer.isValid()
        assert all(f[schema.UNIT_CODE] for f in layer.getFeatures())
        digests.append(layer_digest(layer, 2))
        assert bool(threaded_calls) == (threads > 1)
    assert seen == [1, 2]
    assert digests[0] == digests[1]
