"""Official area: THE one area rule of the plugin, and nothing else computes it.

MJ and every official area (delineation, statistics, the checks' A06, the unit panel,
compliance and overlap areas, reports) is the planar area in the CGCS2000 3°
Gauss–Krüger zone of each feature's own point on surface (zone = round(lon / 3),
EPSG:4488 + zone), so a unit's area never depends on the other features of its layer.
Features are grouped by zone, one vectorised transform per group (Krüger series,
sub-millimetre). Option, per project: the ellipsoidal area on the CGCS2000 ellipsoid
(椭球面积, as land surveys give it). The engines call ``official_m2``; the algorithms say
which CRS the geometries are in and which rule holds with ``using(AreaRule(epsg, rule))``.
"""

from __future__ import annotations

import contextvars
import math
from contextlib import contextmanager

import numpy as np
import shapely

# CGCS2000 / 3-degree Gauss-Kruger zone 25 .. zone 45 (with zone prefix in the easting).
GK3_FIRST_ZONE = 25
GK3_LAST_ZONE = 45
GK3_ZONE_PREFIX_EPSG_OFFSET = 4488  # zone n -> EPSG:(4488 + n), 4513..4533
GK3_CM_ONLY_EPSG_OFFSET = 4509  # zone n -> EPSG:(4509 + n), 4534..4554 (no zone prefix)
CGCS2000_GEOGRAPHIC_EPSG = 4490


def gk3_zone(longitude: float) -> int:
    """3° zone number whose central meridian (3 × zone) is nearest to ``longitude``.

    Half-way longitudes (zone borders at 1.5° + 3k) go to the eastern zone.
    """
    if longitude is None or not math.isfinite(longitude):
        raise ValueError(f"longitude must be a finite number: {longitude!r}")
    zone = int(math.floor(longitude / 3.0 + 0.5))
    if not GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
        raise ValueError(
            f"longitude {longitude:.4f} is outside China's CGCS2000 3° zones "
            f"({GK3_FIRST_ZONE}..{GK3_LAST_ZONE}, 73.5°E..136.5°E)"
        )
    return zone


def gk3_epsg(zone: int) -> int:
    if not GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
        raise ValueError(f"no CGCS2000 3° zone {zone}")
    return GK3_ZONE_PREFIX_EPSG_OFFSET + zone


def gk3_epsg_for_longitude(longitude: float) -> int:
    return gk3_epsg(gk3_zone(longitude))


def gk3_zone_of_epsg(epsg: int) -> int | None:
    """Zone number of a CGCS2000 3° GK EPSG code (either variant), else None."""
    for offset in (GK3_ZONE_PREFIX_EPSG_OFFSET, GK3_CM_ONLY_EPSG_OFFSET):
        zone = epsg - offset
        if GK3_FIRST_ZONE <= zone <= GK3_LAST_ZONE:
            return zone
    return None


def planar_area(geometries) -> np.ndarray:
    """Planar area (in CRS units²) of shapely geometries; None/empty give 0."""
    geoms = np.asarray(geometries, dtype=object)
    areas = shapely.area(geoms)
    return np.nan_to_num(np.asarray(areas, dtype=float), nan=0.0)


def m2_to_km2(area_m2):
    return np.asarray(area_m2, dtype=float) / 1e6


# --- the one area rule ----------------------------------------------------------------------
#
# Official area of a feature: planar area in the CGCS2000 3° GK zone of the feature's own
# point-on-surface (zone = round(lon / 3)), whatever layer it shares and whatever CRS it comes
# in. Option (project level): ellipsoidal area on the CGCS2000 ellipsoid, as land surveys
# give it (椭球面积), with edges straight in longitude/latitude.

PLANAR_ZONE = "planar_zone"
ELLIPSOIDAL = "ellipsoidal"
AREA_RULES = (PLANAR_ZONE, ELLIPSOIDAL)
RULE_DESCRIPTIONS = {
    PLANAR_ZONE: "planar area in the CGCS2000 3° Gauss-Krüger zone of each feature "
    "(EPSG:4513-4533, zone of its point on surface)",
    ELLIPSOIDAL: "ellipsoidal area on the CGCS2000 ellipsoid",
}
RULE_DESCRIPTIONS_ZH = {
    PLANAR_ZONE: "各要素所在 CGCS2000 3 度带高斯-克吕格投影平面面积（按要素内点经度定带，EPSG:4513–4533）",
    ELLIPSOIDAL: "CGCS2000 椭球面面积",
}

