"""The web app in a real browser: filter events, open one, follow a quote to its document."""

from __future__ import annotations

import re
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


HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _overflow(page: Any) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - "
                         "document.documentElement.clientWidth")


def test_browser_app_pages_fit_1280_and_name_sources(page: Any, server: BackgroundServer,
                                                     artifacts: Path) -> None:
    assert page.viewport_size["width"] == 1280
    page.goto(server.url + "/events")
    assert _overflow(page) <= 0, "the events list needs no horizontal scrolling"
    quote = page.locator("table.events tbody td.quote").first
    box = quote.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280 and box["width"] >= 300, box
    assert quote.inner_text().strip()
    event_id = page.locator("table.events tbody th a").first.inner_text()
    for path in ("/events/" + event_id, "/claims", "/contested", "/actors", "/documents"):
        page.goto(server.url + path)
        assert _overflow(page) <= 0, path
        text = page.inner_text("main")
        assert not HASH.search(text), f"{path} shows a 64-character document id"
        page.screenshot(path=str(artifacts / f"app-{path.strip('/').replace('/', '-')}.png"))
    page.goto(server.url + "/events/" + event_id)
    source = page.locator("ol.mentions li").first.inner_text()
    assert ".txt" in source, "a source is named with its file (and outlet, title, date)"


def test_browser_app_claims_are_paged_and_filtered(page: Any, server: BackgroundServer,
                                                   artifacts: Path) -> None:
    total = httpx.get(f"{server.url}/api/claims").json()["total"]
    assert total > 50, "the example build has more claims than one page"
    page.goto(server.url + "/claims")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == 50 and f"of {total} claims" in page.inner_text("#count")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 50 * 400, "one page of claims, not the whole ledger"
    first_page = rows.locator("td:nth-child(5)").all_inner_texts()
    page.click("a[rel=next]")
    page.wait_for_load_state()
    assert "page=2" in page.url and rows.count() >= 1
    assert rows.locator("td:nth-child(5)").all_inner_texts() != first_page
    page.select_option("select[name=status]", "claimed")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    want = httpx.get(f"{server.url}/api/claims", params={"status": "claimed"}).json()["total"]
    assert f"of {want} claims" in page.inner_text("#count")
    assert set(page.locator("table.claims tbody .st").all_inner_texts()) == {"claimed"}
    page.screenshot(path=str(artifacts / "app-claims-filtered.png"))


def test_browser_app_contested_view_shows_both_sides(page: Any, server: BackgroundServer,
                                                     artifacts: Path) -> None:
    page.goto(server.url + "/contested")
    facts = page.locator("article.fact")
    assert facts.count() >= 1
    two = facts.filter(has=page.locator("tbody tr:nth-child(2)"))
    assert two.count() >= 1, "some fact has two parties' assertions side by side"
    parties = two.first.locator("tbody th").all_inner_texts()
    assert len(set(parties)) >= 2
    assert two.first.locator("q").count() >= 2
    assert two.first.locator("td:nth-child(4) a").count() >= 2, "each side's source linked"
    two.first.screenshot(path=str(artifacts / "app-contested-fact.png"))
    page.select_option("select[name=flag]", "single party")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    flags = page.locator("article.fact h3 .flag").all_inner_texts()
    assert flags and set(flags) == {"single party"}
    assert "one party's word alone" in page.locator("article.fact").first.inner_text()
    # the event page links to its facts
    fact = httpx.get(f"{server.url}/api/contested", params={"flag": "contested"}).json()
    eid = fact["items"][0]["event_ids"][0]
    page.goto(f"{server.url}/events/{eid}")
    page.click("a[href='#facts']")
    assert page.locator("#facts").is_visible() and page.locator("article.fact").count() >= 1


def test_browser_app_actors_read_as_an_infobox(page: Any, server: BackgroundServer,
                                               artifacts: Path) -> None:
    page.goto(server.url + "/actors")
    text = page.inner_text("main")
    assert '[{"' not in text and '{"' not in text, "no raw JSON in the actors page"
    assert page.locator("#infobox .side").count() >= 2
    assert page.locator("table.actors tbody tr").count() >= 2
    page.screenshot(path=str(artifacts / "app-actors.png"), full_page=True)
