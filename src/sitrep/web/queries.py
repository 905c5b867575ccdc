"""What the app asks the store: filtered events, one event or document, claims, control, actors."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from sitrep.outputs.contested import Fact, contested_facts, source_info
from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS
from sitrep.web.errors import ApiError
from sitrep.web.store import NeedsStore, Snapshot

TOTAL = "_total_rows"  # the window count column of a paged query
# Set by ``serve()`` (the process is the app's alone): what is kept per store file lives as
# long as the file and holds no cycles, so it is frozen out of the cyclic collector's sight
# and a full collection does not walk it (a ~0.1 s pause on a 50-copy store, felt by every
# request in flight). Freezing is process-wide, so a test or library process does not.
FREEZE_MEMOS = False


def memoized(db: Snapshot, key: Any, make: Callable[[], Any]) -> Any:
    """``db.memo[key]``, made by ``make()`` once per store file: the first request computes
    it while any other asking for the same key waits, so a burst of requests after a
    rebuild does not run the same bulk query on every thread."""
    found = db.memo.get(key)
    if found is None:
        if db.memo_only:
            raise NeedsStore(key)  # never wait on the event loop for another thread's query
        with db.memo.setdefault(("lock", key), threading.Lock()):
            found = db.memo.get(key)
            if found is None:
                found = db.memo[key] = make()
                if FREEZE_MEMOS:
                    gc.freeze()
    return found


@dataclass(frozen=True)
class EventObjects:
    """Every event and mention of one store file, indexed for the single-object answers.

    The store does not change under a view, and an example-sized corpus times 50 is a few
    thousand rows: one bulk read replaces two or three queries per event or document asked
    for (each query costs a DuckDB cursor round trip, more than the Python look-up).
    """

    events: dict[str, dict[str, Any]]  # id -> row (EVENT_COLUMNS and mention_ids)
    order: list[str]  # event ids in events.csv order (date, then id)
    mentions: list[dict[str, Any]]  # in the event page's order (doc_file, char_start, id)
    by_event: dict[str, list[int]]  # event id -> indices into mentions
    by_id: dict[str, int]  # mention id -> index into mentions
    by_doc: dict[str, list[int]]  # doc id -> indices in the document's text order


def event_objects(db: Snapshot) -> EventObjects:
    """The store's events and mentions in memory (read once per store file)."""
    return memoized(db, "event_objects", lambda: _load_objects(db))


def _load_objects(db: Snapshot) -> EventObjects:
    rows = db.query(
        f"SELECT {select_list(db, 'events', [*EVENT_COLUMNS, 'mention_ids'])} FROM events "
        "ORDER BY event_date, event_id_cnty")
    mentions = db.query(
        f"SELECT {select_list(db, 'mentions', MENTION_COLUMNS)} FROM mentions "
        "ORDER BY doc_file, char_start, mention_id")
    by_event: dict[str, list[int]] = {}
    by_id: dict[str, int] = {}
    for i, m in enumerate(mentions):
        by_event.setdefault(m["event_id_cnty"], []).append(i)
        by_id[str(m["mention_id"])] = i
    by_doc: dict[str, list[int]] = {}
    for (mid,) in db.rows("SELECT mention_id FROM mentions "
                          "ORDER BY doc_id, char_start, char_end, mention_id")[1]:
        i = by_id[str(mid)]
        by_doc.setdefault(mentions[i]["doc_id"], []).append(i)
    return EventObjects({r["event_id_cnty"]: r for r in rows},
                        [r["event_id_cnty"] for r in rows], mentions, by_event, by_id, by_doc)


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


