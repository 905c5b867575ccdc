"""Events told in the short forms of coders' notes and headlines, read as general rules:
hostages taken, present-tense headlines the parser reads as one noun phrase, asides on who
the doers are, attempts and obligations that were carried out, tolls told against the event,
stones thrown, mutinies, property burned or stripped, bans and suspended services. Invented
one-line reports."""

from __future__ import annotations

import pytest

from conftest import subtypes_of as _subs
from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(packaged_actor_files())


@pytest.mark.parametrize(("text", "sub"), [
    ("On 2 June 2021, gunmen took nine farmers hostage near Garissa.",
     "Abduction/forced disappearance"),
    ("On 2 June 2021, pirates seized four sailors as hostages off Lamu.",
     "Abduction/forced disappearance"),
    ("On 14 May 2021, a teacher was held captive by party agents in Kisumu.",
     "Abduction/forced disappearance"),
])
def test_events_found_hostages_taken(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_found_rioters_holding_hostage_still_riot(extractor) -> None:
    subs = _subs(extractor, "On 3 June 2021, pupils rioted at a school in Kisumu and held "
                            "their headmaster hostage.")
    assert subs[:1] == ["Violent demonstration"]


@pytest.mark.parametrize(("text", "sub"), [
    ("Bandits from the hills attack village in Turkana", "Armed clash"),
    ("Clash erupts between police and traders in Kisumu", "Armed clash"),
])
def test_events_found_present_tense_headlines(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_found_noun_compound_with_its_own_verb_is_no_headline(extractor) -> None:
    subs = _subs(extractor, "On 13 May 2021, army attack helicopters struck rebel positions "
                            "near Garissa.")
    assert subs[:1] == ["Air/drone strike"]


@pytest.mark.parametrize(("text", "sub"), [
    ("Gunmen, believed to be bandits, abduct four traders near Mandera.",
     "Abduction/forced disappearance"),
    ("On 16 May 2021, raiders, believed to be herders, attacked a village in Turkana.", "Attack"),
])
def test_events_found_aside_on_the_doers_is_no_hedge(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_found_attempts_and_obligations_carried_out(extractor) -> None:
    assert _subs(extractor, "A guard attempts to assassinate a chief in Garissa on 8 May."
                 )[:1] == ["Attack"]
    done = _subs(extractor, "On 6 May 2021, police had to fire in the air to disperse "
                            "traders in Kisumu.")
    assert done[:1] == ["Protest with intervention"]
    plan = "Police will have to fire in the air if traders return to Kisumu."
    assert _subs(extractor, plan) == []
    assert _subs(extractor, "Militants vowed to retake the town and attack the army post.") == []


def test_events_found_toll_told_against_the_clashes(extractor) -> None:
    subs = _subs(extractor, "On 3 May 2021, ten are dead following clashes between two clans "
                            "in Moyale.")
    assert subs[:1] == ["Armed clash"]


def test_events_found_opinion_after_semicolon_leaves_the_report(extractor) -> None:
    subs = _subs(extractor, "On 7 May 2021, a gunman attacked a family in Garissa, killing one; "
                            "police believe the attack was linked to a land dispute.")
    assert subs[:1] == ["Attack"]


@pytest.mark.parametrize(("text", "sub"), [
    ("On 4 May 2021, residents threw stones at a bus in Kisumu.", "Mob violence"),
    ("On 5 May 2021, mutinying soldiers fired in the air in Kaya.", "Violent demonstration"),
    ("On 15 May 2021, a mob burned two suspected thieves to death in Kisumu.", "Mob violence"),
    ("On 8 May 2021, militants burned a chapel in Djibo.", "Looting/property destruction"),
    ("On 9 May 2021, gunmen stripped passengers of their phones near Djibo.",
     "Looting/property destruction"),
    ("On 12 May 2021, two bodies found dumped near Garissa.", "Attack"),
    ("On 10 May 2021, the government banned all public gatherings in Nairobi.", "Other"),
    ("On 3 May 2021, a grenade attack on a church meeting in Garissa left many casualties.",
     "Grenade"),
])
def test_events_found_more_event_words(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]
