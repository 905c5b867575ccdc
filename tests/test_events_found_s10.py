"""Events a coder finds that the rules missed, read as classes of English: a note's opening
word the tagger took for a name, a relative clause that asserts its event, a toll that is
only feared, an attempt that was made ("in an attempt to"), a hyphen or a comma splice
that ends a clause, a person (a pronoun) captured, fighting denied by "without", the story
told in the sentence after a dated scene-setting one, and a year that dates another noun.
Invented one-line reports."""

from __future__ import annotations

import pytest

from conftest import subtypes_of as _subs
from sitrep.pipeline.analyse import analyse_document
from sitrep.records import Document


def _undated(extractor, text: str) -> list[str]:
    """The sub-event types of ``text`` read as a coder's note: no byline date."""
    doc = Document(doc_id=str(abs(hash(text))), doc_file="n.txt", path="n.txt", text=text,
                   published=None, date_source="", kind="news")
    return [m.sub_event_type for m in analyse_document(doc, extractor)]


@pytest.mark.parametrize(("text", "sub"), [
    ("Protests hostile to the new governor in the port city Mombasa, over land.",
     "Peaceful protest"),
    ("Riot breaks out between backers and critics of the new mayor", "Violent demonstration"),
])
def test_events_found_note_opening_word_read_as_a_name(extractor, text, sub) -> None:
    assert _undated(extractor, text)[:1] == [sub]


def test_events_found_relative_clause_asserts_its_event(extractor) -> None:
    subs = _subs(extractor, "On 2 May 2021, opposition leader refused entry to Uganda which "
                            "sparked violent protests among his supporters in Busia.")
    assert subs[:1] == ["Violent demonstration"]
    assert _subs(extractor, "The militia, which plans to attack the town, met on 2 May.") == []


def test_events_found_feared_dead_is_a_toll_not_a_hedge(extractor) -> None:
    subs = _subs(extractor, "On 4 May 2021, three soldiers feared dead after their truck ran "
                            "over a landmine near Mandera.")
    assert subs[:1] == ["Remote explosive/landmine/IED"]
    assert _subs(extractor, "Residents fear attacks on the town of Mandera.") == []


def test_events_found_act_done_in_an_attempt(extractor) -> None:
    subs = _subs(extractor, "On 5 May 2021, police fired tear gas in an effort to scatter "
                            "traders in Kisumu.")
    assert subs[:1] == ["Protest with intervention"]
    assert _subs(extractor, "Police will fire tear gas in a bid to disperse traders in "
                            "Kisumu.") == []
    # an arrest or a capture attempted is not made: the raid is the event, if any
    assert "Arrests" not in _subs(extractor, "On 5 May 2021, detectives searched a house in "
                                             "Kisumu in an attempt to arrest a suspect.")


def test_events_found_spaced_hyphen_ends_the_clause(extractor) -> None:
    subs = _subs(extractor, "On 6 May 2021, students demonstrated at a college in Eldoret "
                            "over unpaid bursaries - many were expected to sit exams that week.")
    assert subs[:1] == ["Peaceful protest"]


def test_events_found_comma_splice_before_a_demand(extractor) -> None:
    subs = _subs(extractor, "On 7 May 2021, a large rally was held in Kisumu, the marchers "
                            "demanded higher pay for teachers.")
    assert subs[:1] == ["Peaceful protest"]
    assert _subs(extractor, "The marchers demanded that a rally be held in Kisumu.") == []


def test_events_found_person_told_by_a_pronoun_captured(extractor) -> None:
    subs = _subs(extractor, "According to her family, she was captured by rebel fighters on "
                            "8 May 2021 while travelling to a clinic.")
    assert subs[:1] == ["Abduction/forced disappearance"]


def test_events_found_without_fighting_is_no_fight(extractor) -> None:
    subs = _undated(extractor, "On 9 May 2021, soldiers came upon a rebel camp near Beni. "
                               "The rebels fled without fighting.")
    assert "Armed clash" not in subs


def test_events_found_story_after_a_dated_scene_setting_sentence(extractor) -> None:
    subs = _undated(extractor, "On 10 May 2021, the army dismantled a militant hideout near "
                               "Mandera. Three militants were killed.")
    assert subs[:1] == ["Armed clash"]
    # only in the paragraph the scene was set in: a later paragraph's bare toll stays none
    assert _undated(extractor, "On 10 May 2021, the governor opened a school in Mandera.\n\n"
                               "Three people were killed.") == []


def test_events_found_year_of_another_noun_does_not_date_the_event(extractor) -> None:
    subs = _undated(extractor, "Nurses protested in Kisumu to demand allowances that were "
                               "promised in 2016.")
    assert subs[:1] == ["Peaceful protest"]
    assert _undated(extractor, "Former soldiers who joined the 2012 mutiny protested "
                               "in Nairobi.")[:1] == ["Peaceful protest"]
    # the year of the event itself is background, as before
    assert _undated(extractor, "In 2016, nurses protested in Kisumu.") == []
