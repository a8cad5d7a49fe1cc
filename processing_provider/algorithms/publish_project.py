"""发布工程库到 PostGIS: copy the project GeoPackage into a PostGIS schema, or replace it there."""

from __future__ import annotations

import uuid

from qgis.core import (
    QgsDataSourceUri,
    QgsFeature,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
    QgsVectorLayer,
)

from ..base import EcoZoningAlgorithm


class PublishProject(EcoZoningAlgorithm):
    NAME = "publishproject"
    GROUP = "project"
    NEEDS_CORE = False

    INPUT = "INPUT"
    DATABASE = "DATABASE"
    SCHEMA = "SCHEMA"
    REPLACE = "REPLACE"

    def displayName(self):  # noqa: N802
        return self.tr("Publish project database to PostGIS")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Copies the project database (units, access list, check results, access-list "
            "regions) into a schema of a PostGIS database saved in QGIS, with the same fields, "
            "primary keys and spatial indexes. The tables are written to a new schema first and "
            "take the target's name in one transaction, so a failed or cancelled run leaves the "
            "target as it was. An existing schema is replaced only when asked and only if it "
            "holds nothing but EcoZoning tables."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(self.INPUT, self.tr("Project database"), extension="gpkg")
        )
        self.addParameter(
            QgsProcessingParameterProviderConnection(
                self.DATABASE, self.tr("PostGIS connection"), "postgres"
            )
        )
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, self.tr("Schema"), "ecozoning"))
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.REPLACE, self.tr("Replace the schema if it exists"), False
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...plugin.adapters import project_db
        from ...plugin.adapters.postgis import connection, publish_sql, sql

        path = self.parameterAsFile(parameters, self.INPUT, context)
        name = self.parameterAsConnectionName(parameters, self.DATABASE, context)
        target = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        replace = self.parameterAsBoolean(parameters, self.REPLACE, context)
        if not target:
            raise QgsProcessingException(self.tr("Give the schema to publish to."))
        try:
            sources = project_db.open_layers(path)
        except project_db.ProjectDatabaseError as error:
            raise QgsProcessingException(str(error)) from None
        try:
            db = connection.saved_connection(name)
            self._check_target(db, target, replace)
            staging = f"ecozoning_staging_{uuid.uuid4().hex[:12]}"
            connection.execute(db, f"CREATE SCHEMA {sql.identifier(staging)}")
        except connection.PostgisError as error:
            raise QgsProcessingException(str(error)) from None
        try:
            total = max(len(project_db.TABLES), 1)
            for i, (table, _, geometry_type, specs) in enumerate(project_db.TABLES):
                self.stop_if_cancelled(feedback)
                source = sources[table]
                geometry = "MultiPolygon" if geometry_type != project_db.ogr.wkbNone else None
                srid = source.crs().postgisSrid() if geometry else 0
                for statement in publish_sql.create_table(staging, table, specs, geometry, srid):
                    connection.execute(db, statement)
                count = self._copy(db, source, staging, table, geometry, feedback)
                feedback.pushInfo(self.tr("{0}: {1} rows").format(table, count))
                feedback.setProgress(90 * (i + 1) / total)
            self.stop_if_cancelled(feedback)
            connection.execute(db, publish_sql.swap_schema(staging, target, replace))
        except BaseException as error:
            try:
                connection.execute(db, f"DROP SCHEMA IF EXISTS {sql.identifier(staging)} CASCADE")
            except connection.PostgisError:
                feedback.reportError(
                    self.tr("The staging schema {0} could not be removed.").format(staging)
                )
            if isinstance(error, connection.PostgisError):
                raise QgsProcessingException(str(error)) from None
            raise
        feedback.pushInfo(self.tr("Published to schema {0}.").format(target))
        return {self.SCHEMA: target}

    def _check_target(self, db, target, replace):
        from ...plugin.adapters import project_db
        from ...plugin.adapters.postgis import connection, publish_sql, sql

        present = [r[0] for r in connection.execute(db, publish_sql.schema_tables(target))]
        exists = connection.execute(
            db,
            "SELECT count(*) FROM information_schema.schemata "
            f"WHERE schema_name = {sql.literal(target)}",
        )[0][0]
        if not int(exists):
            return
        if not replace:
            raise QgsProcessingException(
                self.tr("Schema {0} exists; tick Replace to publish over it.").format(target)
            )
        ours = {t[0] for t in project_db.TABLES}
        foreign = [t for t in present if t not in ours]
        if foreign:
            raise QgsProcessingException(
                self.tr("Schema {0} holds other tables ({1}); it is not replaced.").format(
                    target, ", ".join(foreign)
                )
            )

    def _copy(self, db, source, schema_name, table, geometry, feedback) -> int:
        """Append ``source``'s features to the new table through QGIS's provider."""
        uri = QgsDataSourceUri(db.uri())
        uri.setDataSource(schema_name, table, "geom" if geometry else None, "", "fid")
        target = QgsVectorLayer(uri.uri(False), table, "postgres")
        if not target.isValid():
            raise QgsProcessingException(
                self.tr("The new table {0} cannot be opened.").format(table)
            )
        names = [f.name() for f in target.fields() if f.name() != "fid"]
        features = []
        for feature in source.getFeatures():
            if feedback.isCanceled():
                raise self.cancelled()
            copy = QgsFeature(target.fields())
            if geometry and feature.hasGeometry():
                copy.setGeometry(feature.geometry())
            for field_name in names:
                if source.fields().indexOf(field_name) >= 0:
                    copy[field_name] = feature[field_name]
            features.append(copy)
        ok, _ = target.dataProvider().addFeatures(features)
        if not ok:
            raise QgsProcessingException(
                self.tr("Writing {0} to the database failed: {1}").format(
                    table, "; ".join(target.dataProvider().errors()[-3:])
                )
            )
        return len(features)
