"""Write the store's tables as the output files: CSVs and GeoJSON, byte-stable."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.store import (
    CLAIM_COLUMNS,
    CONTROL_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    STATEMENT_COLUMNS,
    Store,
)

# a spreadsheet runs a cell that starts with one of these as a formula (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: blank for None, true/false, 5 decimals, ISO dates.

    Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
    CR first) gets a leading ``'``; numbers such as ``-3.5`` stay numbers. Only the
    CSV cell changes: the store keeps the exact text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.5f}"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def read_cell(text: str) -> str:
    """The exact text of a CSV cell that :func:`csv_cell` wrote (drops the formula guard)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START) and not _NUMBER.fullmatch(
        text[1:]
    ):
        return text[1:]
    return text


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> Path:
    """Write rows as CSV with exactly these columns, LF line ends, UTF-8."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
    tmp.replace(path)
    return path


def events_rows(store: Store) -> list[dict[str, Any]]:
    return store.rows("events", EVENT_COLUMNS, "event_date, event_id_cnty")


def write_outputs(store: Store, out_dir: Path) -> dict[str, Path]:
    """events.csv, mentions.csv, documents.csv and events.geojson from the store."""
    out_dir.mkdir(parents=True, exist_ok=True)
    events = events_rows(store)
    paths = {
        "events": write_csv(out_dir / "events.csv", EVENT_COLUMNS, events),
        "mentions": write_csv(
            out_dir / "mentions.csv",
            MENTION_COLUMNS,
            store.rows("mentions", MENTION_COLUMNS, "doc_file, doc_id, char_start, mention_id"),
        ),
        "documents": write_csv(out_dir / "documents.csv", DOCUMENT_COLUMNS,
                               store.documents(DOCUMENT_COLUMNS)),
        "geojson": write_geojson(out_dir / "events.geojson", events),
        "claims": write_csv(
            out_dir / "claims.csv",
            CLAIM_COLUMNS,
            store.rows(
                "claims",
                CLAIM_COLUMNS,
                "length(event_id_cnty), event_id_cnty, length(claim_id), claim_id",
            ),
        ),
        "control": write_csv(
            out_dir / "control.csv",
            CONTROL_COLUMNS,
            store.rows("control", CONTROL_COLUMNS, "admin1, admin2, place, date_from"),
        ),
        "statements": write_csv(
            out_dir / "statements.csv",
            STATEMENT_COLUMNS,
            store.rows(
                "statements", STATEMENT_COLUMNS, "doc_file, doc_id, char_start, statement_id"
            ),
        ),
    }
    return paths


def write_geojson(path: Path, events: Sequence[dict[str, Any]]) -> Path:
    """Events with coordinates as GeoJSON points (all event columns as properties)."""
    features = []
    for e in events:
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        props = {k: (csv_cell(v) if isinstance(v, date) else v) for k, v in e.items()}
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(e["longitude"], 5), round(e["latitude"], 5)],
                },
                "properties": props,
            }
        )
    data = {"type": "FeatureCollection", "features": features}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8"
    )
    tmp.replace(path)
    return path
