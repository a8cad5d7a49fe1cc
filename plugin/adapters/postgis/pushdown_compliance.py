"""The compliance assessment with its unit and constraint layers in PostGIS.

The projects are the query (a handful of footprints, read in QGIS as usual); the unit and
constraint tables stay in the database. Each is replaced, for reading, by a QGIS query layer
holding only the features (for constraints: the repaired, subdivided pieces) that touch a
project's grown bounding box, found through the table's GiST index. The core then assesses
exactly as in-process: anything farther away cannot touch a project. The repair log of the
whole tables comes from SQL (the core sees only the features near the projects, repaired).
"""

from __future__ import annotations

import pandas as pd
import shapely
from qgis.core import QgsDataSourceUri, QgsVectorLayer

from ...compat import WkbType
from ...core.geometry import GRID_SIZE
from ...i18n import tr
from . import connection, near_sql, overlap_sql, pushdown_checks
from .checks_sql import Table
from .pushdown import check_table

MARGIN = 1.0  # metres beyond the project's buffer: a box grown by it holds all a project touches


def query_layer(table: connection.PostgisTable, select: str, key: str, name: str, wkb_type=None):
    """A QGIS layer on ``select`` (a SQL query layer on the table's connection) named ``name``."""
    uri = QgsDataSourceUri(table.connection_info)
    uri.setDataSource("", f"({select})", table.geometry_column, "", key)
    uri.setSrid(str(table.srid))
    if wkb_type is not None:
        uri.setWkbType(wkb_type)
    layer = QgsVectorLayer(uri.uri(False), name, connection.PROVIDER)
    if not layer.isValid():
        raise connection.PostgisError(
            tr("The features of {0} near the projects cannot be read from the database.").format(
                name
            )
        )
    return layer


def layers_near(units_layer, constraint_layers, projects: pd.DataFrame, work_crs, buffer: float):
    """(units query layer, constraint query layers in order, repair log of the whole tables).

    ``projects``: the projects' frame (geometry in ``work_crs``); ``buffer``: the points' and
    lines' buffer of the assessment (metres)."""
    geoms = projects["geometry"].to_numpy(dtype=object)
    geoms = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    wkbs = [shapely.to_wkb(g) for g in geoms] or [shapely.to_wkb(shapely.Point(0, 0))]
    srid, margin = work_crs.postgisSrid(), float(buffer) + MARGIN
    return _layers_near(
        units_layer,
        constraint_layers,
        srid,
        lambda table: near_sql._probes(wkbs, srid, table.srid, margin),
    )


def layers_near_sources(units_layer, constraint_layers, source_layers, work_crs, buffer=0.0):
    """``layers_near`` with the query in the database too: the features of ``source_layers``
    (PostGIS tables on the units' connection; a screening's sources) probe the tables there,
    so no query geometry travels."""
    srid, margin = work_crs.postgisSrid(), float(buffer) + MARGIN
    sources = [check_table(connection.table_of(layer)) for layer in source_layers]
    return _layers_near(
        units_layer,
        constraint_layers,
        srid,
        lambda table: near_sql.table_probes(sources, srid, table.srid, margin),
    )


def _layers_near(units_layer, constraint_layers, srid: int, probes_for):
    """The query layers near the boxes ``probes_for(table)`` (SQL ``q(g)``), and the log."""
    units = connection.table_of(units_layer)
    db = connection.connect(units.connection_info)

    def execute(statement):
        return connection.execute(db, statement)

    near_units = query_layer(
        units,
        near_sql.features_probed(check_table(units), probes_for(check_table(units))),
        units.key_column,
        units_layer.name(),
    )
    logs = [
        pushdown_checks.layer_repairs(
            execute, check_table(units), units_layer.name(), srid, GRID_SIZE
        )
    ]
    near_constraints = []
    for layer in constraint_layers:
        table = check_table(connection.table_of(layer))
        near_constraints.append(
            query_layer(
                connection.table_of(layer),
                near_sql.pieces_probed(table, probes_for(table)),
                "piece",
                layer.name(),
                WkbType.Polygon,
            )
        )
        logs.append(_constraint_log(execute, table, layer.name(), srid))
    return near_units, near_constraints, pd.concat(logs, ignore_index=True)


def _constraint_log(execute, table: Table, name: str, srid: int) -> pd.DataFrame:
    from ...core.geometry import REPAIR_COLUMNS, REPAIRED

    rows = execute(overlap_sql.constraint_repairs(table, srid, 0.0))
    return pd.DataFrame(
        [(name, fid, REPAIRED, str(reason).split("[")[0]) for fid, reason in rows],
        columns=REPAIR_COLUMNS,
    )


def merged_log(core_log: pd.DataFrame, tables_log: pd.DataFrame) -> pd.DataFrame:
    """The core's repair log (features near the projects) with the whole tables' log."""
    logs = [log for log in (core_log, tables_log) if len(log)]
    if not logs:
        return core_log
    return pd.concat(logs, ignore_index=True).drop_duplicates(ignore_index=True)
