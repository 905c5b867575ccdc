"""ACLED typing of common event words, read as general codebook rules: blast words and
inflected phrases, bombs that are planted (not dropped), mortars fired with small arms,
seizures of things or people (not ground), natural and accidental harm, mobs, animals
killed, and protests that escalate later in their paragraph. Invented one-line reports."""

from __future__ import annotations

import pytest

from conftest import subtypes_of as _subs
from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(packaged_actor_files())


@pytest.mark.parametrize(("text", "sub"), [
    ("On 3 May 2021, suicide bombers struck a police post in Mardan.", "Suicide bomb"),
    ("On 4 May 2021, two car bombs went off near a market in Kandahar.",
     "Remote explosive/landmine/IED"),
    ("On 5 May 2021, a blast tore through a bus station in Peshawar, killing six.",
     "Remote explosive/landmine/IED"),
    ("On 6 May 2021, an explosion hit a checkpoint in Jalalabad.",
     "Remote explosive/landmine/IED"),
    ("On 7 May 2021, unknown gunmen assassinated a local chief in Garissa.", "Attack"),
    ("On 8 May 2021, Taliban fighters pounded army positions in Kunduz.",
     "Shelling/artillery/missile attack"),
])
def test_events_common_event_words_and_inflected_phrases(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_planted_bomb_is_no_air_strike(extractor) -> None:
    planted = _subs(extractor, "On 9 May 2021, a bomb planted under a car exploded in "
                               "Kandahar, killing two civilians.")
    assert planted[:1] == ["Remote explosive/landmine/IED"]
    dropped = _subs(extractor, "On 9 May 2021, the air force bombed militant hideouts in Kunar.")
    assert dropped[:1] == ["Air/drone strike"]


def test_events_mortars_fired_with_small_arms_are_a_clash(extractor) -> None:
    both = _subs(extractor, "On 10 May 2021, militants fired mortars and small arms at an "
                            "army base in Ghazni.")
    assert both[:1] == ["Armed clash"]
    alone = _subs(extractor, "On 10 May 2021, militants fired mortars at an army base in Ghazni.")
    assert alone[:1] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(("text", "subs"), [
    ("On 11 May 2021, police seized 40 rifles and ammunition in Mombasa.",
     ["Disrupted weapons use"]),
    ("On 12 May 2021, gunmen seized 50 head of cattle in Turkana.",
     ["Looting/property destruction"]),
    ("On 13 May 2021, police captured a suspected gang member in Eldoret.", ["Arrests"]),
    ("On 14 May 2021, the government expelled two diplomats from Nairobi.", []),
    ("On 15 May 2021, police seized 20 kilograms of heroin in Mombasa.", []),
])
def test_events_seizures_of_things_or_people_are_no_capture_of_ground(
        extractor, text, subs) -> None:
    assert _subs(extractor, text) == subs


@pytest.mark.parametrize("text", [
    "On 16 May 2021, an earthquake killed 30 people in Herat.",
    "On 17 May 2021, a gas cylinder explosion killed five workers at a factory in Lagos.",
    "On 18 May 2021, twelve people were killed in floods in Kisumu.",
])
def test_events_natural_or_accidental_harm_is_no_event(extractor, text) -> None:
    assert _subs(extractor, text) == []


def test_events_mob_and_animals(extractor) -> None:
    assert _subs(extractor, "On 19 May 2021, residents lynched a suspected thief in "
                            "Kisumu.")[:1] == ["Mob violence"]
    assert _subs(extractor, "On 20 May 2021, a crowd of youths beat a man to death in "
                            "Nakuru.")[:1] == ["Mob violence"]
    assert _subs(extractor, "On 21 May 2021, farmers killed six oxen belonging to herders "
                            "in Bassila.")[:1] == ["Looting/property destruction"]


@pytest.mark.parametrize(("later", "sub"), [
    ("The march ended peacefully.", "Peaceful protest"),
    ("Police fired tear gas to disperse the crowd.", "Protest with intervention"),
    ("Some protesters threw stones at the police.", "Violent demonstration"),
    ("Police opened fire on the crowd and killed two protesters.",
     "Excessive force against protesters"),
])
def test_events_protest_takes_the_most_severe_form_of_its_paragraph(
        extractor, later, sub) -> None:
    text = f"On 22 May 2021, students marched in Nairobi against higher fees. {later}"
    assert _subs(extractor, text)[:1] == [sub]


def test_events_protest_escalation_stays_in_its_paragraph(extractor) -> None:
    text = ("On 22 May 2021, students marched in Nairobi against higher fees.\n\n"
            "In another case, police fired tear gas at a crowd in Kisumu.")
    assert _subs(extractor, text)[:1] == ["Peaceful protest"]
