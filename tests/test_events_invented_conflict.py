"""The extractor on a conflict it has never seen: a user's actor YAML, other places."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Sahel war (test)"
country: Mali
actors:
  - name: Free Sahel Front
    side: FSF
    inter: 2
    aliases: [Free Sahel Front, the Front, FSF, FSF fighters]
    people:
      - {name: Issa Kantao, aliases: [Kantao], role: spokesman}
  - name: Military Forces of Mali
    side: Government
    inter: 1
    aliases: [Malian army, the army, Malian soldiers, soldiers, Defence Ministry,
              Malian Armed Forces]
  - name: Civilians
    side: ""
    inter: 7
    aliases: [civilians, residents, villagers]
  - name: Protesters
    side: ""
    inter: 6
    aliases: [protesters, demonstrators]
"""

REPORT = """Fighting spreads in central Mali

By Staff Reporter  March 14, 2024

On 12 March 2024, fighters of the Free Sahel Front attacked an army outpost near Mopti, \
killing 11 soldiers, the Malian army said.

The Front claimed to have captured the town of Gao the following day. The Defence Ministry \
denied the claim and described it as propaganda.

On 13 March, Malian soldiers arrested four suspected Front members in Timbuktu.

If the Front launches an offensive on Segou, the army has vowed to respond with force.
"""


@pytest.fixture(scope="module")
def mentions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("actors")
    (folder / "sahel.yaml").write_text(ACTORS, encoding="utf-8")
    extractor = make_extractor([folder / "sahel.yaml"])
    doc = Document(
        doc_id="t1",
        doc_file="sahel.txt",
        path="sahel.txt",
        text=REPORT,
        published=date(2024, 3, 14),
        date_source="byline",
    )
    return analyse_document(doc, extractor)


def _by_place(mentions, admin1_or_name: str):
    return [
        m
        for m in mentions
        if m.place and admin1_or_name in {m.place.matched, m.place.admin1, m.location}
    ]


def test_events_invented_conflict_finds_the_attack(mentions):
    (clash,) = [m for m in mentions if m.event_date == date(2024, 3, 12)]
    assert clash.event_type == "Battles"
    assert clash.actor1 == "Free Sahel Front"
    assert clash.actor2 == "Military Forces of Mali"
    assert clash.fatalities == 11
    assert clash.place is not None and clash.place.country == "Mali"
    assert clash.place.geo_precision >= 2  # "near Mopti"


def test_events_invented_conflict_claim_and_denial(mentions):
    (capture,) = [m for m in mentions if m.sub_event_type == "Non-state actor overtakes territory"]
    assert capture.event_date == date(2024, 3, 13)
    assert capture.actor1 == "Free Sahel Front"
    assert capture.claimant == "Free Sahel Front"
    assert capture.disputed_by == "Military Forces of Mali"
    assert "Gao" in capture.location


def test_events_invented_conflict_arrest_and_no_hypothetical(mentions):
    arrests = [m for m in mentions if m.sub_event_type == "Arrests"]
    assert len(arrests) == 1 and arrests[0].event_date == date(2024, 3, 13)
    assert not [m for m in mentions if "Segou" in m.evidence]


def test_events_invented_conflict_evidence_is_verbatim(mentions):
    for m in mentions:
        assert REPORT[m.char_start : m.char_end] == m.evidence
