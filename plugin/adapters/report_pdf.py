"""Maps rendered by QGIS for reports, and HTML printed to PDF.

The map is a QGIS print layout (map, legend, scale bar, north arrow) exported to
PNG in a throw-away project of cloned layers, so the user's project and layer
styles are untouched. The PDF is the report's HTML printed with Qt (no web
engine needed); Chinese renders with any CJK font installed (Noto Sans CJK on
Linux, Microsoft YaHei on Windows).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsFillSymbol,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMarginsF, QSizeF, QUrl
from qgis.PyQt.QtGui import QFont, QFontDatabase, QImage, QPageLayout, QPageSize, QTextDocument
from qgis.PyQt.QtPrintSupport import QPrinter

from ..compat import GeometryType

# In order of preference. WenQuanYi Micro Hei first: with Noto Sans CJK, Qt's PDFs map
# some characters back to Kangxi radicals (目 -> ⽬) and lose digit runs when text is
# copied or extracted, although they look right.
CJK_FONTS = ("WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun")


def cjk_font_family() -> str:
    """The first installed font of CJK_FONTS (Qt falls back by itself if none is)."""
    installed = set(QFontDatabase().families())
    return next((family for family in CJK_FONTS if family in installed), CJK_FONTS[0])


def highlight(layer: QgsVectorLayer) -> None:
    """Project footprints drawn on top in red."""
    kind = QgsWkbTypes.geometryType(layer.wkbType())
    if kind == GeometryType.Point:
        symbol = QgsMarkerSymbol.createSimple({"name": "star", "color": "220,0,0", "size": "5"})
    elif kind == GeometryType.Line:
        symbol = QgsLineSymbol.createSimple({"line_color": "220,0,0", "line_width": "1.2"})
    else:
        symbol = QgsFillSymbol.createSimple(
            {"color": "220,0,0,80", "outline_color": "220,0,0", "outline_width": "0.8"}
        )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


# constraint role -> fill, outline (RGBA)
CONSTRAINT_STYLES = {
    "red_line": ("51,160,44,150", "0,100,0"),
    "farmland": ("255,237,111,170", "200,180,60"),
    "water_source": ("31,120,180,130", "31,120,180"),
    "protected_area": ("0,0,0,0", "0,100,0"),
    "urban_boundary": ("0,0,0,0", "150,0,150"),
}


def style_constraint(layer: QgsVectorLayer, role: str | None = None) -> QgsVectorLayer:
    """A recognisable style for a constraint layer in report maps, by its role (given, or
    saved with the layer, or guessed from its name)."""
    from .compliance_data import layer_role

    if QgsWkbTypes.geometryType(layer.wkbType()) != GeometryType.Polygon:
        return layer
    fill, outline = CONSTRAINT_STYLES.get(
        role or layer_role(layer)[0], ("150,150,150,90", "90,90,90")
    )
    symbol = QgsFillSymbol.createSimple(
        {"color": fill, "outline_color": outline, "outline_width": "0.3"}
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def render_map_png(
    layers: list[QgsVectorLayer], extent: QgsRectangle, crs, path: str | Path, title: str = ""
) -> Path:
    """A 180 × 130 mm map (top layer first) with legend, scale bar and north arrow, at 150 dpi."""
    project = QgsProject()
    project.setCrs(crs)
    for layer in reversed(layers):
        project.addMapLayer(layer)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(180, 130, QgsUnitTypes.LayoutUnit.LayoutMillimeters))

    map_item = QgsLayoutItemMap(layout)
    map_item.attemptMove(QgsLayoutPoint(2, 10, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    map_item.attemptResize(QgsLayoutSize(126, 118, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    map_item.setKeepLayerSet(True)
    map_item.setExtent(_fit(extent, 126 / 118))
    map_item.setFrameEnabled(True)
    layout.addLayoutItem(map_item)

    label = QgsLayoutItemLabel(layout)
    label.setText(title)
    label.setFont(QFont(cjk_font_family(), 12))
    label.attemptMove(QgsLayoutPoint(2, 2, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    label.attemptResize(QgsLayoutSize(176, 7, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(label)

    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(map_item)
    legend.setTitle("图例")
    legend.attemptMove(QgsLayoutPoint(131, 10, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(legend)

    scale_bar = QgsLayoutItemScaleBar(layout)
    scale_bar.setStyle("Single Box")
    scale_bar.setLinkedMap(map_item)
    scale_bar.applyDefaultSize()
    scale_bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    scale_bar.setUnitLabel("km")
    scale_bar.setNumberOfSegments(2)
    scale_bar.setNumberOfSegmentsLeft(0)
    scale_bar.setUnitsPerSegment(max(_nice(extent.width() / 4000.0), 0.1))
    scale_bar.attemptMove(QgsLayoutPoint(6, 117, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(scale_bar)

    arrow = QgsLayoutItemPicture(layout)
    arrow.setPicturePath(_north_arrow())
    arrow.attemptMove(QgsLayoutPoint(116, 12, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    arrow.attemptResize(QgsLayoutSize(10, 14, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    layout.addLayoutItem(arrow)

    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 150
    path = Path(path)
    # QGIS also tries to georeference the image through GDAL, which cannot update a PNG in
    # place; the map itself is fine, so that complaint is silenced.
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        result = QgsLayoutExporter(layout).exportToImage(str(path), settings)
    finally:
        gdal.PopErrorHandler()
    for layer in layers:  # the caller's layers: the throw-away project must not delete them
        project.takeMapLayer(layer)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise RuntimeError(f"map export failed ({result})")
    return path


def _fit(extent: QgsRectangle, aspect: float) -> QgsRectangle:
    """``extent`` grown on its short side to the width/height ratio ``aspect``, same centre."""
    width, height = extent.width(), extent.height()
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    centre = extent.center()
    return QgsRectangle(
        centre.x() - width / 2,
        centre.y() - height / 2,
        centre.x() + width / 2,
        centre.y() + height / 2,
    )


def _nice(value: float) -> float:
    """1, 2 or 5 × 10^n not above ``value``."""
    import math

    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    base = value / 10**exponent
    step = 5 if base >= 5 else 2 if base >= 2 else 1
    return step * 10**exponent


def _north_arrow() -> str:
    for folder in QgsApplication.svgPaths():
        candidate = Path(folder) / "arrows" / "NorthArrow_02.svg"
        if candidate.exists():
            return str(candidate)
    return ""


def html_to_pdf(html_text: str, path: str | Path, base_folder: str | Path) -> Path:
    """Print HTML (tables, images relative to ``base_folder``) to an A4 PDF."""
    document = QTextDocument()
    document.setDefaultFont(QFont(cjk_font_family(), 10))
    document.setDefaultStyleSheet(
        "table{border-collapse:collapse} th,td{border:1px solid #999;padding:3px} th{background:#eee}"
    )
    # images are handed over as resources: relative paths with Chinese names do not resolve
    for source in re.findall(r'<img src="([^"]+)"', html_text):
        image = QImage(str(Path(base_folder) / unescape(source)))
        if not image.isNull():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(source), image)
    document.setHtml(html_text)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
        )
    )
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)
    return Path(path)


def safe_file_stem(text: str, fid: int) -> str:
    """A file name for a project's report: its id and name without path characters."""
    cleaned = re.sub(r'[\\/:*?"<>|\s]+', "_", str(text or "")).strip("_")
    return f"{fid}_{cleaned[:40]}" if cleaned else str(fid)


