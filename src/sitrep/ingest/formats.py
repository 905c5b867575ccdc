"""Formats: HTML main text via trafilatura, PDF page text via pypdf (running heads dropped,
hard-wrapped lines reflowed into paragraphs)."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sitrep.errors import InputError
from sitrep.ingest.dates import _parse_iso_date, find_dates
from sitrep.ingest.decode import _check_text_chars, _decode, _normalise_newlines
from sitrep.ingest.lines import _LIST_ITEM, _ends_sentence, _words
from sitrep.ingest.rules import IngestRules


@dataclass(frozen=True)
class _Extracted:
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    pages: int = 0
    # True when ``published`` only says when the file was made (a PDF's creation date,
    # the day a web page was printed): a date the text states (byline, dateline) wins
    file_date: bool = False


def _extract_text(path: Path, data: bytes) -> _Extracted:
    """A .txt/.md file: decoded, control characters refused, newlines normalised."""
    text = _decode(path, data)
    _check_text_chars(path, text)
    return _Extracted(text=_normalise_newlines(text).removeprefix("\ufeff"))


def _extract_html(path: Path, data: bytes) -> _Extracted:
    import trafilatura

    source: bytes | str = data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        source = _decode(path, data)
    elif b"\x00" in data[:8192]:
        _decode(path, data)  # raises with the right reason
    today = date.today()
    try:
        result = trafilatura.bare_extraction(
            source,
            output_format="python",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": today.isoformat(),
            },
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(str(path), f"cannot parse HTML ({type(exc).__name__})") from exc
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    paragraphs = [p.strip() for p in _normalise_newlines(body).split("\n") if p.strip()]
    # trafilatura falls back to menu and link text when a page has no article
    if not any(_words(p) >= 8 for p in paragraphs):
        raise InputError(str(path), "HTML page has no main text to extract")
    return _Extracted(
        text="\n\n".join(paragraphs),
        title=(result.title or "").strip() or None,
        publisher=(result.sitename or "").strip() or None,
        published=_parse_iso_date(result.date, today),
    )


_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]|[ivxlc]{1,6}", re.IGNORECASE
)


def _edge_key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line.strip().lower()).split())


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers/footers and page numbers from the top/bottom lines of pages."""

    def edges(lines: list[str]) -> list[int]:
        idx = [i for i, s in enumerate(lines) if s.strip()]
        return sorted(set(idx[:2] + idx[-2:]))

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(lines[i]) for i in edges(lines)})
    need = max(2, math.ceil(0.5 * len(pages)))
    repeated = (
        {k for k, c in counts.items() if c >= need and _words(k) <= 15}
        if len(pages) >= 2
        else set()
    )
    out = []
    for lines in pages:
        drop = {
            i
            for i in edges(lines)
            if _edge_key(lines[i]) in repeated or _PAGE_NUMBER.fullmatch(_edge_key(lines[i]))
        }
        out.append([s for i, s in enumerate(lines) if i not in drop])
    return out


def _reflow(pages: list[list[str]], rules: IngestRules) -> str:
    """Join hard-wrapped PDF lines into paragraphs; de-hyphenate words split at line ends."""
    lines = []
    for page in pages:
        content = [s.rstrip() for s in page]
        while content and not content[-1]:
            content.pop()
        # a page boundary is not a paragraph break: the flow rules decide
        lines.extend(s for k, s in enumerate(content) if s or any(content[:k]))
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) >= 20)
    width = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 60
    paragraphs: list[str] = []
    current = ""
    prev = ""
    seen = 0
    for raw in [*lines, ""]:
        s = " ".join(raw.split())
        seen += bool(s)
        if s and seen <= rules.byline_scan_lines and _byline_line(s, width, rules):
            # "By Maria Lopez | Published 14 May 2024" under a title: its own paragraph,
            # so the byline reader finds it (a printed web page has no blank lines)
            paragraphs.extend([current, s] if current else [s])
            current, prev = "", ""
            continue
        if not s:
            if current:
                paragraphs.append(current)
            current, prev = "", ""
            continue
        if not current:
            current, prev = s, s
            continue
        prev_short = len(prev) < 0.75 * width
        heading_here = len(s) < 0.6 * width and not _ends_sentence(s) and _ends_sentence(prev)
        hyphen = re.search(r"([^\W\d_]+)[-\u00ad]$", current)
        if hyphen and s[0].isalpha():
            prefix = hyphen.group(1).lower()
            if s[0].islower() and prefix not in rules.keep_hyphen_prefixes:
                current = current[:-1] + s
            else:
                current = current[:-1] + "-" + s
        elif (
            (prev_short and (_ends_sentence(prev) or len(prev) < 0.5 * width))
            or heading_here
            or _LIST_ITEM.match(s)
        ):
            paragraphs.append(current)
            current = s
        else:
            current = current + " " + s
        prev = s
    return "\n\n".join(paragraphs)


def _byline_line(s: str, width: int, rules: IngestRules) -> bool:
    """A short line near the top that opens with a byline cue and states a full date,
    and is no sentence (a wrapped body line ending a paragraph is one)."""
    return (
        len(s) < 0.75 * width
        and bool(rules.byline_published.match(s) or rules.byline_updated.match(s))
        and not _ends_sentence(s)
        and bool(find_dates(s))
    )


def _extract_pdf(path: Path, data: bytes, rules: IngestRules) -> _Extracted:
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise InputError(str(path), "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(str(path), "PDF is truncated or corrupt (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(str(path), "PDF is encrypted with a password")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        meta_title = info.title if info else None
        try:
            created = info.creation_date if info else None
        except Exception:  # malformed /CreationDate strings
            created = None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(str(path), f"PDF is truncated or corrupt ({type(exc).__name__})") from exc
    if not raw_pages:
        raise InputError(str(path), "PDF has no pages")
    if sum(len(p.strip()) for p in raw_pages) < 20 * len(raw_pages):
        raise InputError(str(path), "PDF has no extractable text (scanned images?); OCR it first")
    pages = _drop_running_lines([_normalise_newlines(p).split("\n") for p in raw_pages])
    title = str(meta_title).strip() if meta_title else None
    if title and any(p.fullmatch(title) for p in rules.ignored_pdf_titles):
        title = None
    return _Extracted(
        text=_reflow(pages, rules),
        title=title,
        published=_parse_iso_date(created, date.today()),
        pages=len(raw_pages),
        file_date=True,
    )
