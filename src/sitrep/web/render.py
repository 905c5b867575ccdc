"""Rendering the app's templates: one Jinja2 environment (autoescape) with the app's filters.

Both the pages and the error handler render through here, so neither imports the other.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment

from sitrep.outputs.html import environment
from sitrep.outputs.report import same_words
from sitrep.web.rows import doc_href, event_href, jsonable

HERE = Path(__file__).parent
SNIPPET_CHARS = 160
NAV = (("/events", "Events"), ("/documents", "Documents"), ("/claims", "Claims"),
       ("/contested", "Contested facts"),
       ("/control", "Control"), ("/actors", "Actors"), ("/report", "Report"),
       ("/docs", "API"))


def cell(value: Any) -> Any:
    """A store value as table text: ISO dates, 5 decimals, JSON for lists and dicts."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.5f}"
    if isinstance(value, dict | list):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return "" if value is None else value


def snippet(text: Any, n: int = SNIPPET_CHARS) -> str:
    s = str(text or "")
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def row_span(r: Mapping[str, Any]) -> tuple[int, int] | None:
    """A row's character span in its document, when it has one."""
    if isinstance(r.get("char_start"), int) and isinstance(r.get("char_end"), int):
        return r["char_start"], r["char_end"]
    return None


def fact_anchor(fact: Any) -> str:
    """A fact's anchor id: its subject and event ids (stable across pages)."""
    raw = f"{fact.subject}-{'-'.join(fact.event_ids[:3]) or fact.key}"
    return "fact-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in raw)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = environment(HERE / "templates")
    env.filters.update(cell=cell, snippet=snippet)
    env.globals.update(nav=NAV, doc_href=doc_href, event_href=event_href, row_span=row_span,
                       urlencode=urlencode, fact_anchor=fact_anchor, same_words=same_words)
    return env


def render(name: str, **context: Any) -> str:
    """A page of the app rendered from its template."""
    return _env().get_template(name).render(**context)


