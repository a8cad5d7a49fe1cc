"""Small hand-made QGIS memory layers for integration tests (areas easy to compute by hand)."""

from __future__ import annotations

import hashlib

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

X0, Y0 = 39_500_000.0, 3_390_000.0  # CGCS2000 3° zone 39 (EPSG:4527), near 117°E 30.6°N


def box(x1, y1, x2, y2) -> str:
    """WKT of a rectangle given in km offsets from (X0, Y0)."""
    a, b, c, d = X0 + x1 * 1000, Y0 + y1 * 1000, X0 + x2 * 1000, Y0 + y2 * 1000
    return f"POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))"


def memory_layer(
    name: str, rows, fields: dict, geometry: str = "MultiPolygon", crs: str = "EPSG:4527"
):
    """rows: (wkt or None, {field: value}) pairs."""
    spec = "&".join(f"field={f}:{t}" for f, t in fields.items())
    layer = QgsVectorLayer(f"{geometry}?crs={crs}&{spec}", name, "memory")
    features = []
    for wkt, attributes in rows:
        feature = QgsFeature(layer.fields())
        if wkt is not None:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        for key, value in attributes.items():
            feature[key] = value
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def two_counties():
    """Two 10 km × 10 km counties side by side: 990101 west, 990102 east."""
    return memory_layer(
        "县界",
        [
            (box(0, 0, 10, 10), {"XZQDM": "990101", "XZQMC": "西县"}),
            (box(10, 0, 20, 10), {"XZQDM": "990102", "XZQMC": "东县"}),
        ],
        {"XZQDM": "string", "XZQMC": "string"},
    )


def layer_digest(layer, more_than: int) -> str:
    """The sorted (WKB, attributes but the fid) rows of ``layer``, hashed; the layer must
    hold more than ``more_than`` features (so a hash of nothing never passes)."""
    rows = sorted(
        bytes(f.geometry().asWkb()) + repr(f.attributes()[1:]).encode() for f in layer.getFeatures()
    )
    assert len(rows) == layer.featureCount() > more_than
    return hashlib.sha256(b"".join(rows)).hexdigest()
