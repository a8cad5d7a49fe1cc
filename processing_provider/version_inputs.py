"""The version metadata the version algorithms share: its parameters (id, title, 文号,
dates, type, reason), the dates read from them and the messages of a VersionError.
Strings are translated in the context "VersionMessages"."""

from __future__ import annotations

import datetime as _dt

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..plugin.core import schema

DATE_PARAMETERS = (
    ("COMPILED_ON", schema.VERSION_COMPILED),
    ("PUBLISHED_ON", schema.VERSION_PUBLISHED),
    ("FILED_ON", schema.VERSION_FILED),
)
TEXT_PARAMETERS = (
    ("TITLE", schema.VERSION_TITLE),
    ("DOC_NUMBER", schema.VERSION_DOC),
    ("AUTHOR", schema.VERSION_AUTHOR),
    ("NOTE", schema.VERSION_NOTE),
)


def add_version_parameters(algorithm, kind_required: bool) -> None:
    """VERSION_ID, the register's text and date fields, KIND and REASON: the version
    metadata that saveversion records and exportfiling writes into its metadata sheet."""
    algorithm.addParameter(
        QgsProcessingParameterString(
            "VERSION_ID", QCoreApplication.translate("VersionMessages", "Version id")
        )
    )
    labels = {
        "TITLE": QCoreApplication.translate("VersionMessages", "Title"),
        "DOC_NUMBER": QCoreApplication.translate("VersionMessages", "Document number (文号)"),
        "COMPILED_ON": QCoreApplication.translate("VersionMessages", "Compiled on (YYYY-MM-DD)"),
        "PUBLISHED_ON": QCoreApplication.translate("VersionMessages", "Published on (YYYY-MM-DD)"),
        "FILED_ON": QCoreApplication.translate("VersionMessages", "Filed on (YYYY-MM-DD)"),
        "AUTHOR": QCoreApplication.translate("VersionMessages", "Compiled by"),
        "NOTE": QCoreApplication.translate("VersionMessages", "Note"),
    }
    for key, label in labels.items():
        algorithm.addParameter(QgsProcessingParameterString(key, label, optional=True))
    kinds = list(schema.VERSION_KINDS_ZH)
    kind = (
        QgsProcessingParameterEnum(
            "KIND", QCoreApplication.translate("VersionMessages", "Type"), kinds, defaultValue=0
        )
        if kind_required
        else QgsProcessingParameterEnum(
            "KIND", QCoreApplication.translate("VersionMessages", "Type"), kinds, optional=True
        )
    )
    algorithm.addParameter(kind)
    algorithm.addParameter(
        QgsProcessingParameterEnum(
            "REASON",
            QCoreApplication.translate("VersionMessages", "Reason"),
            list(schema.VERSION_REASONS_ZH),
            optional=True,
        )
    )


def version_error_text(algorithm, error) -> str:
    """The translated message for a versions.VersionError."""
    values = error.values
    texts = {
        "no_id": QCoreApplication.translate("VersionMessages", "Give the version an id."),
        "exists": QCoreApplication.translate(
            "VersionMessages", "Version {0} already exists; versions are never overwritten."
        ),
        "not_database": QCoreApplication.translate(
            "VersionMessages", "{0} is not a GeoPackage project database."
        ),
        "no_table": QCoreApplication.translate(
            "VersionMessages", "The project database {0} has no table {1}."
        ),
        "write_failed": QCoreApplication.translate(
            "VersionMessages", "Writing table {0} failed; nothing was saved."
        ),
        "cancelled": QCoreApplication.translate("VersionMessages", "Cancelled: nothing was saved."),
        "unknown_version": QCoreApplication.translate(
            "VersionMessages", "The project database has no version {0}."
        ),
        "no_version_on": QCoreApplication.translate(
            "VersionMessages", "No version was in force on {0}."
        ),
    }
    text = texts.get(error.kind, error.kind)
    args = [values.get(k) for k in ("version", "path", "table", "day") if values.get(k) is not None]
    return text.format(*args)


def parse_date(algorithm, key, text) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "VersionMessages", "{0}: '{1}' is not a date (YYYY-MM-DD)."
            ).format(key, text)
        ) from None
