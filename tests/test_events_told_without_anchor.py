"""Events told with no actor, place or date of their own: a casualty figure or a past
attack verb is news even so (but a toll right after an event is a mention linked to that
event, which also makes a raid on a market an attack on people); a period
carried from earlier sentences leaves an event undated instead of dropping it; a protest
held "to protest" happened; a convoy that "ran over a landmine" hit one; a report that is
one headline-like line is its own text; a raid on a village that only took property is
looting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest import read_document
from sitrep.merge.events import merge
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

TOLL_ALONE = (
    "Investigators are still looking for the owner of the van.\n\n"
    "Two people were killed and fourteen wounded, a hospital official said.\n"
)
TOLL_AFTER = (
    "On 3 May 2024, gunmen attacked a market in Garissa, Kenya. Two people were killed.\n"
)
CARRIED_YEAR = (
    "In 2019 the insurgency spread to the north of the country. A roadside bomb "
    "exploded near a bus, killing seven passengers.\n"
)
PROTEST = (
    "On 4 May 2024, hundreds of residents blocked the main highway in Kisumu, Kenya, to "
    "protest against rising fuel prices.\n"
)
LANDMINE = (
    "On 6 May 2024, a police vehicle ran over a landmine near Mandera, Kenya, injuring "
    "five officers.\n"
)


def _doc(doc_id: str, text: str, published: date | None = None) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt", text=text,
                    published=published, date_source="byline" if published else "none",
                    kind="news")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def test_events_casualty_figure_alone_is_an_event(extractor) -> None:
    found = analyse_document(_doc("toll", TOLL_ALONE), extractor)
    told = [m for m in found if "Two people were killed" in m.evidence]
    assert len(told) == 1
    assert told[0].event_type in {"Battles", "Violence against civilians",
                                  "Explosions/Remote violence"}
    assert not [m for m in found if "owner of the van" in m.evidence]


def test_events_toll_right_after_an_event_is_that_event(extractor) -> None:
    found = analyse_document(_doc("after", TOLL_AFTER, date(2024, 5, 4)), extractor)
    # the toll sentence tells the attack's figure: a mention linked to it, not a new event
    attack, toll = found
    assert toll.anchor == attack.mention_id and not attack.anchor
    assert attack.fatalities == toll.fatalities == 2
    assert attack.sub_event_type != "Looting/property destruction"  # people were killed
    assert len(merge(found, semantic=False)) == 1


def test_events_carried_year_leaves_event_undated_not_dropped(extractor) -> None:
    found = analyse_document(_doc("year", CARRIED_YEAR), extractor)
    (bomb,) = [m for m in found if "roadside bomb" in m.evidence]
    assert bomb.sub_event_type == "Remote explosive/landmine/IED"
    assert bomb.event_date is None and "undated" in bomb.flags


def test_events_gathering_to_protest_is_a_protest(extractor) -> None:
    found = analyse_document(_doc("protest", PROTEST, date(2024, 5, 5)), extractor)
    assert [m.event_type for m in found] in (["Protests"], ["Riots"])


def test_events_plan_to_protest_is_still_no_event(extractor) -> None:
    text = "On 4 May 2024, traders in Kisumu, Kenya, planned to protest against new taxes.\n"
    found = analyse_document(_doc("plan", text, date(2024, 5, 5)), extractor)
    assert not [m for m in found if m.event_type in {"Protests", "Riots"}]


def test_events_vehicle_that_ran_over_a_landmine_hit_it(extractor) -> None:
    found = analyse_document(_doc("mine", LANDMINE, date(2024, 5, 7)), extractor)
    assert [m.sub_event_type for m in found] == ["Remote explosive/landmine/IED"]


@pytest.mark.parametrize("text", [
    "Gunmen abduct two traders in Mandera",
    "On 27 December 2019, rioters attacked two prison guards in Ruiru. [size=small]",
])
def test_events_one_line_report_is_its_own_text(tmp_path: Path, extractor, text: str) -> None:
    path = tmp_path / "one.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert document.analysis_text.strip() == text  # not blanked as a heading or byline
    assert analyse_document(document, extractor)


def test_events_raid_that_only_took_property_is_looting(extractor) -> None:
    text = ("On 5 May 2024, gunmen raided the village of Kalalo in Marsabit, Kenya, and "
            "stole 200 cattle.\n")
    found = analyse_document(_doc("raid", text, date(2024, 5, 6)), extractor)
    assert [m.sub_event_type for m in found] == ["Looting/property destruction"]


def test_events_raid_that_harmed_people_is_no_looting(extractor) -> None:
    text = ("On 5 May 2024, gunmen raided the village of Kalalo in Marsabit, Kenya, stole "
            "200 cattle and killed two herders.\n")
    found = analyse_document(_doc("raid2", text, date(2024, 5, 6)), extractor)
    assert found and "Looting/property destruction" not in {m.sub_event_type for m in found}
