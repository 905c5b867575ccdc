"""ACLED role rules on invented notes: a phrase for an unknown armed group is the
unidentified armed group, unless it only describes a named group ("X, an armed group,")
or is a coder's category label ("Change to armed group:"); a protest met by intervention
in a note whose country is unclear is met by the police of the country it is placed in;
an attack's suspect is coded whichever way English names it ("police suspect X", "X
suspected.", "X is believed to be responsible", "the attackers are believed to be X"),
but not when the alternative is unknown ("X or its sympathisers")."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.nlp.actors.registry import EVENT_COUNTRY_POLICE, load_registry
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(list(packaged_actor_files()))


def _actors(extractor, text: str, year: int = 2022) -> tuple[str, str]:
    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(year, 6, 1), date_source="byline", kind="news")
    mentions = analyse_document(doc, extractor)
    assert mentions, text
    m = min(mentions, key=lambda m: m.char_start)
    return m.actor1, m.actor2


def test_actors_an_armed_group_seen_moving_is_the_unidentified_armed_group(extractor):
    a1, _ = _actors(extractor, "Movement of forces: On 3 March 2022, an armed group of ten "
                               "men on motorbikes "
                               "went through the village of Kompa (Karimama, Alibori).")
    assert a1 == "Unidentified Armed Group (Benin)"


def test_actors_armed_group_describing_a_named_group_is_that_group(extractor):
    a1, _ = _actors(extractor, "On 3 March 2022, the armed group Ansaroul Islam attacked a "
                               "village near Kompa (Karimama, Alibori), killing two farmers.")
    assert a1 == "Ansaroul Islam"
    a1, _ = _actors(extractor, "On 3 March 2022, Ansaroul Islam, an armed group, attacked "
                               "soldiers near Kompa (Karimama, Alibori).")
    assert a1 == "Ansaroul Islam"


def test_actors_category_label_names_no_armed_group(extractor):
    a1, a2 = _actors(extractor, "Change to armed group: On 3 March 2022, residents formed a "
                                "self-defence militia in Kompa (Karimama, Alibori).")
    assert "Unidentified Armed Group" not in (a1, a2)
    assert not a2.startswith("Unidentified Armed Group")


def test_actors_intervention_met_by_police_of_the_place_when_country_unclear(extractor):
    # Mombasa is Kenyan, but "Coast Province" leaves the document's country unclear
    _, a2 = _actors(extractor, "Opposition supporters held protests in Mombasa against the "
                               "results. The march was led by six MPs from Coast Province. "
                               "Police intervened.", 2008)
    assert a2.startswith("Police Forces of Kenya")


def test_actors_intervention_with_no_place_leaves_the_force_blank(extractor):
    _, a2 = _actors(extractor, "Traders marched to protest new taxes. Police intervened.")
    assert a2 == ""


def test_actors_event_country_police_placeholder_is_named_or_dropped():
    registry = load_registry()
    assert registry.qualified(EVENT_COUNTRY_POLICE, "") == ""
    assert registry.qualified(EVENT_COUNTRY_POLICE, "Ruritania") == "Police Forces of Ruritania"


@pytest.mark.parametrize("follow", [
    "Police suspect Al Shabaab.",
    "Al Shabaab suspected.",
    "Al Shabaab is believed to be responsible.",
    "The attackers are believed to be Al Shabaab militants.",
    "Local officials blamed Al Shabaab.",
])
def test_actors_suspect_named_after_an_attack_is_actor1(extractor, follow):
    a1, _ = _actors(extractor, "On 2 May 2019, a grenade thrown at a bar in Garissa wounded "
                               "four people. " + follow, 2019)
    assert a1 == "Al Shabaab"


def test_actors_suspect_with_an_unknown_alternative_stays_unidentified(extractor):
    a1, _ = _actors(extractor, "On 2 May 2019, a grenade thrown at a bar in Garissa wounded "
                               "four people. Al Shabaab or its sympathizers suspected.", 2019)
    assert a1 == "Unidentified Armed Group (Kenya)"
