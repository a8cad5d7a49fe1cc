"""Layers and tables of the filing package: written with QgsVectorFileWriter (GeoPackage,
Shapefile in GB18030 with .cpg), read back as frames."""

from __future__ import annotations

from pathlib import Path

from osgeo import ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from ..compat import WkbType
from .layers import read_frame, write_frame

SHAPEFILE_ENCODING = "GB18030"


class FilingWriteError(RuntimeError):
    pass


def _options(path: Path, driver: str, layer_name: str | None, encoding: str = "UTF-8"):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    options.fileEncoding = encoding
    if layer_name:
        options.layerName = layer_name
    options.actionOnExistingFile = (
        QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        if path.exists()
        else QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteFile
    )
    return options


def write_layer(
    path,
    table: str | None,
    frame,
    fields,
    crs: QgsCoordinateReferenceSystem | None = None,
    driver: str = "GPKG",
    encoding: str = "UTF-8",
    feedback=None,
) -> int:
    """Write ``frame`` (columns named as ``fields``; "geometry" when ``crs`` is given) as
    layer ``table`` of ``path``; returns the number of features written."""
    path = Path(path)
    geometry = WkbType.MultiPolygon if crs is not None else WkbType.NoGeometry
    writer = QgsVectorFileWriter.create(
        str(path),
        fields,
        geometry,
        crs or QgsCoordinateReferenceSystem(),
        QgsProject.instance().transformContext(),
        _options(path, driver, table, encoding),
    )
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        raise FilingWriteError(f"{path} {table or ''}: {writer.errorMessage()}")
    data = frame if crs is not None else frame.drop(columns="geometry", errors="ignore")
    try:
        count = write_frame(writer, data, fields, multi=crs is not None, feedback=feedback)
    finally:
        del writer  # closes the file
    return count


def copy_layer(layer: QgsVectorLayer, path, table: str) -> None:
    """Copy a whole layer (e.g. the boundary-editing journal) into a GeoPackage."""
    path = Path(path)
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        layer, str(path), QgsProject.instance().transformContext(), _options(path, "GPKG", table)
    )
    if error[0] != QgsVectorFileWriter.WriterError.NoError:
        raise FilingWriteError(f"{path} {table}: {error[1]}")


def table_names(path) -> list[str]:
    """The layer names of a GeoPackage (empty when it cannot be opened)."""

    datasource = ogr.Open(str(path))
    if datasource is None:
        return []
    names = [datasource.GetLayer(i).GetName() for i in range(datasource.GetLayerCount())]
    datasource = None
    return names


def read_table(path, table: str, names=None, dest_crs=None, with_geometry=True):
    """A GeoPackage layer as a frame (without the "fid" column)."""
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not layer.isValid():
        raise FilingWriteError(f"{path}: no table {table}")
    if names is not None:
        names = [n for n in names if n in layer.fields().names()]
    else:
        names = [n for n in layer.fields().names() if n != "fid"]
    frame = read_frame(layer, dest_crs, names, with_geometry=with_geometry)
    return frame.drop(columns="fid"), layer
