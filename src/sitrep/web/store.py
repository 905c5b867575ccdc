"""The store as the app reads it: read-only, one unchanging snapshot per request."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request

from sitrep.errors import StoreError, UsageError
from sitrep.store import STORE_NAME, connect_read_only, describe


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


def request_snapshot(request: Request) -> Iterator[Snapshot]:
    """FastAPI dependency: the request's snapshot of the app's store."""
    with request.app.state.store.snapshot() as snap:
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

