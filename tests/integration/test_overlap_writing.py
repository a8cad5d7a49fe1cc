"""叠加分析's output is made into features slice by slice while it is written: one slice's
features exist at a time, each slice's pieces are let go first, and a cancel that comes
while the output is being written does not cut it short."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from qgis.core import QgsProcessingFeedback

from eco_zoning.processing_provider.algorithms import overlap_analysis


def _rows(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_fid": np.arange(1, n + 1),
            "constraint": "生态保护红线",
            "role": "生态保护红线",
            "geom_type": "polygon",
            "overlap_area_m2": 1.0,
            "overlap_length_m": np.nan,
            "inside": True,
            "percent": 100.0,
            "geometry": shapely.box(np.arange(n), 0, np.arange(n) + 1, 1),
        }
    )


def test_slices_are_made_while_written_and_let_go(monkeypatch):
    monkeypatch.setattr(overlap_analysis, "WRITE_SLICE", 3)
    made = []

    def features(part):
        made.append((list(part["source_fid"]), int((~shapely.is_missing(sliced._geoms)).sum())))
        return [f"feature {fid}" for fid in part["source_fid"]]

    sliced = overlap_analysis.SlicedFeatures(features, _rows(8))
    assert len(sliced) == 8
    assert made == []  # nothing is made before the writing starts
    written = iter(sliced)
    assert next(written) == "feature 1"
    assert made == [([1, 2, 3], 5)]  # only the first slice, its pieces already let go
    assert [next(written) for _ in range(7)] == [f"feature {k}" for k in range(2, 9)]
    assert made == [([1, 2, 3], 5), ([4, 5, 6], 2), ([7, 8], 0)]


def test_a_cancel_during_the_writing_writes_every_row():
    feedback = QgsProcessingFeedback()
    feedback.cancel()  # from the first sink on everything is written
    algorithm = overlap_analysis.OverlapAnalysis()
    sliced = algorithm._features(_rows(2500), feedback, None, None, 2)
    features = list(sliced)
    assert len(features) == 2500
    assert [f["source_fid"] for f in features[:3]] == [1, 2, 3]
    assert features[-1].geometry().area() == 1.0
    assert features[-1].geometry().isMultipart()
