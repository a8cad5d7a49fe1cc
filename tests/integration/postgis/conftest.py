"""The PostGIS test server: started by `.ci/run`, or here when a developer runs `make test`.

The tests read ECOZONING_PG_* (see tools/pg.sh env). Without them the fixture starts the
project's throwaway cluster itself (tools/pg.sh start). A server that cannot be reached fails
the tests with the reason; database tests are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MASTER_PASSWORD = "ecozoning-test-master"  # of the test profile's auth db (.qgis-settings)


def _script_env() -> dict[str, str]:
    started = subprocess.run(
        ["bash", str(ROOT / "tools" / "pg.sh"), "start"], capture_output=True, text=True
    )
    if started.returncode != 0:
        pytest.fail(
            "The PostGIS test server could not be started (bash tools/pg.sh start):\n"
            + started.stderr
            + started.stdout,
            pytrace=False,
        )
    listed = subprocess.run(
        ["bash", str(ROOT / "tools" / "pg.sh"), "env"], capture_output=True, text=True, check=True
    )
    env = {}
    for line in listed.stdout.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    return env


@pytest.fixture(scope="session")
def pg(qgis_app):
    """Connection settings of the test server: host, port, db, user, password, socket_dir."""
    env = dict(os.environ) if os.environ.get("ECOZONING_PG_PORT") else _script_env()
    password_file = env.get("ECOZONING_PG_PASSWORD_FILE")
    settings = {
        "host": env.get("ECOZONING_PG_HOST", "127.0.0.1"),
        "socket_dir": env.get("ECOZONING_PG_SOCKET_DIR", ""),
        "port": env["ECOZONING_PG_PORT"],
        "db": env.get("ECOZONING_PG_DB", "ecozoning_test"),
        "user": env.get("ECOZONING_PG_USER", "ecozoning"),
        "password": Path(password_file).read_text().strip() if password_file else "",
    }
    from eco_zoning.plugin.adapters.postgis import connection

    try:
        db = connection.connect(_info(settings))
        version = connection.execute(db, "SELECT postgis_lib_version()")
    except connection.PostgisError as error:
        pytest.fail(f"The PostGIS test server does not answer: {error}", pytrace=False)
    assert version[0][0].startswith("3.")
    return settings


def _info(settings, authcfg: str | None = None) -> str:
    """Connection string: the unix socket (trust) by default, TCP with an authcfg if given."""
    from qgis.core import QgsDataSourceUri

    uri = QgsDataSourceUri()
    host = settings["host"] if authcfg else (settings["socket_dir"] or settings["host"])
    password = "" if authcfg or settings["socket_dir"] else settings["password"]
    uri.setConnection(host, settings["port"], settings["db"], settings["user"], password)
    if authcfg:
        uri.setAuthConfigId(authcfg)
        uri.setUsername("")
    return uri.connectionInfo(False)


@pytest.fixture(scope="session")
def pg_info(pg):
    return _info(pg)


@pytest.fixture(scope="session")
def pg_db(pg_info):
    from eco_zoning.plugin.adapters.postgis import connection

    return connection.connect(pg_info)


@pytest.fixture
def pg_schema(pg_db):
    """A fresh schema, dropped after the test."""
    from eco_zoning.plugin.adapters.postgis import connection, sql

    name = f"t_{uuid.uuid4().hex[:10]}"
    connection.execute(pg_db, f"CREATE SCHEMA {sql.identifier(name)}")
    yield name
    connection.execute(pg_db, f"DROP SCHEMA {sql.identifier(name)} CASCADE")


@pytest.fixture(scope="session")
def pg_authcfg(pg):
    """An authcfg (Basic: user and password) in the test profile's authentication database."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    assert manager.setMasterPassword(MASTER_PASSWORD, True), "test auth db master password"
    config = QgsAuthMethodConfig("Basic")
    config.setName(f"ecozoning-test-{uuid.uuid4().hex[:6]}")
    config.setConfig("username", pg["user"])
    config.setConfig("password", pg["password"])
    assert manager.storeAuthenticationConfig(config)[0]
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


@pytest.fixture(scope="session")
def pg_auth_info(pg, pg_authcfg):
    return _info(pg, pg_authcfg)
