"""ActorRegistry: loading, validation, lookup, inter codes, sides; a user's own conflict file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import DataFileError
from sitrep.nlp.actors import ActorRegistry, interaction, load_registry, packaged_actor_files

VELORIA = """
schema: 1
conflict: "Republic of Veloria vs Free Highlands Army (invented, for tests)"
country: Veloria
actors:
  - name: Military Forces of Veloria
    side: Government
    inter: 1
    aliases: [Velorian army, Velorian Armed Forces, government troops]
    case_sensitive_aliases: [VAF]
    place_aliases: [Veloria]
    demonyms: [Velorian]
    people:
      - {name: Ana Lustra, aliases: [General Lustra], role: army chief}
      - {name: Tomas Brenner, role: spokesman}
  - name: "FHA: Free Highlands Army"
    side: Highlanders
    inter: 2
    inter_from: {2025-03-01: 1}
    anti_of: [Military Forces of Veloria]
    aliases: [Free Highlands Army, highland rebels]
    case_sensitive_aliases: [FHA]
    generic_aliases: [the movement]
    people:
      - {name: Iker Maddox, role: commander}
      - {name: Sela Voss, aliases: [Voss], role: spokeswoman}
      - {name: Dario Maddox, role: commander}
  - name: Civilians
    side: ""
    inter: 7
    aliases: [civilians, villagers]
sources:
  - {name: Veloria Today, aliases: [Veloria Today], case_sensitive_aliases: [VT]}
