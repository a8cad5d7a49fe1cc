"""What a check run takes (``CheckInput``) and gives back (``CheckResult``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import schema
from ..geometry import GRID_SIZE, REPAIR_COLUMNS

LateFrame = pd.DataFrame | Iterable[pd.DataFrame] | None  # what a late layer's reader gives


@dataclass
class CheckInput:
    units: pd.DataFrame
    admin: pd.DataFrame | None = None
    red_line: pd.DataFrame | None = None
    # farmland, urban boundary and parks may also be functions giving the frame, called
    # once when their check runs (a large layer is then read late and let go once cleaned),
    # or giving an iterable of frames: slices of the layer, each cleaned and let go before
    # the next is read (a million farmland parcels are never held at once)
    farmland: pd.DataFrame | Callable[[], LateFrame] | None = None
    urban_boundary: pd.DataFrame | Callable[[], LateFrame] | None = None
    parks: pd.DataFrame | Callable[[], LateFrame] | None = None
    access_codes: set[str] | None = None
    sliver_area: float = 100.0
    tolerance: float = 0.01
    code_rule: schema.CodeRule = schema.DEFAULT_CODE_RULE
    grid_size: float = GRID_SIZE
    # additions to the brief (documented in the package docstring)
    sliver_thinness: float = 0.01
    sliver_width: float = 5.0
    area_rel_tolerance: float = 0.001
    area_abs_tolerance_km2: float = 0.0001
    park_share: float = 0.5  # with a park layer: key units at least this share inside parks
    coverage_tolerance: float = 1.0  # m², C01
    # G01 as the layer is in its own CRS (what QGIS's Check Validity says): per unit row
    # "" when valid, else GEOS's reason; None: validity in the CRS the geometries come in
    native_reasons: np.ndarray | None = None
    # T01 as GEOS sees the layer in its own CRS: (rows a, rows b, overlap geometries in the
    # working CRS, their areas m²); pairs over ``tolerance`` the working CRS misses are added
    native_overlaps: tuple | None = None
    # names of the layers for the repair log, by CheckInput field ("red_line", "admin"...)
    layer_names: dict = field(default_factory=dict)
    # G03 multipart hints: off by default (a unit of one class per county is often in
    # several parts by design); when on, one point marker per part, area 0, the part count.
    report_multipart: bool = False
    # frames that arrive while the run goes on (``pending.take_pending``): step -> {field:
    # frame}, blocking until they are there; None when every layer is given up front
    pending: Callable[[str], dict] | None = None


@dataclass
class CheckResult:
    errors: pd.DataFrame
    summary: pd.DataFrame
    skipped: dict[str, str] = field(default_factory=dict)  # check code -> reason (Chinese)
    # every repaired feature of the other layers (geometry.REPAIR_COLUMNS); the units'
    # own invalid geometries are G01 errors
    repairs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPAIR_COLUMNS))
