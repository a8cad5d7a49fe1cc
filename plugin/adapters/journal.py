"""The change journal table (``change_journal``) of a project GeoPackage: write rows made by
``core.editing.journal.entry``, read them back, remove rows of a rolled-back edit."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from ..core import schema
from . import project_db
from .layers import _to_qgis_value, to_python
from .postgis.redact import safe_source


def gpkg_of(layer: QgsVectorLayer) -> Path | None:
    """The GeoPackage a layer is stored in, or None (memory layer, Shapefile, database)."""
    if layer is None or layer.providerType() != "ogr":
        return None
    path = layer.source().split("|")[0]
    return Path(path) if path.lower().endswith(".gpkg") else None


def open_journal(path: str | Path) -> QgsVectorLayer:
    """The journal layer of the GeoPackage at ``path`` (the table is added if missing)."""
    project_db.ensure_journal_table(path)
    layer = QgsVectorLayer(
        project_db.layer_uri(path, schema.JOURNAL_TABLE), schema.JOURNAL_LAYER_NAME, "ogr"
    )
    if not layer.isValid():
        raise project_db.ProjectDatabaseError(f"{path}: the change journal cannot be opened")
    project_db.configure_layer(layer, schema.JOURNAL_TABLE)
    return layer


def write_rows(journal: QgsVectorLayer, rows, source_crs=None) -> list[int]:
    """Append journal rows (dicts from ``core.editing.journal.entry``); the changed land is
    transformed from ``source_crs`` to the journal's CRS. Returns the new feature ids."""
    import shapely

    transform = None
    if source_crs is not None and source_crs != journal.crs():
        transform = QgsCoordinateTransform(source_crs, journal.crs(), QgsProject.instance())
    fields = journal.fields()
    features = []
    for row in rows:
        feature = QgsFeature(fields)
        for spec in schema.JOURNAL_FIELDS:
            feature.setAttribute(spec.name, _to_qgis_value(row.get(spec.name)))
        region = row.get("geometry")
        if region is not None and not shapely.is_empty(region):
            geometry = QgsGeometry()
            geometry.fromWkb(shapely.to_wkb(region, output_dimension=2))
            geometry.convertToMultiType()
            if transform is not None:
                geometry.transform(transform)
            feature.setGeometry(geometry)
        features.append(feature)
    ok, added = journal.dataProvider().addFeatures(features)
    if not ok:
        raise project_db.ProjectDatabaseError(
            f"{safe_source(journal)}: journal rows not written: {journal.dataProvider().lastError()}"
        )
    return [f.id() for f in added]


def delete_rows(journal: QgsVectorLayer, fids) -> None:
    fids = [int(f) for f in fids]
    if fids and not journal.dataProvider().deleteFeatures(fids):
        raise project_db.ProjectDatabaseError(f"{safe_source(journal)}: journal rows not removed")


def read_rows(journal: QgsVectorLayer) -> list[dict]:
    """All journal rows as dicts (the schema's field names, plus "fid"), oldest first."""
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    rows = []
    for feature in journal.dataProvider().getFeatures(request):
        row = {"fid": feature.id()}
        for spec in schema.JOURNAL_FIELDS:
            row[spec.name] = to_python(feature[spec.name])
        rows.append(row)
    rows.sort(key=lambda r: (r[schema.JOURNAL_TIME] or _dt.datetime.min, r["fid"]))
    return rows
