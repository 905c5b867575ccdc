"""Which date expression dates a trigger, and which dates only open background."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span

from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.triggers import Hit
from sitrep.records import Document, Timex


def _pick_timex(hit: Hit, timexes: Sequence[Span]) -> Span | None:
    if not timexes:
        return None
    return min(timexes, key=lambda s: (abs(s.start - hit.token.i), s.start))


def _is_history(tx: Timex, anchor: date | None, lexicon: Lexicon, start: date | None) -> bool:
    if start is not None and tx.date_to < start:
        return True
    ref = anchor.year if anchor else None
    return ref is not None and tx.date_to.year < ref - lexicon.history_years


def _backdrop(tx: Span, lexicon: Lexicon) -> bool:
    """ "the level seen since October": a date that only opens a period of background."""
    if tx.start == 0:
        return False
    word = tx.doc[tx.start - 1].lower_
    # "retaken between October 2016 and January 2017": months bounding a campaign
    period = word in {"between", "from"} and tx._.timex.precision == 3
    return word in lexicon.backdrop_preps or period


def _paragraph_of(text: str, start_char: int) -> int:
    """Paragraph index of a position: count of blank-line gaps before it.

    Counted on the document string (``doc.text``, built once by the caller): slicing
    the Doc, or ``doc.text`` per call, rebuilds the text of every token each time.
    """
    return text.count("\n\n", 0, start_char)


def anchor_ok(document: Document) -> bool:
    """Undated events may take the publication date only in news (not encyclopedias)."""
    return document.stated_date is not None and document.kind == "news"
