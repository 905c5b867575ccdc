"""General rules of conflict reporting, on an invented conflict: who did what to whom in
bombings and protests, wire datelines, tolls told a sentence later, non-events."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Lake Region war (test)"
actors:
  - name: Military Forces of Ostland
    side: Government
    inter: 1
    aliases: [Ostland army, Ostlandic troops]
  - name: Police Forces of Ostland
    side: Government
    inter: 1
    aliases: [Ostland police]
  - name: Lake Liberation Army
    side: LLA
    inter: 2
    aliases: [Lake Liberation Army, LLA fighters]
    case_sensitive_aliases: [LLA]
"""

REPORT = """Lake Region: week of violence

NAIROBI, Kenya, May 3, 2024 (Reuters) - Fighting between the Ostland army and the Lake \
Liberation Army was reported near Garissa on Wednesday, residents said.

On 1 May, a roadside bomb struck a bus near Wajir, killing six passengers. The LLA \
claimed responsibility for the attack.

On 2 May, an improvised explosive device exploded at a market in Mandera. Nine people, \
including two children, were killed. No group has claimed responsibility.

On 2 May, Ostland police said they had arrested 11 suspected LLA members in raids \
across Mombasa.

On 2 May, hundreds of residents protested in Lamu against rising prices, and Ostland \
police fired tear gas to disperse them.

On 2 May, Ostlandic troops were deployed to Garissa to reinforce the garrison.
"""


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> list:
    folder = tmp_path_factory.mktemp("lake")
    (folder / "lake.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    extractor = make_extractor([folder / "lake.yaml", *generic])
    doc = Document(
        doc_id="lake",
        doc_file="lake.txt",
        path="lake.txt",
        text=REPORT,
        published=date(2024, 5, 3),
        date_source="byline",
        kind="news",
    )
    return analyse_document(doc, extractor)


def _on(mentions: list, day: int, sub: str) -> list:
    """The mentions that report an event of ``sub`` on ``day`` (follow-ups left out)."""
    return [m for m in mentions if m.event_date == date(2024, 5, day)
            and m.sub_event_type == sub and "follow-up" not in m.flags]


def test_events_between_gives_both_sides_in_order_and_residents_are_a_source(mentions):
    (clash,) = _on(mentions, 1, "Armed clash")
    assert (clash.actor1, clash.actor2) == ("Military Forces of Ostland", "Lake Liberation Army")
    assert clash.claimant == "Local sources"  # "residents said": a source, not a party


def test_events_dateline_place_is_not_the_event_place(mentions):
    assert not [m for m in mentions if m.location in {"NAIROBI", "Kenya"}]


def test_events_bombing_perpetrator_from_claim_or_unidentified(mentions):
    (bus,) = _on(mentions, 1, "Remote explosive/landmine/IED")  # not an air strike
    assert bus.actor1 == "Lake Liberation Army"  # claimed responsibility in the next sentence
    assert bus.actor2.startswith("Civilians") and bus.fatalities == 6
    (market,) = _on(mentions, 2, "Remote explosive/landmine/IED")
    assert market.actor1 == "Unidentified Armed Group (Kenya)"  # ACLED names it by country
    assert market.fatalities == 9  # the toll told one sentence later, not the subset


def test_events_arrest_in_raids_is_one_arrest(mentions):
    assert len(_on(mentions, 2, "Arrests")) == 1
    assert not [m for m in mentions if m.event_type == "Battles" and "raids" in m.evidence]


def test_events_protest_roles(mentions):
    (protest,) = [m for m in mentions if m.event_type == "Protests"]
    assert protest.sub_event_type == "Protest with intervention"
    assert (protest.actor1, protest.actor2) == ("Protesters (Kenya)", "Police Forces of Ostland")


def test_events_troop_deployment_is_not_an_event(mentions):
    assert not [m for m in mentions if "deployed" in m.evidence]
    for m in mentions:
        assert REPORT[m.char_start : m.char_end] == m.evidence
