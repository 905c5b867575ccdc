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


def test_control_province_capture_is_one_province_row_and_never_paints_its_districts():
    province = make_place("North", admin2=None, feature="province")
    e1 = [make_mention("a", day=date(2030, 2, 1), place=province, sub_event_type=TAKE)]
    e2 = [make_mention("b", day=date(2030, 2, 1), sub_event_type=TAKE, actor1="Green Band")]
    claims = [
        {"event_id_cnty": "E1", "subject": "control", "value": "Red Army", "status": "reported"},
        {"event_id_cnty": "E2", "subject": "control", "value": "Green Band", "status": "claimed"},
    ]
    rows = control_timeline(
        [_event("E1", date(2030, 2, 1)), _event("E2", date(2030, 2, 1))],
        {"E1": e1, "E2": e2},
        claims,
        baselines=BASE,
        districts=DISTRICTS,
    )
    # the province itself changes hands, on a row of its own with a blank admin2
    assert _at(rows, "North", date(2030, 1, 5)) == ("Blue Front", "held", "baseline")
    assert _at(rows, "North", date(2030, 2, 3)) == ("Red Army", "held", "province")
    (north,) = {(r["admin1"], r["admin2"]) for r in rows if r["place"] == "North"}
    assert north == ("North", "")
    # ... but no district of it is said to: Beta has no row, Alpha only its own capture
    assert not [r for r in rows if r["place"] == "Beta"]
    assert _at(rows, "Alpha", date(2030, 2, 3)) == ("Green Band", "claimed", "district")
    assert [r["evidence_event_ids"] for r in rows if r["place"] == "Alpha"] == ["", "E2"]
    # a baseline exception province has its own row and its districts' rows
    assert _at(rows, "South", date(2030, 2, 3)) == ("Red Army", "held", "baseline")
    assert _at(rows, "Delta", date(2030, 2, 3)) == ("Red Army", "held", "baseline")


def test_control_unknown_village_coded_to_its_province_is_its_own_row():
    """One capture of a village the gazetteer lacks, coded only to its province (15
    districts in the real case) is one row at that village, not a change of every
    district of the province."""
    districts = {"North": tuple(f"D{n:02d}" for n in range(15))}
    village = make_place("Kalakhel", admin2=None, feature="village")
    mentions = {"E1": [make_mention("a", day=date(2030, 2, 1), place=village,
                                    sub_event_type=TAKE)]}
    claims = [
        {"event_id_cnty": "E1", "subject": "control", "value": "Red Army", "status": "reported"},
    ]
    rows = control_timeline([_event("E1", date(2030, 2, 1))], mentions, claims,
                            baselines=BASE, districts=districts)
    changed = [r for r in rows if r["evidence_event_ids"] == "E1"]
    assert [(r["place"], r["admin1"], r["admin2"], r["controller"], r["scope"])
            for r in changed] == [("Kalakhel", "North", "", "Red Army", "place")]
    assert not [r for r in rows if r["place"].startswith("D")]


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
        # reports of fighting for "Panjshir" (the province) do not paint its districts
        ("Bazarak", date(2021, 9, 4), "NRF: National Resistance Front", {"held"}),
        ("Dara", date(2021, 9, 4), "NRF: National Resistance Front", {"held"}),
        ("Panjshir", date(2021, 9, 6), "Taliban", {"held"}),  # the province row itself
        ("Khenj (Hese-Awal)", date(2021, 9, 4), "Taliban", {"claimed"}),
        # a resistance statement of 7 September (holds part of the province) contests the
        # capture, so the later Taliban reports leave it claimed rather than held
        ("Bazarak", date(2021, 9, 10), "Taliban", {"held", "claimed"}),
        ("Shutul", date(2021, 9, 10), "Taliban", {"held", "claimed"}),
        ("Andarab", date(2021, 8, 20), "NRF: National Resistance Front", {"claimed", "held"}),
        ("Dih Salah", date(2021, 8, 20), "NRF: National Resistance Front", {"claimed", "held"}),
        ("Andarab", date(2021, 8, 23), "Taliban", {"claimed", "held"}),  # held once 2 outlets
        ("Puli Hisar", date(2021, 8, 24), "Taliban", {"claimed", "held"}),
        # the resistance's claims of 20 and 24 August stay claims: no report contradicts
        # them, and a later report of its own capture would confirm, not refute them
        ("Dih Salah", date(2021, 8, 24), "NRF: National Resistance Front", {"claimed"}),
        # (by 27 August an outlet reports the front's capture in its own voice: held)
        ("Dih Salah", date(2021, 8, 27), "NRF: National Resistance Front", {"claimed", "held"}),
        ("Dih Salah", date(2021, 9, 1), "Taliban", {"held"}),
    ],
)
def test_control_example_districts(example_build, place, on, controller, statuses):
    rows = [r for r in control_on(example_build.out_dir, on) if r["place"] == place]
    assert len(rows) == 1
    assert rows[0]["controller"] == controller and rows[0]["status"] in statuses


def test_control_example_every_panjshir_district_on_each_date(example_build):
    def districts(on: date) -> dict[str, str]:
        return {
            r["place"]: r["controller"]
            for r in control_on(example_build.out_dir, on)
            if r["admin1"] == "Panjshir" and r["place"] == r["admin2"]
        }

    before = districts(date(2021, 8, 20))
    assert len(before) == 7 and set(before.values()) == {"NRF: National Resistance Front"}
    after = districts(date(2021, 9, 10))
    assert len(after) == 7
    # a district changes hands only on a report of its own; the province-level reports
    # move the province row, not Dara, which no report names
    assert after["Dara"] == "NRF: National Resistance Front"
    assert {who for d, who in after.items() if d != "Dara"} == {"Taliban"}
    (province,) = [r for r in control_on(example_build.out_dir, date(2021, 9, 10))
                   if r["place"] == "Panjshir"]
    assert (province["admin2"], province["controller"]) == ("", "Taliban")
    text = format_control(control_on(example_build.out_dir, date(2021, 9, 4)), date(2021, 9, 4))
    assert "Control on 2021-09-04" in text and "Bazarak" in text


def test_control_on_needs_a_store(tmp_path):
    with pytest.raises(UsageError):
        control_on(tmp_path, date(2021, 9, 1))
