"""ACLED codebook rules for who fought and what kind of violence it was, on sentences
written for these tests: named peoples and clans as identity militias, popular justice as
mob violence, demonstrators who turn violent, warning shots, victims of coordinated verbs."""

from __future__ import annotations

import pytest

from conftest import first_mention as _one
from conftest import sentence_mentions as _mentions
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


def test_actors_named_people_before_raiders_is_its_ethnic_militia(extractor):
    m = _one(extractor, "On 1 June 2021, Turkana raiders killed three herders near Lodwar, "
                        "Kenya, and drove away their cattle.")
    assert m.actor1 == "Turkana Ethnic Militia (Kenya)"


def test_actors_two_clans_that_clash_are_both_sides(extractor):
    m = _one(extractor, "On 1 June 2021, Nuer and Dinka clans clashed near Bor, South Sudan.")
    assert {m.actor1, m.actor2} == {"Nuer Ethnic Militia (South Sudan)",
                                    "Dinka Ethnic Militia (South Sudan)"}


def test_actors_descriptive_words_and_demonyms_name_no_people(extractor):
    for text in ("On 1 June 2021, armed raiders killed two herders near Lodwar, Kenya.",
                 "On 1 June 2021, Kenyan raiders killed two herders near Lodwar, Kenya.",
                 "On 1 June 2021, Suspected raiders killed two herders near Lodwar, Kenya."):
        m = _one(extractor, text)
        # raiders of no named people are ACLED's "Unidentified Ethnic Militia" (session 13);
        # the descriptive word or demonym must not be taken for a people's name
        named = m.actor1.replace("Unidentified Ethnic Militia", "")
        assert "Ethnic Militia" not in named, text


def test_events_crowd_beating_a_suspected_thief_is_mob_violence(extractor):
    m = _one(extractor, "On 1 June 2021, a group of residents beat a suspected goat thief to "
                        "death in Kitale, Kenya.")
    assert (m.sub_event_type, m.actor1) == ("Mob violence", "Rioters (Kenya)")
    m = _one(extractor, "On 1 June 2021, a man accused of witchcraft was beaten to death in "
                        "Kisumu, Kenya.")
    assert (m.sub_event_type, m.actor1) == ("Mob violence", "Rioters (Kenya)")


def test_events_state_force_killing_a_suspect_stays_an_attack(extractor):
    m = _one(extractor, "On 1 June 2021, police shot dead a suspected robber in Nairobi, Kenya.")
    assert m.sub_event_type == "Attack"
    assert m.actor1.startswith("Police Forces of Kenya")


def test_events_demonstrators_who_burn_property_make_a_violent_demonstration(extractor):
    m = _one(extractor, "On 1 June 2021, demonstrators angry at the election results burned a "
                        "warehouse in Parakou, Benin.")
    assert (m.sub_event_type, m.actor1) == ("Violent demonstration", "Rioters (Benin)")


def test_events_shots_in_the_air_are_an_intervention_not_excessive_force(extractor):
    text = ("On 1 June 2021, hundreds of traders protested in Bobo-Dioulasso, Burkina Faso. "
            "Gendarmes fired shots in the air to scatter them.")
    assert _one(extractor, text).sub_event_type == "Protest with intervention"
    text = ("On 1 June 2021, hundreds of traders protested in Bobo-Dioulasso, Burkina Faso. "
            "Gendarmes fired shots in the air and wounded two traders.")
    assert _one(extractor, text).sub_event_type == "Excessive force against protesters"


def test_events_victim_of_a_later_coordinated_verb_is_a_civilian_target(extractor):
    m = _one(extractor, "On 3 June 2021, unknown gunmen killed and mutilated a farmer in "
                        "Kandi, Benin.")
    assert (m.sub_event_type, m.actor2) == ("Attack", "Civilians (Benin)")


def test_events_figure_the_note_says_was_coded_wins(extractor):
    text = ("On 2 June 2021, rebels ambushed an army patrol near Goma, DR Congo, killing 4 "
            "soldiers. Fatalities coded as 0 (a rebel spokesman claimed 4).")
    m = _one(extractor, text)
    assert m.fatalities == 0
    text = ("On 2 June 2021, rebels ambushed an army patrol near Goma, DR Congo, killing 4 "
            "soldiers.")
    assert _one(extractor, text).fatalities == 4


def test_events_coder_label_opening_a_note_types_its_event(extractor):
    m = _one(extractor, "Movement of forces: On 3 June 2021, soldiers deployed to Kandi, "
                        "Benin, after armed men were seen near the town.")
    assert (m.event_type, m.sub_event_type) == ("Strategic developments",
                                                "Change to group/activity")
    m = _one(extractor, "Property destruction: On 3 June 2021, unknown men burned three "
                        "granaries in Kandi, Benin.")
    assert m.sub_event_type == "Looting/property destruction"


def test_events_label_inside_a_report_is_no_event(extractor):
    text = ("Weekly update\n\nHIGHLIGHTS\n• Displacement: 2,000 people arrived in Kandi, "
            "Benin, between 1 and 3 June 2021.\n")
    assert _mentions(extractor, text) == []
