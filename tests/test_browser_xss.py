"""Hostile text in the corpus never runs: report.html and the app, checked in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitrep.web import BackgroundServer, create_app

DOCS = {
    "a.txt": (
        "Fighting in the north\n\n"
        "Bamako, 6 May 2023 (Sahel Monitor) - On 3 May 2023, <script>alert(1)</script> "
        "militants attacked the town of Gao, killing 4 soldiers.\n\n"
        "The army said the attackers</script><script>window.__pwned=1</script> fled north.\n"
    ),
    'b"><svg onload=alert(1)>.txt': (
        "Convoy ambushed\n\n"
        "Bamako, 7 May 2023 (Sahel Monitor) - On 5 May 2023, \"><img src=x onerror=alert(1)> "
        "fighters ambushed an army convoy near Timbuktu, killing 7 soldiers.\n"
    ),
    "c.md": (
        "# Clashes in the desert\n\n"
        "Bamako, 8 May 2023 (Sahel Monitor) - On 6 May 2023, insurgents clashed with the army "
        "near Kidal, [said the army](javascript:alert(1)) and "
        "<a href=\"javascript:window.__pwned=1\">a spokesman</a>.\n"
    ),
}
RAW_PAYLOADS = ("<script>alert(1)", "<img src=x", "<svg onload", "</script><script>")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitrep.pipeline.run import build

    src = tmp_path_factory.mktemp("hostile-in")
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    result = build([src], out)
    assert result.events >= 2, "the hostile corpus must yield events for this test to mean much"
    return out


@pytest.fixture(scope="module")
def server(hostile_build: Path) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(hostile_build)) as s:
        yield s


def assert_nothing_ran(page: Any) -> None:
    page.wait_for_timeout(150)  # let any onerror/onload handler fire
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Escaped text never reaches the script engine, so CSP has nothing to refuse either.
    refused = [line for line in page.console_lines if "Content Security Policy" in line]
    assert refused == [], refused
    assert page.locator("img").count() == 0
    assert page.locator("svg[onload], [onerror]").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0


def assert_escaped(html: str) -> None:
    for raw in RAW_PAYLOADS:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_browser_xss_report(page: Any, hostile_build: Path, artifacts: Path) -> None:
    report = hostile_build / "report.html"
    html = report.read_text(encoding="utf-8")
    assert_escaped(html)
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 1  # the report's own script only
    page.goto(report.as_uri())
    page.locator("table.events details summary").first.click()
    page.fill("#f-text", "<script>")
    assert_nothing_ran(page)
    assert page.locator("table.events tbody tr:not([hidden])").count() >= 1
    page.screenshot(path=str(artifacts / "xss-report.png"), full_page=True)


@pytest.mark.parametrize("name", ["event", "document", "search", "documents", "claims"])
def test_browser_xss_app_pages(page: Any, server: BackgroundServer, name: str,
                               artifacts: Path) -> None:
    api = httpx.get(f"{server.url}/api/events", params={"q": "<script>"}).json()
    assert api["total"] >= 1 and "<script>alert(1)</script>" in api["items"][0]["evidence"]
    event = api["items"][0]
    doc_id = event["doc_ids"].split(";")[0]
    url = {
        "event": f"/events/{event['event_id_cnty']}",
        "document": f"/documents/{doc_id}",
        "search": "/events?q=%3Cscript%3E",
        "documents": "/documents",
        "claims": "/claims",
    }[name]
    response = page.goto(server.url + url)
    assert response.status == 200
    html = response.text()
    # The only script a page may carry is the app's own static map code (zoom and pan).
    own = re.sub(r'<script src="/static/map\.js" defer></script>', "", html)
    assert "<script" not in own.lower()
    for raw in RAW_PAYLOADS:
        assert raw not in html, raw
    if name != "documents" and name != "claims":
        assert "&lt;script&gt;" in html
    if name == "search":
        assert page.locator("input[name=q]").input_value() == "<script>"
    assert_nothing_ran(page)
    page.screenshot(path=str(artifacts / f"xss-app-{name}.png"), full_page=True)


def test_browser_xss_hostile_file_name_is_text(page: Any, server: BackgroundServer) -> None:
    page.goto(server.url + "/documents")
    assert page.get_by_text('b"><svg onload=alert(1)>.txt').count() >= 1
    assert_nothing_ran(page)
