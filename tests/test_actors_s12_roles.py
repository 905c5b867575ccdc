"""ACLED roles of session 12, on invented notes: a police service named by its unit
(forest guards, rangers, prison warders, customs officers) is the country's police with
the unit written after it; crowds that threw stones at each other are rioters on both
sides; a destruction that hit only infrastructure has no actor2; "Kenya Police" is the
country's police; a dash between clauses does not hide the police after it."""

from __future__ import annotations

import pytest

from conftest import earliest_mention as _first
from sitrep.errors import DataFileError
from sitrep.nlp.actors import ActorRegistry


@pytest.mark.parametrize(("text", "actor2"), [
    ("On 3 May 2021, unknown gunmen killed two forest guards near Kandi, Benin.",
     "Police Forces of Benin Forest Guards"),
    ("On 3 May 2021, gunmen attacked a ranger station near Kandi, Benin, and burned it.",
     "Police Forces of Benin Forest Guards"),
    ("On 3 May 2021, a crowd of rioters beat up two prison warders outside the jail in "
     "Nyeri, Kenya.", "Police Forces of Kenya Prison Guards"),
])
def test_actors_s12_police_unit_is_written_after_the_police(extractor, text, actor2):
    assert _first(extractor, text).actor2 == actor2


def test_actors_s12_civilian_forest_guard_is_a_civilian(extractor):
    m = _first(extractor, "On 3 May 2021, militants abducted a civilian forest guard near "
                          "Kandi, Benin.")
    assert m.actor2 == "Civilians (Benin)"


def test_actors_s12_unit_names_resolve_to_the_police_actor():
    reg = ActorRegistry.load()
    name = reg.with_unit("Police Forces of Benin", "Forest guards")
    assert name == "Police Forces of Benin Forest Guards"
    assert reg.without_unit(name) == "Police Forces of Benin"
    assert reg.inter(name) == 1
    assert reg.allies(name, "Police Forces of Benin")
    assert reg.with_unit("Police Forces of Benin", "police") == "Police Forces of Benin"
    assert reg.with_unit("Military Forces of Benin", "rangers") == "Military Forces of Benin"


def test_actors_s12_police_unit_phrase_of_two_units_is_refused(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text("schema: 1\npolice_units:\n  Forest Guards: [wardens]\n"
                    "  Prison Guards: [wardens]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="two units"):
        ActorRegistry.load([path])


@pytest.mark.parametrize("text", [
    "On 3 May 2021, supporters of two rival candidates threw stones at each other in "
    "Kisumu, Kenya, injuring three people.",
    "On 3 May 2021, five people were hurt in Eldoret, Kenya, as two rival political "
    "camps clashed and stones flew.",
])
def test_actors_s12_crowds_fighting_each_other_are_rioters_on_both_sides(extractor, text):
    m = _first(extractor, text)
    assert (m.sub_event_type, m.actor1, m.actor2) == (
        "Mob violence", "Rioters (Kenya)", "Rioters (Kenya)")


def test_actors_s12_mob_beating_a_thief_targets_a_civilian(extractor):
    m = _first(extractor, "On 3 May 2021, a mob beat a suspected thief to death in Kisumu, "
                          "Kenya.")
    assert (m.actor1, m.actor2) == ("Rioters (Kenya)", "Civilians (Kenya)")


@pytest.mark.parametrize(("text", "actor2"), [
    ("On 3 May 2021, militants destroyed a telecommunications mast near Mandera, Kenya.", ""),
    ("Property destruction: militants destroyed a telecommunications mast near Mandera, "
     "Kenya.", ""),
    ("On 3 May 2021, militants destroyed a telecommunications mast and burned two shops "
     "near Mandera, Kenya.", "Civilians (Kenya)"),
])
def test_actors_s12_destroyed_infrastructure_has_no_victim(extractor, text, actor2):
    m = _first(extractor, text)
    assert (m.sub_event_type, m.actor2) == ("Looting/property destruction", actor2)


@pytest.mark.parametrize("text", [
    "On 5 May 2021, an IED hit a Kenya Police vehicle near Mandera.",
    "On 5 May 2021, militants ambushed a Kenya Police patrol near Mandera, killing two "
    "officers.",
])
def test_actors_s12_country_name_before_capitalised_police(extractor, text):
    assert _first(extractor, text).actor2 == "Police Forces of Kenya"


def test_actors_s12_longer_police_name_is_not_the_police(extractor):
    m = _first(extractor, "On 5 May 2021, gunmen attacked Kenya Police Reserve officers "
                          "near Mandera.")
    assert m.actor2 != "Police Forces of Kenya"


def test_actors_s12_police_after_a_dash_met_the_riot(extractor):
    m = _first(extractor, "On 5 May 2021, youths rioted in Kisii, Kenya - they wanted the "
                          "newcomers gone - police then intervened with teargas.")
    assert (m.sub_event_type, m.actor2) == ("Violent demonstration", "Police Forces of Kenya")


@pytest.mark.parametrize("text", [
    "On 4 May 2021, the Burkinabe air force conducted airstrikes near Djibo, Burkina Faso, "
    "and killed 28 militants.",
    "On 4 May 2021, the police arrested four suspected terrorists in Kandi, Benin.",
    "On 4 May 2021, police killed two suspected gang members in Juja, Kenya.",
])
def test_actors_s12_unnamed_armed_people_met_by_a_force(extractor, text):
    m = _first(extractor, text)
    assert m.actor2.startswith("Unidentified Armed Group (")


def test_actors_s12_arrested_for_being_militants_are_no_armed_group(extractor):
    m = _first(extractor, "On 4 May 2021, soldiers arrested several men in Kandi, Benin, on "
                          "suspicion of being militants or of links with militants.")
    assert m.sub_event_type == "Arrests"
    assert not m.actor2.startswith("Unidentified Armed Group")


def test_actors_s12_defused_device_of_no_named_group(extractor):
    m = _first(extractor, "On 5 May 2021, police defused an explosive device near a school "
                          "in Garissa, Kenya.")
    assert (m.sub_event_type, m.actor2) == ("Disrupted weapons use",
                                            "Unidentified Armed Group (Kenya)")
