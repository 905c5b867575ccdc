"""The real console script, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

SITREP = Path(sys.executable).parent / "sitrep"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SITREP), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_cli_build_prints_summary_and_outputs(tmp_path):
    doc = tmp_path / "in" / "report.txt"
    doc.parent.mkdir()
    doc.write_text((EXAMPLES / "004_4ea45e12356a043e.txt").read_text(encoding="utf-8"))
    proc = run("build", str(doc.parent), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "1 documents ok, 0 failed" in proc.stdout
    assert "report.html" in proc.stdout
    assert (tmp_path / "out" / "events.csv").is_file()


def test_cli_build_exit_1_when_nothing_builds(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    proc = run("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_cli_build_exit_2_for_usage_errors(tmp_path):
    missing = run("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 2 and "nope" in missing.stderr
    bad_date = run(
        "build", str(tmp_path), "--out", str(tmp_path / "o"), "--conflict-start", "yesterday"
    )
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    for proc in (missing, bad_date):
        assert "Traceback" not in proc.stderr
