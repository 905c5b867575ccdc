"""Evaluation on the external annotated corpora (WikiEvents, RAMS, ACLED notes).

The unit tests use tiny made-up fixtures. The quality-gate tests run the real
pipeline on each corpus's *test* split and assert the floors pinned in
``eval/baseline.json``; they skip only when the corpora folder is absent.
Builds go to pytest's temporary folders: nothing derived from the corpora is left in the
work tree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.errors import DatasetError
from sitrep.evaluation.real import acled, data, metrics, rams, wikievents
from sitrep.evaluation.real.data import AcledRow, AnnotatedDoc, GoldEvent, Span
from sitrep.evaluation.real.run import PipelineRun, SystemMention

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval" / "baseline.json"


def mention(
    start: int, event_type: str = "Battles", sub: str = "Armed clash", **kw: object
) -> SystemMention:
    fields: dict = dict(
        event_type=event_type,
        sub_event_type=sub,
        actor1="",
        actor2="",
        event_date="2020-03-01",
        location="",
        admin1="",
        fatalities=None,
        char_start=start,
        char_end=start + 5,
        evidence="",
    )
    fields.update(kw)
    return SystemMention(**fields)


# A made-up two-sentence document: an attack, then an arrest.
TEXT = "Gunmen attacked a village. Police arrested two men."
DOC = AnnotatedDoc(
    doc_id="d1",
    text=TEXT,
    sentences=(Span(0, 26), Span(27, 51)),
    events=(
        GoldEvent("d1-ev0", "Conflict.Attack", Span(7, 15)),
        GoldEvent("d1-ev1", "Justice.ArrestJailDetain", Span(34, 42)),
    ),
)


def test_eval_fixture_offsets_are_consistent() -> None:
    assert TEXT[7:15] == "attacked" and TEXT[34:42] == "arrested"
    assert TEXT[27:51] == "Police arrested two men."


def test_eval_sentence_index_gap_goes_to_previous_sentence() -> None:
    assert wikievents.sentence_index(DOC.sentences, 0) == 0
    assert wikievents.sentence_index(DOC.sentences, 26) == 0  # the joining space
    assert wikievents.sentence_index(DOC.sentences, 27) == 1


def test_eval_wikievents_sentence_prf_arithmetic() -> None:
    # One violent mention in each sentence: 1 TP + 1 FP; no arrest mention: 1 FN.
    run = PipelineRun(mentions={"d1": [mention(0), mention(27)]})
    result = wikievents.score([DOC], run, "test")
    f = result.figures
    assert (f["violent_p"], f["violent_r"]) == (0.5, 1.0)
    assert f["violent_f1"] == pytest.approx(2 / 3)
    assert (f["arrests_p"], f["arrests_r"], f["arrests_f1"]) == (0.0, 0.0, 0.0)
    assert result.counts["violent_gold_sentences"] == 1
    assert result.counts["violent_system_sentences"] == 2
    assert dict(result.errors)["arrests missed (gold Justice.ArrestJailDetain)"] == 1


def test_eval_wikievents_arrest_classes() -> None:
    run = PipelineRun(
        mentions={"d1": [mention(0), mention(30, "Strategic developments", "Arrests")]}
    )
    f = wikievents.score([DOC], run, "test").figures
    assert f["violent_f1"] == f["arrests_f1"] == 1.0
    assert f["protests_f1"] == 0.0  # no gold, no system: nothing to count
    abduction = mention(30, "Violence against civilians", "Abduction/forced disappearance")
    assert wikievents.system_classes(abduction) == {"arrests"}
    assert wikievents.system_classes(mention(0, "Riots", "Violent demonstration")) == {"protests"}


def test_eval_label_f1_arithmetic() -> None:
    weighted, macro = metrics.label_f1(["A", "A", "B"], ["A", "none", "B"])
    assert macro == pytest.approx((2 / 3 + 1) / 2)
    assert weighted == pytest.approx((2 * 2 / 3 + 1) / 3)
    c = metrics.Counts(tp=3, fp=1, fn=2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


@pytest.mark.parametrize(
    ("gold", "system", "same"),
    [
        ("Military Forces of Afghanistan (2014-)", "Military Forces of Afghanistan (2004-)", True),
        ("Civilians (Kenya)", "civilians", True),
        ("Unidentified Armed Group (Burkina Faso)", "Unidentified Armed Group", True),
        ("Forces Armées du Bénin", "forces armees du benin", True),
        ("Police Forces of Burkina Faso (2015-2022) Gendarmerie", "police forces of burkina faso",
         True),
        ("Police Forces of Kenya (2013-2022)", "Military Forces of Kenya (2013-2022)", False),
        ("Taliban", "Islamic State (Afghanistan)", False),
        ("Protesters (Kenya)", "", False),
    ],
)
def test_eval_actor_normalisation(gold: str, system: str, same: bool) -> None:
    assert metrics.actors_match(gold, system) is same


def test_eval_actor_normalise_strips_qualifiers() -> None:
    assert metrics.normalise_actor("Military Forces of Kenya (2013-)") == "military forces of kenya"
    assert metrics.normalise_actor("Rioters (Kenya) (Luo Ethnic Group)") == "rioters"


def _row(**kw: object) -> AcledRow:
    fields: dict = dict(
        event_id="X1", notes="", event_date="2020-03-01", event_type="Battles",
        sub_event_type="Armed clash", actor1="Taliban", actor2="", admin1="Kunar",
        location="Asadābād", fatalities=0, country="Afghanistan",
    )
    fields.update(kw)
    return AcledRow(**fields)


def test_eval_acled_field_rules() -> None:
    good = mention(0, actor1="Taliban", admin1="KUNAR", location="asadabad")
    assert all(acled.field_matches(_row(), good).values())
    assert not acled.field_matches(_row(), mention(0, actor1="Taliban", actor2="Civilians"))[
        "actor2"
    ]
    assert not acled.field_matches(_row(fatalities=2), good)["fatalities"]
    assert not acled.field_matches(_row(), mention(0, actor1=""))["actor1"]


def test_eval_acled_score_counts_unfound_rows_as_none() -> None:
    rows = [_row(event_id="A"), _row(event_id="B", event_type="Protests",
                                    sub_event_type="Peaceful protest")]
    run = PipelineRun(mentions={"A": [mention(40), mention(0, actor1="Taliban")], "B": []})
    result, confusion = acled.score(rows, run, "test")
    f = result.figures
    assert f["found_rate"] == 0.5 and f["event_type_acc"] == 0.5
    assert f["event_type_acc_found"] == 1.0 and f["actor1_acc_found"] == 1.0  # first mention
    assert f["sub_type_f1_macro"] == pytest.approx(0.5)
    assert "Peaceful protest | 1 | 0.00 | 0.00 | 0.00 | none 1" in confusion


def test_eval_acled_places_judged_apart_for_afghan_and_other_rows() -> None:
    rows = [
        _row(event_id="A", latitude=34.87, longitude=71.15),  # Asadabad, Kunar
        _row(event_id="K", country="Kenya", admin1="Lamu", location="Lamu",
             latitude=-2.27, longitude=40.90),
        _row(event_id="N", country="Kenya", admin1="Lamu", location="Lamu",
             latitude=-2.27, longitude=40.90),
    ]
    run = PipelineRun(mentions={
        "A": [mention(0, admin1="Kunar", latitude=34.95, longitude=71.10)],  # ~10 km off
        "K": [mention(0, admin1="Lamu", latitude=-1.29, longitude=36.82)],  # Nairobi point
        "N": [mention(0, admin1="Nairobi")],  # no point at all
    })
    f = acled.score(rows, run, "test")[0].figures
    assert (f["admin1_acc_found_afghan"], f["within_25km_found_afghan"]) == (1.0, 1.0)
    assert (f["admin1_acc_found_other"], f["within_25km_found_other"]) == (0.5, 0.0)


def test_eval_rams_mapping_and_judgement() -> None:
    assert rams.category("conflict.attack.bombing") == "mapped"
    assert rams.category("conflict.yield.surrender") == "mapped"
    assert rams.category("life.die.deathcausedbyviolentevents") == "context"
    assert rams.category("life.die.n/a") == "unscored"
    assert rams.category("contact.discussion.meet") == "none"
    bomb = mention(0, "Explosions/Remote violence", "Suicide bomb")
    assert rams.judge("conflict.attack.bombing", bomb) == (True, True)
    assert rams.judge("conflict.attack.bombing", mention(0)) == (False, False)
    shell = mention(0, "Explosions/Remote violence", "Grenade")
    assert rams.judge("conflict.attack.airstrikemissilestrike", shell) == (True, False)
    assert rams.judge("conflict.attack.n/a", shell) == (True, True)


def test_eval_rams_found_means_mention_in_trigger_sentence() -> None:
    attack = (GoldEvent("e", "conflict.attack.n/a", Span(7, 15)),)
    meeting = (GoldEvent("e", "contact.discussion.meet", Span(34, 42)),)
    doc, other = AnnotatedDoc("r1", TEXT, DOC.sentences, attack), AnnotatedDoc(
        "r2", TEXT, DOC.sentences, meeting
    )
    run = PipelineRun(mentions={"r1": [mention(30)], "r2": [mention(30)]})
    f = rams.score([doc, other], run, "test").figures
    assert f["found_rate"] == 0.0
    assert f["nonacled_hit_rate"] == 1.0
    run = PipelineRun(mentions={"r1": [mention(3)], "r2": []})
    f = rams.score([doc, other], run, "test").figures
    assert (f["found_rate"], f["event_type_acc"], f["nonacled_hit_rate"]) == (1.0, 1.0, 0.0)


def test_eval_split_is_deterministic_from_ids() -> None:
    ids = [f"id{i}" for i in range(2000)]
    splits = [data.split_of(i, data.ACLED_SPLITS) for i in ids]
    assert splits == [data.split_of(i, data.ACLED_SPLITS) for i in ids]
    share = {name: splits.count(name) / len(ids) for name in ("train", "dev", "test")}
    assert share["train"] == pytest.approx(0.6, abs=0.04)
    assert share["dev"] == pytest.approx(0.2, abs=0.03)
    assert all(0 <= data.split_fraction(i) < 1 for i in ids)
    # Pinned: changing the salt or the hash would silently reshuffle every split.
    assert data.split_fraction("AFG44285") == pytest.approx(0.4062455414)
    assert [data.split_of(i, data.WIKIEVENTS_SPLITS) for i in "abcd"] == [
        "test", "dev", "dev", "test"
    ]
    assert [data.split_of(i, data.ACLED_SPLITS) for i in "abcd"] == [
        "dev", "train", "train", "test"
    ]


def test_eval_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="dataset file not found"):
        data.load_acled("test", root=tmp_path)
    with pytest.raises(DatasetError, match="no split"):
        data.load_rams("train", root=tmp_path)


def test_eval_dateline_prefix_offsets_index_the_original_text() -> None:
    from datetime import date

    from sitrep.evaluation.real.run import _unshift, dateline_prefix

    prefix = dateline_prefix(date(2016, 1, 1))
    assert prefix == "1 January 2016\n\n" and dateline_prefix(None) == ""
    run = _unshift(PipelineRun(mentions={"a": [mention(len(prefix) + 7), mention(0)]}), len(prefix))
    assert [(m.char_start, m.char_end) for m in run.mentions["a"]] == [(7, 12)]


def test_eval_country_known_builds_with_the_country(tmp_path: Path) -> None:
    from sitrep.errors import UsageError
    from sitrep.evaluation.real import evaluate
    from sitrep.evaluation.real.run import run_pipeline

    # a made-up note that names no place and no country: read alone, its police has none
    texts = {"n1": "On 3 May 2021, police fired tear gas to disperse protesters."}
    alone = run_pipeline(texts, tmp_path / "alone")
    told = run_pipeline(texts, tmp_path / "told", country="Kenya")
    assert alone.mentions["n1"] and told.mentions["n1"]
    assert alone.mentions["n1"][0].actor2 == ""
    assert told.mentions["n1"][0].actor2 == "Police Forces of Kenya"
    with pytest.raises(UsageError, match="ACLED notes only"):
        evaluate("wikievents", "dev", country_known=True)


def test_eval_result_prints_and_dumps_json() -> None:
    run = PipelineRun(mentions={"d1": [mention(0)]})
    result = wikievents.score([DOC], run, "dev")
    dumped = json.loads(result.to_json())
    assert dumped["split"] == "dev" and dumped["figures"]["violent_f1"] == 1.0
    assert "violent_f1" in result.format()


# --------------------------------------------------------------------------- quality gate

def _gate(dataset: str, out: Path) -> None:
    if not data.default_root().is_dir():
        pytest.skip(f"{data.default_root()} is absent: the external corpora are not here")
    from sitrep.evaluation.real import evaluate

    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))[dataset]["test"]
    result = evaluate(dataset, "test", out / f"{dataset}-test")
    low = {k: (result.figures[k], f) for k, f in pinned["floors"].items() if result.figures[k] < f}
    high = {k: (result.figures[k], c) for k, c in pinned.get("ceilings", {}).items()
            if result.figures[k] > c}
    assert not low, f"{dataset} test figures under their floors (measured, floor): {low}"
    assert not high, f"{dataset} test figures over their ceilings (measured, ceiling): {high}"


def test_eval_wikievents_test_split_meets_floors(tmp_path: Path) -> None:
    _gate("wikievents", tmp_path)


def test_eval_rams_test_split_meets_floors(tmp_path: Path) -> None:
    _gate("rams", tmp_path)


def test_eval_acled_test_split_meets_floors(tmp_path: Path) -> None:
    _gate("acled", tmp_path)

