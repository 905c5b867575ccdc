"""What the report and the web app share to make HTML: escaping, Jinja2, one stylesheet.

Both render Jinja2 templates with ``autoescape=True``. Every ``{{ value }}`` passes
through :func:`esc` (``html.escape`` with quotes, NUL made visible, None shown as
nothing), so store text is escaped the same way in the report and the app; a value
that is already markup (a rendered partial, ``Markup``) is left as it is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

HERE = Path(__file__).parent
CONTEXT_CHARS = 300


def esc(value: object) -> str:
    """HTML-escape any value for text or a quoted attribute ('' for None)."""
    if value is None:
        return ""
    text = str(value).replace("\x00", "\ufffd")
    return html.escape(text, quote=True)


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` output: markup kept, anything else escaped by :func:`esc`."""
    return value if hasattr(value, "__html__") else Markup(esc(value))


def environment(templates: Path) -> Environment:
    """A Jinja2 environment over ``templates`` and the shared partials, escaping by :func:`esc`."""
    env = Environment(
        loader=FileSystemLoader([str(templates), str(HERE / "templates")]),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["quote_parts"] = quote_parts
    env.tests["date"] = lambda value: isinstance(value, date)
    return env


@lru_cache(maxsize=8)
def static_text(path: Path) -> str:
    """A static file's text (read once)."""
    return path.read_text(encoding="utf-8")


def stylesheet(own: Path) -> str:
    """The common stylesheet followed by a page family's own rules (one sheet for both)."""
    return static_text(HERE / "static" / "common.css") + static_text(own)


@dataclass(frozen=True)
class QuoteParts:
    """Evidence cut out of its document: text before, the quote, text after (or not found)."""

    before: str
    quote: str
    after: str
    found: bool


def quote_parts(text: str | None, start: int | None, end: int | None,
                evidence: str | None, context: int = CONTEXT_CHARS) -> QuoteParts:
    """The evidence inside ~``context`` characters either side of it.

    Falls back to searching the document for the quote, then to the bare quote,
    when the stored span no longer matches the text.
    """
    evidence = evidence or ""
    if text and (start is None or end is None or text[start:end] != evidence):
        found = text.find(evidence) if evidence else -1
        start, end = (found, found + len(evidence)) if found >= 0 else (None, None)
    if not text or start is None or end is None:
        return QuoteParts("", evidence, "", False)
    lo, hi = max(0, start - context), min(len(text), end + context)
    before, after = text[lo:start], text[end:hi]
    if lo > 0:
        cut = before.find(" ", 0, 40)
        before = "…" + (before[cut + 1:] if cut >= 0 else before)
    if hi < len(text):
        cut = after.rfind(" ", max(0, len(after) - 40))
        after = (after[:cut] if cut >= 0 else after) + "…"
    return QuoteParts(before, text[start:end], after, True)


def quote_in_context(text: str | None, start: int | None, end: int | None,
                     evidence: str, context: int = CONTEXT_CHARS) -> str:
    """HTML of the evidence marked inside its context (the ``_quote.html`` partial)."""
    return _shared().get_template("_quote.html").render(
        q=quote_parts(text, start, end, evidence, context))


@lru_cache(maxsize=1)
def _shared() -> Environment:
    return environment(HERE / "templates")

