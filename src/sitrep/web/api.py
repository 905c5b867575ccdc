"""The JSON API: ``/api/*`` routes (JSON pages ``{items,total,limit,offset}`` or CSV)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS
from sitrep.web.errors import ApiError
from sitrep.web.queries import (
    actor_rows,
    claims_rows,
    control_rows,
    documents,
    get_document,
    get_event,
    make_filter,
    parse_date,
    query_events,
)
from sitrep.web.rows import columns_of, csv_text, doc_href, event_href, json_rows
from sitrep.web.store import Db

PAGE_SIZE = 50
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
    lim = PAGE_SIZE if limit is None else limit
    page = rows[offset:offset + lim]
    return JSONResponse({"items": json_rows(page), "total": len(rows), "limit": lim,
                         "offset": offset, **extra})


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
    column; q matches part of notes, evidence or location. Order: date, then id."""
    f = make_filter(date_from, date_to, event_type, sub_event_type, actor, admin1, admin2,
                    status, q)
    if format == "csv":
        rows, _ = query_events(db, f, limit, offset if limit is not None else 0)
        return csv_response("events", EVENT_COLUMNS, rows)
    lim = limit or PAGE_SIZE
    rows, total = query_events(db, f, lim, offset)
    return JSONResponse({"items": json_rows(rows), "total": total, "limit": lim,
                         "offset": offset})


@router.get("/events/{event_id}", tags=["events"], summary="One event with its mentions",
            responses=NOT_FOUND)
def api_event(db: Db, event_id: str) -> Response:
    event, mentions = get_event(db, event_id)
    for m in mentions:
        m["url"] = doc_href(m["doc_id"], m["mention_id"])
    return JSONResponse({**json_rows([event])[0], "mentions": json_rows(mentions),
                         "url": event_href(event_id)})


@router.get("/claims", tags=["claims"], summary="Claims with who said them", responses=LIST)
def api_claims(db: Db, event_id: TextParam = None, status: TextParam = None,
               claimant: TextParam = None, limit: LimitParam = None,
               offset: OffsetParam = 0, format: FormatParam = "json") -> Response:
    """From the claims table when the build has one, else the claimed or disputed
    mentions (``source`` says which). event_id and status match exactly, claimant
    any part of the name."""
    rows, source = claims_rows(db, (event_id or "").strip(), (status or "").strip(),
                               (claimant or "").strip())
    return list_response("claims", rows, format, limit, offset, source=source)


@router.get("/control", tags=["control"], summary="Who held each place on a date",
            responses=LIST)
def api_control(db: Db, date: Annotated[str, Query(pattern=DATE_PATTERN,
                                                   description="YYYY-MM-DD")],
                limit: LimitParam = None, offset: OffsetParam = 0,
                format: FormatParam = "json") -> Response:
    on = parse_date("date", date)
    if on is None:
        raise ApiError(422, "invalid parameter date: it is required (YYYY-MM-DD)")
    rows, available = control_rows(db, on)
    return list_response("control", rows, format, limit, offset, date=on.isoformat(),
                         available=available)


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
    doc, mentions = get_document(db, doc_id)
    return JSONResponse({**json_rows([doc])[0], "mentions": json_rows(mentions),
                         "url": doc_href(doc_id)})
