"""The benchmark baselines: each job wired from QGIS's own Processing algorithms only.

Each chain is what an analyst builds in the Model Designer: ``native:*`` / ``qgis:*``
algorithms called one after the other, intermediate results in temporary (memory)
layers, the final outputs written to a GeoPackage like the plugin's. No Python geometry
code runs inside a chain. ``bench/README.md`` lists every step and where a chain does
less (or more) than the plugin, so the comparison can be checked.

A :class:`Chain` runs the steps and keeps, per step, the seconds and output feature
count, which ``bench/run.py`` reports next to the totals.
"""

from __future__ import annotations

import json
import time

T = "TEMPORARY_OUTPUT"
PARK_SUBTYPE = "产业园区"
GENERAL_SUBTYPE = "一般管控区"
CODE_PATTERN = "^ZH[0-9]{6}[123][0-9]{4}$"  # schema.DEFAULT_CODE_RULE
UNIT_KEY = ["uid", "HJZHGKDYBM"]


def gpkg_table(path, table: str, geometry: bool = True) -> str:
    return f"ogr:dbname='{path}' table=\"{table}\"" + (" (geom)" if geometry else "")


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Chain:
    """Runs Processing algorithms in order; keeps (step, algorithm, seconds, features)."""

    def __init__(self, processing, context, feedback, trace: bool = True):
        self.processing = processing
        self.trace = trace
        self.context = context
        self.feedback = feedback
        self.steps: list[dict] = []
        self._keep = []  # temporary layers must outlive the steps that read them

    def run(self, step: str, algorithm: str, parameters: dict, output: str = "OUTPUT"):
        if self.trace:  # run.py reads these when it has to stop a chain that runs too long
            print(f"BENCH-STEP-START {algorithm} {step}", flush=True)
        started = time.perf_counter()
        results = self.processing.run(
            algorithm, parameters, context=self.context, feedback=self.feedback
        )
        seconds = time.perf_counter() - started
        result = results.get(output)
        count = None
        if hasattr(result, "featureCount"):
            count = int(result.featureCount())
            self._keep.append(result)
        row = {
            "step": step,
            "algorithm": algorithm,
            "seconds": round(seconds, 3),
            "features": count,
        }
        self.steps.append(row)
        if self.trace:
            print("BENCH-STEP " + json.dumps(row, ensure_ascii=False), flush=True)
        return result

    # -- common wiring --

    def keep(self, step: str, layer, fields, output):
        """Write ``layer`` with only ``fields`` (a GeoPackage cannot take a duplicated "fid")."""
        return self.run(
            step, "native:retainfields", {"INPUT": layer, "FIELDS": list(fields), "OUTPUT": output}
        )

    def source(self, gpkg, table: str, target_crs: str):
        """Fix geometries, then reproject when the layer is not in the working CRS."""
        from qgis.core import QgsVectorLayer

        path = f"{gpkg}|layername={table}"
        fixed = self.run(f"fix {table}", "native:fixgeometries", {"INPUT": path, "OUTPUT": T})
        crs = QgsVectorLayer(path, table, "ogr").crs().authid()
        if crs != target_crs:
            fixed = self.run(
                f"reproject {table}",
                "native:reprojectlayer",
                {"INPUT": fixed, "TARGET_CRS": target_crs, "OUTPUT": T},
            )
        return fixed

    def merge(self, step: str, layers, crs: str, output=T):
        if len(layers) == 1 and output == T:
            return layers[0]
        return self.run(
            step,
            "native:mergevectorlayers",
            {"LAYERS": list(layers), "CRS": crs, "OUTPUT": output},
        )

    def tag(self, code: str, layer, units: str, step: str | None = None):
        """An error layer as (check_code, unit_codes, area_m2) rows."""
        mapping = [
            {
                "expression": quote(code),
                "length": 20,
                "name": "check_code",
                "precision": 0,
                "type": 10,
            },
            {"expression": units, "length": 254, "name": "unit_codes", "precision": 0, "type": 10},
            {"expression": "$area", "length": 0, "name": "area_m2", "precision": 3, "type": 6},
        ]
        return self.run(
            step or f"{code} fields",
            "native:refactorfields",
            {"INPUT": layer, "FIELDS_MAPPING": mapping, "OUTPUT": T},
        )

    def intersection(self, step, layer, overlay, input_fields=(), overlay_fields=(), **extra):
        return self.run(
            step,
            "native:intersection",
            {
                "INPUT": layer,
                "OVERLAY": overlay,
                "INPUT_FIELDS": list(input_fields),
                "OVERLAY_FIELDS": list(overlay_fields),
                "OUTPUT": extra.pop("OUTPUT", T),
                **extra,
            },
        )

    def difference(self, step, layer, overlay, output=T):
        return self.run(
            step, "native:difference", {"INPUT": layer, "OVERLAY": overlay, "OUTPUT": output}
        )

    def extract(self, step, layer, expression, output=T):
        return self.run(
            step,
            "native:extractbyexpression",
            {"INPUT": layer, "EXPRESSION": expression, "OUTPUT": output},
        )

    def text_field(self, step, layer, name, formula):
        return self.run(
            step,
            "native:fieldcalculator",
            {
                "INPUT": layer,
                "FIELD_NAME": name,
                "FIELD_TYPE": 2,  # text
                "FIELD_LENGTH": 100,
                "FIELD_PRECISION": 0,
                "FORMULA": formula,
                "OUTPUT": T,
            },
        )

    def unit_fields(self, step, layer, cls: int, subtype: str, key: str, label: str, output=T):
        """Refactor fields to the unit key fields: cls, ukey, XZQDM, subtype, label."""
        mapping = [
            {"expression": str(cls), "length": 0, "name": "cls", "precision": 0, "type": 2},
            {"expression": key, "length": 100, "name": "ukey", "precision": 0, "type": 10},
            {"expression": '"XZQDM"', "length": 6, "name": "XZQDM", "precision": 0, "type": 10},
            {"expression": subtype, "length": 50, "name": "subtype", "precision": 0, "type": 10},
            {"expression": label, "length": 100, "name": "label", "precision": 0, "type": 10},
        ]
        return self.run(
            step,
            "native:refactorfields",
            {"INPUT": layer, "FIELDS_MAPPING": mapping, "OUTPUT": output},
        )


