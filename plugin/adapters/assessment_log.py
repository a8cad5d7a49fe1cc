"""Where the 准入研判 panel logs its assessments: the project database of the unit layer,
else the database saved in the QGIS project (entry ``EcoZoning/assessment_log``)."""

from __future__ import annotations

from pathlib import Path

from .project_db import ProjectDatabaseError, append_log, database_of

SCOPE, KEY = "EcoZoning", "assessment_log"


def log_database(project, unit_layer) -> Path | None:
    path = database_of(unit_layer)
    if path is not None:
        return path
    saved, ok = project.readEntry(SCOPE, KEY, "")
    return Path(saved) if ok and saved and Path(saved).is_file() else None


def set_log_database(project, path) -> None:
    project.writeEntry(SCOPE, KEY, str(path) if path else "")


def log_result(path, result) -> str | None:
    """Append a panel result to the log database ``path`` (nothing when None): the error
    text, or None."""
    from ..core.supervision.assessment_log import compliance_rows

    if path is None:
        return None
    try:
        append_log(path, compliance_rows(result, "panel"))
    except ProjectDatabaseError as error:
        return str(error)
    return None
