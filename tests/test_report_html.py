from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import make_mention, make_place
from sitrep.outputs.report import quote_in_context, write_report
from sitrep.records import Document, FailedDocument
from sitrep.store import EVENT_COLUMNS, Store

FILLER = "The valley road was quiet for most of the morning, residents said. " * 8
TEXT_A = (
    FILLER
    + "Fighters of the Red Army attacked a Blue Front checkpoint near Alpha on Monday. "
    + "Three guards were killed, a spokesman for the Red Army said. "
    + FILLER
)
TEXT_B = (
    "Blue Front commanders denied losing the checkpoint near Alpha. "
    + "Later, a drone strike hit a depot outside Beta, the ministry said. "
    + FILLER
)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def event(eid: str, day: date, evidence: str, mention_ids: list[str], **kw: Any) -> dict:
    row: dict[str, Any] = dict.fromkeys(EVENT_COLUMNS)
    row.update(
        event_id_cnty=eid,
        event_date=day,
        year=day.year,
        time_precision=1,
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Red Army",
        actor2="Blue Front",
        country="Afghanistan",
        admin1="North",
        admin2="Alpha",
        location="Alpha",
        latitude=35.0,
        longitude=69.0,
        geo_precision=2,
        fatalities=3,
        sources_count=1,
        doc_ids="a",
        status="reported",
        fatalities_low=3,
        fatalities_high=3,
        evidence=evidence,
        mention_ids=";".join(mention_ids),
    )
    row.update(kw)
    return row


def build_store(path: Path, text_a: str = TEXT_A, text_b: str = TEXT_B, **overrides: Any) -> Store:
    """Two documents, one failure, three events (one claimed and disputed)."""
    store = Store(path)
    q1 = "Fighters of the Red Army attacked a Blue Front checkpoint near Alpha on Monday."
    q1 = overrides.get("q1", q1)
    q2 = overrides.get("q2", "Blue Front commanders denied losing the checkpoint near Alpha.")
    q3 = overrides.get("q3", "Later, a drone strike hit a depot outside Beta, the ministry said.")
    s1, s2, s3 = span(text_a, q1), span(text_b, q2), span(text_b, q3)
    beta = make_place("Beta", admin1="South", admin2="Beta")
    store.put_document(
        Document(
            doc_id="a",
            doc_file="a.txt",
            path="/in/a.txt",
            text=text_a,
            title=overrides.get("title", "Clash at the checkpoint"),
            publisher="Daily Wire",
            published=date(2021, 9, 7),
        ),
        [
            make_mention(
                "m1",
                doc="a",
                char_start=s1[0],
                char_end=s1[1],
                evidence=q1,
                actor1=overrides.get("actor", "Red Army"),
                claimant="Red Army",
            )
        ],
        extractor="test",
    )
    store.put_document(
        Document(
            doc_id="b",
            doc_file="b.html",
            path="/in/b.html",
            text=text_b,
            title="Depot strike",
            kind="report",
        ),
        [
            make_mention(
                "m2",
                doc="b",
                doc_file="b.html",
                char_start=s2[0],
                char_end=s2[1],
                evidence=q2,
                disputed_by="Blue Front",
            ),
            make_mention(
                "m3",
                doc="b",
                doc_file="b.html",
                day=date(2021, 9, 20),
                place=beta,
                char_start=s3[0],
                char_end=s3[1],
                evidence=q3,
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
            ),
        ],
        extractor="test",
    )
    store.put_failure(FailedDocument(path="/in/c.pdf", doc_file="c.pdf", reason="encrypted PDF"))
    rows = [
        event(
            "AFG1",
            date(2021, 9, 6),
            q1,
            ["m1", "m2"],
            status="contested",
            claimed_by="Red Army",
            disputed_by="Blue Front",
            sources_count=2,
            doc_ids="a;b",
            actor1=overrides.get("actor", "Red Army"),
        ),
        event(
            "AFG2",
            date(2021, 9, 20),
            q3,
            ["m3"],
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            location="Beta",
            admin1="South",
            admin2="Beta",
            latitude=34.2,
            longitude=70.1,
            fatalities=0,
            fatalities_low=None,
            fatalities_high=None,
            doc_ids="b",
        ),
        event(
            "AFG3",
            date(2021, 10, 1),
            "no coordinates here",
            [],
            latitude=None,
            longitude=None,
            fatalities_low=2,
            fatalities_high=5,
        ),
    ]
    store.put_events(rows, {"m1": "AFG1", "m2": "AFG1", "m3": "AFG2"})
    return store


