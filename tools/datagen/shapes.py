"""Shape primitives: blobs, warps, relief, tessellations, rivers, corrupted rings."""

from __future__ import annotations

import math
import zlib

import numpy as np
import shapely

from .spec import _PI2


def _rng(seed: int, scale: str, part: str) -> np.random.Generator:
    """One independent stream per component: changing one part leaves the others alone."""
    return np.random.default_rng([int(seed), zlib.crc32(scale.encode()), zlib.crc32(part.encode())])


def _alloc(total: int, weights, minimum: int = 0) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.maximum(np.floor(raw).astype(int), minimum)
    frac = raw - np.floor(raw)
    while out.sum() < total:
        i = int(np.argmax(frac))
        out[i] += 1
        frac[i] = -1.0 if frac.max() > -1 else frac[i]
        if (frac < 0).all():
            frac = raw - np.floor(raw)
    while out.sum() > total:
        over = np.flatnonzero(out > minimum)
        out[over[np.argmax(out[over])]] -= 1
    return out


def _names(rng, n: int, first: str, second, suffix: str = "", taken=()) -> list[str]:
    """``n`` distinct names first-char + second (+ suffix), none of them in ``taken``."""
    taken = set(taken)
    combos = [a + b for a in first for b in second if a != b and a + b + suffix not in taken]
    if n > len(combos):
        raise ValueError(f"name pool too small: {n} > {len(combos)}")
    pick = rng.choice(len(combos), size=n, replace=False)
    return [combos[i] + suffix for i in pick]


