"""Event extraction quality gate: the gold sets in eval/events/ and the matcher itself.

The floors are pinned a little below the figures measured when they were set; raise
them when the extractor improves (the figures are printed, see ``pytest -s``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from acled import ACLED_TYPES
from sitrep.evaluation.events import EventScores, evaluate, load_gold, run, same_name

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval" / "events"
PANJSHIR_GOLD = EVAL / "panjshir_gold.csv"
GENERAL_GOLD = EVAL / "generalization_gold.csv"
TEXTS = EVAL / "texts"
ACTORS = ROOT / "src" / "sitrep" / "data" / "actors"
EXAMPLES = ROOT / "examples" / "panjshir"

# Measured when pinned (session 2): Panjshir P 0.920 R 0.888 F1 0.904, events 0.92,
# sub_event_type 0.913, claimant 0.942, disputed 0.922, actors 0.757, admin2 0.872;
# generalization (48 rows, 8 texts) P 0.936 R 0.917 F1 0.926, events 0.91, sub_event_type
# 0.977, actors 0.795, claimant 0.909, fatalities 0.889. The two held-out sets were scored
# blind first (F1 0.479 and 0.535) and then used for tuning: heldout P 0.821 R 0.775
# F1 0.797; heldout2 P 0.800 R 0.757 F1 0.778. Their floors catch regressions only.
PANJSHIR_FLOORS = {"precision": 0.89, "recall": 0.86, "f1": 0.88, "event_recall": 0.89}
GENERAL_FLOORS = {"precision": 0.91, "recall": 0.88, "f1": 0.90, "event_recall": 0.88}
HELDOUT_FLOORS = {"precision": 0.79, "recall": 0.74, "f1": 0.77}
HELDOUT2_FLOORS = {"precision": 0.77, "recall": 0.72, "f1": 0.75}
# held-out 3 and 4 were scored once, blind, at the end of session 2 (F1 0.623 and 0.452);
# two date bugs held-out 4 exposed were then fixed: now F1 0.662 and 0.619
HELDOUT3_FLOORS = {"precision": 0.68, "recall": 0.60, "f1": 0.64}
HELDOUT4_FLOORS = {"precision": 0.68, "recall": 0.53, "f1": 0.60}
PANJSHIR_FIELD_FLOORS = {"sub_event_type": 0.89, "claimant": 0.92, "disputed": 0.90,
                         "actors": 0.73, "admin2": 0.85}
GENERAL_FIELD_FLOORS = {"sub_event_type": 0.95, "fatalities": 0.85, "actors": 0.77,
                        "claimant": 0.88}


GOLD_HEADER = (
    "event_key,doc_file,quote,event_date,time_precision,event_type,sub_event_type,actor1,"
    "actor2,admin1,admin2,location,fatalities,captured,claimant,disputed"
)
MENTION_HEADER = (
    "mention_id,doc_file,event_date,event_type,sub_event_type,actor1,actor2,admin1,admin2,"
    "fatalities,claimant,disputed_by,evidence"
)


def _report(name: str, scores: EventScores) -> None:
    print(f"\n[{name}] " + scores.format(details=False))


def _check(scores: EventScores, floors: dict[str, float],
           fields: dict[str, float] | None = None) -> None:
    for metric, floor in floors.items():
        value = getattr(scores, metric)
        assert value >= floor, f"{metric} {value:.3f} fell below the floor {floor}"
    for name, floor in (fields or {}).items():
        value = scores.accuracy(name)
        assert value is not None, f"no matched pair scores {name}"
        assert value >= floor, f"{name} accuracy {value:.3f} fell below the floor {floor}"


# -- the gold files themselves ---------------------------------------------------------


@pytest.mark.parametrize(("gold", "folder"), [(PANJSHIR_GOLD, EXAMPLES), (GENERAL_GOLD, TEXTS)])
def test_events_gold_quotes_are_verbatim_and_types_valid(gold: Path, folder: Path) -> None:
    rows = load_gold(gold)
    assert rows
    texts: dict[str, str] = {}
    for r in rows:
        if r.doc_file not in texts:
            texts[r.doc_file] = (folder / r.doc_file).read_text(encoding="utf-8")
        assert r.quote and r.quote in texts[r.doc_file], f"line {r.line}: quote not in file"
        assert r.sub_event_type in ACLED_TYPES[r.event_type], f"line {r.line}"
        assert r.actor1, f"line {r.line}: actor1 is required"


# -- the gate --------------------------------------------------------------------------


def test_events_quality_gate_panjshir(example_build) -> None:
    scores = evaluate(PANJSHIR_GOLD, example_build.out_dir)
    _report("panjshir", scores)
    _check(scores, PANJSHIR_FLOORS, PANJSHIR_FIELD_FLOORS)


@pytest.fixture(scope="module")
def general_scores(tmp_path_factory: pytest.TempPathFactory) -> EventScores:
    out = tmp_path_factory.mktemp("generalization")
    actor_files = [
        TEXTS.parent / "actors.yaml", ACTORS / "generic.yaml", ACTORS / "afghanistan.yaml"
    ]
    return run(GENERAL_GOLD, [TEXTS], out, actor_files=actor_files)


def test_events_quality_gate_generalization(general_scores: EventScores) -> None:
    _report("generalization", general_scores)
    _check(general_scores, GENERAL_FLOORS, GENERAL_FIELD_FLOORS)


@pytest.mark.parametrize(("name", "floors"), [("heldout", HELDOUT_FLOORS),
                                              ("heldout2", HELDOUT2_FLOORS),
                                              ("heldout3", HELDOUT3_FLOORS),
                                              ("heldout4", HELDOUT4_FLOORS)])
def test_events_quality_gate_heldout_sets(
    tmp_path: Path, name: str, floors: dict[str, float]
) -> None:
    folder = EVAL / name
    actor_files = [folder / "actors.yaml", ACTORS / "generic.yaml"]
    scores = run(folder / "gold.csv", [folder / "texts"], tmp_path, actor_files=actor_files)
    _report(name, scores)
    _check(scores, floors)


# -- what issue 4 asks of the example corpus ---------------------------------------------


def test_events_wikipedia_article_has_eighty_dated_events(example_build) -> None:
    docs = list(csv.DictReader((example_build.out_dir / "documents.csv").open(encoding="utf-8")))
    article = max((d for d in docs if d["publisher"] == "Wikipedia"), key=lambda d: int(d["chars"]))
    mentions = csv.DictReader((example_build.out_dir / "mentions.csv").open(encoding="utf-8"))
    events = {m["event_id_cnty"] for m in mentions
              if m["doc_id"] == article["doc_id"] and m["event_date"]}
    assert len(events) >= 80


def test_events_claimed_sentences_keep_their_claimant(example_build) -> None:
    scores = evaluate(PANJSHIR_GOLD, example_build.out_dir)
    claims = [p for p in scores.pairs
              if re.search(r"\bclaim(?:ed|s|ing)?\b", p.gold.quote) and p.gold.claimant]
    assert len(claims) >= 10
    wrong = [p.gold.event_key for p in claims if not same_name(p.gold.claimant, p.system.claimant)]
    assert not wrong


def test_events_nothing_dated_before_the_conflict_unless_the_text_says(example_build) -> None:
    mentions = list(csv.DictReader(
        (example_build.out_dir / "mentions.csv").open(encoding="utf-8")))
    early = [m for m in mentions if m["event_date"] and m["event_date"] < "2021-01-01"]
    assert not [m for m in early if m["event_date"][:4] not in m["evidence"]]


# -- the matcher on tiny in-memory files -----------------------------------------------


def _gold_row(key: str, day: str = "2024-05-02", precision: int = 1, **kw: str) -> str:
    f = {
        "doc_file": "a.txt",
        "quote": "Red Army shelled Alpha",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Red Army",
        "actor2": "Blue Front",
        "admin1": "North",
        "admin2": "Alpha",
        "fatalities": "3",
        "claimant": "",
        "disputed": "false",
    } | kw
    return (
        f'{key},{f["doc_file"]},"{f["quote"]}",{day},{precision},{f["event_type"]},'
        f"{f['sub_event_type']},{f['actor1']},{f['actor2']},{f['admin1']},{f['admin2']},"
        f",{f['fatalities']},,{f['claimant']},{f['disputed']}"
    )


def _mention(mid: str, day: str = "2024-05-02", **kw: str) -> str:
    f = {
        "doc_file": "a.txt",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Red Army",
        "actor2": "Blue Front",
        "admin1": "North",
        "admin2": "Alpha",
        "fatalities": "3",
        "claimant": "",
        "disputed_by": "",
        "evidence": "Red Army shelled Alpha",
    } | kw
    return (
        f"{mid},{f['doc_file']},{day},{f['event_type']},{f['sub_event_type']},{f['actor1']},"
        f"{f['actor2']},{f['admin1']},{f['admin2']},{f['fatalities']},{f['claimant']},"
        f'{f["disputed_by"]},"{f["evidence"]}"'
    )


def _score(tmp_path: Path, gold: list[str], mentions: list[str]) -> EventScores:
    (tmp_path / "gold.csv").write_text("\n".join([GOLD_HEADER, *gold]) + "\n", encoding="utf-8")
    (tmp_path / "mentions.csv").write_text(
        "\n".join([MENTION_HEADER, *mentions]) + "\n", encoding="utf-8"
    )
    return evaluate(tmp_path / "gold.csv", tmp_path)


def test_events_eval_perfect_match(tmp_path: Path) -> None:
    scores = _score(
        tmp_path,
        [_gold_row("e1"), _gold_row("e2", "2024-05-03", quote="Blue Front took Beta")],
        [_mention("m2", "2024-05-03", evidence="Blue Front took Beta"), _mention("m1")],
    )
    assert (scores.tp, scores.fp, scores.fn) == (2, 0, 0)
    assert scores.f1 == 1.0 and scores.event_recall == 1.0
    assert all(scores.accuracy(f) == 1.0 for f in ("actor1", "fatalities", "disputed"))


def test_events_eval_date_outside_window_is_a_miss(tmp_path: Path) -> None:
    scores = _score(
        tmp_path,
        [_gold_row("day"), _gold_row("week", "2024-05-10", 2), _gold_row("month", "2024-06-15", 3)],
        [_mention("m1", "2024-05-03"), _mention("m2", "2024-05-14"), _mention("m3", "2024-07-01")],
    )
    assert (scores.tp, scores.fp, scores.fn) == (0, 3, 3)
    inside = _score(
        tmp_path,
        [_gold_row("week", "2024-05-10", 2), _gold_row("month", "2024-06-15", 3)],
        [_mention("m2", "2024-05-13"), _mention("m3", "2024-06-30")],
    )
    assert inside.tp == 2


def test_events_eval_duplicate_mention_is_one_false_positive(tmp_path: Path) -> None:
    scores = _score(tmp_path, [_gold_row("e1")], [_mention("m1"), _mention("m2")])
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 0)
    assert scores.precision == 0.5 and scores.recall == 1.0


def test_events_eval_type_admin1_and_document_must_agree(tmp_path: Path) -> None:
    scores = _score(
        tmp_path,
        [_gold_row("e1"), _gold_row("e2", admin1="")],
        [
            _mention("m1", event_type="Riots"),
            _mention("m2", admin1="South", doc_file="b.txt"),
            _mention("m3", admin1="South"),
        ],
    )
    # m3 fits only e2 (gold without admin1); m1 has the wrong type; b.txt is not in the gold
    assert (scores.tp, scores.fp, scores.fn) == (1, 1, 1)
    assert scores.pairs[0].gold.event_key == "e2"


def test_events_eval_prefers_the_mention_quoting_the_gold_text(tmp_path: Path) -> None:
    gold = [_gold_row("e1", quote="Blue Front took Beta after a long fight")]
    mentions = [
        _mention("m1", evidence="Something else entirely happened"),
        _mention("m2", evidence="Blue Front took Beta after a long fight."),
    ]
    scores = _score(tmp_path, gold, mentions)
    assert scores.pairs[0].system.evidence.startswith("Blue Front")


def test_events_eval_field_accuracy_rules(tmp_path: Path) -> None:
    scores = _score(
        tmp_path,
        [_gold_row("e1", actor2="Civilians (Veloria)", admin2="", fatalities="")],
        [
            _mention(
                "m1",
                actor1="Civilians",
                actor2="Red Army",
                admin2="Gamma",
                fatalities="9",
                disputed_by="Blue Front",
                sub_event_type="Government regains territory",
            )
        ],
    )
    pair = scores.pairs[0]
    # swapped actors: wrong per role, right as a set; admin2/fatalities not scored when gold
    # leaves them blank
    assert set(pair.wrong) == {"actor1", "actor2", "disputed", "sub_event_type"}
    assert scores.accuracy("actors") == 1.0 and scores.accuracy("admin2") is None


def test_events_eval_same_name_qualifiers() -> None:
    assert same_name("Civilians (Veloria)", "civilians")
    assert not same_name("Civilians (Veloria)", "Civilians (Ostland)")
    assert not same_name("Army of Veloria (1990-2001)", "Army of Veloria")


def test_events_eval_format_lists_misses_and_false_positives(tmp_path: Path) -> None:
    scores = _score(tmp_path, [_gold_row("lost")], [_mention("m1", "2024-05-20")])
    text = scores.format()
    assert "F1" in text and "Misses (1)" in text and "lost" in text
    assert "False positives (1)" in text


def test_events_eval_missing_build_is_a_usage_error(tmp_path: Path) -> None:
    from sitrep.errors import UsageError

    with pytest.raises(UsageError):
        evaluate(PANJSHIR_GOLD, tmp_path)


def test_events_eval_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import cli

    (tmp_path / "gold.csv").write_text(GOLD_HEADER + "\n" + _gold_row("e1") + "\n")
    with (tmp_path / "mentions.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(MENTION_HEADER.split(","))
        w.writerow(next(csv.reader([_mention("m1")])))
    result = CliRunner().invoke(
        cli, ["eval", "events", str(tmp_path / "gold.csv"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "F1         1.000" in result.output
