"""Control belongs to its conflict: a baseline applies only to its country and period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import make_mention, make_place
from sitrep.errors import DataFileError
from sitrep.outputs.control import control_timeline, load_baselines, read_baseline_file
from sitrep.records import ControlStatement

TAKE = "Non-state actor overtakes territory"


def _sudan(name: str, admin1: str = "Khartoum", admin2: str | None = None, feature="city"):
    return replace(make_place(name, admin1=admin1, admin2=admin2, feature=feature),
                   country="Sudan", iso=729, region="Northern Africa")


def _capture(eid: str, day: date, place, actor: str) -> tuple[dict, list, dict]:
    event = {"event_id_cnty": eid, "event_date": day, "sub_event_type": TAKE}
    mention = make_mention(eid, day=day, place=place, sub_event_type=TAKE, actor1=actor)
    claim = {"event_id_cnty": eid, "subject": "control", "value": actor, "status": "reported"}
    return event, [mention], claim


def test_control_sudan_corpus_gets_no_afghan_baseline_rows():
    """A Sudan-only corpus (dated inside the Afghan baseline's own period, even) shows
    control only from its own events and statements."""
    event, mentions, claim = _capture("SDN1", date(2021, 9, 1), _sudan("Wad Madani", "Al Jazirah"),
                                      "Rapid Support Forces")
    statement = ControlStatement(
        statement_id="st-1", doc_id="d1", doc_file="d1.txt",
        place=_sudan("Omdurman", "Khartoum", "Omdurman", "district"),
        controller="Military Forces of Sudan (2019-)", kind="holds", date=date(2021, 9, 2),
        time_precision=1, char_start=0, char_end=4, evidence="text")
    rows = control_timeline([event], {"SDN1": mentions}, [claim],
                            baselines=load_baselines(), statements=[statement])
    assert rows, "the Sudan reports still give control rows"
    assert {r["scope"] for r in rows} <= {"province", "district", "place"}
    assert not [r for r in rows if r["admin1"] == "Panjshir" or r["controller"] in (
        "Taliban", "NRF: National Resistance Front")]
    assert {r["place"] for r in rows} == {"Wad Madani", "Omdurman"}


def test_control_afghan_baseline_applies_in_its_country_and_period_only():
    place = make_place("Bazarak", admin1="Panjshir", admin2="Bazarak")
    for day, applies in [(date(2021, 9, 6), True), (date(2025, 4, 1), False),
                         (date(2019, 1, 1), False)]:
        event, mentions, claim = _capture("AFG1", day, place, "Taliban")
        rows = control_timeline([event], {"AFG1": mentions}, [claim],
                                baselines=load_baselines())
        baseline = [r for r in rows if r["scope"] == "baseline"]
        assert bool(baseline) is applies, day
        if applies:  # Panjshir's exception: the NRF held it until the capture
            before = [r for r in baseline if r["place"] == "Bazarak"]
            assert before[0]["controller"] == "NRF: National Resistance Front"


def test_control_packaged_baselines_declare_country_and_period():
    (afghan,) = load_baselines()
    assert (afghan.country, afghan.start, afghan.until) == (
        "Afghanistan", date(2021, 8, 15), date(2021, 12, 31))


GOOD = """schema: 2
country: Sudan
period: {from: 2023-04-15}
control_baseline:
  - controller: "Military Forces of Sudan (2019-)"
    except:
      - {admin1: West Darfur, controller: "Rapid Support Forces"}
"""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GOOD.replace("country: Sudan\n", ""), "lacks the key(s) country"),
        (GOOD.replace("period: {from: 2023-04-15}\n", ""), "lacks the key(s) period"),
        (GOOD.replace("2023-04-15", "15 April"), "not a date"),
        (GOOD.replace("{from: 2023-04-15}", "{from: 2023-04-15, to: 2023-01-01}"),
         "ends (2023-01-01) before it starts"),
        (GOOD.replace("  - controller:", "  - country: Chad\n    controller:"),
         "is not the file's country"),
        (GOOD.replace("  - controller:", "  - from: 2020-01-01\n    controller:"),
         "outside the period"),
        (GOOD.replace("schema: 2", "schema: 1"), "schema 2"),
        (GOOD + "region: Africa\n", "unknown key(s) region"),
    ],
)
def test_control_baseline_file_is_validated(tmp_path: Path, text: str, reason: str):
    path = tmp_path / "sudan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_baseline_file(path)


def test_control_user_baseline_for_another_conflict(tmp_path: Path):
    (tmp_path / "sudan.yaml").write_text(GOOD, encoding="utf-8")
    (sudan,) = load_baselines(str(tmp_path))
    assert (sudan.country, sudan.start, sudan.until) == ("Sudan", date(2023, 4, 15), None)
    place = _sudan("Geneina", "West Darfur", "Geneina", "district")
    saf = "Military Forces of Sudan (2019-)"
    event, mentions, claim = _capture("SDN1", date(2023, 6, 14), place, saf)
    rows = control_timeline([event], {"SDN1": mentions}, [claim], baselines=(sudan,),
                            districts={"West Darfur": ("Geneina", "Kulbus")})
    states = [(r["place"], r["controller"], r["scope"]) for r in rows if r["place"] == "Geneina"]
    assert states == [("Geneina", "Rapid Support Forces", "baseline"),
                      ("Geneina", saf, "district")]


def test_control_sudan_store_gets_no_afghan_rows_through_the_build_stage(tmp_path: Path):
    """The build's own reconcile step (store -> merge -> claims -> control) on a store
    holding only a Sudan report: no Afghan baseline row reaches the control table."""
    from types import SimpleNamespace

    from sitrep.pipeline.run import _reconcile
    from sitrep.records import Document
    from sitrep.store import Store

    text = "The RSF seized Wad Madani on 18 December 2023, witnesses said."
    doc = Document(doc_id="sdn1", doc_file="sudan.txt", path=str(tmp_path / "sudan.txt"),
                   text=text, published=date(2023, 12, 19), date_source="byline")
    mention = make_mention("m1", doc="sdn1", day=date(2023, 12, 18),
                           place=_sudan("Wad Madani", "Al Jazirah"), sub_event_type=TAKE,
                           actor1="Rapid Support Forces", actor2="Military Forces of Sudan",
                           char_start=0, char_end=len(text), evidence=text)
    with Store(tmp_path / "sitrep.duckdb") as store:
        store.put_document(doc, [mention], "test")
        _reconcile(store, SimpleNamespace(actors=[]))
        rows = store.rows("control", ["place", "admin1", "controller", "scope"], "place")
    assert rows == [{"place": "Wad Madani", "admin1": "Al Jazirah",
                     "controller": "Rapid Support Forces", "scope": "place"}]
