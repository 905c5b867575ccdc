"""Who did what to whom and how many died, on invented reports: police are their own state
force, unnamed attackers of one person hit civilians, either-or perpetrators are coded
jointly, generic actors carry their country, weak aliases stay in their own conflict, and
tolls add up without counting a breakdown twice."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.quantities import find_casualties
from sitrep.nlp.actors import ActorRegistry, packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Ostland insurgency (test)"
country: Kenya
actors:
  - name: Military Forces of Kenya (2013-)
    side: Government
    inter: 1
    country: Kenya
    aliases: [Ostland army]
  - name: Lake Liberation Army
    side: LLA
    inter: 2
    aliases: [Lake Liberation Army, LLA fighters]
    case_sensitive_aliases: [LLA]
  - name: Hill Front
    side: HF
    inter: 2
    aliases: [Hill Front]
    case_sensitive_aliases: [HFR]
"""


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("ostland")
    (folder / "ostland.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    return make_extractor([folder / "ostland.yaml", *generic])


def _mentions(extractor, text: str) -> list:
    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(2020, 6, 1), date_source="byline", kind="news")
    return analyse_document(doc, extractor)


def test_events_killed_policemen_are_their_countrys_police(extractor):
    (m,) = _mentions(extractor, "Garissa town report\n\nOn 30 May, LLA fighters killed "
                                "three policemen at a checkpoint in Garissa.")
    assert m.actor1 == "Lake Liberation Army"
    assert m.actor2 == "Police Forces of Kenya"
    assert m.fatalities == 3


def test_events_one_unnamed_victim_is_a_civilian_attack(extractor):
    (m,) = _mentions(extractor, "Wajir report\n\nOn 30 May, gunmen shot dead a shopkeeper "
                                "in Wajir.")
    assert m.sub_event_type == "Attack"
    assert m.actor1 == "Unidentified Armed Group (Kenya)"
    assert m.actor2 == "Civilians (Kenya)"


def test_events_either_of_two_groups_is_one_joint_actor(extractor):
    (m,) = _mentions(extractor, "Mandera report\n\nOn 30 May, suspected LLA or Hill Front "
                                "militants abducted two teachers in Mandera.")
    assert m.actor1 == "Lake Liberation Army and/or Hill Front"
    assert m.actor2 == "Civilians (Kenya)"  # abductions always target civilians


def test_events_attack_told_from_the_defenders_side_keeps_the_attacker_first(extractor):
    (m,) = _mentions(extractor, "Lamu report\n\nOn 30 May, an attack by LLA fighters on a "
                                "post near Lamu was repulsed by the Ostland army.")
    assert (m.actor1, m.actor2) == ("Lake Liberation Army", "Military Forces of Kenya (2013-)")


def test_events_toll_adds_both_sides_and_skips_breakdowns():
    both = find_casualties("Four soldiers and six attackers were killed.")
    assert sum(c.low for c in both if c.kind == "killed" and not c.subset) == 10
    part = find_casualties("15 militants including a commander were killed.")
    assert [(c.low, c.subset) for c in part if c.kind == "killed"] == [(15, False), (1, True)]


def test_events_toll_is_not_split_between_a_place_and_its_province(extractor):
    mentions = _mentions(extractor, "Garissa report\n\nOn 30 May, LLA fighters killed "
                                    "eight civilians in Dadaab, Garissa.")
    assert sum(m.fatalities or 0 for m in mentions) == 8
    assert len(mentions) == 1


def test_events_weak_alias_only_where_its_actor_operates():
    reg = ActorRegistry.load(packaged_actor_files())
    # "resistance" is Afghanistan's NRF only in a document about Afghanistan
    nrf = "NRF: National Resistance Front"
    assert reg.applies_in(nrf, "Afghanistan", "resistance", "generic")
    assert not reg.applies_in(nrf, "Yemen", "resistance", "generic")
    assert reg.applies_in(nrf, "Yemen", "National Resistance Front", "alias")
    assert reg.applies_in(nrf, None, "resistance", "generic")


def test_events_generic_actor_names_carry_the_country():
    reg = ActorRegistry.load(packaged_actor_files())
    assert reg.qualified("Protesters", "Benin") == "Protesters (Benin)"
    assert reg.qualified("Taliban", "Afghanistan") == "Taliban"
    assert reg.inter("Rioters (Benin)") == 5
    assert reg.inter("Police Forces of Benin") == 1
    assert not reg.opponents("Police Forces of Benin", "Military Forces of Benin")