def _short(name: str) -> str:
    for suffix in ("区", "县", "市"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


def _explode(geoms) -> tuple[np.ndarray, np.ndarray]:
    """All single parts of ``geoms`` (collections flattened), with the input index."""
    geoms = np.asarray(geoms, dtype=object)
    parts, idx = shapely.get_parts(geoms, return_index=True)
    while True:
        multi = np.isin(shapely.get_type_id(parts), (4, 5, 6, 7))
        if not multi.any():
            return parts, idx
        sub, sub_idx = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        idx = np.concatenate([idx[~multi], idx[multi][sub_idx]])
        order = np.argsort(idx, kind="stable")
        parts, idx = parts[order], idx[order]


def _multi(geoms, kind: str = "polygon", min_size: float = 0.0) -> np.ndarray:
    """Each geometry as a MultiPolygon / MultiLineString of its parts of that kind.

    Null input and input with no part of the kind left give None.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.full(len(geoms), None, dtype=object)
    present = np.flatnonzero(~shapely.is_missing(geoms))
    if not len(present):
        return out
    parts, idx = _explode(geoms[present])
    if kind == "polygon":
        keep = shapely.get_type_id(parts) == 3
        if min_size:
            keep &= shapely.area(parts) >= min_size
    else:
        keep = shapely.get_type_id(parts) == 1
        if min_size:
            keep &= shapely.length(parts) >= min_size
    parts, idx = parts[keep], present[idx[keep]]
    build = shapely.multipolygons if kind == "polygon" else shapely.multilinestrings
    build(parts, indices=idx, out=out)
    return out


def _sample_in(rng, geom, n: int, weight=None) -> np.ndarray:
    """``n`` random points (n, 2) inside ``geom``, thinned by ``weight(xy)`` in [0, 1] if given."""
    if n <= 0:
        return np.zeros((0, 2))
    shapely.prepare(geom)
    x0, y0, x1, y1 = shapely.bounds(geom)
    share = max(shapely.area(geom) / max((x1 - x0) * (y1 - y0), 1.0), 0.05)
    found = []
    count = 0
    while count < n:
        m = int(max(64, 1.5 * (n - count) / share))
        xy = np.column_stack([rng.uniform(x0, x1, m), rng.uniform(y0, y1, m)])
        ok = shapely.contains_xy(geom, xy[:, 0], xy[:, 1])
        if weight is not None:
            ok &= rng.uniform(size=m) < weight(xy)
        xy = xy[ok]
        found.append(xy)
        count += len(xy)
    return np.concatenate(found)[:n]


def _star_coords(rng, centre, area, n_vert, rough, aspect, angle, harmonics) -> np.ndarray:
    """Closed rings (n, n_vert + 1, 2) of noisy star-shaped blobs with the given areas."""
    centre = np.atleast_2d(np.asarray(centre, dtype=float))
    n = len(centre)
    area = np.broadcast_to(np.asarray(area, dtype=float), (n,))
    rough = np.broadcast_to(np.asarray(rough, dtype=float), (n,))
    aspect = np.broadcast_to(np.asarray(aspect, dtype=float), (n,))
    angle = np.broadcast_to(np.asarray(angle, dtype=float), (n,))
    theta = np.linspace(0.0, _PI2, n_vert, endpoint=False)
    ks = np.arange(2, harmonics + 1)
    amp = rng.normal(size=(n, len(ks))) * ks**-1.2
    amp *= (rough / np.maximum(np.abs(amp).sum(axis=1), 1e-9))[:, None]
    phase = rng.uniform(0.0, _PI2, size=(n, len(ks)))
    r = np.ones((n, n_vert))
    for j, k in enumerate(ks):
        r += amp[:, j, None] * np.cos(k * theta[None, :] + phase[:, j, None])
    r = np.maximum(r, 0.15)
    s = np.sqrt(aspect)[:, None]
    u = r * np.cos(theta) * s
    v = r * np.sin(theta) / s
    ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
    x = u * ca - v * sa
    y = u * sa + v * ca
    unit_area = 0.5 * np.abs((x * np.roll(y, -1, axis=1) - np.roll(x, -1, axis=1) * y).sum(axis=1))
    k = np.sqrt(area / unit_area)[:, None]
    coords = np.empty((n, n_vert + 1, 2))
    coords[:, :-1, 0] = x * k + centre[:, 0, None]
    coords[:, :-1, 1] = y * k + centre[:, 1, None]
    coords[:, -1] = coords[:, 0]
    return coords


def _blobs(rng, centre, area, *, n_vert=48, rough=(0.25, 0.5), aspect=(1.0, 2.0), harmonics=12):
    centre = np.atleast_2d(centre)
    n = len(centre)
    coords = _star_coords(
        rng,
        centre,
        area,
        n_vert,
        rng.uniform(*rough, n),
        rng.uniform(*aspect, n),
        rng.uniform(0, math.pi, n),
        harmonics,
    )
    return shapely.polygons(coords)


def _log_uniform(rng, lo, hi, n):
    return np.exp(rng.uniform(math.log(lo), math.log(hi), n))


def _clip(geoms, region) -> np.ndarray:
    """``geoms`` cut to ``region``; only those crossing its boundary go through an overlay."""
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    present = np.flatnonzero(~shapely.is_missing(geoms))
    tree = shapely.STRtree(geoms[present])
    cross = present[tree.query(region.boundary, predicate="intersects")]
    rest = np.setdiff1d(present, cross)
    rep = shapely.get_coordinates(shapely.point_on_surface(geoms[rest]))
    shapely.prepare(region)
    out[rest[~shapely.contains_xy(region, rep[:, 0], rep[:, 1])]] = None
    if len(cross):
        out[cross] = shapely.intersection(geoms[cross], region)
    return out


class _Greedy:
    """Greedily pick pairwise disjoint geometries from a candidate array, pass by pass."""

    def __init__(self, geoms, blocked=None):
        n = len(geoms)
        self.geoms = geoms
        self.tree = shapely.STRtree(geoms)
        a, b = self.tree.query(geoms, predicate="intersects")
        keep = a != b
        a, b = a[keep], b[keep]
        srt = np.argsort(a, kind="stable")
        self.nbr = b[srt]
        self.starts = np.searchsorted(a[srt], np.arange(n + 1))
        self.banned = np.zeros(n, dtype=bool) if blocked is None else blocked.copy()
        self.areas = shapely.area(geoms)

    def block_intersecting(self, geoms) -> None:
        self.banned[self.tree.query(geoms, predicate="intersects")[1]] = True

    def take(self, order, count: int | None = None, area: float | None = None) -> np.ndarray:
        """Visit ``order``, taking what is not banned, until ``count`` / ``area`` is reached."""
        taken = []
        total = 0.0
        for i in order:
            if (count is not None and len(taken) >= count) or (area is not None and total >= area):
                break
            if self.banned[i]:
                continue
            taken.append(i)
            self.banned[i] = True
            self.banned[self.nbr[self.starts[i] : self.starts[i + 1]]] = True
            total += self.areas[i]
        return np.asarray(taken, dtype=np.int64)


class _Warp:
    """A smooth displacement field x -> x + D(x), a sum of sine waves.

    The Lipschitz constant of D is at most ``gradient``; below 1 the map is one-to-one, so
    warped polygons stay valid and a tessellation stays a tessellation.
    """

    def __init__(self, rng, wavelengths, gradient: float, waves: int = 3):
        per = gradient / (len(wavelengths) * waves)
        ks, amps, phases = [], [], []
        for lam in wavelengths:
            for _ in range(waves):
                k = _PI2 / lam
                ang = rng.uniform(0, _PI2)
                ks.append((k * math.cos(ang), k * math.sin(ang)))
                d = rng.uniform(0, _PI2)
                amps.append((per / k * math.cos(d), per / k * math.sin(d)))
                phases.append(rng.uniform(0, _PI2))
        self.k = np.asarray(ks)
        self.a = np.asarray(amps)
        self.phi = np.asarray(phases)

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        out = np.array(xy, dtype=float, copy=True)
        step = 200_000
        for s in range(0, len(out), step):
            chunk = xy[s : s + step, :2]
            out[s : s + step, :2] += np.sin(chunk @ self.k.T + self.phi) @ self.a
        return out

    def geoms(self, geoms, densify: float | None = None):
        if densify:
            geoms = shapely.segmentize(geoms, densify)
        return shapely.transform(geoms, self)


class _Relief:
    """Mountain ranges: a sum of rotated anisotropic Gaussians in [0, 1], read from a grid."""

    def __init__(self, rng, outline, n: int):
        self.n = n
        self.centre = _sample_in(rng, outline, n)
        self.sig_long = rng.uniform(6e3, 18e3, n)
        self.sig_short = self.sig_long * rng.uniform(0.25, 0.5, n)
        self.angle = rng.uniform(0, math.pi, n)
        self.weight = rng.uniform(0.6, 1.0, n)
        x0, y0, x1, y1 = shapely.bounds(outline)
        self.res = max(250.0, math.sqrt((x1 - x0) * (y1 - y0)) / 700)
        self.x0, self.y0 = x0 - 2 * self.res, y0 - 2 * self.res
        nx = int((x1 - self.x0) / self.res) + 3
        ny = int((y1 - self.y0) / self.res) + 3
        gx = self.x0 + self.res * np.arange(nx)
        gy = self.y0 + self.res * np.arange(ny)
        grid = np.zeros((ny, nx))
        for c, sl, ss, a, w in zip(
            self.centre, self.sig_long, self.sig_short, self.angle, self.weight
        ):
            ix = slice(max(0, int((c[0] - 4 * sl - self.x0) / self.res)), None)
            iy = slice(max(0, int((c[1] - 4 * sl - self.y0) / self.res)), None)
            ix = slice(ix.start, min(nx, int((c[0] + 4 * sl - self.x0) / self.res) + 1))
            iy = slice(iy.start, min(ny, int((c[1] + 4 * sl - self.y0) / self.res) + 1))
            dx = gx[ix][None, :] - c[0]
            dy = gy[iy][:, None] - c[1]
            u = dx * math.cos(a) + dy * math.sin(a)
            v = -dx * math.sin(a) + dy * math.cos(a)
            grid[iy, ix] += w * np.exp(-0.5 * ((u / sl) ** 2 + (v / ss) ** 2))
        self.grid = np.clip(grid, 0.0, 1.0)

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        xy = np.atleast_2d(xy)
        ix = np.clip(
            ((xy[:, 0] - self.x0) / self.res).round().astype(int), 0, self.grid.shape[1] - 1
        )
        iy = np.clip(
            ((xy[:, 1] - self.y0) / self.res).round().astype(int), 0, self.grid.shape[0] - 1
        )
        return self.grid[iy, ix]

    def nearest(self, xy: np.ndarray) -> np.ndarray:
        """Index of the nearest range centre for each point."""
        xy = np.atleast_2d(xy)
        out = np.empty(len(xy), dtype=np.int64)
        for s in range(0, len(xy), 20_000):
            d = ((xy[s : s + 20_000, None, :] - self.centre[None, :, :]) ** 2).sum(axis=2)
            out[s : s + 20_000] = d.argmin(axis=1)
        return out


def _voronoi(seeds: np.ndarray, region) -> np.ndarray:
    if len(seeds) == 1:
        return np.array([region], dtype=object)
    coll = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=region, ordered=True)
    cells = shapely.get_parts(coll)
    return shapely.intersection(cells, region)


def _lloyd(seeds: np.ndarray, region, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    shapely.prepare(region)
    cells = _voronoi(seeds, region)
    for _ in range(iterations):
        c = shapely.centroid(cells)
        outside = ~shapely.contains_xy(region, *shapely.get_coordinates(c).T)
        if outside.any():
            c[outside] = shapely.point_on_surface(cells[outside])
        seeds = shapely.get_coordinates(c)
        cells = _voronoi(seeds, region)
    return seeds, cells


def _fractal_coords(rng, coords: np.ndarray, rel_amp: float, spacing: float) -> np.ndarray:
    """Displace a polyline sideways by a Brownian-bridge-like Fourier series (ends fixed)."""
    seg = np.hypot(*np.diff(coords, axis=0).T)
    length = seg.sum()
    if len(coords) < 4 or length < 4 * spacing:
        return coords
    t = np.concatenate([[0.0], np.cumsum(seg)]) / length
    j = np.arange(1, max(2, min(int(length / (2 * spacing)), 64)) + 1)
    a = rng.normal(size=len(j)) * rel_amp * min(length, 15e3) / j
    off = np.sin(math.pi * np.outer(t, j)) @ a
    off *= np.clip(np.minimum(t, 1 - t) * 8, 0, 1)
    tang = np.gradient(coords, axis=0)
    tang /= np.maximum(np.hypot(*tang.T), 1e-12)[:, None]
    return coords + off[:, None] * np.column_stack([-tang[:, 1], tang[:, 0]])


def _fractal_tessellation(rng, cells, seeds, rel_amp: float, spacing: float, fixed=None):
    """The tessellation ``cells`` with natural-looking borders.

    Every shared edge (between junctions) is densified and displaced once, so neighbours
    keep sharing it exactly; edges on ``fixed`` (a boundary line) are left as they are.
    ``seeds`` (one point inside each cell, far from its border) say which face is whose.
    """
    edges = shapely.get_parts(shapely.line_merge(shapely.union_all(shapely.boundary(cells))))
    mid = shapely.line_interpolate_point(edges, 0.5, normalized=True)
    keep = shapely.dwithin(mid, fixed, 0.01) if fixed is not None else np.zeros(len(edges), bool)
    coords, idx = shapely.get_coordinates(shapely.segmentize(edges, spacing), return_index=True)
    bounds = np.searchsorted(idx, np.arange(len(edges) + 1))
    lines = []
    for e in range(len(edges)):
        c = coords[bounds[e] : bounds[e + 1]]
        lines.append(c if keep[e] else _fractal_coords(rng, c, rel_amp, spacing))
    lines = np.array([shapely.linestrings(c) for c in lines], dtype=object)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))
    owner = np.full(len(faces), -1)
    si, fi = shapely.STRtree(faces).query(shapely.points(seeds), predicate="within")
    owner[fi] = si
    if len(np.unique(fi)) != len(fi) or len(np.unique(si)) != len(cells):
        owner[:] = -1  # a seed crossed a border: fall back to overlaps for every face
    loose = np.flatnonzero(owner < 0)
    if len(loose):
        lf, lc = shapely.STRtree(cells).query(faces[loose], predicate="intersects")
        overlap = shapely.area(shapely.intersection(faces[loose][lf], cells[lc]))
        best = np.full(len(loose), -1.0)
        for f, c, o in zip(lf, lc, overlap):
            if o > best[f]:
                best[f], owner[loose[f]] = o, c
    out = np.empty(len(cells), dtype=object)
    for k in range(len(cells)):
        mine = faces[owner == k]
        out[k] = mine[0] if len(mine) == 1 else shapely.union_all(mine)
    return out


def _meander(rng, start, end, spacing=200.0, wiggle=0.03, terms=24) -> np.ndarray:
    """A smooth meandering polyline (m, 2) from ``start`` to ``end``."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    length = float(np.hypot(*d))
    m = max(int(length / spacing), 8)
    t = np.linspace(0.0, 1.0, m)
    j = np.arange(1, terms + 1)
    amp = rng.normal(size=terms) * wiggle * length * j**-1.3
    offset = (amp[None, :] * np.sin(math.pi * j[None, :] * t[:, None])).sum(axis=1)
    perp = np.array([-d[1], d[0]]) / max(length, 1e-9)
    return start[None, :] + t[:, None] * d[None, :] + offset[:, None] * perp[None, :]


def _polyline(rng, points, spacing=200.0, wiggle=0.02) -> np.ndarray:
    out = [points[0][None, :]]
    for p, q in zip(points[:-1], points[1:]):
        out.append(_meander(rng, p, q, spacing, wiggle, terms=8)[1:])
    return np.concatenate(out)


def _site(rng, centre, area, aspect=(1.0, 2.0)) -> shapely.Polygon:
    """A jittered rectangle: a construction site or mine."""
    w = math.sqrt(area * rng.uniform(*aspect))
    h = area / w
    a = rng.uniform(0, math.pi)
    u = np.array([-0.5, 0.5, 0.5, -0.5]) * w * (1 + rng.uniform(-0.1, 0.1, 4))
    v = np.array([-0.5, -0.5, 0.5, 0.5]) * h * (1 + rng.uniform(-0.1, 0.1, 4))
    x = centre[0] + u * math.cos(a) - v * math.sin(a)
    y = centre[1] + u * math.sin(a) + v * math.cos(a)
    return shapely.Polygon(np.column_stack([x, y]))


def _corrupt(geom, kind: int, rng) -> shapely.Geometry:
    """Make one polygon part invalid: 0 -> bow-tie, 1 -> self-touching ring (inverted hole)."""
    parts = list(shapely.get_parts(geom))
    p = parts[0]
    ring = shapely.get_coordinates(p.exterior)[:-1]
    n = len(ring)
    for _ in range(20):
        i = int(rng.integers(1, n - 3))
        if kind == 0:
            new = ring.copy()
            new[[i, i + 2]] = new[[i + 2, i]]
        else:
            c = np.asarray(p.centroid.coords[0])
            a = ring[i] + 0.25 * (c - ring[i]) + 0.05 * (ring[i + 1] - ring[i])
            b = ring[i] + 0.25 * (c - ring[i]) - 0.05 * (ring[i + 1] - ring[i])
            new = np.concatenate([ring[: i + 1], [a, b, ring[i]], ring[i + 1 :]])
        holes = [shapely.get_coordinates(h) for h in p.interiors]
        cand = shapely.Polygon(np.vstack([new, new[:1]]), holes)
        if not cand.is_valid:
            parts[0] = cand
            return shapely.MultiPolygon(parts)
    return geom