# --- delineation ---------------------------------------------------------------------------


def _ranked(chain, gpkg, layers, crs, what):
    """Fixed layers with a subtype field, each minus the layers ranked above it."""
    out, above = [], []
    for table, subtype in layers:
        lyr = chain.source(gpkg, table, crs)
        lyr = chain.text_field(f"subtype {table}", lyr, "subtype", quote(subtype))
        if above:
            higher = chain.merge(f"merge {what} above {table}", above, crs)
            lyr = chain.difference(f"{table} minus higher {what}", lyr, higher)
        above.append(lyr)
        out.append(lyr)
    return out


def delineation_chain(chain: Chain, gpkg, output, min_area, epsg, priority, key):
    """Units by overlay: priority > parks > key > general, one county at a time by overlay.

    Feature-level overlays first (QGIS's overlays go feature by feature with a spatial
    index, so small features are cheap), one dissolve per unit key at the end.
    """
    crs = f"EPSG:{epsg}"
    counties = chain.source(gpkg, "county", crs)
    townships = chain.source(gpkg, "township", crs)

    # 优先保护: priority layers in precedence order, intersected with the counties
    pri = chain.merge("merge priority", _ranked(chain, gpkg, priority, crs, "priority"), crs)
    pri_units = chain.intersection(
        "priority x counties", pri, counties, ["subtype"], ["XZQDM", "XZQMC"]
    )
    pri_units = chain.unit_fields(
        "priority unit fields",
        pri_units,
        1,
        '"subtype"',
        'concat("XZQDM", \'|1|\', "subtype")',
        '"XZQMC"',
    )

    # 产业园区: parks minus priority land, one unit per park and county
    parks = chain.source(gpkg, "park", crs)
    park_rest = chain.difference("parks minus priority", parks, pri)
    park_units = chain.intersection(
        "parks x counties", park_rest, counties, ["YQMC"], ["XZQDM", "XZQMC"]
    )
    park_units = chain.unit_fields(
        "park unit fields",
        park_units,
        2,
        quote(PARK_SUBTYPE),
        'concat("XZQDM", \'|P|\', "YQMC")',
        '"YQMC"',
    )

    # 重点管控: key layers in precedence order, minus priority and parks
    keys = chain.merge("merge key", _ranked(chain, gpkg, key, crs, "key"), crs)
    taken = chain.merge("merge priority + parks", [pri, parks], crs)
    key_rest = chain.difference("key minus priority + parks", keys, taken)
    key_units = chain.intersection(
        "key x counties", key_rest, counties, ["subtype"], ["XZQDM", "XZQMC"]
    )
    key_units = chain.unit_fields(
        "key unit fields",
        key_units,
        2,
        '"subtype"',
        'concat("XZQDM", \'|2|\', "subtype")',
        '"XZQMC"',
    )

    # 一般管控: the rest of each county, split by township
    occupied = chain.merge("merge priority + parks + key", [pri, parks, key_rest], crs)
    general = chain.difference("counties minus everything", counties, occupied)
    in_town = chain.intersection(
        "general x townships", general, townships, ["XZQDM", "XZQMC"], ["XZMC"]
    )
    no_town = chain.difference("general minus townships", general, townships)
    general_units = chain.merge("merge general", [in_town, no_town], crs)
    general_units = chain.unit_fields(
        "general unit fields",
        general_units,
        3,
        quote(GENERAL_SUBTYPE),
        "concat(\"XZQDM\", '|3|', coalesce(\"XZMC\", ''))",
        'coalesce("XZMC", "XZQMC")',
    )

    # all units, fragments below the minimum area eliminated, one feature per unit
    merged = chain.merge("merge all units", [pri_units, park_units, key_units, general_units], crs)
    single = chain.run(
        "multipart to single parts", "native:multiparttosingleparts", {"INPUT": merged, "OUTPUT": T}
    )
    chain.run(
        "select parts below min area",
        "qgis:selectbyexpression",
        {"INPUT": single, "EXPRESSION": f"$area < {float(min_area)}", "METHOD": 0},
    )
    eliminated = chain.run(
        "eliminate (largest common boundary)",
        "qgis:eliminateselectedpolygons",
        {"INPUT": single, "MODE": 2, "OUTPUT": T},
    )
    # eliminate leaves a few GeometryCollections (polygon + line) that no polygon layer
    # takes: the analyst's zero-distance buffer keeps their polygons
    cleaned = chain.run(
        "zero buffer (clean collections)",
        "native:buffer",
        {
            "INPUT": eliminated,
            "DISTANCE": 0,
            "SEGMENTS": 5,
            "END_CAP_STYLE": 0,
            "JOIN_STYLE": 0,
            "MITER_LIMIT": 2,
            "DISSOLVE": False,
            "OUTPUT": T,
        },
    )
    units = chain.run(
        "dissolve by unit",
        "native:dissolve",
        {"INPUT": cleaned, "FIELD": ["ukey"], "OUTPUT": T},
    )
    mapping = [
        {"expression": f'"{n}"', "length": ln, "name": n, "precision": 0, "type": t}
        for n, t, ln in (
            ("cls", 2, 0),
            ("ukey", 10, 100),
            ("XZQDM", 10, 6),
            ("subtype", 10, 50),
            ("label", 10, 100),
        )
    ]
    mapping.append(
        {"expression": "$area / 1e6", "length": 0, "name": "MJ", "precision": 6, "type": 6}
    )
    chain.run(
        "write units",
        "native:refactorfields",
        {"INPUT": units, "FIELDS_MAPPING": mapping, "OUTPUT": gpkg_table(output, "units")},
    )


