"""Ingest stage: input files -> :class:`sitrep.records.Document`.

Reads .txt/.md, .html and .pdf files, decides what ``text`` is (the string
every later character offset refers to), marks page furniture (adverts,
banners, captions, infobox debris, citation markers, reference lists) as spans
to ignore, and fills metadata: title, publisher, publication date (with where
it came from) and document kind. Every bad input becomes one
:class:`sitrep.errors.InputError` with a one-line reason.

Pattern lists live in ``data/lexicon/furniture.yaml`` and ``data/ingest/*.yaml``;
pass your own files to :func:`load_rules` to extend them.

Modules, in the order a file goes through them: ``decode`` (paths, size limits,
encodings), ``formats`` (text, HTML, PDF), ``furniture`` (spans to ignore, headings),
``dates`` (publication date), ``metadata`` (publisher, title, kind, language),
``document`` (the Document); ``rules`` loads the pattern files and ``lines`` holds the
line helpers they share.
"""

from sitrep.ingest.dates import find_dates
from sitrep.ingest.decode import DEFAULT_MAX_BYTES, iter_paths
from sitrep.ingest.document import iter_documents, read_document
from sitrep.ingest.furniture import find_furniture, headings
from sitrep.ingest.metadata import doc_id_for
from sitrep.ingest.rules import IngestRules, load_rules

__all__ = [
    "DEFAULT_MAX_BYTES",
    "IngestRules",
    "doc_id_for",
    "find_dates",
    "find_furniture",
    "headings",
    "iter_documents",
    "iter_paths",
    "load_rules",
    "read_document",
]
