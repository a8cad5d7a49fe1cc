"""Constraint roles: the vocabulary and the guess from a layer's name."""

from __future__ import annotations

import pytest

from plugin.core import roles


@pytest.mark.parametrize(
    "name, role",
    [
        ("生态保护红线", roles.RED_LINE),
        ("生态红线", roles.RED_LINE),
        ("红线", roles.RED_LINE),
        ("STBHHX", roles.RED_LINE),
        ("stbhhx_440606", roles.RED_LINE),
        ("广东省生态保护红线（2023版）", roles.RED_LINE),
        ("永久基本农田", roles.FARMLAND),
        ("基本农田保护图斑", roles.FARMLAND),
        ("YJJBNT", roles.FARMLAND),
        ("YJJBNTTB", roles.FARMLAND),
        ("城镇开发边界", roles.URBAN_BOUNDARY),
        ("CZKFBJ", roles.URBAN_BOUNDARY),
        ("自然保护地", roles.PROTECTED_AREA),
        ("国家级自然保护区", roles.PROTECTED_AREA),
        ("饮用水水源保护区", roles.WATER_SOURCE),
        ("水源地一级保护区", roles.WATER_SOURCE),
        ("图层1", roles.UNKNOWN),
        ("XSTBHHXY", roles.UNKNOWN),  # pinyin initials only as a whole token
        ("rivers", roles.UNKNOWN),
        ("", roles.UNKNOWN),
        (None, roles.UNKNOWN),
    ],
)
def test_guess_role_from_the_name(name, role):
    assert roles.guess_role(name) == role


def test_each_role_states_its_consequence():
    assert roles.role(roles.RED_LINE).consequence_zh == "禁止 → 不符合"
    assert roles.role(roles.FARMLAND).consequence_zh == "限制 → 有条件符合"
    assert roles.role(roles.URBAN_BOUNDARY).effect == roles.EFFECT_INFO
    assert roles.role(roles.URBAN_BOUNDARY).conclusion == ""
    assert roles.role("no such role").key == roles.UNKNOWN
    assert roles.role(roles.UNKNOWN).conclusion == "待补充信息"
    assert set(roles.ROLE_KEYS) >= {
        roles.RED_LINE,
        roles.FARMLAND,
        roles.URBAN_BOUNDARY,
        roles.PROTECTED_AREA,
        roles.WATER_SOURCE,
    }


def test_resolve_prefers_the_explicit_role():
    assert roles.resolve("红线", roles.FARMLAND) == (roles.FARMLAND, False)
    assert roles.resolve("红线", None) == (roles.RED_LINE, True)
    assert roles.resolve("红线", "bogus") == (roles.RED_LINE, True)
    assert roles.resolve("图层1", "") == (roles.UNKNOWN, True)
