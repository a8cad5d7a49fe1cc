"""The unit-layer field mapping the unit panel saves in the project, for the algorithms.

The panel (``controllers/unit_editor.py``) stores it as JSON under the project entry
``EcoZoning/mapping/<layer id>``; only fields the layer still has are used.
"""

from __future__ import annotations

import json

PROJECT_SCOPE = "EcoZoning"


def saved_mapping(project, layer) -> dict | None:
    """{schema name: field} saved for ``layer`` in ``project``, or None."""
    if project is None or layer is None:
        return None
    stored, found = project.readEntry(PROJECT_SCOPE, f"mapping/{layer.id()}", "")
    if not found or not stored:
        return None
    try:
        mapping = json.loads(stored)
    except ValueError:
        return None
    names = layer.fields().names()
    return {k: v for k, v in mapping.items() if isinstance(v, str) and v in names}
