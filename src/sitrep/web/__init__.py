"""``sitrep serve``: a local, read-only web app and JSON API over a build's store.

The app never writes. It reads the store through a read-only connection and
pins each request to one view of it, so every query of a request sees the same
data. A build never writes the served file: it writes a copy and renames it over
``sitrep.duckdb`` when done (see :func:`sitrep.store.open_for_build`). Before each
request the app checks whether the file was replaced and, if so, opens the new
one; requests already running finish on the old one, which is closed after them.
So the app can stay up while the folder is rebuilt, each request sees the old or
the new store, and nothing needs a restart. Pages are rendered on the server with every value
HTML-escaped, run no JavaScript and fetch nothing from elsewhere; a
Content-Security-Policy header on every response enforces that. Every API error,
including validation errors and unknown routes, has one JSON shape::

    {"error": {"status": 422, "code": "invalid_parameter", "message": "...", "detail": ...}}

Tables that other stages may add (``claims``, ``control``, ``actors``) are looked
up in ``information_schema`` on each request; when absent, the pages say so and
the API falls back to what can be derived from events and mentions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.errors import StoreError, UsageError
from sitrep.outputs.export import _cell as csv_cell
from sitrep.outputs.report import esc, quote_in_context
from sitrep.store import (
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    STORE_NAME,
    connect_read_only,
    describe,
)

PAGE_SIZE = 50
SPAN_ID = "span"  # anchor of a span picked by ?s=&e= on a document page
MAX_LIMIT = 1000
SNIPPET_CHARS = 160

# Pages load only the app's own stylesheet; no script may run, nothing may be framed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameter",
    500: "internal_error",
    503: "store_unavailable",
}
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"


# -- errors -----------------------------------------------------------------------------


class ApiError(Exception):
    """An error answered with the app's one JSON error shape."""

    def __init__(self, status: int, message: str, detail: Any = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message
        self.detail = detail


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"status": status, "code": code, "message": message, "detail": detail}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json",):
        return False
    return "text/html" in request.headers.get("accept", "")


def _error_response(request: Request, err: ApiError) -> Response:
    if _wants_html(request):
        body = f"<h1>{err.status}: {esc(err.message)}</h1>"
        if err.detail:
            body += f"<pre>{esc(json.dumps(err.detail, indent=1, default=str))}</pre>"
        return HTMLResponse(_page("Error", body), status_code=err.status)
    return JSONResponse(error_body(err.status, err.code, err.message, err.detail), err.status)


def _validation_error(exc: RequestValidationError) -> ApiError:
    detail = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ())]
        value = e.get("input")
        detail.append({
            "param": loc[-1] if loc else "",
            "in": loc[0] if loc else "",
            "message": str(e.get("msg", "")),
            "value": value if isinstance(value, str | int | float | bool) else None,
        })
    first = detail[0] if detail else {"param": "", "message": "invalid request"}
    return ApiError(422, f"invalid parameter {first['param']}: {first['message']}", detail)


