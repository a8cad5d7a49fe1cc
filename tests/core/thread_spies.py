"""A spy on the per-thread geometry clones, for the thread tests of every engine."""


def record_private_geometries(monkeypatch, chunked, *users) -> list:
    """The number of slices of each ``PrivateGeometries`` made from now on (one is made
    only where work really runs on threads). ``chunked`` is the module as the test imports
    it (``plugin.core.geometry.chunked`` in the core tests, under ``eco_zoning.`` in QGIS);
    ``users`` are modules that imported the class by name (``chunk_map``)."""
    made = []

    class Private(chunked.PrivateGeometries):
        def __init__(self, arrays, bounds):
            made.append(len(bounds))
            super().__init__(arrays, bounds)

    for module in (chunked, *users):
        monkeypatch.setattr(module, "PrivateGeometries", Private)
    return made


def geos_factories(geoms) -> list:
    """The GEOS GeometryFactory of each geometry, as an address (0 for None): what GEOS
    counts the geometries derived from one another on, with a count that is not atomic.

    Read through ``geos::geom::Geometry::getPrecisionModel()`` (exported by libgeos), which
    returns the address of the precision model held inside the geometry's factory."""
    get = _precision_model_of()
    return [get(g._geom) if g is not None else 0 for g in geoms]


def default_factory() -> int:
    """GEOS's default factory (never freed: counts lost on it do no harm)."""
    import shapely

    return geos_factories([shapely.box(0, 0, 1, 1)])[0]


_GET_PM = []


def _precision_model_of():
    import ctypes

    import shapely  # noqa: F401  (loads libgeos)

    if not _GET_PM:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            path = next(
                line.split()[-1] for line in maps if "/libgeos-" in line or "/libgeos.so" in line
            )
        get = ctypes.CDLL(path)._ZNK4geos4geom8Geometry17getPrecisionModelEv
        get.argtypes, get.restype = [ctypes.c_void_p], ctypes.c_void_p
        _GET_PM.append(get)
    return _GET_PM[0]


def record_thread_factories(monkeypatch, chunked, *users) -> list:
    """Per ``PrivateGeometries`` made from now on: (the GEOS factories of the caller's
    geometries, {thread: factories of the geometries its chunks handed it}). The handed
    geometries are kept, so no factory is freed and its address reused during the run."""
    import threading

    import numpy as np

    runs, kept = [], []

    class Private(chunked.PrivateGeometries):
        def __init__(self, arrays, bounds):
            super().__init__(arrays, bounds)
            caller = {f for a in arrays if a.dtype == object for f in geos_factories(_geoms(a))}
            self.seen = {}
            runs.append((caller, self.seen))

        def chunk(self, start, stop):
            parts = super().chunk(start, stop)
            kept.append(parts)
            mine = self.seen.setdefault(threading.get_ident(), set())
            for a in parts:
                if a.dtype == object:
                    mine.update(geos_factories(_geoms(a)))
            return parts

    def _geoms(a):
        import shapely

        return list(np.asarray(a, dtype=object)[shapely.is_geometry(a)])

    for module in (chunked, *users):
        monkeypatch.setattr(module, "PrivateGeometries", Private)
    return runs


def shared_factories(runs) -> set:
    """The factories (other than GEOS's default one) that a worker thread was handed while
    the caller or another thread of the same run held geometries on them too."""
    bad = set()
    for caller, seen in runs:
        threads = list(seen.values())
        for k, mine in enumerate(threads):
            others = set(caller).union(*threads[:k], *threads[k + 1 :])
            bad |= mine & others
    return bad - {0, default_factory()}
