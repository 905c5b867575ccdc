"""The world gazetteer: admin1/admin2 outside Afghanistan, qualifiers, the document's
country as context, and the generated world tables."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from sitrep.nlp.geo import DATA_DIR, Gazetteer, default_gazetteer
from sitrep.nlp.geo.recognizer import _sole_country
from sitrep.records import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def test_geo_world_town_has_admin1_and_point(gaz: Gazetteer) -> None:
    p = gaz.resolve("El Fasher", "Fighting in El Fasher on Monday.", focus_countries=["Sudan"])
    assert (p.country, p.admin1, p.feature, p.geo_precision) == (
        "Sudan", "North Darfur", "city", 1)
    assert abs(p.latitude - 13.63) < 0.1 and abs(p.longitude - 25.35) < 0.1


def test_geo_world_admin2_from_geonames(gaz: Gazetteer) -> None:
    p = gaz.resolve("Djibo", "Militants attacked Djibo.", focus_countries=["Burkina Faso"])
    assert (p.admin1, p.admin2) == ("Sahel", "Soum")


def test_geo_world_near_lowers_precision(gaz: Gazetteer) -> None:
    p = gaz.resolve("Kadugli", "Clashes near Kadugli left five dead.",
                    focus_countries=["Sudan"])
    assert (p.admin1, p.geo_precision) == ("South Kordofan", 2)


@pytest.mark.parametrize(("text", "admin1", "precision"), [
    ("Gunmen raided Zorgvillage (Djibo, Soum) at dawn.", "Sahel", 2),
    ("Gunmen raided Zorgvillage, Kassala state, at dawn.", "Kassala", 3),
    ("Gunmen raided Zorgvillage in Tambul district, Gedaref.", None, None),
])
def test_geo_world_unknown_village_placed_by_its_qualifier(
        gaz: Gazetteer, text: str, admin1: str | None, precision: int | None) -> None:
    country = "Burkina Faso" if "Djibo" in text else "Sudan"
    p = gaz.resolve("Zorgvillage", text, focus_countries=[country])
    if admin1 is None:
        assert p is None or p.country == "Sudan"
        return
    assert (p.country, p.admin1, p.geo_precision) == (country, admin1, precision)
    assert p.name == "Zorgvillage" and "qualified" in p.reason


def test_geo_world_country_context_keeps_places_at_home(gaz: Gazetteer) -> None:
    """A neighbourhood named like a town abroad stays in the report's country."""
    p = gaz.resolve("Kissy", "Youths clashed with police in Kissy, Freetown.")
    assert p is not None and p.country == "Sierra Leone"
    q = gaz.resolve("Kissy", "Youths clashed with police in Kissy.",
                    focus_countries=["Sierra Leone"])
    assert q is None or q.country == "Sierra Leone"


def test_geo_world_town_named_like_its_admin1_is_the_town(gaz: Gazetteer) -> None:
    p = gaz.resolve("Kassala", "Protests in Kassala.", focus_countries=["Sudan"])
    assert (p.feature, p.admin1) == ("city", "Kassala")
    q = gaz.resolve("Kassala state", "Protests in Kassala state.", focus_countries=["Sudan"])
    assert q.feature == "region"


def test_geo_world_afghan_names_unchanged(gaz: Gazetteer) -> None:
    p = gaz.resolve("Bazarak")
    assert (p.country, p.admin1) == ("Afghanistan", "Panjshir")


def test_geo_world_sole_foreign_country_is_the_documents() -> None:
    def place(country: str, feature: str = "city") -> Place:
        return Place(name="x", matched="x", feature=feature, country=country, iso=1,
                     region="r", admin1=None, admin2=None, admin3=None, latitude=None,
                     longitude=None, geo_precision=1, score=100.0)

    assert _sole_country([place("Benin"), place("Benin", "region")]) == ["Benin"]
    assert _sole_country([place("Benin"), place("Togo")]) == []
    assert _sole_country([place("Benin"), place("Afghanistan", "district")]) == []


def test_geo_world_tables_are_consistent() -> None:
    with (DATA_DIR / "world_admin.csv").open(encoding="utf-8") as fh:
        units = {r["id"]: r for r in csv.DictReader(fh)}
    text = gzip.decompress((DATA_DIR / "world_places.csv.gz").read_bytes()).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) > 100_000
    assert not any(r["cc"] == "AF" for r in rows), "Afghanistan has its own gazetteer"
    assert all(r["unit"] == "" or r["unit"] in units for r in rows)
    admin1 = {(u["cc"], u["admin1"]) for u in units.values() if not u["admin2"]}
    assert {("SD", "North Darfur"), ("KE", "Nairobi"), ("BF", "Hauts-Bassins"),
            ("BJ", "Oueme"), ("UA", "Kharkiv")} <= admin1