_A = 6378137.0  # CGCS2000 semi-major axis
_F = 1.0 / 298.257222101  # CGCS2000 flattening
_E2 = _F * (2.0 - _F)
_E = math.sqrt(_E2)
_N = _F / (2.0 - _F)


def _kruger():
    n = _N
    big_a = _A / (1 + n) * (1 + n**2 / 4 + n**4 / 64 + n**6 / 256)
    alpha = (
        n / 2
        - 2 * n**2 / 3
        + 5 * n**3 / 16
        + 41 * n**4 / 180
        - 127 * n**5 / 288
        + 7891 * n**6 / 37800,
        13 * n**2 / 48
        - 3 * n**3 / 5
        + 557 * n**4 / 1440
        + 281 * n**5 / 630
        - 1983433 * n**6 / 1935360,
        61 * n**3 / 240 - 103 * n**4 / 140 + 15061 * n**5 / 26880 + 167603 * n**6 / 181440,
        49561 * n**4 / 161280 - 179 * n**5 / 168 + 6601661 * n**6 / 7257600,
        34729 * n**5 / 80640 - 3418889 * n**6 / 1995840,
        212378941 * n**6 / 319334400,
    )
    beta = (
        n / 2
        - 2 * n**2 / 3
        + 37 * n**3 / 96
        - n**4 / 360
        - 81 * n**5 / 512
        + 96199 * n**6 / 604800,
        n**2 / 48 + n**3 / 15 - 437 * n**4 / 1440 + 46 * n**5 / 105 - 1118711 * n**6 / 3870720,
        17 * n**3 / 480 - 37 * n**4 / 840 - 209 * n**5 / 4480 + 5569 * n**6 / 90720,
        4397 * n**4 / 161280 - 11 * n**5 / 504 - 830251 * n**6 / 7257600,
        4583 * n**5 / 161280 - 108847 * n**6 / 3991680,
        20648693 * n**6 / 638668800,
    )
    return big_a, np.array(alpha), np.array(beta)


_BIG_A, _ALPHA, _BETA = _kruger()
_J2 = 2.0 * np.arange(1, 7)


def _false_easting(zone: int, prefixed: bool) -> float:
    return 500_000.0 + (zone * 1_000_000.0 if prefixed else 0.0)


def gk_forward(lon, lat, zone: int, prefixed: bool = True):
    """Longitude/latitude (degrees, CGCS2000) -> Gauss-Krüger easting/northing in ``zone``.

    Krüger series to n⁶ (sub-millimetre within a zone); ``prefixed``: easting with the zone
    number in front (EPSG:4513-4533), else the central-meridian-only variant (4534-4554).
    """
    lam = np.radians(np.asarray(lon, dtype=float) - 3.0 * zone)
    phi = np.radians(np.asarray(lat, dtype=float))
    s = np.sin(phi)
    t = np.sinh(np.arctanh(s) - _E * np.arctanh(_E * s))
    xi_p = np.arctan2(t, np.cos(lam))
    eta_p = np.arctanh(np.sin(lam) / np.sqrt(1 + t * t))
    j = _J2[:, None]
    xi = xi_p + (_ALPHA[:, None] * np.sin(j * xi_p) * np.cosh(j * eta_p)).sum(axis=0)
    eta = eta_p + (_ALPHA[:, None] * np.cos(j * xi_p) * np.sinh(j * eta_p)).sum(axis=0)
    return _false_easting(zone, prefixed) + _BIG_A * eta, _BIG_A * xi


