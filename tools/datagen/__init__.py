"""Seeded, deterministic synthetic data for EcoZoning (生态环境分区管控).

Dev tool (not shipped in the plugin zip). ``generate(scale, seed)`` builds the input layers
of a FICTIONAL place: ``"sample"`` (the small city shipped with the plugin), ``"county"``,
``"city"`` (about ten counties) or ``"province"`` (about a hundred counties, for
benchmarks); ``write_gpkg`` writes them to a GeoPackage through GDAL/OGR.

Everything is generated in metres in a local frame centred on 117.0°E 30.6°N and moved
into CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527, easting with the zone prefix) at
the end. The county layer and the project points are reprojected with osr to CGCS2000
geographic coordinates (EPSG:4490), as such data often arrives.

How it is built, in short:

* the outline is a noisy star-shaped polygon; counties are Voronoi cells (Lloyd-relaxed)
  of it, townships Voronoi cells of each county; every shared edge is then replaced once by
  a fractal line (so neighbours still share it exactly), and both tessellations are bent by
  a smooth displacement field (Lipschitz < 1, so they stay valid); the township layer gets
  a second small field on top, so its borders miss the county borders by a few metres to
  about ten metres (slivers), as when two sources are overlaid;
* a relief field (anisotropic Gaussian "mountain ranges") drives where the red line,
  nature reserves, reservoirs and rural townships are, and where farmland is not;
* red line, parks, reserves are noisy blobs (a few with holes, some multipart), kept
  disjoint within a layer by a greedy pass over an STRtree; the red line also holds river
  corridors; some parks are overlapped by red line on purpose (a realistic conflict);
* a small share of red-line and farmland features have invalid rings (bow-ties and
  self-touching rings), and the red line has one null geometry.

All names and codes are fictional: administrative codes use the unassigned province
prefix 99. Generated two-character names may still coincide with real place names
somewhere; the codes and geometry do not.
"""

from .city import City, generate, generate_timed
from .frame import origin, reproject, srs
from .output import summary, write_gpkg
from .spec import (
    CENTRE_LAT,
    CENTRE_LON,
    DEFAULT_SEED,
    GEOGRAPHIC_EPSG,
    GPKG_DATE,
    HIGH_EMISSION_PARKS,
    LAYER_TITLES,
    PARK_FIRST_TYPES,
    PARK_INDUSTRIES,
    PARK_OTHER_TYPES,
    PROJECT_TEMPLATES,
    PROVINCE_PREFIX,
    RED_LINE_RIVER_TYPE,
    RED_LINE_TYPES,
    RESERVE_LEVELS,
    RESERVE_TYPE_WEIGHTS,
    RESERVE_TYPES,
    SAMPLE_CITY,
    SAMPLE_COUNTIES,
    SAMPLE_DISTRICTS,
    SAMPLE_TRUNK_RIVER,
    SCALES,
    ZONE39_EPSG,
    Layer,
    Scale,
)

__all__ = [
    "CENTRE_LAT",
    "CENTRE_LON",
    "City",
    "DEFAULT_SEED",
    "GEOGRAPHIC_EPSG",
    "GPKG_DATE",
    "HIGH_EMISSION_PARKS",
    "LAYER_TITLES",
    "Layer",
    "PARK_FIRST_TYPES",
    "PARK_INDUSTRIES",
    "PARK_OTHER_TYPES",
    "PROJECT_TEMPLATES",
    "PROVINCE_PREFIX",
    "RED_LINE_RIVER_TYPE",
    "RED_LINE_TYPES",
    "RESERVE_LEVELS",
    "RESERVE_TYPES",
    "RESERVE_TYPE_WEIGHTS",
    "SAMPLE_CITY",
    "SAMPLE_COUNTIES",
    "SAMPLE_DISTRICTS",
    "SAMPLE_TRUNK_RIVER",
    "SCALES",
    "Scale",
    "ZONE39_EPSG",
    "generate",
    "generate_timed",
    "origin",
    "reproject",
    "srs",
    "summary",
    "write_gpkg",
]
