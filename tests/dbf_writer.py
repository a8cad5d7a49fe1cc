"""Write Shapefiles whose .dbf holds text in a given encoding and declares none (test data)."""

from __future__ import annotations

import struct
from pathlib import Path

from osgeo import ogr, osr


def write_dbf(
    path: Path, fields: list[tuple[str, int]], rows: list[list[str]], encoding: str
) -> None:
    """A dBase III file of character fields; language byte 0 (undeclared)."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(length for _, length in fields)
    out = bytearray(struct.pack("<BBBBIHH20x", 3, 126, 11, 23, len(rows), header_len, record_len))
    for name, length in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), b"C", length, 0)
    out += b"\x0d"
    for row in rows:
        out += b" "
        for (_, length), value in zip(fields, row):
            out += value.encode(encoding)[:length].ljust(length, b" ")
    out += b"\x1a"
    path.write_bytes(bytes(out))


def write_shapefile(
    path: Path, wkts: list[str], fields: list[tuple[str, int]], rows, encoding: str, epsg=4527
):
    """Geometries via OGR, then a .dbf of ``encoding`` bytes with no .cpg and no language byte."""
    driver = ogr.GetDriverByName("ESRI Shapefile")
    datasource = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    layer = datasource.CreateLayer(path.stem, srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("ID", ogr.OFTInteger))
    for n, wkt in enumerate(wkts):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("ID", n)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    datasource = None
    write_dbf(path.with_suffix(".dbf"), fields, rows, encoding)
    cpg = path.with_suffix(".cpg")
    if cpg.exists():
        cpg.unlink()
