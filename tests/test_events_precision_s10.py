"""Session 10 precision rules, on invented reports.

"The wounded", "the dead", "the injured" used as a noun for the people harmed (treated,
counted, buried, mourned) tell no harm of their own: no event, and no follow-up of the
event being told. An event named only as the time of something else ("after the attack")
is no event, unless it is told with a place or day of its own ("following twin blasts at
the airport in X", "after Wednesday's attack"): then it is a specific event that happened
then and there; measured time ("days after an attack in X") stays a reference.
"""

from __future__ import annotations

import pytest

from conftest import news_document
from conftest import violent_mentions as _violent
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import FOLLOW_UP

_BOMBING = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing three "
            "passengers. ")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


@pytest.mark.parametrize("sentence", [
    "The wounded were taken to the district hospital in a convoy of lorries.",
    "Many of the injured were carried to the clinic by neighbours.",
    "The dead were buried in the town cemetery on Sunday.",
])
def test_events_precision_harmed_people_tell_no_event(extractor, sentence):
    found = analyse_document(news_document("s10-harmed", _BOMBING + sentence), extractor)
    assert not _violent(found, sentence.split()[1]), sentence
    # the bombing itself is still told
    assert _violent(found, "bomb exploded")


@pytest.mark.parametrize("sentence", [
    "Four more passengers were injured in the blast.",
    "Two shopkeepers were among the wounded.",  # who was harmed: the toll told
    "The injured were later moved to a hospital in Nairobi.",  # the tally is no harm told
])
def test_events_precision_harm_told_still_follows_the_event(extractor, sentence):
    found = analyse_document(news_document("s10-harm", _BOMBING + sentence), extractor)
    follow = [m for m in _violent(found, sentence.split()[1]) if FOLLOW_UP in m.flags]
    if "later moved" in sentence:
        assert not follow
    else:
        assert follow and follow[0].anchor


@pytest.mark.parametrize("text", [
    "Shops stayed closed in Garissa, Kenya, after the bombing at the bus station in Mandera.",
    "Shops stayed closed in Garissa after Sunday's bombing.",
])
def test_events_precision_placed_reference_is_an_event(extractor, text):
    found = analyse_document(news_document("s10-placed", text), extractor)
    assert [m for m in _violent(found, "bombing") if m.trigger == "bombing"], text


def test_events_precision_measured_reference_stays_a_reference(extractor):
    text = ("On 5 May 2024, the army said it had reopened the road to Lamu, Kenya, three "
            "days after an attack by gunmen in Witu.")
    found = analyse_document(news_document("s10-measured", text), extractor)
    assert not [m for m in found if m.trigger == "attack"]


@pytest.mark.parametrize("sentence", [
    "Nobody yet knows the cause of the explosion.",
    "Officers questioned a man seen near the scene of the blast.",
    "Two men were detained in the aftermath of the bombing.",
])
def test_events_precision_setting_of_an_event_tells_no_more_of_it(extractor, sentence):
    found = analyse_document(news_document("s10-setting", _BOMBING + sentence), extractor)
    word = next(w for w in ("explosion", "blast", "bombing") if w in sentence)
    assert not [m for m in found if FOLLOW_UP in m.flags and m.trigger == word], sentence
    assert _violent(found, "bomb exploded")


def test_events_precision_site_told_by_its_own_clause_still_follows(extractor):
    sentence = "Police searched the site of the second blast, which had killed two guards."
    found = analyse_document(news_document("s10-site", _BOMBING + sentence), extractor)
    assert [m for m in found if FOLLOW_UP in m.flags and m.anchor and m.trigger == "blast"]
