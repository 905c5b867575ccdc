"""The store as the app reads it: read-only, one unchanging snapshot per request."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request

from sitrep.errors import StoreError, UsageError
from sitrep.store import STORE_NAME, connect_read_only, describe

VIEW_KEY = "sitrep_view"  # where the response cache leaves the request's view in its scope


class NeedsStore(Exception):
    """Raised by a snapshot without a cursor when an answer needs a query (not memory)."""


class Snapshot:
    """One unchanging view of the store; all the queries of one request run on it.

    ``memo`` is shared by every request on the same store file: what is computed from
    the store alone (table list, filter menus, document names, the events in memory) is
    kept there until a rebuild replaces the file. A snapshot made with ``cur=None`` answers
    only from ``memo`` and raises :class:`NeedsStore` at the first query it would run.
    """

    def __init__(self, cur: duckdb.DuckDBPyConnection | None,
                 memo: dict[Any, Any] | None = None) -> None:
        self._cur = cur
        self.memo: dict[Any, Any] = {} if memo is None else memo

    @property
    def memo_only(self) -> bool:
        """True when this snapshot has no cursor (answers come from ``memo`` or not at all)."""
        return self._cur is None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> duckdb.DuckDBPyConnection:
        if self._cur is None:
            raise NeedsStore(sql)
        return self._cur.execute(sql, list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
        """Column names and rows as tuples (no dict per row)."""
        res = self._execute(sql, params)
        return [d[0] for d in res.description], res.fetchall()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""
        res = self._execute(sql, params)
        names = [d[0] for d in res.description]
        return [dict(zip(names, r, strict=True)) for r in res.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return row[0] if row else None

    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of a table's columns; [] when the table does not exist."""
        return [
            (r[0], r[1])
            for r in self._execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]

    def tables(self) -> frozenset[str]:
        """The store's table names (looked up once per store file)."""
        found = self.memo.get("tables")
        if found is None:
            found = self.memo["tables"] = frozenset(r[0] for r in self._execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main'").fetchall())
        return found

    def has_table(self, table: str) -> bool:
        return table in self.tables()


FileStamp = tuple[int, int, int, int]
# Responses kept per opened store file (dropped with it on a rebuild), per family of URLs
# (``/api/events``, ``/api/events/{id}``, ...), so a scan of one kind (every page of the
# list, each once) does not push out another kind's answers (the events clients reopen).
CACHE_ENTRIES = 4096
CACHE_BYTES = 24 * 2**20
CACHE_ENTRY_BYTES = 2 * 2**20


def cache_family(key: str) -> str:
    """The URL family a cached answer counts against: ``/api/<name>`` or ``/api/<name>/*``."""
    parts = key.split("?", 1)[0].split("/", 4)  # '', 'api', name, id...
    return "/".join(parts[:3]) + ("/*" if len(parts) > 3 else "")


@dataclass
class _Lru:
    """One family's answers, least recently used first."""

    entries: OrderedDict[str, Any] = field(default_factory=OrderedDict)
    size: int = 0


@dataclass
class _View:
    """One opened store file: its connection, idle cursors, requests reading it, and the
    responses computed from it (valid for exactly as long as this file is the store)."""

    con: duckdb.DuckDBPyConnection
    stamp: FileStamp | None
    users: int = 0
    retired: bool = False
    idle: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    cache: dict[str, _Lru] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)

    def close(self) -> None:
        for cur in self.idle:
            cur.close()
        self.idle.clear()
        self.cache.clear()
        self.memo.clear()
        self.con.close()


class ReadOnlyStore:
    """The store file as the app reads it, following builds that replace the file.

    ``snapshot()`` gives a request a cursor on the current view. Cursors are pooled per
    view and reused (opening one per request cost more than most queries). When the file
    at ``path`` is no longer the one opened (a build renamed a new one over it), the next
    request opens the new file; the old view, its cursors and its cached responses are
    dropped once its last request ends. If the new file cannot be opened, the app goes on
    serving the old view.
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

    def acquire(self) -> _View:
        """The current view (reopened first if a build replaced the file), held until
        :meth:`release`."""
        stamp = self._stamp()  # stat outside the lock: it is the slow part
        with self._lock:
            if stamp is not None and stamp != self._current.stamp:
                try:
                    fresh = self._open(stamp)
                except StoreError:
                    fresh = None  # not readable (yet): serve the last good view
                if fresh is not None:
                    old, self._current = self._current, fresh
                    old.retired = True
                    if old.users == 0:
                        old.close()
            view = self._current
            view.users += 1
            return view

    def release(self, view: _View) -> None:
        with self._lock:
            view.users -= 1
            if view.retired and view.users == 0:
                view.close()

    def cached(self, view: _View, key: str) -> Any:
        """A response cached on ``view`` under ``key`` (None when absent)."""
        with self._lock:
            lru = view.cache.get(cache_family(key))
            if lru is None or key not in lru.entries:
                return None
            lru.entries.move_to_end(key)
            return lru.entries[key]

    def remember(self, view: _View, key: str, value: Any, size: int) -> None:
        """Cache ``value`` (``size`` bytes) on ``view``, least recently used of its URL
        family out first."""
        if size > CACHE_ENTRY_BYTES:
            return
        with self._lock:
            if view.retired:
                return
            lru = view.cache.setdefault(cache_family(key), _Lru())
            if key in lru.entries:
                return
            lru.entries[key] = (value, size)
            lru.size += size
            while len(lru.entries) > CACHE_ENTRIES or lru.size > CACHE_BYTES:
                _, (_, dropped) = lru.entries.popitem(last=False)
                lru.size -= dropped

    @contextmanager
    def snapshot(self, view: _View | None = None) -> Iterator[Snapshot]:
        """A consistent view of the store for one request (old or new, never a mix).

        ``view``: one the caller already holds (the response cache acquires it first).
        """
        own = view is None
        held = self.acquire() if view is None else view
        try:
            with self._lock:
                cur = held.idle.pop() if held.idle else None
            if cur is None:
                cur = held.con.cursor()
                cur.execute("USE store")
            broken = False
            try:
                yield Snapshot(cur, held.memo)
            except duckdb.Error:
                broken = True  # a cursor that failed is not handed out again
                raise
            finally:
                with self._lock:
                    if not broken and not held.retired:
                        held.idle.append(cur)
                        cur = None
                if cur is not None:
                    cur.close()
        finally:
            if own:
                self.release(held)

    def close(self) -> None:
        with self._lock:
            self._current.retired = True
            if self._current.users == 0:
                self._current.close()

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


async def request_snapshot(request: Request) -> AsyncIterator[Snapshot]:
    """FastAPI dependency: the request's snapshot of the app's store (on the view the
    response cache already holds for this request, if any).

    Async so that taking a pooled cursor and handing it back (a dictionary and a lock,
    rarely a new cursor) run on the event loop: as a plain generator FastAPI would move
    both steps to worker threads, two thread hops per request that cost more than the
    look-ups of a cached store."""
    view = request.scope.get("state", {}).get(VIEW_KEY)
    with request.app.state.store.snapshot(view) as snap:
        yield snap


Db = Annotated[Snapshot, Depends(request_snapshot)]


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

