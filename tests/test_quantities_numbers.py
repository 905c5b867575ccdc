"""sitrep.extract.quantities.parse_number / parse_range: figures as reports write them."""

from __future__ import annotations

import pytest

from sitrep.extract.quantities import parse_number, parse_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500", 1500),
        ("1500", 1500),
        ("950+", 950),
        ("15", 15),
        ("fifteen", 15),
        ("twenty-two", 22),
        ("Twenty two", 22),
        ("one hundred and fifty", 150),
        ("three thousand", 3000),
        ("1.5 million", 1_500_000),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half-a-dozen", 6),
        ("half a dozen", 6),
        ("dozens", 12),
        ("scores", 20),
        ("hundreds", 100),
        ("thousands", 1000),
        ("several", 3),
        ("a few", 3),
        ("a handful", 3),
        ("at least 20", 20),
        ("up to 60", 60),
        ("nearly two dozen", 24),
        ("almost 600", 600),
        ("more than 100", 100),
        ("over 100", 100),
        ("about 7,000", 7000),
        ("approximately 7,000", 7000),
        ("c. 9,000", 9000),
        ("around 300", 300),
        ("one", 1),
        ("between 10 and 15", 10),
    ],
)
def test_quantities_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["some", "many", "numerous", "a", "an", "", "the army", "15 soldiers", "1,500 km away"]
)
def test_quantities_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_quantities_article_counts_only_when_allowed() -> None:
    assert parse_number("a", allow_article=True) == 1
    assert parse_number("an", allow_article=True) == 1
    assert parse_number("a") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between 10 and 15", (10, 15)),
        ("10-15", (10, 15)),
        ("10 to 15", (10, 15)),
        ("ten to fifteen", (10, 15)),
        ("2,000–10,000", (2000, 10000)),
        ("up to 60", (None, 60)),
        ("as many as 30", (None, 30)),
        ("at least 20", (20, None)),
        ("more than 100", (100, None)),
        ("1,500+", (1500, None)),
        ("dozens", (12, None)),
        ("several", (3, None)),
        ("about 40", (40, 40)),
        ("12", (12, 12)),
        ("many", (None, None)),
    ],
)
def test_quantities_parse_range(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_range(text) == expected
