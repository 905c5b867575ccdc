"""Shared test helpers: in-memory records and one real build of the example corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.records import Mention, Place

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "panjshir"

# Real-browser fixtures (browser, page, artifacts) for tests/test_browser_*.py.
pytest_plugins = ["browser_support"]


def make_place(
    name: str = "Alpha",
    admin1: str = "North",
    admin2: str | None = "Alpha",
    feature: str = "district",
) -> Place:
    return Place(
        name=name,
        matched=name,
        feature=feature,
        country="Afghanistan",
        iso=4,
        region="South Asia",
        admin1=admin1,
        admin2=admin2,
        admin3=None,
        latitude=35.0,
        longitude=69.0,
        geo_precision=2,
        score=100.0,
    )


def make_mention(
    mid: str, doc: str = "d1", day: date = date(2021, 9, 6), place: Place | None = None, **kw
) -> Mention:
    fields = dict(
        mention_id=mid,
        doc_id=doc,
        doc_file=f"{doc}.txt",
        event_date=day,
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Red Army",
        actor2="Blue Front",
        location=(place or make_place()).name,
        place=place or make_place(),
        char_start=0,
        char_end=10,
        evidence="0123456789",
    )
    fields.update(kw)
    return Mention(**fields)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory):
    """One real build of the example corpus, shared by the tests that only read it."""
    from sitrep.pipeline.run import build

    out = tmp_path_factory.mktemp("panjshir")
    result = build([EXAMPLES], out)
    return result
