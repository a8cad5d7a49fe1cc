"""A password typed into a connection string (not an authcfg) reaches no message, log,
report, history entry or project file.

A login role with a password (with a space, a quote and a backslash in it) reads the test
tables over TCP, where the server asks for the password. Its layers and its ``postgis:``
destination carry the password in their URIs. A destination it may not write makes QGIS
quote the destination whole in "Could not create layer …": the error, the feedback, QGIS's
message log and Processing's history command must show it masked. A run that succeeds
writes its GeoPackage and HTML report, and the results panel stores the run's inputs in the
project; neither holds the password.
"""

from __future__ import annotations

import uuid

import pytest
from pgdata import load
from qgis.core import (
    QgsApplication,
    QgsDataSourceUri,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)
from test_check_units_pushdown import MODE_DATABASE
from test_pushdown_checks import _farmland, _red_line, _units

from eco_zoning.plugin.adapters.postgis import connection, sql
from eco_zoning.plugin.adapters.postgis.redact import MASK, forms, redact, secrets_in


@pytest.fixture
def account(pg, pg_db, pg_schema):
    """A login role with a password and read rights on the test schema: (user, password)."""
    name = f"analyst_{uuid.uuid4().hex[:8]}"
    password = f"Pa ss'w\\rd-{uuid.uuid4().hex[:10]}"
    role, schema = sql.identifier(name), sql.identifier(pg_schema)
    connection.execute(pg_db, f"CREATE ROLE {role} LOGIN PASSWORD {sql.literal(password)}")
    connection.execute(pg_db, f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    connection.execute(
        pg_db, f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}"
    )
    yield name, password
    connection.execute(pg_db, f"DROP OWNED BY {role}")
    connection.execute(pg_db, f"DROP ROLE {role}")


def _uri(pg, user, password, schema, table, geometry="geom") -> str:
    uri = QgsDataSourceUri()
    uri.setConnection(pg["host"], pg["port"], pg["db"], user, password)
    uri.setDataSource(schema, table, geometry, "", "fid")
    return uri.uri(False)


@pytest.fixture
def layers(pg, pg_info, pg_schema, account):
    """The test tables, opened by the analyst with the password in the layers' URIs."""
    for table, layer in (("units", _units()), ("red_line", _red_line()), ("farmland", _farmland())):
        load(layer, pg_info, pg_schema, table)
    opened = [
        QgsVectorLayer(_uri(pg, *account, pg_schema, t), t, "postgres")
        for t in ("units", "red_line", "farmland")
    ]
    assert all(layer.isValid() for layer in opened)
    assert forms(account[1]) & {w for w in forms(account[1]) if w in opened[0].source()}
    return opened


@pytest.fixture
def logged():
    """Everything QGIS writes to its message log meanwhile."""
    messages = []

    def keep(text, tag, level):
        messages.append(f"{tag} {text}")

    log = QgsApplication.messageLog()
    log.messageReceived.connect(keep)
    yield messages
    QgsApplication.processEvents()
    log.messageReceived.disconnect(keep)


def _token(password: str) -> str:
    """The password's random tail: found however a text escapes the quote and backslash."""
    return password.rsplit("-", 1)[1]


def _params(layers, **outputs):
    units, red, farmland = layers
    params = {"UNITS": units, "RED_LINE": red, "FARMLAND": farmland, "MODE": MODE_DATABASE}
    return {"OUTPUT_ERRORS": "memory:", "OUTPUT_SUMMARY": "memory:", **params, **outputs}


def test_the_mask_covers_quoted_unquoted_and_url_passwords():
    secret = "s e\\'cr"
    text = f"dbname='x' user='u' password='{secret}' host=h | postgresql://u:pw99@h/db"
    masked = redact(text)
    assert masked == f"dbname='x' user='u' password={MASK} host=h | postgresql://u:{MASK}@h/db"
    assert redact("Could not create layer: Pa55word!", {"Pa55word!"}) == (
        f"Could not create layer: {MASK}"
    )
    destination = "postgis:dbname='x' host=h user='u' password='" + "abc d" + '\' table="s"."t"'
    assert secrets_in({"OUTPUT": destination, "N": 3, "L": ["password=xyz1"]}) == {
        "abc d",
        "xyz1",
    }


