"""report.html of the example build in a real browser: filters, pages, evidence on screen at
1280 px, sources by name, the contested-facts view; screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

PAGE_ROWS = 50
HASH = re.compile(r"\b[0-9a-f]{64}\b")


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
    assert _visible_rows(page).count() == min(total, PAGE_ROWS), "one page of events at a time"
    page.screenshot(path=str(artifacts / "report.png"))

    etype = page.locator("#f-type option").nth(1).get_attribute("value")
    page.select_option("#f-type", etype)
    rows = _visible_rows(page)
    n = rows.count()
    assert 0 < n < total
    assert {rows.nth(i).get_attribute("data-type") for i in range(n)} == {etype}
    matched = int(page.inner_text("#f-count").split()[0])
    assert n == min(matched, PAGE_ROWS) and page.inner_text("#f-count") == (
        f"{matched} of {total} events shown")

    page.select_option("#f-type", "")
    actor = page.locator("table.events tbody tr td:nth-child(3)").first.inner_text()
    actor = actor.strip().splitlines()[0].strip()
    assert actor
    page.fill("#f-text", actor.lower())
    rows = _visible_rows(page)
    assert 0 < rows.count() <= total
    texts = rows.evaluate_all("rs => rs.map(r => r.textContent)")  # incl. collapsed quotes
    assert all(actor.lower() in t.lower() for t in texts)
    page.fill("#f-text", "zzqx-no-such-text")
    assert _visible_rows(page).count() == 0
    page.fill("#f-text", "")
    assert _visible_rows(page).count() == min(total, PAGE_ROWS)
    if total > PAGE_ROWS:
        page.click("#f-next")
        assert _visible_rows(page).count() == min(total - PAGE_ROWS, PAGE_ROWS)
        page.click("#f-prev")

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


def _overflow(page: Any) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - "
                         "document.documentElement.clientWidth")


def test_browser_report_evidence_fits_1280_and_sources_are_named(page: Any, example_build,
                                                                  artifacts: Path) -> None:
    page.goto((Path(example_build.out_dir) / "report.html").as_uri())
    assert page.viewport_size["width"] == 1280
    assert _overflow(page) <= 0, "no horizontal scrolling at 1280 px"
    cell = page.locator("table.events tbody tr td.ev").first
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    assert box["width"] >= 300, "the evidence column keeps room to read the quote"
    cell.locator("details summary").click()
    source = cell.locator("ol.mentions .src").first.inner_text()
    assert not HASH.search(source) and ".txt" in source
    assert not HASH.search(page.inner_text("main")), "no 64-character document id on screen"
    page.locator("#events").screenshot(path=str(artifacts / "report-events-1280.png"))


def test_browser_report_contested_view_shows_both_sides(page: Any, example_build,
                                                        artifacts: Path) -> None:
    page.goto((Path(example_build.out_dir) / "report.html").as_uri())
    facts = page.locator("#contested article.fact")
    assert facts.count() >= 1
    page.select_option("#c-flag", "contested")
    shown = page.locator("#contested article.fact:not([hidden])")
    assert shown.count() >= 1 and all(
        f == "contested" for f in shown.evaluate_all("as => as.map(a => a.dataset.flag)"))
    two = page.locator("#contested article.fact").filter(
        has=page.locator("tbody tr:nth-child(2)"))
    page.select_option("#c-flag", "")
    assert two.count() >= 1, "some fact has two parties' assertions side by side"
    fact = two.first
    parties = fact.locator("tbody th").all_inner_texts()
    assert len(set(parties)) >= 2
    assert fact.locator("q").count() >= 2 and fact.locator("td:nth-child(4) b").count() >= 2
    single = page.locator("#contested article.fact[data-flag='single party']")
    if single.count():
        assert "one party's word alone" in single.first.inner_text()
    # an event row links to its facts, and following the link shows the fact
    link = page.locator("table.events .efacts a").first
    target = link.get_attribute("href")
    link.click()
    assert page.locator(target).is_visible()
    fact.scroll_into_view_if_needed()
    fact.screenshot(path=str(artifacts / "report-contested.png"))


def _large_report(path: Path, n_events: int = 400, copies: int = 20) -> Path:
    """A report of many events, each told by ``copies`` documents in the same words (as a
    large corpus of syndicated copies is), with two parties' figures per event."""
    from datetime import date, timedelta

    from sitrep.outputs.report import ReportData, render_report
    from sitrep.store import EVENT_COLUMNS

    docs, mentions, events, claims, by_event = [], [], [], [], {}
    for k in range(copies):
        text = " ".join(f"On day {i}, Red Army fighters attacked a Blue Front post in Town{i}."
                        for i in range(n_events))
        docs.append({"doc_id": f"{k:064x}", "doc_file": f"copy{k:03d}.txt", "title": "Daily brief",
                     "publisher": f"Wire {k % 3}", "published": date(2022, 1, 1), "kind": "news",
                     "chars": len(text), "status": "ok", "text": text})
    for i in range(n_events):
        eid = f"X{i}"
        quote = f"On day {i}, Red Army fighters attacked a Blue Front post in Town{i}."
        row = dict.fromkeys(EVENT_COLUMNS)
        row.update(event_id_cnty=eid, event_date=date(2021, 1, 1) + timedelta(days=i),
                   event_type="Battles", sub_event_type="Armed clash", actor1="Red Army",
                   actor2="Blue Front", location=f"Town{i}", status="contested",
                   evidence=quote, sources_count=copies, latitude=34.0, longitude=69.0)
        events.append(row)
        for k, d in enumerate(docs):
            start = d["text"].index(quote)
            mentions.append({"mention_id": f"{eid}-{k}", "doc_id": d["doc_id"],
                             "doc_file": d["doc_file"], "event_id_cnty": eid,
                             "char_start": start, "char_end": start + len(quote),
                             "evidence": quote, "claimant": "Red Army"})
        by_event[eid] = mentions[-copies:]
        claims += [{"claim_id": f"{eid}-1", "event_id_cnty": eid, "subject": "fatalities",
                    "value": "600", "claimant": "Red Army", "doc_id": docs[0]["doc_id"],
                    "quote": quote, "status": "claimed"},
                   {"claim_id": f"{eid}-2", "event_id_cnty": eid, "subject": "fatalities",
                    "value": "8", "claimant": "Blue Front", "doc_id": docs[1]["doc_id"],
                    "quote": quote, "status": "claimed"}]
    data = ReportData(events, mentions, docs, by_event, claims=claims)
    path.write_text(render_report(data), encoding="utf-8")
    return path


def test_browser_report_large_build_stays_short_and_fits(page: Any, tmp_path: Path,
                                                         artifacts: Path) -> None:
    report = _large_report(tmp_path / "large.html")
    assert report.stat().st_size < 3_000_000, "copies of one story are listed once"
    page.goto(report.as_uri())
    assert _visible_rows(page).count() == PAGE_ROWS
    assert page.inner_text("#f-count") == "400 of 400 events shown"
    assert page.locator("#contested article.fact:not([hidden])").count() <= PAGE_ROWS // 2
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 60_000, f"the report is {height} px tall"
    assert _overflow(page) <= 0
    row = page.locator("table.events tbody tr").first
    row.locator("details summary").click()
    assert row.locator("ol.mentions > li").count() == 1, "one quote for twenty copies"
    assert "19 more sources" in row.inner_text()
    page.screenshot(path=str(artifacts / "report-large.png"))
