"""准入清单 as bureaus publish them, generated for tests: one logical table written as an
Excel workbook (openpyxl, real merged cells) and as a Word document (docx_writer,
w:vMerge / w:gridSpan), with what a correct import must store.

The table has a title row, a two-row header (管控要求 spanning the dimension
columns), a county column and a class column merged down over their units, a
dimension cell merged down over two units, items opening with digits, decimals
and standard numbers inside items, placeholders, and codes with invisible
characters — each in the published header variants chosen by the caller.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from docx_writer import Cell, write_docx

STYLES = ("{n}.", "{n}．", "{n}、", "（{n}）", "({n})", "{n})", "circled")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
TEXTS = (
    "禁止新建、扩建化工、印染、电镀等项目。",
    "2025年底前完成燃煤锅炉淘汰。",
    "35蒸吨/小时以下燃煤锅炉一律不得新建。",
    "颗粒物排放浓度不高于0.5 mg/m³。",
    "执行《环境空气质量标准》（GB 3095-2012）二级标准。",
    "PM2.5年均浓度较2020年下降10%。",
    "3.5万吨以上的新建项目须开展碳排放评价。",
    "严格控制高耗水、高耗能项目。",
    "鼓励企业开展清洁生产审核，2027年前完成。",
    "10家重点企业完成超低排放改造。",
    "落实《地表水环境质量标准》GB 3838-2002 Ⅲ类水质目标。",
    "可适度发展生态旅游。",
)
PLACEHOLDERS = ("/", "—", "-", "无", "暂无")
INVISIBLE = ("\u200b", "\ufeff", "\u00a0", "\u3000", "\u2060")


@dataclass
class Variant:
    """Header names as one bureau writes them."""

    code: str = "环境综合管控单元编码"
    name: str = "环境综合管控单元名称"
    klass: str = "综合管控单元分类"
    county: str = "区县"
    dims: tuple = ("空间布局约束", "污染物排放管控", "环境风险防控", "资源利用效率")


VARIANTS = (
    Variant(),
    Variant(
        "管控单元编码",
        "管控单元名称",
        "管控单元类别",
        "县(市、区)",
        ("空间布局引导", "污染物排放管控", "环境风险管控", "资源开发效率要求"),
    ),
    Variant(
        "单元编码",
        "单元名称",
        "综合管控单元分类",
        "县（市、区）",
        ("区域布局管控", "污染物排放管控", "环境风险防控", "资源开发效率"),
    ),
    Variant(
        "环境综合管控单元编码",
        "环境综合管控单元名称",
        "管控单元类别",
        "区县",
        ("空间布局约束要求", "污染物排放管控要求", "环境风险防控要求", "资源利用效率要求"),
    ),
)
STANDARD_DIMS = ("空间布局约束", "污染物排放管控", "环境风险防控", "资源利用效率")
CLASS_LABELS = (
    ("优先保护单元", ""),
    ("产业集聚重点管控单元", "产业集聚"),
    ("城镇生活重点管控单元", "城镇生活"),
    ("重点管控单元（产业集聚类）", "产业集聚"),
    ("一般管控单元", ""),
)


@dataclass
class Published:
    grid: list  # rows of cell values (top-left value of a merged range, None elsewhere)
    merges: list  # (first row, first column, last row, last column), 0-based inclusive
    expected: dict = field(default_factory=dict)  # (code, dimension) -> [texts]
    subtypes: dict = field(default_factory=dict)  # code -> 子类
    placeholders: int = 0
    raw_codes: dict = field(default_factory=dict)  # code -> code cell as written


def numbered(texts, style: str, inline: bool = False) -> str:
    marks = [
        CIRCLED[n - 1] if style == "circled" else style.format(n=n)
        for n in range(1, len(texts) + 1)
    ]
    items = [f"{mark}{text}" for mark, text in zip(marks, texts)]
    return "".join(items) if inline else "\n".join(items)


def _cell_for(rng, texts, turn: int) -> str:
    """Every style in turn; 、 and circled items sometimes on one line (1、…。2、…)."""
    style = STYLES[turn % len(STYLES)]
    inline = style in ("{n}、", "circled") and rng.random() < 0.5
    return numbered(texts, style, inline)


def _texts(rng, turn: int) -> list[str]:
    """1 to 4 items; from the second on, one of them opens with digits."""
    count = 1 + turn % 4
    texts = rng.sample(TEXTS, count)
    if count > 1 and not any(t[0].isdigit() for t in texts[1:]):
        texts[rng.randrange(1, count)] = rng.choice([t for t in TEXTS if t[0].isdigit()])
    return texts if len(set(texts)) == len(texts) else list(dict.fromkeys(texts))


def _units(rng, count, county):
    units = []
    for n in range(count):
        label, subtype = CLASS_LABELS[n * len(CLASS_LABELS) // count]
        digit = {"优": 1, "一": 3}.get(label[0], 2)
        code = f"ZH{county}{digit}{n + 1:04d}"
        units.append((code, f"{county}单元{n + 1}", label, subtype))
    return units


def published(variant: Variant = VARIANTS[0], count: int = 10, seed: int = 1) -> Published:
    """A county list of ``count`` units (count >= 5) in ``variant``'s header names."""
    rng = random.Random(seed)
    width = 5 + len(variant.dims)
    grid = [["某市生态环境准入清单（2024年版）"] + [None] * (width - 1)]
    code_header = "\ufeff" + variant.code + "\u3000"  # a BOM and a full-width space
    grid.append(["序号", variant.county, code_header, variant.name, variant.klass, "管控要求"])
    grid[-1] += [None] * (width - len(grid[-1]))
    grid.append([None] * 5 + list(variant.dims))
    merges = [(0, 0, 0, width - 1), (1, 5, 1, width - 1)]
    merges += [(1, c, 2, c) for c in range(5)]
    result = Published(grid, merges)
    first = len(grid)
    units = _units(rng, count, "440606")
    for n, (code, name, label, subtype) in enumerate(units):
        written = code
        if n % 3 == 1:
            written = rng.choice(INVISIBLE) + code + rng.choice(INVISIBLE)
        result.raw_codes[code] = written
        result.subtypes[code] = subtype
        row = [n + 1, "禅城区" if n == 0 else None, written, name, label]
        if n and label == units[n - 1][2]:
            row[4] = None  # merged down with the unit above
        for d, dimension in enumerate(STANDARD_DIMS):
            turn = n * len(STANDARD_DIMS) + d
            texts = _texts(rng, turn)
            if (n + d) % 7 == 3:
                row.append(rng.choice(PLACEHOLDERS))
                result.placeholders += 1
                texts = []
            else:
                row.append(_cell_for(rng, texts, turn + n))
            result.expected[(code, dimension)] = texts
        grid.append(row)
    _merge_down(result, first, units)
    return result