class SecurityHeaders:
    """ASGI middleware: security headers on every response, and a JSON 500 for crashes."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            body = error_body(500, "internal_error", f"{type(exc).__name__}: {exc}")
            await JSONResponse(body, 500)(scope, receive, send_with_headers)


# -- the read-only store ------------------------------------------------------------------


class Snapshot:
    """One unchanging view of the store; all the queries of one request run on it."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        res = self._cur.execute(sql, list(params))
        names = [d[0] for d in res.description]
        return [dict(zip(names, r, strict=True)) for r in res.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._cur.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of a table's columns; [] when the table does not exist."""
        return [
            (r[0], r[1])
            for r in self._cur.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]

    def has_table(self, table: str) -> bool:
        return bool(
            self.scalar(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_name = ? AND table_schema = 'main'",
                [table],
            )
        )


FileStamp = tuple[int, int, int, int]


@dataclass
class _View:
    """One opened store file and how many requests are reading it."""

    con: duckdb.DuckDBPyConnection
    stamp: FileStamp | None
    users: int = 0
    retired: bool = False


class ReadOnlyStore:
    """The store file as the app reads it, following builds that replace the file.

    ``snapshot()`` gives a request a cursor on the current view. When the file at
    ``path`` is no longer the one opened (a build renamed a new one over it), the next
    request opens the new file; the old view is closed once its last request ends.
    If the new file cannot be opened, the app goes on serving the old view.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._current = self._open(self._stamp())

    def _stamp(self) -> FileStamp | None:
        try:
            st = os.stat(self.path)
        except OSError:  # removed: keep serving what is open until a new file appears
            return None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def _open(self, stamp: FileStamp | None) -> _View:
        try:
            return _View(connect_read_only(self.path), stamp)
        except duckdb.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the store read-only ({describe(exc)})"
            ) from exc

    def _acquire(self) -> _View:
        with self._lock:
            # Stat before opening: a file replaced in between is reopened next time.
            stamp = self._stamp()
            if stamp is not None and stamp != self._current.stamp:
                try:
                    fresh = self._open(stamp)
                except StoreError:
                    fresh = None  # not readable (yet): serve the last good view
                if fresh is not None:
                    old, self._current = self._current, fresh
                    old.retired = True
                    if old.users == 0:
                        old.con.close()
            view = self._current
            view.users += 1
            return view

    def _release(self, view: _View) -> None:
        with self._lock:
            view.users -= 1
            if view.retired and view.users == 0:
                view.con.close()

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A consistent view of the store for one request (old or new, never a mix)."""
        view = self._acquire()
        try:
            with self._lock:  # creating a cursor on a shared connection is serialised
                cur = view.con.cursor()
            try:
                cur.execute("USE store")
                yield Snapshot(cur)
            finally:
                cur.close()
        finally:
            self._release(view)

    def close(self) -> None:
        with self._lock:
            self._current.retired = True
            if self._current.users == 0:
                self._current.con.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts (one query on its own snapshot)."""
        with self.snapshot() as snap:
            return snap.query(sql, params)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.snapshot() as snap:
            return snap.scalar(sql, params)

    def columns(self, table: str) -> list[tuple[str, str]]:
        with self.snapshot() as snap:
            return snap.columns(table)

    def has_table(self, table: str) -> bool:
        with self.snapshot() as snap:
            return snap.has_table(table)


def _request_snapshot(request: Request) -> Iterator[Snapshot]:
    """FastAPI dependency: the request's snapshot of the app's store."""
    with request.app.state.store.snapshot() as snap:
        yield snap


Db = Annotated[Snapshot, Depends(_request_snapshot)]


def store_path(out_dir: str | Path) -> Path:
    """The store of a build folder, or a one-line UsageError saying how to make one."""
    out = Path(out_dir)
    path = out / STORE_NAME
    if not path.is_file():
        raise UsageError(
            f"{out}: no sitrep store ({STORE_NAME}) here; "
            f"run `sitrep build REPORTS --out {out}` first"
        )
    return path


# -- queries ------------------------------------------------------------------------------


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


def _parse_date(name: str, value: str | None) -> date | None:
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
        _parse_date("date_from", date_from), _parse_date("date_to", date_to),
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
    cols = {c for c, _ in db.columns("claims")}
    if cols:
        clauses, args = [], []
        for col, value, exact in (("event_id_cnty", event_id, True), ("status", status, True),
                                  ("claimant", claimant, False)):
            if value and col in cols:
                clauses.append(f"lower({col}) = lower(?)" if exact
                               else f"contains(lower(coalesce({col}, '')), lower(?))")
                args.append(value)
            elif value:
                return [], "claims"
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        try:
            rows = db.query(f"SELECT * FROM claims{where} ORDER BY ALL", args)
        except duckdb.Error:
            rows = db.query(f"SELECT * FROM claims{where}", args)
        return rows, "claims"
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


_PLACE_COLS = ("admin2", "district", "place", "location", "area", "name", "admin1")
_CONTROLLER_COLS = ("controller", "controlled_by", "holder", "held_by", "actor", "control")
_INTERVALS = (("date_from", "date_to"), ("valid_from", "valid_to"), ("start_date", "end_date"),
              ("from_date", "to_date"), ("since", "until"))
_POINT_DATES = ("date", "as_of", "event_date", "observed")


def control_rows(db: Snapshot, on: date) -> tuple[list[dict[str, Any]], bool]:
    """Who held each place on ``on`` from the ``control`` table; ([], False) without one.

    The table's shape is read from its columns: an interval (``date_from``/``date_to``
    and similar) covering the day, or else the latest dated row per place on or before it.
    """
    cols = [c for c, _ in db.columns("control")]
    if not cols:
        return [], False
    for lo, hi in _INTERVALS:
        if lo in cols and hi in cols:
            return db.query(
                f'SELECT * FROM control WHERE ("{lo}" IS NULL OR "{lo}" <= ?) '
                f'AND ("{hi}" IS NULL OR "{hi}" >= ?) ORDER BY ALL',
                [on, on],
            ), True
    day = next((c for c in _POINT_DATES if c in cols), None)
    place = next((c for c in _PLACE_COLS if c in cols), None)
    if day is None:
        return _all_rows(db, "control"), True
    if place is None:
        return db.query(f'SELECT * FROM control WHERE "{day}" = ? ORDER BY ALL', [on]), True
    return db.query(
        f'SELECT * FROM control WHERE "{day}" <= ? '
        f'QUALIFY row_number() OVER (PARTITION BY "{place}" ORDER BY "{day}" DESC) = 1 '
        f'ORDER BY "{place}"',
        [on],
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
        if isinstance(data, dict):
            data = data.get("actors", [{"name": k, **(v if isinstance(v, dict) else {"value": v})}
                                       for k, v in sorted(data.items())])
        if isinstance(data, list):
            return [r if isinstance(r, dict) else {"name": r} for r in data], "actors.json"
    rows = db.query(
        "SELECT actor, min(inter) AS inter, count(*) AS events, min(event_date) AS first_date, "
        "max(event_date) AS last_date FROM ("
        "SELECT actor1 AS actor, inter1 AS inter, event_id_cnty, event_date FROM events "
        "UNION ALL SELECT actor2, inter2, event_id_cnty, event_date FROM events) "
        "WHERE coalesce(actor, '') <> '' GROUP BY actor ORDER BY events DESC, actor"
    )
    return rows, "events"


# -- serialisation ------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def json_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in r.items()} for r in rows]


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV exactly as ``sitrep.outputs.export`` writes it (same cell formatting, LF line ends)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([
            json.dumps(_jsonable(v), ensure_ascii=False) if isinstance(v, dict | list)
            else csv_cell(v)
            for v in (row.get(c) for c in columns)
        ])
    return buf.getvalue()


def csv_response(name: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Response:
    return Response(
        csv_text(columns, rows), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def _columns_of(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def list_response(
    name: str, rows: list[dict[str, Any]], fmt: str, limit: int | None, offset: int,
    columns: Sequence[str] | None = None, **extra: Any,
) -> Response:
    """A list endpoint's answer: JSON page ``{items,total,limit,offset}`` or CSV of all rows."""
    if fmt == "csv":
        chosen = rows if limit is None else rows[offset:offset + limit]
        return csv_response(name, columns or _columns_of(rows), chosen)
    lim = PAGE_SIZE if limit is None else limit
    page = rows[offset:offset + lim]
    return JSONResponse({"items": json_rows(page), "total": len(rows), "limit": lim,
                         "offset": offset, **extra})


