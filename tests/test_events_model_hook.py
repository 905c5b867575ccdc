"""The learned event model beside the rules: it adds an event the rules missed only when
it is sure and the sentence names an actor or a place, never tells a rule event twice,
overrides a rule's sub-type only within its event type (unless allowed), and
``--model DIR`` / ``--no-model`` reach extraction through the CLI."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sitrep.errors import DataFileError
from sitrep.extract.events import extract_mentions
from sitrep.extract.events.model import ADDED, RETYPED, ModelHook, Thresholds, thresholds
from sitrep.nlp import embed
from sitrep.nlp.classify import EventModel, Prediction
from sitrep.nlp.classify.features import Lexicon
from sitrep.pipeline.analyse import make_extractor
from sitrep.records import Document, Mention

# Invented sentences: one the rules have no trigger for, one they code, and three that
# must stay non-events (the model unsure of the event, unsure of the type, nothing named).
REPORT = """\
On 2 May 2024, masked men went into the home of a village elder in Garissa, Kenya.

On 3 May 2024, gunmen killed five villagers in Wajir, Kenya.

On 4 May 2024, residents of Mandera, Kenya talked about the hot weather.

On 5 May 2024, traders in Lamu, Kenya closed their shops early.

On 6 May 2024, it was quiet.
"""
LIMITS = Thresholds(0.8, 0.6, 0.7, 0.1, None)


class StubModel:
    """Fixed predictions by a key word of the sentence: (P(event), sub-type probs)."""

    def __init__(self, table: dict[str, tuple[float, dict[str, float]]]) -> None:
        self.table = table
        self.info: dict = {}

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        out = []
        for text in sentences:
            p_event, probs = next(
                (v for k, v in self.table.items() if k in text), (0.01, {"Attack": 1.0}))
            best = max(probs, key=probs.__getitem__)
            kind = "Battles" if best == "Armed clash" else "Violence against civilians"
            out.append(Prediction(p_event, best, kind, dict(probs)))
        return out


SURE = {
    "masked men": (0.95, {"Attack": 0.9, "Armed clash": 0.1}),
    "gunmen killed": (0.95, {"Attack": 0.9, "Armed clash": 0.1}),
    "hot weather": (0.79, {"Attack": 0.9, "Armed clash": 0.1}),  # P(event) below 0.8
    "closed their shops": (0.95, {"Attack": 0.55, "Armed clash": 0.45}),  # type unsure
    "quiet": (0.99, {"Attack": 0.99, "Armed clash": 0.01}),  # no actor, no place
}


@pytest.fixture(scope="module")
def analysed():
    extractor = make_extractor(model=False)
    document = Document(doc_id="stub", doc_file="stub.txt", path="stub.txt", text=REPORT,
                        published=date(2024, 5, 7), date_source="byline", kind="news")
    from sitrep.nlp import analyse

    return extractor, document, analyse(extractor.nlp, document)


def _mentions(analysed, hook: ModelHook | None) -> list:
    extractor, document, doc = analysed
    return extract_mentions(document, doc, extractor.registry, extractor.lexicon,
                            extractor.options, hook)


def _in(mentions: list, words: str) -> list:
    return [m for m in mentions if words in m.evidence]


def test_events_model_hook_adds_only_sure_named_events(analysed) -> None:
    rules = _mentions(analysed, None)
    assert not _in(rules, "masked men"), "precondition: the rules have no trigger here"
    assert _in(rules, "gunmen killed"), "precondition: the rules code this sentence"
    found = _mentions(analysed, ModelHook(StubModel(SURE), LIMITS))
    (added,) = _in(found, "masked men")
    assert added.sub_event_type == "Attack" and ADDED in added.flags
    assert added.event_date == date(2024, 5, 2) and added.location == "Garissa"
    for words in ("hot weather", "closed their shops", "quiet"):
        assert not _in(found, words), words  # below a threshold, or nothing named
    # the rule mention is kept as it was, not told a second time by the model
    assert [m.mention_id for m in _in(found, "gunmen killed")] == [
        m.mention_id for m in _in(rules, "gunmen killed")]
    assert not [m for m in found if ADDED in m.flags and "gunmen killed" in m.evidence]


def test_events_model_hook_thresholds_are_respected(analysed) -> None:
    strict = ModelHook(StubModel(SURE), replace(LIMITS, add_event=0.96))
    assert not _in(_mentions(analysed, strict), "masked men")
    loose = ModelHook(StubModel(SURE), replace(LIMITS, add_event=0.7, add_subtype=0.5))
    found = _mentions(analysed, loose)
    assert _in(found, "hot weather") and _in(found, "closed their shops")
    assert not _in(found, "quiet")  # no actor or place: never, whatever the thresholds


def test_events_model_hook_overrides_subtype_within_event_type(analysed) -> None:
    (rule,) = _in(_mentions(analysed, None), "gunmen killed")
    assert rule.sub_event_type == "Attack", "precondition"
    other = {"gunmen killed": (0.95, {"Abduction/forced disappearance": 0.85, "Attack": 0.05,
                                      "Armed clash": 0.1})}
    (m,) = _in(_mentions(analysed, ModelHook(StubModel(other), LIMITS)), "gunmen killed")
    assert m.sub_event_type == "Abduction/forced disappearance" and RETYPED in m.flags
    assert m.event_type == rule.event_type and m.mention_id != rule.mention_id
    # the rule's own sub-type still plausible (0.2 > 0.1): kept
    unsure = {"gunmen killed": (0.95, {"Abduction/forced disappearance": 0.75, "Attack": 0.2,
                                       "Armed clash": 0.05})}
    (kept,) = _in(_mentions(analysed, ModelHook(StubModel(unsure), LIMITS)),
                  "gunmen killed")
    assert kept.sub_event_type == "Attack" and RETYPED not in kept.flags
    never = ModelHook(StubModel(other), replace(LIMITS, override_subtype=None))
    (rule_kept,) = _in(_mentions(analysed, never), "gunmen killed")
    assert rule_kept.sub_event_type == "Attack"


def test_events_model_hook_cross_type_override_needs_its_threshold(analysed) -> None:
    battle = {"gunmen killed": (0.95, {"Armed clash": 0.9, "Attack": 0.05,
                                       "Abduction/forced disappearance": 0.05})}
    (same,) = _in(_mentions(analysed, ModelHook(StubModel(battle), LIMITS)),
                  "gunmen killed")
    assert same.sub_event_type == "Attack"  # no override_cross: never across types
    crossing = ModelHook(StubModel(battle), replace(LIMITS, override_cross=0.8))
    (m,) = _in(_mentions(analysed, crossing), "gunmen killed")
    assert (m.event_type, m.sub_event_type, m.civilian_targeting) == (
        "Battles", "Armed clash", "")


def _constant_model(folder: Path) -> Path:
    """A saved model that calls every sentence an Attack (zero weights, biased heads)."""
    d = embed.DIMENSION + 1
    arrays = {
        "mean": np.zeros(embed.DIMENSION), "scale": np.ones(embed.DIMENSION),
        "idf": np.ones(1), "det_w": np.zeros((d, 2)), "det_b": np.array([-6.0, 6.0]),
        "cls_w": np.zeros((d, 2)), "cls_b": np.array([-6.0, 6.0]),
    }
    model = EventModel(("Armed clash", "Attack"),
                       {"Armed clash": "Battles", "Attack": "Violence against civilians"},
                       Lexicon(("elder",), np.ones(1)), arrays, 1.0,
                       {"hook": {"add_event": 0.9, "add_subtype": 0.9}})
    return model.save(folder)


@pytest.mark.skipif(not embed.available(), reason="sentence-embedding model not installed")
def test_events_model_hook_cli_model_dir_round_trip(tmp_path: Path) -> None:
    from sitrep.cli import cli

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "elder.txt").write_text(REPORT.split("\n\n")[0] + "\n", encoding="utf-8")
    model_dir = _constant_model(tmp_path / "model")
    assert json.loads((model_dir / "model.json").read_text())["info"]["hook"]["add_event"] == 0.9
    out = tmp_path / "out"

    def build(*options: str) -> list[dict[str, str]]:
        args = ["build", str(corpus), "--out", str(out), "--no-report", "-q", *options]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
        with (out / "mentions.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    assert build("--no-model") == []
    (row,) = build("--model", str(model_dir))  # a model change re-extracts the document
    assert row["sub_event_type"] == "Attack" and ADDED in row["tags"].split(";")
    assert build("--no-model") == []
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "--model",
                                      str(model_dir), "--no-model"])
    assert result.exit_code != 0


def test_events_model_hook_default_and_no_model_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """No option means hook.yaml's default; ``False`` (``--no-model``) always means none;
    without sentence embeddings every spec resolves to none and the build still runs."""
    from sitrep.extract.events import model as hook

    monkeypatch.setattr(hook.embed, "available", lambda: True)
    assert hook.resolve_spec(None) == (hook.PACKAGED if hook.packaged_default() else "")
    assert hook.resolve_spec(False) == ""
    assert hook.resolve_spec(True) == hook.PACKAGED
    monkeypatch.setattr(hook.embed, "available", lambda: False)
    assert hook.resolve_spec(None) == "" and hook.resolve_spec(True) == ""
    extractor = make_extractor(model=None)
    assert extractor.model is None and extractor.model_spec == ""


def test_events_model_hook_packaged_profile_adds_only_sure_mentions() -> None:
    """The packaged profile only adds sure mentions (no sub-type overrides), at the
    thresholds swept on the dev sets (hook.yaml)."""
    from sitrep.extract.events import model as hook

    limits = hook.thresholds(hook._profile(hook.PACKAGED))
    assert limits.add_event >= 0.8 and limits.add_subtype >= 0.8
    assert limits.override_subtype is None and limits.override_cross is None


class StackedStub(StubModel):
    """A stub with a stacker: the rules' sub-type (None: no rule event) maps to a fixed
    stacked answer."""

    stacker = True

    def __init__(self, table: dict, answers: dict[str | None, tuple[str, float]]) -> None:
        super().__init__(table)
        self.answers = answers

    def stacked(self, pred: Prediction, rule: str | None) -> Prediction:
        label, p = self.answers.get(rule, (pred.sub_event_type, pred.confidence))
        kind = {"Armed clash": "Battles"}.get(label, "Violence against civilians")
        return Prediction(pred.is_event, label, kind, {label: p})


def test_events_model_hook_stacked_subtype_replaces_rule_in_any_type(analysed) -> None:
    stub = StackedStub(SURE, {"Attack": ("Armed clash", 0.6),
                              None: ("Abduction/forced disappearance", 0.9)})
    found = _mentions(analysed, ModelHook(stub, replace(LIMITS, stacked=0.5)))
    (m,) = _in(found, "gunmen killed")  # no override_cross, yet the stacker decides
    assert (m.event_type, m.sub_event_type) == ("Battles", "Armed clash")
    assert RETYPED in m.flags
    (added,) = _in(found, "masked men")  # an added mention keeps the head's sub-type
    assert added.sub_event_type == "Attack" and ADDED in added.flags
    (kept,) = _in(_mentions(analysed, ModelHook(stub, replace(LIMITS, stacked=0.7))),
                  "gunmen killed")
    assert kept.sub_event_type == "Attack"  # the stacked answer is not sure enough
    ignored = _mentions(analysed, ModelHook(stub, LIMITS))  # stacked: None = no stacker
    assert _in(ignored, "gunmen killed")[0].sub_event_type == "Attack"


def test_events_model_hook_subtype_from_the_paragraph() -> None:
    from sitrep.extract.events.model import _paragraph
    from sitrep.nlp import analyse

    text = ("On 3 May 2024, gunmen killed a trader in Wajir, Kenya. "
            "They then took his two sons away.\n\nOn 4 May 2024, it rained in Lamu.\n")
    assert _paragraph(text, 5) == text.split("\n\n")[0]
    assert _paragraph(text, text.index("rained")) == "On 4 May 2024, it rained in Lamu."
    extractor = make_extractor(model=False)
    document = Document(doc_id="para", doc_file="para.txt", path="para.txt", text=text,
                        published=date(2024, 5, 7), date_source="byline", kind="news")
    doc = analyse(extractor.nlp, document)
    table = {"took his two sons": (0.95, {"Abduction/forced disappearance": 0.9,
                                          "Attack": 0.05, "Armed clash": 0.05})}

    def killing(limits: Thresholds, longest: int | None = None) -> Mention:
        stub = StubModel(table)
        if longest:
            stub.info = {"trained_on": {"chars_p99": longest}}
        found = extract_mentions(document, doc, extractor.registry, extractor.lexicon,
                                 extractor.options, ModelHook(stub, limits))
        return _in(found, "killed")[0]

    assert killing(LIMITS).sub_event_type == "Attack"  # the sentence alone says nothing
    paragraph = killing(replace(LIMITS, subtype_text="paragraph"))
    assert paragraph.sub_event_type == "Abduction/forced disappearance"
    # a paragraph longer than the model's training texts is not read whole
    assert killing(replace(LIMITS, subtype_text="paragraph"), 40).sub_event_type == "Attack"
    with pytest.raises(DataFileError):
        thresholds({"add_event": 0.5, "add_subtype": 0.5, "override_rule": 0.1,
                    "subtype_text": "document"})
