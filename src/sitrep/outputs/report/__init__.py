"""The offline, self-contained ``report.html`` written after every build.

One HTML file with inline CSS, one inline script and inline SVG charts: it opens
from a USB stick with no network. The page is rendered from Jinja2 templates
(``templates/``) with every value escaped; store text is never placed inside
``<script>``. The stylesheet (shared with the web app) and the script
(``static/``) are inlined, and a Content-Security-Policy with hashes of exactly
those blocks, computed as the page is rendered, stops anything else from running
even if an escape were missed. The output is a pure function of the store (sorted
iteration, no timestamps), so rebuilding the same store gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from sitrep.knowledge import DATA_DIR, cache_dir
from sitrep.outputs.contested import Fact, contested_facts, source_info
from sitrep.outputs.contested import summary as contested_summary
from sitrep.outputs.html import environment, quote_in_context, quote_parts, static_text, stylesheet
from sitrep.outputs.report import svg
from sitrep.outputs.report.infobox import infobox_sides
from sitrep.outputs.report.svg import control_states, iso
from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, Store

__all__ = ["BOUNDARIES", "ReportData", "control_map", "control_states", "infobox", "map_svg",
           "quote_in_context", "render_report", "timeline_svg", "write_report"]

HERE = Path(__file__).parent
MAP_JS = HERE / "static" / "map.js"  # the SVG maps' zoom and pan, also served by the app
BOUNDARIES = DATA_DIR / "gazetteer" / "adm2.geojson"
CLAIM_STATUSES = ("claimed", "contested")
PRECISION = {1: "day", 2: "week", 3: "month"}
# (header, column class): fixed widths, the evidence takes the rest, so the table fits
# the window and the quote is on screen at 1280 px.
EVENT_HEADERS = (("ID / date", "c-id"), ("Type", "c-type"), ("Actors", "c-actors"),
                 ("Location", "c-loc"), ("Killed", "c-n"),
                 ("Status", "c-st"), ("Evidence and sources", "c-ev"))
PAGE_ROWS = 50  # events per page once the page's script runs (all rows without it)

# ACLED's event types get fixed colours (Okabe-Ito, colour-blind safe) so the same type
# keeps its colour across builds; any other type takes the next free colour.
TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#CC79A7",
    "Strategic developments": "#0072B2",
    "Protests": "#009E73",
    "Riots": "#56B4E9",
}
SPARE_COLOURS = ("#7F3C8D", "#11A579", "#3969AC", "#F2B701", "#80BA5A", "#A5AA99", "#444444")


# -- data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, read from the store in a stable order."""

    events: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    event_mentions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    control: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def _actors_json(path: Path) -> list[dict[str, Any]]:
    """Actor profiles from a build's ``actors.json`` ([] when absent or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def optional_rows(store: Store, table: str) -> list[dict[str, Any]]:
    """Every row of a table later stages may add (``control``, ``actors``); [] if absent."""
    found = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    if not found or not found[0]:
        return []
    cur = store.con.execute(f'SELECT * FROM "{table}" ORDER BY ALL')
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _sort_date(d: object) -> str:
    return d.isoformat() if isinstance(d, date) else "9999"


def load_report_data(store: Store) -> ReportData:
    """Read events, mentions and documents (with text) from a store."""
    events = store.rows("events", [*EVENT_COLUMNS, "mention_ids"], "event_date, event_id_cnty")
    events.sort(key=lambda e: (_sort_date(e.get("event_date")), str(e.get("event_id_cnty"))))
    mentions = store.rows("mentions", MENTION_COLUMNS, "doc_id, char_start, mention_id")
    documents = [
        {c: d.get(c) for c in (*DOCUMENT_COLUMNS, "text")} for d in store.documents()
    ]
    by_id = {m["mention_id"]: m for m in mentions}
    linked: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for m in mentions:
        if m.get("event_id_cnty"):
            linked[m["event_id_cnty"]][m["mention_id"]] = m
    for ev in events:
        for mid in (ev.get("mention_ids") or "").split(";"):
            if mid in by_id:
                linked[ev["event_id_cnty"]][mid] = by_id[mid]
    event_mentions = {
        eid: sorted(ms.values(), key=lambda m: (str(m.get("doc_file") or ""),
                                                m.get("char_start") or 0, m["mention_id"]))
        for eid, ms in linked.items()
    }
    return ReportData(events, mentions, documents, event_mentions,
                      optional_rows(store, "control"), optional_rows(store, "actors"),
                      optional_rows(store, "claims"))


def write_report(
    store: Store, out_path: Path, *, title: str = "sitrep report",
    boundaries: Path | None = BOUNDARIES,
) -> Path:
    """Write the report for everything in ``store`` to ``out_path`` and return that path.

    ``boundaries`` is a GeoJSON of district polygons drawn under the map when it
    exists (features with ``admin1``/``admin2`` properties); None draws no outlines.
    """
    data = load_report_data(store)
    if not data.actors:
        data = replace(data, actors=_actors_json(Path(out_path).parent / "actors.json"))
    page = render_report(data, title=title, boundaries=boundaries)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_bytes(page.encode("utf-8", errors="replace"))
    os.replace(tmp, out_path)
    return out_path


# -- rendering --------------------------------------------------------------------------


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def page_assets() -> tuple[str, str, str]:
    """(inline CSS, inline script, CSP allowing exactly those two blocks and nothing else)."""
    css = stylesheet(HERE / "static" / "report.css")
    # map.js (zoom and pan) is shared with the app, which serves it as /static/map.js
    js = static_text(HERE / "static" / "report.js") + static_text(MAP_JS)
    csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return css, js, csp


def type_colours(types: Iterable[str]) -> dict[str, str]:
    """A colour per event type: ACLED types fixed, others in sorted order."""
    out: dict[str, str] = {}
    spare = 0
    for t in sorted(set(types)):
        if t in TYPE_COLOURS:
            out[t] = TYPE_COLOURS[t]
        else:
            out[t] = SPARE_COLOURS[spare % len(SPARE_COLOURS)]
            spare += 1
    return out


def _fatalities(ev: Mapping[str, Any]) -> str:
    low, high = ev.get("fatalities_low"), ev.get("fatalities_high")
    if low is None and high is None:
        return "" if ev.get("fatalities") in (None, 0) else str(ev.get("fatalities"))
    if low is None or high is None or low == high:
        return str(low if low is not None else high)
    return f"{low}–{high}"


def mention_view(m: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A source mention as the events table shows it: document, facts, quote in context."""
    doc = docs.get(m.get("doc_id") or "", {})
    named = source_info(doc, m.get("doc_id") or "")
    facts = [(label, m.get(key), bold) for label, key, bold in (
        ("claimed by", "claimant", True), ("disputed by", "disputed_by", True),
        ("date", "event_date", False)) if m.get(key)]
    facts = [(label, iso(v) if label == "date" else v, bold) for label, v, bold in facts]
    if m.get("fatalities") is not None:
        facts.append(("fatalities", m["fatalities"], False))
    return {"name": named["outlet"] or named["title"] or named["file"],
            "title": named["title"] if named["outlet"] else "", "date": named["date"],
            "file": m.get("doc_file") or named["file"], "facts": facts,
            "quote": quote_parts(doc.get("text"), m.get("char_start"), m.get("char_end"),
                                 m.get("evidence") or "")}


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = environment(HERE / "templates")
    # one page per build from templates that do not change while it renders: an include
    # (one per event row and per mention) need not stat its file to see if it changed
    env.auto_reload = False
    env.bytecode_cache = _bytecode_cache()
    env.globals.update(iso=iso, fatalities=_fatalities, mention_view=mention_view,
                       same_words=same_words,
                       precision=PRECISION, headers=EVENT_HEADERS, fact_anchor=fact_anchor)
    return env