def paged(db: Snapshot, select: str, tail: str, args: Sequence[Any], limit: int | None,
          offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """``SELECT {select} {tail}`` paged in SQL, with the total before paging from the same
    query (a window count); a second query only when the page is past the end."""
    if limit is None:
        rows = db.query(f"SELECT {select} {tail}", args)
        return rows, len(rows)
    names, data = db.rows(
        f"SELECT {select}, count(*) OVER () AS {TOTAL} {tail} LIMIT ? OFFSET ?",
        [*args, int(limit), int(offset)],
    )
    if data:
        total = int(data[0][-1])
    else:
        total = 0 if offset == 0 else int(
            db.scalar(f"SELECT count(*) FROM (SELECT {select} {tail})", args) or 0)
    keep = names[:-1]
    return [dict(zip(keep, r, strict=False)) for r in data], total


def query_events(
    db: Snapshot, f: EventFilter, limit: int | None, offset: int = 0,
    columns: Sequence[str] = EVENT_COLUMNS,
) -> tuple[list[dict[str, Any]], int]:
    """Filtered events in events.csv order (date, id) and the total before paging."""
    where, args = f.where()
    return paged(db, select_list(db, "events", columns),
                 f"FROM events{where} ORDER BY event_date, event_id_cnty", args, limit, offset)


def event_page_ids(db: Snapshot, f: EventFilter, limit: int,
                   offset: int = 0) -> tuple[list[str], int]:
    """The ids of one page of filtered events (events.csv order) and the total: filtering,
    ordering, paging and counting in one SQL query that reads two columns."""
    where, args = f.where()
    if not where:  # the whole list: a slice of the ids kept in order
        order = event_objects(db).order
        return order[offset:offset + limit], len(order)
    rows, total = paged(db, "event_id_cnty",
                        f"FROM events{where} ORDER BY event_date, event_id_cnty", args, limit,
                        offset)
    return [r["event_id_cnty"] for r in rows], total


def events_by_id(db: Snapshot, ids: Sequence[str],
                 columns: Sequence[str] = EVENT_COLUMNS) -> dict[str, dict[str, Any]]:
    """Full rows of the given events, by id (one query)."""
    if not ids:
        return {}
    if columns is EVENT_COLUMNS:
        known = event_objects(db).events
        return {i: {c: known[i][c] for c in columns} for i in ids if i in known}
    return {r["event_id_cnty"]: r for r in db.query(
        f"SELECT {select_list(db, 'events', columns)} FROM events "
        "WHERE list_contains(?, event_id_cnty)", [list(ids)])}


def select_list(db: Snapshot, table: str, columns: Sequence[str]) -> str:
    """The columns as a SELECT list; any the store's table lacks (a store written by an
    older build) as NULL, so the app still serves it."""
    key = ("columns", table)
    if key not in db.memo:
        db.memo[key] = frozenset(name for name, _ in db.columns(table))
    have = db.memo[key]
    return ", ".join(c if c in have else f"NULL AS {c}" for c in columns)


def get_event(db: Snapshot, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One event and its mentions: those merged into it and those its ``mention_ids``
    name, in (doc_file, char_start, mention_id) order (fresh dicts the caller may change)."""
    objs = event_objects(db)
    found = objs.events.get(event_id)
    if found is None:
        raise ApiError(404, f"no event with id {event_id!r}",
                       {"resource": "event", "id": event_id})
    event = dict(found)
    ids = [m for m in (event.pop("mention_ids") or "").split(";") if m]
    picked = set(objs.by_event.get(event_id, ()))
    picked.update(objs.by_id[m] for m in ids if m in objs.by_id)
    return event, [dict(objs.mentions[i]) for i in sorted(picked)]


def get_document(db: Snapshot, doc_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One analysed document (with ``text``) and its mentions in text order."""
    known: dict[str, dict[str, Any]] = db.memo.setdefault("document_rows", {})
    row = known.get(doc_id)  # each document's row is read once per store file
    if row is None:
        rows = db.query(
            f"SELECT {select_list(db, 'documents', [*DOCUMENT_COLUMNS, 'text'])} "
            "FROM documents WHERE doc_id = ?", [doc_id])
        if not rows:
            raise ApiError(404, f"no document with id {doc_id!r}",
                           {"resource": "document", "id": doc_id})
        row = known[doc_id] = rows[0]
    objs = event_objects(db)
    return dict(row), [dict(objs.mentions[i]) for i in objs.by_doc.get(doc_id, ())]


def _all_rows(db: Snapshot, table: str) -> list[dict[str, Any]]:
    try:
        return db.query(f'SELECT * FROM "{table}" ORDER BY ALL')
    except duckdb.Error:
        return db.query(f'SELECT * FROM "{table}"')


def claims_rows(
    db: Snapshot, event_id: str = "", status: str = "", claimant: str = "",
    limit: int | None = None, offset: int = 0, subject: str = "", q: str = "",
) -> tuple[list[dict[str, Any]], str, int]:
    """Rows of the ``claims`` table, or claimed/disputed mentions when there is none; the
    source used; the total before paging (filtered and paged in SQL).

    ``event_id``, ``status`` and ``subject`` match exactly, ``claimant`` any part
    (case-insensitive); ``q`` any part of the claimant, value, quote or disputing party.
    """
    if db.has_table("claims"):
        filters = (("event_id_cnty", event_id, True), ("status", status, True),
                   ("subject", subject, True), ("claimant", claimant, False))
        order = "ORDER BY ALL"
        select = "*"
    else:
        if status or subject:
            return [], "mentions", 0
        filters = (("event_id_cnty", event_id, True), ("claimant", claimant, False))
        order = "ORDER BY event_date, doc_file, char_start, mention_id"
        select = ("mention_id, event_id_cnty, event_date, event_type, sub_event_type, location, "
                  "claimant, disputed_by, fatalities, captured, doc_id, doc_file, char_start, "
                  "char_end, evidence")
    clauses, args = [], []
    for col, value, exact in filters:
        if value:
            clauses.append(f"lower({col}) = lower(?)" if exact
                           else f"contains(lower(coalesce({col}, '')), lower(?))")
            args.append(value)
    if q:
        cols = (("claimant", "value", "quote", "disputed_by") if db.has_table("claims")
                else ("claimant", "evidence", "disputed_by"))
        clauses.append("(" + " OR ".join(
            f"contains(lower(coalesce(CAST({c} AS VARCHAR), '')), lower(?))" for c in cols) + ")")
        args.extend([q] * len(cols))
    if not db.has_table("claims"):
        clauses.insert(0, "(coalesce(claimant, '') <> '' OR coalesce(disputed_by, '') <> '')")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    table = "claims" if db.has_table("claims") else "mentions"
    rows, total = paged(db, select, f"FROM {table}{where} {order}", args, limit, offset)
    return rows, ("claims" if table == "claims" else "mentions"), total


def control_rows(db: Snapshot, on: date) -> tuple[list[dict[str, Any]], bool]:
    """Who held each place on ``on``: the ``control`` intervals covering the day.

    ([], False) when the store has no control table.
    """
    if not db.has_table("control"):
        return [], False
    every = memoized(db, "control", lambda: db.query("SELECT * FROM control ORDER BY ALL"))
    if not all(isinstance(r.get(k), date | None) for r in every
               for k in ("date_from", "date_to")):  # not DATE columns: let SQL compare
        return db.query(
            'SELECT * FROM control WHERE ("date_from" IS NULL OR "date_from" <= ?) '
            'AND ("date_to" IS NULL OR "date_to" >= ?) ORDER BY ALL',
            [on, on],
        ), True
    return [dict(r) for r in every if (r["date_from"] is None or r["date_from"] <= on)
            and (r["date_to"] is None or r["date_to"] >= on)], True


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
    cols = select_list(db, "documents", DOCUMENT_COLUMNS)
    return db.query(f"SELECT {cols}{count} FROM documents d ORDER BY status DESC, doc_file, key")


def distinct(db: Snapshot, col: str, table: str = "events") -> list[str]:
    """The distinct non-empty values of a column, sorted (for the filter menus; kept until
    the store file changes)."""
    key = ("distinct", table, col)
    if key not in db.memo:
        db.memo[key] = [r["v"] for r in db.query(
            f"SELECT DISTINCT {col} AS v FROM {table} WHERE coalesce({col}, '') <> '' "
            "ORDER BY 1")]
    return list(db.memo[key])


def doc_names(db: Snapshot) -> dict[str, dict[str, str]]:
    """Every document as a reader names it (outlet, title, date, file), by id; read once per
    store file (the names do not change between builds, the text is not loaded)."""
    found = db.memo.get("doc_names")
    if found is None:
        found = db.memo["doc_names"] = {
            d["doc_id"]: source_info(d) for d in db.query(
                "SELECT doc_id, doc_file, title, publisher, published FROM documents")}
    return found


def event_index(db: Snapshot) -> dict[str, dict[str, Any]]:
    """Place and date of every event by id (for grouping claims; read once per store file)."""
    found = db.memo.get("event_index")
    if found is None:
        found = db.memo["event_index"] = {r["event_id_cnty"]: r for r in db.query(
            "SELECT event_id_cnty, event_date, location, admin1, admin2, event_type, "
            "sub_event_type, status FROM events")}
    return found


def contested(db: Snapshot, by: str = "figure", event_id: str = "") -> list[Fact]:
    """The claims grouped into contested facts (see :mod:`sitrep.outputs.contested`);
    [] when the build has no claims table."""
    if not db.has_table("claims"):
        return []
    if event_id:
        claims = claims_by_event(db).get(event_id, [])
        return contested_facts([dict(c) for c in claims], event_index(db), doc_names(db), by=by)
    return memoized(db, ("contested", by), lambda: contested_facts(
        [dict(c) for c in all_claims(db)], event_index(db), doc_names(db), by=by))


def all_claims(db: Snapshot) -> list[dict[str, Any]]:
    """Every claim in ``ORDER BY ALL`` order (read once per store file; do not change)."""
    return memoized(db, "claims", lambda: db.query("SELECT * FROM claims ORDER BY ALL"))


def claims_by_event(db: Snapshot) -> dict[str, list[dict[str, Any]]]:
    """The claims of each event, in ``ORDER BY ALL`` order (once per store file)."""
    def group() -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for c in all_claims(db):
            out.setdefault(c.get("event_id_cnty") or "", []).append(c)
        return out

    return memoized(db, "claims_by_event", group)


def source_documents(db: Snapshot, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, publisher, date and text of the given documents, by id."""
    return {d["doc_id"]: d for d in db.query(
        "SELECT doc_id, doc_file, title, publisher, published, text FROM documents "
        "WHERE list_contains(?, doc_id)", [sorted(doc_ids)])}
