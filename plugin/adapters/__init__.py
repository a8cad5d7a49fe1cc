"""Adapters between QGIS layers and the pure core (WKB, whole layers at once)."""
