"""A 90-document build in a real browser: the report and the app's pages fit 1280 px, stay
bounded in height, and name their sources; screenshots of each in test-artifacts/.

The corpus is made from the example corpus in a temporary folder: its texts cut into
passages of a few paragraphs, each passage given a headline and a byline of its own, in
two editions whose years differ (so their events are distinct, as 90 reports of one war
would be). About twice the example's words: a real build of many documents at a
modest cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitrep.web import BackgroundServer, create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "panjshir"
DOCUMENTS = 90
EDITIONS = (0, 3)  # years added to every year of the text, per edition
PAGE_ROWS = 50
HASH = re.compile(r"\b[0-9a-f]{64}\b")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
WIDTH = 1280
BACK_MATTER = re.compile(r"^(?:See also|Notes|References)\s*$", re.M)  # not report text
OUTLETS = ("Valley Monitor", "Northern Wire", "Frontier Post", "Kabul Desk", "Hindu Kush Daily")


def passages(per_edition: int) -> list[str]:
    """The example corpus (each text up to its reference section) cut into ``per_edition``
    passages of whole sentences, each about the same number of words (paragraph breaks
    kept)."""
    units: list[tuple[int, str]] = []  # (paragraph, sentence)
    paras = [p.strip() for src in sorted(EXAMPLES.glob("*.txt"))
             for p in re.split(r"\n\s*\n", BACK_MATTER.split(src.read_text(encoding="utf-8"))[0])
             if len(p.split()) >= 12]  # prose, not menus and captions
    for k, para in enumerate(paras):
        units += [(k, s) for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para)]
    total = sum(len(s.split()) for _, s in units)
    groups: list[list[tuple[int, str]]] = [[] for _ in range(per_edition)]
    done = 0
    for k, sentence in units:
        groups[min(per_edition - 1, done * per_edition // total)].append((k, sentence))
        done += len(sentence.split())
    out = []
    for group in groups:
        text = ""
        for j, (k, sentence) in enumerate(group):
            text += ("" if j == 0 else " " if group[j - 1][0] == k else "\n\n") + sentence
        out.append(text)
    return out


def make_corpus(dest: Path) -> Path:
    """:data:`DOCUMENTS` reports: every passage in each edition, with a headline, an outlet
    and a publication date of its own."""
    dest.mkdir(parents=True, exist_ok=True)
    per = DOCUMENTS // len(EDITIONS)
    for e, shift in enumerate(EDITIONS):
        for i, text in enumerate(passages(per)):
            text = YEAR.sub(lambda m, s=shift: str(int(m.group()) + s), text)
            year = 2021 + shift
            head = " ".join(text.split()[:8]).strip(" ,.;:")
            outlet = OUTLETS[(i + e) % len(OUTLETS)]
            (dest / f"report_{e}_{i:02d}.txt").write_text(
                f"{head}\n\nBy Staff Reporter | Published {1 + i % 28} September {year}\n\n"
                f"{text}\n\nPublished by {outlet}.\n", encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def large_build(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One real build of the 90 reports (with its report), shared by this module."""
    from sitrep.pipeline.run import build

    corpus = make_corpus(tmp_path_factory.mktemp("large-in"))
    assert len(list(corpus.glob("*.txt"))) == DOCUMENTS
    result = build([corpus], tmp_path_factory.mktemp("large-out"))
    assert result.documents_ok == DOCUMENTS
    return result


@pytest.fixture(scope="module")
def server(large_build: Any) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(large_build.out_dir)) as s:
        yield s


