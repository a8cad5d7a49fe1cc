"""What a delineation takes and gives, and the records its stages pass on."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import geometry as _geometry
from .. import schema
from ..run import EcoZoningError
from ..values import text  # noqa: F401 (the stages' attribute-text rule)

LOG_COLUMNS = ["action", "layer", "fid", "message", "area_m2"]
GENERAL_SPLITS = ("county", "township")
PREVIOUS_LAYER = "PREVIOUS"
UNIT_COLUMNS = schema.field_names(schema.UNIT_FIELDS) + ["geometry"]

# Tolerance (m²) under which an overlay remainder counts as no area at all.
AREA_EPS = 1e-6


class DelineationError(EcoZoningError):
    """User error; the message names the layer and feature id, in Chinese then English."""


@dataclass
class SourceLayer:
    name: str
    frame: pd.DataFrame
    subtype_field: str | None = None
    name_field: str | None = None


@dataclass
class DelineationInput:
    admin: pd.DataFrame
    admin_layer_name: str = "ADMIN"
    townships: SourceLayer | None = None
    priority: list[SourceLayer] = field(default_factory=list)
    parks: SourceLayer | None = None
    key: list[SourceLayer] = field(default_factory=list)
    min_area: float = 0.0
    general_split: str = "county"
    previous: pd.DataFrame | None = None
    province: str = ""
    city: str = ""
    code_rule: schema.CodeRule = schema.DEFAULT_CODE_RULE
    grid_size: float = _geometry.GRID_SIZE


@dataclass
class DelineationResult:
    units: pd.DataFrame
    log: pd.DataFrame
    # the grid on which the units are known to form a clean coverage in the working CRS
    # (valid, edge-matched, no overlaps), so a writer in that CRS need not check it again;
    # None: not known
    clean_grid: float | None = None


@dataclass
class Layer:
    """A cleaned source layer, rows in canonical order."""

    name: str
    fid: np.ndarray
    geom: np.ndarray
    subtype: np.ndarray  # str per row
    label: np.ndarray  # park / township name per row ("" if none)

    def rows(self, index) -> Layer:
        """The layer restricted to rows ``index``."""
        return Layer(
            self.name, self.fid[index], self.geom[index], self.subtype[index], self.label[index]
        )


@dataclass
class Unit:
    county: int  # index into the county arrays
    cls: int
    subtype: str
    rank: int  # subtype precedence within the class
    tie: tuple  # last tie-break for code order (park name + canonical row, township row)
    base: str  # name before the class words
    geom: object
    layer: str = ""
    fid: object = None


def unit_name(base: str, unit_class: int) -> str:
    """``base`` + class words, without doubling them."""
    suffix = schema.CLASS_UNIT_SUFFIX_ZH[unit_class]
    label = schema.CLASS_LABELS_ZH[unit_class]
    if base.endswith(suffix):
        return base
    if base.endswith(label):
        return base + suffix[len(label) :]
    return base + suffix
