"""Self-contained HTML pages for reports (statistics, checks, demo). No Qt."""

from __future__ import annotations

import html

STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:12px 0;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 8px}th{background:#f0f0f0}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.subtype td{color:#555;font-size:12px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
"""


def cell(value) -> str:
    """Table cell text: floats with thousands separators, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else f"{value:,.2f}"
    return str(value)


def table(headers, rows) -> str:
    """An HTML table; numbers are right-aligned."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{html.escape(cell(v))}</td>'
            if isinstance(v, (int, float)) and not isinstance(v, bool)
            else f"<td>{html.escape(cell(v))}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def page(title: str, sections) -> str:
    """A complete HTML page; ``sections`` are (heading, html body) pairs."""
    body = "".join(f"<h2>{html.escape(h)}</h2>{content}" for h, content in sections)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