def _bytecode_cache() -> Any:
    """The templates compiled once, kept in the user's cache folder (:func:`cache_dir`;
    Jinja checks each entry against its template's source): compiling them took a tenth
    of a second every build. None when no folder can be named or made."""
    from jinja2 import FileSystemBytecodeCache

    base = cache_dir()
    if base is None:
        return None
    folder = base / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None

    class _Cache(FileSystemBytecodeCache):
        """A cache folder that cannot be read or written only costs the compile."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return _Cache(str(folder), "report-%s.cache")


def _render(name: str, **context: Any) -> str:
    return _env().get_template(name).render(**context)


def _summary(data: ReportData) -> list[tuple[str, str]]:
    ok = sum(1 for d in data.documents if d.get("status") == "ok")
    linked = sum(len(v) for v in data.event_mentions.values())
    dates = sorted(e["event_date"] for e in data.events if isinstance(e.get("event_date"), date))
    span = f"{dates[0].isoformat()} – {dates[-1].isoformat()}" if dates else "no dated events"
    statuses = Counter(e.get("status") or "" for e in data.events)
    status_text = ", ".join(f"{s or '?'} {n}" for s, n in sorted(statuses.items()))
    return [
        ("Documents", f"{ok} ok, {len(data.documents) - ok} failed"),
        ("Mentions", f"{len(data.mentions)} ({linked} linked to events)"),
        ("Events", f"{len(data.events)}" + (f" ({status_text})" if status_text else "")),
        ("Event dates", span),
    ]


def same_words(mentions: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any],
                                                                     list[Mapping[str, Any]]]]:
    """Mentions with the same words, claimant and disputing party (copies of one story,
    syndicated or repeated) shown once, with the other mentions that repeat them.

    Keeps a large corpus's report readable: an event reported by fifty copies of one
    article shows one quote "and 49 more sources", not fifty identical quotes.
    """
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for m in mentions:
        key = (" ".join(str(m.get("evidence") or "").split()).lower(),
               str(m.get("claimant") or ""), str(m.get("disputed_by") or ""))
        groups.setdefault(key, []).append(m)
    return [(ms[0], ms[1:]) for ms in groups.values()]


def _claimed(data: ReportData) -> list[tuple[dict[str, Any], list[Mapping[str, Any]]]]:
    """Claimed or contested events, each with the mentions that say who claims or disputes
    (repeated words once)."""
    return [(e, [m for m, _ in same_words(data.event_mentions.get(e["event_id_cnty"], []))
                 if m.get("claimant") or m.get("disputed_by")])
            for e in data.events if e.get("status") in CLAIM_STATUSES]


def fact_anchor(fact: Fact) -> str:
    """A fact's anchor in the report (its subject and first events)."""
    raw = f"{fact.subject}-{'-'.join(fact.event_ids[:3]) or fact.key}"
    return "fact-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in raw)


