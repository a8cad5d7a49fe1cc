"""read_frame / write_frame convert attributes column by column: the values are the same
plain Python values (NULL → None, dates → date) as value by value."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


def _layer():
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(
        "Point?crs=EPSG:4527&field=n:integer&field=x:double&field=s:string(20)"
        "&field=d:date&field=t:datetime",
        "attrs",
        "memory",
    )
    from qgis.PyQt.QtCore import QDate, QDateTime

    rows = [
        [1, 1.5, "甲", QDate(2024, 1, 2), QDateTime(2024, 1, 2, 3, 4, 5)],
        [None, None, None, None, None],
        [3, 2.0, "乙", QDate(), QDateTime()],
    ]
    features = []
    for k, values in enumerate(rows):
        f = QgsFeature(layer.fields())
        f.setAttributes(values)
        f.setGeometry(QgsGeometry.fromWkt(f"Point({39500000 + k} 2500000)"))
        features.append(f)
    layer.dataProvider().addFeatures(features)
    return layer


def test_read_frame_gives_plain_values_and_none_for_null(qgis_app):
    from eco_zoning.plugin.adapters.layers import read_frame

    frame = read_frame(_layer())
    assert frame.columns.tolist() == ["fid", "geometry", "n", "x", "s", "d", "t"]
    assert frame["s"].tolist() == ["甲", None, "乙"]
    assert frame["d"].tolist() == [dt.date(2024, 1, 2), None, None]
    assert frame["t"].iloc[0] == pd.Timestamp(2024, 1, 2, 3, 4, 5)
    assert pd.isna(frame["t"].iloc[1]) and pd.isna(frame["t"].iloc[2])
    assert frame["n"].iloc[0] == 1 and np.isnan(frame["n"].iloc[1])
    assert frame["geometry"].iloc[2].x == 39500002
    repeated = read_frame(_layer(), fields=["s", "n", "s"], with_geometry=False)
    assert repeated.columns.tolist() == ["fid", "s", "n", "s"]
    assert read_frame(_layer(), fields=[], fids=[2])["fid"].tolist() == [2]


def test_frame_features_round_trip(qgis_app):
    from qgis.core import NULL

    from eco_zoning.plugin.adapters.layers import frame_features, read_frame

    layer = _layer()
    frame = read_frame(layer)
    frame["s"] = pd.Series(["甲", np.nan, "乙"], dtype=object)  # NaN in text: NULL
    frame["n"] = pd.array([1, None, 3], dtype="Int64")  # nullable integers
    features = frame_features(frame, layer.fields())
    values = [f.attributes() for f in features]
    assert values[0][:3] == [1, 1.5, "甲"]
    assert values[1][1] == NULL and values[1][2] == NULL  # NaN → NULL
    assert [values[0][2], values[2][2]] == ["甲", "乙"]
    assert [v[0] for v in values][::2] == [1, 3]
    assert values[0][3].toPyDate() == dt.date(2024, 1, 2)


def test_geometries_read_in_batches_are_the_same(qgis_app, monkeypatch):
    from eco_zoning.plugin.adapters import layers

    whole = layers.read_frame(_layer())
    monkeypatch.setattr(layers, "WKB_BATCH", 2)
    batched = layers.read_frame(_layer())
    assert [g.wkb for g in batched["geometry"]] == [g.wkb for g in whole["geometry"]]
    assert batched["fid"].tolist() == whole["fid"].tolist() == [1, 2, 3]
