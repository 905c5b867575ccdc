"""sitrep.nlp.timex: explicit dates, ranges, vague and deictic expressions, precision codes."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.timex import Narrative
from sitrep.records import Timex

ANCHOR = date(2023, 3, 15)  # a Wednesday


def one(text: str, anchor: date | None = ANCHOR, narrative: date | None = None) -> Timex:
    nar = Narrative(anchor)
    nar.narrative = narrative
    nar.reference = narrative
    found = nar.resolve(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 5 March, militants raided the post.", date(2023, 3, 5)),
        ("The convoy was hit on 5 March 2022.", date(2022, 3, 5)),
        ("Troops entered the town on March 5, 2022, officials said.", date(2022, 3, 5)),
        ("Shelling resumed on Sept. 5, 2021.", date(2021, 9, 5)),
        ("Shelling resumed on Feb. 9.", date(2023, 2, 9)),
        ("The report is dated 2022-11-04 in the archive.", date(2022, 11, 4)),
        ("By 4 March the garrison had withdrawn.", date(2023, 3, 4)),
        ("As of 3 March 2023 the road was closed.", date(2023, 3, 3)),
        ("On Monday, 6 March 2023, drones struck the depot.", date(2023, 3, 6)),
        ("A ceasefire was signed on the 9th of March.", date(2023, 3, 9)),
    ],
)
def test_timex_explicit_days(text: str, expected: date) -> None:
    tx = one(text)
    assert (tx.date_from, tx.date_to, tx.precision, tx.kind) == (expected, expected, 1, "absolute")
    assert text[tx.start : tx.end] == tx.text


def test_timex_around_a_day_is_precision_two() -> None:
    tx = one("Around 17 February, the militia regrouped.")
    assert tx.date_from == date(2023, 2, 17)
    assert tx.precision == 2


def test_timex_offsets_are_shifted() -> None:
    nar = Narrative(ANCHOR)
    tx = nar.resolve("Clashes on 2 March.", offset=100)[0]
    assert (tx.start, tx.end, tx.text) == (111, 118, "2 March")


@pytest.mark.parametrize(
    ("text", "d_from", "d_to", "precision"),
    [
        ("Fighting raged between 7 and 9 March.", date(2023, 3, 7), date(2023, 3, 9), 2),
        ("Fighting raged 7-9 March 2022.", date(2022, 3, 7), date(2022, 3, 9), 2),
        ("Fighting raged from 7 to 9 March.", date(2023, 3, 7), date(2023, 3, 9), 2),
        ("On 6 and 7 February, the two sides clashed.", date(2023, 2, 6), date(2023, 2, 7), 2),
        ("The siege lasted from 1 to 20 February.", date(2023, 2, 1), date(2023, 2, 20), 3),
        ("Talks ran from 28 February to 2 March.", date(2023, 2, 28), date(2023, 3, 2), 2),
        (
            "From 30 December to 2 January 2023 the town was shelled.",
            date(2022, 12, 30),
            date(2023, 1, 2),
            2,
        ),
        ("Raids took place February 3-5, 2023.", date(2023, 2, 3), date(2023, 2, 5), 2),
    ],
)
def test_timex_ranges(text: str, d_from: date, d_to: date, precision: int) -> None:
    tx = one(text)
    assert (tx.date_from, tx.date_to, tx.precision, tx.kind) == (d_from, d_to, precision, "range")


@pytest.mark.parametrize(
    ("text", "d_from", "d_to", "precision", "kind"),
    [
        ("In late February the rebels advanced.", date(2023, 2, 21), date(2023, 2, 28), 2, "vague"),
        ("By early March, aid had stopped.", date(2023, 3, 1), date(2023, 3, 10), 2, "vague"),
        (
            "Since mid-February, the town has been cut off.",
            date(2023, 2, 11),
            date(2023, 2, 20),
            2,
            "vague",
        ),
        (
            "At the end of January the front stalled.",
            date(2023, 1, 21),
            date(2023, 1, 31),
            2,
            "vague",
        ),
        (
            "At the beginning of February talks failed.",
            date(2023, 2, 1),
            date(2023, 2, 10),
            2,
            "vague",
        ),
        ("In January, strikes intensified.", date(2023, 1, 1), date(2023, 1, 31), 3, "month"),
        ("The offensive of August 2021 failed.", date(2021, 8, 1), date(2021, 8, 31), 3, "month"),
        ("Unrest grew in 2022 across the Sahel.", date(2022, 1, 1), date(2022, 12, 31), 3, "year"),
        (
            "The junta promised elections by early 2024.",
            date(2024, 1, 1),
            date(2024, 4, 30),
            3,
            "year",
        ),
        (
            "Recruitment surged in the summer of 2022.",
            date(2022, 6, 1),
            date(2022, 8, 31),
            3,
            "year",
        ),
        ("The movement was founded in the 1980s.", date(1980, 1, 1), date(1989, 12, 31), 3, "year"),
        ("Militias formed in the early 1990s.", date(1990, 1, 1), date(1993, 12, 31), 3, "year"),
        ("The town fell in 1995.", date(1995, 1, 1), date(1995, 12, 31), 3, "year"),
    ],
)
def test_timex_vague_months_and_years(
    text: str, d_from: date, d_to: date, precision: int, kind: str
) -> None:
    tx = one(text)
    assert (tx.date_from, tx.date_to, tx.precision, tx.kind) == (d_from, d_to, precision, kind)


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("Sunday", date(2023, 3, 12), "weekday"),
        ("Militants attacked on Monday.", date(2023, 3, 13), "weekday"),
        ("The market was shelled on Wednesday.", date(2023, 3, 15), "weekday"),
        ("Protests began last Wednesday.", date(2023, 3, 8), "weekday"),
        ("Troops withdrew last Tuesday night.", date(2023, 3, 14), "weekday"),
        ("Officials said today that the road reopened.", date(2023, 3, 15), "relative"),
        ("A drone struck a wedding yesterday.", date(2023, 3, 14), "relative"),
        ("The army says it will respond tonight.", date(2023, 3, 15), "relative"),
    ],
)
def test_timex_deictic_days_use_anchor(text: str, expected: date, kind: str) -> None:
    tx = one(text, narrative=date(2023, 1, 2))  # the narrative must not matter
    assert (tx.date_from, tx.date_to, tx.precision, tx.kind) == (expected, expected, 1, kind)


@pytest.mark.parametrize(
    ("text", "d_from", "d_to", "precision"),
    [
        ("Fighting intensified this week.", date(2023, 3, 13), date(2023, 3, 15), 2),
        ("Earlier this week the bridge was blown.", date(2023, 3, 13), date(2023, 3, 15), 2),
        ("Clashes erupted last week.", date(2023, 3, 6), date(2023, 3, 12), 2),
        ("Clashes erupted midweek.", date(2023, 3, 14), date(2023, 3, 15), 2),
        ("Several raids occurred last month.", date(2023, 2, 1), date(2023, 2, 28), 3),
        ("A soldier was kidnapped a week ago.", date(2023, 3, 8), date(2023, 3, 8), 2),
    ],
)
def test_timex_deictic_weeks_and_months(
    text: str, d_from: date, d_to: date, precision: int
) -> None:
    tx = one(text)
    assert (tx.date_from, tx.date_to, tx.precision) == (d_from, d_to, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Rebels said 15 of its soldiers had been wounded.",
        "Some 1,500 people fled, and 2000 fighters massed nearby.",
        "The 9th Brigade held the line through the 20th century.",
        "Officials may discuss the march towards the city.",
        "The column moved 150 kilometers in 72 hours.",
        "Hours after the blast, a 32-year-old man was arrested.",
        "Deictic words need an anchor: yesterday and on Monday.",
    ],
)
def test_timex_non_dates_are_ignored(text: str) -> None:
    assert Narrative(None).resolve(text) == []


def test_timex_event_name_nine_eleven() -> None:
    tx = one("Policy changed after 9/11 for good.")
    assert (tx.date_from, tx.kind) == (date(2001, 9, 11), "absolute")


def test_timex_history_year_does_not_move_narrative() -> None:
    nar = Narrative(date(2021, 9, 20))
    nar.resolve("On 2 September, the valley was attacked.")
    nar.resolve("Its hero had been killed in 2001 and the 1980s were bloody.")
    assert nar.narrative == date(2021, 9, 2)
    nxt = nar.resolve("The next day the rebels counterattacked.")[0]
    assert nxt.date_from == date(2021, 9, 3)


def test_narrative_reads_sentences_in_order() -> None:
    text = (
        "Clashes began on 30 December 2021 near the border. The following day, drones "
        "struck a depot.\nOn 2 January, the army retook the town. A day later it withdrew."
    )
    sentences = [
        "Clashes began on 30 December 2021 near the border.",
        "The following day, drones struck a depot.",
        "On 2 January, the army retook the town.",
        "A day later it withdrew.",
    ]
    narrative = Narrative(date(2022, 1, 10))
    found: list[Timex] = []
    for sentence in sentences:  # one narrative across sentences, as the spaCy component does
        found.extend(narrative.resolve(sentence, text.index(sentence)))
    assert [t.date_from for t in found] == [
        date(2021, 12, 30),
        date(2021, 12, 31),
        date(2022, 1, 2),
        date(2022, 1, 3),
    ]
    assert all(text[t.start : t.end] == t.text for t in found)