def footprint_layer(geometry, crs) -> QgsVectorLayer:
    """A memory layer holding one project footprint (shapely, in ``crs``), drawn in red."""
    import shapely
    from qgis.core import QgsFeature, QgsGeometry

    kind = {0: "MultiPoint", 1: "MultiLineString"}.get(
        int(shapely.get_dimensions(geometry)), "MultiPolygon"
    )
    layer = QgsVectorLayer(f"{kind}?crs={crs.authid()}", "建设项目", "memory")
    feature = QgsFeature()
    qgs_geometry = QgsGeometry()
    qgs_geometry.fromWkb(shapely.to_wkb(geometry))
    feature.setGeometry(qgs_geometry)
    layer.dataProvider().addFeatures([feature])
    highlight(layer)
    return layer


def extent_around(geometry) -> QgsRectangle:
    """A footprint's bounding box with room around it (at least 1.2 km each side)."""
    xmin, ymin, xmax, ymax = geometry.bounds
    margin = max(xmax - xmin, ymax - ymin, 2000.0) * 0.6
    return QgsRectangle(xmin - margin, ymin - margin, xmax + margin, ymax + margin)


class ReportsCancelled(Exception):
    """``is_cancelled()`` returned True between two project reports."""


def report_background(result, units_layer=None, class_field=None, constraint_layers=()) -> list:
    """Clones of the constraint layers (styled by role) and of the unit layer (styled by
    class) drawn under the footprint in every map; the given layers are never restyled.
    Main thread (layers are QObjects)."""
    from .project_db import style_unit_layer

    role_of = dict(zip(result.layers["constraint"], result.layers["role"]))
    background = [
        style_constraint(layer.clone(), role_of.get(layer.name())) for layer in constraint_layers
    ]
    if units_layer is not None:
        units = units_layer.clone()
        if class_field:
            style_unit_layer(units, class_field)
        background.append(units)
    return background


