"""Accessibility of the report and the app's main pages: axe-core (the copy bundled in the
``axe-playwright-python`` package) run in the real browser; no violation may appear, of
any impact (minor to critical)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sitrep.web import BackgroundServer, create_app

IMPACTS = {"minor", "moderate", "serious", "critical"}


@pytest.fixture(scope="module")
def server(example_build) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(example_build.out_dir)) as s:
        yield s


def _violations(page: Any) -> list[str]:
    """The axe-core violations of the loaded page, one line each."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail("axe-playwright-python is missing: run `make dev`", pytrace=False)
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in result.response["violations"] if v["impact"] in IMPACTS]


def test_browser_a11y_report_has_no_violations(page: Any, example_build) -> None:
    page.goto((example_build.out_dir / "report.html").as_uri())
    assert _violations(page) == []


def test_browser_a11y_app_pages_have_no_violations(
    page: Any, server: BackgroundServer
) -> None:
    events = httpx.get(f"{server.url}/api/events", params={"limit": 1}).json()["items"]
    docs = httpx.get(f"{server.url}/api/documents", params={"limit": 1}).json()["items"]
    paths = ["/", "/events", f"/events/{events[0]['event_id_cnty']}", "/claims",
             "/contested", "/actors", f"/documents/{docs[0]['doc_id']}", "/control"]
    found = {}
    for path in paths:
        page.goto(server.url + path)
        found[path] = _violations(page)
    assert found == {p: [] for p in paths}
