"""Test shim: ``qgis`` on PyQt6 (see tests/qt6_shim/README.md)."""
