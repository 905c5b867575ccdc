"""Ingest: structural checks over the shipped example corpus (no quoted sentences)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest import iter_documents, iter_paths, read_document
from sitrep.records import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "panjshir"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    if not EXAMPLES.is_dir():
        pytest.skip("example corpus not present")
    return {p.name: read_document(p) for p in iter_paths([EXAMPLES])}


def _find(docs: dict[str, Document], marker: str) -> Document:
    matches = [d for d in docs.values() if marker in d.text]
    assert len(matches) == 1, marker
    return matches[0]


def _covered(doc: Document, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in doc.furniture)


def test_ingest_examples_every_file_becomes_a_document(docs: dict[str, Document]) -> None:
    assert "SOURCES.md" not in docs  # corpus metadata is skipped in folder walks
    assert len(docs) == 3
    assert len({d.doc_id for d in docs.values()}) == 3
    for doc in docs.values():
        assert re.fullmatch(r"[0-9a-f]{64}", doc.doc_id)
        assert len(doc.analysis_text) == len(doc.text)
    results = list(iter_documents([EXAMPLES]))
    assert all(isinstance(r, Document) for r in results)


def test_ingest_examples_voa_byline_date(docs: dict[str, Document]) -> None:
    voa = _find(docs, "told VOA")
    assert voa.published == date(2021, 8, 23)
    assert voa.date_source == "byline"
    assert voa.kind == "news"
    assert voa.title and voa.title not in voa.analysis_text


def test_ingest_examples_wikipedia_structure(docs: dict[str, Document]) -> None:
    wiki = _find(docs, "From Wikipedia, the free encyclopedia")
    assert wiki.kind == "encyclopedia"
    assert wiki.publisher == "Wikipedia"
    assert wiki.date_source == "latest-date-in-text"
    refs = re.search(r"(?m)^References$", wiki.text)
    assert refs is not None
    analysis = wiki.analysis_text
    assert not analysis[refs.start() :].strip()  # reference list fully excluded
    markers = list(re.finditer(r"\[\d+\]", wiki.text))
    assert len(markers) > 50
    assert all(_covered(wiki, m.start(), m.end()) for m in markers)
    # Prose paragraphs before the reference list are mostly kept.
    assert len(analysis[: refs.start()].split()) > 0.8 * len(wiki.text[: refs.start()].split())


def test_ingest_examples_fandom_wiki(docs: dict[str, Document]) -> None:
    fandom = _find(docs, "[]")
    assert fandom.kind == "encyclopedia"
    assert fandom.publisher and fandom.publisher.endswith("Wiki")
    assert all(_covered(fandom, m.start(), m.end()) for m in re.finditer(r"\[\]", fandom.text))
    assert "Advertisement" not in fandom.analysis_text
