"""Places named where English puts a place without a locative word: a town before an
institution or group ("X University", "X police station", "X Refugee Camp", "X Town"),
after a noun whose "of" names a place ("the streets of X", "University of X"), on a road
("on the axis X-Y", "between X and Y"), a name written as one word ("Elwak"), a locality
word before its units ("X ward (Unit)"); and the namesakes abroad these weaker slots must
not take. Sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitrep.nlp import load_pipeline
from sitrep.nlp.geo import find_places
from sitrep.records import Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def _places(nlp: Language, text: str) -> dict[str, Place]:
    return {s.text: s._.place for s in find_places(nlp(text))}


def _where(place: Place) -> tuple[str, str | None]:
    return place.country, place.admin1


@pytest.mark.parametrize(("text", "name", "country", "admin1"), [
    ("Nanyuki University College students boycotted classes over unpaid bursaries.",
     "Nanyuki", "Kenya", "Laikipia"),
    ("Students of Kericho National Polytechnic clashed with police over fees.",
     "Kericho", "Kenya", "Kericho"),
    ("University of Kisumu students barricaded the main road.", "Kisumu", "Kenya", "Kisumu"),
    ("A grenade was thrown at Kakuma Refugee Camp overnight.", "Kakuma", "Kenya", "Turkana"),
    ("Traders of Kitui Town marched against new market levies on Monday.", "Kitui Town",
     "Kenya", "Kitui"),
    ("Hundreds marched in the streets of Cotonou against new fuel prices.", "Cotonou",
     "Benin", "Littoral"),
])
def test_geo_place_slots_town_named_with_an_institution_or_group(
        nlp: Language, text: str, name: str, country: str, admin1: str) -> None:
    found = _places(nlp, text)
    assert name in found, found
    assert _where(found[name]) == (country, admin1)
    assert "University" not in found and "College" not in found, found


def test_geo_place_slots_first_town_of_an_axis(nlp: Language) -> None:
    found = _places(nlp, "A mine exploded on the axis Dori-Gorom-Gorom, wounding two soldiers.")
    assert "Dori" in found, found
    assert _where(found["Dori"]) == ("Burkina Faso", "Sahel")


def test_geo_place_slots_elided_name_between_two_towns(nlp: Language) -> None:
    # "N'Gourma" is part of the name: no "Fada" of Chad
    found = _places(nlp, "Soldiers defused a bomb on the road between Fada N'Gourma and "
                         "Diapaga.")
    assert "Fada N'Gourma" in found, found
    assert all(p.country == "Burkina Faso" for p in found.values()), found


def test_geo_place_slots_name_written_as_one_word(nlp: Language) -> None:
    found = _places(nlp, "Militants burned a telecom mast in the border town of Elwak.")
    assert "Elwak" in found, found
    assert (found["Elwak"].matched, *_where(found["Elwak"])) == ("El Wak", "Kenya", "Mandera")


def test_geo_place_slots_locality_word_before_its_units(nlp: Language) -> None:
    found = _places(nlp, "A police truck hit a mine in Kotulo ward (Wajir) on Monday.")
    assert "Kotulo" in found, found
    assert _where(found["Kotulo"]) == ("Kenya", "Wajir")


def test_geo_place_slots_town_whose_name_starts_with_a_compass_word(nlp: Language) -> None:
    found = _places(nlp, "Bandits raided a homestead at North Horr Location, Chalbi District.")
    assert "North Horr" in found, found
    assert _where(found["North Horr"]) == ("Kenya", "Marsabit")


@pytest.mark.parametrize("text", [
    "Masinde Muliro University students rioted over fees.",  # no Masindi (Uganda)
    "Thousands of pupils marched on Monday. Angry students also burned tyres.",  # no Angri
    "Militants ambushed a patrol in the area of Fili-Fili.",  # part of a longer name
    "Gunmen abducted a local official between Deou and Oursi.",  # no Diu (India)
    "A clash between Jimo and Agoro clans lasted two days.",  # a clan, not a Chinese city
    "Women marched from Orange House to the cathedral.",  # a building, not Orange (US)
])
def test_geo_place_slots_no_namesake_abroad_in_a_weak_slot(nlp: Language, text: str) -> None:
    found = _places(nlp, text)
    assert not found, found


def test_geo_place_slots_person_named_like_a_town_abroad(nlp: Language) -> None:
    found = _places(nlp, "A bomb killed three soldiers in Kala Shamir of Maywand district, "
                         "Kandahar.")
    assert all(p.country == "Afghanistan" for p in found.values()), found


def test_geo_place_slots_institution_word_is_no_place(nlp: Language) -> None:
    found = _places(nlp, "Students demonstrated against fees at the University of Kisumu "
                         "(Kisumo). Police dispersed them.")
    assert set(found) == {"Kisumu"}, found


@pytest.mark.parametrize(("text", "name", "country", "admin1"), [
    # a unit word inside the parentheses
    ("Police fired tear gas at traders in Bante (Collines department) on Friday.", "Bante",
     "Benin", "Collines"),
    # the second town of "between X and Y"
    ("A bomb struck a bus between Tankwarou (Tankoualou) and Gayeri overnight.", "Gayeri",
     "Burkina Faso", "Est"),
    # a town the tagger took for a people, after "in"
    ("Last week the crowd in Tenkodogo looted and burned the Koglweogo office.", "Tenkodogo",
     "Burkina Faso", "Centre-Est"),
    # a town tagged as an adjective before its residents
    ("Lamu residents took to the streets against the curfew.", "Lamu", "Kenya", "Lamu"),
])
def test_geo_place_slots_more_slots(nlp: Language, text: str, name: str, country: str,
                                    admin1: str) -> None:
    found = _places(nlp, text)
    assert name in found, found
    assert _where(found[name]) == (country, admin1)


def test_geo_place_slots_institution_with_units_is_no_locality(nlp: Language) -> None:
    found = _places(nlp, "Students from Egerton Hill University (Nakuru county) blocked "
                         "the highway.")
    assert "University" not in found and "Egerton Hill University" not in found, found
