"""One build at a time, writing a copy that replaces the store atomically when done.

:func:`open_for_build` takes the folder's build lock, copies the store to
``sitrep.duckdb.building``, writes there and atomically renames the copy over
``sitrep.duckdb`` when the build succeeds. Readers (``sitrep serve``) therefore see
the old store or the new one, never a half-written one, and an interrupted build
leaves the old store as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from sitrep.errors import StoreError
from sitrep.store import Store, connect_read_only, describe

STAGING_SUFFIX = ".building"  # the copy a build writes, renamed over the store at the end
LOCK_SUFFIX = ".lock"  # held (flock) by the one build writing a store
WRITER_WAIT = 10.0  # seconds a build waits for another program to release the store


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


@contextmanager
def build_lock(path: str | Path) -> Iterator[None]:
    """Hold the build lock of the store at ``path``; fail at once if another build holds it.

    An OS file lock on ``sitrep.duckdb.lock`` (released by the OS however the holder
    ends); the holder writes its pid there so the error can name it.
    """
    path = Path(path)
    lock_path = _sidecar(path, LOCK_SUFFIX)
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process build lock
        yield
        return
    try:
        fh = open(lock_path, "a+", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"{lock_path}: cannot create the build lock ({exc.strerror})") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            who = f" ({holder})" if holder else ""
            raise StoreError(
                f"{path}: another sitrep build{who} is writing this store; "
                "wait for it to finish, then run again"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield


def _remove_staging(staging: Path) -> None:
    for p in (staging, _sidecar(staging, ".wal")):
        p.unlink(missing_ok=True)


def _copy_current(path: Path, staging: Path, wait: float) -> None:
    """Copy the store to ``staging`` while holding a read lock, so no writer changes it.

    Another program writing the store (a DuckDB shell, an older sitrep) is waited for
    up to ``wait`` seconds, then named in the error.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            con = connect_read_only(path)
            break
        except duckdb.Error as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise StoreError(f"{path}: cannot read the store ({describe(exc)})") from exc
            time.sleep(0.2)
    try:
        shutil.copyfile(path, staging)
        wal = _sidecar(path, ".wal")  # left by a writer that crashed: replayed in the copy
        if wal.exists():
            shutil.copyfile(wal, _sidecar(staging, ".wal"))
    except OSError as exc:
        raise StoreError(f"{staging}: cannot copy the store ({exc.strerror or exc})") from exc
    finally:
        con.close()


def _publish(staging: Path, path: Path) -> None:
    """Make the finished copy the store: flushed to disk, then renamed over it atomically."""
    if _sidecar(staging, ".wal").exists():
        raise StoreError(f"{staging}: the store was not fully written (its journal remains)")
    with open(staging, "rb+") as fh:
        os.fsync(fh.fileno())
    _sidecar(path, ".wal").unlink(missing_ok=True)  # the old file's journal, now in the copy
    os.replace(staging, path)
    try:  # make the rename durable; some systems cannot open or sync a directory
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


@contextmanager
def open_for_build(path: str | Path, *, wait: float = WRITER_WAIT) -> Iterator[Store]:
    """The store at ``path`` for one build: a writable copy, published when the block ends.

    Takes the build lock (a second build fails at once), copies the current store to
    ``sitrep.duckdb.building`` and yields it. When the block succeeds the copy is
    checkpointed and renamed over the store; when it raises (or is interrupted), the
    copy is deleted and the store is untouched. Readers of the old file keep reading it.
    """
    path = Path(path)
    staging = _sidecar(path, STAGING_SUFFIX)
    with build_lock(path):
        published = False
        try:
            _remove_staging(staging)  # left by a build that was killed
            if path.exists():
                _copy_current(path, staging, wait)
            store = Store(staging)
            try:
                yield store
                try:
                    store.con.execute("CHECKPOINT")
                except duckdb.Error as exc:
                    raise StoreError(f"{staging}: cannot write ({describe(exc)})") from exc
            finally:
                store.close()
            try:
                _publish(staging, path)
            except OSError as exc:
                why = exc.strerror or exc
                raise StoreError(f"{path}: cannot replace the store ({why})") from exc
            published = True
        finally:
            if not published:
                _remove_staging(staging)
