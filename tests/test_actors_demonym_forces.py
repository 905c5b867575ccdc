"""State forces named by a demonym ("Beninese soldiers", "the Burkinabe air force") are that
country's, a country none of whose named state forces held on the day gets the synthesised
"Military Forces of <Country>", and the doer of a light verb's event noun ("X conducted
airstrikes") is its actor1. Invented one-line reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.nlp.actors import ActorRegistry, packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(packaged_actor_files())


def _first(extractor, text: str) -> tuple[str, str]:
    doc = Document(doc_id=str(abs(hash(text))), doc_file="r.txt", path="r.txt", text=text,
                   published=date(2020, 6, 1), date_source="byline", kind="news")
    found = analyse_document(doc, extractor)
    return (found[0].sub_event_type, found[0].actor1) if found else ("", "")


def test_actors_demonym_names_the_country_of_state_forces(extractor) -> None:
    sub, actor = _first(extractor, "On 4 May 2020, Togolese soldiers arrested four men.")
    assert (sub, actor) == ("Arrests", "Military Forces of Togo")
    # a name before the phrase that is no demonym stays someone else's forces
    assert _first(extractor, "On 4 May 2020, Kachin soldiers arrested four men.")[1] != (
        "Military Forces of Togo")


def test_actors_light_verb_subject_does_the_event(extractor) -> None:
    sub, actor = _first(extractor, "On 2 May 2020, the Togolese air force conducted "
                                   "airstrikes on militant camps.")
    assert (sub, actor) == ("Air/drone strike", "Military Forces of Togo")


def test_actors_state_forces_outside_every_named_period_are_synthesised() -> None:
    registry = ActorRegistry.load([Path(p) for p in packaged_actor_files()])
    named = registry.state_forces("Burkina Faso", date(2023, 1, 1))
    assert named is not None and named.startswith("Military Forces of Burkina Faso (")
    assert registry.state_forces("Burkina Faso", date(2018, 1, 1)) == (
        "Military Forces of Burkina Faso")
