"""ACLED codebook rules for the people an event happened to and crowds that fought, on
sentences written for these tests: victims described by a participial phrase, people
arrested, abductions nobody is named for, crowds that clashed with each other, and
demonstrators whose violence a later sentence or a split phrase tells."""

from __future__ import annotations

import pytest

from conftest import first_mention as _one
from conftest import sentence_mentions as _mentions
from sitrep.extract.quantities import find_casualties
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


@pytest.mark.parametrize(("text", "kind", "figure", "subject"), [
    ("three farmers riding a cart were killed when the mine exploded", "killed", 3, "farmers"),
    ("two nurses returning from the clinic were wounded by gunfire", "wounded", 2, "nurses"),
    ("four guards watching the gate were shot dead", "killed", 4, "guards"),
])
def test_quantities_participial_phrase_after_the_victims_keeps_the_toll(text, kind, figure,
                                                                        subject):
    (cas,) = [c for c in find_casualties(text) if c.kind != "strength"]
    assert (cas.kind, cas.low, cas.subject) == (kind, figure, subject)


def test_quantities_participle_behind_a_comma_is_no_toll():
    # the comma closes the phrase: no passive verb follows the figure's own phrase
    assert not [c for c in find_casualties("five herders grazing cattle, the army said, fled")
                if c.kind in {"killed", "wounded"}]


def test_victims_travelling_civilians_killed_by_a_mine(extractor):
    m = _one(extractor, "On 1 June 2021, two women travelling on a donkey cart were killed "
                        "when a landmine exploded near Djibo.")
    assert m.sub_event_type == "Remote explosive/landmine/IED"
    assert m.fatalities == 2
    assert m.actor2 == "Civilians (Burkina Faso)"


def test_arrests_of_ordinary_people_code_civilians(extractor):
    m = _one(extractor, "On 1 June 2021, gendarmes arrested two shepherds and a trader in Dori.")
    assert m.sub_event_type == "Arrests"
    assert m.actor2 == "Civilians (Burkina Faso)"


def test_arrests_of_suspected_militants_are_not_civilians(extractor):
    m = _one(extractor, "On 1 June 2021, police arrested three suspected militants in Dori.")
    assert m.sub_event_type == "Arrests"
    assert not m.actor2.startswith("Civilians")


def test_arrests_without_a_named_force_are_the_police_of_the_country(extractor):
    m = _one(extractor, "On 1 June 2021, a former mayor was arrested in Parakou.")
    assert m.sub_event_type == "Arrests"
    assert m.actor1 == "Police Forces of Benin"
    assert m.actor2 == "Civilians (Benin)"


def test_abduction_with_no_attacker_named_is_an_unidentified_group(extractor):
    m = _one(extractor, "On 1 June 2021, two teachers were kidnapped near Djibo.")
    assert m.sub_event_type == "Abduction/forced disappearance"
    assert m.actor1 == "Unidentified Armed Group (Burkina Faso)"


def test_abduction_told_after_the_raid_gets_no_second_attacker(extractor):
    found = _mentions(extractor, "On 1 June 2021, Al Shabaab militants raided a police post "
                                 "near Mandera and clashed with the officers. Two police "
                                 "reservists were abducted.")
    assert found[0].actor1 == "Al Shabaab"
    assert not any(m.actor1.startswith("Unidentified Armed Group") for m in found)


@pytest.mark.parametrize("text", [
    "On 1 June 2021, villagers clashed with herders in Kandi after cattle destroyed crops.",
    "On 1 June 2021, rival political groups clashed in Kandi after the vote.",
    "On 1 June 2021, a number of traders fought each other at the market in Kandi.",
])
def test_crowds_that_fought_each_other_are_rioters_on_both_sides(extractor, text):
    m = _one(extractor, text)
    assert m.sub_event_type == "Mob violence"
    assert (m.actor1, m.actor2) == ("Rioters (Benin)", "Rioters (Benin)")


def test_crowds_rival_groups_of_a_named_people_are_no_crowd(extractor):
    m = _one(extractor, "On 1 June 2021, rival Maasai groups clashed over grazing land "
                        "near Narok.")
    assert m.sub_event_type != "Mob violence"


def test_protest_violence_told_by_the_next_sentence_about_them(extractor):
    m = _one(extractor, "On 1 June 2021, youths protested in Nakuru over unemployment. "
                        "They burnt tyres on the highway.")
    assert m.sub_event_type == "Violent demonstration"
    assert m.actor1 == "Rioters (Kenya)"


def test_protest_set_on_fire_with_the_object_between(extractor):
    m = _one(extractor, "On 1 June 2021, students set two police stations on fire in Dori "
                        "to protest the death of a classmate.")
    assert m.sub_event_type == "Violent demonstration"


def test_attempt_that_was_made_is_the_event_attempted(extractor):
    m = _one(extractor, "On 1 June 2021, a crowd tried to lynch a suspected thief in Parakou.")
    assert m.sub_event_type == "Mob violence"
    m = _one(extractor, "On 1 June 2021, militants attempted to abduct a nurse near Djibo.")
    assert m.sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize("text", [
    "On 1 June 2021, militants will try to abduct the nurses of Djibo, a mayor warned.",
    "On 1 June 2021, militants did not attempt to abduct anyone in Djibo.",
])
def test_attempt_planned_or_denied_is_no_event(extractor, text):
    assert not [m for m in _mentions(extractor, text)
                if m.sub_event_type == "Abduction/forced disappearance"]


