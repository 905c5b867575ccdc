"""The per-document stage in several processes gives the same outputs as in one."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from sitrep.errors import UsageError
from sitrep.pipeline.run import build


def test_pipeline_workers_give_identical_outputs(example_build, tmp_path):
    result = build([EXAMPLES], tmp_path / "parallel", workers=2, report=False)
    assert result.documents_ok == 3 and result.documents_reused == 0
    for name in ["events.csv", "mentions.csv", "documents.csv", "events.geojson"]:
        assert (result.out_dir / name).read_bytes() == (
            example_build.out_dir / name
        ).read_bytes(), name
    # the stored sentence vectors too, bit for bit (the merge embeds the sentences it
    # compares, each alone, whichever worker analysed their documents)
    assert _vectors(result.out_dir) == _vectors(example_build.out_dir)


def _vectors(out) -> dict[str, bytes]:
    from sitrep.store import STORE_NAME, Store
    from sitrep.store.vectors import TABLE

    with Store(out / STORE_NAME, read_only=True) as store:
        return dict(store.con.execute(f"SELECT key, vector FROM {TABLE}").fetchall())


def test_pipeline_workers_must_be_positive(tmp_path):
    with pytest.raises(UsageError):
        build([EXAMPLES], tmp_path / "x", workers=0)


def test_pipeline_workers_ctrl_c_stops_cleanly(tmp_path):
    """Ctrl+C reaches every process of the group: one line, exit 130, no worker tracebacks,
    no half-built copy left behind."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    sitrep = Path(sys.executable).with_name("sitrep")
    texts = EXAMPLES.parents[1] / "eval" / "events" / "texts"
    # the example corpus six times over (each copy a distinct text) and the evaluation
    # texts: long enough (about 30 s of analysis) to be stopped mid-way on any machine
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(6):
        for f in sorted(EXAMPLES.glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            (corpus / f"{n}_{f.name}").write_text(f"{text}\n\nCopy {n}.\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [str(sitrep), "build", str(corpus), str(texts), "--out", str(out), "-j", "2", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # Ctrl+C as a terminal delivers it, whatever this test process ignores
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not (out / "sitrep.duckdb.building").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # the workers are analysing by now
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == ["interrupted"]
    assert not (out / "sitrep.duckdb.building").exists()


def test_pipeline_workers_not_started_for_an_unchanged_store(tmp_path, monkeypatch):
    """A -j 2 rebuild with nothing new forks no worker (and loads no model for them)."""
    from sitrep.pipeline import local

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "On 4 June 2024, militants attacked a checkpoint near Kidal, Mali, killing three "
        "soldiers.\n", encoding="utf-8")
    first = build([src], tmp_path / "out", workers=2, report=False)
    assert first.documents_ok == 1 and first.documents_reused == 0
    events = (first.out_dir / "events.csv").read_bytes()

    def no_pool(*_args):
        raise AssertionError("a worker pool was started for an unchanged store")

    monkeypatch.setattr(local, "_forked_pool", no_pool)
    again = build([src], tmp_path / "out", workers=2, report=False)
    assert again.documents_reused == 1
    assert (tmp_path / "out" / "events.csv").read_bytes() == events


def test_pipeline_workers_spawned_give_the_same_outputs(tmp_path, monkeypatch):
    """Where workers cannot be forked (macOS, Windows; forced here) they are spawned and
    load their own models; the outputs are the same as one process's."""
    src = tmp_path / "in"
    src.mkdir()
    for name, text in {
        "a.txt": "On 4 June 2024, militants attacked a checkpoint near Kidal, Mali, killing "
                 "three soldiers.\n",
        "b.txt": "On 6 June 2024, police fired tear gas at protesters in Bamako, Mali.\n",
    }.items():
        (src / name).write_text(text, encoding="utf-8")
    one = build([src], tmp_path / "one", report=False)
    monkeypatch.setenv("SITREP_START_METHOD", "spawn")
    two = build([src], tmp_path / "two", workers=2, report=False)
    assert two.documents_ok == 2
    for name in ["events.csv", "mentions.csv"]:
        assert (one.out_dir / name).read_bytes() == (two.out_dir / name).read_bytes(), name
