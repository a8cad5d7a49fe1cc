"""导出公众查阅网页: a self-contained web page to look up units, lists and sites."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..inputs import InputsMixin

UNIT_FIELD_KEYS = ("name", "county", "subtype", "remark")
REQUIREMENT_FIELD_KEYS = ("level", "kind", "industries", "basis")


class ExportWebMap(InputsMixin, EcoZoningAlgorithm):
    NAME = "exportwebmap"
    GROUP = "publishing"

    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    REGIONS = "REGIONS"
    RED_LINE = "RED_LINE"
    PLACES = "PLACES"
    PLACE_NAME_FIELD = "PLACE_NAME_FIELD"
    PLACE_COUNTY_FIELD = "PLACE_COUNTY_FIELD"
    TITLE = "TITLE"
    BUREAU = "BUREAU"
    DATA_VERSION = "DATA_VERSION"
    DATA_DATE = "DATA_DATE"
    TOLERANCE = "TOLERANCE"
    MAX_SIZE = "MAX_SIZE"
    UNIT_FIELDS = "UNIT_FIELDS"
    REQUIREMENT_FIELDS = "REQUIREMENT_FIELDS"
    DIMENSIONS = "DIMENSIONS"
    BASEMAP_URL = "BASEMAP_URL"
    BASEMAP_ATTRIBUTION = "BASEMAP_ATTRIBUTION"
    OUTPUT = "OUTPUT"
    UNIT_COUNT = "UNIT_COUNT"
    DATA_BYTES = "DATA_BYTES"

    def displayName(self):  # noqa: N802
        return self.tr("Export web page for public lookup")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes a folder with a self-contained web page (index.html) where enterprises and "
            "the public look up control units: search by unit code, name or place, click the map "
            "or type coordinates to see a unit and its effective access list by dimension, draw "
            "or load a site outline to list the units it touches with their areas and whether it "
            "touches the red line (a preliminary self-check, computed in the browser). The page "
            "works opened from disk and on any static web server; the map libraries (Leaflet, "
            "Turf.js) are bundled and nothing is loaded from outside unless a basemap URL is "
            "given. Units are simplified for the web without gaps between neighbours; by default "
            "the tolerance is the smallest that keeps the map data under the size limit. Only "
            "what you select is published: leave out fields, list dimensions, the red line or "
            "places."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_layers()
        self._add_texts()
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TOLERANCE,
                self.tr("Simplification tolerance (m; 0 = the smallest that fits the size)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                False,
                0.0,
                1000.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_SIZE,
                self.tr("Size limit of the map data (MB)"),
                QgsProcessingParameterNumber.Type.Double,
                10.0,
                False,
                0.5,
                500.0,
            )
        )
        self._add_choices()
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Web page folder"))
        )
        self.addOutput(QgsProcessingOutputNumber(self.UNIT_COUNT, self.tr("Units published")))
        self.addOutput(QgsProcessingOutputNumber(self.DATA_BYTES, self.tr("Data size (bytes)")))

    def _add_layers(self):
        polygon, vector = [SourceType.VectorPolygon], [SourceType.Vector]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.UNITS, self.tr("Control units"), polygon)
        )
        for key, label, types in (
            (self.ACCESS_LIST, self.tr("Access-list table"), vector),
            (self.REGIONS, self.tr("Regions of the access list"), vector),
            (
                self.RED_LINE,
                self.tr("Ecological red line (leave empty not to publish it)"),
                polygon,
            ),
            (self.PLACES, self.tr("Places for the search (townships)"), polygon),
        ):
            self.addParameter(QgsProcessingParameterFeatureSource(key, label, types, optional=True))
        for key, label in (
            (self.PLACE_NAME_FIELD, self.tr("Place name field")),
            (self.PLACE_COUNTY_FIELD, self.tr("Place county code field")),
        ):
            self.addParameter(
                QgsProcessingParameterField(key, label, None, self.PLACES, optional=True)
            )

    def _add_texts(self):
        for key, label, default in (
            (self.TITLE, self.tr("Page title"), "生态环境分区管控成果查询"),
            (self.BUREAU, self.tr("Publishing bureau"), ""),
            (self.DATA_VERSION, self.tr("Data version"), ""),
            (self.DATA_DATE, self.tr("Data date"), ""),
            (self.BASEMAP_URL, self.tr("Basemap tile URL (optional, e.g. an intranet server)"), ""),
            (self.BASEMAP_ATTRIBUTION, self.tr("Basemap attribution"), ""),
        ):
            self.addParameter(
                QgsProcessingParameterString(key, label, default or None, optional=not default)
            )

    def _add_choices(self):
        self.addParameter(
            QgsProcessingParameterEnum(
                self.UNIT_FIELDS,
                self.tr("Unit fields to publish (code and class always)"),
                [self.tr("Name"), self.tr("County"), self.tr("Subtype"), self.tr("Remark")],
                True,
                [0, 1, 2],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.REQUIREMENT_FIELDS,
                self.tr("Requirement fields to publish (the text always)"),
                [
                    self.tr("Scope level"),
                    self.tr("Kind"),
                    self.tr("Industry codes"),
                    self.tr("Legal basis"),
                ],
                True,
                [0, 1],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.DIMENSIONS,
                self.tr("List dimensions to publish"),
                list(schema.DIMENSIONS_ZH),
                True,
                [0, 1, 2, 3],
                optional=True,
            )
        )

    # --- running ---------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.core.webmap import data as webdata
        from ...plugin.core.webmap import writer

        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        foreign = writer.foreign_files(folder)
        if foreign:
            raise QgsProcessingException(
                self.tr(
                    "The folder {0} holds other files ({1}); choose an empty folder or one "
                    "with an earlier web page export."
                ).format(folder, foreign[0].name)
            )
        frames = self._read_inputs(parameters, context, feedback)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(40)
        options = self._options(parameters, context)
        try:
            built = webdata.build_webmap_data(*frames, options=options)
        except webdata.WebMapDataError as error:
            raise QgsProcessingException(self._data_error(error)) from None
        if feedback.isCanceled():
            return {}
        feedback.setProgress(85)
        self._report(built, options, feedback)
        try:
            files = writer.write_folder(folder, built.payload)
        except OSError as error:
            raise QgsProcessingException(
                self.tr("The web page could not be written to {0}: {1}").format(folder, error)
            ) from None
        size = (folder / writer.DATA_FILE).stat().st_size
        if built.geometry_bytes > options.max_bytes:
            feedback.pushWarning(
                self.tr(
                    "The map data is {0:.1f} MB, over the limit of {1:.1f} MB: raise the "
                    "simplification tolerance or leave out the red line."
                ).format(built.geometry_bytes / 1e6, options.max_bytes / 1e6)
            )
        feedback.pushInfo(
            self.tr("Wrote {0} files to {1}; open index.html in a browser.").format(
                len(files), folder
            )
        )
        units = len(built.payload["units"])
        return {self.OUTPUT: str(folder), self.UNIT_COUNT: units, self.DATA_BYTES: size}

    def _source(self, parameters, key, context, feedback):
        if parameters.get(key) in (None, ""):
            return None
        source = self.input_source(parameters, key, context, feedback)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, key))
        return source

    def _read_inputs(self, parameters, context, feedback):
        from ...plugin.adapters import compliance_data as data
        from ...plugin.adapters.layers import read_frame

        lonlat = QgsCoordinateReferenceSystem("EPSG:4490")
        transform = context.transformContext()
        units_source = self._source(parameters, self.UNITS, context, feedback)
        if units_source is None or units_source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The unit layer has no features."))
        access = self._source(parameters, self.ACCESS_LIST, context, feedback)
        regions = self._source(parameters, self.REGIONS, context, feedback)
        try:
            units, _ = data.read_units(units_source, lonlat, transform, feedback)
            requirements = data.read_requirements(access, transform, feedback) if access else None
            regions = data.read_regions(regions, lonlat, transform, feedback) if regions else None
        except data.ComplianceDataError as error:
            raise QgsProcessingException(self.tr("{0}.").format(error)) from None
        feedback.setProgress(20)
        red = self._source(parameters, self.RED_LINE, context, feedback)
        red_line = read_frame(red, lonlat, [], transform, feedback) if red else None
        places = self._read_places(parameters, context, feedback, lonlat, units)
        return units, requirements, regions, red_line, places

    def _read_places(self, parameters, context, feedback, lonlat, units):
        from ...plugin.adapters.layers import read_frame

        source = self._source(parameters, self.PLACES, context, feedback)
        if source is None:
            return None
        name_field = self.parameterAsString(parameters, self.PLACE_NAME_FIELD, context)
        if not name_field:
            raise QgsProcessingException(
                self.tr("Choose the place name field of layer {0}.").format(
                    self.layer_name(parameters, self.PLACES, context)
                )
            )
        county_field = self.parameterAsString(parameters, self.PLACE_COUNTY_FIELD, context)
        fields = [name_field] + ([county_field] if county_field else [])
        places = read_frame(source, lonlat, fields, context.transformContext(), feedback)
        places["name"] = places[name_field]
        county_names = {}
        if schema.UNIT_COUNTY in units and schema.UNIT_COUNTY_CODE in units:
            county_names = dict(
                zip(units[schema.UNIT_COUNTY_CODE].astype(str), units[schema.UNIT_COUNTY])
            )
        codes = places[county_field].astype(str) if county_field else None
        places["county"] = codes.map(lambda c: county_names.get(c, c)) if county_field else ""
        return places

    def _options(self, parameters, context):
        from ...plugin.core.webmap.data import WebMapOptions

        def text(key):
            return (self.parameterAsString(parameters, key, context) or "").strip()

        def chosen(key, keys):
            return tuple(keys[i] for i in sorted(self.parameterAsEnums(parameters, key, context)))

        return WebMapOptions(
            title=text(self.TITLE) or "生态环境分区管控成果查询",
            bureau=text(self.BUREAU),
            version=text(self.DATA_VERSION),
            date=text(self.DATA_DATE),
            tolerance_m=self.parameterAsDouble(parameters, self.TOLERANCE, context),
            max_bytes=int(self.parameterAsDouble(parameters, self.MAX_SIZE, context) * 1e6),
            dimensions=chosen(self.DIMENSIONS, schema.DIMENSIONS_ZH),
            unit_fields=chosen(self.UNIT_FIELDS, UNIT_FIELD_KEYS),
            requirement_fields=chosen(self.REQUIREMENT_FIELDS, REQUIREMENT_FIELD_KEYS),
            basemap_url=text(self.BASEMAP_URL),
            basemap_attribution=text(self.BASEMAP_ATTRIBUTION),
        )

    def _data_error(self, error) -> str:
        if error.kind == "no_units":
            return self.tr("The unit layer has no features with a geometry.")
        if error.kind == "bad_class":
            return self.tr(
                "Unit {0} of the unit layer has no valid class in field {1} (1, 2 or 3)."
            ).format(error.detail, schema.UNIT_CLASS)
        return self.tr("Feature {0} of the unit layer has no unit code in field {1}.").format(
            error.detail, schema.UNIT_CODE
        )

    def _report(self, built, options, feedback):
        if built.method == "topology":
            feedback.pushInfo(
                self.tr(
                    "This GEOS has no coverage simplification (GEOS 3.12 or later): shared "
                    "edges were simplified once through the units' topology instead."
                )
            )
        feedback.pushInfo(
            self.tr(
                "Simplified to {0} m: {1} vertices of {2} kept, {3:.1f} MB of map data."
            ).format(
                built.tolerance_m,
                built.vertices_after,
                built.vertices_before,
                built.geometry_bytes / 1e6,
            )
        )
