"""Batch edits on a whole unit frame (what the Processing algorithms run)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from plugin.core import schema
from plugin.core.editing import batch as bt
from plugin.core.editing import operations as ops
from tests.core.checks_data import voronoi_province
from tests.core.editing_data import assert_tiled, crossing_line

RULE = schema.DEFAULT_CODE_RULE


def province():
    units, admin = voronoi_province(n_units=150, n_counties=3, width=12_000.0, height=9_000.0)
    return units, admin


def tiled(frame: pd.DataFrame, admin: pd.DataFrame) -> None:
    for code, county in zip(admin["code"], admin["geometry"]):
        mine = frame[frame[schema.UNIT_COUNTY_CODE] == code]
        state = ops.Units(
            mine["geometry"].to_numpy(),
            mine[schema.UNIT_CODE].to_numpy(),
            mine[schema.UNIT_CLASS].to_numpy(),
            code,
        )
        assert_tiled(state, shapely.union_all(state.geometries, grid_size=ops.GRID_SIZE))
        assert abs(shapely.area(state.geometries).sum() - county.area) < 1e-6 * county.area


def test_split_by_a_line_crossing_two_counties_keeps_every_county_tiled():
    units, admin = province()
    line = crossing_line(shapely.union_all(admin["geometry"]), angle=0.1)
    batch = bt.Batch(units, reason="道路分割")
    batch.split_by(1, line)
    out = batch.frame
    assert len(out) > len(units)
    assert len(batch.rows) == len(out) - len(units)
    assert out[schema.UNIT_CODE].is_unique
    assert all(RULE.is_valid(c) for c in out[schema.UNIT_CODE])
    touched = {u["code"] for r in batch.rows for u in json.loads(r[schema.JOURNAL_AFTER])}
    edited = out[out[schema.UNIT_CODE].isin(touched)]
    assert len(edited) == 2 * len(batch.rows)
    mj = shapely.area(edited["geometry"].to_numpy()) / 1e6
    assert np.allclose(edited[schema.UNIT_AREA].to_numpy(float), mj, rtol=1e-12, atol=0)
    tiled(out, admin)
    row = batch.rows[0]
    assert row[schema.JOURNAL_OPERATION] == "split" and row[schema.JOURNAL_REASON] == "道路分割"
    assert len(json.loads(row[schema.JOURNAL_AFTER])) == 2


def test_merge_within_and_reclassify_by_polygons():
    units, admin = province()
    county = admin["geometry"].iloc[0]
    c = county.centroid
    area = shapely.buffer(c, 2500.0)
    batch = bt.Batch(units)
    batch.merge_within(1, area)
    assert batch.rows and len(batch.frame) < len(units)
    retired = {c for r in batch.rows for c in r[schema.JOURNAL_RETIRED].split(",")}
    assert not retired & set(batch.frame[schema.UNIT_CODE])
    batch.reclassify_by(2, shapely.buffer(c, 300.0), schema.KEY)
    assert batch.rows[-1][schema.JOURNAL_OPERATION] == "reclassify"
    assert out_codes_are_new(batch, retired)
    tiled(batch.frame, admin)


def out_codes_are_new(batch, retired) -> bool:
    added = json.loads(batch.rows[-1][schema.JOURNAL_AFTER])[-1]["code"]
    return added not in retired and RULE.parse(added)[1] == schema.KEY


def test_a_shape_that_does_nothing_is_reported_not_fatal():
    units, _ = province()
    batch = bt.Batch(units)
    far = shapely.box(0, 0, 10, 10)
    batch.reclassify_by(7, far, schema.KEY)
    assert batch.rows == [] and len(batch.frame) == len(units)
    assert batch.skipped == []  # touched no unit at all
    inside = shapely.buffer(units["geometry"].iloc[0].representative_point(), 1.0)
    batch.reclassify_by(8, inside, int(units[schema.UNIT_CLASS].iloc[0]))
    assert batch.skipped == [(8, "reclassify_empty")] and batch.rows == []
