"""The web app in a real browser: filter events, open one, follow a quote to its document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sitrep.web import BackgroundServer, create_app


@pytest.fixture(scope="module")
def server(example_build) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(example_build.out_dir)) as s:
        yield s


def test_browser_app_filter_open_event_follow_quote(page: Any, server: BackgroundServer,
                                                    artifacts: Path) -> None:
    page.goto(server.url + "/")
    assert page.url.endswith("/events")
    total = httpx.get(f"{server.url}/api/events").json()["total"]
    assert f"of {total} events" in page.inner_text("#count")
    page.screenshot(path=str(artifacts / "app-events.png"))

    admin1 = page.locator("select[name=admin1] option").nth(1).get_attribute("value")
    page.select_option("select[name=admin1]", admin1)
    page.fill("input[name=date_from]", "2021-09-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "date_from=2021-09-01" in page.url
    want = httpx.get(f"{server.url}/api/events",
                     params={"admin1": admin1, "date_from": "2021-09-01", "limit": 1000}).json()
    assert want["total"] < total
    assert f"of {want['total']} events" in page.inner_text("#count")
    shown = page.locator("table.events tbody th a").all_inner_texts()
    assert shown == [e["event_id_cnty"] for e in want["items"][:50]]
    assert page.locator("select[name=admin1]").input_value() == admin1
    page.screenshot(path=str(artifacts / "app-events-filtered.png"))

    page.locator("table.events tbody th a").first.click()
    page.wait_for_load_state()
    event_id = shown[0]
    assert event_id in page.inner_text("h1")
    assert page.locator("ol.mentions blockquote mark").count() >= 1
    page.screenshot(path=str(artifacts / "app-event.png"), full_page=True)

    mention = httpx.get(f"{server.url}/api/events/{event_id}").json()["mentions"][0]
    page.locator("a.quote-link").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#m-{mention['mention_id']}")
    current = page.locator("mark.cur")
    assert current.count() >= 1
    assert "".join(current.all_text_contents()) == mention["evidence"]
    assert current.first.is_visible()
    box, height = current.first.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, "the highlighted quote is scrolled into view"
    page.screenshot(path=str(artifacts / "app-document.png"))


def test_browser_app_error_page_and_csv_link(page: Any, server: BackgroundServer) -> None:
    response = page.goto(server.url + "/events/NO-SUCH-EVENT")
    assert response.status == 404
    assert "no event with id" in page.inner_text("h1")
    response = page.goto(server.url + "/events?date_from=2021-99-01")
    assert response.status == 422
    page.goto(server.url + "/events?q=taliban")
    href = page.get_attribute("text=download CSV", "href")
    assert href.startswith("/api/events?") and "format=csv" in href and "q=taliban" in href
