"""When an algorithm's work can run inside PostGIS: the one place that decides, and says why not.

Imported when the algorithms are declared (``mode_parameter``), so it imports nothing that
needs the core's dependencies at module level.

The algorithms ask ``refusal(...)``: None when every input is a PostGIS table on one
connection and nothing the SQL cannot honour is asked for, else a translated reason (the
database mode shows it as an error, the automatic mode logs it and runs in QGIS).
"""

from __future__ import annotations

from functools import partial

from qgis.core import QgsProcessingException, QgsProcessingParameterEnum, QgsProcessingUtils

from ...i18n import tr
from . import connection


def check_table(table: connection.PostgisTable):
    """The SQL builders' view of a layer's table (``checks_sql.Table``)."""
    from .checks_sql import Table  # imports the core (numpy, shapely): only when running

    return Table(table.schema, table.table, table.key_column, table.geometry_column, table.srid)


def on_postgis(layer) -> bool:
    """Whether ``layer`` is a PostGIS table (the automatic mode only considers those)."""
    return connection.table_of(layer) is not None


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
        from ..crs import is_cgcs2000

        if area_rule() != area.PLANAR_ZONE:
            return tr("the project's area rule is the ellipsoidal area")
        if work_crs is not None and not is_cgcs2000(work_crs):
            return tr("the working coordinate reference system is not CGCS2000")
    return None


MODE_AUTO, MODE_QGIS, MODE_DATABASE = 0, 1, 2


def mode_parameter(name: str):
    """The algorithms' "where to run" choice: automatic, in QGIS, in the database."""

    return QgsProcessingParameterEnum(
        name,
        tr("Where to run"),
        [
            tr("Automatic: in the database when every input is a PostGIS table on one connection"),
            tr("In QGIS"),
            tr("In the database (PostGIS)"),
        ],
        defaultValue=MODE_AUTO,
    )


def overlap_in_database(algorithm, feedback, layer, layers, buffers, name_field, work_crs, name):
    """``core.overlap``'s rows (with ``name`` when ``name_field``) for ``layer`` against
    ``layers``, computed by PostGIS and read back page by page: ``len()`` rows, iterated as
    frames (``pushdown_overlap.Pages``); roles and repairs logged as the in-process run
    logs them."""

    from ...core import overlap, roles
    from ..compliance_data import saved_role
    from . import pushdown_overlap

    constraints = [
        (c.name(), check_table(connection.table_of(c)), buffer, saved_role(c))
        for c, buffer in zip(layers, buffers)
    ]
    algorithm.log_roles(feedback, [roles.describe(c[0], c[3]) for c in constraints])
    features = check_table(connection.table_of(layer))
    try:
        db = connection.connect(connection.table_of(layer).connection_info)

        def execute(statement):
            return connection.execute(db, statement)

        log = pushdown_overlap.repairs(execute, features, name, constraints, work_crs.postgisSrid())
        common = dict(
            progress=algorithm.progress_callback(feedback, 30, 90),
            is_cancelled=feedback.isCanceled,
        )
        srid, info = work_crs.postgisSrid(), connection.table_of(layer).connection_info
        if pushdown_overlap.chunked_run_possible(execute, features, constraints):
            rows = pushdown_overlap.overlap_chunks(
                partial(_session, info), features, constraints, srid, name_field or None,
                folder=QgsProcessingUtils.tempFolder(), **common,
            )  # fmt: skip
        else:
            rows = pushdown_overlap.overlap_analysis(
                execute, features, constraints, srid, name_field or None, **common
            )
    except connection.PostgisError as error:
        raise QgsProcessingException(str(error)) from None
    except overlap.Cancelled:
        raise algorithm.cancelled() from None
    except overlap.OverlapError as error:
        raise QgsProcessingException(str(error)) from None
    algorithm.log_repairs(feedback, log)
    return _PagedRows(rows, name_field)


def _session(connection_info):
    """A new session's ``execute`` (the chunked overlap run opens one per thread)."""
    db = connection.connect(connection_info)
    return lambda statement: connection.execute(db, statement)


class _PagedRows:
    """The database's pages as frames for the algorithm: without ``name`` unless a name
    field was asked for; a database failure while reading becomes the algorithm's error."""

    def __init__(self, pages, name_field):
        self._pages, self._name_field = pages, name_field

    def __len__(self):
        return len(self._pages)

    def close(self):
        """Drops the stored results when they will not be read (the run was cancelled)."""
        with connection.processing_errors():
            self._pages.close()

    def __iter__(self):
        with connection.processing_errors():
            for frame in self._pages:
                yield frame if self._name_field else frame.drop(columns="name")
