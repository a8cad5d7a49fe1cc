"""ecozoning:checkunits reads a large file farmland layer in slices (each cleaned and let go
before the next is read) and writes what it writes from the whole layer."""

from __future__ import annotations

from layers import layer_digest
from qgis.core import QgsVectorLayer
from versions_data import delineation_parameters, sample_layer

from eco_zoning.plugin.adapters import layers as layer_io
from eco_zoning.plugin.core import schema
from eco_zoning.processing_provider.algorithms.check_units import CheckUnits


def test_farmland_in_slices_writes_the_same_problems(run_algorithm, tmp_path, monkeypatch):
    units = tmp_path / "units.gpkg"
    run_algorithm("ecozoning:delineateunits", delineation_parameters(str(units)))
    reads = []
    read_frame = layer_io.read_frame

    def spy(source, *args, **kwargs):
        reads.append((source.sourceName(), kwargs.get("fids")))
        return read_frame(source, *args, **kwargs)

    monkeypatch.setattr(layer_io, "read_frame", spy)
    farmland = sample_layer("farmland", "永久基本农田")
    assert farmland.isValid()
    n_farm = farmland.featureCount()
    digests, slices = [], []
    for rows in (CheckUnits.SLICE_ROWS, 300):
        monkeypatch.setattr(CheckUnits, "SLICE_ROWS", rows)
        reads.clear()
        out = tmp_path / f"errors_{rows}.gpkg"
        run_algorithm(
            "ecozoning:checkunits",
            {
                "UNITS": str(units),
                "ADMIN": sample_layer("county", "区县"),
                "ADMIN_CODE_FIELD": "XZQDM",
                "RED_LINE": sample_layer("red_line", "生态保护红线"),
                "FARMLAND": farmland,
                "PARKS": sample_layer("park", "产业园区"),
                "OUTPUT_ERRORS": str(out),
            },
        )
        layer = QgsVectorLayer(str(out), "errors", "ogr")
        assert layer.isValid() and layer.featureCount() > 0
        digests.append(layer_digest(layer, 0))
        slices.append([len(fids) for _, fids in reads if fids is not None])
    assert slices[0] == []  # 2,000 parcels: one whole read
    assert slices[1] == [300] * (n_farm // 300) + [n_farm % 300]  # the rest in slices
    assert digests[0] == digests[1]
    codes = {f[schema.CHK_CODE] for f in QgsVectorLayer(str(out), "e", "ogr").getFeatures()}
    assert codes  # problems were found and written the same both ways
