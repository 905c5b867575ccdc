"""ACLED roles of session 10, on invented notes: Arbaki are the pro-government militia;
soldiers who riot or mutiny are the rioters, not a force that met them, and neither is
a police post the crowd burned; a force that defused a device is actor1 and the group
suspected of planting it actor2; a coder's "Arrests:" label reads the arrest from the
verb of the note; another mention of a force that suffered ("a police commander") does
not make it the attacker; "an army unit" is the state's forces."""

from __future__ import annotations

from conftest import earliest_mention as _first


def test_actors_s10_arbaki_are_the_pro_government_militia(extractor):
    m = _first(extractor, "On 4 May 2019, two Arbaki were killed when Taliban fighters "
                          "attacked their checkpoint in Chahar Bolak district, Balkh.")
    assert (m.actor1, m.actor2) == ("Taliban", "Militia (Afghanistan)")


def test_actors_s10_soldiers_who_riot_are_no_actor2(extractor):
    m = _first(extractor, "On 12 April 2021, soldiers rioted in the streets of Kaya, "
                          "Burkina Faso, over unpaid allowances.")
    assert m.sub_event_type == "Violent demonstration"
    assert m.actor1 == "Rioters (Burkina Faso)" and m.actor2 == ""


def test_actors_s10_riot_police_who_met_rioters_stay_actor2(extractor):
    m = _first(extractor, "On 12 April 2021, students rioted in Kaya, Burkina Faso, and "
                          "riot police fired tear gas at them.")
    assert m.actor2.startswith("Police Forces of Burkina Faso")


def test_actors_s10_police_post_burned_by_rioters_is_no_actor2(extractor):
    m = _first(extractor, "On 2 June 2021, angry youths rioted in Dori, Burkina Faso, and "
                          "burned the police post after a motorcyclist died in custody.")
    assert m.sub_event_type == "Violent demonstration"
    assert m.actor2 == ""


def test_actors_s10_defusing_force_then_suspected_planter(extractor):
    m = _first(extractor, "On 9 March 2020, soldiers defused an explosive device on the "
                          "road near Djibo, Burkina Faso. The device was probably planted "
                          "by JNIM militants.")
    assert m.sub_event_type == "Disrupted weapons use"
    assert m.actor1.startswith("Military Forces of Burkina Faso")
    assert m.actor2 == "JNIM: Group for Support of Islam and Muslims"


def test_actors_s10_army_unit_is_the_state_forces(extractor):
    m = _first(extractor, "On 3 May 2021, an army unit dismantled a bomb near Dori, "
                          "Burkina Faso.")
    assert m.actor1.startswith("Military Forces of Burkina Faso")


def test_actors_s10_arrest_label_reads_the_arrest_verb(extractor):
    m = _first(extractor, "Arrests: On 14 May 2021, police in Kisumu arrested Peter "
                          "Otieno, a local councillor, over a land dispute.")
    assert m.sub_event_type == "Arrests"
    assert (m.actor1, m.actor2) == ("Police Forces of Kenya", "Civilians (Kenya)")


def test_actors_s10_force_named_twice_as_harmed_is_the_victim(extractor):
    m = _first(extractor, "On 8 June 2020, four policemen were killed and a police "
                          "commander was wounded by a roadside bomb in Arghandab district, "
                          "Kandahar.")
    assert m.actor2.startswith("Police Forces of Afghanistan")
    assert not m.actor1.startswith("Police Forces")
