"""When an algorithm's work can run inside PostGIS: the one place that decides, and says why not.

The algorithms ask ``refusal(...)``: None when every input is a PostGIS table on one
connection and nothing the SQL cannot honour is asked for, else a translated reason (the
database mode shows it as an error, the automatic mode logs it and runs in QGIS).
"""

from __future__ import annotations

from ...i18n import tr
from . import connection
from .checks_sql import Table


def check_table(table: connection.PostgisTable) -> Table:
    """The SQL builders' view of a layer's table."""
    return Table(table.schema, table.table, table.key_column, table.geometry_column, table.srid)


def refusal(
    main_layer,
    other_layers,
    selected_only: bool = False,
    work_crs=None,
    official_areas: bool = False,
) -> str | None:
    """Why ``main_layer`` and ``other_layers`` cannot be processed in the database, or None.

    ``selected_only``: the algorithm was asked for the selected features only.
    ``work_crs``: the working CRS (must have a PostGIS SRID). ``official_areas``: the results
    carry official areas, which the database computes by the planar-zone rule only.
    """
    tables = [connection.table_of(layer) for layer in [main_layer, *other_layers]]
    if any(t is None for t in tables) or connection.common_connection(tables) is None:
        return tr("the layers are not all PostGIS tables on one connection")
    if selected_only:
        return tr("only the selected features are used")
    filtered = [layer.name() for layer, t in zip([main_layer, *other_layers], tables) if t.subset]
    if filtered:
        return tr("layer {0} has a filter").format(", ".join(filtered))
    keyless = [
        layer.name() for layer, t in zip([main_layer, *other_layers], tables) if not t.key_column
    ]
    if keyless:
        return tr("table {0} has no primary key").format(", ".join(keyless))
    if any(t.srid <= 0 for t in tables) or (work_crs is not None and work_crs.postgisSrid() <= 0):
        return tr("a layer's coordinate reference system has no PostGIS SRID")
    if official_areas:
        from ...core import area
        from ..area_rule import area_rule

        if area_rule() != area.PLANAR_ZONE:
            return tr("the project's area rule is the ellipsoidal area")
    return None
