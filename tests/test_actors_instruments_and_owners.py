"""Who acted, when the sentence names the doer only through what it used or owned: the
tool hung on the object ("attacked a convoy with explosives"), a possessive pronoun
("its aircraft struck", after "the army said"), and a force's aircraft ("a military
jet bombed"). Sentences written for these tests."""

from __future__ import annotations

import pytest

from conftest import first_mention as _one
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


def test_actors_tool_on_the_object_keeps_the_attacker_first(extractor):
    # the victims come first and the explosives hang on "convoy": the group that
    # attacked is still actor1, the army whose soldiers died actor2
    m = _one(extractor, "Two soldiers were killed and three wounded when FARC dissidents "
                        "attacked an army patrol with explosives in Suarez, Cauca department, "
                        "on 1 June 2021, the army said.")
    assert "FARC" in m.actor1
    assert m.actor2.startswith("Military Forces of Colombia")


def test_actors_tool_on_the_object_without_a_doer_names_nobody_new(extractor):
    # no subject above the tool: nothing is invented from the climb
    m = _one(extractor, "An army convoy was hit with explosives near Dhobley, Somalia, on "
                        "1 June 2021, killing three soldiers.")
    assert m.actor2.startswith("Military Forces of Somalia") or m.actor1.startswith(
        "Military Forces of Somalia")
    assert "Al Shabaab" not in (m.actor1 + m.actor2)


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    ("The Ethiopian army said its drones struck Fano positions near Bahir Dar on 1 June 2021.",
     "Military Forces of Ethiopia", "Fano"),
    ("M23 said on 1 June 2021 that their fighters had seized the town of Rubaya, in North "
     "Kivu.", "M23", ""),
])
def test_actors_possessive_pronoun_doer_is_the_speaker(extractor, text, actor1, actor2):
    m = _one(extractor, text)
    assert m.actor1.startswith(actor1)
    assert not actor2 or m.actor2.startswith(actor2)


def test_actors_military_aircraft_is_the_state_force_that_acted(extractor):
    m = _one(extractor, "A military helicopter fired rockets at a market in Kutum, North "
                        "Darfur, Sudan, on 1 June 2021, killing six traders.")
    assert m.actor1.startswith("Military Forces of Sudan")
    assert m.actor2.startswith("Civilians")


def test_actors_army_vehicle_is_still_the_side_that_suffered(extractor):
    # an asset, not an aircraft: the army's vehicle was hit, the army did not act
    m = _one(extractor, "A roadside bomb struck an army vehicle near Djibo, Burkina Faso, on "
                        "1 June 2021, killing four soldiers.")
    assert m.actor2.startswith("Military Forces of Burkina Faso")
    assert not m.actor1.startswith("Military Forces of Burkina Faso")


def test_actors_civilian_word_inside_a_group_name_is_no_victim(extractor):
    # "People's" is part of the armed group's name: a clash, not an attack on civilians
    m = _one(extractor, "Soldiers clashed with Kachin Independence Army and People's "
                        "Defence Force fighters near Hpakant, Kachin State, Myanmar, on "
                        "1 June 2021, leaving four fighters dead.")
    assert m.sub_event_type == "Armed clash"
    assert not m.actor2.startswith("Civilians")


def test_actors_raid_on_an_armed_groups_camp_is_no_attack_on_civilians(extractor):
    m = _one(extractor, "The army said it raided a separatist camp near Kumba, South-West "
                        "region, Cameroon, on 1 June 2021, killing four fighters.")
    assert m.sub_event_type != "Attack"
    assert not m.actor2.startswith("Civilians")


def test_actors_the_group_refers_back_and_is_no_mob(extractor):
    m = _one(extractor, "The group claimed to have killed 15 soldiers near Dhobley, Somalia, "
                        "on 1 June 2021.")
    assert m.sub_event_type not in {"Mob violence", "Violent demonstration"}
    assert not m.actor1.startswith("Rioters")


def test_actors_common_noun_alias_of_another_countrys_actor_is_not_it(extractor):
    # "local militias" is an alias of an Afghan actor; in Nigeria it is not that actor
    m = _one(extractor, "Bandits killed six members of local militias near Gusau, Zamfara "
                        "State, Nigeria, on 1 June 2021.")
    assert "Afghanistan" not in m.actor1 + m.actor2