def report_stems(result, folder=None) -> dict:
    """{project fid: file stem}; with ``folder``, a stem whose .html, .pdf or .png already
    exists there gets a suffix (_2, _3 …), so earlier reports are never overwritten."""
    stems, taken = {}, set()
    for project in result.projects.itertuples():
        fid = int(project.project_fid)
        base = stem = safe_file_stem(project.project_name, fid)
        number = 1
        while stem in taken or (
            folder is not None
            and any((Path(folder) / f"{stem}{ext}").exists() for ext in REPORT_SUFFIXES)
        ):
            number += 1
            stem = f"{base}_{number}"
        stems[fid] = stem
        taken.add(stem)
    return stems


REPORT_SUFFIXES = (".html", ".pdf", ".png")


def render_project_map(folder, project, geometry, work_crs, background, stem):
    """The project's map as ``stem.png`` in ``folder``: (file name or None, error or None).
    Main thread: QGIS renders print layouts there."""
    if geometry is None or geometry.is_empty:
        return None, None
    name = f"{stem}.png"
    try:
        render_map_png(
            [footprint_layer(geometry, work_crs), *background],
            extent_around(geometry),
            work_crs,
            Path(folder) / name,
            str(project.project_name),
        )
    except RuntimeError as error:
        return None, str(error)
    return name, None


def write_project_pages(folder, result, position: int, stem: str, map_name) -> None:
    """The HTML and PDF report of one project (plain Python and Qt text printing: safe in a
    QgsTask's thread; the area rule must be set in that thread)."""
    from ..core.compliance_report import project_report_html

    out = Path(folder)
    project = result.projects.iloc[position]
    fid = int(project["project_fid"])
    rows = [
        frame[frame["project_fid"] == fid]
        for frame in (result.units, result.constraints, result.requirements)
    ]
    page = project_report_html(project, *rows, map_name)
    (out / f"{stem}.html").write_text(page, encoding="utf-8")
    html_to_pdf(page, out / f"{stem}.pdf", out)


def write_compliance_reports(
    folder,
    result,
    footprints: dict,
    work_crs,
    units_layer=None,
    class_field=None,
    constraint_layers=(),
    is_cancelled=None,
) -> dict:
    """An HTML and a PDF report (with a map) per project of a ``compliance.assess`` result.

    ``footprints``: project fid -> shapely geometry in ``work_crs``. Returns
    {project name: map error or None}. The given layers are cloned, never restyled.
    ``is_cancelled`` is asked before each project; True raises ``ReportsCancelled``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    background = report_background(result, units_layer, class_field, constraint_layers)
    stems = report_stems(result)
    problems = {}
    for position, project in enumerate(result.projects.itertuples()):
        if is_cancelled is not None and is_cancelled():
            raise ReportsCancelled()
        fid = int(project.project_fid)
        map_name, problems[project.project_name] = render_project_map(
            out, project, footprints.get(fid), work_crs, background, stems[fid]
        )
        write_project_pages(out, result, position, stems[fid], map_name)
    return problems
