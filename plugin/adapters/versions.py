"""The version register of a project database: save a version (units, access list and
regions as snapshots), list versions, open any version (or the one in force on a date)
as layers.

Snapshots are rows of the ``*_versions`` tables carrying the version id (``BBH``);
saving appends rows and the register row last, and removes its own rows again when
anything fails, so a version is either complete or absent, and older versions are
never touched.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from osgeo import ogr
from qgis.core import QgsFeature, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime

from ..core import schema
from .fields import qgs_fields
from .layers import read_frame, to_python, write_frame
from .project_db import VERSION_TABLES, add_tables, layer_uri


class VersionError(ValueError):
    """A user error about versions (message in ``args[0]``, kind in ``kind``)."""

    def __init__(self, kind: str, **values):
        super().__init__(kind)
        self.kind = kind
        self.values = values


SNAPSHOTS = {
    "units": (schema.UNIT_VERSION_TABLE, schema.UNIT_FIELDS),
    "access_list": (schema.ACCESS_LIST_VERSION_TABLE, schema.ACCESS_LIST_FIELDS),
    "regions": (schema.REGION_VERSION_TABLE, schema.REGION_FIELDS),
}


def ensure_tables(path: str | Path) -> None:
    """Create the register and snapshot tables in a database made before they existed."""
    datasource = ogr.Open(str(path), 1)
    if datasource is None:
        raise VersionError("not_database", path=str(path))
    present = {datasource.GetLayer(i).GetName() for i in range(datasource.GetLayerCount())}
    missing = [t for t in VERSION_TABLES if t[0] not in present]
    if missing:
        units = datasource.GetLayerByName(schema.UNIT_TABLE)
        srs = units.GetSpatialRef() if units is not None else None
        add_tables(datasource, srs, missing)
        datasource.FlushCache()
    datasource = None


def _layer(path, table: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(layer_uri(path, table), table, "ogr")
    if not layer.isValid():
        raise VersionError("no_table", path=str(path), table=table)
    return layer


def list_versions(path: str | Path) -> list[dict]:
    """The register's rows (dates as ISO text), in saving order."""
    ensure_tables(path)
    layer = _layer(path, schema.VERSION_TABLE)
    names = schema.field_names(schema.VERSION_FIELDS)
    rows = []
    for feature in layer.getFeatures():
        row = {n: to_python(feature[n]) for n in names}
        for key, value in row.items():
            if isinstance(value, (_dt.date, _dt.datetime)):
                row[key] = value.isoformat()
        rows.append(row)
    return rows


def _register_feature(layer: QgsVectorLayer, meta: dict) -> QgsFeature:
    feature = QgsFeature(layer.fields())
    for spec in schema.VERSION_FIELDS:
        value = meta.get(spec.name)
        if spec.kind == "date" and isinstance(value, str) and value:
            value = _dt.date.fromisoformat(value[:10])
        if value is not None and value != "":
            feature[spec.name] = write_value(value)
    feature[schema.VERSION_SAVED] = write_value(_dt.datetime.now().replace(microsecond=0))
    return feature


def write_value(value):
    if isinstance(value, _dt.datetime):
        return QDateTime(value)
    if isinstance(value, _dt.date):
        return QDate(value)
    return value


def _remove_version(path, version_id: str) -> None:
    for table, _ in SNAPSHOTS.values():
        layer = _layer(path, table)
        layer.setSubsetString(f"\"{schema.VERSION_KEY}\" = '{_quote(version_id)}'")
        ids = [f.id() for f in layer.getFeatures()]
        layer.setSubsetString("")
        if ids:
            layer.dataProvider().deleteFeatures(ids)


def _quote(text: str) -> str:
    return str(text).replace("'", "''")


def save_version(path, meta: dict, frames: dict, feedback=None) -> dict:
    """Append a version: ``frames`` {"units"|"access_list"|"regions": frame with schema
    columns (units and regions with "geometry" in the database CRS)}. Returns row counts."""
    ensure_tables(path)
    version_id = str(meta.get(schema.VERSION_ID) or "").strip()
    if not version_id:
        raise VersionError("no_id")
    if any(row[schema.VERSION_ID] == version_id for row in list_versions(path)):
        raise VersionError("exists", version=version_id)
    counts = {}
    try:
        for key, frame in frames.items():
            if frame is None:
                continue
            table, specs = SNAPSHOTS[key]
            layer = _layer(path, table)
            frame = frame.drop(columns="fid", errors="ignore")  # the source's ids, not ours
            frame[schema.VERSION_KEY] = version_id
            appender = _Appender(layer)
            counts[key] = write_frame(appender, frame, layer.fields(), feedback=feedback)
            appender.flush()
            if feedback is not None and feedback.isCanceled():
                raise VersionError("cancelled")
        register = _layer(path, schema.VERSION_TABLE)
        ok, _ = register.dataProvider().addFeatures([_register_feature(register, meta)])
        if not ok:
            raise VersionError("write_failed", table=schema.VERSION_TABLE)
    except BaseException:
        _remove_version(path, version_id)
        raise
    return counts


class _Appender:
    """A feature sink for write_frame collecting features, written in one batch by flush()."""

    def __init__(self, layer: QgsVectorLayer):
        self.layer = layer
        self.features = []

    def addFeature(self, feature, flags=None):  # noqa: N802
        self.features.append(QgsFeature(feature))
        return True

    def flush(self) -> None:
        if self.features:
            ok, _ = self.layer.dataProvider().addFeatures(self.features)
            if not ok:
                raise VersionError("write_failed", table=self.layer.name())
        self.features = []


def version_layer(path, version_id: str, key: str = "units") -> QgsVectorLayer:
    """The snapshot rows of one version as a (filtered) layer of the database."""
    table, _ = SNAPSHOTS[key]
    titles = {
        "units": schema.UNIT_LAYER_NAME,
        "access_list": schema.ACCESS_LIST_TABLE_NAME,
        "regions": schema.REGION_LAYER_NAME,
    }
    layer = QgsVectorLayer(layer_uri(path, table), f"{titles[key]}（{version_id}）", "ogr")
    layer.setSubsetString(f"\"{schema.VERSION_KEY}\" = '{_quote(version_id)}'")
    return layer


def version_frame(path, version_id: str, key: str = "units", dest_crs=None):
    """One version's snapshot as a frame with schema columns (no version column)."""
    layer = version_layer(path, version_id, key)
    _, specs = SNAPSHOTS[key]
    names = schema.field_names(specs)
    frame = read_frame(layer, dest_crs, names, with_geometry=key != "access_list")
    return frame.drop(columns="fid")


def snapshot_fields(key: str):
    return qgs_fields(SNAPSHOTS[key][1])


def database_crs(path):
    """The CRS of the database's unit snapshots (the project CRS)."""
    return _layer(path, schema.UNIT_VERSION_TABLE).crs()


def resolve_version(path, version_id: str | None, day: str | None) -> str:
    """The version asked for by id, or the one in force on ``day``."""
    rows = list_versions(path)
    if version_id:
        if not any(r[schema.VERSION_ID] == version_id for r in rows):
            raise VersionError("unknown_version", version=version_id)
        return version_id
    found = schema.version_as_of(rows, day or _dt.date.today().isoformat())
    if found is None:
        raise VersionError("no_version_on", day=day)
    return found
