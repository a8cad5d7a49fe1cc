"""A field chosen in the parameters wins over a guess that names the same field for another role."""

from __future__ import annotations

from layers import X0, Y0, memory_layer


def _rect(i):
    x = X0 + i * 1000
    return f"POLYGON(({x} {Y0},{x + 1000} {Y0},{x + 1000} {Y0 + 1000},{x} {Y0 + 1000},{x} {Y0}))"


def test_a_chosen_field_is_not_also_a_guessed_one(run_algorithm):
    # "county" is guessed as the county *name* (COUNTY); the user picks it as the county code
    units = memory_layer(
        "单元",
        [
            (_rect(i), {"code": f"ZH9901011000{i}", "class": 1, "county": "990101"})
            for i in range(3)
        ],
        {"code": "string", "class": "integer", "county": "string"},
    )
    results, _, _ = run_algorithm(
        "ecozoning:checkunits",
        {
            "UNITS": units,
            "CODE_FIELD": "code",
            "CLASS_FIELD": "class",
            "COUNTY_CODE_FIELD": "county",
            "OUTPUT_ERRORS": "memory:",
            "OUTPUT_SUMMARY": "memory:",
        },
    )
    summary = {f["check_code"]: f["count"] for f in results["OUTPUT_SUMMARY"].getFeatures()}
    assert summary["G01"] == summary["T01"] == summary["A05"] == 0
