"""PostGIS connections the QGIS way: the provider registry's connection API, credentials by authcfg.

No Python database driver is involved: SQL goes through
``QgsAbstractDatabaseProviderConnection.executeSql`` of the ``postgres`` provider, so the plugin
runs wherever QGIS's own PostgreSQL provider does (Windows included). The connection string
handed to QGIS is the layer's or the saved connection's as stored — with an ``authcfg`` the
password stays in QGIS's authentication database and never appears in a project, a URI this
module builds, or a message.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from qgis.core import (
    QgsAbstractDatabaseProviderConnection,
    QgsDataSourceUri,
    QgsException,
    QgsProcessingException,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QByteArray, QVariant

from ...i18n import tr
from . import sql
from .redact import redact

PROVIDER = "postgres"


class PostgisError(Exception):
    """A translated, password-free message about a PostGIS connection or query."""


@contextmanager
def processing_errors(*also: type[Exception]):
    """Inside the block, a PostgisError (or one of ``also``) becomes the Processing
    algorithm's error (``QgsProcessingException``) with the same translated, password-free
    message: the one way the algorithms report database failures."""
    try:
        yield
    except (PostgisError, *also) as error:
        raise QgsProcessingException(str(error)) from None


@dataclass(frozen=True)
class PostgisTable:
    """A PostGIS layer's table: where it is and how to reach it."""

    connection_info: str  # libpq connection string as QGIS stores it (authcfg, never expanded)
    schema: str
    table: str
    geometry_column: str
    key_column: str
    srid: int
    subset: str  # the layer's filter (a QGIS subset string), or ""

    @property
    def relation(self) -> str:
        return sql.qualified(self.schema, self.table)


def _metadata():
    metadata = QgsProviderRegistry.instance().providerMetadata(PROVIDER)
    if metadata is None:
        raise PostgisError(tr("QGIS's PostgreSQL provider is not available."))
    return metadata


def scrub(text: str, uri: QgsDataSourceUri | None = None) -> str:
    """``text`` without the password of ``uri``: QGIS's own connection errors quote the whole
    connection string, password included ("Connection failed: ... password='...'")."""
    return redact(text, {uri.password()} if uri is not None else ())


def connect(connection_info: str) -> QgsAbstractDatabaseProviderConnection:
    """A database connection for a libpq connection string (with ``authcfg`` as stored)."""
    try:
        return _metadata().createConnection(connection_info, {})
    except QgsException as error:
        raise PostgisError(
            tr("Cannot open the PostGIS connection: {0}").format(
                scrub(str(error), QgsDataSourceUri(connection_info))
            )
        ) from None


def saved_connection(name: str) -> QgsAbstractDatabaseProviderConnection:
    """A connection saved in QGIS (Data Source Manager / Browser) by its name."""
    try:
        return _metadata().findConnection(name)
    except QgsException:
        raise PostgisError(tr("No saved PostGIS connection named '{0}'.").format(name)) from None


def saved_connection_names() -> list[str]:
    return sorted(_metadata().connections().keys())


# Sent before every statement, in the statement's own (implicit) transaction: PostgreSQL's
# JIT compiler is for arithmetic over many rows; on the geometry functions of these
# statements it only adds seconds of LLVM compiling to each (seen in EXPLAIN ANALYZE).
SESSION_SETTINGS = "SET LOCAL jit = off;\n"


def execute(
    connection: QgsAbstractDatabaseProviderConnection, statement: str, feedback=None
) -> list[list]:
    """Rows of ``statement`` (of its last part when it has several, all in one transaction);
    a failure becomes a PostgisError without the password. Cancelling ``feedback`` (a
    QgsFeedback, from any thread) cancels the statement in the server."""
    try:
        # row by row (``execSql``): the rows are made plain as they come, never all held a
        # second time as QVariants (a province's overlap geometries are gigabytes so)
        result = connection.execSql(SESSION_SETTINGS + statement, feedback)
        rows = []
        while result.hasNextRow():
            rows.append([_plain(v) for v in result.nextRow()])
        return rows
    except QgsException as error:
        uri = QgsDataSourceUri(connection.uri())
        raise PostgisError(
            tr("The database refused a query: {0}").format(scrub(str(error), uri))
        ) from None


def _plain(value):
    """A result value as plain Python: NULL as None, bytea as bytes."""
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QByteArray):
        return bytes(value.data())
    return value


def table_of(layer) -> PostgisTable | None:
    """The PostGIS table behind a vector layer, or None when the layer is not a PostGIS table
    (a SQL query layer counts as not a table)."""
    if layer is None or layer.providerType() != PROVIDER:
        return None
    uri = QgsDataSourceUri(layer.source())
    if not uri.table() or uri.table().lstrip().startswith("("):
        return None
    srid = layer.crs().postgisSrid()
    return PostgisTable(
        connection_info=uri.connectionInfo(False),
        schema=uri.schema() or "public",
        table=uri.table(),
        geometry_column=uri.geometryColumn(),
        key_column=uri.keyColumn(),
        srid=int(srid),
        subset=layer.subsetString() or "",
    )


def common_connection(tables) -> str | None:
    """The one connection string all ``tables`` share, or None (mixed sources, or none)."""
    infos = {t.connection_info for t in tables if t is not None}
    if len(infos) != 1 or any(t is None for t in tables):
        return None
    return infos.pop()
