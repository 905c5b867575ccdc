"""Session 12 rules, on invented reports.

* "bomb-making materials", "bomb making components": the device noun only names what the
  materials are for (a bomb made, not set off), so no explosion is coded from it; the
  arrest or a blast told in the same report still is.
"""

from __future__ import annotations

import pytest

from conftest import news_document
from sitrep.pipeline.analyse import analyse_document, make_extractor

_REMOTE = "Explosions/Remote violence"


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def _types(extractor, key: str, text: str) -> list[str]:
    return [m.sub_event_type for m in analyse_document(news_document(key, text), extractor)]


def _explosions(extractor, key: str, text: str) -> list[str]:
    return [m.sub_event_type for m in analyse_document(news_document(key, text), extractor)
            if m.event_type == _REMOTE]


def test_events_precision_bomb_making_materials_found_is_no_explosion(extractor):
    text = "Officers found bomb-making materials inside a house in Dalton, Georgia, on Monday."
    assert not _explosions(extractor, "s12-materials", text)


def test_events_precision_arrest_for_bomb_making_parts_is_an_arrest_only(extractor):
    text = ("Police in Dalton, Georgia, arrested a teacher on Monday for possession of bomb "
            "making components.")
    types = _types(extractor, "s12-parts", text)
    assert "Arrests" in types
    assert not _explosions(extractor, "s12-parts", text)


def test_events_precision_bomb_that_went_off_is_still_an_explosion(extractor):
    text = "A bomb exploded at a market in Dalton, Georgia, on Monday, killing two people."
    assert _explosions(extractor, "s12-blast", text)


def test_events_precision_blast_while_making_a_bomb_is_still_an_explosion(extractor):
    text = ("Two militants were killed on Monday in Kandahar, Afghanistan, when the bomb "
            "they were making exploded inside their house.")
    assert _explosions(extractor, "s12-own-goal", text)