class Tags(HTMLParser):
    """Collects start tags with attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self._in_mark = False
        self.scripts: list[str] = []
        self._in_script = False
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "style":
            self._in_style = True
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data
        if self._in_script:
            self.scripts[-1] += data
        if self._in_style:
            self.styles[-1] += data


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_report_writes_self_contained_file(tmp_path):
    with build_store(tmp_path / "s.duckdb") as store:
        out = write_report(store, tmp_path / "out" / "report.html", title="Test & report")
    assert out == tmp_path / "out" / "report.html"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Test &amp; report</title>" in page
    tags = parse(page).tags
    for tag, attrs in tags:
        for name in ("src", "href", "action", "xlink:href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:)?//", value), (tag, attrs)
    assert not any(t == "link" for t, _ in tags)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not (tmp_path / "out" / "report.html.tmp").exists()


def test_report_shows_every_event_and_marks_evidence_in_context(tmp_path):
    with build_store(tmp_path / "s.duckdb") as store:
        page = write_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    for eid in ("AFG1", "AFG2", "AFG3"):
        assert f">{eid}<" in page
    marks = parse(page).marks
    for quote in (
        "Fighters of the Red Army attacked a Blue Front checkpoint near Alpha on Monday.",
        "Blue Front commanders denied losing the checkpoint near Alpha.",
        "Later, a drone strike hit a depot outside Beta, the ministry said.",
    ):
        assert quote in marks
    # The text right after the first quote is shown as context, outside the mark.
    after = html.escape("Three guards were killed, a spokesman", quote=True)
    assert "on Monday.</mark> " + after in page
    # AFG1 expands to both of its source documents.
    row = re.search(r'<tr id="ev-1".*?</tr>', page, re.S)
    assert row and "a.txt" in row.group(0) and "b.html" in row.group(0)
    assert "Clash at the checkpoint" in row.group(0) and "<details>" in row.group(0)


def test_report_header_claims_documents_and_charts(tmp_path):
    with build_store(tmp_path / "s.duckdb") as store:
        page = write_report(store, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "2 ok, 1 failed" in page
    assert "2021-09-06 – 2021-10-01" in page
    assert "encrypted PDF" in page and "Daily Wire" in page and "2021-09-07" in page
    claims = page[page.index('id="claims"') : page.index('id="documents"')]
    assert "AFG1" in claims and "AFG2" not in claims and "contested" in claims
    assert 'href="#ev-1"' in claims
    timeline = page[page.index('id="timeline"') : page.index('id="map"')]
    # Three weeks with events (Sep 6, Sep 20, Sep 27) over four weekly buckets.
    assert timeline.count("<rect") == 3
    assert "week of 2021-09-06: Battles 1" in timeline
    assert "2–5" in page  # fatalities range
    map_part = page[page.index('id="map"') : page.index('id="events"')]
    assert map_part.count("<circle") == 2
    assert "1 event(s) without coordinates are not mapped" in map_part


def test_report_is_deterministic(tmp_path):
    with build_store(tmp_path / "s.duckdb") as store:
        first = write_report(store, tmp_path / "one.html").read_bytes()
        second = write_report(store, tmp_path / "two.html").read_bytes()
    assert first == second
    with build_store(tmp_path / "s2.duckdb") as store:
        assert write_report(store, tmp_path / "three.html").read_bytes() == first


def test_report_with_zero_events_and_empty_store(tmp_path):
    with Store(tmp_path / "empty.duckdb") as store:
        page = write_report(store, tmp_path / "e.html").read_text(encoding="utf-8")
        assert "No events." in page and "No documents." in page
        store.put_document(
            Document(doc_id="x", doc_file="x.txt", path="x", text="Nothing."), [], extractor="test"
        )
        page = write_report(store, tmp_path / "e.html").read_text(encoding="utf-8")
    assert "1 ok, 0 failed" in page
    assert "No dated events to chart." in page and "No events with coordinates" in page
    assert len(parse(page).scripts) == 1


def test_report_quote_falls_back_when_span_is_stale():
    text = "Alpha. The bridge at Gamma was blown up overnight. Beta."
    quote = "The bridge at Gamma was blown up overnight."
    shown = quote_in_context(text, 0, 5, quote)
    assert parse(shown).marks == [quote]
    missing = quote_in_context(text, 0, 5, "A sentence that is not there.")
    assert parse(missing).marks == ["A sentence that is not there."]
    assert "not found" in missing
    long_text = "word " * 200 + quote + " word" * 200
    start = long_text.index(quote)
    shown = quote_in_context(long_text, start, start + len(quote), quote, context=50)
    assert shown.count("…") == 2 and len(shown) < 300


def test_report_draws_district_outlines_when_boundaries_exist(tmp_path):
    def square(lon: float, lat: float, size: float) -> list:
        return [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ]

    features = [
        {
            "type": "Feature",
            "properties": {"admin1": "North", "admin2": "Alpha"},
            "geometry": {"type": "Polygon", "coordinates": square(68.5, 34.5, 1.0)},
        },
        {
            "type": "Feature",
            "properties": {"admin1": "South", "admin2": "Empty <b>"},
            "geometry": {"type": "MultiPolygon", "coordinates": [square(69.6, 34.2, 0.3)]},
        },
        {
            "type": "Feature",
            "properties": {"admin1": "Far", "admin2": "Away"},
            "geometry": {"type": "Polygon", "coordinates": square(10.0, 10.0, 1.0)},
        },
    ]
    gj = tmp_path / "adm2.geojson"
    gj.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with build_store(tmp_path / "s.duckdb") as store:
        page = write_report(store, tmp_path / "r.html", boundaries=gj).read_text("utf-8")
        bare = write_report(
            store, tmp_path / "b.html", boundaries=tmp_path / "missing.geojson"
        ).read_text("utf-8")
    map_part = page[page.index('id="map"') : page.index('id="events"')]
    assert map_part.count('class="adm hit"') == 1 and map_part.count('class="adm"') == 1
    assert "Alpha, North" in map_part and "Empty &lt;b&gt;, South" in map_part
    assert "Away" not in map_part
    assert 'class="adm' not in bare and bare.count("<circle") == 2


def test_report_timeline_switches_to_months_for_long_spans():
    from sitrep.outputs.report import timeline_svg

    rows = [event(f"E{i}", date(2018 + i, 3, 5), "q", []) for i in range(5)]
    svg = timeline_svg(rows, {"Battles": "#000000"})
    assert "Events per month" in svg and "month of 2018-03: Battles 1" in svg
    assert svg.count("<rect") == 5


def test_report_map_caption_uses_hemispheres(tmp_path):
    from sitrep.outputs.report import map_svg

    rows = [event("W1", date(2020, 1, 1), "q", [], latitude=-12.5, longitude=-77.0)]
    svg = map_svg(rows, {"Battles": "#000000"}, {"W1": "ev-1"})
    assert "°S" in svg and "°W" in svg and svg.count("<circle") == 1


def test_report_contested_section_and_named_sources(tmp_path):
    """Who says what: each party's value with its quote and outlet; rows link to it."""
    from dataclasses import replace

    from sitrep.outputs.report import load_report_data, render_report

    with build_store(tmp_path / "s.duckdb") as store:
        data = load_report_data(store)
    claims = [
        {"claim_id": "AFG1-1", "event_id_cnty": "AFG1", "subject": "fatalities", "value": "3",
         "claimant": "Red Army", "doc_id": "a", "status": "claimed", "disputed_by": "",
         "quote": "Three guards were killed, a spokesman for the Red Army said.",
         "char_start": None, "char_end": None},
        {"claim_id": "AFG1-2", "event_id_cnty": "AFG1", "subject": "fatalities", "value": "0",
         "claimant": "Blue Front", "doc_id": "b", "status": "claimed", "disputed_by": "",
         "quote": "Blue Front commanders denied losing the checkpoint near Alpha.",
         "char_start": None, "char_end": None},
    ]
    page = render_report(replace(data, claims=claims))
    section = page[page.index('id="contested"'):page.index('id="claims"')]
    assert "Red Army" in section and "Blue Front" in section
    assert "Daily Wire" in section and "2021-09-07" in section  # outlet and date of doc a
    assert "Depot strike" in section  # doc b has no outlet: its title names it
    assert 'data-flag="contested"' in section and "1 contested" in section
    anchor = re.search(r'<article class="fact" id="([^"]+)"', section).group(1)
    row = re.search(r'<tr id="ev-1".*?</tr>', page, re.S).group(0)
    assert f'href="#{anchor}"' in row
    assert "Daily Wire · Clash at the checkpoint" in re.sub("<[^>]+>", "", row)  # by name
