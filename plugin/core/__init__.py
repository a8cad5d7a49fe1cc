"""The domain core: plain Python on shapely 2, numpy and pandas. No Qt, no QGIS."""
