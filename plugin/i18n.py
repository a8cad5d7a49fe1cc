"""Translation loading: the plugin's .qm for QGIS's UI locale."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
CONTEXT = "EcoZoning"


def tr(text: str, context: str = CONTEXT) -> str:
    """``text`` translated in ``context``; pylupdate5 files a module-level ``tr("…")`` (the
    adapters' messages) under its default context, so that is looked up next."""
    translated = QCoreApplication.translate(context, text)
    if translated == text:
        translated = QCoreApplication.translate("@default", text)
    return translated


def ui_locale() -> str:
    """QGIS's UI locale ('zh_CN', 'en_US', ...), as QGIS itself decides it."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        name = settings.value("locale/userLocale", "", type=str)
        if name:
            return name
    return QgsApplication.locale() or QLocale.system().name()


def qm_path(locale: str) -> Path | None:
    for candidate in (locale, locale.split("_")[0]):
        path = I18N_DIR / f"eco_zoning_{candidate}.qm"
        if path.exists():
            return path
    if locale.startswith("zh"):  # zh, zh_Hans, zh_SG ... read Simplified Chinese
        path = I18N_DIR / "eco_zoning_zh_CN.qm"
        if path.exists():
            return path
    return None


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load and install the translator for ``locale``; returns it (keep a reference) or None."""
    path = qm_path(locale or ui_locale())
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
