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
