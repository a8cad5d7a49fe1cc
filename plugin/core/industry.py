"""国民经济行业分类 (GB/T 4754-2017) codes: lookup, normalisation and hierarchy matching.

Pure Python (pandas; no Qt, no QGIS). The code table ships with the plugin as
``resources/reference/gbt4754_2017.csv`` (columns ``code, name, level, parent``;
levels ``section`` 门类 A–T, ``division`` 大类 2 digits, ``group`` 中类 3 digits,
``class`` 小类 4 digits; ``parent`` is the code one level up, a division's parent
is its section letter). The table is the 2017 edition (2017 codes such as
6513 应用软件开发, 0190 其他农业, 2780 药用辅料及包装材料制造; no 2011-only codes)
with 20 sections, 97 divisions, 473 groups and 1381 classes; it includes the
veterinary-drug classes 5153 动物用药品批发 / 5253 动物用药品零售 found in every
copy checked. (Summaries of the standard quote 1380, 1381 or 1382 小类.) Names
use full-width brackets throughout.

Codes are written as digits (``2614``) or with their section letter (``C2614``);
``normalise`` reduces both to the digits. Matching follows the hierarchy: a
requirement on a section (``C``) covers every code in it, on a division (``26``),
a group (``261``) or a class (``2614``) every code that starts with it; a code
never matches a requirement more specific than itself (a project declared as
``261`` does not match a requirement on ``2614``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

TABLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "reference" / "gbt4754_2017.csv"
COLUMNS = ("code", "name", "level", "parent")
LEVELS = ("section", "division", "group", "class")
LEVEL_LABELS_ZH = {"section": "门类", "division": "大类", "group": "中类", "class": "小类"}

_SHAPE = re.compile(r"^([A-Z])?(\d{2,4})?$")


def load_table(path=None) -> pd.DataFrame:
    """The code table as strings (leading zeros kept), in the standard's order."""
    frame = pd.read_csv(
        Path(path) if path is not None else TABLE_PATH,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
    )
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"行业代码表缺少列 / industry table lacks columns: {', '.join(missing)}")
    frame = frame[list(COLUMNS)].copy()
    for column in COLUMNS:
        frame[column] = frame[column].str.strip()
    return frame.reset_index(drop=True)


def _clean_text(code) -> str:
    if code is None or (isinstance(code, float) and code != code):
        return ""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    text = unicodedata.normalize("NFKC", str(code))
    return re.sub(r"\s+", "", text).upper()


class IndustryTable:
    """Lookups over the GB/T 4754 table (built once; cheap to query)."""

    def __init__(self, table: pd.DataFrame | None = None):
        self.table = load_table() if table is None else table.reset_index(drop=True)
        codes = self.table["code"].tolist()
        self._names = dict(zip(codes, self.table["name"]))
        self._levels = dict(zip(codes, self.table["level"]))
        self._parents = dict(zip(codes, self.table["parent"]))
        self._section_of_division = {
            code: parent
            for code, level, parent in zip(codes, self.table["level"], self.table["parent"])
            if level == "division"
        }
        self._order = {code: n for n, code in enumerate(codes)}

    # --- codes ---------------------------------------------------------------

    def normalise(self, code) -> str | None:
        """Canonical form of a code, or None when it has no valid shape.

        Strips blanks, upper-cases, folds full-width characters; ``"c2614"``,
        ``"C2614"`` and ``" 2614 "`` all give ``"2614"``; ``"c"`` gives ``"C"``.
        A section letter that contradicts the digits (``"A2614"``) gives None.
        """
        text = _clean_text(code)
        if not text:
            return None
        match = _SHAPE.match(text)
        if not match or not (match.group(1) or match.group(2)):
            return None
        letter, digits = match.group(1), match.group(2)
        if digits is None:
            return letter
        if letter is not None:
            section = self._section_of_division.get(digits[:2])
            if section is not None and section != letter:
                return None
        return digits

    def is_known(self, code) -> bool:
        norm = self.normalise(code)
        return norm is not None and norm in self._names

    def name(self, code) -> str | None:
        norm = self.normalise(code)
        return self._names.get(norm) if norm is not None else None

    def level(self, code) -> str | None:
        norm = self.normalise(code)
        return self._levels.get(norm) if norm is not None else None

    def parent(self, code) -> str | None:
        norm = self.normalise(code)
        parent = self._parents.get(norm) if norm is not None else None
        return parent or None

    def section_of(self, code) -> str | None:
        """门类 letter of any code (a letter gives itself), None when unknown."""
        norm = self.normalise(code)
        if norm is None:
            return None
        if norm.isalpha():
            return norm if self._levels.get(norm) == "section" else None
        return self._section_of_division.get(norm[:2])

    def label(self, code) -> str:
        """``"C2614 有机化学原料制造"`` (the code as given when unknown)."""
        norm = self.normalise(code)
        if norm is None or norm not in self._names:
            return _clean_text(code)
        prefix = "" if norm.isalpha() else (self.section_of(norm) or "")
        return f"{prefix}{norm} {self._names[norm]}"

    def children(self, code) -> list[str]:
        norm = self.normalise(code)
        if norm is None:
            return []
        return [c for c, p in self._parents.items() if p == norm]

    # --- hierarchy matching --------------------------------------------------

    def matches(self, requirement_code, project_code) -> bool:
        """True when the project's code lies within the requirement's code."""
        req = self.normalise(requirement_code)
        proj = self.normalise(project_code)
        if req is None or proj is None:
            return False
        if req.isalpha():
            return self.section_of(proj) == req
        if proj.isalpha():
            return False
        return proj.startswith(req)

    def matches_any(self, requirement_codes, project_code) -> list[str]:
        """The requirement codes (normalised, in order, no repeats) the project falls in."""
        proj = self.normalise(project_code)
        if proj is None or not requirement_codes:
            return []
        found: list[str] = []
        for code in requirement_codes:
            req = self.normalise(code)
            if req is not None and req not in found and self.matches(req, proj):
                found.append(req)
        return found

    # --- search --------------------------------------------------------------

    def search(self, text) -> pd.DataFrame:
        """Rows whose code or name contains the text (all rows for empty text).

        ``"C26"`` is searched as ``"26"``. Codes starting with the text come first,
        then names containing it, then codes containing it elsewhere; each part in
        the standard's order.
        """
        query = unicodedata.normalize("NFKC", str(text or "")).strip()
        if not query:
            return self.table.copy()
        code_query = self.normalise(query) or query.upper()
        codes = self.table["code"]
        by_prefix = codes.str.startswith(code_query)
        by_name = self.table["name"].str.contains(query, regex=False) & ~by_prefix
        by_inner = codes.str.contains(code_query, regex=False) & ~by_prefix & ~by_name
        hits = pd.concat([self.table[by_prefix], self.table[by_name], self.table[by_inner]])
        return hits.reset_index(drop=True)


@lru_cache(maxsize=1)
def default_table() -> IndustryTable:
    """The shipped table, loaded once per process."""
    return IndustryTable()
