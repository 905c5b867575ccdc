"""The report's control map states and belligerents infobox, from in-memory rows."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

from sitrep.outputs.report import BOUNDARIES, control_map, control_states, infobox


def _row(admin2: str, start: date, end: date | None, who: str, status: str = "held") -> dict:
    return {"place": admin2, "admin1": "Kapisa", "admin2": admin2, "date_from": start,
            "date_to": end, "controller": who, "status": status, "scope": "district"}


ROWS = [
    _row("Nijrab", date(2020, 1, 1), date(2020, 3, 9), "Red Army"),
    _row("Nijrab", date(2020, 3, 10), None, "Blue Front", "claimed"),
    _row("Tagab", date(2020, 2, 1), None, "Red Army"),
    {**_row("Nijrab", date(2020, 1, 1), None, "Green League"), "place": "Some Pass"},
]


def test_report_control_states_change_points() -> None:
    dates, controllers, states = control_states(ROWS)
    assert dates == [date(2020, 1, 1), date(2020, 2, 1), date(2020, 3, 10)]
    assert controllers == ["Blue Front", "Red Army"]  # the pass row is not a district
    assert states[("Kapisa", "Nijrab")] == [("Red Army", "held"), ("Red Army", "held"),
                                            ("Blue Front", "claimed")]
    assert states[("Kapisa", "Tagab")] == [None, ("Red Army", "held"), ("Red Army", "held")]


def test_report_control_map_embeds_escaped_data(tmp_path: Path) -> None:
    hostile = [{**r, "controller": '<script>x</script>"'} for r in ROWS[:1]] + ROWS[1:3]
    svg = control_map(hostile, BOUNDARIES)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    data = json.loads(html.unescape(re.search(r'data-control="([^"]*)"', svg).group(1)))
    assert data["dates"][0] == "2020-01-01" and len(data["cells"]) == 2
    assert len(re.findall(r'class="ctl[^"]*" data-k=', svg)) == 2
    assert control_map(ROWS, None) == "" and control_map([], BOUNDARIES) == ""


def test_report_infobox_sides_leaders_and_sourced_figures() -> None:
    actors = [
        {"actor": "Red Army", "side": "Reds", "events": 5,
         "leaders": [{"name": "Gen. Ox", "role": "commander", "mentions": 3,
                      "first": {"doc_id": "d1", "quote": "Gen. Ox led the <b>push</b>."}}],
         "strength": [{"figure": "2,000 fighters", "low": 2000, "high": 2000,
                       "claimant": "Reds", "quote": "It has 2,000 fighters.", "doc_id": "d1"},
                      {"figure": "3,500 men", "low": 3000, "high": 3500, "claimant": "",
                       "quote": "Up to 3,500 men.", "doc_id": "d2"}],
         "casualty_claims": [{"subject": "fatalities", "value": "12", "status": "contested",
                              "claimant": "Blue Front", "quote": "12 Reds died.",
                              "doc_id": "d2"}]},
        {"actor": "Blue Front", "side": "Blues", "events": 2},
        {"actor": "Idle Militia", "side": "Greys", "events": 0},
    ]
    box = infobox(actors, {"d1": "one.txt", "d2": "two.txt"})
    assert box.count('class="side"') == 2 and "Idle Militia" not in box
    assert "Strength 2,000–3,500" in box and "Gen. Ox" in box and "one.txt" in box
    assert "&lt;b&gt;push&lt;/b&gt;" in box and "per Blue Front, contested" in box
    assert infobox([], {}) == ""
