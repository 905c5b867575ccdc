"""The JSON API: ``/api/*`` routes (JSON pages ``{items,total,limit,offset}`` or CSV)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from sitrep.outputs.contested import Fact, source_info
from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS
from sitrep.web.errors import ApiError
from sitrep.web.queries import (
    EventFilter,
    actor_rows,
    claims_rows,
    contested,
    control_rows,
    doc_names,
    documents,
    event_page_ids,
    events_by_id,
    get_document,
    get_event,
    make_filter,
    parse_date,
    query_events,
)
from sitrep.web.rows import columns_of, csv_text, doc_href, event_href, json_rows, jsonable
from sitrep.web.store import Db, Snapshot

PAGE_SIZE = 50
LIST_DOC_IDS = 3  # JSON list items name at most this many source documents (all: api_url)
MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1  # far beyond any store; larger numbers are a 422, not a store error
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

DateParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD",
                                        examples=["2021-09-01"])]
TextParam = Annotated[str | None, Query(max_length=500)]
FormatParam = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
LimitParam = Annotated[int | None, Query(ge=1, le=MAX_LIMIT,
                                         description=f"page size (default {PAGE_SIZE}); "
                                         "CSV returns every row unless given")]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["status", "code", "message", "detail"],
        "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                       "message": {"type": "string"}, "detail": {}},
    }},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": ERROR_SCHEMA}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    422: _error("A parameter is invalid or out of range (the one JSON error shape)"),
    503: _error("The store cannot be read (missing, or being replaced)"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("No such id")}
LIST: dict[int | str, dict[str, Any]] = {200: {
    "description": "A JSON page ``{items, total, limit, offset}``, or CSV with format=csv",
    "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
}}

router = APIRouter(prefix="/api", responses=ERRORS)


def fact_json(fact: Fact) -> dict[str, Any]:
    """A contested fact as JSON: what, where, when, its flag and each party's assertion."""
    return jsonable({
        "subject": fact.subject, "label": fact.label, "place": fact.place, "date": fact.day,
        "event_ids": fact.event_ids, "flag": fact.flag, "parties": fact.parties,
        "values": fact.values,
        "assertions": [{"party": a.party, "claimant": a.claimant, "value": a.value,
                        "status": a.status, "disputed_by": a.disputed_by, "quote": a.quote,
                        "source": a.source, "char_start": a.char_start, "char_end": a.char_end,
                        "claim_id": a.claim_id,
                        "url": doc_href(a.source["doc_id"], span=(a.char_start, a.char_end))
                        if a.source["doc_id"] and a.char_start is not None
                        and a.char_end is not None else None}
                       for a in fact.assertions],
    })


def json_bytes(content: Any) -> bytes:
    """JSON exactly as :class:`JSONResponse` renders it (so the in-memory answers of
    :mod:`sitrep.web.fast` and the routes' are the same bytes)."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def json_response(body: bytes) -> Response:
    return Response(body, media_type="application/json")


def csv_response(name: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Response:
    return Response(
        csv_text(columns, rows), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def list_response(
    name: str, rows: list[dict[str, Any]], fmt: str, limit: int | None, offset: int,
    columns: Sequence[str] | None = None, **extra: Any,
) -> Response:
    """A list endpoint's answer: JSON page ``{items,total,limit,offset}`` or CSV of all rows."""
    if fmt == "csv":
        chosen = rows if limit is None else rows[offset:offset + limit]
        return csv_response(name, columns or columns_of(rows), chosen)
    return json_response(page_json(rows, limit, offset, **extra))


def page_json(rows: list[dict[str, Any]], limit: int | None, offset: int,
              **extra: Any) -> bytes:
    """A JSON page ``{items,total,limit,offset,...extra}`` of ``rows``."""
    lim = PAGE_SIZE if limit is None else limit
    return json_bytes({"items": json_rows(rows[offset:offset + lim]), "total": len(rows),
                       "limit": lim, "offset": offset, **extra})


