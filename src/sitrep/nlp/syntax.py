"""Shared helpers over the spaCy parse: span groups, containment and head chains.

Every extractor reads the spans the pipeline components left on the Doc and walks the
dependency tree the same way; these are the one copy of those small walks.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins the text of every token on each
    access, so a per-sentence ``sent.doc.text`` makes a long document quadratic."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def spans(doc: Doc, key: str) -> list[Span]:
    """The spans a component stored under ``key`` (none when it did not run)."""
    return list(doc.spans[key]) if key in doc.spans else []


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
