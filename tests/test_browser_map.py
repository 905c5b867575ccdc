"""The report's event map in a real browser: a Sudan-only corpus is drawn on a basemap of
Sudan (country outline, admin1 names) with no Afghan shapes; the Panjshir demo still draws
its districts; a dot links to its event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SUDAN_CORPUS = {
    "khartoum.txt": """Fighting spreads across Sudan

By Staff Reporter | Published 20 May 2023

On 19 May 2023, the Rapid Support Forces shelled army positions in Khartoum, Sudan, \
killing 12 civilians.

On 18 May 2023, the Sudanese Armed Forces carried out air strikes on RSF bases in \
Omdurman, Sudan.
""",
    "darfur.txt": """Clashes in Darfur and Kordofan

By Staff Reporter | Published 22 May 2023

On 21 May 2023, RSF fighters attacked the market in El Fasher, North Darfur, Sudan, \
killing 7 people.

On 20 May 2023, gunmen looted shops in Nyala, South Darfur, Sudan.

On 21 May 2023, the SPLM-N clashed with the army near Kadugli, South Kordofan, Sudan.

On 19 May 2023, protesters marched in Port Sudan, Red Sea state, Sudan, against the war.
""",
}


@pytest.fixture(scope="module")
def sudan_build(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A real build of a small Sudan-only corpus, with its report."""
    from sitrep.pipeline.run import build

    src = tmp_path_factory.mktemp("sudan-in")
    for name, text in SUDAN_CORPUS.items():
        (src / name).write_text(text, encoding="utf-8")
    return build([src], tmp_path_factory.mktemp("sudan-out"))


def test_browser_map_sudan_corpus_draws_sudan_with_admin1_names(
        page: Any, sudan_build: Any, artifacts: Path) -> None:
    page.goto((Path(sudan_build.out_dir) / "report.html").as_uri())
    svg = page.locator("#event-map")
    assert svg.count() == 1 and svg.is_visible()
    assert "Sudan" in (svg.get_attribute("data-countries") or "")
    focus = page.locator("#event-map path.ctry.focus")
    assert focus.count() >= 1
    assert {focus.nth(i).get_attribute("data-country") for i in range(focus.count())} == {
        "Sudan"}
    labels = page.eval_on_selector_all("#event-map text.region-label",
                                       "ts => ts.map(t => t.textContent.trim())")
    assert {"Khartoum", "North Darfur", "South Darfur"} <= set(labels), labels
    # no Afghan shapes: no district or province outline, no Afghanistan on the event map
    assert page.locator("#event-map path.adm, #event-map path.region").count() == 0
    shown = page.eval_on_selector_all("#event-map path.ctry",
                                      "ps => ps.map(p => p.getAttribute('data-country'))")
    assert "Afghanistan" not in shown
    box = focus.first.bounding_box()
    assert box is not None and box["width"] > 200, "Sudan fills a good part of the map"
    dots = page.locator("#event-map .dots circle")
    assert dots.count() >= 3
    page.screenshot(path=str(artifacts / "map-sudan.png"), full_page=False)
    svg.screenshot(path=str(artifacts / "map-sudan-svg.png"))
    # hover names the event, click goes to it
    title = page.locator("#event-map .dots a").first.locator("title").text_content() or ""
    assert title.strip() and "(" in title, "a dot's tooltip names its place and point"
    href = page.locator("#event-map .dots a").first.get_attribute("href")
    assert href and href.startswith("#")
    page.locator("#event-map .dots circle").first.click(force=True)
    assert page.evaluate("location.hash") == href


def test_browser_map_panjshir_demo_keeps_its_districts(page: Any, example_build: Any,
                                                       artifacts: Path) -> None:
    page.goto((Path(example_build.out_dir) / "report.html").as_uri())
    assert page.locator("#event-map").count() == 1
    assert page.locator("#event-map path.adm").count() > 5, "district outlines drawn"
    assert page.locator("#event-map path.ctry.focus[data-country='Afghanistan']").count() == 1
    labels = page.eval_on_selector_all("#event-map text.region-label",
                                       "ts => ts.map(t => t.textContent.trim())")
    assert "Panjshir" in labels
    assert page.locator("#event-map path.region").count() >= 1, "province outlines drawn"
    page.locator("#event-map").screenshot(path=str(artifacts / "map-panjshir-svg.png"))


