"""PostGIS adapters: connections through QGIS's provider API and SQL builders."""
