from __future__ import annotations

import random
from datetime import date

from conftest import make_mention, make_place
from sitrep.reconcile import merge, status_of


def test_reconcile_merges_same_day_place_type_across_documents():
    a = make_mention("a", doc="d1", claimant="Red Army")
    b = make_mention("b", doc="d2", actor2="")
    events = merge([a, b])
    assert len(events) == 1
    assert events[0].doc_ids == ["d1", "d2"]
    assert events[0].mention_ids == ["a", "b"]


def test_reconcile_keeps_different_days_and_places_apart():
    a = make_mention("a")
    b = make_mention("b", doc="d2", day=date(2021, 9, 7))
    c = make_mention("c", doc="d3", place=make_place("Beta", admin2="Beta"))
    assert len(merge([a, b, c])) == 3


def test_reconcile_keeps_conflicting_actor_sets_apart():
    a = make_mention("a", actor1="Red Army", actor2="Blue Front")
    b = make_mention("b", doc="d2", actor1="Green Militia", actor2="Blue Front")
    assert len(merge([a, b])) == 2


def test_reconcile_is_independent_of_input_order():
    mentions = [
        make_mention(f"m{i}", doc=f"d{i % 3}", day=date(2021, 9, 1 + i % 4)) for i in range(12)
    ]
    first = [(e.event_id_cnty, e.mention_ids) for e in merge(mentions)]
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert [(e.event_id_cnty, e.mention_ids) for e in merge(shuffled)] == first


def test_reconcile_event_ids_use_country_code_and_figures_take_lowest():
    a = make_mention("a", fatalities=15)
    b = make_mention("b", doc="d2", fatalities=60)
    (event,) = merge([a, b])
    assert event.event_id_cnty == "AFG1"
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (15, 15, 60)


def test_reconcile_status_from_claims_and_disputes():
    claimed = make_mention("a", claimant="Red Army")
    assert status_of([claimed], []) == "claimed"
    assert status_of([claimed], ["Blue Front"]) == "contested"
    plain = make_mention("b")
    assert status_of([plain], []) == "reported"
    assert status_of([plain, make_mention("c", doc="d2")], []) == "confirmed"
