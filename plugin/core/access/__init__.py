"""生态环境准入清单: the layered access lists, their ids, and their Excel/Word layouts.

Pure Python (no Qt, no QGIS, no GDAL): input and output are lists of row lists, the
first row holding the headers; reading and writing the .xlsx / .docx file is the
adapters' job (``plugin.adapters.excel``, ``plugin.adapters.word``).

Modules, one topic each:

* :mod:`.cells` — one cell as text, code, date or number (the package's converter);
* :mod:`.vocabulary` — levels, statuses, header and dimension names, class labels, kinds;
* :mod:`.items` — the numbered items of a cell (the split that follows the numbering);
* :mod:`.ids` — the one requirement-id rule ``{unit}-{dimension 1..4}-{number:02d}``;
* :mod:`.records` — requirement records and their frame;
* :mod:`.layout` — wide or long, and where the header row is;
* :mod:`.wide_columns`, :mod:`.wide` — the published wide layout (one row per unit);
* :mod:`.long` — the long layout (one row per requirement, every field);
* :mod:`.workbook` — whole workbooks and Word documents;
* :mod:`.problems`, :mod:`.import_report` — what an import found, as a report page;
* :mod:`.export` — requirements out to wide or long rows;
* :mod:`.effective` — which requirements apply to a unit (省级 → 区域 → 市级 → 县级 →
  分类 → 单元).

Everything callers use is importable from the package itself
(``from plugin.core import access; access.parse_workbook(...)``).
"""

from .cells import (
    cell_text,
    column_letter,
    is_empty,
    is_placeholder,
    normalise_code,
    normalise_header,
    parse_date,
    parse_datetime,
    parse_order,
    split_codes,
    strip_invisible,
    visible,
)
from .effective import (
    UnitScope,
    city_code,
    effective_requirements,
    empty_requirements,
    province_code,
    regions_by_geometry,
    regions_by_membership,
    units_with_requirements,
)
from .export import (
    LONG_HEADERS_OUT,
    WIDE_HEADERS,
    texts_split_on_import,
    to_long_rows,
    to_wide_rows,
)
from .ids import new_requirement_id, requirement_id
from .import_report import count_rows, import_report_html, stored_counts
from .items import Item, join_items, split_cell, split_items
from .layout import HEADER_SEARCH_ROWS, LONG, WIDE, detect_format
from .long import parse_long
from .problems import ImportProblem, ImportReport, ItemCount
from .records import requirements_frame, unit_requirement
from .vocabulary import (
    CLASS_HEADERS,
    CODE_HEADERS,
    COLUMNS,
    COUNTY_HEADERS,
    DIMENSION_INDEX,
    IGNORED_HEADERS,
    KIND_KEYWORDS,
    LEVEL_CITY,
    LEVEL_CLASS,
    LEVEL_COUNTY,
    LEVEL_ORDER,
    LEVEL_PROVINCE,
    LEVEL_REGION,
    LEVEL_UNIT,
    LONG_HEADERS,
    LONG_REQUIRED,
    LONG_SYNONYMS,
    NAME_HEADERS,
    REGION_ID,
    REGION_MEMBERS,
    REGION_NAME,
    STATUS_REPEALED,
    STATUS_VALID,
    dimension_of,
    infer_kind,
    parse_class,
    parse_class_label,
    parse_level,
    unit_class_number,
)
from .wide import parse_wide
from .workbook import join_continued_tables, parse_workbook

__all__ = [
    "CLASS_HEADERS",
    "CODE_HEADERS",
    "COLUMNS",
    "COUNTY_HEADERS",
    "DIMENSION_INDEX",
    "HEADER_SEARCH_ROWS",
    "IGNORED_HEADERS",
    "KIND_KEYWORDS",
    "LEVEL_CITY",
    "LEVEL_CLASS",
    "LEVEL_COUNTY",
    "LEVEL_ORDER",
    "LEVEL_PROVINCE",
    "LEVEL_REGION",
    "LEVEL_UNIT",
    "LONG",
    "LONG_HEADERS",
    "LONG_HEADERS_OUT",
    "LONG_REQUIRED",
    "LONG_SYNONYMS",
    "NAME_HEADERS",
    "REGION_ID",
    "REGION_MEMBERS",
    "REGION_NAME",
    "STATUS_REPEALED",
    "STATUS_VALID",
    "WIDE",
    "WIDE_HEADERS",
    "ImportProblem",
    "ImportReport",
    "Item",
    "ItemCount",
    "UnitScope",
    "cell_text",
    "city_code",
    "column_letter",
    "count_rows",
    "detect_format",
    "dimension_of",
    "effective_requirements",
    "empty_requirements",
    "import_report_html",
    "infer_kind",
    "is_empty",
    "is_placeholder",
    "join_continued_tables",
    "join_items",
    "new_requirement_id",
    "normalise_code",
    "normalise_header",
    "parse_class",
    "parse_class_label",
    "parse_date",
    "parse_datetime",
    "parse_level",
    "parse_long",
    "parse_order",
    "parse_wide",
    "parse_workbook",
    "province_code",
    "regions_by_geometry",
    "regions_by_membership",
    "requirement_id",
    "requirements_frame",
    "split_cell",
    "split_codes",
    "split_items",
    "stored_counts",
    "strip_invisible",
    "texts_split_on_import",
    "to_long_rows",
    "to_wide_rows",
    "unit_class_number",
    "unit_requirement",
    "units_with_requirements",
    "visible",
]
