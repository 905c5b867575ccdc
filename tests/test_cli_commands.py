"""The geocode, control, eval and open commands, run as the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SITREP = Path(sys.executable).parent / "sitrep"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SITREP), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_cli_geocode_json_resolves_an_unusual_spelling():
    proc = run("geocode", "Pol-e-Hesar", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for field in ["name", "matched", "admin1", "admin2", "latitude", "longitude",
                  "geo_precision", "score"]:
        assert field in data
    assert (data["admin1"], data["admin2"]) == ("Baghlan", "Puli Hisar")
    assert data["name"] == "Pol-e-Hesar"


def test_cli_geocode_unresolved_prints_nulls_and_exits_1():
    proc = run("geocode", "Qwertzuiopland", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["name"] == "Qwertzuiopland" and data["matched"] is None
    assert data["latitude"] is None and data["admin1"] is None


def test_cli_geocode_uses_the_context_sentence():
    proc = run("geocode", "Khost", "--json", "--context", "Fighting spread to Khost province.")
    data = json.loads(proc.stdout)
    assert data["admin1"] == "Khost" and data["admin2"] in (None, "")  # the province


def test_cli_control_and_open_on_a_build(example_build):
    out = str(example_build.out_dir)
    proc = run("control", out, "--date", "2021-09-10", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and all({"place", "controller", "status"} <= set(r) for r in rows)
    table = run("control", out, "--date", "2021-09-10")
    assert "2021-09-10" in table.stdout
    bad = run("control", out, "--date", "10/09/2021")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    opened = run("open", out)
    assert "report.html" in opened.stdout and "sitrep serve" in opened.stdout


def test_cli_eval_commands_print_scores(example_build):
    root = Path(__file__).resolve().parents[1]
    geo = run("eval", "geo")
    assert geo.returncode == 0 and "district accuracy" in geo.stdout
    events = run("eval", "events", str(root / "eval" / "events" / "panjshir_gold.csv"),
                 "--out", str(example_build.out_dir))
    assert events.returncode == 0 and "F1" in events.stdout
