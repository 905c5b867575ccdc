"""Tolls and harm told after the event: a death toll that "had risen to" a figure, and harm
with no figure that someone suffered or was carried off with ("suffered minor injuries",
"taken to hospital with injuries") are more of the event being told (follow-ups); a bare
harm noun ("a vigil for the injured") is not."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.events.mention import _casualties
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document, Mention

FOLLOW_UP = "follow-up"
_LEDE = "On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing two people. "


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt", text=text,
                    published=date(2024, 5, 4), date_source="byline", kind="news")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def _follow_ups(extractor, doc_id: str, later: str) -> list[Mention]:
    found = analyse_document(_doc(doc_id, _LEDE + later + "\n"), extractor)
    return [m for m in found if FOLLOW_UP in m.flags and later[:20] in m.evidence]


@pytest.mark.parametrize("text, killed", [
    ("The death toll had risen to 14 by the evening.", 14),
    ("Officials said the death toll has climbed to 9.", 9),
    ("The toll had risen to 31, police said.", 31),
])
def test_events_live_and_tolls_perfect_toll_is_a_figure(text: str, killed: int) -> None:
    assert _casualties(text).get("killed") == (killed, killed)


def test_events_live_and_tolls_risen_toll_is_a_follow_up(extractor) -> None:
    (toll,) = _follow_ups(extractor, "risen", "The death toll had risen to 14 by the evening.")
    assert toll.fatalities == 14 and toll.anchor


@pytest.mark.parametrize("later", [
    "A ticket seller suffered minor injuries and was treated at the scene.",
    "Several passengers were taken to hospital with injuries, a nurse said.",
    "One of the guards later succumbed to his wounds.",
])
def test_events_live_and_tolls_suffered_harm_is_a_follow_up(extractor, later: str) -> None:
    assert _follow_ups(extractor, "suffered", later)


@pytest.mark.parametrize("later", [
    "Relatives held a vigil for the injured at the station.",
    "Injuries from such blasts are often severe, doctors say.",
])
def test_events_live_and_tolls_bare_harm_noun_is_no_follow_up(extractor, later: str) -> None:
    assert not _follow_ups(extractor, "bare", later)


@pytest.mark.parametrize("later", [
    "Jane Miller, 29, of New Zealand, was twenty metres away when the bomb went off.",
    "One Briton was among the dead, Tom Hardy of Leeds.",
])
def test_events_live_and_tolls_person_origin_is_no_other_place(extractor, later: str) -> None:
    # where a named victim comes from does not make the sentence another event's
    (m,) = _follow_ups(extractor, "origin", later)
    assert m.location and "Mandera" in m.location


def test_events_live_and_tolls_blast_in_another_town_is_not_linked(extractor) -> None:
    assert not _follow_ups(extractor, "other", "The bombing in Garissa killed three.")


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load_pipeline
    return load_pipeline()


def test_events_live_and_tolls_time_stamps_open_entries(nlp) -> None:
    text = ("Blasts hit the capital on Sunday. 9.10 am – Explosion at the Palm hotel "
            "9:25 am - Explosion at a church in the old town 11.40am – Police close the port "
            "20:05 UTC: Officials say 12 people died.")
    starts = [s.text.split()[0] for s in nlp(text).sents]
    assert starts == ["Blasts", "9.10", "9:25", "11.40am", "20:05"]


@pytest.mark.parametrize("text", [
    "It exploded at 9.10 am - witnesses said.",
    "The curfew runs from 18.00 - 06.00 every day.",
    "The post was updated on 3 May 2024 20:05 UTC: no new figures.",
])
def test_events_live_and_tolls_times_in_prose_open_no_entry(nlp, text: str) -> None:
    assert len(list(nlp(text).sents)) == 1
