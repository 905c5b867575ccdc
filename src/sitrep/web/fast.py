"""The hot API answers served from memory, without FastAPI's per-request machinery.

Once a store file's events, mentions, claims and control rows are in memory (see
:func:`sitrep.web.queries.event_objects`), building the answer to ``/api/events`` (no
filter), ``/api/events/{id}``, ``/api/documents/{id}`` or ``/api/control?date=`` costs
less than FastAPI's parameter parsing, dependency solving and two thread hops around it.
This ASGI middleware (inside the response cache, security headers and HEAD handling)
answers those requests directly with the same functions the routes call, so the bytes
are the routes' bytes. Anything else goes on to FastAPI untouched: a parameter this
module does not read exactly as the route would, a filter (a SQL query), an unknown id
(the 404 is the route's), or an answer that needs a query not yet in memory (the route
runs it in a worker thread and leaves the result in memory for the next request). So
there is still one place that validates and one JSON error shape.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from sitrep.web.api import (
    MAX_LIMIT,
    MAX_OFFSET,
    PAGE_SIZE,
    control_json,
    document_json,
    event_json,
    events_json,
)
from sitrep.web.errors import ApiError
from sitrep.web.queries import EventFilter
from sitrep.web.store import VIEW_KEY, NeedsStore, ReadOnlyStore, Snapshot

Scope = dict[str, Any]
DIGITS = re.compile(r"[0-9]{1,10}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EVENT_FILTERS = frozenset({"date_from", "date_to", "event_type", "sub_event_type", "actor",
                           "admin1", "admin2", "status", "q"})
NO_FILTER = EventFilter()


class Defer(Exception):
    """The request is not one this module answers: FastAPI does."""


def _params(scope: Scope, known: frozenset[str]) -> dict[str, str]:
    """The query parameters in ``known`` (others are ignored, as the routes ignore them);
    Defer on a repeated one (the route's reading of it is not this module's to copy)."""
    found: dict[str, str] = {}
    raw = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(raw, keep_blank_values=True):
        if name in known:
            if name in found:
                raise Defer
            found[name] = value
    return found


def _int(params: dict[str, str], name: str, low: int, high: int) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if not DIGITS.fullmatch(value) or not low <= int(value) <= high:
        raise Defer  # the route answers with its 422
    return int(value)


def _page(params: dict[str, str]) -> tuple[int | None, int]:
    if params.get("format", "json") != "json":
        raise Defer
    return _int(params, "limit", 1, MAX_LIMIT), _int(params, "offset", 0, MAX_OFFSET) or 0


PAGING = frozenset({"limit", "offset", "format"})


def answer(db: Snapshot, scope: Scope) -> bytes:
    """The JSON answer to the request, from memory only (Defer or NeedsStore if not)."""
    parts = scope["path"].split("/")  # '', 'api', name[, id]
    if len(parts) == 3 and parts[2] == "events":
        params = _params(scope, PAGING | EVENT_FILTERS)
        if EVENT_FILTERS & params.keys():
            raise Defer  # a filter is a SQL query
        limit, offset = _page(params)
        return events_json(db, NO_FILTER, limit or PAGE_SIZE, offset)
    if len(parts) == 3 and parts[2] == "control":
        params = _params(scope, PAGING | {"date"})
        day = params.get("date", "")
        if not DAY.fullmatch(day):
            raise Defer
        try:
            on = date.fromisoformat(day)
        except ValueError:
            raise Defer from None
        limit, offset = _page(params)
        return control_json(db, on, limit, offset)
    if len(parts) == 4 and parts[3] and parts[2] in ("events", "documents"):
        return (event_json if parts[2] == "events" else document_json)(db, parts[3])
    raise Defer


class FastAnswers:
    """ASGI middleware: ``GET`` of the hot API answers from memory, else on to the app."""

    def __init__(self, app: Any, store: ReadOnlyStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (scope["type"] == "http" and scope["method"] == "GET"
                and scope["path"].startswith("/api/")):
            view = scope.get("state", {}).get(VIEW_KEY)
            if view is not None:  # held by the response cache for this request
                try:
                    body = answer(Snapshot(None, view.memo), scope)
                except (Defer, NeedsStore, ApiError):
                    pass
                else:
                    await send({"type": "http.response.start", "status": 200, "headers": [
                        (b"content-length", str(len(body)).encode()),
                        (b"content-type", b"application/json")]})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)
