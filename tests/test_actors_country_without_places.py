"""Actors of a report that names no place: the country it is about comes from its other
clues (a demonym before a national noun, an actor that operates in one country only), a
demonym before people ("Somali militants") says nothing of where it happened; "the
militants" of a later sentence are the joint group named before; soldiers left wounded
suffered the blast; the force that met a protest is the one that acted."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.nlp.actors.state_forces import document_country
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Marsh insurgency (test)"
actors:
  - name: Military Forces of Veloria (2015-)
    side: Veloria
    inter: 1
    country: Veloria
  - name: Marsh Front
    side: MF
    inter: 2
    aliases: [Marsh Front]
    case_sensitive_aliases: [MF]
  - name: Reed Brigade
    side: RB
    inter: 2
    aliases: [Reed Brigade]
    case_sensitive_aliases: [RB]
  - name: Heron Militia
    side: Heron
    inter: 4
    aliases: [Heron Militia]
    operates_in: [Benin]
"""


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("marsh")
    (folder / "marsh.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    return make_extractor([folder / "marsh.yaml", *generic])


def _doc(text: str) -> Document:
    return Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                    published=date(2020, 6, 1), date_source="byline", kind="news")


def _first(extractor, text: str):
    mentions = analyse_document(_doc(text), extractor)
    assert mentions, text
    return min(mentions, key=lambda m: m.char_start)


def _country(extractor, text: str) -> str | None:
    from sitrep.nlp import analyse

    return document_country(analyse(extractor.nlp, _doc(text)))


def test_actors_demonym_before_national_noun_names_the_country(extractor):
    text = ("Hundreds of teachers marched against a pay freeze decided by the Beninese "
            "government. Police fired tear gas to disperse them.")
    assert _country(extractor, text) == "Benin"
    m = _first(extractor, text)
    assert m.actor2.startswith("Police Forces of Benin")


def test_actors_demonym_before_people_names_no_country(extractor):
    text = "Police arrested five suspected Somali militants at a checkpoint."
    assert _country(extractor, text) is None


def test_actors_one_country_actor_names_the_country(extractor):
    text = "Heron Militia members beat two herders. Police later arrested three of them."
    assert _country(extractor, text) == "Benin"


def test_actors_clues_of_two_countries_name_none(extractor):
    text = "Heron Militia fighters fled after the Kenyan government deployed police."
    assert _country(extractor, text) is None


def test_actors_the_militants_are_the_joint_group_named_before(extractor):
    m = _first(extractor, "On 3 May 2020, suspected MF or RB militants stopped two trucks "
                          "on a rural road. The militants seized the drivers' phones and money.")
    assert m.actor1 == "Marsh Front and/or Reed Brigade"


def test_actors_soldiers_left_wounded_suffered_the_blast(extractor):
    m = _first(extractor, "On 4 May 2020, a Kenyan army vehicle struck an IED on a rural "
                          "road, leaving three soldiers wounded. The device was likely "
                          "planted by Marsh Front militants.")
    assert m.actor1 == "Marsh Front"
    assert m.actor2.startswith("Military Forces of Kenya")


def test_actors_a_country_named_by_its_border_is_a_neighbour(extractor):
    text = "Unknown gunmen opened fire on the gendarmerie in Djibo, near the border with Mali."
    assert _country(extractor, text) == "Burkina Faso"
    m = _first(extractor, text)
    assert m.actor2.startswith("Police Forces of Burkina Faso")


def test_actors_a_force_only_dispatched_is_no_attacker(extractor):
    m = _first(extractor, "On 5 May 2020, Kenyan soldiers were dispatched to a village where "
                          "a booby-trapped corpse exploded, killing two soldiers. The device "
                          "was likely planted by Marsh Front militants.")
    assert m.actor1 == "Marsh Front"


def test_actors_presumed_group_misparsed_as_object_still_acts(extractor):
    m = _first(extractor, "On 6 May 2020, presumed Marsh Front militants removed goods from "
                          "four carts and seized two motorbikes on a rural road.")
    assert m.actor1 == "Marsh Front"
