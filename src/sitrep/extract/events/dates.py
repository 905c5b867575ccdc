"""Which date expression dates a trigger, and which dates only open background."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span, Token

from sitrep.extract.events.lexicon import Lexicon, trigger_lemmas
from sitrep.extract.events.triggers import Hit
from sitrep.records import Document, Timex


def _pick_timex(hit: Hit, timexes: Sequence[Span],
                periods: frozenset[str] = frozenset(),
                lexicon: Lexicon | None = None) -> Span | None:
    events = _event_nouns(lexicon) if lexicon is not None else frozenset()
    own = [t for t in timexes if not _year_of_other(t, hit.token, periods, events)]
    if not own:
        return None
    return min(own, key=lambda s: (abs(s.start - hit.token.i), s.start))


_EVENT_NOUNS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _event_nouns(lexicon: Lexicon) -> frozenset[str]:
    """Nouns that name an event a year can date: the trigger lemmas and the lexicon's
    ``past_event_nouns`` ("their dismissal", "the elections")."""
    cached = _EVENT_NOUNS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        cached = _EVENT_NOUNS[id(lexicon)] = (
            lexicon, trigger_lemmas(lexicon) | lexicon.past_event_nouns)
    return cached[1]


def _year_of_other(tx: Span, trigger: Token, periods: frozenset[str] = frozenset(),
                   events: frozenset[str] = frozenset()) -> bool:
    """A year alone that dates another noun or clause of the sentence, not the trigger:
    "nurses marched to demand a pay review that was due to take place in 2015",
    "veterans of the 2011 mutiny rallied", "against their dismissal in 2011", "to mark the
    anniversary of the assassination of X in 1998" (a noun of ``events`` between the year
    and the verb it hangs on); "In 2011, protests ...", "the 2011 protests" stay the
    trigger's own."""
    timex = tx._.timex
    if timex is None or timex.kind != "year":
        return False
    if tx.start - tx.sent.start <= 1:
        return False  # "In 2021, X overran ...; Y resisted": the opening year is the sentence's
    # "the 2011 attempted coup": the year itself, not the article the span opens with
    root = next((t for t in tx if t.pos_ == "NUM"), tx.root)
    if root.dep_ in {"nummod", "compound", "amod", "nmod"}:
        # "the 2007 elections", "the 2011 coup": the year names that noun's event
        return root.head.i != trigger.i and root.head.pos_ in {"NOUN", "PROPN"} and not any(
            root.head.i == t.i for t in trigger.subtree if t.dep_ in {"compound", "conj"})
    head, passed = root, []
    while head.dep_ in {"pobj", "prep", "npadvmod", "appos"} and head.head.i != head.i and (
            head.i != trigger.i):
        head = head.head
        passed.append(head)
    if head.i != trigger.i and any(
            t.pos_ == "NOUN" and t.dep_ == "pobj" and t.lemma_.lower() in events
            for t in passed[:-1] if t.i != trigger.i):
        return True  # "protesting against their dismissal in 2011": that noun's year
    if head.i == trigger.i or head.pos_ not in {"VERB", "AUX"}:
        return False  # "drone strikes in Afghanistan in 2013": the parser's attachment
    if head.dep_ == "relcl" and head.head.lemma_.lower() in periods:
        return False  # "the insurgency, which began in 2019, waged by X ...": the period's year
    # a verb: the year is the trigger's when the trigger is that verb's or heads it
    if trigger in head.subtree and head.dep_ in {"ROOT", "conj"}:
        return False
    between = []
    for up in head.ancestors:
        if up.i == trigger.i:
            # "protests that began in 2011": the trigger's; "protested to demand a conference
            # that was to be held in 2015": another noun's clause
            return any(t.pos_ in {"NOUN", "PROPN"} for t in between)
        between.append(up)
    return True


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
