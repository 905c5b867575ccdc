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
    out = tmp_path / "out"
    proc = subprocess.Popen(
        # the example corpus and the evaluation texts: long enough to be stopped mid-way
        [str(sitrep), "build", str(EXAMPLES), str(texts), "--out", str(out), "-j", "2", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (out / "sitrep.duckdb.building").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(6)  # the workers are analysing by now
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.strip()] == ["interrupted"]
    assert not (out / "sitrep.duckdb.building").exists()
