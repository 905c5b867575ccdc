"""Store rows as the app hands them out: JSON values, CSV text, links to their pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from sitrep.outputs.export import csv_cell

SPAN_ID = "span"  # anchor of a span picked by ?s=&e= on a document page


_PLAIN = frozenset({str, int, bool, type(None)})  # JSON as they are (exact types only)


def jsonable(value: Any) -> Any:
    """A value as JSON can carry it (dates as ISO text, NaN as null).

    The exact type is checked first: nearly every value is a plain string, number or
    None, and an answer holds thousands of them.
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return None if value != value else value  # NaN is not JSON
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def json_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in r.items()} for r in rows]


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV exactly as ``sitrep.outputs.export`` writes it (same cell formatting, LF line ends)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([
            json.dumps(jsonable(v), ensure_ascii=False) if isinstance(v, dict | list)
            else csv_cell(v)
            for v in (row.get(c) for c in columns)
        ])
    return buf.getvalue()


def columns_of(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every column any of the rows has, in first-seen order."""
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def doc_href(doc_id: str, mention_id: str | None = None,
             span: tuple[int, int] | None = None) -> str:
    """URL of a document page, scrolled to and highlighting one mention (or span) if given."""
    href = f"/documents/{quote(str(doc_id), safe='')}"
    if mention_id:
        m = quote(str(mention_id), safe="")
        href += f"?m={m}#m-{m}"
    elif span:
        href += f"?s={int(span[0])}&e={int(span[1])}#m-{SPAN_ID}"
    return href


def event_href(event_id: str) -> str:
    return f"/events/{quote(str(event_id), safe='')}"
