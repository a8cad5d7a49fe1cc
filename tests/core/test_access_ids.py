"""The one requirement-id rule, shared by the wide import and the access-list panel."""

from plugin.core import access, schema

UNIT = "ZH44060620002"
SPACE, POLLUTION, RISK, RESOURCES = schema.DIMENSIONS_ZH


def test_ids_name_the_unit_the_dimension_and_the_order():
    assert access.requirement_id(UNIT, SPACE, 1) == f"{UNIT}-1-01"
    assert access.requirement_id(UNIT, RESOURCES, 12) == f"{UNIT}-4-12"


def test_a_new_id_is_the_order_when_that_is_free():
    assert access.new_requirement_id(UNIT, POLLUTION, 1, set()) == f"{UNIT}-2-01"
    assert access.new_requirement_id(UNIT, POLLUTION, 3, {f"{UNIT}-2-01"}) == f"{UNIT}-2-03"


def test_a_new_id_never_takes_one_in_use():
    # reordered: the row with id -02 is now first, so the next order (2) has its id taken
    used = {f"{UNIT}-1-02", f"{UNIT}-1-01"}
    assert access.new_requirement_id(UNIT, SPACE, 2, used) == f"{UNIT}-1-03"
    # the last one deleted, an earlier one kept: no id of the unit and dimension is given twice
    assert access.new_requirement_id(UNIT, SPACE, 1, {f"{UNIT}-1-02"}) == f"{UNIT}-1-03"


def test_other_units_dimensions_and_old_ids_do_not_count():
    used = {
        f"{UNIT}-001",  # the panel's former {unit}-{n} ids
        f"{UNIT}-002",
        f"{UNIT}-2-07",  # another dimension
        "ZH44060620003-1-05",  # another unit
        "P1",  # a long-format id
    }
    assert access.new_requirement_id(UNIT, SPACE, 3, used) == f"{UNIT}-1-03"


def test_the_wide_import_gives_the_same_ids():
    rows = [
        ["环境管控单元编码", "环境管控单元名称", "管控单元分类", SPACE, POLLUTION],
        [UNIT, "某单元", "重点管控单元", "1.禁止新建化工项目\n2.限制扩建", "1.执行特别排放限值"],
    ]
    frame, report = access.parse_wide(rows)
    assert report.ok
    got = list(zip(frame[schema.REQ_ID], frame[schema.REQ_DIMENSION], frame[schema.REQ_ORDER]))
    assert got == [
        (access.requirement_id(UNIT, SPACE, 1), SPACE, 1),
        (access.requirement_id(UNIT, SPACE, 2), SPACE, 2),
        (access.requirement_id(UNIT, POLLUTION, 1), POLLUTION, 1),
    ]
    assert got[1][0] == access.new_requirement_id(UNIT, SPACE, 2, {got[0][0]})
