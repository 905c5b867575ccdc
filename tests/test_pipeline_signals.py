"""Signals to a real ``sitrep build -j 2``: SIGTERM stops like Ctrl+C, kill -9 takes the
workers with it. Real processes, real signals, bounded waits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES

TEXTS = EXAMPLES.parents[1] / "eval" / "events" / "texts"


def _workers(parent: int) -> list[int]:
    """Pids of the pool's worker processes: children of ``parent`` (forked from it on
    Linux, so they run its command line; spawned ones run spawn_main)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and cmdline:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_build(out: Path) -> tuple[subprocess.Popen, list[int]]:
    """A -j 2 build with its workers busy analysing (-j 2: two workers forked from the
    build process, which hands out documents and stores results)."""
    sitrep = Path(sys.executable).with_name("sitrep")
    proc = subprocess.Popen(
        [str(sitrep), "build", str(EXAMPLES), str(TEXTS), "--out", str(out), "-j", "2", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        workers = _workers(proc.pid)
    assert len(workers) == 2, "the build should have started two pool workers"
    time.sleep(3)  # the workers are loading or analysing by now
    return proc, workers


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


def test_pipeline_sigterm_stops_like_ctrl_c(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc, workers = _start_build(out)
    try:
        proc.send_signal(signal.SIGTERM)  # `kill PID`: the build only, not its group
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 143, err
        assert [line for line in err.splitlines() if line.strip()] == ["terminated"]
        assert _wait_gone(workers, 10) == []
        assert not (out / "sitrep.duckdb.building").exists()
        assert not (out / "sitrep.duckdb").exists()  # nothing half-built was published
    finally:
        for pid in [proc.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_pipeline_kill_9_takes_the_workers_with_it(tmp_path: Path) -> None:
    proc, workers = _start_build(tmp_path / "out")
    try:
        proc.kill()  # SIGKILL: no handler runs in the build
        proc.communicate(timeout=30)
        assert _wait_gone(workers, 10) == [], "workers outlived their build"
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_pipeline_signals_stop_swallowed_by_a_library_still_stops_the_build(tmp_path):
    """A Ctrl+C that a library turned into its own error (DuckDB: "Query interrupted") is
    remembered: the build stops before publishing, and the previous store stays."""
    from sitrep import errors
    from sitrep.pipeline.run import build as run_build

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("On 3 May 2024, gunmen killed two farmers in Gao, Mali.\n",
                               encoding="utf-8")
    out = tmp_path / "out"
    errors.request_stop(KeyboardInterrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_build([src], out, report=False)
    finally:
        errors._STOP.clear()
    assert not (out / "sitrep.duckdb").exists()
    assert not (out / "sitrep.duckdb.building").exists()
