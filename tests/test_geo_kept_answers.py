"""Speed without a change of answer: the gazetteer keeps what ``resolve`` chose per
process, the world tables keep each town's folded keys, and a sentence's n-grams are read
once. Each kept answer must equal the one worked out afresh."""

from __future__ import annotations

import csv
import io

import pytest

from sitrep.nlp.geo import Gazetteer, default_gazetteer
from sitrep.nlp.geo.normalize import _context_keys, fold
from sitrep.nlp.geo.world import _add, _joined


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(("name", "context", "countries"), [
    ("Anaba", "Fighting was reported in Anaba district on Tuesday.", ()),
    ("Djibo", "Gunmen raided a market in Djibo at dawn.", ("Burkina Faso",)),
    ("Kadugli", "Shelling hit the outskirts of Kadugli overnight.", ("Sudan",)),
    ("Springfield", "A rally was held in Springfield.", ()),
])
def test_geo_kept_answers_equal_fresh_ones(gaz: Gazetteer, name: str, context: str,
                                           countries: tuple[str, ...]) -> None:
    first = gaz.resolve(name, context, focus_countries=countries)
    again = gaz.resolve(name, context, focus_countries=countries)
    fresh = gaz._resolve(name, context, (), countries, 0)
    assert first == again == fresh
    assert again is first  # the second answer is the kept one


def test_geo_kept_answers_tell_their_arguments_apart(gaz: Gazetteer) -> None:
    text = "Clashes broke out near Khost on Sunday."
    plain = gaz.resolve("Khost", text)
    with_focus = gaz.resolve("Khost", text, focus=["Khost"])
    assert with_focus == gaz._resolve("Khost", text, ["Khost"], (), 0)
    assert plain == gaz._resolve("Khost", text, (), (), 0)
    # a different sentence is a different question, not the kept answer of the first
    other = gaz.resolve("Khost", "The Khost province governor spoke on Sunday.")
    assert other == gaz._resolve("Khost", "The Khost province governor spoke on Sunday.",
                                 (), (), 0)


def test_geo_kept_answers_context_keys_leave_out_the_name_itself() -> None:
    text = "Troops moved from Bamako towards Mopti and Gao."
    keys = _context_keys(text, fold("Mopti"))
    assert fold("Mopti") not in keys and fold("Bamako") in keys and fold("Gao") in keys
    assert fold("Mopti") in _context_keys(text, fold("Gao"))  # the n-grams are not changed


@pytest.mark.parametrize("country", ["Kenya", "Mali", "Ukraine"])
def test_geo_kept_answers_country_index_equals_folding_afresh(gaz: Gazetteer,
                                                              country: str) -> None:
    """The keys kept with each row index a country exactly as folding its names does."""
    world = gaz._world
    index = world.country(country)
    expected: dict = {k: list(v) for k, v in world._extra.get(country, {}).items()}
    for e in world._units.get(country, ()):
        key = fold(e.name)
        if len(key) >= 3 and key not in world.stop:
            _add(expected, key, e)
    rows = list(csv.reader(io.StringIO(world._rows[country])))
    assert rows
    for row in rows:
        e = world._entry(row)
        for i, n in enumerate([row[0], *filter(None, row[6].split("|"))]):
            key = fold(n)
            if len(key) >= (3 if i == 0 else 4) and key not in world.stop:
                _add(expected, key, e)
        joined = _joined(row[0])
        if joined and joined not in world.stop:
            _add(expected, joined, e)
    assert index == expected