def _facts(data: ReportData) -> tuple[list[Fact], dict[str, list[Fact]]]:
    """The contested-facts section (figures of a place on a date) and, per event, the facts
    that concern it (for the event row's links)."""
    facts = contested_facts(data.claims, {e["event_id_cnty"]: e for e in data.events},
                            {d["doc_id"]: d for d in data.documents if d.get("doc_id")},
                            by="figure")
    per_event: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        for eid in f.event_ids:
            per_event[eid].append(f)
    return facts, dict(per_event)


def render_report(
    data: ReportData, *, title: str = "sitrep report", boundaries: Path | None = None
) -> str:
    """The whole HTML page as a string (pure: same data, same string)."""
    colours = type_colours(e.get("event_type") or "" for e in data.events)
    anchors = {e["event_id_cnty"]: f"ev-{i}" for i, e in enumerate(data.events, 1)}
    css, js, csp = page_assets()
    doc_files = {d["doc_id"]: source_info(d)["label"] for d in data.documents if d.get("doc_id")}
    facts, event_facts = _facts(data)
    return _render(
        "report.html", data=data, title=title, css=Markup(css), js=Markup(js), csp=Markup(csp),
        colours=colours, anchors=anchors, summary=_summary(data),
        infobox=Markup(infobox(data.actors, doc_files)),
        timeline=Markup(timeline_svg(data.events, colours)),
        map=Markup(map_svg(data.events, colours, anchors, boundaries)),
        control=Markup(control_map(data.control, boundaries)),
        docs={d["doc_id"]: d for d in data.documents if d.get("doc_id")},
        options={"types": sorted({e.get("event_type") or "" for e in data.events}),
                 "statuses": sorted({e.get("status") or "" for e in data.events})},
        claimed=_claimed(data), facts=facts, event_facts=event_facts,
        fact_counts=contested_summary(facts), page_rows=PAGE_ROWS,
    )


def timeline_svg(events: Sequence[Mapping[str, Any]], colours: Mapping[str, str]) -> str:
    """Stacked bars of events per week (or month) by event type, as inline SVG."""
    return _render("_timeline.html", tl=svg.timeline(events, colours))


def map_svg(events: Sequence[Mapping[str, Any]], colours: Mapping[str, str],
            anchors: Mapping[str, str], boundaries: Path | None = None) -> str:
    """Event points on an equirectangular map fitted to the events, as inline SVG."""
    return _render("_map.html", m=svg.event_map(events, colours, anchors, boundaries))


def control_map(rows: Sequence[Mapping[str, Any]], boundaries: Path | None) -> str:
    """Districts coloured by controller, with a date slider ('' when nothing can be drawn).

    Without script the map shows the last date; the slider (hidden until the page's
    own script runs) recolours the districts from the ``data-control`` attribute.
    """
    found = svg.control(rows, boundaries)
    return "" if found is None else _render("_control.html", c=found)


def infobox(actors: Sequence[Mapping[str, Any]], doc_files: Mapping[str, Any]) -> str:
    """Belligerents by side, their leaders, strength and casualty claims, each sourced."""
    sides, rest = infobox_sides(actors, doc_files)
    return _render("_infobox.html", sides=sides, rest=rest)
