"""发布工程库到 PostGIS: copy the project GeoPackage into a PostGIS schema, replace it there, or
update it in place."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ..base import EcoZoningAlgorithm


class PublishProject(EcoZoningAlgorithm):
    NAME = "publishproject"
    GROUP = "project"
    NEEDS_CORE = False

    INPUT = "INPUT"
    DATABASE = "DATABASE"
    SCHEMA = "SCHEMA"
    IF_EXISTS = "IF_EXISTS"

    def displayName(self):  # noqa: N802
        return self.tr("Publish project database to PostGIS")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Copies the project database (units, access list, check results, access-list "
            "regions, assessment log, versions with their snapshots, change journal) into a "
            "schema of a PostGIS database saved in QGIS, with the same fields, feature ids, "
            "primary keys and spatial indexes. The tables are written to a new schema first, so "
            "a failed or cancelled run leaves the target as it was. An existing schema is left "
            "alone unless asked: replaced (only if it holds nothing but EcoZoning tables), or "
            "updated in place in one transaction — rows gone from the project database are "
            "deleted, changed rows updated, new rows added — which keeps the schema's grants, "
            "views and other tables and the rows that did not change."
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
            QgsProcessingParameterEnum(
                self.IF_EXISTS,
                self.tr("If the schema exists"),
                [
                    self.tr("Stop"),
                    self.tr("Replace it"),
                    self.tr("Update it in place"),
                ],
                defaultValue=0,
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...plugin.adapters.postgis import connection, publish

        path = self.parameterAsFile(parameters, self.INPUT, context)
        name = self.parameterAsConnectionName(parameters, self.DATABASE, context)
        target = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        existing = self.parameterAsEnum(parameters, self.IF_EXISTS, context)
        if not target:
            raise QgsProcessingException(self.tr("Give the schema to publish to."))
        sources = {}
        try:
            with connection.processing_errors(publish.PublishError):
                db = connection.saved_connection(name)
                exists = publish.check_target(db, target, existing)
                sources.update(publish.open_sources(path))
                self._publish(db, sources, target, existing, exists, feedback)
        except publish.Cancelled:
            raise self.cancelled() from None
        finally:
            # no GeoPackage layer may outlive the run in a traceback: QGIS would destroy
            # it after its own shutdown and crash on exit
            sources.clear()
        feedback.pushInfo(self.tr("Published to schema {0}.").format(target))
        return {self.SCHEMA: target}

    def _publish(self, db, sources, target, existing, exists, feedback):
        """Stage every table, then swap the staging schema in or update the target from it."""
        from ...plugin.adapters.postgis import connection, publish, publish_sql

        for table, source in sources.items():
            if source is None:
                feedback.pushInfo(
                    self.tr("{0}: not in this project database, published empty.").format(table)
                )
        staging = publish.new_staging(db)
        try:
            srid = sources["units"].crs().postgisSrid()
            staged = publish.stage(
                db, staging, sources, srid, feedback.isCanceled, feedback.setProgress
            )
            self.stop_if_cancelled(feedback)
            if exists and existing == publish.UPDATE:
                changes = publish.update_in_place(db, staging, target, staged)
                for table, (deleted, updated, inserted) in changes.items():
                    feedback.pushInfo(
                        self.tr("{0}: {1} rows deleted, {2} updated, {3} added").format(
                            table, deleted, updated, inserted
                        )
                    )
                return
            replace = exists and existing == publish.REPLACE
            connection.execute(db, publish_sql.swap_schema(staging, target, replace))
            staging = None
            for s in staged:
                feedback.pushInfo(self.tr("{0}: {1} rows").format(s.table, s.rows))
        finally:
            if staging is not None:
                self._drop_staging(db, staging, feedback)

    def _drop_staging(self, db, staging, feedback):
        from ...plugin.adapters.postgis import connection, publish

        try:
            publish.drop_staging(db, staging)
        except connection.PostgisError:
            feedback.reportError(
                self.tr("The staging schema {0} could not be removed.").format(staging)
            )
