"""外业核查 import: merge returned packages into the project database with OGR.

Every write to the project database happens in one SQLite transaction: an error (or a
cancel) leaves the database as it was. Geometry is never changed; only the review fields
listed in ``model.EDITABLE`` are, following ``core.fieldwork.merge``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from osgeo import ogr

from ..core import schema
from ..core.fieldwork import merge, model
from ..core.fieldwork.snapshot import normalise, problem_id
from ..core.values import shown_text as _text
from .field_package import MANIFEST, PACKAGE_GPKG, REVIEW_POINTS, REVIEW_POLYGONS
from .project_db import OGR_TYPES

PHOTO_ROOT = "field_photos"
REVIEW_TABLES = {REVIEW_POINTS: "field_review_points", REVIEW_POLYGONS: "field_review_polygons"}
REVIEW_TITLES = {
    REVIEW_POINTS: model.REVIEW_LAYER_NAME + "（点）",
    REVIEW_POLYGONS: model.REVIEW_LAYER_NAME + "（面）",
}
# fields compared to tell a review record already imported (the photo path is rewritten)
REVIEW_COMPARED = tuple(
    s.name for s in model.REVIEW_FIELDS if s.name not in (model.REV_PHOTO, model.REV_PACKAGE)
)
LEDGER_FIELDS = (
    schema.FieldSpec("package_id", "str", "外业包编号", "Package", 40),
    schema.FieldSpec("reviewer", "str", "核查人", "Reviewer", 50),
    schema.FieldSpec("table_name", "str", "表", "Table", 40),
    schema.FieldSpec("row_key", "str", "记录", "Record", 40),
    schema.FieldSpec("field_name", "str", "字段", "Field", 40),
    schema.FieldSpec("base_value", "str", "导出时的值", "Value at export", 0),
    schema.FieldSpec("field_value", "str", "外业值", "Field value", 0),
    schema.FieldSpec("outcome", "str", "结果", "Outcome", 10),
    schema.FieldSpec("applied_value", "str", "采用值", "Applied value", 0),
    schema.FieldSpec("office_before", "str", "内业原值", "Office value before", 0),
)
CONFLICT_STATUSES_ZH = ("待处理", "已解决")
CONFLICT_FIELDS = (
    schema.FieldSpec("conflict_id", "str", "冲突编号", "Conflict id", 40, read_only=True),
    schema.FieldSpec("table_name", "str", "表", "Table", 40, read_only=True),
    schema.FieldSpec("row_key", "str", "记录", "Record", 40, read_only=True),
    schema.FieldSpec("field_name", "str", "字段", "Field", 40, read_only=True),
    schema.FieldSpec("base_value", "str", "导出时的值", "Value at export", 0, read_only=True),
    schema.FieldSpec("office_value", "str", "内业值", "Office value", 0, read_only=True),
    schema.FieldSpec("field_values", "str", "外业值", "Field values", 0, read_only=True),
    schema.FieldSpec("packages", "str", "外业包", "Packages", 254, read_only=True),
    schema.FieldSpec(
        "status", "str", "处理状态", "Status", 6, False, {v: v for v in CONFLICT_STATUSES_ZH}
    ),
    schema.FieldSpec("resolution", "str", "采用值", "Resolved value", 0),
    schema.FieldSpec("choices", "str", "可选值", "Choices (JSON)", 0, read_only=True),
)


class FieldImportError(RuntimeError):
    pass


def _dump(value) -> str:
    return json.dumps(normalise(value), ensure_ascii=False)


def _load(text):
    return None if text in (None, "") else json.loads(text)


def read_package(folder: Path) -> dict:
    """Manifest, edited rows and review records of one returned package."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise FieldImportError(f"{folder}: no {MANIFEST}; not an EcoZoning field-review package")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    source = ogr.Open(str(folder / PACKAGE_GPKG), 0)
    if source is None:
        raise FieldImportError(f"{folder}: {PACKAGE_GPKG} cannot be opened")
    rows = {table: _rows(source.GetLayerByName(table)) for table in model.EDITABLE}
    lead_table = lead_table_of(manifest)
    if lead_table:  # the package's leads, merged into the office table they came from
        rows[lead_table] = _rows(source.GetLayerByName(model.LEAD_TABLE))
    reviews = []
    for table in (REVIEW_POINTS, REVIEW_POLYGONS):
        for values, geometry in _rows(source.GetLayerByName(table), geometry=True):
            values[model.REV_PACKAGE] = manifest["package_id"]
            reviews.append((table, values, geometry))
    return {"folder": folder, "manifest": manifest, "rows": rows, "reviews": reviews}


