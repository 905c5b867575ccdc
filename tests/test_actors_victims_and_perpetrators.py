"""Who is actor1 and who actor2 on invented one-paragraph reports: the killed and wounded
are the side that suffered, a later sentence may name the perpetrator ("the device was
planted by X"), the force that met a protest may be named in the next sentence or, when
the report only says it was dispersed, is the country's police, and "French forces" are
France's while "forces" alone are nobody's."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import ActorRegistry, packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Lake insurgency (test)"
country: Kenya
actors:
  - name: Military Forces of Kenya (2013-)
    side: Government
    inter: 1
    country: Kenya
  - name: Police Forces of Kenya (2013-)
    side: Government
    inter: 1
  - name: Lake Liberation Army
    side: LLA
    inter: 2
    aliases: [Lake Liberation Army, LLA fighters, LLA militants]
    case_sensitive_aliases: [LLA]
"""


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("lake")
    (folder / "lake.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    return make_extractor([folder / "lake.yaml", *generic])


def _first(extractor, text: str):
    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(2020, 6, 1), date_source="byline", kind="news")
    mentions = analyse_document(doc, extractor)
    assert mentions, text
    return min(mentions, key=lambda m: m.char_start)


def test_actors_killed_soldiers_are_actor2_of_an_unclaimed_bomb(extractor):
    m = _first(extractor, "On 30 May 2020, four soldiers were killed when a roadside bomb "
                          "exploded near Garissa, Kenya. It is unclear who planted it.")
    assert m.actor1 == "Unidentified Armed Group (Kenya)"
    assert m.actor2 == "Military Forces of Kenya (2013-)"


def test_actors_later_sentence_names_who_planted_the_device(extractor):
    m = _first(extractor, "On 30 May 2020, two policemen were wounded by the explosion of an "
                          "IED near Garissa, Kenya. The device was likely planted by LLA "
                          "militants.")
    assert m.actor1 == "Lake Liberation Army"
    assert m.actor2 == "Police Forces of Kenya (2013-)"


def test_actors_negated_or_absent_perpetrator_stays_unidentified(extractor):
    m = _first(extractor, "On 30 May 2020, a bomb exploded at a market in Garissa, Kenya, "
                          "killing three people. The attack was not carried out by LLA "
                          "militants, police said.")
    assert m.actor1 == "Unidentified Armed Group (Kenya)"


def test_actors_police_named_in_the_next_sentence_met_the_protest(extractor):
    m = _first(extractor, "On 30 May 2020, teachers protested over pay in Garissa, Kenya. "
                          "Police fired tear gas to disperse them.")
    assert m.actor1 == "Protesters (Kenya)"
    assert m.actor2 == "Police Forces of Kenya (2013-)"


def test_actors_dispersed_protest_without_named_force_is_met_by_police(extractor):
    m = _first(extractor, "On 30 May 2020, traders protested in Garissa and Mandera, Kenya, "
                          "and were dispersed with tear gas.")
    if m.sub_event_type == "Protest with intervention":
        assert m.actor2 == "Police Forces of Kenya (2013-)"
    else:  # the type is the event detector's; a peaceful protest has no actor2
        assert m.actor2 == ""


def test_actors_peaceful_protest_has_no_actor2_even_if_police_are_named(extractor):
    m = _first(extractor, "On 30 May 2020, teachers marched peacefully in Garissa, Kenya. "
                          "Police watched the march.")
    assert m.sub_event_type == "Peaceful protest"
    assert m.actor2 == ""


def test_actors_forces_after_a_demonym_are_that_countrys_state_forces():
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp("On 13 May 2020, French forces conducted airstrikes near Djibo, Burkina Faso.")
    labels = {a.text: a.label_ for a in doc.spans["actors"]}
    assert labels.get("forces") == "Military Forces of France"
    doc = nlp("On 13 May 2020, the forces moved near Djibo, Burkina Faso.")
    assert not any(a.text == "forces" for a in doc.spans["actors"])


def test_actors_forces_after_a_demonym_are_not_police():
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp("On 11 March 2020, two civilians were killed by Afghan forces in Jani Khel "
              "district, Paktika, Afghanistan.")
    labels = [a.label_ for a in doc.spans["actors"]]
    assert not any(label.startswith("Police Forces") for label in labels)


def test_actors_unnamed_group_words_are_the_unidentified_armed_group():
    registry = ActorRegistry.load()
    for text in ("unknown group", "unidentified assailants", "unknown individuals",
                 "kidnappers"):
        hit = registry.lookup(text)
        assert hit is not None and hit[0].name == "Unidentified Armed Group", text
    assert registry.qualified("Pirates", "Benin") == "Pirates (Benin)"


def test_actors_armed_villagers_are_a_communal_militia_never_civilians(extractor):
    m = _first(extractor, "On 30 May 2020, villagers attacked a herders' camp near Garissa, "
                          "Kenya, and wounded three herders.")
    assert not m.actor1.startswith("Civilians")
    if m.event_type in {"Battles", "Violence against civilians"}:
        assert m.actor1 == "Unidentified Communal Militia (Kenya)"


def test_actors_force_whose_vehicle_was_hit_is_actor2(extractor):
    m = _first(extractor, "On 30 May 2020, an army vehicle struck an IED near Garissa, Kenya, "
                          "leaving four soldiers wounded. The device was likely planted by "
                          "LLA militants.")
    assert m.actor1 == "Lake Liberation Army"
    assert m.actor2 == "Military Forces of Kenya (2013-)"


def test_actors_army_chief_is_not_a_target_asset():
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp("On 5 May 2021, the army chief visited Garissa, Kenya.")
    assert not any(a.text == "army" for a in doc.spans["actors"])
