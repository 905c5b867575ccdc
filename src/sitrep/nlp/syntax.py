"""Shared helpers over the spaCy parse: span groups, containment and head chains.

Every extractor reads the spans the pipeline components left on the Doc and walks the
dependency tree the same way; these are the one copy of those small walks.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Span, Token

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins the text of every token on each
    access, so a per-sentence ``sent.doc.text`` makes a long document quadratic."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


# the span groups read from the last Doc asked about: (Doc, {key: (group, size, spans)});
# one Doc only, since its spans keep it alive
_SPANS: list[tuple[Doc, dict[str, tuple[Any, int, tuple[Span, ...]]]]] = []


def spans(doc: Doc, key: str) -> list[Span]:
    """The spans a component stored under ``key`` (none when it did not run).

    Reading a span group makes a new Span object per span, and extractors ask for the
    same group once per mention: the spans of the last Doc asked about are kept while
    the group under ``key`` is the same object of the same length (a new group or an
    added span reads it again). A new list each call, so a caller may change it."""
    if key not in doc.spans:
        return []
    group = doc.spans[key]
    if not _SPANS or _SPANS[0][0] is not doc:
        _SPANS[:] = [(doc, {})]
    kept = _SPANS[0][1]
    found = kept.get(key)
    if found is None or found[0] is not group or found[1] != len(group):
        found = kept[key] = (group, len(group), tuple(group))
    return list(found[2])


def inside(span: Span, sent: Span) -> bool:
    """The span lies wholly within the sentence (or any other span)."""
    return span.start >= sent.start and span.end <= sent.end


def heads(token: Token, limit: int = 5) -> Iterable[Token]:
    """The token's heads, nearest first, up to ``limit`` of them (stops at the root)."""
    cur = token
    for _ in range(limit):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur
