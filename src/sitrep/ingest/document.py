"""Documents: read one file (or a folder of them) into :class:`sitrep.records.Document`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from sitrep.errors import InputError, SitrepError
from sitrep.ingest.dates import _bylines, latest_date
from sitrep.ingest.decode import DEFAULT_MAX_BYTES, _read_bytes, iter_paths
from sitrep.ingest.formats import _extract_html, _extract_pdf, _extract_text, _Extracted
from sitrep.ingest.furniture import _blank_spans, _merge, find_furniture
from sitrep.ingest.lines import _has_letters, _lines
from sitrep.ingest.metadata import (
    _kind,
    _language_problem,
    _publisher,
    _title_from_text,
    doc_id_for,
)
from sitrep.ingest.rules import IngestRules, _default_rules
from sitrep.records import Document, FailedDocument, StoredDocument


def _build(
    path: Path, extracted: _Extracted, rules: IngestRules, default_published: date | None = None
) -> Document:
    text = extracted.text
    if not text.strip():
        raise InputError(str(path), "file has no text (only whitespace)")
    furniture = find_furniture(text, rules)
    analysed = _blank_spans(text, furniture)
    problem = _language_problem(analysed if _has_letters(analysed) else text, rules)
    if problem:
        raise InputError(
            str(path), f"text is not in English ({problem}); sitrep reads English only"
        )
    lines = _lines(text)
    today = date.today()
    kind = _kind(text, rules, extracted.pages)
    published, source = extracted.published, "metadata"
    if kind != "encyclopedia":  # wiki pages carry no byline
        byline, byline_spans = _bylines(lines, rules, today)
        if byline_spans and _has_letters(_blank_spans(text, _merge([*furniture, *byline_spans]))):
            # (a one-line report that opens with its date is the report, not a byline)
            furniture = _merge([*furniture, *byline_spans])
        if published is None or (extracted.file_date and byline is not None):
            # a byline or dateline beats a file's creation date (a PDF printed from a
            # web page years later), not a page's publication metadata
            published, source = byline, "byline"
    if published is None and default_published is not None:
        published, source = default_published, "build-option"  # sitrep build --published
    if published is None:
        published, source = latest_date(text, today), "latest-date-in-text"
    if published is None:
        source = "none"
    return Document(
        doc_id=doc_id_for(text),
        doc_file=path.name,
        path=str(path),
        text=text,
        title=extracted.title or _title_from_text(lines, rules),
        publisher=extracted.publisher or _publisher(lines, rules),
        published=published,
        date_source=source,
        kind=kind,
        furniture=furniture,
    )


def read_document(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules: IngestRules | None = None,
    published: date | None = None,
) -> Document:
    """Read one file into a Document, or raise InputError with a one-line reason.

    ``published`` is the publication date of a document that states none (in its
    metadata or a byline): ``date_source`` "build-option".

    ``text`` is the decoded file with newlines normalised ("\\r\\n" and "\\r"
    become "\\n") for .txt/.md, trafilatura's main text (one paragraph per
    blank-line-separated block) for HTML, and the reflowed page text for PDF.
    """
    path = Path(path)
    rules = rules or _default_rules()
    return _build(path, _extract(path, max_bytes, rules), rules, published)


def _extract(path: Path, max_bytes: int, rules: IngestRules) -> _Extracted:
    fmt, data = _read_bytes(path, max_bytes)
    if fmt == "html":
        return _extract_html(path, data)
    if fmt == "pdf":
        return _extract_pdf(path, data, rules)
    return _extract_text(path, data)


def _read(
    path: Path, max_bytes: int, rules: IngestRules, published: date | None,
    stored: Callable[[str], bool] | None,
) -> Document | StoredDocument:
    """:func:`read_document`, or only the file's identity when ``stored`` says its text
    is stored already (its furniture, dates and metadata are then not worked out)."""
    extracted = _extract(path, max_bytes, rules)
    if stored is not None and extracted.text.strip():
        doc_id = doc_id_for(extracted.text)
        if stored(doc_id):
            return StoredDocument(doc_id=doc_id, doc_file=path.name, path=str(path))
    return _build(path, extracted, rules, published)


def iter_documents(
    inputs: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules: IngestRules | None = None,
    published: date | None = None,
    stored: Callable[[str], bool] | None = None,
) -> Iterator[Document | FailedDocument | StoredDocument]:
    """Read every file under ``inputs`` (see :func:`iter_paths`), one at a time.

    Never raises for a bad file: it is yielded as a FailedDocument with the
    reason. A file whose normalised text equals an earlier one (same doc_id) is
    yielded as a FailedDocument "duplicate of <first path>", so each doc_id
    appears once. Only doc_ids are remembered, so memory stays bounded. An
    unexpected parser error also becomes a FailedDocument; a malformed rules
    file (DataFileError) or a missing input path (UsageError) is raised.
    ``published`` dates documents that state no date (see :func:`read_document`).

    ``stored``, given a doc_id, says the text is already stored as read and analysed with
    these rules (the build's store, for its extractor version, which covers the rules
    files and ``published``): such a file is yielded as a :class:`StoredDocument`, its
    text decoded and identified but not read further (an unchanged file of a store that
    grows is not re-read in full on every build). Not used with ``rules`` given.
    """
    if rules is not None:
        stored = None  # the store's documents were read with the packaged rules
    rules = rules or _default_rules()
    first_path: dict[str, str] = {}
    for path in iter_paths(inputs):
        try:
            doc = _read(path, max_bytes, rules, published, stored)
        except InputError as exc:
            yield FailedDocument(path=str(path), doc_file=path.name, reason=exc.reason)
            continue
        except SitrepError:
            raise  # bad data file or usage: not this input's fault
        except Exception as exc:  # a parser bug must not end the batch
            reason = f"unexpected error while reading ({type(exc).__name__}: {exc})"
            yield FailedDocument(path=str(path), doc_file=path.name, reason=reason.split("\n")[0])
            continue
        if doc.doc_id in first_path:
            yield FailedDocument(
                path=str(path), doc_file=path.name, reason=f"duplicate of {first_path[doc.doc_id]}"
            )
            continue
        first_path[doc.doc_id] = doc.path
        yield doc