def gk_inverse(x, y, zone: int, prefixed: bool = True):
    """Gauss-Krüger easting/northing in ``zone`` -> longitude/latitude (degrees, CGCS2000)."""
    eta = (np.asarray(x, dtype=float) - _false_easting(zone, prefixed)) / _BIG_A
    xi = np.asarray(y, dtype=float) / _BIG_A
    j = _J2[:, None]
    xi_p = xi - (_BETA[:, None] * np.sin(j * xi) * np.cosh(j * eta)).sum(axis=0)
    eta_p = eta - (_BETA[:, None] * np.cos(j * xi) * np.sinh(j * eta)).sum(axis=0)
    lam = np.arctan2(np.sinh(eta_p), np.cos(xi_p))
    tau_p = np.sin(xi_p) / np.sqrt(np.sinh(eta_p) ** 2 + np.cos(xi_p) ** 2)  # tan(conformal lat)
    tau = tau_p.copy()
    for _ in range(5):  # Newton on tau' (tau) = tau_p (Karney 2011)
        sigma = np.sinh(_E * np.arctanh(_E * tau / np.sqrt(1 + tau * tau)))
        taui = tau * np.sqrt(1 + sigma * sigma) - sigma * np.sqrt(1 + tau * tau)
        tau += (
            (tau_p - taui)
            / np.sqrt(1 + taui * taui)
            * (1 + (1 - _E2) * tau * tau)
            / ((1 - _E2) * np.sqrt(1 + tau * tau))
        )
    return 3.0 * zone + np.degrees(lam), np.degrees(np.arctan(tau))


def _crs_kind(epsg: int) -> tuple[int | None, bool]:
    """(zone, prefixed) of a CGCS2000 3° GK EPSG code; (None, False) for EPSG:4490."""
    if epsg == CGCS2000_GEOGRAPHIC_EPSG:
        return None, False
    zone = gk3_zone_of_epsg(epsg)
    if zone is None:
        raise ValueError(
            f"official areas need CGCS2000 coordinates (EPSG:4490 or 4513-4554): {epsg}"
        )
    return zone, epsg - GK3_ZONE_PREFIX_EPSG_OFFSET == zone


def _to_lonlat(geoms, epsg: int):
    zone, prefixed = _crs_kind(epsg)
    if zone is None:
        return geoms

    def inverse(xy):
        lon, lat = gk_inverse(xy[:, 0], xy[:, 1], zone, prefixed)
        return np.column_stack([lon, lat])

    return shapely.transform(geoms, inverse)


def feature_zones(geoms, epsg: int) -> np.ndarray:
    """3° zone of each geometry's point on surface (0 where the geometry is missing)."""
    geoms = np.asarray(geoms, dtype=object)
    zones = np.zeros(len(geoms), dtype=int)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return zones
    points = shapely.point_on_surface(geoms[present])
    zone, prefixed = _crs_kind(epsg)
    lon = shapely.get_x(points)
    if zone is not None:
        lon, _ = gk_inverse(lon, shapely.get_y(points), zone, prefixed)
    zones[present] = np.floor(lon / 3.0 + 0.5).astype(int)
    bad = present & ((zones < GK3_FIRST_ZONE) | (zones > GK3_LAST_ZONE))
    if bad.any():
        raise ValueError("features outside China's CGCS2000 3° zones (73.5°E..136.5°E)")
    return zones


def _authalic_integral(sin_phi):
    """∫ M N cos φ dφ from the equator: the area under a parallel per radian of longitude."""
    return (
        _A
        * _A
        * (1 - _E2)
        * (sin_phi / (2 * (1 - _E2 * sin_phi**2)) + np.arctanh(_E * sin_phi) / (2 * _E))
    )


_GL_T = np.array([0.5 - math.sqrt(15) / 10, 0.5, 0.5 + math.sqrt(15) / 10])
_GL_W = np.array([5 / 18, 8 / 18, 5 / 18])


