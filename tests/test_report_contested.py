"""Contested facts (sitrep.outputs.contested): claims grouped by figure and by event."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep.outputs.contested import contested_facts, source_info, summary

EVENTS = {
    "E1": {"event_id_cnty": "E1", "event_date": date(2021, 9, 2), "location": "Alpha"},
    "E2": {"event_id_cnty": "E2", "event_date": date(2021, 9, 2), "location": "Alpha"},
    "E3": {"event_id_cnty": "E3", "event_date": date(2021, 9, 5), "location": "Beta"},
}
DOCS = {
    "d1": {"doc_id": "d1", "doc_file": "a.txt", "title": "Clash", "publisher": "Daily Wire",
           "published": date(2021, 9, 3)},
    "d2": {"doc_id": "d2", "doc_file": "b.txt", "title": "Denial", "publisher": None,
           "published": None},
    "d3": {"doc_id": "d3", "doc_file": "c.txt", "title": "Clash (copy)",
           "publisher": "Other Wire", "published": date(2021, 9, 4)},
}


def claim(cid: str, eid: str, subject: str, value: str, claimant: str, doc: str,
          quote: str, **kw: Any) -> dict[str, Any]:
    row = {"claim_id": cid, "event_id_cnty": eid, "subject": subject, "value": value,
           "claimant": claimant, "doc_id": doc, "quote": quote, "status": "claimed",
           "disputed_by": "", "char_start": 0, "char_end": len(quote)}
    row.update(kw)
    return row


CLAIMS = [
    claim("E1-1", "E1", "fatalities", "600", "Red Army", "d1", "Red Army says 600 killed."),
    claim("E2-1", "E2", "fatalities", "8", "Blue Front", "d2", "Blue Front says 8 killed."),
    claim("E3-1", "E3", "captured", "20", "Red Army", "d1", "Red Army captured 20."),
    claim("E3-2", "E3", "captured", "20", "Red Army", "d3", "Red Army captured 20."),
    claim("E3-3", "E3", "event", "Armed clash", "", "d3", "Fighting in Beta."),
]


def test_report_contested_groups_a_figure_across_events_with_each_side() -> None:
    facts = contested_facts(CLAIMS, EVENTS, DOCS, by="figure")
    assert [f.subject for f in facts] == ["fatalities", "captured"]  # no "event" figure
    deaths = facts[0]
    assert deaths.event_ids == ["E1", "E2"] and deaths.place == "Alpha"
    assert deaths.day == "2021-09-02" and deaths.flag == "contested"
    assert {(a.party, a.value) for a in deaths.assertions} == {("Red Army", "600"),
                                                              ("Blue Front", "8")}
    red = next(a for a in deaths.assertions if a.party == "Red Army")
    assert red.source["outlet"] == "Daily Wire" and red.source["date"] == "2021-09-03"
    assert red.quote == "Red Army says 600 killed."


def test_report_contested_flags_single_party_and_merges_copies() -> None:
    captured = contested_facts(CLAIMS, EVENTS, DOCS, by="figure")[1]
    assert captured.single_party and captured.flag == "single party"
    (only,) = captured.assertions  # the same words from two documents: one assertion
    assert [s["file"] for s in only.sources] == ["a.txt", "c.txt"]
    assert summary(contested_facts(CLAIMS, EVENTS, DOCS)) == {
        "facts": 2, "contested": 1, "single party": 1, "corroborated": 0}


def test_report_contested_by_event_keeps_what_happened_and_outlet_voice() -> None:
    facts = contested_facts(CLAIMS, EVENTS, DOCS, by="event")
    keys = [(f.event_ids, f.subject) for f in facts]
    assert (["E3"], "event") in keys and (["E1"], "fatalities") in keys
    said = next(f for f in facts if f.subject == "event").assertions[0]
    assert said.party == "Other Wire" and said.claimant == ""  # the outlet, in its own voice


def test_report_contested_dispute_makes_a_fact_contested() -> None:
    rows = [claim("E3-1", "E3", "control", "Red Army", "Red Army", "d1", "Red Army holds Beta.",
                  disputed_by="Blue Front", status="contested")]
    (fact,) = contested_facts(rows, EVENTS, DOCS)
    assert fact.single_party and fact.contested and fact.flag == "contested"


def test_report_source_info_names_a_document_without_its_id() -> None:
    named = source_info(DOCS["d1"])
    assert named["label"] == "Daily Wire · Clash · 2021-09-03"
    assert "d1" not in named["label"] and named["doc_id"] == "d1"
    assert source_info(None, "x" * 64)["label"] == "unknown document"
    assert source_info(named) == named
