"""report.html of the example build in a real browser: filters, evidence, screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _visible_rows(page: Any) -> Any:
    return page.locator("table.events tbody tr:not([hidden])")


def test_browser_report_filters_and_evidence(page: Any, example_build, artifacts: Path) -> None:
    report = Path(example_build.out_dir) / "report.html"
    page.goto(report.as_uri())
    assert page.dialogs == []
    assert not [line for line in page.console_lines if "Content Security Policy" in line]
    total = page.locator("table.events tbody tr").count()
    assert total == example_build.events
    assert page.inner_text("#f-count") == f"{total} of {total} events shown"
    page.screenshot(path=str(artifacts / "report.png"))

    etype = page.locator("#f-type option").nth(1).get_attribute("value")
    page.select_option("#f-type", etype)
    rows = _visible_rows(page)
    n = rows.count()
    assert 0 < n < total
    assert {rows.nth(i).get_attribute("data-type") for i in range(n)} == {etype}
    assert page.inner_text("#f-count") == f"{n} of {total} events shown"

    page.select_option("#f-type", "")
    actor = page.locator("table.events tbody tr td:nth-child(4)").first.inner_text().strip()
    assert actor
    page.fill("#f-text", actor.lower())
    rows = _visible_rows(page)
    assert 0 < rows.count() <= total
    texts = rows.evaluate_all("rs => rs.map(r => r.textContent)")  # incl. collapsed quotes
    assert all(actor.lower() in t.lower() for t in texts)
    page.fill("#f-text", "zzqx-no-such-text")
    assert _visible_rows(page).count() == 0
    page.fill("#f-text", "")
    assert _visible_rows(page).count() == total

    first = page.locator("table.events tbody tr").first
    first.locator("details summary").click()
    quote = first.locator("ol.mentions blockquote mark").first
    assert quote.is_visible() and quote.inner_text().strip()
    page.screenshot(path=str(artifacts / "report-event-open.png"))


def test_browser_report_control_slider_recolours_map(page: Any, example_build,
                                                     artifacts: Path) -> None:
    page.goto((Path(example_build.out_dir) / "report.html").as_uri())
    slider = page.locator("#ctl-range")
    assert slider.count() == 1, "the example build has a control table, so a control map"
    assert slider.is_visible()

    def fills() -> list[str]:
        return page.eval_on_selector_all("#ctl-map path.ctl",
                                         "ps => ps.map(p => p.getAttribute('fill'))")

    last = fills()
    last_date = page.inner_text("#ctl-date")
    slider.fill("0")
    first = fills()
    assert page.inner_text("#ctl-date") < last_date
    assert first != last, "moving the slider to the first date recolours some district"
    page.locator("#control").screenshot(path=str(artifacts / "report-control-first-date.png"))
    slider.fill(slider.get_attribute("max"))
    assert fills() == last and page.inner_text("#ctl-date") == last_date
    assert page.locator("#infobox .side").count() >= 2
