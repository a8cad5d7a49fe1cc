"""Credentials out of every text the plugin shows, logs, reports or saves.

A password typed into a connection string (``password='…'`` of a PostGIS layer or of a
``postgis:`` destination, ``user:password@`` of a URL) must never reach a message, a log
line, a report or a project file; the QGIS way is an ``authcfg``. QGIS's own messages quote
such strings whole (``Could not create layer postgis:dbname=… password='…'``), and
``QgsDataSourceUri.removePassword`` of QGIS 3.22 leaves the tail of a quoted password with a
space or a quote in it. So a text is cleaned twice: every ``password=`` value of a
connection string (quoted or not) and every URL password is masked, then every password
known from the run's parameters is masked wherever it still appears.
"""

from __future__ import annotations

import re

MASK = "********"
_KEYWORD = re.compile(
    r"""(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s'"]+)""", re.I
)
_URL = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)([^@\s/]+)(@)", re.I)
_PREFIXES = ("postgis:", "postgres:", "postgresql:", "pg:", "ogr:", "spatialite:")


def redact(text, secrets=()) -> str:
    """``text`` with every password masked (``password=********``)."""
    text = _KEYWORD.sub(lambda m: m.group(1) + MASK, str(text))
    text = _URL.sub(lambda m: m.group(1) + MASK + m.group(3), text)
    known = {form for s in secrets if s and len(s) >= 3 for form in forms(s)}
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def forms(secret: str) -> set[str]:
    """A password as typed and as a connection string quotes it (``\\`` and ``\'``)."""
    return {secret, secret.replace("\\", "\\\\").replace("'", "\\'")}


def password_of(text) -> str:
    """The password a connection string carries ('' if none)."""
    from qgis.core import QgsDataSourceUri

    text = str(text)
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    if "password" not in text.lower():
        return ""
    return QgsDataSourceUri(text).password()


def secrets_in(values) -> set[str]:
    """The passwords in a run's parameter values: strings, layers, output definitions, lists."""
    found: set[str] = set()
    stack = list(values.values()) if isinstance(values, dict) else list(values or ())
    while stack:
        value = stack.pop()
        if isinstance(value, (list, tuple, set)):
            stack.extend(value)
            continue
        for text in _texts(value):
            password = password_of(text)
            if password:
                found.add(password)
    return found


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    texts = []
    for attribute in ("source", "staticValue"):  # a layer; a sink or an output definition
        method = getattr(value, attribute, None)
        if callable(method):
            try:
                texts.append(str(method()))
            except (RuntimeError, TypeError):
                continue
    sink = getattr(value, "sink", None)
    if sink is not None and not callable(sink):
        texts.extend(_texts(sink))
    return texts


def safe_source(layer) -> str:
    """A layer's source without its password (for messages and stored settings)."""
    source = layer.source()
    return redact(source, {password_of(source)})


def safe_value(value):
    """A parameter value fit to store: a layer as its source and a text, both without
    password; anything else unchanged."""
    if hasattr(value, "source") and callable(value.source):
        return safe_source(value)
    if isinstance(value, str):
        return redact(value, {password_of(value)})
    return value
