"""Rules found by probing sitrep with invented wire stories and situation reports
(session 13): a later sentence that sets the story's day ("The attack took place on
Monday near X"), a new side acting right after an event, a place named before ("the
city"), one-sentence paragraphs of one story, datelines naming a country, killing verbs
that say nothing of the victims, police and rank nouns, "another man", strikes made by a
state, and stray admin2 rows of the world gazetteer. Invented sentences."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import earliest_mention, news_mentions
from sitrep.extract.quantities import find_casualties

_PUBLISHED = date(2024, 3, 9)  # a Saturday: "Tuesday" is 5 March


def _all(extractor, text: str) -> list:
    return news_mentions(extractor, text, _PUBLISHED)


def _first(extractor, text: str):
    return earliest_mention(extractor, text, _PUBLISHED)


def _at(extractor, text: str, words: str):
    """The mention whose quote holds ``words``."""
    found = [m for m in _all(extractor, text) if words in m.evidence]
    assert found, (words, [m.evidence for m in _all(extractor, text)])
    return found[0]


def _killed(text: str) -> int:
    return sum(c.low or 0 for c in find_casualties(text) if c.kind == "killed" and not c.subset)


# --------------------------------------------------------------------------- dates, places

_SAID_LATER = ("BAMAKO, Mali — Eleven Malian soldiers were killed in an ambush by "
               "jihadists on an army convoy, the armed forces said on Thursday.\n\n"
               "The ambush took place on Tuesday near the village of Diafarabe in the "
               "Mopti region, the statement said.")


def test_events_later_sentence_sets_the_storys_own_day(extractor) -> None:
    m = _first(extractor, _SAID_LATER)
    assert m.event_date == date(2024, 3, 5)  # Tuesday, not Thursday's statement
    assert m.fatalities == 11
    follow = _at(extractor, _SAID_LATER, "The ambush took place")
    assert "follow-up" in follow.flags and follow.event_date == date(2024, 3, 5)


def test_events_later_sentence_sets_the_place_of_a_dateline_story(extractor) -> None:
    m = _first(extractor, _SAID_LATER)
    assert m.place is not None and m.place.admin1 == "Mopti"


def test_events_a_date_of_another_noun_does_not_move_the_story(extractor) -> None:  # guard
    text = ("On 8 March 2021, herders attacked a farming camp in Kerou, Atacora, killing "
            "three people. The raid was revenge for the killing of a herder on 6 March.")
    assert _first(extractor, text).event_date == date(2021, 3, 8)


def test_events_new_side_acting_after_the_event_is_its_own_event(extractor) -> None:
    text = ("On 2 March 2024, separatist fighters attacked a gendarmerie post in Kumbo, "
            "Bui, killing three gendarmes. The army later raided the area, burning "
            "several houses.")
    raid = _at(extractor, text, "The army later raided")
    assert "follow-up" not in raid.flags
    assert raid.actor1.startswith("Military Forces of Cameroon")
    assert raid.place is not None and raid.place.name == "Kumbo"


def test_events_warplanes_after_a_capture_are_an_air_strike_of_their_own(extractor) -> None:
    text = ("Rebels captured several districts of Aleppo on Friday, a monitor said. "
            "Russian warplanes struck rebel positions near the city, killing at least "
            "eleven fighters, the monitor said.")
    strike = _at(extractor, text, "Russian warplanes")
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.actor1.startswith("Military Forces of Russia")
    assert strike.place is not None and strike.place.admin1 == "Aleppo"
    assert "place-from-anaphora" in strike.flags
    assert strike.fatalities == 11


def test_events_the_city_is_not_where_the_force_set_out_from(extractor) -> None:
    text = ("Insurgents entered Aleppo on Friday after an offensive from their bases in "
            "Idlib. They captured several districts in the west of the city, a monitor said.")
    capture = _at(extractor, text, "captured several districts")
    assert capture.place is not None and capture.place.admin1 == "Aleppo"


def test_events_the_town_is_where_the_story_happened(extractor) -> None:
    text = ("GOMA, Congo — Rebels seized the town of Sake, west of Goma, on Tuesday after "
            "fighting with the army.\n\nAt least nine civilians were killed when shells "
            "hit a school on the edge of the town, a local official said.")
    shells = _at(extractor, text, "shells hit a school")
    assert shells.location == "Sake"


def test_events_one_sentence_paragraphs_keep_the_storys_place(extractor) -> None:
    text = ("MOGADISHU (Reuters) - Militants stormed a hotel in Mogadishu late on Friday, "
            "killing at least 20 people, police said.\n\n"
            "Security forces killed all four attackers by Saturday morning, police said.")
    later = _at(extractor, text, "Security forces killed")
    assert later.place is not None and later.place.admin1 == "Banadir"
    assert later.fatalities == 4


def test_events_separately_takes_no_place_from_the_story(extractor) -> None:
    text = ("MOGADISHU (Reuters) - Militants stormed a hotel in Mogadishu late on Friday, "
            "killing at least 20 people, police said.\n\n"
            "Separately, soldiers killed three fighters, the army said.")
    later = _at(extractor, text, "Separately")
    assert later.location != "Mogadishu"


def test_events_harm_after_a_looting_belongs_to_the_looting(extractor) -> None:
    text = ("On 3 March 2024, gunmen shelled a village in Jonglei, killing four people.\n\n"
            "On 5 March 2024, RSF fighters looted the market of Sennar town and burned "
            "shops. Two traders were shot dead when they resisted.")
    harm = _at(extractor, text, "Two traders")
    assert harm.event_date == date(2024, 3, 5)
    assert harm.location != "Jonglei"


def test_events_the_bomb_was_detonated_tells_more_of_the_blast(extractor) -> None:
    text = ("KABUL, Afghanistan (AP) — A bomb attached to a car exploded in Herat on "
            "Thursday, killing two people, police said.\n\nA police spokesman said the "
            "bomb was detonated remotely.")
    later = _at(extractor, text, "detonated remotely")
    assert "follow-up" in later.flags
    assert later.place is not None and later.place.admin1 == "Herat"


def test_events_no_group_claimed_the_attack_is_no_fight_between_the_suspects(
        extractor) -> None:
    text = ("Gunmen killed nine soldiers at a post near Tillaberi, Niger on Monday. No "
            "group claimed the attack, but both JNIM and the Islamic State operate in "
            "the area.")
    found = _all(extractor, text)
    assert not any("JNIM" in m.actor2 or "JNIM" in m.actor1 for m in found)


# --------------------------------------------------------------------------- actors, types

def test_actors_dateline_country_is_no_attacker(extractor) -> None:
    m = _first(extractor, "QUETTA, Pakistan — Separatist militants blew up a railway "
                          "line and attacked a passenger train on Tuesday, killing four "
                          "people, officials said.")
    assert not m.actor1.startswith("Military Forces of Pakistan")


def test_actors_a_victim_named_after_including_is_no_attacker(extractor) -> None:
    m = _first(extractor, "A bomb exploded in Kunduz on Thursday, killing three people "
                          "including a local Taliban commander, police said.")
    assert m.actor1 != "Taliban"


@pytest.mark.parametrize("victims, sub", [
    ("three soldiers", "Armed clash"),
    ("two police officers", "Armed clash"),
    ("a trader", "Attack"),
])
def test_events_shot_dead_is_typed_by_who_was_killed(extractor, victims: str, sub: str) -> None:
    m = _first(extractor, f"Gunmen shot dead {victims} in Kano on Monday.")
    assert m.sub_event_type == sub


def test_actors_constables_are_the_police(extractor) -> None:
    m = _first(extractor, "Suspected militants killed two constables at a checkpoint in "
                          "Imphal, Manipur on Monday.")
    assert m.actor2 == "Police Forces of India"
    assert m.fatalities == 2


@pytest.mark.parametrize("text, expected", [
    ("A drone strike killed a commander and another man near Tyre.", 2),
    ("Rebels shot dead three troopers and a sergeant.", 4),
    ("Troops killed all five attackers.", 5),
    ("The army said it eliminated 14 terrorists near Kidal.", 14),
])
def test_quantities_more_person_words(text: str, expected: int) -> None:
    assert _killed(text) == expected


def test_quantities_another_in_a_new_clause_is_no_added_death() -> None:  # guard
    assert _killed("Gunmen killed two soldiers and another was wounded.") == 2


@pytest.mark.parametrize("text", [
    "An Israeli strike on a car near Tyre killed two men on Wednesday.",
    "The air force carried out strikes on rebel positions near El Fasher on Friday.",
])
def test_events_a_states_strike_is_an_air_strike(extractor, text: str) -> None:
    assert _first(extractor, text).sub_event_type == "Air/drone strike"


@pytest.mark.parametrize("text", [
    "Teachers went on strike on Monday in Nairobi.",
    "Dock workers held a strike against the new tax in Mombasa on Monday.",
])
def test_events_a_labour_strike_stays_a_protest(extractor, text: str) -> None:  # guard
    assert _first(extractor, text).event_type == "Protests"


# --------------------------------------------------------------------------- gazetteer

def test_geo_a_districts_stray_rows_do_not_move_it(extractor) -> None:
    m = _first(extractor, "Soldiers clashed with communist rebels in Negros Occidental "
                          "province, Philippines on Saturday.")
    assert m.place is not None and m.place.admin1 == "Western Visayas"


def test_geo_capital_of_a_state_is_not_the_nations_capital(extractor) -> None:
    text = ("Shelling killed eight people in El Fasher, the capital of Sudan's North Darfur "
            "state, on Friday.")
    m = _first(extractor, text)
    assert m.place is not None and m.place.admin1 == "North Darfur"
    doc = extractor.nlp(text)
    assert "Khartoum" not in {s._.place.admin1 for s in doc.spans["places"]}


def test_actors_a_demonym_with_air_strikes_is_the_attacker(extractor) -> None:
    m = _first(extractor, "Russian air strikes killed at least 14 people in Kharkiv on "
                          "Sunday, officials said.")
    assert m.actor1.startswith("Military Forces of Russia")
    assert not m.actor2.startswith("Military Forces of Russia")


def test_timex_days_after_another_named_event_dates_nothing(extractor) -> None:
    text = ("BOGOTA, Colombia — Rebels attacked a police station in Jamundi, Valle del "
            "Cauca, early on Tuesday, wounding four officers, police said.\n\n"
            "The attacks came a day after President Gustavo Petro suspended peace talks.")
    later = _at(extractor, text, "The attacks came")
    assert later.event_date == date(2024, 3, 5)  # Tuesday's, not the day after it


def test_events_livestock_shot_dead_is_property_destroyed(extractor) -> None:
    m = _first(extractor, "On 3 May 2020, gunmen shot dead 30 cattle in Yalle (Bieha, "
                          "Sissili).")
    assert m.sub_event_type == "Looting/property destruction"