# --- unit checks ---------------------------------------------------------------------------------


def checks_chain(chain: Chain, gpkg, units_gpkg, output, epsg):
    """The checks the plugin makes that native tools can make, in one error table.

    G01 validity, T01 overlaps (self-intersection), T02 gaps (counties minus dissolved
    units), R01 red line outside priority units (and in gaps), R02 park units on the red
    line, S01 urban boundary in priority units, S02 farmland in park units, A01 code
    format; each error layer gets a ``check_code`` and its area, then all are merged into
    ``check_results`` (like the plugin's). A02 duplicate codes is a table without geometry
    (``a02``: one row per duplicated code, as the plugin counts them).
    """
    crs = f"EPSG:{epsg}"
    units = f"{units_gpkg}|layername=units"
    errors = []
    validity = chain.run(
        "G01 check validity",
        "qgis:checkvalidity",
        {
            "INPUT_LAYER": units,
            "METHOD": 2,  # GEOS
            "IGNORE_RING_SELF_INTERSECTION": False,
            "VALID_OUTPUT": T,
            "INVALID_OUTPUT": T,
            "ERROR_OUTPUT": T,
        },
        output="INVALID_OUTPUT",
    )
    errors.append(chain.tag("G01", validity, '"HJZHGKDYBM"'))
    fixed = chain.run("fix units", "native:fixgeometries", {"INPUT": units, "OUTPUT": T})

    # T01: pairs of different units that overlap, each pair once
    pairs = chain.intersection(
        "T01 units x units",
        fixed,
        fixed,
        UNIT_KEY,
        UNIT_KEY,
        OVERLAY_FIELDS_PREFIX="b_",
    )
    overlaps = chain.extract("T01 keep pairs of different units", pairs, '"uid" < "b_uid"')
    errors.append(chain.tag("T01", overlaps, 'concat("HJZHGKDYBM", \',\', "b_HJZHGKDYBM")'))

    # T02: county land in no unit
    counties = chain.source(gpkg, "county", crs)
    dissolved = chain.run(
        "T02 dissolve units", "native:dissolve", {"INPUT": fixed, "FIELD": [], "OUTPUT": T}
    )
    gaps = chain.difference("T02 counties minus units", counties, dissolved)
    gaps = chain.run("T02 gap parts", "native:multiparttosingleparts", {"INPUT": gaps, "OUTPUT": T})
    gaps = chain.extract("T02 drop snapping noise", gaps, "$area > 0.01")
    errors.append(chain.tag("T02", gaps, "''"))

    # R01: red line in non-priority units, and in gaps
    red = chain.source(gpkg, "red_line", crs)
    not_priority = chain.extract("units not priority", fixed, '"ZHGKDYFL" <> 1')
    red_in_units = chain.intersection(
        "R01 red line x non-priority units", red, not_priority, ["HXBH"], UNIT_KEY
    )
    errors.append(chain.tag("R01", red_in_units, '"HJZHGKDYBM"'))
    red_in_gaps = chain.intersection("R01 red line x gaps", red, gaps, ["HXBH"], ["XZQDM"])
    errors.append(chain.tag("R01", red_in_gaps, "''", step="R01 gaps"))

    # R02 / S02: park units on the red line / with farmland
    park_units = chain.extract("park units", fixed, f'"DYZL" = {quote(PARK_SUBTYPE)}')
    on_red = chain.intersection("R02 park units x red line", park_units, red, UNIT_KEY, ["HXBH"])
    errors.append(chain.tag("R02", on_red, '"HJZHGKDYBM"'))
    farmland = chain.source(gpkg, "farmland", crs)
    in_park = chain.intersection(
        "S02 farmland x park units", farmland, park_units, ["TBBH"], UNIT_KEY
    )
    errors.append(chain.tag("S02", in_park, '"HJZHGKDYBM"'))

    # S01: urban development boundary in priority units
    priority = chain.extract("priority units", fixed, '"ZHGKDYFL" = 1')
    urban = chain.source(gpkg, "urban_boundary", crs)
    urban_in = chain.intersection(
        "S01 urban boundary x priority units", urban, priority, ["MC"], UNIT_KEY
    )
    errors.append(chain.tag("S01", urban_in, '"HJZHGKDYBM"'))

    # A01: code format
    bad_codes = chain.extract(
        "A01 code format",
        units,
        f"NOT regexp_match(coalesce(\"HJZHGKDYBM\", ''), {quote(CODE_PATTERN)})",
    )
    errors.append(chain.tag("A01", bad_codes, '"HJZHGKDYBM"'))
    chain.merge("write check_results", errors, crs, output=gpkg_table(output, "check_results"))

    # A02: duplicated codes (a table)
    stats = chain.run(
        "A02 count per code",
        "qgis:statisticsbycategories",
        {
            "INPUT": units,
            "VALUES_FIELD_NAME": None,
            "CATEGORIES_FIELD_NAME": ["HJZHGKDYBM"],
            "OUTPUT": T,
        },
    )
    chain.extract(
        "A02 duplicated codes", stats, '"count" > 1', output=gpkg_table(output, "a02", False)
    )


