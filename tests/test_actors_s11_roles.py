"""ACLED roles of session 11, on invented notes: gunfire at a civilian vehicle, kiosk or
named person, or the killing of foreigners named by nationality, is an attack on
civilians; the subject coordinated with a force in "A and B exchanged fire" is the other
side; "armed <people>" and "<people> gunmen" are that people's ethnic militia; journalists
are coded "Civilians (<country>)"; a coder's capitalised "Police" after a lowercase word
is still the police; a building where two sides clashed, or one an air strike hit, is no
civilian victim."""

from __future__ import annotations

import pytest

from conftest import earliest_mention as _first


@pytest.mark.parametrize("text", [
    "On 4 May 2021, unknown gunmen opened fire on a bus near Dori, Burkina Faso.",
    "On 4 May 2021, unknown gunmen shot at the car of a school director near Dori, "
    "Burkina Faso, wounding him.",
    "On 4 May 2021, gunmen opened fire against a phone credit kiosk in Dori, Burkina Faso.",
])
def test_actors_s11_gunfire_at_civilian_property_targets_civilians(extractor, text):
    m = _first(extractor, text)
    assert m.sub_event_type == "Attack"
    assert m.actor2 == "Civilians (Burkina Faso)"


def test_actors_s11_gunfire_at_an_army_truck_stays_a_battle(extractor):
    m = _first(extractor, "On 4 May 2021, gunmen fired on an army truck near Dori, "
                          "Burkina Faso.")
    assert m.actor2.startswith("Military Forces of Burkina Faso")


def test_actors_s11_foreigners_named_by_nationality_are_civilians(extractor):
    m = _first(extractor, "On 4 May 2021, gunmen killed four Ethiopians near Moyale, Kenya.")
    assert (m.sub_event_type, m.actor2) == ("Attack", "Civilians (Kenya)")


def test_actors_s11_named_person_shot_is_a_civilian(extractor):
    m = _first(extractor, "On 4 May 2021, gunmen shot and wounded opposition candidate "
                          "Ali Musa in Garissa, Kenya.")
    assert (m.sub_event_type, m.actor2) == ("Attack", "Civilians (Kenya)")


def test_actors_s11_coordinated_subjects_that_exchanged_fire_are_both_sides(extractor):
    m = _first(extractor, "On 4 May 2021, soldiers and armed men exchanged fire near "
                          "Kandi, Benin.")
    assert m.sub_event_type == "Armed clash"
    assert m.actor1.startswith("Military Forces of Benin")
    assert m.actor2 == "Unidentified Armed Group (Benin)"


def test_actors_s11_armed_people_are_their_ethnic_militia(extractor):
    m = _first(extractor, "On 4 May 2021, police clashed with armed Fulani near Kandi, "
                          "Benin.")
    assert m.actor1.startswith("Police Forces of Benin")
    assert m.actor2 == "Fulani Ethnic Militia (Benin)"


def test_actors_s11_people_gunmen_are_their_ethnic_militia(extractor):
    m = _first(extractor, "On 4 May 2021, Fulani gunmen killed a farmer near Kandi, Benin.")
    assert (m.actor1, m.actor2) == ("Fulani Ethnic Militia (Benin)", "Civilians (Benin)")


def test_actors_s11_armed_plural_noun_is_no_people(extractor):
    m = _first(extractor, "On 4 May 2021, armed Islamists killed a farmer near Kandi, Benin.")
    assert "Ethnic Militia" not in m.actor1


def test_actors_s11_arrested_journalists_are_civilians(extractor):
    m = _first(extractor, "On 4 May 2021, police arrested two journalists in Parakou, Benin.")
    assert (m.sub_event_type, m.actor2) == ("Arrests", "Civilians (Benin)")


def test_actors_s11_capitalised_police_after_lowercase_word(extractor):
    m = _first(extractor, "On 4 May 2021, rioters burned tyres in Parakou, Benin, and "
                          "clashed with Police.")
    assert m.actor1 == "Rioters (Benin)"
    assert m.actor2.startswith("Police Forces of Benin")


def test_actors_s11_place_of_a_clash_is_no_victim(extractor):
    m = _first(extractor, "On 4 May 2021, rival Maasai groups clashed at a farm near "
                          "Narok, Kenya.")
    assert m.sub_event_type != "Attack" and not m.actor2.startswith("Civilians")


def test_actors_s11_air_strike_on_a_building_has_no_victims(extractor):
    m = _first(extractor, "On 4 May 2021, an air strike destroyed a mosque in Kunduz, "
                          "Afghanistan. No casualties were reported.")
    assert m.actor2 == ""
