"""Geocoding quality gate: accuracy on the hand-annotated gold set eval/geo/gold.csv.

Floors sit just below the figures measured when the gate was set (district 99.6% of 250,
province 99.7% of 319, country 95.4% of 65, median and p90 error 0 km, 2 unresolved, over
384 rows); the issue's targets are district >= 0.95 and province >= 0.99. The gate also
holds without the hand-listed aliases (aliases.csv), so no gold row passes only because its
spelling was typed into the data, and rows tagged ``unseen`` use spellings in no data file.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from sitrep.errors import DataFileError, UsageError
from sitrep.evaluation.geo import DEFAULT_GOLD, GeoScores, evaluate, haversine_km, load_gold
from sitrep.nlp.geo import DATA_DIR, Gazetteer, split_feature

DISTRICT_FLOOR = 0.99
PROVINCE_FLOOR = 0.99
COUNTRY_FLOOR = 0.93
MEDIAN_KM_CEILING = 1.0
P90_KM_CEILING = 5.0
MAX_UNRESOLVED = 2


@pytest.fixture(scope="module")
def scores() -> GeoScores:
    return evaluate()


def _assert_floors(s: GeoScores) -> None:
    report = s.format()
    assert s.district_accuracy >= max(DISTRICT_FLOOR, 0.95), report
    assert s.province_accuracy >= PROVINCE_FLOOR, report
    assert s.country_accuracy >= COUNTRY_FLOOR, report
    assert s.median_km is not None and s.median_km <= MEDIAN_KM_CEILING, report
    assert s.p90_km is not None and s.p90_km <= P90_KM_CEILING, report
    assert s.unresolved <= MAX_UNRESOLVED, report


def test_geo_quality_gate_floors_hold(scores: GeoScores) -> None:
    _assert_floors(scores)
    assert scores.district_total >= 150 and scores.country_total >= 25


def test_geo_quality_gate_holds_without_hand_aliases(tmp_path: Path) -> None:
    data = tmp_path / "gazetteer"
    shutil.copytree(DATA_DIR, data)
    (data / "aliases.csv").unlink()
    _assert_floors(evaluate(gazetteer=Gazetteer.load(data)))


def _packaged_names() -> set[str]:
    names: set[str] = set()
    for fname in (
        "provinces.csv",
        "districts.csv",
        "villages.csv",
        "alt_names.csv",
        "aliases.csv",
        "towns.csv",
        "landmarks.csv",
    ):
        with (DATA_DIR / fname).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for n in [row["name"], *row.get("aliases", "").split("|")]:
                    if n:
                        names |= {n.lower(), split_feature(n)[0].lower()}
    return names


def test_geo_quality_gate_gold_set_is_as_documented() -> None:
    rows = load_gold(DEFAULT_GOLD)
    assert len(rows) >= 150 and len({r.id for r in rows}) == len(rows)
    assert sum(r.country != "Afghanistan" for r in rows) >= 25
    with DEFAULT_GOLD.open(encoding="utf-8", newline="") as fh:
        tags = {r["id"]: r["tags"] for r in csv.DictReader(fh)}
    unseen = [r for r in rows if "unseen" in tags[r.id]]
    assert len(unseen) >= 40
    known = _packaged_names()
    typed = [r.mention for r in unseen if split_feature(r.mention)[0].lower() in known]
    assert not typed, f"rows tagged unseen whose spelling is in the data: {typed}"
    corpus = " ".join(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt"))
    words = re.findall(r"\w+", corpus.lower())
    runs = {tuple(words[i : i + 7]) for i in range(len(words) - 6)}
    for r in rows:
        own = re.findall(r"\w+", r.text.lower())
        assert not any(tuple(own[i : i + 7]) in runs for i in range(len(own) - 6)), r.id
        assert r.source in {"own", "paraphrase", "other"}
        assert (r.admin2 is None) or r.country == "Afghanistan"


def test_geo_quality_gate_counts_misses(tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    header = (
        "id,text,mention,expected_feature,expected_country,expected_admin1,"
        "expected_admin2,expected_lat,expected_lon,source\n"
    )
    gold.write_text(
        header + "a,Fighting in Andarab district.,Andarab,district,Afghanistan,Baghlan,"
        "Andarab,35.62848,69.17716,own\n"
        + "b,Shelling near Kharkiv.,Kharkiv,city,Ukraine,,,,,other\n"
        + "c,Talks in Zorgbluff.,Zorgbluff,city,Narnia,,,,,own\n"
        + "d,Clashes in Andarab.,Andarab,district,Afghanistan,Baghlan,Khinjan,,,own\n",
        encoding="utf-8",
    )
    s = evaluate(gold)
    assert (s.district_correct, s.district_total) == (1, 2)
    assert (s.country_correct, s.country_total) == (1, 2)
    assert s.unresolved == 1 and s.median_km == pytest.approx(0.0, abs=0.01)
    assert [m.id for m in s.misses] == ["c", "d"]
    assert "district accuracy" in s.format() and "'Zorgbluff'" in s.format()


def test_geo_quality_gate_rejects_bad_gold_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        evaluate(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,mention\n1,Fighting in Kabul.,Herat\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        evaluate(bad)


def test_geo_quality_gate_haversine() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)
    assert haversine_km(34.5, 69.2, 34.5, 69.2) == 0.0