def test_browser_map_app_events_page_draws_the_basemap(page: Any, sudan_build: Any,
                                                       artifacts: Path) -> None:
    from sitrep.web import BackgroundServer, create_app

    with BackgroundServer(create_app(sudan_build.out_dir)) as server:
        page.goto(server.url + "/events")
        assert page.locator("#event-map").count() == 1
        assert page.locator("#event-map path.ctry.focus[data-country='Sudan']").count() == 1
        assert page.locator("#event-map text.region-label").count() >= 5
        assert page.locator("#event-map path.adm").count() == 0, "no Afghan districts"
        page.locator("#event-map").screenshot(path=str(artifacts / "app-map-sudan.png"))
        href = page.locator("#event-map .dots a").first.get_attribute("href") or ""
        assert href.startswith("/events/")
        page.locator("#event-map .dots circle").first.click(force=True)
        page.wait_for_load_state()
        assert page.url.endswith(href) and href.rsplit("/", 1)[-1] in page.inner_text("h1")


def _view(page: Any, sel: str = "#event-map") -> list[float]:
    return [float(v) for v in (page.locator(sel).get_attribute("viewBox") or "").split()]


def test_browser_map_zooms_and_pans_with_buttons_keys_wheel_and_drag(
        page: Any, sudan_build: Any, artifacts: Path) -> None:
    page.goto((Path(sudan_build.out_dir) / "report.html").as_uri())
    home = _view(page)
    bar = page.locator("figure:has(#event-map) .map-zoom")
    assert bar.get_attribute("role") == "toolbar"
    bar.get_by_role("button", name="Zoom in").click()
    assert _view(page)[2] < home[2] * 0.8, "the + button zooms in"
    bar.get_by_role("button", name="Zoom out").click()
    bar.get_by_role("button", name="Reset the map view").click()
    assert _view(page) == home
    # keyboard: the map takes focus; + zooms, arrows pan, 0 resets
    page.locator("#event-map").focus()
    page.keyboard.press("+")
    zoomed = _view(page)
    assert zoomed[2] < home[2]
    page.keyboard.press("ArrowRight")
    assert _view(page)[0] > zoomed[0], "an arrow key pans"
    page.keyboard.press("0")
    assert _view(page) == home
    # wheel over the map zooms around the pointer; a drag pans, and stays inside the map
    box = page.locator("#event-map").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.wheel(0, -400)
    page.wait_for_function("document.querySelector('#event-map').getAttribute('data-zoom') > 1")
    wheeled = _view(page)
    assert wheeled[2] < home[2]
    page.mouse.down()
    page.mouse.move(cx - 80, cy - 40, steps=6)
    page.mouse.up()
    dragged = _view(page)
    assert dragged[0] > wheeled[0] and dragged[2] == wheeled[2], "dragging left pans right"
    assert dragged[0] + dragged[2] <= home[0] + home[2] + 0.01
    page.locator("#event-map").screenshot(path=str(artifacts / "map-sudan-zoomed.png"))
    # a dot still goes to its event after zooming
    bar.get_by_role("button", name="Reset the map view").click()
    href = page.locator("#event-map .dots a").first.get_attribute("href")
    page.locator("#event-map .dots circle").first.click(force=True)
    assert page.evaluate("location.hash") == href


def test_browser_map_app_map_zooms_under_its_own_policy(page: Any, sudan_build: Any) -> None:
    from sitrep.web import BackgroundServer, create_app

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with BackgroundServer(create_app(sudan_build.out_dir)) as server:
        page.goto(server.url + "/events")
        home = _view(page)
        page.locator(".map-zoom").get_by_role("button", name="Zoom in").click()
        assert _view(page)[2] < home[2]
        page.goto(server.url + "/documents")
        assert page.locator(".map-zoom").count() == 0, "no map, no script"
    assert not [e for e in errors if "Content Security Policy" in e], errors
