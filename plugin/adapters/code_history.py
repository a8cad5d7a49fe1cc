"""Unit codes a project database has ever given out: in its saved versions and journal.

A code retired two versions ago is no longer in the current units, but it must never be
given to another unit: filed documents and enterprises' approvals still cite it. The
delineation reserves these codes as geometry-less rows of its PREVIOUS layer.
"""

from __future__ import annotations

import json
from pathlib import Path

from qgis.core import QgsFeature, QgsFeatureRequest, QgsVectorLayer

from ..core import schema
from .project_db import layer_uri


def _rows(path: Path, table: str, fields: list[str]):
    layer = QgsVectorLayer(layer_uri(path, table), table, "ogr")
    if not layer.isValid() or any(layer.fields().indexOf(f) < 0 for f in fields):
        return
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    request.setSubsetOfAttributes(fields, layer.fields())
    for feature in layer.getFeatures(request):
        yield [feature[f] for f in fields]


def _journal_codes(value) -> list[str]:
    """Codes in a journal cell: a JSON list of {code, …} or comma-separated codes."""
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return [c.strip() for c in value.split(",") if c.strip()]
    if isinstance(items, list):
        return [str(i.get("code", "")).strip() for i in items if isinstance(i, dict)]
    return []


def codes_in_history(path: str | Path | None) -> list[str]:
    """Sorted unit codes held by any saved version or named in the change journal."""
    if path is None or not Path(path).exists():
        return []
    path = Path(path)
    codes: set[str] = set()
    for (code,) in _rows(path, schema.UNIT_VERSION_TABLE, [schema.UNIT_CODE]):
        if isinstance(code, str) and code.strip():
            codes.add(code.strip())
    cells = [schema.JOURNAL_BEFORE, schema.JOURNAL_AFTER, schema.JOURNAL_RETIRED]
    for row in _rows(path, schema.JOURNAL_TABLE, cells):
        for value in row:
            codes.update(c for c in _journal_codes(value) if c)
    return sorted(codes)


def reserved_rows(codes, fields) -> list[QgsFeature]:
    """Geometry-less features of a PREVIOUS layer carrying only a code each."""
    features = []
    for code in codes:
        feature = QgsFeature(fields)
        feature[schema.UNIT_CODE] = code
        features.append(feature)
    return features
