"""Shapefiles whose .dbf declares no encoding: read them with the guessed one.

Used for Processing inputs (a fixed copy of the layer is read; the user's layer
and files are not touched) and for layers added to the project (their provider
encoding is set, as the user would in the layer properties; files untouched).
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.dbf_encoding import EncodingGuess, guess_dbf_encoding
from ..i18n import tr
from .ogr_uri import ogr_parts


def shapefile_path(layer) -> Path | None:
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return None
    parts = ogr_parts(layer.source())
    path = parts.get("path") or ""
    return Path(path) if path.lower().endswith(".shp") else None


def needed_encoding(layer) -> EncodingGuess | None:
    """The guessed encoding when it differs from what the layer is read with, else None."""
    path = shapefile_path(layer)
    if path is None:
        return None
    guess = guess_dbf_encoding(path)
    if guess is None or guess.declared:
        return None
    current = (layer.dataProvider().encoding() or "").upper().replace("-", "")
    if current == guess.encoding.upper().replace("-", ""):
        return None
    if guess.encoding == "UTF-8":
        return None
    return guess


# The core's reasons (English, Qt-free), translated for the notice.
_REASONS = (
    QT_TRANSLATE_NOOP("@default", "not UTF-8; reads as common simplified Chinese in GB18030"),
    QT_TRANSLATE_NOOP("@default", "not UTF-8 nor common GB text; valid Big5"),
    QT_TRANSLATE_NOOP("@default", "not UTF-8; GB18030 as the likeliest Chinese encoding"),
)


def encoding_notice(name: str, guess) -> str:
    """The notice that a layer's .dbf is read with a guessed encoding, translated."""

    return tr("{0}: the .dbf declares no encoding; reading it as {1} ({2}).").format(
        name, guess.encoding, tr(guess.reason)
    )


def with_detected_encoding(layer, feedback=None):
    """``layer`` itself, or a copy read with the guessed encoding (reported to feedback)."""
    guess = needed_encoding(layer)
    if guess is None:
        return layer
    fixed = layer.clone()
    fixed.setProviderEncoding(guess.encoding)
    if feedback is not None:
        feedback.pushInfo(encoding_notice(layer.name(), guess))
    return fixed


def fix_project_layer(layer) -> EncodingGuess | None:
    """Set the guessed encoding on a layer just added to the project; returns the guess."""
    guess = needed_encoding(layer)
    if guess is not None:
        layer.setProviderEncoding(guess.encoding)
    return guess
