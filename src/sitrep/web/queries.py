"""What the app asks the store: filtered events, one event or document, claims, control, actors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS
from sitrep.web.errors import ApiError
from sitrep.web.store import Snapshot


@dataclass(frozen=True)
class EventFilter:
    """The events list filters (all optional; empty strings mean 'no filter')."""

    date_from: date | None = None
    date_to: date | None = None
    event_type: str = ""
    sub_event_type: str = ""
    actor: str = ""
    admin1: str = ""
    admin2: str = ""
    status: str = ""
    q: str = ""

    def where(self) -> tuple[str, list[Any]]:
        """SQL WHERE clause and parameters for these filters."""
        clauses: list[str] = []
        args: list[Any] = []
        if self.date_from:
            clauses.append("event_date >= ?")
            args.append(self.date_from)
        if self.date_to:
            clauses.append("event_date <= ?")
            args.append(self.date_to)
        for col in ("event_type", "sub_event_type", "status", "admin1", "admin2"):
            value = getattr(self, col)
            if value:
                clauses.append(f"lower({col}) = lower(?)")
                args.append(value)
        for value, cols in (
            (self.actor, ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")),
            (self.q, ("notes", "evidence", "location")),
        ):
            if value:
                clauses.append(
                    "(" + " OR ".join(f"contains(lower(coalesce({c}, '')), lower(?))" for c in cols)
                    + ")"
                )
                args.extend([value] * len(cols))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def params(self) -> dict[str, str]:
        """The non-empty filters as query parameters."""
        out = {}
        for key, value in vars(self).items():
            if value:
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


def parse_date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            422,
            f"invalid parameter {name}: {value!r} is not a date in YYYY-MM-DD form",
            [{"param": name, "in": "query", "message": "not a valid date", "value": value}],
        ) from None


def make_filter(
    date_from: str | None = None, date_to: str | None = None, event_type: str | None = None,
    sub_event_type: str | None = None, actor: str | None = None, admin1: str | None = None,
    admin2: str | None = None, status: str | None = None, q: str | None = None,
) -> EventFilter:
    """Validate raw query values into an EventFilter (ApiError 422 when they are wrong)."""
    f = EventFilter(
        parse_date("date_from", date_from), parse_date("date_to", date_to),
        (event_type or "").strip(), (sub_event_type or "").strip(), (actor or "").strip(),
        (admin1 or "").strip(), (admin2 or "").strip(), (status or "").strip(), (q or "").strip(),
    )
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ApiError(422, "invalid parameter date_to: it is before date_from", [
            {"param": "date_to", "in": "query", "message": "before date_from",
             "value": f.date_to.isoformat()}])
    return f


def query_events(
    db: Snapshot, f: EventFilter, limit: int | None, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Filtered events in events.csv order (date, id) and the total before paging."""
    where, args = f.where()
    total = db.scalar(f"SELECT count(*) FROM events{where}", args) or 0
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = db.query(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{where} "
        f"ORDER BY event_date, event_id_cnty{page}",
        args,
    )
    return rows, int(total)


