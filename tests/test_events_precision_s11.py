"""Session 11 rules, on invented reports.

* A sentence dated to the day ("On 3 March 2019") tells a specific event however long ago
  it was: it is coded with that date; a year or a month long past stays background.
* Violence told after an arrest in one sentence ("X was killed in a gunfight, while Y was
  captured") is an event of its own beside the arrest.
* A mention's quote starts at its first word, not at an opening quotation mark.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import news_document
from conftest import violent_mentions as _violent
from sitrep.pipeline.analyse import analyse_document, make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def test_events_precision_old_event_dated_to_the_day_is_coded(extractor):
    text = ("On 3 March 2019, gunmen attacked a police post in Garissa, Kenya, killing "
            "two officers.")
    found = _violent(analyse_document(news_document("s11-day", text), extractor), "gunmen")
    assert found and found[0].event_date == date(2019, 3, 3)


def test_events_precision_old_year_alone_stays_background(extractor):
    text = "In 2009, gunmen attacked a police post in Garissa, Kenya, killing two officers."
    assert not _violent(analyse_document(news_document("s11-year", text), extractor),
                        "gunmen")


def test_events_precision_violence_after_an_arrest_is_its_own_event(extractor):
    text = ("Omar Hassan was killed in a gun battle with the police in Mandera, Kenya, on "
            "Tuesday, while his brother was captured a day later.")
    found = analyse_document(news_document("s11-arrest", text), extractor)
    assert any(m.sub_event_type == "Arrests" for m in found)
    assert _violent(found, "gun battle")


_STORY = ("On 4 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing "
          "three passengers. ")


def test_events_precision_quote_starts_at_its_first_word(extractor):
    text = (_STORY + 'A witness spoke to reporters. "The bomb went off near the ticket '
            'office," she said.')
    found = analyse_document(news_document("s11-quote", text), extractor)
    quoted = _violent(found, "The bomb went off")
    assert quoted and quoted[0].evidence.startswith("The bomb")
    assert text[quoted[0].char_start:quoted[0].char_end] == quoted[0].evidence