# -- HTML ---------------------------------------------------------------------------------

CSS = """
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d6d6d6;--band:#f5f5f2;--mark:#ffe58a;--cur:#ffb347}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:#1f2d3d;color:#fff;padding:.5rem 1.25rem;display:flex;gap:1.25rem;
align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none}header.top b{font-size:1.15rem;margin-right:1rem}
main{max-width:1280px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;
border-bottom:2px solid var(--line)}
a{color:#0b57a4}small,.note{color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--band);position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}.nw{white-space:nowrap}
.scroll{overflow-x:auto}
form.filters{display:flex;flex-wrap:wrap;gap:.4rem .9rem;align-items:end;background:var(--band);
padding:.6rem .8rem;border-radius:.3rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
form.filters input,form.filters select,form.filters button{font:inherit;font-size:.9rem;
padding:.15rem .3rem}
.pager{display:flex;gap:1rem;margin:.6rem 0;align-items:center}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;overflow-wrap:anywhere}
blockquote.ctx{margin:.3rem 0;padding:.4rem .6rem;border-left:3px solid var(--line);
background:var(--band);white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9rem}
mark{background:var(--mark);color:inherit;padding:0 .1em}
mark.cur{background:var(--cur);outline:2px solid #c25e00}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95rem;max-width:60rem}
.anchor{scroll-margin-top:4rem}
.st{padding:0 .35em;border-radius:.25em;background:#eee;white-space:nowrap}
.st-confirmed{background:#dcefdc}.st-claimed{background:#fff0c2}.st-contested{background:#f8d4d4}
ol.mentions li{margin:.6rem 0}
code{background:var(--band);padding:0 .2em}
"""

NAV = (("/events", "Events"), ("/documents", "Documents"), ("/claims", "Claims"),
       ("/control", "Control"), ("/actors", "Actors"), ("/report", "Report"),
       ("/docs", "API"))