"""

FHA = "FHA: Free Highlands Army"
VAF = "Military Forces of Veloria"


@pytest.fixture(scope="module")
def veloria(tmp_path_factory: pytest.TempPathFactory) -> ActorRegistry:
    path = tmp_path_factory.mktemp("actors") / "veloria.yaml"
    path.write_text(VELORIA, encoding="utf-8")
    return ActorRegistry.load([path])


@pytest.fixture(scope="module")
def packaged() -> ActorRegistry:
    return load_registry()


def _name(reg: ActorRegistry, text: str) -> tuple[str, str] | None:
    hit = reg.lookup(text)
    if hit is None:
        return None
    actor, person = hit
    return actor.name, person.name if person else ""


def test_actors_registry_invented_conflict_needs_no_code(veloria: ActorRegistry) -> None:
    assert _name(veloria, "the Velorian army") == (VAF, "")
    assert _name(veloria, "VAF") == (VAF, "")
    assert _name(veloria, "vaf") is None  # case-sensitive alias
    assert _name(veloria, "Highland rebel") == (FHA, "")  # singular of a plural alias
    assert _name(veloria, "General Lustra") == (VAF, "Ana Lustra")
    assert _name(veloria, "Brenner") == (VAF, "Tomas Brenner")  # surname only
    assert _name(veloria, "Sela Voss's") == (FHA, "Sela Voss")
    assert _name(veloria, "Veloria Today") == ("Veloria Today", "")
    assert [s.name for s in veloria.sources] == ["Veloria Today"]


def test_actors_registry_generic_forms(veloria: ActorRegistry) -> None:
    assert _name(veloria, "Velorian troops") == (VAF, "")  # demonym + group noun
    assert _name(veloria, "Velorian") is None  # a demonym alone is no actor
    assert _name(veloria, "FHA fighters") == (FHA, "")
    assert _name(veloria, "Voss's men") == (FHA, "")  # the men are not Voss herself
    assert _name(veloria, "pro-FHA militias") == (FHA, "")
    assert _name(veloria, "FHA-aligned units") == (FHA, "")
    assert _name(veloria, "forces loyal to Iker Maddox") == (FHA, "")
    assert _name(veloria, "anti-FHA forces") is None  # nobody declared anti_of FHA
    assert _name(veloria, "anti-government troops") is None
    assert _name(veloria, "anti-VAF fighters") == (FHA, "")  # anti_of
    # Two Maddoxes of the same side: the surname names the side, not a person.
    assert _name(veloria, "Maddox") == (FHA, "")


def test_actors_registry_inter_dates_and_sides(veloria: ActorRegistry) -> None:
    assert veloria.inter(FHA, date(2024, 12, 31)) == 2
    assert veloria.inter(FHA, date(2025, 3, 1)) == 1
    assert veloria.inter(FHA, None) == 1  # latest code
    assert veloria.opponents(FHA, VAF)
    assert not veloria.opponents(VAF, VAF)
    assert not veloria.opponents(FHA, "Civilians")  # no side: not a belligerent
    assert veloria.allies(VAF, VAF)
    with pytest.raises(KeyError):
        veloria.actor("Nobody")


def test_actors_registry_interaction_codes() -> None:
    assert interaction(1, 2) == 12
    assert interaction(2, 1) == 12
    assert interaction(7, 2) == 27
    assert interaction(8, 8) == 88
    assert interaction(2, None) == 20
    assert interaction(None, 6) == 60
    assert interaction(None, None) == 0


def test_actors_registry_packaged_afghanistan(packaged: ActorRegistry) -> None:
    names = {p.name for p in packaged_actor_files()}
    assert {"afghanistan.yaml", "generic.yaml"} <= names
    assert _name(packaged, "Zabiullah Mujahid") == ("Taliban", "Zabihullah Mujahid")
    assert _name(packaged, "Fahim Dashti") == ("NRF: National Resistance Front", "Fahim Dashty")
    assert _name(packaged, "Islamic Emirate") == ("Taliban", "")
    assert _name(packaged, "Massoud's forces") == ("NRF: National Resistance Front", "")
    assert _name(packaged, "anti-Taliban fighters") == ("NRF: National Resistance Front", "")
    assert _name(packaged, "ISKP") == ("Islamic State (Afghanistan)", "")
    assert _name(packaged, "Pakistani jets") == ("Military Forces of Pakistan", "")
    assert _name(packaged, "Associated Press") == ("AP", "")
    assert _name(packaged, "local sources") == ("Local sources", "")
    assert _name(packaged, "villagers") == ("Civilians", "")
    assert _name(packaged, "us") is None  # "US" is case-sensitive
    assert packaged.inter("Taliban", date(2021, 8, 1)) == 2
    assert packaged.inter("Taliban", date(2021, 9, 1)) == 1
    assert packaged.opponents("Taliban", "NRF: National Resistance Front")
    assert packaged.allies("NRF: National Resistance Front", "AFF: Afghanistan Freedom Front")


def _load_text(tmp_path: Path, *texts: str) -> ActorRegistry:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"f{i}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return ActorRegistry.load(paths)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("schema: 1\nactors:\n  - {name: A, inter: 2, alias: [x]}\n", "unknown key 'alias'"),
        ("schema: 1\nactors:\n  - {inter: 2, aliases: [x]}\n", "missing 'name'"),
        ("schema: 1\nactors:\n  - {name: A, inter: 9}\n", "inter"),
        (
            "schema: 1\nactors:\n  - {name: A, inter: 2, aliases: [Red]}\n"
            "  - {name: B, inter: 2, aliases: [red]}\n",
            "alias 'red' maps to both 'A' and 'B'",
        ),
        ("schema: 2\nactors: []\n", "schema: 1"),
        ("schema: 1\nactors: [\n", "cannot read"),
        ("schema: 1\nactors:\n  - {name: A, inter: 2, inter_from: {soon: 1}}\n", "YYYY-MM-DD"),
        ("schema: 1\nactors:\n  - {name: A, inter: 2, anti_of: [Z]}\n", "unknown actor 'Z'"),
    ],
)
def test_actors_registry_rejects_bad_files(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(DataFileError) as err:
        _load_text(tmp_path, text)
    assert reason in str(err.value)
    assert str(tmp_path) in str(err.value)
    assert "\n" not in str(err.value)


def test_actors_registry_duplicate_alias_across_files(tmp_path: Path) -> None:
    first = "schema: 1\nactors:\n  - {name: A, inter: 2, aliases: [Blue Band]}\n"
    second = "schema: 1\nactors:\n  - {name: B, inter: 3, aliases: [blue band]}\n"
    with pytest.raises(DataFileError) as err:
        _load_text(tmp_path, first, second)
    assert err.value.path.endswith("f1.yaml")


def test_actors_registry_own_file_gets_default_word_lists(tmp_path: Path) -> None:
    reg = _load_text(tmp_path, "schema: 1\nactors:\n  - {name: Green Column, inter: 2}\n")
    assert _name(reg, "Green Column fighters") == ("Green Column", "")
    assert [a.name for a in reg.actors] == ["Green Column"]
    assert reg.sources == []


def test_actors_registry_patterns_for_matchers(veloria: ActorRegistry) -> None:
    patterns = veloria.patterns()
    by_text = {(p["pattern"], p["attr"]): p for p in patterns if p["type"] == "phrase"}
    assert by_text[("VAF", "ORTH")]["label"] == VAF
    assert by_text[("velorian army", "LOWER")]["label"] == VAF
    assert by_text[("Voss", "ORTH")]["person"] == "Sela Voss"
    assert by_text[("VT", "ORTH")]["kind"] == "source"
    assert by_text[("the movement", "LOWER")]["mode"] == "generic"
