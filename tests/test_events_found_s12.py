"""Events a coder finds that the rules missed, read as classes of English (session 12): a
past year that dates another noun of the sentence ("the 2011 attempted coup", "the
anniversary of the assassination of X in 1998"), an attempt told as a noun ("an
assassination attempt was made against X"), an act done by choice ("opted to detonate
the bomb"), a one-line note's present-tense verb the parser read as a noun ("Residents
block the highway to protest") and a vehicle or person "sprayed with bullets". Invented
sentences; notes are read as a coder's note is (no publication date)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Doc, Span

from sitrep.extract.events.dates import _year_of_other
from sitrep.extract.events.lexicon import load_lexicon
from sitrep.extract.events.modality import is_irrealis
from sitrep.records import Document, Timex


def _note_subtypes(extractor, text: str) -> list[str]:
    """The sub-event types sitrep codes in ``text`` read as a coder's note (no date)."""
    from sitrep.pipeline.analyse import analyse_document

    doc = Document(doc_id=str(abs(hash(text))), doc_file="n.txt", path="n.txt", text=text,
                   published=None, date_source="", kind="news")
    return [m.sub_event_type for m in analyse_document(doc, extractor)]


def _parsed(extractor, words: list[str], heads: list[int], deps: list[str],
            pos: list[str], tags: list[str]) -> Doc:
    """A Doc with the parse given (the parser's reading is what the rule is about)."""
    doc = Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags,
              lemmas=[w.lower() for w in words])
    return doc


def _year(doc: Doc, start: int, end: int, year: int) -> Span:
    span = Span(doc, start, end)
    span._.timex = Timex(span.start_char, span.end_char, span.text, date(year, 1, 1),
                         date(year, 12, 31), 3, "year")
    return span


def test_events_found_s12_year_with_its_article_dates_the_noun_it_opens(extractor) -> None:
    # "the 2011 attempted coup", the protest read as a clause of "coup": the year is the
    # coup's (the span opens with its article, whose head is the noun too)
    words = ["Soldiers", "who", "joined", "the", "2011", "attempted", "coup", "protested", "."]
    heads = [0, 2, 0, 6, 6, 6, 2, 6, 0]
    deps = ["ROOT", "nsubj", "relcl", "det", "nummod", "amod", "dobj", "acl", "punct"]
    pos = ["NOUN", "PRON", "VERB", "DET", "NUM", "VERB", "NOUN", "VERB", "PUNCT"]
    tags = ["NNS", "WP", "VBD", "DT", "CD", "VBN", "NN", "VBN", "."]
    doc = _parsed(extractor, words, heads, deps, pos, tags)
    assert _year_of_other(_year(doc, 3, 5, 2011), doc[7])
    # "the 2011 protests": the year names the trigger's own event
    words = ["The", "2011", "protests", "ended", "."]
    doc = _parsed(extractor, words, [2, 2, 3, 3, 3], ["det", "nummod", "nsubj", "ROOT", "punct"],
                  ["DET", "NUM", "NOUN", "VERB", "PUNCT"], ["DT", "CD", "NNS", "VBD", "."])
    assert not _year_of_other(_year(doc, 0, 2, 2011), doc[2])


def test_events_found_s12_year_of_a_past_event_noun_under_the_verb(extractor) -> None:
    # "... the anniversary of the assassination of a union leader in 2004": the year dates
    # the assassination, the march is told (a note with no date of its own)
    text = ("Teachers marched through the town to mark the anniversary of the assassination "
            "of a union leader in 2004.")
    assert _note_subtypes(extractor, text)[:1] == ["Peaceful protest"]
    # the year of the march itself is still background
    assert _note_subtypes(extractor, "Teachers marched through the town in 2004.") == []


def test_events_found_s12_attempt_told_as_a_noun(extractor) -> None:
    assert _note_subtypes(
        extractor, "An assassination attempt was made against a local councillor in Garissa."
    )[:1] == ["Attack"]
    # a planned attempt stays a plan
    assert _note_subtypes(
        extractor, "Police say the suspects were planning an assassination attempt against "
                   "the governor.") == []


def test_events_found_s12_act_done_by_choice(extractor) -> None:
    text = ("Police were guarding the market. They opted to detonate the bomb at the entrance "
            "of the hall instead.")
    assert "Remote explosive/landmine/IED" in _note_subtypes(extractor, text)
    # a decision alone is a plan
    text = ("Police were guarding the market. They decided to detonate the bomb at the "
            "entrance of the hall.")
    assert "Remote explosive/landmine/IED" not in _note_subtypes(extractor, text)


def test_events_found_s12_note_verb_read_as_the_root_noun(extractor) -> None:
    # "Residents block the highway to protest": the parser made "block" a noun; the
    # protest is still what the blockade was done for, and done
    lexicon = load_lexicon()
    words = ["Residents", "block", "the", "highway", "to", "protest"]
    heads = [1, 1, 3, 1, 5, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "aux", "advcl"]
    pos = ["NOUN", "NOUN", "DET", "NOUN", "PART", "VERB"]
    tags = ["NNS", "NN", "DT", "NN", "TO", "VB"]
    doc = _parsed(extractor, words, heads, deps, pos, tags)
    assert not is_irrealis(doc[5], lexicon)
    # a noun root with no object of its own is no misread verb: "a plan to protest"
    words = ["A", "plan", "to", "protest"]
    doc = _parsed(extractor, words, [1, 1, 3, 1], ["det", "ROOT", "aux", "acl"],
                  ["DET", "NOUN", "PART", "VERB"], ["DT", "NN", "TO", "VB"])
    assert is_irrealis(doc[3], lexicon)


@pytest.mark.parametrize("text", [
    "A matatu driver was sprayed with bullets outside Nakuru.",
    "On 3 May 2021, a shopkeeper was riddled with bullets outside his shop in Garissa.",
])
def test_events_found_s12_sprayed_with_bullets(extractor, text) -> None:
    assert _note_subtypes(extractor, text)[:1] == ["Attack"]