def _page(title: str, body: str) -> str:
    nav = "".join(f"<a href=\"{href}\">{label}</a>" for href, label in NAV)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(title)} · sitrep</title>"
        "<link rel=\"stylesheet\" href=\"/static/app.css\"></head>"
        f"<body><header class=\"top\"><b>sitrep</b>{nav}</header>"
        f"<main>{body}</main></body></html>\n"
    )


def _html(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_page(title, body), status_code=status)


def _cell_html(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.5f}"
    if isinstance(value, dict | list):
        return esc(json.dumps(_jsonable(value), ensure_ascii=False))
    return esc(value)


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


def _generic_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A table of arbitrary rows; ids and document spans become links."""
    if not rows:
        return "<p class=\"note\">No rows.</p>"
    head = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in columns)
    body = []
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c)
            text = _cell_html(v)
            if v not in (None, "") and c == "event_id_cnty":
                text = f"<a href=\"{esc(event_href(v))}\">{text}</a>"
            elif v not in (None, "") and c == "doc_id":
                span = (r["char_start"], r["char_end"]) if isinstance(
                    r.get("char_start"), int) and isinstance(r.get("char_end"), int) else None
                text = (f"<a href=\"{esc(doc_href(v, r.get('mention_id'), span))}\">"
                        f"{esc(str(v)[:12])}…</a>")
            cells.append(f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<div class=\"scroll\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _snippet(text: Any, n: int = SNIPPET_CHARS) -> str:
    s = str(text or "")
    return esc(s if len(s) <= n else s[: n - 1].rstrip() + "…")


def _select(name: str, label: str, values: Sequence[str], current: str) -> str:
    opts = [f"<option value=\"\">{esc(label)}</option>"]
    for v in values:
        sel = " selected" if v.lower() == current.lower() and current else ""
        opts.append(f"<option value=\"{esc(v)}\"{sel}>{esc(v)}</option>")
    return f"<label>{esc(name.replace('_', ' '))}<select name=\"{esc(name)}\">{''.join(opts)}" \
           "</select></label>"


def _distinct(db: Snapshot, col: str) -> list[str]:
    return [r["v"] for r in db.query(
        f"SELECT DISTINCT {col} AS v FROM events WHERE coalesce({col}, '') <> '' ORDER BY 1")]


def events_page(db: Snapshot, f: EventFilter, page: int) -> str:
    """The events list: the filter form, one page of events, pager and CSV link."""
    offset = (page - 1) * PAGE_SIZE
    rows, total = query_events(db, f, PAGE_SIZE, offset)
    form = (
        "<form class=\"filters\" method=\"get\" action=\"/events\" role=\"search\">"
        f"<label>from<input type=\"date\" name=\"date_from\" value=\"{esc(f.params().get('date_from', ''))}\"></label>"  # noqa: E501
        f"<label>to<input type=\"date\" name=\"date_to\" value=\"{esc(f.params().get('date_to', ''))}\"></label>"  # noqa: E501
        + _select("event_type", "any type", _distinct(db, "event_type"), f.event_type)
        + _select("sub_event_type", "any sub-type", _distinct(db, "sub_event_type"),
                  f.sub_event_type)
        + _select("admin1", "any admin1", _distinct(db, "admin1"), f.admin1)
        + _select("status", "any status", _distinct(db, "status"), f.status)
        + f"<label>actor<input type=\"text\" name=\"actor\" value=\"{esc(f.actor)}\"></label>"
        f"<label>text<input type=\"search\" name=\"q\" value=\"{esc(f.q)}\" "
        "placeholder=\"notes, quote, place\"></label>"
        + (f"<input type=\"hidden\" name=\"admin2\" value=\"{esc(f.admin2)}\">" if f.admin2 else "")
        + "<button type=\"submit\">Filter</button> <a href=\"/events\">clear</a></form>"
    )
    params = f.params()
    csv_href = "/api/events?" + urlencode({**params, "format": "csv"})
    body_rows = []
    for e in rows:
        loc = ", ".join(str(x) for x in (e.get("location"), e.get("admin1")) if x)
        body_rows.append(
            f"<tr><th scope=\"row\"><a href=\"{esc(event_href(e['event_id_cnty']))}\">"
            f"{esc(e['event_id_cnty'])}</a></th><td class=\"nw\">{_cell_html(e['event_date'])}</td>"
            f"<td>{esc(e['event_type'])}<br><small>{esc(e['sub_event_type'])}</small></td>"
            f"<td>{esc(e['actor1'])}</td><td>{esc(e['actor2'])}</td><td>{esc(loc)}</td>"
            f"<td class=\"n\">{esc(e['fatalities'])}</td>"
            f"<td><span class=\"st st-{esc(e['status'])}\">{esc(e['status'])}</span></td>"
            f"<td>{_snippet(e['evidence'])}</td></tr>"
        )
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in (
        "ID", "Date", "Type", "Actor 1", "Actor 2", "Location", "Fatalities", "Status", "Quote"))
    table = (f"<div class=\"scroll\"><table class=\"events\"><thead><tr>{head}</tr></thead>"
             f"<tbody>{''.join(body_rows)}</tbody></table></div>") if rows else \
        "<p class=\"note\">No events match these filters.</p>"
    pages = max(1, -(-total // PAGE_SIZE))
    links = []
    if page > 1:
        links.append(f"<a rel=\"prev\" href=\"/events?{esc(urlencode({**params, 'page': page - 1}))}\">← previous</a>")  # noqa: E501
    links.append(f"<span>page {page} of {pages}</span>")
    if page < pages:
        links.append(f"<a rel=\"next\" href=\"/events?{esc(urlencode({**params, 'page': page + 1}))}\">next →</a>")  # noqa: E501
    first, last = (offset + 1, offset + len(rows)) if rows else (0, 0)
    return (
        f"<h1>Events</h1>{form}"
        f"<p class=\"count\" id=\"count\">{first}–{last} of {total} events · "
        f"<a href=\"{esc(csv_href)}\">download CSV</a></p>"
        f"{table}<nav class=\"pager\">{''.join(links)}</nav>"
    )


def event_page(db: Snapshot, event_id: str) -> str:
    """One event: every field, then every source mention quoted in context."""
    event, mentions = get_event(db, event_id)
    fields = "".join(
        f"<dt>{esc(c)}</dt><dd>{_cell_html(event.get(c))}</dd>" for c in EVENT_COLUMNS
    )
    docs = {
        d["doc_id"]: d for d in db.query(
            "SELECT doc_id, doc_file, title, publisher, published, text FROM documents "
            "WHERE list_contains(?, doc_id)", [sorted({m["doc_id"] for m in mentions})])
    }
    items = []
    for m in mentions:
        d = docs.get(m["doc_id"], {})
        who = []
        if m.get("claimant"):
            who.append(f"claimed by <b>{esc(m['claimant'])}</b>")
        if m.get("disputed_by"):
            who.append(f"disputed by <b>{esc(m['disputed_by'])}</b>")
        items.append(
            f"<li id=\"src-{esc(m['mention_id'])}\"><div><b>{esc(d.get('title') or m['doc_file'])}"
            f"</b> <small>{esc(d.get('publisher'))} {_cell_html(d.get('published'))} · "
            f"{esc(m['doc_file'])}, chars {esc(m['char_start'])}–{esc(m['char_end'])}</small>"
            + (f"<div>{'; '.join(who)}</div>" if who else "")
            + "</div>"
            + quote_in_context(d.get("text"), m.get("char_start"), m.get("char_end"),
                               m.get("evidence") or "")
            + f"<a class=\"quote-link\" href=\"{esc(doc_href(m['doc_id'], m['mention_id']))}\">"
            "open in the document →</a></li>"
        )
    sources = "".join(items) or "<li>No linked mentions.</li>"
    claims = ""
    if db.has_table("claims"):
        rows, _ = claims_rows(db, event_id=event_id)
        if rows:
            claims = f"<h2>Claims ({len(rows)})</h2>" + _generic_table(rows, _columns_of(rows))
    return (
        f"<h1>Event {esc(event_id)}</h1>"
        f"<p>{_cell_html(event.get('event_date'))} · {esc(event.get('event_type'))} · "
        f"{esc(event.get('sub_event_type'))} · "
        f"<span class=\"st st-{esc(event.get('status'))}\">{esc(event.get('status'))}</span></p>"
        f"<h2>Sources ({len(mentions)})</h2><ol class=\"mentions\">{sources}</ol>"
        f"{claims}"
        f"<h2>All fields</h2><dl class=\"fields\">{fields}</dl>"
    )


def highlight(text: str, mentions: Sequence[Mapping[str, Any]], current: str | None = None) -> str:
    """The text, escaped, with each mention span in ``<mark>`` and an ``#m-<id>`` anchor.

    Overlapping spans are cut into segments, so every character is marked once;
    the ``current`` mention's segments get class ``cur``.
    """
    n = len(text)
    spans = sorted(
        (int(m["char_start"]), int(m["char_end"]), str(m["mention_id"]))
        for m in mentions
        if isinstance(m.get("char_start"), int) and isinstance(m.get("char_end"), int)
        and 0 <= m["char_start"] < m["char_end"] <= n
    )
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starting: dict[int, list[str]] = defaultdict(list)
    for s, _, mid in spans:
        starting[s].append(mid)
    out = []
    for a, b in pairwise(cuts):
        out.extend(f"<span class=\"anchor\" id=\"m-{esc(mid)}\"></span>" for mid in starting[a])
        seg = esc(text[a:b])
        cover = [mid for s, e, mid in spans if s <= a and b <= e]
        if cover:
            cls = " class=\"cur\"" if current in cover else ""
            out.append(f"<mark{cls} title=\"{esc(' '.join(cover))}\">{seg}</mark>")
        else:
            out.append(seg)
    return "".join(out)


def document_page(db: Snapshot, doc_id: str, current: str | None,
                  span: tuple[int, int] | None = None) -> str:
    """One document's text with every extracted mention highlighted and anchored.

    ``current`` (a mention id) or ``span`` (character offsets, e.g. of a claim's quote)
    is shown as the current highlight.
    """
    doc, mentions = get_document(db, doc_id)
    marks = list(mentions)
    if span is not None and current is None:
        marks.append({"mention_id": SPAN_ID, "char_start": span[0], "char_end": span[1]})
        current = SPAN_ID
    meta = "".join(
        f"<dt>{esc(c)}</dt><dd>{_cell_html(doc.get(c))}</dd>" for c in DOCUMENT_COLUMNS
    )
    listing = "".join(
        f"<li><a href=\"{esc(doc_href(doc_id, m['mention_id']))}\">{esc(m['mention_id'])}</a> "
        f"{_cell_html(m.get('event_date'))} {esc(m.get('sub_event_type'))}"
        + (f" → <a href=\"{esc(event_href(m['event_id_cnty']))}\">{esc(m['event_id_cnty'])}</a>"
           if m.get("event_id_cnty") else "")
        + "</li>"
        for m in mentions
    )
    return (
        f"<h1>{esc(doc.get('title') or doc.get('doc_file'))}</h1>"
        f"<dl class=\"fields\">{meta}</dl>"
        f"<h2>Text ({len(mentions)} mentions highlighted)</h2>"
        f"<div class=\"doctext\">{highlight(doc.get('text') or '', marks, current)}</div>"
        f"<h2>Mentions</h2><ol>{listing}</ol>"
    )


def documents_page(db: Snapshot) -> str:
    rows = db.query(
        f"SELECT {', '.join(DOCUMENT_COLUMNS)}, (SELECT count(*) FROM mentions m "
        "WHERE m.doc_id = d.doc_id) AS mentions FROM documents d "
        "ORDER BY status DESC, doc_file, key")
    body = []
    for d in rows:
        name = esc(d.get("title") or d.get("doc_file"))
        if d.get("doc_id"):
            name = f"<a href=\"{esc(doc_href(d['doc_id']))}\">{name}</a>"
        body.append(
            f"<tr><td>{name}</td><td>{esc(d.get('doc_file'))}</td><td>{esc(d.get('publisher'))}"
            f"</td><td>{_cell_html(d.get('published'))}</td><td>{esc(d.get('kind'))}</td>"
            f"<td class=\"n\">{esc(d.get('chars'))}</td><td class=\"n\">{esc(d['mentions'])}</td>"
            f"<td>{esc(d.get('status'))} {esc(d.get('error'))}</td></tr>"
        )
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in (
        "Title", "File", "Publisher", "Published", "Kind", "Chars", "Mentions", "Status"))
    return (f"<h1>Documents</h1><div class=\"scroll\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def docs_page(schema: Mapping[str, Any]) -> str:
    """A plain API reference rendered from the OpenAPI schema (Swagger UI needs a CDN)."""
    parts = ["<h1>sitrep API</h1><p>Machine-readable schema: <a href=\"/openapi.json\">"
             "/openapi.json</a>. Errors always have the shape <code>{\"error\": {\"status\", "
             "\"code\", \"message\", \"detail\"}}</code>. List endpoints take "
             "<code>format=csv</code>.</p>"]
    for path, ops in sorted(schema.get("paths", {}).items()):
        for method, op in ops.items():
            params = "".join(
                f"<tr><td><code>{esc(p.get('name'))}</code></td><td>{esc(p.get('in'))}</td>"
                f"<td>{esc((p.get('schema') or {}).get('type') or '')}"
                f"{' (required)' if p.get('required') else ''}</td>"
                f"<td>{esc(p.get('description'))}</td></tr>"
                for p in op.get("parameters", [])
            )
            table = (f"<table><thead><tr><th>parameter</th><th>in</th><th>type</th>"
                     f"<th>meaning</th></tr></thead><tbody>{params}</tbody></table>"
                     if params else "")
            parts.append(f"<h2><code>{esc(method.upper())} {esc(path)}</code></h2>"
                         f"<p>{esc(op.get('summary'))}</p><p class=\"note\">"
                         f"{esc(op.get('description'))}</p>{table}")
    return "".join(parts)


# -- the app ------------------------------------------------------------------------------

DateParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD",
                                        examples=["2021-09-01"])]
TextParam = Annotated[str | None, Query(max_length=500)]
FormatParam = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
LimitParam = Annotated[int | None, Query(ge=1, le=MAX_LIMIT,
                                         description=f"page size (default {PAGE_SIZE}); "
                                         "CSV returns every row unless given")]
OffsetParam = Annotated[int, Query(ge=0, description="rows to skip")]


def create_app(out_dir: str | Path) -> FastAPI:
    """The web app over ``<out_dir>/sitrep.duckdb`` (read-only)."""
    out = Path(out_dir)
    store = ReadOnlyStore(store_path(out))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        version=__version__,
        description="Read-only API over a sitrep build: events, claims, control, actors, "
        "documents, each fact with its source quote.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error_response(request, _validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no route {request.url.path}"
        return _error_response(request, ApiError(exc.status_code, message))

    @app.exception_handler(duckdb.Error)
    async def _db(request: Request, exc: duckdb.Error) -> Response:
        return _error_response(request, ApiError(503, f"store error: {describe(exc)}"))

    # -- API --

    @app.get("/api/events", tags=["events"], summary="Events, filtered and paginated")
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

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event with its mentions")
    def api_event(db: Db, event_id: str) -> Response:
        event, mentions = get_event(db, event_id)
        for m in mentions:
            m["url"] = doc_href(m["doc_id"], m["mention_id"])
        return JSONResponse({**json_rows([event])[0], "mentions": json_rows(mentions),
                             "url": event_href(event_id)})

    @app.get("/api/claims", tags=["claims"], summary="Claims with who said them")
    def api_claims(db: Db, event_id: TextParam = None, status: TextParam = None,
                   claimant: TextParam = None, limit: LimitParam = None,
                   offset: OffsetParam = 0, format: FormatParam = "json") -> Response:
        """From the claims table when the build has one, else the claimed or disputed
        mentions (``source`` says which). event_id and status match exactly, claimant
        any part of the name."""
        rows, source = claims_rows(db, (event_id or "").strip(), (status or "").strip(),
                                   (claimant or "").strip())
        return list_response("claims", rows, format, limit, offset, source=source)

    @app.get("/api/control", tags=["control"], summary="Who held each place on a date")
    def api_control(db: Db, date: Annotated[str, Query(description="YYYY-MM-DD")],
                    limit: LimitParam = None, offset: OffsetParam = 0,
                    format: FormatParam = "json") -> Response:
        on = _parse_date("date", date)
        if on is None:
            raise ApiError(422, "invalid parameter date: it is required (YYYY-MM-DD)")
        rows, available = control_rows(db, on)
        return list_response("control", rows, format, limit, offset, date=on.isoformat(),
                             available=available)

    @app.get("/api/actors", tags=["actors"], summary="Actors")
    def api_actors(db: Db, limit: LimitParam = None, offset: OffsetParam = 0,
                   format: FormatParam = "json") -> Response:
        """From the actors table or actors.json when present, else counted from events."""
        rows, source = actor_rows(db, out)
        return list_response("actors", rows, format, limit, offset, source=source)

    @app.get("/api/documents", tags=["documents"], summary="Documents (without text)")
    def api_documents(db: Db, limit: LimitParam = None, offset: OffsetParam = 0,
                      format: FormatParam = "json") -> Response:
        rows = db.query(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents "
                        "ORDER BY status DESC, doc_file, key")
        return list_response("documents", rows, format, limit, offset, DOCUMENT_COLUMNS)

    @app.get("/api/documents/{doc_id}", tags=["documents"],
             summary="One document: text and extracted mentions")
    def api_document(db: Db, doc_id: str) -> Response:
        doc, mentions = get_document(db, doc_id)
        return JSONResponse({**json_rows([doc])[0], "mentions": json_rows(mentions),
                             "url": doc_href(doc_id)})

    # -- pages --

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/events", status_code=302)

    @app.get("/static/app.css", include_in_schema=False)
    def app_css() -> Response:
        return Response(CSS, media_type="text/css; charset=utf-8",
                        headers={"cache-control": "max-age=3600"})

    @app.get("/events", include_in_schema=False)
    def events_html(
        db: Db,
        date_from: str | None = None, date_to: str | None = None, event_type: TextParam = None,
        sub_event_type: TextParam = None, actor: TextParam = None, admin1: TextParam = None,
        admin2: TextParam = None, status: TextParam = None, q: TextParam = None,
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> Response:
        f = make_filter(date_from, date_to, event_type, sub_event_type, actor, admin1, admin2,
                        status, q)
        return _html("Events", events_page(db, f, page))

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_html(db: Db, event_id: str) -> Response:
        return _html(f"Event {event_id}", event_page(db, event_id))

    @app.get("/documents", include_in_schema=False)
    def documents_html(db: Db) -> Response:
        return _html("Documents", documents_page(db))

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document_html(db: Db, doc_id: str, m: str | None = None,
                      s: Annotated[int | None, Query(ge=0)] = None,
                      e: Annotated[int | None, Query(ge=0)] = None) -> Response:
        span = (s, e) if s is not None and e is not None and s < e else None
        return _html("Document", document_page(db, doc_id, m, span))

    @app.get("/claims", include_in_schema=False)
    def claims_html(db: Db) -> Response:
        rows, source = claims_rows(db)
        note = ("" if source == "claims" else
                "<p class=\"note\">This build has no claims table; showing the mentions that "
                "name a claimant or a disputing party.</p>")
        return _html("Claims", f"<h1>Claims</h1>{note}"
                     f"{_generic_table(rows, _columns_of(rows))}")

    @app.get("/control", include_in_schema=False)
    def control_html(db: Db, date: str | None = None) -> Response:
        on = _parse_date("date", date)
        form = ("<form class=\"filters\" method=\"get\" action=\"/control\"><label>date"
                f"<input type=\"date\" name=\"date\" value=\"{esc(date or '')}\"></label>"
                "<button type=\"submit\">Show</button></form>")
        if not db.has_table("control"):
            body = "<p class=\"note\">This build has no control table.</p>"
        elif on is None:
            body = "<p class=\"note\">Pick a date.</p>"
        else:
            rows, _ = control_rows(db, on)
            body = f"<h2>On {on.isoformat()}</h2>{_generic_table(rows, _columns_of(rows))}"
        return _html("Control", f"<h1>Territorial control</h1>{form}{body}")

    @app.get("/actors", include_in_schema=False)
    def actors_html(db: Db) -> Response:
        rows, source = actor_rows(db, out)
        note = {"actors": "", "actors.json": "<p class=\"note\">From actors.json.</p>"}.get(
            source, "<p class=\"note\">This build has no actors table; actors counted from "
            "the events.</p>")
        return _html("Actors", f"<h1>Actors</h1>{note}{_generic_table(rows, _columns_of(rows))}")

    @app.get("/report", include_in_schema=False)
    def report_html() -> Response:
        path = out / "report.html"
        if not path.is_file():
            raise ApiError(404, "this build has no report.html (it was built with --no-report)")
        page = path.read_text(encoding="utf-8", errors="replace")
        # The report carries its own hash-based CSP; send that one instead of the app's.
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        csp = found.group(1) if found else "default-src 'none'"
        return HTMLResponse(page, headers={"content-security-policy": csp})

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> Response:
        return _html("API", docs_page(app.openapi()))

    return app


# -- running ------------------------------------------------------------------------------


def serve(out_dir: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(out_dir)
    print(f"sitrep: serving {Path(out_dir) / STORE_NAME} (read-only; rebuilds of this folder "
          "show on the next request); Ctrl+C to stop", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


def locate(out_dir: str | Path, port: int = 8000) -> str:
    """Where a build's report is and how to browse its store in the app."""
    out = Path(out_dir)
    store_path(out)
    report = (out / "report.html").resolve()
    lines = [
        f"report: {report.as_uri()}" if report.is_file()
        else f"report: none in {out} (it was built with --no-report)",
        f"app:    http://127.0.0.1:{port}/  (start it with: sitrep serve {out} --port {port})",
        f"API:    http://127.0.0.1:{port}/api/events  (reference at /docs, schema at "
        "/openapi.json)",
    ]
    return "\n".join(lines)


class BackgroundServer:
    """The app served by uvicorn in a daemon thread (for tests and benchmarks).

    ``port=0`` picks a free port; ``url`` is known once the context is entered.
    """

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.02)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
