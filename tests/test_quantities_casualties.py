"""sitrep.extract.quantities.find_casualties: casualty and strength figures in one sentence."""

from __future__ import annotations

import pytest

from sitrep.extract.quantities import Casualty, find_casualties


def figures(text: str) -> list[tuple[str, int | None, int | None, str]]:
    found = find_casualties(text)
    for cas in found:
        assert text[cas.start : cas.end] == cas.text
    return [(c.kind, c.low, c.high, c.subject) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The junta said 15 of its conscripts had died near the border.",
            [("killed", 15, 15, "conscripts")],
        ),
        (
            "Locals said up to 60 rebel fighters were killed or injured.",
            [("casualties", None, 60, "rebel fighters")],
        ),
        ("The militia claimed two dozen captured after the raid.", [("captured", 24, 24, "")]),
        (
            "Jets pounded the camp, killing 61 Shabaab fighters over two days.",
            [("killed", 61, 61, "Shabaab fighters")],
        ),
        (
            "The unit suffered 8 casualties: four were killed and another four wounded.",
            [("casualties", 8, 8, ""), ("killed", 4, 4, ""), ("wounded", 4, 4, "")],
        ),
        (
            "Kyiv claimed 950+ killed, 1,500+ captured in the sector.",
            [("killed", 950, None, ""), ("captured", 1500, None, "")],
        ),
        (
            "Rebels encircled and captured 1,500 fighters in the hills.",
            [("captured", 1500, 1500, "fighters")],
        ),
        (
            "At least seven Wagner mercenaries reported killed near Moura.",
            [("killed", 7, None, "Wagner mercenaries")],
        ),
        ("The death toll rose to 12 by the evening.", [("killed", 12, 12, "")]),
        ("Hospital staff counted 12 dead.", [("killed", 12, 12, "")]),
        ("The explosion left 3 people dead in the market.", [("killed", 3, 3, "people")]),
        (
            "Gunmen executed at least 20 civilians in the village.",
            [("killed", 20, None, "civilians")],
        ),
        (
            "Two PDF fighters killed and one wounded, the group said.",
            [("killed", 2, 2, "PDF fighters"), ("wounded", 1, 1, "")],
        ),
        (
            "The battalion lost several fighters in the ambush.",
            [("casualties", 3, None, "fighters")],
        ),
        ("Both sides suffered heavy losses.", [("casualties", None, None, "")]),
        ("The army reported heavy casualties.", [("casualties", None, None, "")]),
        ("The movement has 7,000 personnel under arms.", [("strength", 7000, 7000, "personnel")]),
        ("The group fields 9,000 fighters.", [("strength", 9000, 9000, "fighters")]),
        ("He raised a militia of 400 men.", [("strength", 400, 400, "men")]),
        ("A 2,000-strong brigade withdrew.", [("strength", 2000, 2000, "brigade")]),
        ("A Tatmadaw commander was killed in the clash.", [("killed", 1, 1, "Tatmadaw commander")]),
        (
            "Drones killed 5 soldiers and wounded 12 civilians.",
            [("killed", 5, 5, "soldiers"), ("wounded", 12, 12, "civilians")],
        ),
        (
            "Five soldiers and three civilians were killed.",
            [("killed", 5, 5, "soldiers"), ("killed", 3, 3, "civilians")],
        ),
        (
            "Hundreds of civilians were abducted and dozens of police were wounded.",
            [("captured", 100, None, "civilians"), ("wounded", 12, None, "police")],
        ),
        (
            "Between 10 and 15 soldiers died; 10-15 civilians were hurt.",
            [("killed", 10, 15, "soldiers"), ("wounded", 10, 15, "civilians")],
        ),
        (
            "Police arrested 23 protesters and detained dozens more.",
            [("captured", 23, 23, "protesters"), ("captured", 12, None, "")],
        ),
        ("Militants kidnapped two of his relatives.", [("captured", 2, 2, "relatives")]),
        (
            "The raid ended with six dead, four injured, and two taken prisoner.",
            [("killed", 6, 6, ""), ("wounded", 4, 4, ""), ("captured", 2, 2, "")],
        ),
        (
            "The separatists killed at least two members of the militia.",
            [("killed", 2, None, "members of the militia")],
        ),
        ("Almost 600 insurgents died in the offensive.", [("killed", 600, 600, "insurgents")]),
        (
            "The front recruited a few thousand former police officers.",
            [("strength", 3000, None, "former police officers")],
        ),
    ],
)
def test_quantities_find_casualties(
    text: str, expected: list[tuple[str, int | None, int | None, str]]
) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 5 September 2021, the town of 100,000 people was quiet.",
        "The column drove 150 kilometers in 72 hours.",
        "Fighting lasted four hours near the 32-year-old bridge.",
        "Turnout was 45 percent and the budget was $2,000,000.",
        "Rebels captured 14 villages and 3 tanks.",
        "In 2001, the 9th Brigade held Hill 402.",
        "A clash broke out; an attack followed.",
        "Many civilians were killed and some were wounded.",
        "A 32-year-old was questioned under Resolution 2593 at 10:30.",
    ],
)
def test_quantities_non_casualty_numbers_are_ignored(text: str) -> None:
    assert find_casualties(text) == []


def test_quantities_article_needs_option() -> None:
    text = "A soldier was killed and an officer was wounded."
    assert [c.kind for c in find_casualties(text)] == ["killed", "wounded"]
    assert find_casualties(text, allow_article=False) == []


def test_quantities_casualty_offsets_and_record() -> None:
    text = "Officials said 30 junta troops died."
    (cas,) = find_casualties(text)
    assert cas == Casualty(15, 35, "30 junta troops died", "killed", 30, 30, "junta troops")


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Forty people, including 12 children, were killed.", 40),
        ("At least 17 villagers, among them four women, were killed on Friday.", 17),
    ],
)
def test_quantities_casualty_subset_aside_keeps_the_total(text: str, total: int) -> None:
    first = find_casualties(text)[0]
    assert first.kind == "killed" and first.low == total
