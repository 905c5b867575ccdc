"""Shared test helpers: in-memory records and one real build of the example corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.records import Document, Mention, Place

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


# A one-document corpus with awkward cells: a title and a quote that a spreadsheet would
# run as formulas, a place with negative coordinates (Haiti).
FORMULA_CORPUS = """=HYPERLINK("http://example.test/x","Gang violence report")

By Staff Reporter | Published 5 March 2024

On 4 March 2024, gang members attacked the police station in Mirebalais, Haiti, killing \
three officers.

@Reuters: On 3 March 2024, gangs stormed the national penitentiary in Port-au-Prince, \
Haiti, freeing thousands of inmates.
"""


@pytest.fixture(scope="session")
def formula_build(tmp_path_factory: pytest.TempPathFactory):
    """A real build of :data:`FORMULA_CORPUS` (small: for exports and the API's edges)."""
    from sitrep.pipeline.run import build

    src = tmp_path_factory.mktemp("formula-in")
    (src / "haiti.txt").write_text(FORMULA_CORPUS, encoding="utf-8")
    return build([src], tmp_path_factory.mktemp("formula-out"), report=False)


@pytest.fixture(scope="session")
def extractor():
    """The packaged pipeline and actor files, loaded once for the rule tests that use it
    (a test module may define its own, e.g. without the learned model)."""
    from sitrep.nlp.actors import packaged_actor_files
    from sitrep.pipeline.analyse import make_extractor

    return make_extractor(list(packaged_actor_files()))


def news_mentions(extractor, text: str, published: date) -> list[Mention]:
    """Every mention sitrep makes of ``text`` as a news report with that byline date."""
    from sitrep.pipeline.analyse import analyse_document

    return analyse_document(news_document("t", text, published), extractor)


def earliest_mention(extractor, text: str, published: date = date(2021, 6, 1)) -> Mention:
    """The mention that starts first in ``text`` read as a news report (the test fails
    when there is none)."""
    found = news_mentions(extractor, text, published)
    assert found, text
    return min(found, key=lambda m: m.char_start)


def sentence_mentions(extractor, text: str) -> list:
    """The mentions (follow-ups left out) sitrep makes of ``text`` as one news document
    published on 2 June 2021: for rule tests on sentences written for them."""
    from sitrep.pipeline.analyse import analyse_document
    from sitrep.records import Document

    doc = Document(doc_id="t", doc_file="t.txt", path="t.txt", text=text,
                   published=date(2021, 6, 2), date_source="metadata")
    return [m for m in analyse_document(doc, extractor) if "follow-up" not in m.flags]


def first_mention(extractor, text: str):
    """The first of :func:`sentence_mentions` (the test fails when there is none)."""
    found = sentence_mentions(extractor, text)
    assert found, text
    return found[0]


def subtypes_of(extractor, text: str) -> list[str]:
    """The sub-event types sitrep codes in ``text`` as a news report with a byline date of
    1 June 2021, in order (follow-ups included)."""
    from sitrep.pipeline.analyse import analyse_document
    from sitrep.records import Document

    doc = Document(doc_id=str(abs(hash(text))), doc_file="r.txt", path="r.txt", text=text,
                   published=date(2021, 6, 1), date_source="byline", kind="news")
    return [m.sub_event_type for m in analyse_document(doc, extractor)]


def news_document(doc_id: str, text: str, published: date = date(2024, 5, 6)) -> Document:
    """``text`` as a news report with a byline date (6 May 2024 unless given)."""
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt", text=text,
                    published=published, date_source="byline", kind="news")


def violent_mentions(found: list[Mention], words: str) -> list[Mention]:
    """The mentions of ``found`` whose quote holds ``words`` and whose event type is one of
    the lexicon's violent types."""
    from sitrep.extract.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    return [m for m in found if words in m.evidence and m.event_type in lexicon.violent_types]