@router.get("/events", tags=["events"], summary="Events, filtered and paginated",
            responses=LIST)
def api_events(
    db: Db,
    date_from: DateParam = None, date_to: DateParam = None, event_type: TextParam = None,
    sub_event_type: TextParam = None, actor: TextParam = None, admin1: TextParam = None,
    admin2: TextParam = None, status: TextParam = None, q: TextParam = None,
    limit: LimitParam = None, offset: OffsetParam = 0, format: FormatParam = "json",
) -> Response:
    """Dates are inclusive bounds on event_date; event_type, sub_event_type, admin1,
    admin2 and status match exactly (case-insensitive); actor matches part of any actor
    column; q matches part of notes, evidence or location. Order: date, then id.
    JSON items give ``sources_count``, the first source documents in ``doc_ids`` (at most
    3) and links (``url`` the page, ``api_url`` the event with every source) rather than
    every source document's id; CSV has every column of events.csv in full."""
    f = make_filter(date_from, date_to, event_type, sub_event_type, actor, admin1, admin2,
                    status, q)
    if format == "csv":
        rows, _ = query_events(db, f, limit, offset if limit is not None else 0)
        return csv_response("events", EVENT_COLUMNS, rows)
    return json_response(events_json(db, f, limit or PAGE_SIZE, offset))


def events_json(db: Snapshot, f: EventFilter, limit: int, offset: int) -> bytes:
    """The events list's JSON page."""
    ids, total = event_page_ids(db, f, limit, offset)
    items = ",".join(list_items(db, ids))
    return (f'{{"items":[{items}],"total":{total},"limit":{limit},"offset":{offset}}}'
            .encode())


def list_items(db: Snapshot, ids: Sequence[str]) -> list[str]:
    """The JSON text of each event as the list gives it, in ``ids`` order.

    An event's item is made once per store file and kept (it cannot change until a
    rebuild replaces the file): a page costs one query for its ids, one for any event
    not yet seen, and a string join.
    """
    made: dict[str, str] = db.memo.setdefault("event_items", {})
    missing = [i for i in ids if i not in made]
    for eid, row in events_by_id(db, missing).items():
        # every source document is on the event's own answer: a count and a link
        row["doc_ids"] = ";".join((row.get("doc_ids") or "").split(";")[:LIST_DOC_IDS])
        row["url"] = event_href(eid)
        row["api_url"] = "/api" + row["url"]
        made[eid] = json.dumps(json_rows([row])[0], ensure_ascii=False, allow_nan=False,
                               separators=(",", ":"))
    return [made[i] for i in ids]


@router.get("/events/{event_id}", tags=["events"], summary="One event with its mentions",
            responses=NOT_FOUND)
def api_event(db: Db, event_id: str) -> Response:
    """Every field, each source mention with its document named (outlet, title, date,
    file), and the event's claims grouped into facts (``facts``)."""
    return json_response(event_json(db, event_id))


def event_json(db: Snapshot, event_id: str) -> bytes:
    """One event's JSON answer (ApiError 404 when there is no such event)."""
    event, mentions = get_event(db, event_id)
    names = doc_names(db)
    for m in mentions:
        m["url"] = doc_href(m["doc_id"], m["mention_id"])
        m["source"] = names.get(m["doc_id"]) or source_info(None, m["doc_id"])
    return json_bytes({**json_rows([event])[0], "mentions": json_rows(mentions),
                       "facts": [fact_json(x) for x in contested(db, "event", event_id)],
                       "url": event_href(event_id)})


