"""QGIS-side fixtures: Processing with the native and EcoZoning providers."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def processing_ready(qgis_app):
    """Processing initialised with QGIS's native algorithms and the EcoZoning provider."""
    from processing.core.Processing import Processing
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import QgsApplication

    from eco_zoning.processing_provider.provider import EcoZoningProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    if registry.providerById("native") is None:
        registry.addProvider(QgsNativeAlgorithms())
    provider = registry.providerById("ecozoning")
    if provider is None:
        provider = EcoZoningProvider()
        registry.addProvider(provider)
    yield provider


@pytest.fixture
def run_algorithm(processing_ready):
    """processing.run with a fresh context and feedback; returns (results, feedback log)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.messages = []

        def pushInfo(self, info):  # noqa: N802
            self.messages.append(info)
            super().pushInfo(info)

        def pushWarning(self, warning):  # noqa: N802
            self.messages.append(warning)
            super().pushWarning(warning)

        def reportError(self, error, fatalError=False):  # noqa: N802
            self.messages.append(error)
            super().reportError(error, fatalError)

    def run(algorithm_id, parameters):
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = Feedback()
        results = processing.run(algorithm_id, parameters, context=context, feedback=feedback)
        return results, feedback, context

    return run


@pytest.fixture
def clean_setting():
    """The overlay-thread setting starts unset and is put back as it was afterwards (tests
    run in the user's QGIS settings)."""
    from qgis.core import QgsSettings

    from eco_zoning.plugin import settings

    before = QgsSettings().value(settings.THREADS_KEY, None)
    QgsSettings().remove(settings.THREADS_KEY)
    yield
    if before is None:
        QgsSettings().remove(settings.THREADS_KEY)
    else:
        QgsSettings().setValue(settings.THREADS_KEY, before)