def layout(page: Any) -> dict[str, Any]:
    """How the page sits in the window: horizontal overflow of the page and of any element
    of ``main`` (a scrolled table box included), the widest such element, and the height."""
    return page.evaluate("""() => {
        const doc = document.documentElement;
        const main = document.querySelector('main') || document.body;
        let worst = 0, what = '';
        for (const el of [main, ...main.querySelectorAll('*')]) {
            const r = el.getBoundingClientRect();
            if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
            const over = Math.max(el.scrollWidth - el.clientWidth,
                                  r.right + window.scrollX - doc.clientWidth);
            const clipped = getComputedStyle(el).overflowX;
            if ((clipped !== 'visible' || el === main) && over > worst) {
                worst = over; what = el.tagName + '.' + el.className;
            }
        }
        return {page: doc.scrollWidth - doc.clientWidth, main: worst, what,
                height: doc.scrollHeight};
    }""")


def assert_fits(page: Any, where: str, max_height: int) -> None:
    got = layout(page)
    assert got["page"] <= 0, f"{where}: the page scrolls sideways by {got['page']} px"
    assert got["main"] <= 1, f"{where}: {got['what']} hides {got['main']} px of content"
    assert got["height"] < max_height, f"{where} is {got['height']} px tall"
    text = page.inner_text("main")
    assert not HASH.search(text), f"{where} shows a 64-character document id"


def test_browser_large_build_report_fits_is_paged_and_names_sources(
        page: Any, large_build: Any, artifacts: Path) -> None:
    report = Path(large_build.out_dir) / "report.html"
    assert report.stat().st_size < 3_000_000, "the report of 90 documents stays small"
    page.goto(report.as_uri())
    assert page.viewport_size["width"] == WIDTH
    total = page.locator("table.events tbody tr").count()
    assert total == large_build.events > PAGE_ROWS, "more events than one page"
    visible = page.locator("table.events tbody tr:not([hidden])")
    assert visible.count() == PAGE_ROWS
    assert page.inner_text("#f-count") == f"{total} of {total} events shown"
    assert_fits(page, "report", 40_000)
    page.screenshot(path=str(artifacts / "large-report.png"))
    row = visible.first
    row.locator("details summary").click()
    source = row.locator("ol.mentions .src").first.inner_text()
    assert ".txt" in source and any(o in source for o in OUTLETS), source
    assert_fits(page, "report with an event open", 40_000)
    page.locator("#events").screenshot(path=str(artifacts / "large-report-events.png"))
    facts = page.locator("#contested article.fact:not([hidden])")
    assert 1 <= facts.count() <= PAGE_ROWS
    facts.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "large-report-contested.png"))


APP_PAGES = ("/events", "/events/{event}", "/claims", "/contested", "/actors", "/documents")


def test_browser_large_build_app_pages_fit_are_bounded_and_name_sources(
        page: Any, server: BackgroundServer, artifacts: Path) -> None:
    events = httpx.get(f"{server.url}/api/events", params={"limit": 1000}).json()
    assert events["total"] > PAGE_ROWS
    event = max(events["items"], key=lambda e: e["sources_count"] or 0)["event_id_cnty"]
    for path in APP_PAGES:
        url = path.format(event=event)
        page.goto(server.url + url)
        assert_fits(page, url, 20_000)
        name = "event" if "{event}" in path else path.strip("/")
        page.screenshot(path=str(artifacts / f"large-app-{name}.png"), full_page=True)
    page.goto(f"{server.url}/events/{event}")
    source = page.locator("ol.mentions li").first.inner_text()
    assert ".txt" in source and any(o in source for o in OUTLETS), source
    for path, rows, noun in (("/events", "table.events tbody tr", "events"),
                             ("/claims", "table.claims tbody tr", "claims"),
                             ("/contested", "article.fact", "facts")):
        page.goto(server.url + path)  # long lists come a page at a time, with their total
        total = int(re.search(rf"of (\d+) {noun}", page.inner_text("#count")).group(1))
        assert page.locator(rows).count() == min(total, PAGE_ROWS), path
    page.goto(server.url + "/documents")
    assert page.locator("main table tbody tr").count() == len(
        httpx.get(f"{server.url}/api/documents", params={"limit": 1000}).json()["items"])
