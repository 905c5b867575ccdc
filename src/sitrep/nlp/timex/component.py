"""The ``sitrep_timex`` spaCy component: timex spans resolved sentence after sentence."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.nlp.timex.narrative import Narrative

Span.set_extension("timex", default=None, force=True)


@Language.component("sitrep_timex", requires=["token.is_sent_start"], assigns=["doc.spans"])
def timex_component(doc: Doc) -> Doc:
    """spaCy component: ``doc.spans['timex']``, each span carrying ``span._.timex``.

    The anchor is ``doc.user_data['anchor_date']`` (a ``datetime.date`` or None);
    without one, ``doc.user_data['document_date']`` (the date inferred from the text)
    is the floor. Sentences are read in order with one narrative, across paragraphs.
    """
    anchor, floor = doc.user_data.get("anchor_date"), doc.user_data.get("document_date")
    narrative = Narrative(anchor if isinstance(anchor, date) else None,
                          floor if isinstance(floor, date) else None)
    spans: list[Span] = []
    for sent in doc.sents:
        for tx in narrative.resolve(sent.text, sent.start_char):
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is None:
                continue
            span._.timex = tx
            spans.append(span)
    doc.spans["timex"] = spans
    return doc
