"""The shipped sample city as styled QGIS layers (for the menu action, demo and screenshots)."""

from __future__ import annotations

from pathlib import Path

from osgeo import ogr
from qgis.core import (
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

# table -> symbol properties; the order is the drawing order, top first.
SAMPLE_STYLES = {
    "project_point": ("marker", {"name": "star", "color": "220,0,0", "size": "4"}),
    "project_line": ("line", {"line_color": "220,0,0", "line_width": "0.8", "line_style": "dash"}),
    "project_polygon": (
        "fill",
        {"color": "220,0,0,90", "outline_color": "220,0,0", "outline_width": "0.6"},
    ),
    "park": (
        "fill",
        {"color": "255,127,0,150", "outline_color": "180,80,0", "outline_width": "0.4"},
    ),
    "water_source": ("fill", {"color": "31,120,180,140", "outline_color": "31,120,180"}),
    "nature_reserve": (
        "fill",
        {
            "color": "0,0,0,0",
            "outline_color": "0,100,0",
            "outline_width": "0.5",
            "outline_style": "dash",
        },
    ),
    "red_line": (
        "fill",
        {"color": "51,160,44,160", "outline_color": "0,100,0", "outline_width": "0.2"},
    ),
    "river": ("line", {"line_color": "31,120,180", "line_width": "0.6"}),
    "urban_boundary": (
        "fill",
        {"color": "0,0,0,0", "outline_color": "150,0,150", "outline_width": "0.6"},
    ),
    "key_air": (
        "fill",
        {
            "color": "0,0,0,0",
            "outline_color": "120,120,120",
            "outline_width": "0.3",
            "outline_style": "dot",
        },
    ),
    "farmland": (
        "fill",
        {"color": "255,237,111,200", "outline_color": "200,180,60", "outline_width": "0.05"},
    ),
    "township": (
        "fill",
        {"color": "0,0,0,0", "outline_color": "140,140,140", "outline_width": "0.2"},
    ),
    "county": (
        "fill",
        {"color": "245,245,240", "outline_color": "40,40,40", "outline_width": "0.7"},
    ),
}
_SYMBOLS = {"marker": QgsMarkerSymbol, "line": QgsLineSymbol, "fill": QgsFillSymbol}


def sample_tables(path: str | Path) -> dict[str, str]:
    """{table name: display name} of the sample GeoPackage."""
    datasource = ogr.Open(str(path))
    tables = {}
    for i in range(datasource.GetLayerCount()):
        layer = datasource.GetLayerByIndex(i)
        tables[layer.GetName()] = layer.GetMetadataItem("IDENTIFIER") or layer.GetName()
    return tables


def sample_layers(path: str | Path) -> list[QgsVectorLayer]:
    """Styled layers, top of the drawing order first."""
    tables = sample_tables(path)
    ordered = [t for t in SAMPLE_STYLES if t in tables] + sorted(set(tables) - set(SAMPLE_STYLES))
    layers = []
    for table in ordered:
        layer = QgsVectorLayer(f"{path}|layername={table}", tables[table], "ogr")
        if not layer.isValid():
            continue
        kind, props = SAMPLE_STYLES.get(table, (None, None))
        if kind:
            layer.setRenderer(QgsSingleSymbolRenderer(_SYMBOLS[kind].createSimple(props)))
        layers.append(layer)
    return layers
