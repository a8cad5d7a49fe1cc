"""成果备案包导入: read a filing package back, verify its checksums, keep it as a version."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ...plugin.compat import SourceType, WkbType
from ...plugin.core import schema
from ..base import EcoZoningAlgorithm
from ..outputs import OutputsMixin
from ..version_inputs import version_error_text


class ImportFiling(OutputsMixin, EcoZoningAlgorithm):
    NAME = "importfiling"
    GROUP = "filing"

    PACKAGE = "PACKAGE"
    DATABASE = "DATABASE"
    VERSION_ID = "VERSION_ID"
    OUTPUT_UNITS = "OUTPUT_UNITS"
    VERSION = "VERSION"
    QC_STATUS = "QC_STATUS"

    def displayName(self):  # noqa: N802
        return self.tr("Import filing package")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Reads a filing package (its zip, or the manifest-sha256.txt of an unpacked "
            "package), verifies every SHA-256 checksum of the manifest, and saves the package's "
            "units, access list and regions as a version in the project database's register, "
            "with the package's metadata, so that it can be opened and compared with other "
            "versions. A package with a missing, changed or unlisted file is refused, naming the "
            "files. The version id is the package's unless another is given."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.PACKAGE,
                self.tr("Filing package (zip or manifest-sha256.txt)"),
                fileFilter=self.tr("Filing packages (*.zip manifest-sha256.txt)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(self.DATABASE, self.tr("Project database"), extension="gpkg")
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.VERSION_ID, self.tr("Version id (default: the package's)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_UNITS,
                self.tr("Units of the package"),
                SourceType.VectorPolygon,
                optional=True,
                createByDefault=True,
            )
        )
        self.addOutput(QgsProcessingOutputString(self.VERSION, self.tr("Version")))
        self.addOutput(QgsProcessingOutputString(self.QC_STATUS, self.tr("Quality check")))

    def verify(self, folder: Path) -> None:
        from ...plugin.core import filing

        problems = filing.verify_manifest(folder)
        if not problems:
            return
        labels = {
            "no_manifest": self.tr("no manifest"),
            "missing": self.tr("missing"),
            "mismatch": self.tr("checksum differs"),
            "unlisted": self.tr("not in the manifest"),
            "bad_line": self.tr("unreadable manifest line"),
        }
        listed = "; ".join(f"{name} ({labels[kind]})" for kind, name in problems[:20])
        raise QgsProcessingException(
            self.tr("The package does not match its manifest; nothing was imported: {0}").format(
                listed
            )
        )

    def unpack(self, path: Path, scratch: Path) -> Path:
        from ...plugin.core import filing

        if path.name == filing.MANIFEST:
            return path.parent
        try:
            filing.safe_extract(path, scratch)
        except (ValueError, OSError, __import__("zipfile").BadZipFile) as error:
            raise QgsProcessingException(
                self.tr("{0} is not a readable filing package: {1}").format(path, error)
            ) from None
        return scratch

    def read_frames(self, folder: Path, crs) -> dict:
        from ...plugin.adapters.filing_io import read_table, table_names
        from ...plugin.core import filing

        gpkg = folder / filing.PACKAGE_GPKG
        present = table_names(gpkg)
        if schema.UNIT_TABLE not in present:
            raise QgsProcessingException(
                self.tr("The package has no unit layer ({0} in {1}).").format(
                    schema.UNIT_TABLE, filing.PACKAGE_GPKG
                )
            )
        frames = {}
        for key, table, specs, geometry in (
            ("units", schema.UNIT_TABLE, schema.UNIT_FIELDS, True),
            ("access_list", schema.ACCESS_LIST_TABLE, schema.ACCESS_LIST_FIELDS, False),
            ("regions", schema.REGION_TABLE, schema.REGION_FIELDS, True),
        ):
            if table in present:
                frame, _ = read_table(
                    gpkg, table, schema.field_names(specs), crs if geometry else None, geometry
                )
                frames[key] = frame
        return frames

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self.require_core()
        from ...plugin.adapters import versions
        from ...plugin.adapters.fields import qgs_fields
        from ...plugin.core import filing

        path = Path(self.parameterAsFile(parameters, self.PACKAGE, context))
        database = self.parameterAsFile(parameters, self.DATABASE, context)
        scratch = Path(tempfile.mkdtemp(prefix=".ecozoning-filing-"))
        try:
            folder = self.unpack(path, scratch)
            self.verify(folder)
            feedback.pushInfo(self.tr("All checksums of the manifest verified."))
            feedback.setProgress(30)
            meta = filing.read_metadata(folder)
            version = self.parameterAsString(parameters, self.VERSION_ID, context).strip()
            meta[schema.VERSION_ID] = version or meta.get(schema.VERSION_ID)
            try:
                versions.ensure_tables(database)
                crs = versions.database_crs(database)
                frames = self.read_frames(folder, crs)
                if feedback.isCanceled():
                    return {}
                counts = versions.save_version(database, meta, frames, feedback)
            except versions.VersionError as error:
                raise QgsProcessingException(version_error_text(self, error)) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        results = {self.VERSION: meta[schema.VERSION_ID], self.QC_STATUS: meta.get("qc_status")}
        fields = qgs_fields(schema.UNIT_FIELDS)
        features = self.prepare(frames["units"], fields, feedback)
        results.update(
            self.commit_outputs(
                parameters,
                context,
                feedback,
                [(self.OUTPUT_UNITS, fields, WkbType.MultiPolygon, crs, features, False)],
            )
        )
        feedback.pushInfo(
            self.tr("Package {0} saved as a version: {1} units, {2} requirements ({3}).").format(
                meta[schema.VERSION_ID],
                counts.get("units", 0),
                counts.get("access_list", 0),
                meta.get("qc_status") or "",
            )
        )
        return results
