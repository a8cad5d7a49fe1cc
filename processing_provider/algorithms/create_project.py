"""新建分区管控工程库: create the project GeoPackage and load its layers."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFileDestination,
    QgsProject,
    QgsVectorLayer,
)

from ...plugin.compat import SourceType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm


class _RelationMaker(QgsProcessingLayerPostProcessorInterface):
    """Adds the unit -> access-list relation once both layers are in the project.

    Attached to both layers: the load order of Processing outputs is not defined,
    so whichever arrives second makes the relation.
    """

    instances = []  # QGIS does not own post-processors: keep them alive

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        from ...plugin.adapters.project_db import add_relation

        project = context.project() or QgsProject.instance()
        found = {}
        for candidate in project.mapLayers().values():
            source = candidate.source() if isinstance(candidate, QgsVectorLayer) else ""
            for table in (schema.UNIT_TABLE, schema.ACCESS_LIST_TABLE):
                if source == f"{self.path}|layername={table}":
                    found[table] = candidate
        if len(found) == 2:
            add_relation(found[schema.UNIT_TABLE], found[schema.ACCESS_LIST_TABLE], project)


class CreateProjectDatabase(EcoZoningAlgorithm):
    NAME = "createproject"
    GROUP = "project"
    NEEDS_CORE = False

    OUTPUT = "OUTPUT"
    CRS = "CRS"
    OVERWRITE = "OVERWRITE"
    UNITS = "UNITS"
    ACCESS_LIST = "ACCESS_LIST"
    CHECK_RESULTS = "CHECK_RESULTS"
    REGIONS = "REGIONS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Create zoning project database")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Creates a GeoPackage holding an empty environmental control unit layer, "
            "the access-list table, its regions layer and the check-results layer, with forms (Chinese aliases, "
            "value maps), styles stored in the GeoPackage and the unit to access-list relation, "
            "and adds them to the current project. An existing file is only replaced when "
            "'Overwrite' is checked; the file is written completely or not at all."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterCrs(
                self.CRS,
                self.tr("Coordinate reference system"),
                QgsCoordinateReferenceSystem("EPSG:4490"),
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing file"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Project database"), self.tr("GeoPackage (*.gpkg)")
            )
        )
        self.addOutput(
            QgsProcessingOutputVectorLayer(
                self.UNITS, self.tr("Unit layer"), SourceType.VectorPolygon
            )
        )
        self.addOutput(
            QgsProcessingOutputVectorLayer(
                self.ACCESS_LIST, self.tr("Access-list table"), SourceType.Vector
            )
        )
        self.addOutput(
            QgsProcessingOutputVectorLayer(
                self.CHECK_RESULTS, self.tr("Check-results layer"), SourceType.VectorPolygon
            )
        )
        self.addOutput(
            QgsProcessingOutputVectorLayer(
                self.REGIONS, self.tr("Access-list regions layer"), SourceType.VectorPolygon
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...plugin.adapters import project_db

        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        if not path:
            raise QgsProcessingException(self.tr("No output file given."))
        if Path(path).suffix.lower() != ".gpkg":
            path = str(Path(path).with_suffix(".gpkg"))
        if not crs.isValid():
            raise QgsProcessingException(self.tr("The coordinate reference system is not valid."))
        try:
            project_db.create_project_database(path, crs, overwrite)
        except FileExistsError:
            raise QgsProcessingException(
                self.tr(
                    "{0} already exists. Check 'Overwrite an existing file' to replace it."
                ).format(path)
            ) from None
        except (OSError, project_db.ProjectDatabaseError) as error:
            raise QgsProcessingException(
                self.tr("The project database could not be created: {0}").format(error)
            ) from None
        feedback.pushInfo(self.tr("Created {0}").format(path))

        outputs = {self.OUTPUT: path}
        keys = {
            schema.UNIT_TABLE: self.UNITS,
            schema.ACCESS_LIST_TABLE: self.ACCESS_LIST,
            schema.CHECK_TABLE: self.CHECK_RESULTS,
            schema.REGION_TABLE: self.REGIONS,
        }
        for table, layer in project_db.open_layers(path).items():
            context.temporaryLayerStore().addMapLayer(layer)
            details = QgsProcessingContext.LayerDetails(
                layer.name(), context.project(), keys[table]
            )
            if table in (schema.UNIT_TABLE, schema.ACCESS_LIST_TABLE):
                maker = _RelationMaker(path)
                _RelationMaker.instances.append(maker)
                details.setPostProcessor(maker)
            context.addLayerToLoadOnCompletion(layer.id(), details)
            outputs[keys[table]] = layer.id()
        return outputs