def lead_table_of(manifest: dict) -> str | None:
    """The project-database table of the leads a package carries (None: no leads)."""
    return manifest.get("leads_table") or None


def missing_lead_tables(database, packages) -> list[str]:
    """The lead tables named by the packages that the project database does not have."""
    wanted = {lead_table_of(p["manifest"]) for p in packages} - {None}
    if not wanted:
        return []
    datasource = ogr.Open(str(database), 0)
    if datasource is None:
        return sorted(wanted)
    return sorted(t for t in wanted if datasource.GetLayerByName(t) is None)


def _rows(layer, geometry: bool = False):
    if layer is None:
        return []
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    out = []
    layer.ResetReading()
    for feature in layer:
        values = {n: feature.GetField(n) for n in names}
        values["fid"] = feature.GetFID()
        if geometry:
            g = feature.GetGeometryRef()
            out.append((values, None if g is None else g.Clone()))
        else:
            out.append(values)
    return out


def reviewer_of(package: dict) -> str:
    names = sorted(
        {
            str(v.get(model.REV_REVIEWER))
            for _, v, _ in package["reviews"]
            if v.get(model.REV_REVIEWER)
        }
    )
    return "、".join(names)


def _ensure_table(datasource, table, title, geometry_type, specs, srs):
    layer = datasource.GetLayerByName(table)
    if layer is None:
        options = [f"IDENTIFIER={title}", "FID=fid"]
        if geometry_type != ogr.wkbNone:
            options.append("GEOMETRY_NAME=geom")
        layer = datasource.CreateLayer(
            table, srs if geometry_type != ogr.wkbNone else None, geometry_type, options
        )
    _ensure_fields(layer, specs)
    return layer


def _ensure_fields(layer, specs) -> None:
    definition = layer.GetLayerDefn()
    have = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
    for s in specs:
        if s.name not in have:
            field = ogr.FieldDefn(s.name, OGR_TYPES[s.kind])
            if s.kind == "str" and s.length:
                field.SetWidth(s.length)
            layer.CreateField(field)


def _office_rows(datasource, lead_tables=()):
    """{table: {key: (fid, {field: value}, geometry)}} of the units, check problems and the
    given lead tables (keyed by lead_key)."""
    out = {}
    for table in (schema.UNIT_TABLE, schema.CHECK_TABLE, *lead_tables):
        rows = _rows(datasource.GetLayerByName(table), True)
        keyed = {}
        for values, geometry in rows:
            if table in lead_tables:
                key = normalise(values.get(model.LEAD_KEY))
            elif table == schema.CHECK_TABLE:
                key = problem_id(
                    values.get(schema.CHK_CODE),
                    values.get(schema.CHK_UNITS),
                    values.get(schema.CHK_COUNTY),
                    values.get(schema.CHK_MESSAGE),
                )
            else:
                key = normalise(values.get(schema.UNIT_CODE))
            if key is not None:
                keyed[str(key)] = (values["fid"], values, geometry)
        out[table] = keyed
    return out


def _ledger(layer) -> list:
    edits = []
    for values in _rows(layer):
        edits.append(
            merge.LedgerEdit(
                values["package_id"],
                values["reviewer"] or "",
                values["table_name"],
                values["row_key"],
                values["field_name"],
                _load(values["base_value"]),
                _load(values["field_value"]),
                values["outcome"] or "",
                _load(values["applied_value"]),
                _load(values["office_before"]),
            )
        )
    return edits


def _write_ledger(layer, ledger) -> None:
    """Replace the ledger table's rows (small: one row per field edit seen)."""
    for values in _rows(layer):
        layer.DeleteFeature(values["fid"])
    definition = layer.GetLayerDefn()
    for e in ledger:
        feature = ogr.Feature(definition)
        for name, value in (
            ("package_id", e.package),
            ("reviewer", e.reviewer),
            ("table_name", e.table),
            ("row_key", e.key),
            ("field_name", e.field),
            ("base_value", _dump(e.base)),
            ("field_value", _dump(e.value)),
            ("outcome", e.outcome),
            ("applied_value", _dump(e.applied_value)),
            ("office_before", _dump(e.office_before)),
        ):
            feature.SetField(name, value)
        layer.CreateFeature(feature)


