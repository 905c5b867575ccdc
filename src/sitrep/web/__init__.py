"""``sitrep serve``: a local, read-only web app and JSON API over a build's store.

The app never writes. It reads the store through a read-only connection and
pins each request to one view of it, so every query of a request sees the same
data. A build never writes the served file: it writes a copy and renames it over
``sitrep.duckdb`` when done (see :func:`sitrep.store.open_for_build`). Before each
request the app checks whether the file was replaced and, if so, opens the new
one; requests already running finish on the old one, which is closed after them.
So the app can stay up while the folder is rebuilt, each request sees the old or
the new store, and nothing needs a restart. Pages are rendered on the server from
Jinja2 templates with every value HTML-escaped, run no JavaScript and fetch nothing
from elsewhere; a Content-Security-Policy header on every response enforces that.
Every API error, including validation errors and unknown routes, has one JSON shape::

    {"error": {"status": 422, "code": "invalid_parameter", "message": "...", "detail": ...}}

Tables that other stages may add (``claims``, ``control``, ``actors``) are looked
up in ``information_schema`` on each request; when absent, the pages say so and
the API falls back to what can be derived from events and mentions.

Modules: ``errors`` (error shape, security headers), ``store`` (read-only snapshots),
``queries``, ``rows`` (JSON/CSV/links), ``api`` (/api routes), ``pages`` (HTML routes),
``testing`` (BackgroundServer), ``cache`` (answers kept per store file), ``fast`` (the hot
answers from memory).

Speed: cursors are pooled per opened file, list filters and paging run in SQL with the
total in the same query, ``GET /api/...`` answers are cached per store file (a rebuild
starts a new cache), so repeated requests cost a dictionary look-up; the events, mentions,
claims and control rows are read into memory once per store file, and the unfiltered
events list, one event, one document and control on a date are answered from there
without FastAPI's per-request work (``fast``). uvicorn runs on httptools and uvloop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from sitrep import __version__
from sitrep.store import STORE_NAME
from sitrep.web import api, errors, pages, queries
from sitrep.web.cache import ResponseCache
from sitrep.web.errors import ApiError
from sitrep.web.fast import FastAnswers
from sitrep.web.store import ReadOnlyStore, store_path
from sitrep.web.testing import BackgroundServer

__all__ = ["ApiError", "BackgroundServer", "create_app", "locate", "serve", "store_path"]


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
    app.state.out_dir = out
    app.add_middleware(FastAnswers, store=store)  # innermost: the hot answers from memory
    errors.install(app)
    app.add_middleware(ResponseCache, store=store)  # outermost: caches the finished answer
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def serve(out_dir: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    queries.FREEZE_MEMOS = True  # this process is the app's: see queries.FREEZE_MEMOS
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
