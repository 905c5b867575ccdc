"""Events a coder finds in notes and reports that open without telling them, read as
general rules: a category label opening the note, a verbless opening line, a past-tense
report after a lede that told no event, an actor's years in parentheses, a bracketed
aside on the toll, strikes and boycotts, present-tense headlines aimed at one place, and a
device named as the agent of the harm. Invented reports."""

from __future__ import annotations

import pytest

from conftest import subtypes_of as _subs
from sitrep.nlp import load_pipeline, syntax
from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(packaged_actor_files())


def _note(extractor, text: str) -> list[str]:
    """Sub-event types of ``text`` read as an undated coder's note (no byline, no year)."""
    doc = Document(doc_id=str(abs(hash(text))), doc_file="n.txt", path="n.txt", text=text,
                   published=None, date_source="none")
    return [m.sub_event_type for m in analyse_document(doc, extractor)]


@pytest.mark.parametrize(("text", "sub"), [
    ("Security measures: 12 May. The county police issued an alert to residents of Mandera.",
     "Change to group/activity"),
    ("Weapons seizure: 3 April. Officers searched a farm near Garissa.",
     "Disrupted weapons use"),
])
def test_events_found_label_opening_note_with_label_only_date(extractor, text, sub) -> None:
    assert _note(extractor, text)[:1] == [sub]


def test_events_found_verbless_opening_line(extractor) -> None:
    text = ("This month, growers of rice fields of West Kano march against the irrigation "
            "board. Exact date unknown. The event occurred in the west.")
    assert _note(extractor, text)[:1] == ["Peaceful protest"]


def test_events_found_past_report_after_eventless_lede(extractor) -> None:
    text = ("An operation to flush out bandits from the forest has borne fruit. Hundreds of "
            "officers drawn from several units took part for a week. The county commander "
            "said officers arrested at least 12 of the bandits.")
    assert _note(extractor, text)[:1] == ["Arrests"]


@pytest.mark.parametrize("text", [
    # an event noun after the lede refers to an event already known
    "The committee met on the matter. Members spoke at length. The first attack was a failure.",
    # the present after the lede is generic
    "The committee met on the matter. Members spoke at length. Police arrest traders daily.",
])
def test_events_found_later_sentence_needs_a_past_verb(extractor, text) -> None:
    assert _note(extractor, text) == []


def test_events_found_actor_years_are_no_date(extractor) -> None:
    nlp = load_pipeline()
    doc = nlp("Police Forces of Kenya (2002-) and Military Forces of Mali (2021-2024) met "
              "in 2019.")
    assert [t.text for t in syntax.spans(doc, "timex")] == ["2019"]
    text = "Recruitment: Police Forces of Kenya (2002-) are to hire 2,000 more constables."
    assert _note(extractor, text)[:1] == ["Change to group/activity"]


def test_events_found_bracketed_toll_aside_does_not_hedge_event(extractor) -> None:
    subs = _note(extractor, "9 killed during cattle raid near Lokichoggio [toll may be "
                            "inflated - hospital count 5].")
    assert subs[:1] == ["Armed clash"]


@pytest.mark.parametrize(("text", "found"), [
    ("Teachers staged a two-day strike in Kisumu.", True),
    ("Students boycotted classes at the university in Eldoret.", True),
    ("Opposition leaders boycotted the talks in Nairobi.", False),
    ("The army began a strike on rebel positions near Kismayo.", False),
])
def test_events_found_strikes_and_boycotts_are_protests(extractor, text, found) -> None:
    assert ("Peaceful protest" in _subs(extractor, text)) is found


def test_events_found_headline_present_aimed_at_one_place(extractor) -> None:
    assert _note(extractor, "Suspected militants hurl grenades at a police post, but cause "
                            "no injury.")[:1] == ["Grenade"]
    assert _note(extractor, "Militants launch attacks on convoys on a regular basis.") == []


def test_events_found_device_as_agent_of_the_harm(extractor) -> None:
    text = ("Officials met in the capital to discuss the budget. A lorry was destroyed by a "
            "roadside bomb.")
    assert _note(extractor, text)[-1:] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize(("text", "found"), [
    ("Raiders targeted police and herders near Kapedo.", True),
    ("A police post was targeted by gunmen in Mandera.", True),
    ("The new sanctions targeted officials of the ministry.", False),
    ("Similar attacks targeting police are likely in the north.", False),
])
def test_events_found_targeted_people_or_post(extractor, text, found) -> None:
    violent = {"Armed clash", "Attack"}
    assert bool(violent & set(_subs(extractor, text))) is found