def conflict_id(*parts) -> str:
    return "C" + hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:11].upper()


class Merger:
    """One import: read the office database, merge the packages, write everything back."""

    def __init__(self, database: Path, log=None):
        self.database = Path(database)
        self.root = self.database.parent
        self.log = log or (lambda reason, *args: None)

    def run(self, packages: list[dict], cancelled=lambda: False) -> merge.MergeResult:
        datasource = ogr.Open(str(self.database), 1)
        if datasource is None:
            raise FieldImportError(f"{self.database} cannot be opened for writing")
        srs = datasource.GetLayerByName(schema.UNIT_TABLE).GetSpatialRef()
        if datasource.StartTransaction() != 0:
            raise FieldImportError(f"{self.database}: no transaction")
        copied = []
        try:
            result = self._merge(datasource, srs, packages, copied)
            if cancelled():
                raise FieldImportError("cancelled")
            datasource.CommitTransaction()
        except BaseException:
            datasource.RollbackTransaction()
            for path in copied:
                path.unlink(missing_ok=True)
            raise
        finally:
            datasource = None
        return result

    def _merge(self, datasource, srs, packages, copied) -> merge.MergeResult:
        units = datasource.GetLayerByName(schema.UNIT_TABLE)
        _ensure_fields(units, model.UNIT_REVIEW_FIELDS)
        ledger_layer = _ensure_table(
            datasource, model.EDIT_LOG_TABLE, "外业修改记录", ogr.wkbNone, LEDGER_FIELDS, srs
        )
        conflicts = _ensure_table(
            datasource,
            model.CONFLICT_TABLE,
            model.CONFLICT_LAYER_NAME,
            ogr.wkbMultiPolygon,
            CONFLICT_FIELDS,
            srs,
        )
        reviews = {
            table: _ensure_table(
                datasource,
                REVIEW_TABLES[table],
                REVIEW_TITLES[table],
                ogr.wkbPoint if table == REVIEW_POINTS else ogr.wkbMultiPolygon,
                model.REVIEW_FIELDS,
                srs,
            )
            for table in REVIEW_TABLES
        }
        lead_tables = sorted({lead_table_of(p["manifest"]) for p in packages} - {None})
        office = _office_rows(datasource, lead_tables)
        edits, log = [], []
        for package in packages:
            manifest = package["manifest"]
            reviewer = reviewer_of(package)
            for table, snapshot in manifest["snapshot"].items():
                found, skipped = merge.edits_from_package(
                    manifest["package_id"],
                    reviewer,
                    table,
                    snapshot,
                    package["rows"].get(table, []),
                )
                edits += found
                log += skipped
        office_values = {
            (table, key, name): values.get(name)
            for table, rows in office.items()
            for key, (_, values, _) in rows.items()
            for name in model.editable_fields(table)
        }
        old_ledger = _ledger(ledger_layer)
        result = merge.merge_edits(old_ledger, edits, office_values)
        result.log[:0] = log
        self._apply(datasource, office, result)
        if result.ledger != old_ledger:
            _write_ledger(ledger_layer, result.ledger)
        self._reviews(reviews, conflicts, packages, result, copied)
        self._conflicts(conflicts, office, result)
        return result

    def _apply(self, datasource, office, result) -> None:
        for d in result.decisions:
            entry = office[d.table].get(d.key)
            if entry is None or normalise(entry[1].get(d.field)) == d.office_value:
                continue
            layer = datasource.GetLayerByName(d.table)
            feature = layer.GetFeature(entry[0])
            if d.office_value is None:
                feature.SetFieldNull(d.field)
            else:
                feature.SetField(d.field, d.office_value)
            layer.SetFeature(feature)
            entry[1][d.field] = d.office_value

    def _reviews(self, layers, conflicts, packages, result, copied) -> None:
        existing, geometry_of, tables = {}, {}, {}
        for layer in layers.values():
            for values in _rows(layer):
                existing[values[model.REV_UUID]] = values
        recorded = {
            tuple(v["packages"].split("|", 1))
            for v in _rows(conflicts)
            if v["table_name"] == "review" and v["packages"]
        }
        incoming = []
        for package in packages:
            for table, values, geometry in package["reviews"]:
                uuid = normalise(values.get(model.REV_UUID))
                geometry_of[(package["manifest"]["package_id"], uuid)] = geometry
                tables[(package["manifest"]["package_id"], uuid)] = (table, package["folder"])
                incoming.append((package["manifest"]["package_id"], values))
        merge.merge_reviews(existing, incoming, REVIEW_COMPARED, result, recorded)
        for package_id, values in result.appended:
            uuid = normalise(values.get(model.REV_UUID))
            table, folder = tables[(package_id, uuid)]
            photo = self._copy_photo(folder, package_id, values.get(model.REV_PHOTO), copied)
            if photo is not None:
                values[model.REV_PHOTO] = photo
            _insert(layers[table], model.REVIEW_FIELDS, values, geometry_of[(package_id, uuid)])
        for package_id, uuid, office, values in result.review_conflicts:
            geometry = geometry_of[(package_id, uuid)]
            differing = [
                n for n in REVIEW_COMPARED if normalise(office.get(n)) != normalise(values.get(n))
            ]
            row = {
                "conflict_id": conflict_id("review", package_id, uuid),
                "table_name": "review",
                "row_key": uuid,
                "field_name": ",".join(differing),
                "office_value": json.dumps(
                    {n: normalise(office.get(n)) for n in differing}, ensure_ascii=False
                ),
                "field_values": json.dumps(
                    {n: normalise(values.get(n)) for n in differing}, ensure_ascii=False
                ),
                "packages": f"{package_id}|{uuid}",
                "status": "待处理",
            }
            if geometry is not None and geometry.GetDimension() == 0:
                geometry = geometry.Buffer(1.0)
            _insert(conflicts, CONFLICT_FIELDS, row, geometry)

    def _copy_photo(self, folder: Path, package_id: str, photo, copied):
        """Copy a review's photo under the project folder; its new relative path."""
        photo = normalise(photo)
        if photo is None:
            return None
        source = Path(photo) if Path(photo).is_absolute() else Path(folder) / photo
        if not source.exists():
            self.log("photo_missing", str(source))
            return None
        relative = Path(PHOTO_ROOT) / package_id / source.name
        target = self.root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied.append(target)
        return relative.as_posix()

    def _conflicts(self, layer, office, result) -> None:
        """One record per conflicting value, replaced when its values change."""
        current = {v["conflict_id"]: v for v in _rows(layer)}
        for d in result.decisions:
            cid = conflict_id(d.table, d.key, d.field)
            row = {
                "conflict_id": cid,
                "table_name": d.table,
                "row_key": d.key,
                "field_name": d.field,
                "base_value": _text(d.base),
                "office_value": _text(d.office_own),
                "field_values": "；".join(f"{p}（{r}）：{_text(v)}" for p, r, v in d.field_values),
                "packages": ",".join(p for p, _, _ in d.field_values),
                "status": "待处理",
                "choices": json.dumps(
                    [["office", "", d.office_own]] + [[p, r, v] for p, r, v in d.field_values],
                    ensure_ascii=False,
                ),
            }
            old = current.get(cid)
            if old is not None:
                same = all(
                    normalise(old.get(k)) == normalise(v) for k, v in row.items() if k != "status"
                )
                if same or d.outcome != merge.CONFLICT:
                    continue
                layer.DeleteFeature(old["fid"])
            if d.outcome != merge.CONFLICT:
                continue
            entry = office[d.table].get(d.key)
            geometry = None if entry is None else entry[2]
            if geometry is not None and geometry.GetDimension() == 0:  # a lead's point
                geometry = geometry.Buffer(1.0)
            _insert(layer, CONFLICT_FIELDS, row, geometry)


