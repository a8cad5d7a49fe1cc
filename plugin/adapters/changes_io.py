"""QGIS side of the version comparison: unit and access-list frames in, layers, tables and
reports (HTML with maps rendered by QGIS, PDF) out. Shared by compareversions,
updateunits and exportfiling."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeatureSink,
    QgsFillSymbol,
    QgsRectangle,
    QgsRendererCategory,
    QgsVectorLayer,
)

from ..core import schema, tables
from ..core.changes import CHANGE_LABELS_ZH
from .fields import qgs_fields
from .layers import read_frame, write_frame

# change type -> fill colour of the change map
CHANGE_COLOURS = {
    "added": "255,127,0,170",
    "removed": "120,120,120,170",
    "geometry": "31,120,180,150",
    "reclassified": "227,26,28,170",
    "merged": "106,61,154,120",
    "split": "177,89,40,120",
    "class": "251,154,153,150",
}
UNIT_READ_FIELDS = (
    schema.UNIT_CODE,
    schema.UNIT_NAME,
    schema.UNIT_CLASS,
    schema.UNIT_COUNTY,
    schema.UNIT_COUNTY_CODE,
)


class UnitFieldsMissing(ValueError):
    """The unit layer lacks required fields (their schema names in ``args[0]``)."""


def read_units(source, work_crs, context, feedback=None, fields=UNIT_READ_FIELDS):
    """A unit source as a frame with schema column names (field variants recognised)."""
    mapping = schema.guess_field_mapping(source.fields().names())
    missing = [
        name
        for name in (schema.UNIT_CODE, schema.UNIT_CLASS, schema.UNIT_COUNTY_CODE)
        if name not in mapping
    ]
    if missing:
        raise UnitFieldsMissing(", ".join(missing))
    wanted = {name: mapping[name] for name in fields if name in mapping}
    frame = read_frame(
        source, work_crs, list(wanted.values()), context.transformContext(), feedback
    )
    frame = frame.rename(columns={v: k for k, v in wanted.items()})
    for name in fields:
        if name not in frame:
            frame[name] = ""
    frame[schema.UNIT_COUNTY_CODE] = [
        schema.normalise_county_code(v) or ("" if v is None else str(v))
        for v in frame[schema.UNIT_COUNTY_CODE]
    ]
    return frame


def read_access_list(source, feedback=None):
    """An access-list table as a frame with schema column names (no geometry)."""
    names = source.fields().names()
    wanted = [s.name for s in schema.ACCESS_LIST_FIELDS if s.name in names]
    return read_frame(source, None, wanted, None, feedback, with_geometry=False)


def changes_layer(frame, crs) -> QgsVectorLayer:
    """A memory layer of the change rows (for maps), styled by change type."""
    layer = QgsVectorLayer(f"MultiPolygon?crs={crs.authid()}", "单元变化", "memory")
    layer.dataProvider().addAttributes(qgs_fields(tables.CHANGES).toList())
    layer.updateFields()
    sink = _ProviderSink(layer)
    write_frame(sink, frame, layer.fields())
    layer.updateExtents()
    categories = []
    for change, colour in CHANGE_COLOURS.items():
        symbol = QgsFillSymbol.createSimple(
            {"color": colour, "outline_color": "40,40,40", "outline_width": "0.3"}
        )
        categories.append(QgsRendererCategory(change, symbol, CHANGE_LABELS_ZH[change]))
    layer.setRenderer(QgsCategorizedSymbolRenderer("change", categories))
    return layer


class _ProviderSink:
    """A feature sink writing into a memory layer's provider (for write_frame)."""

    def __init__(self, layer):
        self.provider = layer.dataProvider()

    def addFeature(self, feature, flags=QgsFeatureSink.Flag.FastInsert):  # noqa: N802
        return self.provider.addFeatures([feature])[0]


def units_layer(frame, crs, name="环境管控单元") -> QgsVectorLayer:
    """A memory unit layer styled by class (background of the change maps)."""
    from .project_db import style_unit_layer

    layer = QgsVectorLayer(f"MultiPolygon?crs={crs.authid()}", name, "memory")
    fields = qgs_fields(schema.UNIT_FIELDS)
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    columns = [c for c in frame.columns if c in fields.names() or c == "geometry"]
    write_frame(_ProviderSink(layer), frame[columns], layer.fields())
    layer.updateExtents()
    style_unit_layer(layer)
    return layer


def write_report(folder, result, new_units, work_crs, title, header_rows=(), pdf=True) -> dict:
    """HTML (and PDF) report with a map of all changes and one per county with changes.

    Returns {"html": path, "pdf": path or None, "map_errors": [...]}."""
    import shapely

    from ..core.changes import report_html
    from .report_pdf import html_to_pdf, render_map_png

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    maps, errors = [], []
    changes = result.changes
    if len(changes):
        layers = [changes_layer(changes, work_crs), units_layer(new_units, work_crs)]
        extents = [("全域变化图", None)]
        extents += [(f"{c} 变化图", c) for c in sorted(changes["county_code"].unique())[:12]]
        for k, (caption, county) in enumerate(extents):
            rows = changes if county is None else changes[changes["county_code"] == county]
            if county is None:
                geoms = new_units["geometry"].to_numpy()
            else:
                geoms = rows["geometry"].to_numpy()
            xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
            margin = max(xmax - xmin, ymax - ymin, 2000.0) * 0.08
            extent = QgsRectangle(xmin - margin, ymin - margin, xmax + margin, ymax + margin)
            name = f"change_map_{k}.png"
            try:
                render_map_png(layers, extent, work_crs, folder / name, caption)
                maps.append((caption, name))
            except RuntimeError as error:
                errors.append(str(error))
    page = report_html(result, title, maps, header_rows)
    html_path = folder / "change_report.html"
    html_path.write_text(page, encoding="utf-8")
    pdf_path = None
    if pdf:
        pdf_path = html_to_pdf(page, folder / "change_report.pdf", folder)
    return {"html": html_path, "pdf": pdf_path, "map_errors": errors}
