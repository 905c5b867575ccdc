"""Control timeline: unit behaviour on invented data, then the example corpus."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_mention, make_place
from sitrep.cli import format_control
from sitrep.errors import UsageError
from sitrep.outputs.control import Baseline, control_on, control_timeline

TAKE = "Non-state actor overtakes territory"
DISTRICTS = {"North": ("Alpha", "Beta"), "South": ("Delta",)}
BASE = (Baseline("Afghanistan", date(2030, 1, 1), "Blue Front", (("South", None, "Red Army"),)),)


def _event(eid: str, day: date) -> dict:
    return {"event_id_cnty": eid, "event_date": day, "sub_event_type": TAKE}


def _at(rows: list[dict], place: str, on: date) -> tuple[str, str, str]:
    (r,) = [
        r
        for r in rows
        if r["place"] == place
        and r["date_from"] <= on
        and (r["date_to"] is None or on <= r["date_to"])
    ]
    return r["controller"], r["status"], r["scope"]


def test_control_province_capture_applies_to_its_districts_and_district_wins_same_day():
    province = make_place("North", admin2=None, feature="province")
    e1 = [make_mention("a", day=date(2030, 2, 1), place=province, sub_event_type=TAKE)]
    e2 = [make_mention("b", day=date(2030, 2, 1), sub_event_type=TAKE, actor1="Blue Front")]
    claims = [
        {"event_id_cnty": "E1", "subject": "control", "value": "Red Army", "status": "reported"},
        {"event_id_cnty": "E2", "subject": "control", "value": "Blue Front", "status": "claimed"},
    ]
    rows = control_timeline(
        [_event("E1", date(2030, 2, 1)), _event("E2", date(2030, 2, 1))],
        {"E1": e1, "E2": e2},
        claims,
        baselines=BASE,
        districts=DISTRICTS,
    )
    assert _at(rows, "Beta", date(2030, 1, 5)) == ("Blue Front", "held", "baseline")
    assert _at(rows, "Beta", date(2030, 2, 3)) == ("Red Army", "held", "province")
    assert _at(rows, "Alpha", date(2030, 2, 3)) == ("Blue Front", "claimed", "district")
    assert _at(rows, "Delta", date(2030, 2, 3)) == ("Red Army", "held", "baseline")


def test_control_claimed_contested_and_refuted_captures():
    claims = [
        {"event_id_cnty": "E1", "subject": "control", "value": "Red Army", "status": "refuted"},
        {"event_id_cnty": "E2", "subject": "control", "value": "Red Army", "status": "claimed"},
    ]
    mentions = {
        "E1": [make_mention("a", sub_event_type=TAKE)],
        "E2": [make_mention("b", sub_event_type=TAKE)],
    }
    rows = control_timeline(
        [_event("E1", date(2030, 3, 1)), _event("E2", date(2030, 3, 4))],
        mentions,
        claims,
        baselines=BASE,
        districts=DISTRICTS,
    )
    assert _at(rows, "Alpha", date(2030, 3, 2)) == ("Blue Front", "contested", "district")
    assert _at(rows, "Alpha", date(2030, 3, 9)) == ("Red Army", "claimed", "district")
    assert [r["date_to"] for r in rows if r["place"] == "Alpha"] == [
        date(2030, 2, 28),
        date(2030, 3, 3),
        None,
    ]


@pytest.mark.parametrize(
    ("place", "on", "controller", "statuses"),
    [
        ("Bazarak", date(2021, 8, 20), "NRF: National Resistance Front", {"held"}),
        ("Rukha", date(2021, 8, 20), "NRF: National Resistance Front", {"held"}),
        ("Bazarak", date(2021, 9, 4), "NRF: National Resistance Front", {"contested"}),
        ("Dara", date(2021, 9, 4), "NRF: National Resistance Front", {"contested"}),
        ("Khenj (Hese-Awal)", date(2021, 9, 4), "Taliban", {"claimed"}),
        # a resistance statement of 7 September (holds part of the province) contests the
        # capture, so the later Taliban reports leave it claimed rather than held
        ("Bazarak", date(2021, 9, 10), "Taliban", {"held", "claimed"}),
        ("Shutul", date(2021, 9, 10), "Taliban", {"held", "claimed"}),
        ("Andarab", date(2021, 8, 20), "NRF: National Resistance Front", {"claimed", "held"}),
        ("Dih Salah", date(2021, 8, 20), "NRF: National Resistance Front", {"claimed", "held"}),
        ("Andarab", date(2021, 8, 23), "Taliban", {"claimed", "held"}),  # held once 2 outlets
        ("Puli Hisar", date(2021, 8, 24), "Taliban", {"claimed", "held"}),
        # the resistance's 24 August claim is refuted by its own 26 August capture (it would
        # not have had to take the district again): the Taliban keep it, contested
        ("Dih Salah", date(2021, 8, 24), "Taliban", {"contested"}),
        ("Dih Salah", date(2021, 8, 27), "NRF: National Resistance Front", {"held"}),
    ],
)
def test_control_example_districts(example_build, place, on, controller, statuses):
    rows = [r for r in control_on(example_build.out_dir, on) if r["place"] == place]
    assert len(rows) == 1
    assert rows[0]["controller"] == controller and rows[0]["status"] in statuses


def test_control_example_every_panjshir_district_on_each_date(example_build):
    for on, who in [
        (date(2021, 8, 20), "NRF: National Resistance Front"),
        (date(2021, 9, 10), "Taliban"),
    ]:
        rows = [
            r
            for r in control_on(example_build.out_dir, on)
            if r["admin1"] == "Panjshir" and r["place"] == r["admin2"]
        ]
        assert len(rows) == 7 and {r["controller"] for r in rows} == {who}
    text = format_control(control_on(example_build.out_dir, date(2021, 9, 4)), date(2021, 9, 4))
    assert "Control on 2021-09-04" in text and "Bazarak" in text


def test_control_on_needs_a_store(tmp_path):
    with pytest.raises(UsageError):
        control_on(tmp_path, date(2021, 9, 1))