def _insert(layer, specs, values, geometry) -> None:
    feature = ogr.Feature(layer.GetLayerDefn())
    for s in specs:
        value = normalise(values.get(s.name))
        if value is not None:
            feature.SetField(s.name, value)
    if geometry is not None:
        g = geometry.Clone()
        if layer.GetGeomType() == ogr.wkbMultiPolygon:
            g = ogr.ForceToMultiPolygon(g)
        feature.SetGeometry(g)
    layer.CreateFeature(feature)


def verdicts_for_problems(check_layer_source: str) -> dict:
    """{problem id: (verdict, [photo paths])} from the field reviews stored beside a
    check-results layer (same GeoPackage); the latest review of a problem wins."""
    path = check_layer_source.split("|")[0]
    if not path.lower().endswith(".gpkg") or not Path(path).exists():
        return {}
    datasource = ogr.Open(path, 0)
    if datasource is None:
        return {}
    reviews = []
    for table in REVIEW_TABLES.values():
        reviews += [v for v, _ in _rows(datasource.GetLayerByName(table), True)]
    found: dict = {}
    for values in sorted(reviews, key=lambda v: str(v.get(model.REV_TIME) or "")):
        if values.get(model.REV_TARGET_KIND) != "problem" or not values.get(model.REV_TARGET):
            continue
        verdict, photos = found.get(values[model.REV_TARGET], (None, []))
        if values.get(model.REV_PHOTO):
            photos = [*photos, values[model.REV_PHOTO]]
        found[values[model.REV_TARGET]] = (values.get(model.REV_VERDICT) or verdict, photos)
    return found


