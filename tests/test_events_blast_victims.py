"""An explosive that harms or hits no armed side is coded against civilians (ACLED codes
the target of a planted bomb); one that hits a force's vehicle keeps that force."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Marsh insurgency (test)"
actors:
  - name: Marsh Front
    side: MF
    inter: 2
    aliases: [Marsh Front]
"""


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("marsh")
    (folder / "marsh.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    return make_extractor([folder / "marsh.yaml", *generic])


def _first(extractor, text: str):
    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(2020, 6, 1), date_source="byline", kind="news")
    mentions = analyse_document(doc, extractor)
    assert mentions, text
    return min(mentions, key=lambda m: m.char_start)


def test_events_bomb_on_a_bus_is_against_civilians(extractor):
    m = _first(extractor, "On 2 May 2020, a bomb planted by Marsh Front militants exploded "
                          "on a bus near Garissa, Kenya, killing three and wounding 20.")
    assert m.sub_event_type == "Remote explosive/landmine/IED"
    assert m.actor1 == "Marsh Front"
    assert m.actor2.startswith("Civilians")


def test_events_bomb_on_an_army_vehicle_keeps_the_army(extractor):
    m = _first(extractor, "On 3 May 2020, a Kenyan army vehicle struck an IED near Garissa, "
                          "Kenya, leaving two soldiers wounded.")
    assert m.actor2.startswith("Military Forces of Kenya")


def test_events_bridge_blown_up_has_no_victims(extractor):
    m = _first(extractor, "On 4 May 2020, Marsh Front militants blew up a bridge with "
                          "explosives near Garissa, Kenya. No casualties were reported.")
    assert m.actor1 == "Marsh Front"
    assert not m.actor2


def test_events_attacked_by_agent_is_the_doer(extractor):
    m = _first(extractor, "Police station in Garissa, Kenya attacked by heavily armed "
                          "Marsh Front militants.")
    assert m.actor1 == "Marsh Front"
    assert m.actor2.startswith("Police Forces of Kenya")
