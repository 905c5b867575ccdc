from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import make_mention, make_place
from sitrep.merge.events import merge
from sitrep.merge.places import contains


def test_reconcile_merges_same_day_place_type_across_documents():
    a = make_mention("a", doc="d1", claimant="Red Army")
    b = make_mention("b", doc="d2", actor2="")
    events = merge([a, b])
    assert len(events) == 1
    assert events[0].doc_ids == ["d1", "d2"]
    assert sorted(events[0].mention_ids) == ["a", "b"]


def test_reconcile_keeps_different_days_and_places_apart():
    a = make_mention("a")
    b = make_mention("b", doc="d2", day=date(2021, 9, 7))
    c = make_mention("c", doc="d3", place=make_place("Beta", admin2="Beta"))
    assert len(merge([a, b, c])) == 3


def test_reconcile_keeps_conflicting_actor_sets_apart():
    a = make_mention("a", actor1="Red Army", actor2="Blue Front")
    b = make_mention("b", doc="d2", actor1="Green Militia", actor2="Blue Front")
    assert len(merge([a, b])) == 2


def test_reconcile_province_or_valley_matches_a_district_inside_it():
    valley = make_place("Gamma Valley", admin2=None, feature="landmark")
    a = make_mention("a", doc="d1", place=valley, sub_event_type="Government regains territory")
    b = make_mention("b", doc="d2", sub_event_type="Government regains territory")
    other = make_place("Delta", admin1="South", admin2="Delta")
    c = make_mention("c", doc="d3", place=other, sub_event_type="Government regains territory")
    events = merge([a, b, c])
    assert sorted(len(e.doc_ids) for e in events) == [1, 2]
    merged = next(e for e in events if len(e.doc_ids) == 2)
    assert merged.location == "Alpha"  # the most precise place
    assert contains(valley, make_place()) and not contains(make_place(), valley)


def test_reconcile_two_villages_of_one_district_stay_apart():
    v1 = make_place("Kila", feature="village")
    v2 = make_place("Mora", feature="village")
    a = make_mention("a", place=v1)
    b = make_mention("b", doc="d2", place=v2)
    district = make_mention("c", doc="d3")
    events = merge([a, b, district])
    assert len(events) == 2  # the district mention joins one village, never both


def test_reconcile_week_precision_mention_joins_a_dated_event_nearby():
    a = make_mention("a", evidence="Red Army and Blue Front clashed at Alpha crossing")
    b = make_mention(
        "b",
        doc="d2",
        day=date(2021, 9, 8),
        time_precision=2,
        evidence="Red Army and Blue Front clashed at Alpha crossing this week",
    )
    (event,) = merge([a, b])
    assert event.event_date == date(2021, 9, 6) and event.doc_ids == ["d1", "d2"]


def test_reconcile_is_independent_of_input_order():
    mentions = [
        make_mention(f"m{i}", doc=f"d{i % 3}", day=date(2021, 9, 1 + i % 4)) for i in range(12)
    ]
    first = [(e.event_id_cnty, e.mention_ids, e.status) for e in merge(mentions)]
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert [(e.event_id_cnty, e.mention_ids, e.status) for e in merge(shuffled)] == first


def test_reconcile_same_result_in_another_process(tmp_path: Path):
    places = [make_place("Alpha"), make_place("Gamma", admin2=None, feature="landmark")]
    mentions = [
        make_mention(
            f"m{i}", doc=f"d{i % 4}", place=places[i % 2], actor2="" if i % 3 else "Blue Front"
        )
        for i in range(10)
    ]
    data = tmp_path / "m.pickle"
    data.write_bytes(pickle.dumps(mentions))
    code = (
        "import pickle,sys;from sitrep.merge.events import merge;"
        f"ms=pickle.loads(open({str(data)!r},'rb').read());"
        "print([(e.event_id_cnty,sorted(e.mention_ids)) for e in merge(ms[::-1])])"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.strip()
    assert out == str([(e.event_id_cnty, sorted(e.mention_ids)) for e in merge(mentions)])


def test_reconcile_event_ids_use_country_code_and_figures_take_lowest():
    a = make_mention("a", fatalities=15)
    b = make_mention("b", doc="d2", fatalities=60)
    (event,) = merge([a, b])
    assert event.event_id_cnty == "AFG1"
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (15, 15, 60)


def test_reconcile_an_actor_is_never_on_both_sides():
    # two sources tell the same clash with the sides in opposite order: the event must
    # still name two different actors, not "Blue Front vs Blue Front"
    a = make_mention("a", actor1="Red Army", actor2="Blue Front")
    b = make_mention("b", doc="d2", actor1="Blue Front", actor2="Red Army")
    (event,) = merge([a, b])
    assert {event.actor1, event.actor2} == {"Red Army", "Blue Front"}
