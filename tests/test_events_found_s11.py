"""Events a coder finds that the rules missed, read as classes of English (session 11): a
verb phrase split by its object ("set a man alight", "shot two traders dead"), a note's
only verb that the parser read as a participle of its object ("youths vandalised
vehicles"), a passive verb that shares its subject with the verb before it ("gathered ...
and were dispersed by police"), an act that went on ("continued their sit-in"), and armed
men who intercept a vehicle (looting). Invented one-line reports."""

from __future__ import annotations

import pytest

from conftest import subtypes_of as _subs


@pytest.mark.parametrize(("text", "sub"), [
    ("On 3 May 2021, villagers in Kakamega set a suspected cattle thief alight.", "Mob violence"),
    ("On 3 May 2021, gunmen shot two shopkeepers dead in Garissa.", "Attack"),
    ("On 3 May 2021, unknown attackers gunned him down outside his shop in Garissa.", "Attack"),
])
def test_events_found_verb_phrase_split_by_its_object(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_found_split_phrase_needs_only_the_object_in_between(extractor) -> None:
    # the words between "set" and "alight" are more than its object: no phrase
    assert "Mob violence" not in _subs(
        extractor, "On 3 May 2021, the elders set the meeting for Friday after the lamps were "
                   "alight in Kakamega.")


def test_events_found_note_verb_read_as_a_participle(extractor) -> None:
    assert _subs(extractor, "Youths at the junction vandalised vehicles.") != []
    # with a verb of its own, a participle before a noun still only describes it
    assert "Looting/property destruction" not in _subs(
        extractor, "On 3 May 2021, police in Nyeri towed away vandalised matatus.")


def test_events_found_passive_verb_shares_the_subject_before_it(extractor) -> None:
    subs = _subs(extractor, "On 4 May 2021, traders camped outside the county offices in "
                            "Kisumu and were dispersed by police.")
    assert subs[:1] == ["Protest with intervention"]


def test_events_found_act_that_went_on(extractor) -> None:
    assert _subs(extractor, "On 5 May 2021, nurses continued their sit-in outside the "
                            "referral hospital in Kisumu.")[:1] == ["Peaceful protest"]
    # going on in the future or as a habit is no report
    assert _subs(extractor, "Nurses say they will continue their sit-in outside the referral "
                            "hospital in Kisumu.") == []


def test_events_found_armed_men_intercept_a_vehicle(extractor) -> None:
    assert _subs(extractor, "On 6 May 2021, suspected militants intercepted a lorry near "
                            "Djibo.")[:1] == ["Looting/property destruction"]
    # a force that stops a vehicle loots nothing
    assert "Looting/property destruction" not in _subs(
        extractor, "On 6 May 2021, customs officers intercepted a lorry near Djibo.")
