"""Merging and the claims ledger on the shared build of the example corpus."""

from __future__ import annotations

import csv
from collections import Counter

from sitrep.store import STORE_NAME, Store


def _rows(build, name: str) -> list[dict[str, str]]:
    with (build.out_dir / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _docs(build) -> dict[str, str]:
    return {r["doc_file"][:3]: r["doc_id"] for r in _rows(build, "documents.csv")}


def test_reconcile_example_panjshir_capture_is_one_event_with_two_sources(example_build):
    docs = _docs(example_build)
    taken = [
        e
        for e in _rows(example_build, "events.csv")
        if e["event_date"] == "2021-09-06"
        and e["admin1"] == "Panjshir"
        and e["sub_event_type"] == "Government regains territory"
    ]
    assert len(taken) == 1
    assert set(taken[0]["doc_ids"].split(";")) == {docs["000"], docs["001"]}
    assert taken[0]["actor1"] == "Taliban" and taken[0]["status"] == "confirmed"


def test_reconcile_example_charikar_recapture_is_one_event_with_two_sources(example_build):
    docs = _docs(example_build)
    (e,) = [
        e
        for e in _rows(example_build, "events.csv")
        if e["event_date"] == "2021-08-18" and e["admin2"] == "Chaharikar"
    ]
    assert e["actor1"].startswith("NRF")
    assert set(e["doc_ids"].split(";")) == {docs["000"], docs["001"]}
    assert e["sources_count"] == "2"


def test_reconcile_example_no_two_events_share_day_place_type_and_actors(example_build):
    keys = Counter(
        (
            e["event_date"],
            e["admin1"],
            e["admin2"],
            e["location"],
            e["sub_event_type"],
            e["actor1"],
            e["actor2"],
        )
        for e in _rows(example_build, "events.csv")
    )
    assert [k for k, n in keys.items() if n > 1] == []


def test_claims_example_quotes_are_verbatim(example_build):
    with Store(example_build.out_dir / STORE_NAME, read_only=True) as store:
        texts = {d["doc_id"]: d["text"] for d in store.documents() if d["doc_id"]}
    claims = _rows(example_build, "claims.csv")
    assert claims
    for c in claims:
        assert texts[c["doc_id"]][int(c["char_start"]) : int(c["char_end"])] == c["quote"]
        assert c["doc_id"] in c["reported_by"].split(";")


def test_claims_example_rival_claims_are_in_the_ledger(example_build):
    claims = _rows(example_build, "claims.csv")
    captured = [c for c in claims if c["subject"] == "captured" and c["value"] == "1500"]
    assert [(c["claimant"], c["status"]) for c in captured] == [
        ("NRF: National Resistance Front", "claimed")
    ]
    events = {e["event_id_cnty"]: e for e in _rows(example_build, "events.csv")}
    valley = [
        c
        for c in claims
        if c["subject"] == "control"
        and c["claimant"] == "Taliban"
        and events[c["event_id_cnty"]]["event_date"] == "2021-09-03"
    ]
    assert len(valley) == 1 and valley[0]["value"] == "Taliban"
    # The resistance denies the 3 September claim: contested. The Taliban taking the valley
    # on 6 September confirms their advance later; it does not refute the claim (#13).
    assert valley[0]["status"] == "contested"
    assert events[valley[0]["event_id_cnty"]]["status"] == "contested"


def test_claims_example_event_columns_come_from_the_ledger(example_build):
    claims = _rows(example_build, "claims.csv")
    for e in _rows(example_build, "events.csv"):
        own = [c for c in claims if c["event_id_cnty"] == e["event_id_cnty"]]
        claimants = sorted(
            {c["claimant"] for c in own if c["subject"] == "event" and c["claimant"]}
        )
        assert e["claimed_by"] == "; ".join(claimants)
        assert e["status"] in {c["status"] for c in own if c["subject"] == "event"}
