"""Event rules that read the clause, not the word: talks held or collapsed, ultimatums
without the word, fighting that spreads to a place, strikes told inside a battle
sentence, trigger nouns that only modify, unknown villages, paragraph places, small towns
of the country a report is about. Invented reports, other actors."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented northern highlands war (test)"
actors:
  - name: Military Forces of Ostland
    side: Government
    inter: 1
    aliases: [Ostland army, Ostlandic troops]
  - name: Highland Front
    side: HF
    inter: 2
    aliases: [Highland Front, HF fighters, Front fighters]
    case_sensitive_aliases: [HF]
  - name: Military Forces of Westmark
    side: Westmark
    inter: 8
    aliases: [Westmark air force]
  - name: Lake Brigade
    side: Brigade
    inter: 3
    aliases: [Lake Brigade]
"""

AFGHAN_REPORT = """Highlands: a week of talks and fighting

Talks between the Highland Front and Ostland army envoys were held in Doha on 3 March, \
but ended without agreement.

On 5 March, negotiations between the two sides collapsed.

On 6 March, the Ostland army gave the HF garrison 48 hours to surrender the town.

Fighting spread to Charikar on 7 March.

If the fighting spreads to Jalalabad, aid convoys could be halted.

On 8 March, HF fighters attacked Ostlandic troops in Nijrab, helped by the Westmark air \
force, which sent jets to carry out air strikes on the army.

On 8 March, the Westmark air force carried out air strikes on army bases in Kunar, as \
fighting continued nearby.

On 9 March, the Front accused the army of ceasefire violations in Tagab.

On 10 March, HF fighters stormed the village of Qarabaghcha-ye Olya in Nijrab district \
and drove out the troops.

On 11 March, the army arrested an HF commander. Later that day, his supporters \
protested in Mahmud-i-Raqi and briefly seized the district centre.

On 12 March, Ostlandic troops raided a farm and killed three of a farmer's relatives.
"""

MALI_REPORT = """Central Mali: Front fighters seize a second town

BAMAKO, March 14, 2024 - Highland Front fighters took control of Douentza on Tuesday, \
residents said. The army said it had bombed their positions near Mopti and in Sevare \
on Wednesday. Officials in Bamako said the group also raided Boni.
"""