def ellipsoidal_area(lonlat_geoms) -> np.ndarray:
    """Area (m²) on the CGCS2000 ellipsoid of polygons in longitude/latitude degrees."""
    geoms = np.asarray(lonlat_geoms, dtype=object)
    out = np.zeros(len(geoms))
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return out
    rows = np.flatnonzero(present)
    polys, poly_row = shapely.get_parts(geoms[present], return_index=True)
    polys_ok = shapely.get_type_id(polys) == int(shapely.GeometryType.POLYGON)
    polys, poly_row = polys[polys_ok], poly_row[polys_ok]
    rings, ring_poly = shapely.get_rings(polys, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[1:] == ring_of[:-1]
    lam = np.radians(coords[:, 0])
    phi = np.radians(coords[:, 1])
    d_lam = (lam[1:] - lam[:-1])[same]
    phi0, d_phi = phi[:-1][same], (phi[1:] - phi[:-1])[same]
    f = _authalic_integral(np.sin(phi0[:, None] + _GL_T[None, :] * d_phi[:, None])) @ _GL_W
    ring_area = np.abs(np.bincount(ring_of[:-1][same], weights=-f * d_lam, minlength=len(rings)))
    first = np.r_[True, ring_poly[1:] != ring_poly[:-1]]
    signed = np.where(first, ring_area, -ring_area)
    out[rows] = np.bincount(poly_row[ring_poly], weights=signed, minlength=len(rows))
    return out


def official_area_m2(geometries, epsg: int, rule: str = PLANAR_ZONE) -> np.ndarray:
    """THE official area (m²) of polygons in EPSG:4490 or a CGCS2000 3° GK zone.

    ``PLANAR_ZONE``: planar area in the 3° zone of each feature's own point on surface, so a
    feature's area never depends on the other features of its layer; features are grouped
    by zone, one transform per group. ``ELLIPSOIDAL``: area on the CGCS2000 ellipsoid.
    """
    if rule not in AREA_RULES:
        raise ValueError(f"unknown area rule {rule!r}")
    geoms = np.asarray(geometries, dtype=object)
    out = np.zeros(len(geoms))
    if not len(geoms):
        return out
    if rule == ELLIPSOIDAL:
        return ellipsoidal_area(_to_lonlat(geoms, epsg))
    zones = feature_zones(geoms, epsg)
    src_zone, prefixed = _crs_kind(epsg)
    for zone in np.unique(zones[zones > 0]):
        sel = zones == zone
        if zone == src_zone:
            out[sel] = planar_area(geoms[sel])
            continue
        lonlat = _to_lonlat(geoms[sel], epsg)

        def forward(xy, zone=int(zone)):
            x, y = gk_forward(xy[:, 0], xy[:, 1], zone)
            return np.column_stack([x, y])

        out[sel] = planar_area(shapely.transform(lonlat, forward))
    return out


def rule_description(rule: str = PLANAR_ZONE) -> str:
    return RULE_DESCRIPTIONS[rule]


class AreaRule:
    """How the engines measure official area: ``epsg`` of the geometries they get (None:
    plain planar area in CRS units, for metre data outside CGCS2000) and the rule."""

    def __init__(self, epsg: int | None = None, rule: str = PLANAR_ZONE):
        if rule not in AREA_RULES:
            raise ValueError(f"unknown area rule {rule!r}")
        self.epsg = epsg
        self.rule = rule

    def m2(self, geometries) -> np.ndarray:
        if self.epsg is None:
            return planar_area(geometries)
        return official_area_m2(geometries, self.epsg, self.rule)

    def description(self) -> str:
        if self.epsg is None:
            return "planar area in the layer's CRS"
        return rule_description(self.rule)

    def description_zh(self) -> str:
        """For reports: which rule the areas follow."""
        if self.epsg is None:
            return "图层坐标系下的平面面积"
        return RULE_DESCRIPTIONS_ZH[self.rule]


_CURRENT: contextvars.ContextVar[AreaRule | None] = contextvars.ContextVar(
    "ecozoning_area_rule", default=None
)


@contextmanager
def using(rule: AreaRule):
    """Within this block, ``official_m2`` measures by ``rule`` (the algorithms set the
    working CRS's EPSG and the project's rule around their engine calls)."""
    token = _CURRENT.set(rule)
    try:
        yield rule
    finally:
        _CURRENT.reset(token)


def current() -> AreaRule:
    return _CURRENT.get() or AreaRule()


def official_m2(geometries) -> np.ndarray:
    """Official area (m²) by the rule in force (``using``); plain planar area otherwise."""
    return current().m2(geometries)