# --- overlap analysis -----------------------------------------------------------------------------


def overlap_chain(chain: Chain, gpkg, units_gpkg, output, constraints):
    """Per constraint layer: intersection, dissolve per unit, areas and share by field calculator."""
    crs = "EPSG:4527"
    units = f"{units_gpkg}|layername=units"
    measured = chain.run(
        "unit area",
        "native:fieldcalculator",
        {
            "INPUT": units,
            "FIELD_NAME": "unit_m2",
            "FIELD_TYPE": 0,
            "FIELD_LENGTH": 20,
            "FIELD_PRECISION": 3,
            "FORMULA": "$area",
            "OUTPUT": T,
        },
    )
    per_layer = []
    for table, name in constraints:
        layer = chain.source(gpkg, table, crs)
        pieces = chain.intersection(
            f"units x {table}", measured, layer, ["uid", "HJZHGKDYBM", "unit_m2"], []
        )
        merged = chain.run(
            f"dissolve {table} per unit",
            "native:dissolve",
            {"INPUT": pieces, "FIELD": ["uid"], "OUTPUT": T},
        )
        mapping = [
            {"expression": '"uid"', "length": 0, "name": "source_fid", "precision": 0, "type": 4},
            {
                "expression": '"HJZHGKDYBM"',
                "length": 20,
                "name": "name",
                "precision": 0,
                "type": 10,
            },
            {
                "expression": quote(name),
                "length": 50,
                "name": "constraint",
                "precision": 0,
                "type": 10,
            },
            {
                "expression": "$area",
                "length": 0,
                "name": "overlap_area_m2",
                "precision": 3,
                "type": 6,
            },
            {
                "expression": 'min(100, 100 * $area / "unit_m2")',
                "length": 0,
                "name": "percent",
                "precision": 3,
                "type": 6,
            },
        ]
        per_layer.append(
            chain.run(
                f"{table} areas",
                "native:refactorfields",
                {"INPUT": merged, "FIELDS_MAPPING": mapping, "OUTPUT": T},
            )
        )
    merged = chain.merge("merge constraint layers", per_layer, crs)
    chain.extract("write overlaps", merged, "true", output=gpkg_table(output, "overlaps"))


