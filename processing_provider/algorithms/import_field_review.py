"""外业核查导入: merge returned field-review packages into the project database."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
)

from ...plugin.adapters.fields import qgs_fields
from ...plugin.compat import SourceType, WkbType
from ...plugin.core import tables
from ..base import EcoZoningAlgorithm


class ImportFieldReview(EcoZoningAlgorithm):
    NAME = "importfieldreview"
    GROUP = "fieldwork"
    NEEDS_CORE = False

    DATABASE = "DATABASE"
    PACKAGES = "PACKAGES"
    OUTPUT_LOG = "OUTPUT_LOG"
    APPENDED = "APPENDED"
    APPLIED = "APPLIED"
    CONFLICTS = "CONFLICTS"
    SKIPPED = "SKIPPED"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Import field reviews")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Merges one or more returned field-review packages (their folder, manifest.json "
            "or project file) into the project database, in any order. New review records "
            "are appended by UUID; a changed review field of a unit, check problem or "
            "supervision lead (status and note, matched by lead_key) is "
            "applied where the office value is unchanged since export; where both changed, "
            "or reviewers disagree, nothing is overwritten and the value goes to the "
            "field_conflicts layer with every value. Photos are copied under "
            "field_photos/ beside the database. Importing a package again changes nothing. "
            "All or nothing: an error leaves the database as it was."
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
            QgsProcessingParameterMultipleLayers(
                self.PACKAGES,
                self.tr("Returned packages (manifest.json or project file)"),
                SourceType.File,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_LOG,
                self.tr("Import log"),
                SourceType.Vector,
                optional=True,
                createByDefault=True,
            )
        )
        for key, label in (
            (self.APPENDED, self.tr("Review records appended")),
            (self.APPLIED, self.tr("Field edits applied")),
            (self.CONFLICTS, self.tr("Conflicts")),
            (self.SKIPPED, self.tr("Skipped")),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...plugin.adapters import field_import

        database = Path(self.parameterAsFile(parameters, self.DATABASE, context))
        if not database.exists():
            raise QgsProcessingException(
                self.tr("The project database {0} does not exist.").format(database)
            )
        paths = self.parameterAsFileList(parameters, self.PACKAGES, context)
        if not paths:
            raise QgsProcessingException(self.tr("Choose at least one returned package."))
        packages = []
        for path in paths:
            folder = Path(path) if Path(path).is_dir() else Path(path).parent
            try:
                packages.append(field_import.read_package(folder))
            except (field_import.FieldImportError, ValueError, KeyError) as error:
                raise QgsProcessingException(
                    self.tr("Package {0} cannot be read: {1}").format(folder, error)
                ) from None

        missing = field_import.missing_lead_tables(database, packages)
        if missing:
            raise QgsProcessingException(
                self.tr(
                    "The packages carry supervision leads of table {0}, which the project "
                    "database {1} does not have; nothing was imported."
                ).format(", ".join(missing), database)
            )

        def warn(reason, *args):
            feedback.pushWarning(self._reasons()[reason].format(*args))

        merger = field_import.Merger(database, warn)
        try:
            result = merger.run(packages, feedback.isCanceled)
        except field_import.FieldImportError as error:
            raise QgsProcessingException(
                self.tr("Nothing was imported: {0}").format(error)
            ) from None
        return self._report(parameters, context, feedback, result)

    def _reasons(self) -> dict:
        """Translated texts of the merge's reasons (core.fieldwork.merge.REASONS_EN)."""
        return {
            "not_exported": self.tr("row not in the package's snapshot"),
            "deleted_in_field": self.tr("row deleted in the field (ignored)"),
            "already_imported": self.tr("already imported"),
            "conflict_recorded": self.tr("conflict already recorded"),
            "no_uuid": self.tr("review record without uuid"),
            "review_differs": self.tr("review record differs from the office's copy"),
            "applied": "{0} → {1}",
            "agreed": self.tr("the office already has {0}"),
            "conflict": self.tr("office value {0}; field values {1}"),
            "appended": "",
            "photo_missing": self.tr("Photo file missing, record kept without it: {0}"),
        }

    def _outcomes(self) -> dict:
        return {
            "appended": self.tr("appended"),
            "applied": self.tr("applied"),
            "conflict": self.tr("conflict"),
            "skipped": self.tr("skipped"),
            "agreed": self.tr("agreed"),
        }

    def _report(self, parameters, context, feedback, result):
        counts = result.counts()
        reasons, outcomes = self._reasons(), self._outcomes()
        sink, dest = self.parameterAsSink(
            parameters,
            self.OUTPUT_LOG,
            context,
            qgs_fields(tables.FIELD_REVIEW_LOG),
            WkbType.NoGeometry,
        )
        for entry in result.log:
            outcome = outcomes.get(entry.outcome, entry.outcome)
            detail = reasons.get(entry.reason, entry.reason).format(*entry.args)
            feedback.pushInfo(
                f"{entry.package} {entry.table} {entry.key} {entry.field} {outcome} {detail}"
            )
            if sink is not None:
                feature = QgsFeature()
                feature.setAttributes(
                    [entry.package, entry.table, entry.key, entry.field, outcome, detail]
                )
                sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        feedback.pushInfo(
            self.tr("Appended {0}, applied {1}, conflicts {2}, skipped {3}.").format(
                counts["appended"], counts["applied"], counts["conflict"], counts["skipped"]
            )
        )
        return {
            self.OUTPUT_LOG: dest,
            self.APPENDED: counts["appended"],
            self.APPLIED: counts["applied"],
            self.CONFLICTS: counts["conflict"],
            self.SKIPPED: counts["skipped"],
        }