def test_attempt_in_a_relative_clause_describes_someone(extractor):
    found = _mentions(extractor, "On 1 June 2021, residents beat a stranger who had "
                                 "attempted to abduct a schoolgirl near Parakou.")
    assert found and found[0].sub_event_type != "Abduction/forced disappearance"


def test_protest_road_blocked_by_ordinary_people(extractor):
    m = _one(extractor, "On 1 June 2021, motorcycle riders blocked a road in Kisumu over the "
                        "death of a colleague.")
    assert m.sub_event_type == "Violent demonstration"
    assert not _mentions(extractor, "On 1 June 2021, police blocked the road to the stadium "
                                    "in Kisumu.")


def test_attackers_armed_with_weapons_still_attack(extractor):
    # "armed with" describes the attackers: it is no support given to them
    m = _one(extractor, "On 1 June 2021, a group of herders armed with machetes attacked and "
                        "wounded a farmer near Kandi.")
    assert m.sub_event_type == "Attack"
    assert m.actor2 == "Civilians (Benin)"


def test_protest_police_dispersed_supporters(extractor):
    m = _one(extractor, "On 1 June 2021, police dispersed opposition supporters in Kisumu.")
    assert m.sub_event_type == "Protest with intervention"
    assert m.actor2 == "Police Forces of Kenya"


def test_crowds_stoning_is_mob_violence_unless_they_protest(extractor):
    m = _one(extractor, "On 1 June 2021, residents stoned a police vehicle in Kandi.")
    assert m.sub_event_type == "Mob violence"
    m = _one(extractor, "On 1 June 2021, students blocked streets in Kisumu and stoned "
                        "motorists to protest higher fees.")
    assert m.sub_event_type == "Violent demonstration"


def test_attack_during_a_meeting_is_no_talk(extractor):
    m = _one(extractor, "On 1 June 2021, a suicide bomber blew himself up inside the town hall "
                        "of Baidoa during a security meeting.")
    assert m.sub_event_type == "Suicide bomb"
    assert not [m for m in _mentions(extractor, "On 1 June 2021, the two sides engaged in talks "
                                                "in Baidoa.") if m.event_type == "Battles"]


def test_protest_force_that_intervened_to_disperse_did_disperse(extractor):
    m = _one(extractor, "On 1 June 2021, opponents of the new chief gathered in front of the "
                        "palace in Kandi. Police intervened to disperse the crowd.")
    assert m.sub_event_type == "Protest with intervention"
    assert m.actor2 == "Police Forces of Benin"


def test_actors_joint_attackers_are_not_each_others_opponent(extractor):
    # "A and/or B militants": one suspected attacker, so B is not the other side
    m = _one(extractor, "On 1 June 2021, presumed JNIM and/or ISGS fighters attacked the "
                        "market town of Gorom-Gorom.")
    assert m.actor1.startswith("JNIM") and " and/or " in m.actor1
    assert "Islamic State" not in m.actor2


def test_actors_the_assailants_are_the_group_named_before(extractor):
    found = _mentions(extractor, "On 1 June 2021, presumed JNIM and/or ISGS fighters "
                                 "attacked the market town of Gorom-Gorom. The assailants "
                                 "shot seven people dead and wounded four others.")
    attack = [m for m in found if m.sub_event_type == "Attack"]
    assert attack and attack[0].actor1.startswith("JNIM")


@pytest.mark.parametrize(("text", "figures"), [
    ("A vigilante killed a rider near the market.", [("killed", 1, "rider")]),
    ("Two soldiers killed in ambush", [("killed", 2, "soldiers")]),
    ("a gunman killed three passersby", [("killed", 3, "passersby")]),
])
def test_quantities_a_bare_past_form_with_an_object_is_active(text, figures):
    # "X killed a rider" is the rider's death, not X's (a headline's "X killed" is)
    assert [(c.kind, c.low, c.subject) for c in find_casualties(text)
            if c.kind != "strength"] == figures


def test_victims_people_of_any_trade_are_civilians(extractor):
    m = _one(extractor, "On 1 June 2021, gunmen shot dead a shop owner outside his house "
                        "near Tanguieta.")
    assert m.sub_event_type == "Attack"
    assert m.actor2 == "Civilians (Benin)"


def test_abduction_with_a_killing_is_an_attack_with_its_toll(extractor):
    m = _one(extractor, "On 1 June 2021, suspected militants abducted and executed a former "
                        "councillor near Diapaga.")
    assert m.sub_event_type == "Attack"
    assert m.fatalities == 1
    m = _one(extractor, "On 1 June 2021, two traders were kidnapped and killed near Diapaga.")
    assert (m.sub_event_type, m.fatalities) == ("Attack", 2)
    m = _one(extractor, "On 1 June 2021, suspected militants abducted a councillor near Diapaga.")
    assert m.sub_event_type == "Abduction/forced disappearance"


def test_disrupted_devices_uncovered_before_use(extractor):
    m = _one(extractor, "On 1 June 2021, several IEDs were uncovered by soldiers near Djibo.")
    assert m.sub_event_type == "Disrupted weapons use"


def test_crowds_capturing_suspected_thieves_is_mob_violence(extractor):
    m = _one(extractor, "On 1 June 2021, angry residents seized three suspected cattle "
                        "thieves near Tchaourou.")
    assert m.sub_event_type == "Mob violence"
    m = _one(extractor, "On 1 June 2021, gunmen seized two herders near Tchaourou.")
    assert m.sub_event_type == "Abduction/forced disappearance"
    m = _one(extractor, "On 1 June 2021, militants captured the town of Tchaourou.")
    assert m.sub_event_type == "Non-state actor overtakes territory"
