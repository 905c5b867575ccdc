"""A year written before the event it dates ("the 2019 attack", "a 2017 truck bombing")
is a year, so the event is history, while a count after a determiner ("the 2000
soldiers") stays a count. Sentences written for these tests."""

from __future__ import annotations

import pytest

from conftest import sentence_mentions as _mentions
from sitrep.nlp.timex.lexicon import load_time_lexicon
from sitrep.nlp.timex.scan import _scan
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


@pytest.mark.parametrize(("text", "year"), [
    ("Survivors of the 2014 massacre met the governor.", "2014"),
    ("A 2016 car bombing destroyed the old market.", "2016"),
    ("Her brother died in the 2011 uprising.", "2011"),
    ("The 2019 local elections passed without violence.", "2019"),
])
def test_timex_year_before_an_event_noun_is_a_year(text: str, year: str) -> None:
    hits = _scan(text, load_time_lexicon())
    assert [h for h in hits if h.name == "year" and text[h.start:h.end].endswith(year)]


@pytest.mark.parametrize("text", [
    "The 2000 soldiers sent north reached the town.",
    "Some 1500 fighters crossed the river.",
    "A 1200 strong force attacked the town.",
])
def test_timex_count_after_a_determiner_stays_a_count(text: str) -> None:
    assert not [h for h in _scan(text, load_time_lexicon()) if h.name == "year"]


def test_events_aside_on_an_old_bombing_is_no_new_event(extractor):
    # published 2 June 2021: the bombing the sentence recalls is years old
    assert not _mentions(extractor, "The militants have struck the city many times, "
                                    "including a 2015 hotel bombing in Mogadishu that killed "
                                    "more than 30 people.")


def test_timex_recalled_year_does_not_set_the_story_year() -> None:
    from datetime import date

    from sitrep.nlp.timex.narrative import Narrative

    text = ("Its leader is wanted for a 2015 bombing of a barracks. Troops searched the "
            "town on 4 August.")
    found = {t.text: t for t in Narrative(date(2019, 9, 1)).resolve(text)}
    assert found["2015"].date_from == date(2015, 1, 1)
    assert found["4 August"].date_from == date(2019, 8, 4)
