"""More ACLED role rules on invented notes: a state force that acted in a riot met it
(the rioters are actor1, the force actor2), and a force named only as "security forces"
that met a demonstration is the country's police, while "soldiers" stay the army."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(list(packaged_actor_files()))


def _first(extractor, text: str, year: int = 2021):
    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(year, 6, 1), date_source="byline", kind="news")
    mentions = analyse_document(doc, extractor)
    assert mentions, text
    return min(mentions, key=lambda m: m.char_start)


def test_actors_police_acting_in_a_riot_is_actor2(extractor):
    m = _first(extractor, "On 3 May 2021, police used tear gas to scatter youths who kept "
                          "hurling stones at passing cars in Eldoret, Kenya.")
    assert m.event_type == "Riots"
    assert m.actor1.startswith("Rioters")
    assert m.actor2.startswith("Police Forces of Kenya")


def test_actors_police_shooting_during_a_riot_is_actor2(extractor):
    m = _first(extractor, "On 3 May 2021, a student was shot dead by police during a riot "
                          "in Eldoret, Kenya.")
    assert m.event_type == "Riots"
    assert (m.actor1, m.actor2[:22]) == ("Rioters (Kenya)", "Police Forces of Kenya")


def test_actors_security_forces_meeting_a_riot_are_the_police(extractor):
    m = _first(extractor, "On 9 April 2021, traders barricaded the road and set tyres "
                          "alight in Parakou, Benin. Security forces dispersed them "
                          "with tear gas.")
    assert m.event_type == "Riots"
    assert m.actor1.startswith("Rioters")
    assert m.actor2.startswith("Police Forces of Benin")


def test_actors_soldiers_meeting_a_riot_stay_the_army(extractor):
    m = _first(extractor, "On 9 April 2021, traders barricaded the road and set tyres "
                          "alight in Parakou, Benin. Soldiers dispersed them "
                          "with tear gas.")
    assert m.event_type == "Riots"
    assert m.actor2.startswith("Military Forces of Benin")


def test_actors_prison_guards_are_the_country_police(extractor):
    m = _first(extractor, "On 9 October 2021, prison guards chasing an escaped inmate beat "
                          "dozens of residents in Nyeri, Kenya.")
    assert m.actor1.startswith("Police Forces of Kenya")


def test_actors_customs_officers_assaulted_by_residents_are_actor2(extractor):
    m = _first(extractor, "On 9 October 2021, residents assaulted two customs officers who "
                          "had seized smuggled fuel in Seme-Podji, Benin.")
    assert m.actor2.startswith("Police Forces of Benin")


def test_actors_a_kenyan_militia_names_the_country_of_a_placeless_note(extractor):
    # no place: the militia, which operates in Kenya only, says whose police fired back
    m = _first(extractor, "On 9 October 2021, MRC members attacked a police post. "
                          "Police fired back.")
    assert m.actor1 == "MRC: Mombasa Republican Council"
    assert m.actor2.startswith("Police Forces of Kenya")


def test_actors_mungiki_is_its_own_militia(extractor):
    m = _first(extractor, "On 9 October 2021, the Mungiki sect killed two men in Nakuru.")
    assert m.actor1 == "Mungiki Militia"


def test_actors_an_operation_name_is_its_forces(extractor):
    m = _first(extractor, "On 4 May 2020, Operation Barkhane forces carried out an air strike "
                          "near Djibo, Burkina Faso, killing several ISGS militants.")
    assert m.actor1 == "Military Forces of France"
    assert m.actor2 == "Islamic State (Sahel)"


def test_actors_a_group_named_with_its_coalition_in_brackets_is_the_coalition(extractor):
    m = _first(extractor, "On 4 May 2020, suspected Ansaroul Islam (JNIM) fighters abducted "
                          "three traders near Djibo, Burkina Faso.")
    assert m.actor1 == "JNIM: Group for Support of Islam and Muslims"
    m = _first(extractor, "On 4 May 2020, suspected Ansaroul Islam fighters abducted "
                          "three traders near Djibo, Burkina Faso.")
    assert m.actor1 == "Ansaroul Islam"


def test_actors_a_spaced_and_or_still_joins_two_groups(extractor):
    m = _first(extractor, "On 21 March 2019, suspected JNIM and /or ISGS fighters seized two "
                          "herders near Djibo, Burkina Faso.")
    assert m.actor1 == ("JNIM: Group for Support of Islam and Muslims and/or "
                        "Islamic State (Sahel)")


def test_actors_a_group_seen_under_a_coder_label_is_actor1(extractor):
    m = _first(extractor, "Movement of forces: On 3 February 2022, an unidentified armed group "
                          "was spotted on the move near Kandi (Kandi, Alibori).", year=2022)
    assert (m.sub_event_type, m.actor1, m.actor2) == (
        "Change to group/activity", "Unidentified Armed Group (Benin)", "")


def test_actors_a_curfew_with_no_actor_named_is_the_governments(extractor):
    m = _first(extractor, "Security measures: On 9 March 2022, a night curfew took effect "
                          "across Kalale (Kalale, Borgou).", year=2022)
    assert (m.sub_event_type, m.actor1) == ("Change to group/activity", "Government of Benin")
    m = _first(extractor, "Movement of forces: On 9 March 2022, soldiers were spotted on the "
                          "move near Kalale (Kalale, Borgou).", year=2022)
    assert not m.actor1.startswith("Government")
