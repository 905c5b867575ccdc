"""world.yaml (actors of other conflicts) and the sitrep_state_forces component."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import DataFileError
from sitrep.nlp.actors import ActorRegistry, packaged_actor_files

PACKAGED = {p.name: p for p in packaged_actor_files()}


@pytest.fixture(scope="module")
def reg() -> ActorRegistry:
    return ActorRegistry.load()


@pytest.fixture(scope="module")
def nlp() -> Language:
    from sitrep.nlp import load_pipeline

    return load_pipeline()


def _run(nlp: Language, text: str, on: date | None = date(2024, 3, 1)) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["document_date"] = on
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _labels(doc: Doc) -> dict[str, str]:
    return {s.text: s.label_ for s in doc.spans["actors"]}


def test_actors_world_packaged_files_load_without_clash(reg: ActorRegistry) -> None:
    assert {"generic.yaml", "afghanistan.yaml", "world.yaml"} <= set(PACKAGED)
    names = {a.name for a in reg.actors}
    assert {"Rapid Support Forces", "M23: March 23 Movement", "Al Shabaab", "Hamas Movement",
            "Military Forces of Ukraine (2019-)", "PDF: People's Defense Force"} <= names
    assert 80 <= len([a for a in reg.actors if reg._countries.get(a.name) or a.inter]) <= 200


def test_actors_world_clash_with_world_alias_raises(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("schema: 1\nactors:\n  - {name: Red Sun Front, inter: 2, "
                    "case_sensitive_aliases: [RSF]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="RSF"):
        ActorRegistry.load([*PACKAGED.values(), mine])


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("RSF fighters", "Rapid Support Forces"),
        ("Hemedti", "Rapid Support Forces"),
        ("al-Shabab militants", "Al Shabaab"),
        ("the M23 rebels", "M23: March 23 Movement"),
        ("Houthi forces", "Ansar Allah"),
        ("Ansarallah", "Ansar Allah"),
        ("Hizbollah", "Hezbollah"),
        ("Tatmadaw", "Military Forces of Myanmar (2021-)"),
        ("Three Brotherhood Alliance", "Three Brotherhood Alliance"),
        ("Hayat Tahrir al-Sham", "HTS: Hayat Tahrir al-Sham"),
        ("FARC dissidents", "EMC: FARC Central General Staff"),
        ("Viv Ansanm coalition", "Viv Ansanm"),
        ("Ambazonian separatists", "Ambazonian Separatists"),
        ("Burkinabe soldiers", "Military Forces of Burkina Faso (2022-)"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM: Group for Support of Islam and Muslims"),
        ("ISWAP", "Islamic State (West Africa) - Lake Chad Faction"),
        ("Wagner mercenaries", "Wagner Group"),
    ],
)
def test_actors_world_aliases_resolve(reg: ActorRegistry, text: str, actor: str) -> None:
    hit = reg.lookup(text)
    assert hit is not None and hit[0].name == actor


@pytest.mark.parametrize(
    "text", ["Al", "al", "is", "sna", "aa", "AA", "kia", "KIA", "pdf", "Golani", "Abdi", "Ali"]
)
def test_actors_world_common_words_do_not_resolve(reg: ActorRegistry, text: str) -> None:
    assert reg.lookup(text) is None


def test_actors_world_afghan_surnames_unchanged(reg: ActorRegistry) -> None:
    without = ActorRegistry.load([PACKAGED["generic.yaml"], PACKAGED["afghanistan.yaml"]])
    for surname, hit in without._surnames.items():
        assert reg._surnames.get(surname) == hit


def test_actors_world_family_alias_goes_to_family_in_any_order(tmp_path: Path) -> None:
    branch = tmp_path / "a.yaml"
    family = tmp_path / "b.yaml"
    branch.write_text("schema: 1\nactors:\n  - {name: Red Band (North), inter: 2, "
                      "aliases: [Red Band, Red Band North]}\n", encoding="utf-8")
    family.write_text("schema: 1\nactors:\n  - {name: Red Band, inter: 2, "
                      "branches: {Veloria: Red Band (North)}}\n", encoding="utf-8")
    for order in ([branch, family], [family, branch]):
        r = ActorRegistry.load(order)
        assert r.lookup("Red Band")[0].name == "Red Band"  # type: ignore[index]
        assert r.lookup("Red Band North")[0].name == "Red Band (North)"  # type: ignore[index]
        assert r.branch("Red Band", "Veloria") == "Red Band (North)"
        assert r.branch("Red Band", "Elsewhere") == "Red Band"


def test_actors_world_state_forces_by_date(reg: ActorRegistry) -> None:
    assert reg.state_forces("Afghanistan", date(2020, 5, 1)) == (
        "Military Forces of Afghanistan (2004-2021)")
    assert reg.state_forces("Afghanistan", date(2021, 9, 3)) == "Taliban"
    assert reg.state_forces("Afghanistan", None) is None  # two regimes, no date
    assert reg.state_forces("Sudan", None) == "Military Forces of Sudan (2019-)"
    assert reg.state_forces("the Democratic Republic of Congo", date(2024, 2, 1)) == (
        "Military Forces of the Democratic Republic of Congo (2019-)")
    assert reg.state_forces("Syria", date(2025, 3, 1)) == "Military Forces of Syria (2024-)"
    assert reg.state_forces("Syria", date(2023, 3, 1)) == "Military Forces of Syria (2000-2024)"
    assert reg.state_forces("Palestine", date(2024, 1, 1)) == "Military Forces of Israel (2022-)"
    assert reg.current_state_forces(
        "Military Forces of Nigeria (2023-)", date(2021, 6, 1)) == (
        "Military Forces of Nigeria (2015-2023)")


def test_actors_world_synthesised_state_forces_are_actors(reg: ActorRegistry) -> None:
    name = reg.state_forces("Lebanon", date(2024, 10, 1))
    assert name == "Military Forces of Lebanon"
    assert reg.inter(name) == 1 and reg.actor(name).side == "Government of Lebanon"
    police = "Police Forces of Lebanon"
    assert reg.actor(police).side == reg.actor(name).side  # one state, one side
    assert reg.allies(name, police) and reg.opponents(name, "Hezbollah")
    with pytest.raises(KeyError):
        reg.actor("nobody at all")


def test_actors_world_state_forces_follow_document_country(nlp: Language) -> None:
    doc = _run(nlp, "Fighting spread across Khartoum and Omdurman on Tuesday. The army said "
               "it had pushed the paramilitary fighters out of two districts of Khartoum, and "
               "soldiers secured the bridge. Ethiopian troops were reported near Gallabat.")
    labels = _labels(doc)
    assert labels["army"] == "Military Forces of Sudan (2019-)"
    assert labels["soldiers"] == "Military Forces of Sudan (2019-)"
    assert labels["Ethiopian troops"] == "Military Forces of Ethiopia (2018-)"


def test_actors_world_state_forces_unresolved_without_country(nlp: Language) -> None:
    doc = _run(nlp, "The army said soldiers had repelled the attack. Government forces "
               "later withdrew.")
    assert not doc.spans["actors"]


def test_actors_world_state_forces_skip_other_peoples_forces(nlp: Language) -> None:
    doc = _run(nlp, "In Mogadishu and Baidoa, Somalia, anti-government forces attacked "
               "former soldiers while foreign troops watched. Fighting near Kismayo "
               "continued as security forces arrived in Mogadishu.")
    labels = _labels(doc)
    assert labels.get("security forces") == "Military Forces of Somalia (2022-)"
    assert "government forces" not in labels and "soldiers" not in labels
    assert "troops" not in labels and "former soldiers" not in labels


def test_actors_world_afghan_state_forces_by_document_date(nlp: Language) -> None:
    text = ("Security forces clashed with gunmen in Kunduz and Baghlan provinces, and "
            "fighting was reported in Takhar and Kunduz.")
    after = _labels(_run(nlp, text, date(2022, 5, 1)))
    before = _labels(_run(nlp, text, date(2019, 5, 1)))
    undated = _labels(_run(nlp, text, None))
    assert after["Security forces"] == "Taliban"
    assert before["Security forces"] == "Military Forces of Afghanistan (2004-2021)"
    assert "Security forces" not in undated


def test_actors_world_islamic_state_branch_by_country(nlp: Language) -> None:
    syria = _labels(_run(nlp, "Islamic State fighters attacked a checkpoint near Deir ez-Zor "
                         "and Raqqa in Syria, and ISIS claimed the attack."))
    nigeria = _labels(_run(nlp, "Islamic State militants raided a base near Maiduguri and "
                           "Monguno, in Borno State, Nigeria."))
    assert syria["Islamic State fighters"] == "Islamic State (Syria)"
    assert syria["ISIS"] == "Islamic State (Syria)"
    assert nigeria["Islamic State militants"] == (
        "Islamic State (West Africa) - Lake Chad Faction")