class _Feedback:
    """A Processing feedback keeping every text it is given."""

    @staticmethod
    def make():
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.messages = []

            def _keep(self, text, *_):
                self.messages.append(str(text))

            pushInfo = pushWarning = pushCommandInfo = pushDebugInfo = _keep  # noqa: N815
            pushConsoleInfo = setProgressText = reportError = _keep  # noqa: N815

        return Feedback()


def _run(algorithm_id, params):
    import processing

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = _Feedback.make()
    try:
        return processing.run(algorithm_id, params, context=context, feedback=feedback), feedback
    except QgsProcessingException as error:
        return error, feedback


@pytest.mark.parametrize("wrong_password", [False, True], ids=["read-only", "bad-password"])
def test_a_refused_destination_names_no_password(
    processing_ready, pg, pg_schema, account, layers, logged, wrong_password
):
    user, password = account
    typed = password + "x" if wrong_password else password
    destination = "postgis:" + _uri(pg, user, typed, pg_schema, "results")
    params = _params(layers, OUTPUT_ERRORS=destination)
    refused, feedback = _run("ecozoning:checkunits", params)
    assert isinstance(refused, QgsProcessingException)
    QgsApplication.processEvents()
    text = str(refused)
    assert "Could not create" in text and f"password={MASK}" in text  # QGIS quoted it, masked
    assert feedback.messages  # the run did report (the check below is not vacuous)
    for secret in forms(password) | forms(typed) | {_token(password)}:
        assert secret not in text
        assert not [m for m in feedback.messages if secret in m]
        assert not [m for m in logged if secret in m]
    # Processing's history keeps the command of a run: masked there too
    algorithm = QgsApplication.processingRegistry().algorithmById("ecozoning:checkunits")
    command = algorithm.asPythonCommand(params, QgsProcessingContext())
    assert "ecozoning:checkunits" in command and MASK in command
    assert not [s for s in forms(password) | forms(typed) if s in command]


def test_written_files_and_the_project_hold_no_password(
    qgis_iface, qtbot, processing_ready, pg, account, layers, logged, tmp_path
):
    from eco_zoning.plugin.controllers.check_results import CheckResultsController
    from eco_zoning.ui.check_results_dock import CheckResultsDock

    password = account[1]
    out, report = tmp_path / "errors.gpkg", tmp_path / "report.html"
    params = _params(layers, OUTPUT_ERRORS=str(out), OUTPUT_HTML=str(report))
    results, feedback = _run("ecozoning:checkunits", params)
    assert not isinstance(results, Exception), str(results)
    assert report.stat().st_size > 0 and out.stat().st_size > 0
    # the results panel re-runs the checks and keeps their inputs in the project
    view = CheckResultsDock()
    qtbot.addWidget(view)
    controller = CheckResultsController(view, qgis_iface)
    errors = QgsVectorLayer(results["OUTPUT_ERRORS"], "质检结果", "ogr")
    assert errors.isValid()
    project = QgsProject.instance()
    try:
        project.addMapLayer(errors)
        view.set_layer(errors)
        assert controller.rerun({k: v for k, v in params.items() if k != "OUTPUT_HTML"})
        assert project.write(str(tmp_path / "p.qgs"))
        assert project.write(str(tmp_path / "p.qgz"))
    finally:
        project.removeAllMapLayers()
        project.clear()
    stored = (tmp_path / "p.qgs").read_text(encoding="utf-8")
    assert "check_parameters" in stored and "analyst_" in stored  # the inputs were stored
    for secret in forms(password) | {_token(password)}:
        assert secret not in stored
        for path in tmp_path.rglob("*"):  # the GeoPackage, the report, the .qgz
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path.name
        for messages in (feedback.messages, logged):
            assert not [m for m in messages if secret in m]