def _merge_down(result: Published, first: int, units) -> None:
    """County over all units, class over runs of one label, dimension 2 over units 3 and 4."""
    last = first + len(units) - 1
    result.merges.append((first, 1, last, 1))
    start = first
    for n in range(1, len(units) + 1):
        if n == len(units) or units[n][2] != units[start - first][2]:
            if first + n - 1 > start:
                result.merges.append((start, 4, first + n - 1, 4))
            start = first + n
    column, top = 6, first + 3
    result.grid[top + 1][column] = None
    result.merges.append((top, column, top + 1, column))
    code_above, code_below = units[3][0], units[4][0]
    result.expected[(code_below, STANDARD_DIMS[1])] = list(
        result.expected[(code_above, STANDARD_DIMS[1])]
    )


def broken_list(seed=6):
    """A published list broken into two Word tables after the sixth unit (a class merge
    running over the break starts again in the second table, as in Word), and a note table."""
    table = published(VARIANTS[0], count=10, seed=seed)
    head, tail = table.grid[:9], table.grid[9:]  # title, 2 header rows, 6 units | 4 units
    head_merges = [m for m in table.merges if m[2] < 9]
    tail_merges = [(r0 - 9, c0, r1 - 9, c1) for r0, c0, r1, c1 in table.merges if r0 >= 9]
    split_merges = [(r0, c0, 8, c1) for r0, c0, r1, c1 in table.merges if r0 < 9 <= r1]
    tables = {"表1": head, "表2": tail, "表3": [["注：本表由某局发布"]]}
    merges = {"表1": head_merges + split_merges, "表2": tail_merges}
    # the class merged over the break starts again in the second table, as Word does
    for r0, c0, r1, c1 in split_merges:
        tables["表2"][0][c0] = table.grid[r0][c0]
        merges["表2"].append((0, c0, r1 - 9, c1))
    return table, tables, merges


def write_xlsx(table: Published, path, sheet: str = "禅城区") -> str:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in table.grid:
        ws.append(row)
    for r0, c0, r1, c1 in table.merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    book.save(path)
    return str(path)


def docx_rows(table: Published) -> list[list]:
    """The grid as Word table rows: merged ranges as w:gridSpan / w:vMerge cells."""
    starts = {(r0, c0): (r0, c0, r1, c1) for r0, c0, r1, c1 in table.merges}
    covered = {}
    for r0, c0, r1, c1 in table.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[(r, c)] = (r0, c0, r1, c1)
    width = max(len(r) for r in table.grid)
    rows = []
    for r, values in enumerate(table.grid):
        row = []
        for c in range(width):
            value = values[c] if c < len(values) else None
            text = None if value is None else str(value)
            merge = covered.get((r, c))
            if merge is None:
                row.append(Cell(text))
            elif (r, c) in starts:
                span = merge[3] - merge[1] + 1
                row.append(Cell(text, span, "restart" if merge[2] > r else None))
            elif c == merge[1]:
                row.append(Cell(None, merge[3] - merge[1] + 1, "continue"))
        rows.append(row)
    return rows


def write_word(table: Published, path) -> str:
    write_docx(path, [docx_rows(table)], ["附表1 禅城区生态环境准入清单"])
    return str(path)
