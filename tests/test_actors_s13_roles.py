"""ACLED roles of session 13, on invented notes: a hedge the parser takes for a verb
("presumed X militants") leaves X the attacker; "Claimed by X.", "X are the suspected
perpetrators" and "gunmen believed to be X" name the perpetrator; a police unit named as
such ("GSU officers") is written after the police; livestock raiders of no named people
are an unidentified ethnic militia; "Pakistani and Indian troops" are two forces, partners
unless they fought each other; a force named in what a crowd protests did not meet it."""

from __future__ import annotations

import pytest

from conftest import earliest_mention as _first
from sitrep.nlp.actors import ActorRegistry


def test_actors_s13_hedge_before_a_group_leaves_it_the_attacker(extractor):
    m = _first(extractor, "On 4 March 2021, presumed ISGS militants killed a herder near "
                          "Dori, Burkina Faso.")
    assert m.actor1 == "Islamic State (Sahel)"
    assert m.actor2 == "Civilians (Burkina Faso)"


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 March 2021, a military truck hit a landmine near Dori, Burkina Faso, wounding "
     "three soldiers. Claimed by JNIM on 6 March.",
     "JNIM: Group for Support of Islam and Muslims"),
    ("On 4 March 2021, a teacher died after his car hit an explosive device near Mandera, "
     "Kenya. Al Shabaab are the suspected perpetrators.", "Al Shabaab"),
])
def test_actors_s13_perpetrator_named_after_the_attack(extractor, text, actor1):
    assert _first(extractor, text).actor1 == actor1


def test_actors_s13_gunmen_believed_to_be_a_group_are_that_group(extractor):
    m = _first(extractor, "On 4 March 2021, two traders were kidnapped at a market in Wajir, "
                          "Kenya, by gunmen believed to be Al Shabaab fighters.")
    assert m.actor1 == "Al Shabaab"
    assert m.actor2 == "Civilians (Kenya)"


def test_actors_s13_police_unit_named_by_its_initials(extractor):
    m = _first(extractor, "On 4 March 2021, GSU officers fired tear gas at protesters in "
                          "Nairobi, Kenya.")
    assert m.actor2 == "Police Forces of Kenya General Service Unit"
    reg = ActorRegistry.load()
    assert reg.without_unit(m.actor2) == "Police Forces of Kenya"


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 March 2021, raiders from Uganda attacked a village near Lokiriama, Kenya, killing "
     "two herders.", "Unidentified Ethnic Militia"),
    ("On 4 March 2021, armed cattle rustlers attacked villagers near Baringo, Kenya, killing "
     "one.", "Unidentified Ethnic Militia (Kenya)"),
    ("On 4 March 2021, Turkana raiders attacked a village near Lodwar, Kenya, killing three "
     "residents.", "Turkana Ethnic Militia (Kenya)"),
])
def test_actors_s13_livestock_raiders_are_an_ethnic_militia(extractor, text, actor1):
    assert _first(extractor, text).actor1.startswith(actor1)


def test_actors_s13_two_demonyms_before_one_force_noun_fighting_each_other(extractor):
    m = _first(extractor, "On 4 March 2021, Pakistani and Indian troops exchanged fire "
                          "across the Line of Control in Kupwara.")
    sides = sorted(n.split(" (")[0] for n in (m.actor1, m.actor2))
    assert sides == ["Military Forces of India", "Military Forces of Pakistan"]


def test_actors_s13_two_demonyms_before_one_force_noun_are_partners(extractor):
    m = _first(extractor, "On 2 June 2021, Burkinabe and Nigerien forces attacked ISGS "
                          "militants near Tin-Akoff, Burkina Faso, killing 12.")
    assert m.actor1.startswith("Military Forces of Burkina Faso")
    assert m.actor2 == "Islamic State (Sahel)"


def test_actors_s13_first_demonym_of_a_police_pair_is_police(extractor):
    m = _first(extractor, "On 4 March 2021, Kenyan and Ugandan police arrested 12 cattle "
                          "rustlers near the border at Lokiriama.")
    assert m.actor1 == "Police Forces of Kenya"


@pytest.mark.parametrize("text", [
    "On 21 October 2021, residents of Ruai, Kenya, barricaded a road to protest the army's "
    "closure of a market.",
    "On 21 October 2021, youths in Kisumu, Kenya, burned tyres in protest against the "
    "killing of a man by police.",
    "On 21 October 2021, residents of Utawala, Kenya, barricaded the bypass to protest "
    "soldiers closing the Mihango road.",
])
def test_actors_s13_force_the_crowd_protested_did_not_meet_it(extractor, text):
    m = _first(extractor, text)
    assert m.actor1 == "Rioters (Kenya)"
    assert m.actor2 == ""


def test_actors_s13_force_that_acted_on_the_crowd_still_met_it(extractor):
    m = _first(extractor, "On 21 October 2021, traders in Eldoret, Kenya, protested against "
                          "police harassment; police fired tear gas at the crowd.")
    assert m.actor2 == "Police Forces of Kenya"
