"""Which sentence tells more of which event, and which only talks about one.

A sentence that names an event as the topic of what is said, asked or known ("questions
about the bombing") refers to it and reports nothing; so does one whose event word only
classifies a person, place or thing ("the bombing suspect", "the blast site"), while a
harm noun ("blast injuries") still tells more of the event. A sentence that tells more of an event
told earlier in the document, not the latest one, is linked to that earlier event when it
names that event's own place or date; when it names neither, it is linked to none."""

from __future__ import annotations

import pytest

from conftest import news_document
from conftest import violent_mentions as _violent
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import FOLLOW_UP

_TWO_EVENTS = (
    "On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing three "
    "passengers. On 5 May 2024, gunmen attacked a police post in Garissa, killing two "
    "officers. "
)


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


@pytest.mark.parametrize("sentence", [
    "Reporters asked the governor questions about the bombing on Monday.",
    "There is growing concern about the attacks among traders in the town.",
    "The minister gave no details regarding the explosion.",
])
def test_events_precision_more_topic_of_talk_is_no_event(extractor, sentence) -> None:
    text = "On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya. " + sentence
    found = analyse_document(news_document("topic", text + "\n"), extractor)
    assert _violent(found, "exploded at a bus station")  # the event itself is told
    assert _violent(found, sentence) == []


def test_events_precision_more_topic_alone_is_no_new_event(extractor) -> None:
    sentence = "Analysts wrote a long report about the suicide bombing in Mogadishu."
    found = analyse_document(news_document("topic-new", sentence + "\n"), extractor)
    assert _violent(found, sentence) == []


def test_events_precision_more_follow_up_of_an_earlier_event(extractor) -> None:
    sentence = "In Mandera, the blast had shattered the windows of nearby shops."
    found = analyse_document(news_document("earlier", _TWO_EVENTS + sentence + "\n"), extractor)
    bus = _violent(found, "exploded at a bus station")
    assert bus and not any(FOLLOW_UP in m.flags for m in bus)
    linked = _violent(found, sentence)
    assert linked, "the sentence tells more of the Mandera blast"
    assert all(FOLLOW_UP in m.flags for m in linked)
    assert {m.anchor for m in linked} <= {m.mention_id for m in bus}
    assert all(m.location == bus[0].location for m in linked)


def test_events_precision_more_latest_event_still_comes_first(extractor) -> None:
    sentence = "In Garissa, the attack left the post badly damaged."
    found = analyse_document(news_document("latest", _TWO_EVENTS + sentence + "\n"), extractor)
    post = _violent(found, "attacked a police post")
    linked = _violent(found, sentence)
    assert post and linked
    assert {m.anchor for m in linked} <= {m.mention_id for m in post}


def test_events_precision_more_no_event_fits_no_link(extractor) -> None:
    sentence = "In Mombasa, the blast was discussed at length by local radio stations."
    found = analyse_document(news_document("none-fits", _TWO_EVENTS + sentence + "\n"), extractor)
    assert _violent(found, "exploded at a bus station")
    assert not [m for m in _violent(found, sentence) if FOLLOW_UP in m.flags]


_STORY = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing three "
          "passengers. ")


@pytest.mark.parametrize("sentence", [
    "Police said the bombing suspect had fled towards the border.",
    "Traders were kept away from the blast site for two days.",
])
def test_events_precision_more_classifying_noun_is_no_follow_up(extractor, sentence) -> None:
    found = analyse_document(news_document("classifier", _STORY + sentence + "\n"), extractor)
    assert _violent(found, "exploded at a bus station")
    assert _violent(found, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Doctors treated the blast victims at the county hospital.",
    "Two passengers were still treated for blast injuries on Sunday.",
    "The bombing attack had already closed two markets.",
])
def test_events_precision_more_harm_or_event_head_still_follows(extractor, sentence) -> None:
    found = analyse_document(news_document("classifier-kept", _STORY + sentence + "\n"), extractor)
    linked = _violent(found, sentence)
    assert linked and all(FOLLOW_UP in m.flags for m in linked)
