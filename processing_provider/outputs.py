"""Writing an algorithm's outputs: every table prepared first, then all sinks created and
filled (a cancel never leaves a half-written output), and the project's layers showing a
written table refreshed afterwards. A mixin for the algorithms that write sinks
(``class X(OutputsMixin, EcoZoningAlgorithm)``)."""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException, QgsProcessingUtils

from ..plugin.adapters.refresh import refresh_layers_showing
from ..plugin.adapters.sinks import (
    close_sink,
    geopackage_of,
    new_geopackages,
    unsynced,
    warmed,
)
from ..plugin.compat import WkbType


class OutputsMixin:
    """Output work shared by the algorithms (needs ``EcoZoningAlgorithm`` beside it)."""

    def prepare(self, frame, fields, feedback, source_crs=None, sink_crs=None, **options):
        """The frame's rows as features, before any output exists; a cancel raises. Rows
        written in the CRS they are in are taken as they are (``FrameRows``: features made
        when written, or the rows appended straight to a new GeoPackage table)."""
        from ..plugin.adapters.frame_rows import FrameRows
        from ..plugin.adapters.layers import WriteCancelled, frame_features

        if source_crs is None or sink_crs is None or source_crs == sink_crs:
            self.stop_if_cancelled(feedback)
            return FrameRows(frame, fields, feedback, **options)
        try:
            return frame_features(frame, fields, source_crs, sink_crs, feedback, **options)
        except WriteCancelled:
            raise self.cancelled() from None

    def table_output(self, key, frame, fields, feedback, required: bool = False) -> tuple:
        """An attribute table (no geometry) prepared for ``commit_outputs``."""
        if "geometry" in frame:
            frame = frame.drop(columns="geometry")
        features = self.prepare(frame, fields, feedback, multi=False)
        return (key, fields, WkbType.NoGeometry, QgsCoordinateReferenceSystem(), features, required)

    def commit_outputs(self, parameters, context, feedback, outputs) -> dict:
        """Create the sinks and fill them with features prepared beforehand.

        ``outputs``: (parameter key, fields, wkb type, crs, features, required). The last
        chance to cancel is before the first sink exists; from there on everything is
        written, so a cancel never leaves a truncated table or a half-filled GeoPackage.
        """
        self.stop_if_cancelled(feedback)
        warmed()
        new = new_geopackages(
            [self.parameterAsOutputLayer(parameters, o[0], context) for o in outputs]
        )
        results = {}
        for key, fields, wkb_type, crs, features, required in outputs:
            file = geopackage_of(self.parameterAsOutputLayer(parameters, key, context))
            with unsynced(file in new):
                kind = (fields, wkb_type, crs)
                dest = self._fill_sink(parameters, key, context, kind, features, file in new)
            if dest is None:
                if required:
                    raise QgsProcessingException(self.invalidSinkError(parameters, key))
                continue
            results[key] = dest
            self.remember_written(dest, context)
        return results

    def _fill_sink(self, parameters, key, context, kind, features, new_file=False):
        """The destination of sink ``key`` created as ``kind`` (fields, wkb type, crs),
        filled with ``features`` and closed; None when the optional sink is not wanted.
        In a GeoPackage this run creates, rows that can go straight into the table QGIS
        created are appended through SQLite (``table_sink.fill_table``)."""
        from ..plugin.adapters.layers import add_features
        from ..plugin.adapters.table_sink import fill_table

        sink, dest = self.parameterAsSink(parameters, key, context, *kind)
        if sink is None:
            return None
        if new_file and fill_table(sink, dest, kind[1], features, close_sink):
            return dest
        add_features(sink, features)
        close_sink(sink, kind[1])
        return dest

    def remember_written(self, dest, context) -> None:
        """Note where an output went, to refresh project layers showing it afterwards (its
        data source is looked up then, and only if the project has file layers)."""

        if not hasattr(self, "_written"):
            self._written = []
        self._written.append(str(dest))

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """Layers of the project that show a table this run wrote (e.g. a table of the
        project GeoPackage) are reloaded, their extent updated and redrawn."""

        project = context.project() if context is not None else None
        written = getattr(self, "_written", [])
        if project is not None and written and _has_file_layers(project):
            refresh_layers_showing(project, [_source_of(dest, context) for dest in written])
        return {}


def _has_file_layers(project) -> bool:
    """Whether ``project`` has a layer a written table could be shown in (an OGR layer)."""
    return any(layer.providerType() == "ogr" for layer in project.mapLayers().values())


def _source_of(dest: str, context) -> str:
    """The data source of an output (a file table, or a temporary layer's id)."""
    layer = QgsProcessingUtils.mapLayerFromString(dest, context)
    return layer.source() if layer is not None else dest
