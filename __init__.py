"""EcoZoning (生态环境分区管控) QGIS plugin entry point.

QGIS imports this module when it starts; keep it light. Everything heavy
(shapely, pandas, the Processing provider) is imported when the plugin is
actually created, so a missing dependency becomes a message, not an ImportError.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin.plugin import EcoZoningPlugin

    return EcoZoningPlugin(iface)
