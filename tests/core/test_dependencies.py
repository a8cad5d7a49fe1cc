import sys

from plugin import dependencies


def test_everything_present_in_the_dev_environment():
    assert dependencies.missing_requirements() == []


def test_old_shapely_is_reported_with_install_instructions(monkeypatch):
    fake = type(sys)("shapely")
    fake.__version__ = "1.8.5"
    monkeypatch.setitem(sys.modules, "shapely", fake)
    missing = dependencies.missing_requirements()
    assert missing == ["shapely>=2.0 (found 1.8.5)"]
    hint = dependencies.install_hint(missing)
    assert '"shapely>=2.0"' in hint and "pip install" in hint
    monkeypatch.setattr(sys, "platform", "win32")
    assert "OSGeo4W Shell" in dependencies.install_hint(missing)


def test_missing_module_is_reported(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import raises ImportError
    assert dependencies.missing_requirements() == ["pandas>=1.1 (not installed)"]