def _doc(doc_id: str, text: str, published: date) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt",
                    text=text, published=published, date_source="byline", kind="news")


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("highlands")
    (folder / "highlands.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    return make_extractor([folder / "highlands.yaml", *generic])


@pytest.fixture(scope="module")
def mentions(extractor) -> list:
    return analyse_document(_doc("highlands", AFGHAN_REPORT, date(2024, 3, 14)), extractor)


@pytest.fixture(scope="module")
def mali(extractor) -> list:
    return analyse_document(_doc("mali", MALI_REPORT, date(2024, 3, 14)), extractor)


def _with(mentions: list, words: str) -> list:
    return [m for m in mentions if words in m.evidence]


def test_events_talks_held_and_collapsed_are_strategic_developments(mentions) -> None:
    (held,) = _with(mentions, "were held in Doha")
    assert (held.event_type, held.sub_event_type) == ("Strategic developments", "Other")
    assert held.event_date == date(2024, 3, 3)
    (collapsed,) = _with(mentions, "negotiations between the two sides collapsed")
    assert collapsed.sub_event_type == "Other" and collapsed.event_date == date(2024, 3, 5)


def test_events_ultimatum_without_the_word(mentions) -> None:
    (ultimatum,) = _with(mentions, "48 hours to surrender")
    assert ultimatum.sub_event_type == "Other"
    assert ultimatum.actor1 == "Military Forces of Ostland"


def test_events_fighting_that_spreads_to_a_place_is_fighting_there(mentions) -> None:
    (spread,) = _with(mentions, "spread to Charikar")
    assert spread.sub_event_type == "Armed clash"
    assert spread.location == "Charikar" and spread.place.admin1 == "Parwan"
    assert not _with(mentions, "If the fighting spreads")  # a hypothetical


def test_events_strike_in_a_relative_clause_folds_into_the_battle(mentions) -> None:
    (battle,) = _with(mentions, "attacked Ostlandic troops in Nijrab")
    assert battle.event_type == "Battles"
    (strike,) = _with(mentions, "carried out air strikes on army bases in Kunar")
    assert strike.sub_event_type == "Air/drone strike"  # the strike is the news here


def test_events_trigger_noun_that_only_modifies_is_no_event(mentions) -> None:
    assert not [m for m in _with(mentions, "ceasefire violations")
                if m.sub_event_type == "Agreement"]


def test_events_unknown_village_is_placed_in_its_district(mentions) -> None:
    (raid, *_) = _with(mentions, "stormed the village of")
    assert raid.location == "Qarabaghcha-ye Olya"
    assert raid.place.admin1 == "Kapisa" and raid.place.admin2 == "Nijrab"
    assert raid.place.geo_precision == 2
    assert "not in the gazetteer" in raid.place.reason


def test_events_unlocated_sentence_takes_its_paragraph_place(mentions) -> None:
    (arrest,) = _with(mentions, "arrested an HF commander")
    assert arrest.sub_event_type == "Arrests"
    assert arrest.place.admin1 == "Kapisa" and arrest.place.geo_precision >= 2
    assert "place-from-paragraph" in arrest.flags
    (riot,) = _with(mentions, "briefly seized the district centre")
    assert riot.sub_event_type == "Violent demonstration"  # a protest that seizes is a riot


def test_events_relatives_killed_are_civilians(mentions) -> None:
    (killing,) = _with(mentions, "relatives")
    assert killing.event_type == "Violence against civilians"
    assert killing.actor2.startswith("Civilians")


def test_events_small_town_of_the_reported_country(mali) -> None:
    taken = [m for m in _with(mali, "took control of Douentza")]
    assert [m.location for m in taken] == ["Douentza"]
    assert taken[0].place.country == "Mali"
    assert taken[0].sub_event_type == "Non-state actor overtakes territory"
    # a spelling that only resolves to a town in another country is no place here
    assert all(m.place is None or m.place.country == "Mali" for m in mali)


NEGATIVES = """Orlek district: analysis

ORLEK, Veloria — June 26, 2024 — On 20 June, HF fighters attacked an army post in Nijrab.
The attack was meant to divert troops from the valley.

A Front spokesman rejected the claim, saying there had been no fighting in Tagab on 21 June.

A year after Front fighters seized Tagab, the army has not recovered it.

THE BATTLE FOR TAGAB:

The northern districts were retaken between October 2022 and January 2023.

On 22 June, Front fighters burned 30 houses in Alasay and stormed the district centre.
On 23 June, classrooms were set on fire in Tagab.
"""


@pytest.fixture(scope="module")
def negatives(extractor) -> list:
    return analyse_document(_doc("orlek", NEGATIVES, date(2024, 6, 26)), extractor)


def test_events_references_and_summaries_are_no_events(negatives) -> None:
    (post,) = _with(negatives, "attacked an army post")
    # the attack told before: at most a follow-up mention linked to it, never a new event
    assert all("follow-up" in m.flags and m.anchor == post.mention_id
               for m in _with(negatives, "was meant to divert"))
    assert not _with(negatives, "no fighting")
    assert not _with(negatives, "A year after")
    assert not _with(negatives, "THE BATTLE")
    assert not _with(negatives, "between October 2022")  # a campaign over months


def test_events_property_destruction_in_an_attack_is_the_attack(negatives) -> None:
    (attack,) = _with(negatives, "burned 30 houses")
    assert attack.event_type == "Battles"
    (arson,) = _with(negatives, "set on fire")
    assert arson.sub_event_type == "Looting/property destruction"
    assert arson.event_date == date(2024, 6, 23)


WEAPONS = """Orlek district: weekly update

ORLEK, Veloria — June 26, 2024 — On 20 June, army engineers detected and defused a roadside
bomb planted on the road to Nijrab.

On 21 June, police fired tear gas to disperse protesters who had blocked the main road in
Tagab, and protesters threw stones at them.

On 22 June, a Front drone dropped a grenade on an army checkpoint in Alasay.

On 23 June, the army formally declared
victory over the Front in Tagab.
"""


@pytest.fixture(scope="module")
def weapons(extractor) -> list:
    return analyse_document(_doc("orlek2", WEAPONS, date(2024, 6, 26)), extractor)


def test_events_weapon_found_before_use_is_disrupted_weapons_use(weapons) -> None:
    (found,) = _with(weapons, "defused a roadside")
    assert found.sub_event_type == "Disrupted weapons use"


def test_events_protest_dispersed_is_one_protest_event(weapons) -> None:
    protest = _with(weapons, "disperse protesters")
    assert len(protest) == 1 and protest[0].event_type in {"Protests", "Riots"}
    assert len({m.mention_id for m in weapons}) == len(weapons)  # never the same row twice


def test_events_drone_that_drops_a_munition_is_a_drone_strike(weapons) -> None:
    (strike,) = _with(weapons, "drone dropped")
    assert strike.sub_event_type == "Air/drone strike"


def test_events_phrase_across_a_line_break(weapons) -> None:
    (victory,) = _with(weapons, "declared\nvictory")
    assert victory.sub_event_type == "Change to group/activity"


def test_events_lexicon_refuses_a_key_given_twice(tmp_path) -> None:
    from sitrep.errors import DataFileError
    from sitrep.extract.events import LEXICON_PATH, load_lexicon

    text = LEXICON_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "events.yaml"
    bad.write_text(text.replace("schema: 1", "schema: 1\nschema: 1", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_lexicon(str(bad))
    assert "given twice" in str(err.value) and "\n" not in str(err.value)


MEASURES = """Orlek district: measures and finds

ORLEK, Veloria — June 26, 2024 — On 24 June, a curfew from 6 p.m. to 6 a.m. was imposed in
Tagab after the clashes.

On 25 June, the bodies of four men were found dumped beside the road to Nijrab.
"""


@pytest.fixture(scope="module")
def measures(extractor) -> list:
    return analyse_document(_doc("orlek3", MEASURES, date(2024, 6, 26)), extractor)


def test_events_measures_named_by_their_object(measures) -> None:
    (curfew,) = _with(measures, "was imposed")
    assert (curfew.sub_event_type, curfew.event_date) == ("Other", date(2024, 6, 24))


def test_events_bodies_found_are_an_attack(measures) -> None:
    (found,) = _with(measures, "bodies of four men")
    assert found.event_type == "Violence against civilians"
    assert found.actor2.startswith("Civilians")


ANAPHOR = """Orlek district: claims

ORLEK, Veloria — June 26, 2024 — On 24 June, HF fighters attacked an army post in Nijrab.
On 25 June, the rebels said they had ambushed a Lake Brigade convoy in Tagab.
"""


def test_events_group_anaphor_claimant_is_the_group_named_before(extractor) -> None:
    mentions = analyse_document(_doc("orlek4", ANAPHOR, date(2024, 6, 26)), extractor)
    (ambush,) = _with(mentions, "ambushed a Lake Brigade convoy")
    # "the rebels" are the Front named before the speech, not the brigade named after it
    assert ambush.claimant == "Highland Front"
