"""Constraint roles: what a constraint layer is, and what overlapping it means.

Pure Python (no Qt, no QGIS). The one home of the role vocabulary and of the
guess from a layer's name, for compliance, overlap analysis, the 准入研判 panel
and the checks.

A constraint's consequence is a property of its role, never of its name:

======================  ===========  ===============================
role                    consequence  conclusion of a project on it
======================  ===========  ===============================
生态保护红线            禁止         不符合
永久基本农田            限制         有条件符合 (需依法论证)
自然保护地              限制         有条件符合
饮用水水源保护区        限制         有条件符合
城镇开发边界            提示         none (listed in the report)
其他禁止类管控要素      禁止         不符合
其他限制类管控要素      限制         有条件符合
其他提示类管控要素      提示         none
(unknown)               未指定       待补充信息 (role to be set)
======================  ===========  ===============================

The role of a layer is, in this order: given explicitly (a parameter, or chosen
in the panel and saved with the layer), else guessed from its name by
``guess_role`` (Chinese names, pinyin initials such as ``STBHHX``, ``YJJBNT``,
``YJJBNTTB``, ``CZKFBJ``, and common variants such as 生态红线, 红线, 基本农田);
a name that matches nothing gives ``UNKNOWN``. A layer of unknown role is never
left out: overlapping it makes a project 待补充信息 at least, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RED_LINE = "red_line"
FARMLAND = "farmland"
URBAN_BOUNDARY = "urban_boundary"
PROTECTED_AREA = "protected_area"
WATER_SOURCE = "water_source"
OTHER_FORBID = "other_forbid"
OTHER_LIMIT = "other_limit"
OTHER_INFO = "other_info"
UNKNOWN = ""

EFFECT_FORBID = "禁止"
EFFECT_LIMIT = "限制"
EFFECT_INFO = "提示"
EFFECT_UNKNOWN = "未指定"

# conclusions (the same words as compliance.CONCLUSION_*)
_NO, _CONDITIONAL, _INCOMPLETE = "不符合", "有条件符合", "待补充信息"


@dataclass(frozen=True)
class Role:
    key: str
    label_zh: str
    label_en: str
    effect: str

    @property
    def conclusion(self) -> str:
        """The conclusion an overlap with a layer of this role leads to ('' for none)."""
        return {
            EFFECT_FORBID: _NO,
            EFFECT_LIMIT: _CONDITIONAL,
            EFFECT_UNKNOWN: _INCOMPLETE,
        }.get(self.effect, "")

    @property
    def consequence_zh(self) -> str:
        """禁止 → 不符合, 限制 → 有条件符合, 提示 → 仅提示, 未指定 → 待补充信息."""
        if self.effect == EFFECT_INFO:
            return "提示（不影响结论）"
        return f"{self.effect} → {self.conclusion}"


ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        Role(RED_LINE, "生态保护红线", "Ecological protection red line", EFFECT_FORBID),
        Role(FARMLAND, "永久基本农田", "Permanent basic farmland", EFFECT_LIMIT),
        Role(URBAN_BOUNDARY, "城镇开发边界", "Urban development boundary", EFFECT_INFO),
        Role(PROTECTED_AREA, "自然保护地", "Protected natural area", EFFECT_LIMIT),
        Role(WATER_SOURCE, "饮用水水源保护区", "Drinking-water source area", EFFECT_LIMIT),
        Role(OTHER_FORBID, "其他禁止类管控要素", "Other constraint: prohibits", EFFECT_FORBID),
        Role(OTHER_LIMIT, "其他限制类管控要素", "Other constraint: restricts", EFFECT_LIMIT),
        Role(OTHER_INFO, "其他提示类管控要素", "Other constraint: for information", EFFECT_INFO),
        Role(UNKNOWN, "未指定", "Not set", EFFECT_UNKNOWN),
    )
}
ROLE_KEYS = tuple(ROLES)

# Name patterns per role, tried in this order (the first role with a match wins).
# Chinese words match anywhere in the name; Latin tokens (pinyin initials, English)
# match as whole tokens: not inside a longer run of letters ("YJJBNTTB" is listed
# itself; "STBHHX_2023", "gd-STBHHX" and "STBHHX" match, "XSTBHHXY" does not).
_CHINESE = {
    RED_LINE: ("生态保护红线", "生态红线", "保护红线", "红线"),
    FARMLAND: ("永久基本农田", "基本农田"),
    WATER_SOURCE: ("饮用水水源", "水源保护区", "水源地", "水源保护"),
    PROTECTED_AREA: (
        "自然保护地",
        "自然保护区",
        "风景名胜区",
        "森林公园",
        "地质公园",
        "湿地公园",
        "国家公园",
    ),
    URBAN_BOUNDARY: ("城镇开发边界", "开发边界", "城镇边界"),
}
_LATIN = {
    RED_LINE: ("STBHHX", "STHX", "BHHX", "REDLINE", "RED_LINE", "RED LINE"),
    FARMLAND: ("YJJBNT", "YJJBNTTB", "YJJBNTBHQ", "JBNT", "JBNTTB", "FARMLAND"),
    WATER_SOURCE: ("YYSSYBHQ", "SYBHQ", "SYD", "WATER_SOURCE", "WATERSOURCE"),
    PROTECTED_AREA: ("ZRBHD", "ZRBHQ", "NATURE_RESERVE", "PROTECTED_AREA"),
    URBAN_BOUNDARY: ("CZKFBJ", "KFBJ", "URBAN_BOUNDARY", "UGB"),
}
_GUESS_ORDER = (RED_LINE, FARMLAND, WATER_SOURCE, PROTECTED_AREA, URBAN_BOUNDARY)
_LATIN_RE = {
    key: re.compile(
        r"(?<![A-Z])(?:"
        + "|".join(re.escape(t) for t in sorted(tokens, key=len)[::-1])
        + r")(?![A-Z])"
    )
    for key, tokens in _LATIN.items()
}


def guess_role(name) -> str:
    """The role a layer name suggests (a ``ROLES`` key), ``UNKNOWN`` when none."""
    text = str(name or "").strip()
    if not text:
        return UNKNOWN
    upper = text.upper()
    for key in _GUESS_ORDER:
        if any(word in text for word in _CHINESE[key]) or _LATIN_RE[key].search(upper):
            return key
    return UNKNOWN


def role(key) -> Role:
    """The ``Role`` for a key; an unknown or empty key is the unknown role."""
    return ROLES.get(str(key or "").strip(), ROLES[UNKNOWN])


def resolve(name, explicit=None) -> tuple[str, bool]:
    """(role key, guessed?): the explicit role when it is a known key, else the guess."""
    key = str(explicit or "").strip()
    if key in ROLES and key != UNKNOWN:
        return key, False
    return guess_role(name), True


def describe(name, explicit=None) -> dict:
    """A constraint layer's role for logs and reports: constraint (its name), role (key),
    role_label, guessed, effect, consequence."""
    key, guessed = resolve(name, explicit)
    found = role(key)
    return {
        "constraint": str(name),
        "role": key,
        "role_label": found.label_zh,
        "guessed": guessed,
        "effect": found.effect,
        "consequence": found.consequence_zh,
    }


def is_constraint_name(name) -> bool:
    """Whether a layer name looks like a constraint layer (for pre-ticking in the panel)."""
    return guess_role(name) != UNKNOWN
