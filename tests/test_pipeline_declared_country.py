"""``sitrep build --country``: the country a corpus is about, for reports that name none."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.errors import UsageError
from sitrep.pipeline.run import build, country_name


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "mentions.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_pipeline_country_names_the_police_of_a_report_that_names_no_country(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Police fired tear gas at traders protesting against new market fees.",
        encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        "Police fired tear gas at students protesting in Accra, Ghana.", encoding="utf-8")
    plain = _rows(_build(tmp_path, "plain", None))
    declared = _rows(_build(tmp_path, "declared", "KE"))
    by_file = {r["doc_file"]: r for r in declared}
    assert by_file["a.txt"]["actor2"].startswith("Police Forces of Kenya")
    assert by_file["a.txt"]["actor1"] == "Protesters (Kenya)"
    # a report that names its own country keeps it
    assert by_file["b.txt"]["actor2"].startswith("Police Forces of Ghana")
    assert not {r["doc_file"]: r for r in plain}["a.txt"]["actor2"].startswith(
        "Police Forces of Kenya")


def _build(tmp_path: Path, name: str, country: str | None) -> Path:
    out = tmp_path / name
    build([tmp_path / "in"], out, report=False, country=country)
    return out


def test_pipeline_country_accepts_names_and_codes_and_refuses_unknown_ones():
    assert country_name("kenya") == country_name("KE") == "Kenya"
    with pytest.raises(UsageError, match="unknown country 'Narnia'"):
        country_name("Narnia")


def test_cli_build_unknown_country_is_a_one_line_error(tmp_path):
    (tmp_path / "a.txt").write_text("Gunmen killed two traders.", encoding="utf-8")
    sitrep = Path(sys.executable).parent / "sitrep"
    done = subprocess.run([str(sitrep), "build", str(tmp_path / "a.txt"), "--out",
                           str(tmp_path / "out"), "--country", "Narnia"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: unknown country 'Narnia': give its English name or ISO code, e.g. "
        "'Burkina Faso' or 'KE'"]