def open_conflicts(database) -> list[dict]:
    """The conflicts still to resolve (status 待处理) of a project database."""
    datasource = ogr.Open(str(database), 0)
    layer = None if datasource is None else datasource.GetLayerByName(model.CONFLICT_TABLE)
    if layer is None:
        return []
    rows = [v for v in _rows(layer) if v.get("status") != CONFLICT_STATUSES_ZH[1]]
    for row in rows:
        row["choices"] = _load(row.get("choices")) or []
    return rows


def resolve_conflict(database, conflict_id: str, value) -> None:
    """Write the chosen value to the unit or problem and close the conflict, atomically.

    A review-record conflict is closed keeping the office record (``value`` ignored).
    """
    datasource = ogr.Open(str(database), 1)
    if datasource is None:
        raise FieldImportError(f"{database} cannot be opened for writing")
    conflicts = datasource.GetLayerByName(model.CONFLICT_TABLE)
    conflicts.SetAttributeFilter(f"conflict_id = '{conflict_id}'")
    conflict = conflicts.GetNextFeature()
    conflicts.SetAttributeFilter(None)
    if conflict is None:
        raise FieldImportError(f"conflict {conflict_id} not found")
    datasource.StartTransaction()
    try:
        table = conflict.GetField("table_name")
        if table in model.EDITABLE or _is_lead_table(datasource, table):
            leads = () if table in model.EDITABLE else (table,)
            entry = _office_rows(datasource, leads)[table].get(conflict.GetField("row_key"))
            if entry is None:
                raise FieldImportError(f"{table} {conflict.GetField('row_key')} no longer exists")
            layer = datasource.GetLayerByName(table)
            feature = layer.GetFeature(entry[0])
            name = conflict.GetField("field_name")
            if normalise(value) is None:
                feature.SetFieldNull(name)
            else:
                feature.SetField(name, value)
            layer.SetFeature(feature)
            conflict.SetField("resolution", "" if value is None else str(value))
        conflict.SetField("status", CONFLICT_STATUSES_ZH[1])
        conflicts.SetFeature(conflict)
        datasource.CommitTransaction()
    except BaseException:
        datasource.RollbackTransaction()
        raise
    finally:
        datasource = None


def _is_lead_table(datasource, table) -> bool:
    layer = datasource.GetLayerByName(table) if table else None
    return layer is not None and layer.GetLayerDefn().GetFieldIndex(model.LEAD_KEY) >= 0


def databases_with_conflicts(sources) -> list[str]:
    """The GeoPackages among layer sources that hold a field_conflicts table."""
    found = []
    for source in sources:
        path = source.split("|")[0]
        if path in found or not path.lower().endswith(".gpkg") or not Path(path).exists():
            continue
        datasource = ogr.Open(path, 0)
        if datasource is not None and datasource.GetLayerByName(model.CONFLICT_TABLE) is not None:
            found.append(path)
    return found
