"""Builds write a copy of the store and publish it atomically; one build per store at a time."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_mention
from sitrep.errors import StoreError
from sitrep.records import Document
from sitrep.store import Store, connect_read_only, describe
from sitrep.store.lock import STAGING_SUFFIX, build_lock, open_for_build


def _doc(doc_id: str) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt",
                    text="Blue Front shelled Alpha on Monday.")


def _put(store: Store, doc_id: str) -> None:
    store.put_document(_doc(doc_id), [make_mention(f"m-{doc_id}", doc=doc_id)], "v1")


def _count(con, table: str = "documents") -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "sitrep.duckdb"
    with open_for_build(path) as store:
        _put(store, "d1")
    return path


def test_store_build_publishes_only_when_done(store_path: Path) -> None:
    before = _digest(store_path)
    reader = connect_read_only(store_path)
    with open_for_build(store_path) as store:
        _put(store, "d2")
        assert _count(store.con) == 2
        # while the build runs the served file is untouched and readable
        assert _digest(store_path) == before
        assert _count(connect_read_only(store_path)) == 1
    assert not store_path.with_name(store_path.name + STAGING_SUFFIX).exists()
    assert _count(reader) == 1, "a reader opened before keeps its consistent old view"
    assert _count(connect_read_only(store_path)) == 2
    with Store(store_path, read_only=True) as again:  # despite the old reader in this process
        assert sorted(d["doc_id"] for d in again.documents()) == ["d1", "d2"]


@pytest.mark.parametrize("failure", [RuntimeError("analysis crashed"), KeyboardInterrupt()])
def test_store_build_failure_leaves_the_old_store(store_path: Path, failure: BaseException) -> None:
    before = _digest(store_path)
    with pytest.raises(type(failure)):
        with open_for_build(store_path) as store:
            _put(store, "d2")
            raise failure
    assert _digest(store_path) == before
    assert not store_path.with_name(store_path.name + STAGING_SUFFIX).exists()
    with open_for_build(store_path) as store:  # the next build works and still accumulates
        _put(store, "d3")
    with Store(store_path, read_only=True) as again:
        assert sorted(d["doc_id"] for d in again.documents()) == ["d1", "d3"]


def test_store_build_discards_a_killed_builds_copy(store_path: Path) -> None:
    staging = store_path.with_name(store_path.name + STAGING_SUFFIX)
    staging.write_bytes(b"half-written by a build that was killed")
    with open_for_build(store_path) as store:
        _put(store, "d2")
    assert not staging.exists()
    assert _count(connect_read_only(store_path)) == 2


def test_store_second_build_fails_fast_naming_the_first(store_path: Path) -> None:
    before = _digest(store_path)
    with build_lock(store_path):
        started = time.monotonic()
        with pytest.raises(StoreError) as err:
            with open_for_build(store_path):
                pytest.fail("a second build must not get the store")
        assert time.monotonic() - started < 1
    message = str(err.value)
    assert "\n" not in message and str(store_path) in message
    assert f"another sitrep build (pid {os.getpid()})" in message
    assert _digest(store_path) == before
    with open_for_build(store_path) as store:  # the lock is released with its holder
        _put(store, "d2")


def test_store_build_names_another_program_writing_the_store(store_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, duckdb\n"
         f"con = duckdb.connect({str(store_path)!r})\n"
         "print('ready', flush=True)\n"
         "time.sleep(30)\n"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(StoreError) as err:
            with open_for_build(store_path, wait=0.5):
                pytest.fail("the store is held by another writer")
        assert 0.4 < time.monotonic() - started < 5, "waits a bounded time, then fails"
    finally:
        holder.kill()
        holder.wait()
    message = str(err.value)
    assert "\n" not in message and str(store_path) in message
    assert f"(pid {holder.pid}) has it open for writing" in message
    assert _count(connect_read_only(store_path)) == 1


def test_store_describe_makes_duckdb_errors_one_line() -> None:
    exc = Exception('IO Error: Could not set lock on file "/x/s.duckdb": Conflicting lock is '
                    "held in /usr/bin/duckdb (PID 4242). However, you would be able to\nopen it")
    assert describe(exc) == "/usr/bin/duckdb (pid 4242) has it open for writing"
    assert describe(Exception("Catalog Error: no table\nDid you mean x?")) == \
        "Catalog Error: no table"