# --- compliance ---------------------------------------------------------------------------------

# a small field of each constraint layer to carry through the overlays ("fid" cannot go
# into a GeoPackage twice)
KEY_FIELD = {
    "red_line": "HXBH",
    "farmland": "TBBH",
    "water_source": "SYMC",
    "nature_reserve": "BHDMC",
    "urban_boundary": "MC",
}


def compliance_chain(chain: Chain, gpkg, units_gpkg, access, output, projects, constraints, epsg):
    """Projects x units with area / length, the access-list rows of the unit and of its county
    (two one-to-many joins), and projects x each constraint layer dissolved per project.

    No industry matching, findings or conclusions: native tools have no GB/T 4754 hierarchy,
    and requirements of the province, city, class and regions are not joined.
    """
    crs = f"EPSG:{epsg}"
    units = f"{units_gpkg}|layername=units"
    fixed = {table: chain.source(gpkg, table, crs) for table, _ in constraints}
    for table, _, buffer in projects:
        kind = table.split("_")[1]
        lyr = chain.source(gpkg, table, crs)
        polygonal = kind == "polygon" or buffer > 0
        if buffer > 0:
            lyr = chain.run(
                f"buffer {table}",
                "native:buffer",
                {
                    "INPUT": lyr,
                    "DISTANCE": buffer,
                    "SEGMENTS": 16,
                    "END_CAP_STYLE": 0,
                    "JOIN_STYLE": 0,
                    "MITER_LIMIT": 2,
                    "DISSOLVE": False,
                    "OUTPUT": T,
                },
            )
        area = "$area" if polygonal else "0"
        length = "0" if polygonal else "$length"
        pieces = chain.intersection(
            f"{kind} x units",
            lyr,
            units,
            ["XMMC", "HYDM"],
            ["HJZHGKDYBM", "ZHGKDYFL", "XZQDM"],
        )
        mapping = [
            {"expression": '"XMMC"', "length": 100, "name": "XMMC", "precision": 0, "type": 10},
            {"expression": '"HYDM"', "length": 10, "name": "HYDM", "precision": 0, "type": 10},
            {
                "expression": '"HJZHGKDYBM"',
                "length": 20,
                "name": "HJZHGKDYBM",
                "precision": 0,
                "type": 10,
            },
            {
                "expression": '"ZHGKDYFL"',
                "length": 0,
                "name": "ZHGKDYFL",
                "precision": 0,
                "type": 2,
            },
            {"expression": '"XZQDM"', "length": 6, "name": "XZQDM", "precision": 0, "type": 10},
            {"expression": area, "length": 0, "name": "overlap_area_m2", "precision": 3, "type": 6},
            {
                "expression": length,
                "length": 0,
                "name": "overlap_length_m",
                "precision": 3,
                "type": 6,
            },
        ]
        measured = chain.run(
            f"{kind} unit areas",
            "native:refactorfields",
            {"INPUT": pieces, "FIELDS_MAPPING": mapping, "OUTPUT": T},
        )
        chain.extract(
            f"write {kind} units", measured, "true", output=gpkg_table(output, f"{kind}_units")
        )
        joined = []
        for field, level in (("HJZHGKDYBM", "unit"), ("XZQDM", "county")):
            joined.append(
                chain.run(
                    f"{kind} requirements of the {level}",
                    "native:joinattributestable",
                    {
                        "INPUT": measured,
                        "FIELD": field,
                        "INPUT_2": access,
                        "FIELD_2": "FWDM",
                        "FIELDS_TO_COPY": ["TKBH", "WD", "LX", "HYDM", "YQNR"],
                        "METHOD": 0,  # one feature per matching requirement
                        "DISCARD_NONMATCHING": True,
                        "PREFIX": "req_",
                        "OUTPUT": T,
                    },
                )
            )
        chain.merge(
            f"write {kind} requirements",
            joined,
            crs,
            output=gpkg_table(output, f"{kind}_requirements"),
        )
        per_layer = []
        for table_c, name in constraints:
            cut = chain.intersection(
                f"{kind} x {table_c}", lyr, fixed[table_c], ["XMMC"], [KEY_FIELD[table_c]]
            )
            merged = chain.run(
                f"dissolve {table_c} per {kind}",
                "native:dissolve",
                {"INPUT": cut, "FIELD": ["XMMC"], "OUTPUT": T},
            )
            mapping = [
                {"expression": '"XMMC"', "length": 100, "name": "XMMC", "precision": 0, "type": 10},
                {
                    "expression": quote(name),
                    "length": 50,
                    "name": "constraint",
                    "precision": 0,
                    "type": 10,
                },
                {
                    "expression": area,
                    "length": 0,
                    "name": "overlap_area_m2",
                    "precision": 3,
                    "type": 6,
                },
                {
                    "expression": length,
                    "length": 0,
                    "name": "overlap_length_m",
                    "precision": 3,
                    "type": 6,
                },
            ]
            per_layer.append(
                chain.run(
                    f"{kind} {table_c} areas",
                    "native:refactorfields",
                    {"INPUT": merged, "FIELDS_MAPPING": mapping, "OUTPUT": T},
                )
            )
        chain.merge(
            f"write {kind} constraints",
            per_layer,
            crs,
            output=gpkg_table(output, f"{kind}_constraints"),
        )


def click_chain(chain: Chain, x, y, units, constraints, access, epsg) -> int:
    """One map click the QGIS way: a point layer, extract by location from the units and each
    constraint layer, the access-list rows of the units hit. Returns the number of units hit."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    point = QgsVectorLayer(f"Point?crs=EPSG:{epsg}", "click", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
    point.dataProvider().addFeatures([feature])
    hits = chain.run(
        "units at the click",
        "native:extractbylocation",
        {"INPUT": units, "PREDICATE": [0], "INTERSECT": point, "OUTPUT": T},
    )
    for layer in constraints:
        chain.run(
            f"{layer.name()} at the click",
            "native:extractbylocation",
            {"INPUT": layer, "PREDICATE": [0], "INTERSECT": point, "OUTPUT": T},
        )
    chain.run(
        "requirements of the units",
        "native:joinattributestable",
        {
            "INPUT": hits,
            "FIELD": "HJZHGKDYBM",
            "INPUT_2": access,
            "FIELD_2": "FWDM",
            "METHOD": 0,
            "DISCARD_NONMATCHING": False,
            "PREFIX": "req_",
            "OUTPUT": T,
        },
    )
    count = hits.featureCount()
    chain._keep.clear()  # a click's layers are not needed after it
    return count
