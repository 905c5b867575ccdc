"""Session 13: where a sentence that tells more of an event is linked to it, and where a
live-blog entry's quote starts.

A year that modifies the event noun and holds the event's day ("the 2013 bombing") names
that event: it is no period of background that would make the sentence an aside. A
sentence that names the event's own town is not an aside either because it also names
another place ("a town close to the border with Somalia"); a country alone does not point
at the event's town. A live-blog entry ("8.45 am – Explosion at the X hotel", also written
"8. 45 am") is a sentence of its own, and its quote starts after the time stamp, as a
report's quote starts after its dateline."""

from __future__ import annotations

import pytest

from conftest import news_document
from conftest import violent_mentions as _violent
from sitrep.nlp import load_pipeline
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import FOLLOW_UP

_MANDERA = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing three "
            "passengers. ")
_MARATHON = ("On 15 April 2013, two bombs exploded at the finish line of a marathon in Boston, "
             "Massachusetts, killing three people. ")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def _follow_ups(found, words):
    return [m for m in _violent(found, words) if FOLLOW_UP in m.flags]


def test_events_precision_s13_event_year_names_the_event(extractor) -> None:
    text = _MARATHON + "Two years on, the street shows no scars from the 2013 bombing."
    found = analyse_document(news_document("year", text + "\n"), extractor)
    linked = _follow_ups(found, "scars from the 2013 bombing")
    assert [m.location for m in linked] == ["Boston"]
    assert linked[0].anchor == _violent(found, "two bombs exploded")[0].mention_id


def test_events_precision_s13_other_year_stays_an_aside(extractor) -> None:
    text = _MARATHON + "The city had seen no carnage like it since a 2011 bombing."
    found = analyse_document(news_document("other-year", text + "\n"), extractor)
    assert _follow_ups(found, "since a 2011 bombing") == []


def test_events_precision_s13_event_town_beside_another_place_is_linked(extractor) -> None:
    text = _MANDERA + ("Police said the explosion happened near the main market in Mandera, a "
                       "town close to the border with Somalia.")
    found = analyse_document(news_document("town", text + "\n"), extractor)
    assert [m.location for m in _follow_ups(found, "near the main market")] == ["Mandera"]


def test_events_precision_s13_country_does_not_point_at_the_town(extractor) -> None:
    text = _MANDERA + "In Kenya, the explosion revived memories of a blast in Lamu."
    found = analyse_document(news_document("country", text + "\n"), extractor)
    assert not [m for m in _follow_ups(found, "revived memories") if m.location == "Mandera"]


@pytest.mark.parametrize("stamp", ["8. 45 am – ", "8.45 am – ", "9:05 am - ", "23:01 UTC: "])
def test_events_precision_s13_live_blog_quote_starts_after_its_stamp(extractor, stamp) -> None:
    text = ("Police gave a timeline of Sunday's events in Colombo, Sri Lanka. "
            f"{stamp}A bomb exploded at the Grand Palm hotel in Colombo, killing two guards.")
    found = analyse_document(news_document("stamp", text + "\n"), extractor)
    told = _violent(found, "Grand Palm")
    assert told and all(m.evidence.startswith("A bomb exploded") for m in told)
    assert all(text[m.char_start : m.char_end] == m.evidence for m in told)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_events_precision_s13_spaced_clock_stamp_opens_an_entry(nlp) -> None:
    doc = nlp("Police said the toll rose. 8. 45 am – Blast at the Sea View hotel in "
              "Galle 9. 05 am – Blast at a church in Matara.")
    starts = [s.text[:9] for s in doc.sents]
    assert "8. 45 am " in starts and "9. 05 am " in starts


def test_events_precision_s13_clock_after_preposition_is_no_stamp(nlp) -> None:
    doc = nlp("The talks began at 8. 45 am – an hour late – in the capital.")
    assert len(list(doc.sents)) == 1