@router.get("/claims", tags=["claims"], summary="Claims with who said them", responses=LIST)
def api_claims(db: Db, event_id: TextParam = None, status: TextParam = None,
               claimant: TextParam = None, limit: LimitParam = None,
               offset: OffsetParam = 0, format: FormatParam = "json") -> Response:
    """From the claims table when the build has one, else the claimed or disputed
    mentions (``source`` says which). event_id and status match exactly, claimant
    any part of the name."""
    lim = limit if format == "csv" else (limit or PAGE_SIZE)
    rows, source, total = claims_rows(db, (event_id or "").strip(), (status or "").strip(),
                                      (claimant or "").strip(), lim,
                                      offset if lim is not None else 0)
    if format == "csv":
        return csv_response("claims", columns_of(rows), rows)
    names = doc_names(db)
    for r in rows:
        r["source"] = names.get(r.get("doc_id") or "") or source_info(None, r.get("doc_id"))
    return JSONResponse({"items": json_rows(rows), "total": total, "limit": lim,
                         "offset": offset, "source": source})


@router.get("/contested", tags=["claims"], summary="Contested facts: who says what",
            responses=LIST)
def api_contested(db: Db, by: Annotated[Literal["figure", "event"], Query(
                      description="figure (default): fatalities, captured, control of a "
                      "place on a date; event: every fact of each event")] = "figure",
                  flag: Annotated[Literal["", "contested", "single party", "corroborated"],
                                  Query(description="only facts with this flag")] = "",
                  limit: LimitParam = None, offset: OffsetParam = 0) -> Response:
    """The claims grouped into facts, each party's value with its quote, outlet and date;
    ``flag`` says whether parties disagree (contested), one party alone asserts it
    (single party) or several agree (corroborated)."""
    facts = [x for x in contested(db, by) if not flag or x.flag == flag]
    lim = limit or PAGE_SIZE
    return JSONResponse({"items": [fact_json(x) for x in facts[offset:offset + lim]],
                         "total": len(facts), "limit": lim, "offset": offset, "by": by})


@router.get("/control", tags=["control"], summary="Who held each place on a date",
            responses=LIST)
def api_control(db: Db, date: Annotated[str, Query(pattern=DATE_PATTERN,
                                                   description="YYYY-MM-DD")],
                limit: LimitParam = None, offset: OffsetParam = 0,
                format: FormatParam = "json") -> Response:
    on = parse_date("date", date)
    if on is None:
        raise ApiError(422, "invalid parameter date: it is required (YYYY-MM-DD)")
    if format == "json":
        return json_response(control_json(db, on, limit, offset))
    rows, available = control_rows(db, on)
    return list_response("control", rows, format, limit, offset, date=on.isoformat(),
                         available=available)


def control_json(db: Snapshot, on: date, limit: int | None, offset: int) -> bytes:
    """Who held each place on ``on``: the JSON page."""
    rows, available = control_rows(db, on)
    return page_json(rows, limit, offset, date=on.isoformat(), available=available)


@router.get("/actors", tags=["actors"], summary="Actors", responses=LIST)
def api_actors(request: Request, db: Db, limit: LimitParam = None, offset: OffsetParam = 0,
               format: FormatParam = "json") -> Response:
    """From the actors table or actors.json when present, else counted from events."""
    rows, source = actor_rows(db, request.app.state.out_dir)
    return list_response("actors", rows, format, limit, offset, source=source)


@router.get("/documents", tags=["documents"], summary="Documents (without text)",
            responses=LIST)
def api_documents(db: Db, limit: LimitParam = None, offset: OffsetParam = 0,
                  format: FormatParam = "json") -> Response:
    return list_response("documents", documents(db), format, limit, offset, DOCUMENT_COLUMNS)


@router.get("/documents/{doc_id}", tags=["documents"],
            summary="One document: text and extracted mentions", responses=NOT_FOUND)
def api_document(db: Db, doc_id: str) -> Response:
    return json_response(document_json(db, doc_id))


def document_json(db: Snapshot, doc_id: str) -> bytes:
    """One document's JSON answer: its text and mentions (ApiError 404 when unknown)."""
    doc, mentions = get_document(db, doc_id)
    return json_bytes({**json_rows([doc])[0], "mentions": json_rows(mentions),
                       "url": doc_href(doc_id)})
