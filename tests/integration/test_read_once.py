"""Per-run reading costs cut without changing what is read: OGR sources decoded once
(``ogr_uri``), and a bulk-read frame made in one construction (``attribute_frame`` with
its geometry) equal to the frame made column by column."""

import numpy as np
import pandas as pd
import pytest
import shapely
from pandas.testing import assert_frame_equal
from qgis.core import QgsProviderRegistry

from eco_zoning.plugin.adapters import ogr_uri
from eco_zoning.plugin.adapters.layers import attribute_frame

SOURCES = [
    "/data/a.gpkg|layername=units",
    '/data/a.gpkg|layerid=2|subset="x" = 1',
    "/data/林地.shp",
    "/data/b.gpkg|layername=we\"ird 'name' 表|option:LIST_ALL_TABLES=YES",
    "/vsizip//data/c.zip/d.shp|geometrytype=Polygon",
]


def test_sources_decoded_as_qgis_decodes_them_once_each(qgis_app, monkeypatch):
    registry = QgsProviderRegistry.instance()
    expected = [registry.decodeUri("ogr", s) for s in SOURCES]
    ogr_uri._decoded.cache_clear()
    calls = []
    decode = registry.decodeUri

    class Spy:
        def decodeUri(self, provider, source):  # noqa: N802
            calls.append(source)
            return decode(provider, source)

    monkeypatch.setattr(QgsProviderRegistry, "instance", staticmethod(lambda: Spy()))
    for _ in range(3):
        assert [ogr_uri.ogr_parts(s) for s in SOURCES] == expected
    assert calls == SOURCES  # each string once
    parts = ogr_uri.ogr_parts(SOURCES[0])
    parts["layerName"] = "changed"  # a caller's change stays its own
    assert ogr_uri.ogr_parts(SOURCES[0]) == expected[0]
    ogr_uri._decoded.cache_clear()


def _column_by_column(ids, columns, names, geometry):
    """The frame as ``read_frame`` made it before: attributes, then fid and geometry inserted."""
    frame = pd.DataFrame(dict(enumerate(list(c) for c in columns)))
    frame.columns = names
    frame.insert(0, "fid", np.asarray(ids, dtype=np.int64))
    frame.insert(1, "geometry", geometry)
    return frame


@pytest.mark.parametrize(
    "names, columns",
    [
        (["name", "n", "area"], [["一", None, ""], [1, 2, None], [1.5, None, 3.0]]),
        (["x", "name", "x"], [[1, 2, 3], ["a", "b", "c"], [1, 2, 3]]),  # a name twice
        (["flag"], [[True, False, None]]),
    ],
)
def test_a_frame_made_at_once_equals_the_frame_made_column_by_column(names, columns):
    ids = [3, 7, 9]
    geometry = np.array([shapely.box(0, 0, 1, 1), None, shapely.Point(1, 2)], dtype=object)
    made = attribute_frame(ids, columns, names, geometry)
    before = _column_by_column(ids, columns, names, geometry)
    assert_frame_equal(made, before)
    assert list(made.dtypes) == list(before.dtypes)
    assert made.columns.equals(before.columns) and made.index.equals(before.index)
    assert made["geometry"].iloc[0] is geometry[0]  # the geometries themselves, not copies
    without = attribute_frame(ids, columns, names)
    assert_frame_equal(without, before.drop(columns="geometry"))


def test_frames_without_rows_or_attributes_and_taken_names_are_made_as_before():
    geometry = np.array([shapely.Point(0, 0)], dtype=object)
    made = attribute_frame([5], None, [], geometry)
    assert list(made.columns) == ["fid", "geometry"] and made["fid"].tolist() == [5]
    empty = attribute_frame([], None, ["name"], np.empty(0, object))
    assert list(empty.columns) == ["fid", "geometry", "name"] and len(empty) == 0
    for taken in ("fid", "geometry"):  # inserting a column a name already has raises
        with pytest.raises(ValueError, match=f"cannot insert {taken}"):
            attribute_frame([1], [["a"]], [taken], geometry)
    assert attribute_frame([1], [["a"]], ["geometry"])["geometry"].tolist() == ["a"]
