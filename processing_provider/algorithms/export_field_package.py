"""外业核查导出: write an offline field-review package (QField and QGIS) for an area."""

from __future__ import annotations

import configparser
import shutil
import tempfile
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECT_FILE = "fieldwork.qgs"


def plugin_version() -> str:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser.get("general", "version", fallback="")


class ExportFieldPackage(EcoZoningAlgorithm):
    NAME = "exportfieldpackage"
    GROUP = "fieldwork"
    NEEDS_CORE = False

    DATABASE = "DATABASE"
    COUNTIES = "COUNTIES"
    AREA = "AREA"
    UNITS = "UNITS"
    EXTENT = "EXTENT"
    PROBLEMS = "PROBLEMS"
    PROBLEM_FILTER = "PROBLEM_FILTER"
    REFERENCES = "REFERENCES"
    LEADS = "LEADS"
    BASEMAP_ZOOM = "BASEMAP_ZOOM"
    OUTPUT = "OUTPUT"
    WARNINGS = "WARNINGS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Export field-review package")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes a folder that opens offline in QField and QGIS: one GeoPackage with the "
            "units of the area (geometry locked, review fields editable), the red line and "
            "other reference layers clipped to the area (read-only), the matching open check "
            "problems, the access-list table with its relation to the units, and an empty "
            "review layer (points and polygons); a project file with relative paths and "
            "Chinese forms; and manifest.json with a snapshot of every exported row, used "
            "when the package is imported back. The area is the union of the counties, the "
            "features of an area layer (e.g. townships; selected features only if chosen), "
            "the units given, an extent and the open check problems matching a filter. "
            "Optionally the supervision leads (ecozoning:screenleads, saved as a table of the "
            "project database) of the exported units or lying in the area travel too, their "
            "verification status (待核实 / 属实 / 不属实 / 已整改) and note editable in the "
            "field. The project database is only read."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.DATABASE,
                self.tr("Project database"),
                QgsProcessingParameterFile.Behavior.File,
                fileFilter=self.tr("GeoPackage (*.gpkg)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.COUNTIES, self.tr("County codes (comma-separated)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.AREA,
                self.tr("Area layer (e.g. townships)"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNITS,
                self.tr("Units (e.g. the selected units)"),
                [SourceType.VectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.PROBLEMS, self.tr("Open check problems as area"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.PROBLEM_FILTER,
                self.tr("Check problem filter (expression)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.REFERENCES,
                self.tr("Red line and spatial-planning control layers (clipped, read-only)"),
                SourceType.VectorPolygon,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.LEADS,
                self.tr("Supervision leads (a table of the project database)"),
                [SourceType.VectorAnyGeometry],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BASEMAP_ZOOM,
                self.tr("Offline basemap up to zoom level (0: none)"),
                QgsProcessingParameterNumber.Type.Integer,
                0,
                minValue=0,
                maxValue=18,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Package folder"))
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...plugin.adapters import field_package as fp

        database = self.parameterAsFile(parameters, self.DATABASE, context)
        self.database = database
        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        if folder.exists() and any(folder.iterdir()):
            raise QgsProcessingException(
                self.tr(
                    "The package folder {0} is not empty; choose an empty or new folder."
                ).format(folder)
            )
        try:
            office = fp.office_layers(database)
        except fp.PackageError as error:
            raise QgsProcessingException(
                self.tr("The project database cannot be read: {0}").format(error)
            ) from None
        # owned by the context, so an error's traceback does not keep them past QGIS's exit
        context.temporaryLayerStore().addMapLayers(list(office.values()))
        content, area = self._content(parameters, context, office, feedback)
        if not content.units:
            raise QgsProcessingException(
                self.tr("No unit lies in the chosen area; nothing to export.")
            )
        feedback.setProgress(40)
        self.basemap_zoom = self.parameterAsInt(parameters, self.BASEMAP_ZOOM, context)
        self.context = context
        return self._write(folder, content, area, feedback)

    def _area_geometry(self, parameters, context, crs):
        """The union of the area layer, the units given and the extent, in ``crs``."""
        from ...plugin.adapters.field_package import union

        parts = []
        for key in (self.AREA, self.UNITS):
            source = self.parameterAsSource(parameters, key, context)
            if source is None:
                continue
            transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.project())
            for feature in source.getFeatures():
                geometry = QgsGeometry(feature.geometry())
                geometry.transform(transform)
                parts.append(geometry)
        if parameters.get(self.EXTENT):
            extent = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
            if not extent.isEmpty():
                parts.append(QgsGeometry.fromRect(extent))
        return union(parts) if parts else None

    def _content(self, parameters, context, office, feedback):
        from ...plugin.adapters import field_package as fp

        units_layer = office[schema.UNIT_TABLE]
        crs = units_layer.crs()
        counties = [
            c.strip()
            for c in self.parameterAsString(parameters, self.COUNTIES, context).split(",")
            if c.strip()
        ]
        area = self._area_geometry(parameters, context, crs)
        problems = []
        want_problems = self.parameterAsBool(parameters, self.PROBLEMS, context)
        expression = self.parameterAsString(parameters, self.PROBLEM_FILTER, context)
        try:
            all_open = fp.open_problems(office[schema.CHECK_TABLE], expression)
        except Exception as error:  # a bad filter expression
            raise QgsProcessingException(
                self.tr("The check problem filter is not valid: {0}").format(error)
            ) from None
        if want_problems:
            problems = all_open
        if not counties and area is None and not want_problems:
            raise QgsProcessingException(
                self.tr(
                    "Choose an area: counties, an area layer, units, an extent or check problems."
                )
            )
        units = fp.units_in_area(fp.features(units_layer), counties, area, (), problems)
        clip = fp.union([g for _, g in units])
        if not want_problems:  # every open problem in the area
            problems = [(v, g) for v, g in all_open if fp.interiors_meet(g, clip)]
        codes = [v.get(schema.UNIT_CODE) for v, _ in units]
        feedback.pushInfo(
            self.tr("{0} units and {1} open check problems in the area.").format(
                len(units), len(problems)
            )
        )
        content = fp.PackageContent(
            crs_wkt=crs.toWkt(),
            crs_authid=crs.authid(),
            units=units,
            unit_fields=fp.unit_field_specs(units_layer),
            problems=problems,
            access_rows=fp.access_rows_for(office[schema.ACCESS_LIST_TABLE], codes),
            unit_requirements=fp.effective_rows(
                office[schema.ACCESS_LIST_TABLE], self.database, units
            ),
            area=clip,
        )
        self._add_leads(parameters, context, feedback, content, codes)
        for i, layer in enumerate(self.parameterAsLayerList(parameters, self.REFERENCES, context)):
            pieces = fp.clip_layer(layer, clip, crs)
            if not pieces:
                feedback.pushWarning(
                    self.tr("Layer {0} has nothing in the area and is left out.").format(
                        layer.name()
                    )
                )
                continue
            content.references.append((f"reference_{i + 1}", layer.name(), pieces))
        area_info = {
            "leads": len(content.leads),
            "counties": counties,
            "units": codes,
            "problems": [v["problem_id"] for v, _ in problems],
            "problem_filter": expression,
            "extent": clip.boundingBox().toString(3),
        }
        return content, area_info

    def _add_leads(self, parameters, context, feedback, content, codes) -> None:
        """The leads of the exported units or in the area, when a lead layer is given; it
        must be a table of the project database, so that import can merge statuses back."""
        from ...plugin.adapters import field_package as fp

        layer = self.parameterAsVectorLayer(parameters, self.LEADS, context)
        if layer is None:
            return
        if not fp.is_lead_layer(layer):
            raise QgsProcessingException(
                self.tr(
                    "Layer {0} is not a lead layer of ecozoning:screenleads (fields lead_key, "
                    "status and note are missing)."
                ).format(layer.name())
            )
        table = fp.lead_table_of(layer, self.database)
        if table is None:
            raise QgsProcessingException(
                self.tr(
                    "Lead layer {0} is not a table of the project database {1}: save the "
                    "screening output there first, so that the field statuses can be merged "
                    "back."
                ).format(layer.name(), self.database)
            )
        content.leads = fp.leads_in_area(
            layer,
            content.area,
            QgsCoordinateReferenceSystem(content.crs_authid or content.crs_wkt),
            codes,
        )
        content.lead_table = table
        feedback.pushInfo(
            self.tr("{0} supervision leads of layer {1} in the area.").format(
                len(content.leads), layer.name()
            )
        )

    def _basemap(self, staging: Path, content, feedback):
        """The open project's layers rendered to MBTiles over the area, with QGIS's own
        tiling algorithm (``native:tilesxyzmbtiles``, ``qgis:`` before QGIS 3.26)."""
        import processing
        from qgis.core import QgsApplication

        registry = QgsApplication.processingRegistry()
        algorithm = next(
            (
                a
                for a in ("native:tilesxyzmbtiles", "qgis:tilesxyzmbtiles")
                if registry.algorithmById(a)
            ),
            None,
        )
        if algorithm is None:
            feedback.pushWarning(self.tr("QGIS's tiling algorithm is missing: no basemap."))
            return None
        from qgis.core import QgsCoordinateReferenceSystem

        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        source = QgsCoordinateReferenceSystem(content.crs_authid or content.crs_wkt)
        box = QgsCoordinateTransform(source, wgs84, self.context.project()).transformBoundingBox(
            content.area.boundingBox()
        )
        extent = f"{box.xMinimum()},{box.xMaximum()},{box.yMinimum()},{box.yMaximum()} [EPSG:4326]"
        target = staging / "basemap.mbtiles"
        feedback.pushInfo(self.tr("Rendering the offline basemap…"))
        processing.run(
            algorithm,
            {
                "EXTENT": extent,
                "ZOOM_MIN": max(0, min(8, self.basemap_zoom)),
                "ZOOM_MAX": self.basemap_zoom,
                "TILE_FORMAT": 1,  # JPG: smaller
                "OUTPUT_FILE": str(target),
            },
            context=self.context,
            feedback=feedback,
            is_child_algorithm=True,
        )
        return target

    def _write(self, folder: Path, content, area_info, feedback):
        from ...plugin.adapters import field_package as fp
        from ...plugin.adapters import field_project

        package_id = fp.new_package_id()
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ecozoning-field-", dir=folder.parent))
        staging.chmod(0o755)  # mkdtemp's 0700 would travel with the package
        try:
            fp.write_geopackage(staging / fp.PACKAGE_GPKG, content)
            feedback.setProgress(70)
            references = [(table, title) for table, title, _ in content.references]
            basemap = self._basemap(staging, content, feedback) if self.basemap_zoom else None
            project = field_project.build_project(
                staging,
                package_id,
                content.crs_wkt,
                references,
                basemap,
                leads=bool(content.lead_table),
            )
            warnings = field_project.validate(project, staging, content.area)
            for warning in warnings:
                feedback.pushWarning(warning)
            fp.write_manifest(staging, package_id, plugin_version(), area_info, content, warnings)
            field_project.write_project(project, staging / PROJECT_FILE)
            project.clear()
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled; nothing was written."))
            if folder.exists():
                folder.rmdir()
            staging.rename(folder)
        except (RuntimeError, OSError, ValueError) as error:
            raise QgsProcessingException(
                self.tr("The package could not be written: {0}").format(error)
            ) from None
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        feedback.pushInfo(
            self.tr("Field-review package {0} written to {1}").format(package_id, folder)
        )
        return {self.OUTPUT: str(folder), self.WARNINGS: len(warnings)}