def get_event(db: Snapshot, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One event and its mentions (with each source document's text under ``_text``)."""
    rows = db.query(
        f"SELECT {', '.join(EVENT_COLUMNS)}, mention_ids FROM events WHERE event_id_cnty = ?",
        [event_id],
    )
    if not rows:
        raise ApiError(404, f"no event with id {event_id!r}",
                       {"resource": "event", "id": event_id})
    event = rows[0]
    ids = [m for m in (event.pop("mention_ids") or "").split(";") if m]
    mentions = db.query(
        f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions "
        "WHERE event_id_cnty = ? OR list_contains(?, mention_id) "
        "ORDER BY doc_file, char_start, mention_id",
        [event_id, ids],
    )
    return event, mentions


def get_document(db: Snapshot, doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One analysed document (with ``text``) and its mentions in text order."""
    rows = db.query(
        f"SELECT {', '.join(DOCUMENT_COLUMNS)}, text FROM documents WHERE doc_id = ?", [doc_id]
    )
    if not rows:
        raise ApiError(404, f"no document with id {doc_id!r}",
                       {"resource": "document", "id": doc_id})
    mentions = db.query(
        f"SELECT {', '.join(MENTION_COLUMNS)} FROM mentions WHERE doc_id = ? "
        "ORDER BY char_start, char_end, mention_id",
        [doc_id],
    )
    return rows[0], mentions


def _all_rows(db: Snapshot, table: str) -> list[dict[str, Any]]:
    try:
        return db.query(f'SELECT * FROM "{table}" ORDER BY ALL')
    except duckdb.Error:
        return db.query(f'SELECT * FROM "{table}"')


def claims_rows(
    db: Snapshot, event_id: str = "", status: str = "", claimant: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """Rows of the ``claims`` table, or claimed/disputed mentions when there is none.

    ``event_id`` and ``status`` match exactly, ``claimant`` any part (case-insensitive).
    """
    if db.has_table("claims"):
        clauses, args = [], []
        for col, value, exact in (("event_id_cnty", event_id, True), ("status", status, True),
                                  ("claimant", claimant, False)):
            if value:
                clauses.append(f"lower({col}) = lower(?)" if exact
                               else f"contains(lower(coalesce({col}, '')), lower(?))")
                args.append(value)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return db.query(f"SELECT * FROM claims{where} ORDER BY ALL", args), "claims"
    if status:
        return [], "mentions"
    rows = db.query(
        "SELECT mention_id, event_id_cnty, event_date, event_type, sub_event_type, location, "
        "claimant, disputed_by, fatalities, captured, doc_id, doc_file, char_start, char_end, "
        "evidence FROM mentions WHERE coalesce(claimant, '') <> '' "
        "OR coalesce(disputed_by, '') <> '' ORDER BY event_date, doc_file, char_start, mention_id"
    )
    if event_id:
        rows = [r for r in rows if (r["event_id_cnty"] or "").lower() == event_id.lower()]
    if claimant:
        rows = [r for r in rows if claimant.lower() in (r["claimant"] or "").lower()]
    return rows, "mentions"


def control_rows(db: Snapshot, on: date) -> tuple[list[dict[str, Any]], bool]:
    """Who held each place on ``on``: the ``control`` intervals covering the day.

    ([], False) when the store has no control table.
    """
    if not db.has_table("control"):
        return [], False
    return db.query(
        'SELECT * FROM control WHERE ("date_from" IS NULL OR "date_from" <= ?) '
        'AND ("date_to" IS NULL OR "date_to" >= ?) ORDER BY ALL',
        [on, on],
    ), True


def actor_rows(db: Snapshot, out_dir: Path) -> tuple[list[dict[str, Any]], str]:
    """The ``actors`` table, else ``actors.json``, else actors counted from the events."""
    if db.has_table("actors"):
        return _all_rows(db, "actors"), "actors"
    path = out_dir / "actors.json"
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, list):
            return [r for r in data if isinstance(r, dict)], "actors.json"
    rows = db.query(
        "SELECT actor, min(inter) AS inter, count(*) AS events, min(event_date) AS first_date, "
        "max(event_date) AS last_date FROM ("
        "SELECT actor1 AS actor, inter1 AS inter, event_id_cnty, event_date FROM events "
        "UNION ALL SELECT actor2, inter2, event_id_cnty, event_date FROM events) "
        "WHERE coalesce(actor, '') <> '' GROUP BY actor ORDER BY events DESC, actor"
    )
    return rows, "events"


def documents(db: Snapshot, with_counts: bool = False) -> list[dict[str, Any]]:
    """Every document (without text) in documents.csv order, with its mention count if asked."""
    count = (", (SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id) AS mentions"
             if with_counts else "")
    return db.query(f"SELECT {', '.join(DOCUMENT_COLUMNS)}{count} FROM documents d "
                    "ORDER BY status DESC, doc_file, key")


def distinct(db: Snapshot, col: str) -> list[str]:
    """The distinct non-empty values of an events column, sorted (for the filter menus)."""
    return [r["v"] for r in db.query(
        f"SELECT DISTINCT {col} AS v FROM events WHERE coalesce({col}, '') <> '' ORDER BY 1")]


def source_documents(db: Snapshot, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, publisher, date and text of the given documents, by id."""
    return {d["doc_id"]: d for d in db.query(
        "SELECT doc_id, doc_file, title, publisher, published, text FROM documents "
        "WHERE list_contains(?, doc_id)", [sorted(doc_ids)])}
