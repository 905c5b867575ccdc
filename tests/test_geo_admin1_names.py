"""Admin1 names as analysts and ACLED write them (``world_admin1_names.csv``): the table
names real GeoNames admin1 units, the packaged world tables carry the renamed spelling,
the GeoNames spelling is still read in text, and the renamed admin1 reaches the CSVs."""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from pathlib import Path

import pytest

from sitrep.nlp.geo import DATA_DIR, Gazetteer, default_gazetteer
from sitrep.nlp.geo.normalize import fold
from sitrep.pipeline.run import build

TABLE = DATA_DIR / "world_admin1_names.csv"


def _table() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _admin1_by_country() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    with (DATA_DIR / "world_admin.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["cc"]].add(row["admin1"])
    return out


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_geo_admin1_names_table_is_one_rename_per_name():
    rows = _table()
    assert rows and all(set(r) == {"cc", "name", "acled"} for r in rows)
    seen: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r["cc"], r["name"])
        assert seen.setdefault(key, r["acled"]) == r["acled"], key
        assert r["name"] != r["acled"] and r["acled"].strip() == r["acled"]
    # two GeoNames units never merge under one written name
    written = [(r["cc"], r["acled"]) for r in rows]
    assert len(written) == len(set(written))


def test_geo_admin1_names_are_geonames_admin1_of_their_country():
    """Every renamed name was an admin1 of its country (the build stops on a row naming
    none), so the packaged tables hold the written name in its place, never the old one."""
    admin1 = _admin1_by_country()
    for r in _table():
        assert r["acled"] in admin1[r["cc"]], r
        assert r["name"] not in admin1[r["cc"]], r


def test_geo_admin1_names_never_hide_a_town_known_by_that_name():
    """A region's own name hides the places that have it only as an alternate name, so a
    written name that is a town's alternate (and no place's own name) would turn that
    town into its region."""
    written = {(r["cc"], fold(r["acled"])): r["acled"] for r in _table()
               if fold(r["acled"]) != fold(r["name"])}  # else the old name hid it already
    own: set[tuple[str, str]] = set()
    alternate: set[tuple[str, str]] = set()
    text = gzip.decompress((DATA_DIR / "world_places.csv.gz").read_bytes()).decode("utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        own.add((row["cc"], fold(row["name"])))
        alternate.update((row["cc"], fold(a)) for a in row["alternates"].split("|") if a)
    hidden = sorted(written[k] for k in written if k in alternate and k not in own)
    assert hidden == []


@pytest.mark.parametrize(("cc", "written"), [
    ("ET", "Amhara"), ("ET", "Tigray"), ("YE", "Al Hudaydah"), ("AM", "Gegharkunik"),
    ("LY", "Benghazi"), ("UA", "Kyiv"), ("SY", "Rural Damascus"),
    ("NG", "Federal Capital Territory"), ("IN", "Jammu and Kashmir")])
def test_geo_admin1_names_packaged_tables_use_the_written_name(cc, written):
    assert written in _admin1_by_country()[cc]


@pytest.mark.parametrize(("cc", "unchanged"), [
    ("KE", "Nairobi"), ("KE", "Elgeyo-Marakwet"), ("KE", "Taita Taveta"),
    ("BF", "Hauts-Bassins"), ("BF", "Sud-Ouest"), ("BJ", "Atlantique"),
    ("SD", "North Kordofan")])
def test_geo_admin1_names_acled_eval_countries_keep_their_names(cc, unchanged):
    assert unchanged in _admin1_by_country()[cc]


def test_geo_admin1_names_town_gets_the_written_admin1(gaz: Gazetteer) -> None:
    p = gaz.resolve("Mekelle", "Shelling hit Mekelle on Tuesday.",
                    focus_countries=["Ethiopia"])
    assert (p.country, p.admin1) == ("Ethiopia", "Tigray")


@pytest.mark.parametrize(("old", "country", "written"), [
    ("Amara", "Ethiopia", "Amhara"),
    ("Muhafazat al Hudaydah", "Yemen", "Al Hudaydah"),
    ("Geghark'unik'i Marz", "Armenia", "Gegharkunik"),
])
def test_geo_admin1_names_old_spelling_still_names_the_region(
        gaz: Gazetteer, old: str, country: str, written: str) -> None:
    p = gaz.resolve(old, f"Troops were sent to {old} last week.", focus_countries=[country])
    assert p is not None
    assert (p.country, p.admin1, p.feature) == (country, written, "region")


def test_geo_admin1_names_written_admin1_reaches_the_csvs(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "On 3 May 2024, Fano militiamen attacked a police station in Bahir Dar.",
        encoding="utf-8")
    out = tmp_path / "out"
    build([tmp_path / "in"], out, report=False)
    for name in ("mentions.csv", "events.csv"):
        with (out / name).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, name
        assert {r["admin1"] for r in rows} == {"Amhara"}, name
