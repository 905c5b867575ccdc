"""The gold rows and system mentions that ``sitrep eval events`` compares, and their readers.

Gold rows come from a hand-annotated CSV (``eval/events/*gold.csv``); system rows from a
build's ``mentions.csv``. Both are checked column by column with one-line errors.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitrep.errors import DataFileError
from sitrep.records import FOLLOW_UP

GOLD_COLUMNS = (
    "event_key",
    "doc_file",
    "quote",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "fatalities",
    "captured",
    "claimant",
    "disputed",
)
SYSTEM_COLUMNS = (
    "doc_file",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "fatalities",
    "claimant",
    "disputed_by",
    "evidence",
)


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One annotated event mention."""

    line: int
    event_key: str
    doc_file: str
    quote: str
    event_date: date
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    admin2: str
    location: str
    fatalities: int | None
    captured: int | None
    claimant: str
    disputed: bool


@dataclass(frozen=True, slots=True)
class SystemRow:
    """The scored columns of one ``mentions.csv`` row."""

    line: int
    doc_file: str
    event_date: date | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    admin2: str
    fatalities: int | None
    claimant: str
    disputed: bool
    evidence: str
    event_id: str = ""  # the event the mention was merged into (``event_id_cnty``)
    # tag ``follow-up``: a later sentence telling more of an event already reported (its
    # toll, "the attack"), linked to that event; the gold gives such sentences no row
    follow_up: bool = False


def _date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise DataFileError(where, f"{value!r} is not a YYYY-MM-DD date") from exc


def _int(value: str, where: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise DataFileError(where, f"{value!r} is not a number") from exc


def _bool(value: str, where: str) -> bool:
    v = (value or "").strip().lower()
    if v in {"true", "1", "yes"}:
        return True
    if v in {"false", "0", "no", ""}:
        return False
    raise DataFileError(where, f"{value!r} is not true/false")


def _rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(str(path), f"missing column(s): {', '.join(missing)}")
            return list(reader)
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read ({exc.strerror or exc})") from exc


def load_gold(path: str | Path) -> list[GoldRow]:
    """Read and check a gold CSV (columns: ``GOLD_COLUMNS``)."""
    path = Path(path)
    rows = []
    for i, r in enumerate(_rows(path, GOLD_COLUMNS), start=2):
        where = f"{path}:{i}"
        precision = _int(r["time_precision"], where)
        if precision not in (1, 2, 3):
            raise DataFileError(where, "time_precision must be 1, 2 or 3")
        if not r["doc_file"].strip() or not r["event_type"].strip():
            raise DataFileError(where, "doc_file and event_type are required")
        rows.append(
            GoldRow(
                line=i,
                event_key=r["event_key"].strip(),
                doc_file=r["doc_file"].strip(),
                quote=r["quote"],
                event_date=_date(r["event_date"], where),
                time_precision=precision,
                event_type=r["event_type"].strip(),
                sub_event_type=r["sub_event_type"].strip(),
                actor1=r["actor1"].strip(),
                actor2=r["actor2"].strip(),
                admin1=r["admin1"].strip(),
                admin2=r["admin2"].strip(),
                location=r["location"].strip(),
                fatalities=_int(r["fatalities"], where),
                captured=_int(r["captured"], where),
                claimant=r["claimant"].strip(),
                disputed=_bool(r["disputed"], where),
            )
        )
    return rows


def load_mentions(path: str | Path) -> list[SystemRow]:
    """Read the scored columns of a build's ``mentions.csv``."""
    path = Path(path)
    rows = []
    for i, r in enumerate(_rows(path, SYSTEM_COLUMNS), start=2):
        where = f"{path}:{i}"
        day = r["event_date"].strip()
        rows.append(
            SystemRow(
                line=i,
                doc_file=r["doc_file"].strip(),
                event_date=_date(day, where) if day else None,
                event_type=r["event_type"].strip(),
                sub_event_type=r["sub_event_type"].strip(),
                actor1=r["actor1"].strip(),
                actor2=r["actor2"].strip(),
                admin1=r["admin1"].strip(),
                admin2=r["admin2"].strip(),
                fatalities=_int(r["fatalities"], where),
                claimant=r["claimant"].strip(),
                disputed=bool(r["disputed_by"].strip()),
                evidence=r["evidence"],
                event_id=(r.get("event_id_cnty") or "").strip(),
                follow_up=FOLLOW_UP in (r.get("tags") or "").split("; "),
            )
        )
    return rows
