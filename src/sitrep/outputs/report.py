"""The offline, self-contained ``report.html`` written after every build.

One HTML file with inline CSS, one inline script and inline SVG charts: it opens
from a USB stick with no network. Every value shown comes from the store and is
treated as hostile: it is HTML-escaped and never placed inside ``<script>``.
A Content-Security-Policy with hashes of the page's own style and script blocks
stops anything else from running even if an escape were missed. The output is a
pure function of the store (sorted iteration, no timestamps), so rebuilding the
same store gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.errors import ShapelyError

from sitrep.knowledge import DATA_DIR
from sitrep.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, Store

BOUNDARIES = DATA_DIR / "gazetteer" / "adm2.geojson"
CONTEXT_CHARS = 300
CLAIM_STATUSES = ("claimed", "contested")

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
                      optional_rows(store, "control"), optional_rows(store, "actors"))


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


def render_report(
    data: ReportData, *, title: str = "sitrep report", boundaries: Path | None = None
) -> str:
    """The whole HTML page as a string (pure: same data, same string)."""
    colours = type_colours(e.get("event_type") or "" for e in data.events)
    anchors = {e["event_id_cnty"]: f"ev-{i}" for i, e in enumerate(data.events, 1)}
    docs = {d["doc_id"]: d for d in data.documents if d.get("doc_id")}
    body = "\n".join([
        f"<header><h1>{esc(title)}</h1>",
        _summary(data),
        infobox(data.actors, {d["doc_id"]: d.get("doc_file") for d in data.documents
                              if d.get("doc_id")}),
        "</header>",
        "<nav><a href=\"#timeline\">Timeline</a> · <a href=\"#map\">Map</a> · "
        + ("<a href=\"#control\">Control</a> · " if data.control else "")
        + "<a href=\"#events\">Events</a> · <a href=\"#claims\">Claims</a> · "
        "<a href=\"#documents\">Documents</a></nav>",
        _legend(colours),
        "<section id=\"timeline\"><h2>Timeline</h2>",
        timeline_svg(data.events, colours),
        "</section>",
        "<section id=\"map\"><h2>Map</h2>",
        map_svg(data.events, colours, anchors, boundaries),
        "</section>",
        control_map(data.control, boundaries),
        _events_section(data, colours, anchors, docs),
        _claims_section(data, anchors),
        _documents_section(data.documents),
    ])
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
    )


# -- helpers ----------------------------------------------------------------------------


def esc(value: object) -> str:
    """HTML-escape any value for text or a quoted attribute ('' for None)."""
    if value is None:
        return ""
    text = str(value).replace("\x00", "\ufffd")
    return html.escape(text, quote=True)


def script_json(value: object) -> str:
    """JSON that is safe inside an inline ``<script>`` (for future data islands)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


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


def _sort_date(d: object) -> str:
    return d.isoformat() if isinstance(d, date) else "9999"


def _num(x: float) -> str:
    return f"{x:.1f}"


def _split(value: object) -> list[str]:
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def _fatalities(ev: Mapping[str, Any]) -> str:
    low, high = ev.get("fatalities_low"), ev.get("fatalities_high")
    if low is None and high is None:
        return "" if ev.get("fatalities") in (None, 0) else str(ev.get("fatalities"))
    if low is None or high is None or low == high:
        return str(low if low is not None else high)
    return f"{low}–{high}"


PRECISION = {1: "day", 2: "week", 3: "month"}


def _date_cell(ev: Mapping[str, Any]) -> str:
    d = ev.get("event_date")
    prec = PRECISION.get(ev.get("time_precision") or 0, "")
    text = d.isoformat() if isinstance(d, date) else esc(d)
    return f"{text}<br><small>±{prec}</small>" if prec and prec != "day" else text


def _swatch(colour: str) -> str:
    return (f"<svg class=\"sw\" width=\"12\" height=\"12\" aria-hidden=\"true\">"
            f"<rect width=\"12\" height=\"12\" fill=\"{esc(colour)}\"/></svg>")


def _legend(colours: Mapping[str, str]) -> str:
    if not colours:
        return ""
    items = "".join(f"<li>{_swatch(c)} {esc(t or '(no type)')}</li>" for t, c in colours.items())
    return f"<ul class=\"legend\" aria-label=\"Event types\">{items}</ul>"


# -- summary and documents --------------------------------------------------------------


def _summary(data: ReportData) -> str:
    ok = sum(1 for d in data.documents if d.get("status") == "ok")
    failed = len(data.documents) - ok
    linked = sum(len(v) for v in data.event_mentions.values())
    dates = sorted(e["event_date"] for e in data.events if isinstance(e.get("event_date"), date))
    span = f"{dates[0].isoformat()} – {dates[-1].isoformat()}" if dates else "no dated events"
    statuses = Counter(e.get("status") or "" for e in data.events)
    status_text = ", ".join(f"{esc(s or '?')} {n}" for s, n in sorted(statuses.items()))
    rows = [
        ("Documents", f"{ok} ok, {failed} failed"),
        ("Mentions", f"{len(data.mentions)} ({linked} linked to events)"),
        ("Events", f"{len(data.events)}" + (f" ({status_text})" if status_text else "")),
        ("Event dates", span),
    ]
    cells = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    return f"<dl class=\"summary\">{cells}</dl>"


def _documents_section(documents: Sequence[Mapping[str, Any]]) -> str:
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in
                   ("File", "Title", "Publisher", "Published", "Kind", "Chars", "Status"))
    rows = []
    for d in documents:
        published = d.get("published")
        status = esc(d.get("status"))
        if d.get("error"):
            status += f": {esc(d.get('error'))}"
        cls = " class=\"failed\"" if d.get("status") != "ok" else ""
        rows.append(
            f"<tr{cls}><td>{esc(d.get('doc_file'))}</td><td>{esc(d.get('title'))}</td>"
            f"<td>{esc(d.get('publisher'))}</td>"
            f"<td>{published.isoformat() if isinstance(published, date) else esc(published)}"
            f"</td><td>{esc(d.get('kind'))}</td><td class=\"n\">{esc(d.get('chars'))}</td>"
            f"<td>{status}</td></tr>"
        )
    table = (f"<div class=\"scroll\"><table><thead><tr>{head}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table></div>") if rows else "<p>No documents.</p>"
    return f"<section id=\"documents\"><h2>Documents</h2>{table}</section>"


# -- timeline ---------------------------------------------------------------------------


def _nice_step(peak: int, ticks: int = 4) -> int:
    raw = max(peak, 1) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return max(1, int(m * mag))
    return max(1, int(10 * mag))


def _buckets(dates: Sequence[date]) -> tuple[list[date], str]:
    """Bucket starts (ISO weeks, or months when the span is over three years)."""
    first, last = min(dates), max(dates)
    if (last - first).days <= 3 * 366:
        start = first - timedelta(days=first.weekday())
        n = (last - start).days // 7 + 1
        return [start + timedelta(weeks=i) for i in range(n)], "week"
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out, "month"


def timeline_svg(events: Sequence[Mapping[str, Any]], colours: Mapping[str, str]) -> str:
    """Stacked bars of events per week (or month) by event type, as inline SVG."""
    dated = [e for e in events if isinstance(e.get("event_date"), date)]
    if not dated:
        return "<p class=\"empty\">No dated events to chart.</p>"
    starts, unit = _buckets([e["event_date"] for e in dated])

    def bucket(d: date) -> date:
        return d - timedelta(days=d.weekday()) if unit == "week" else date(d.year, d.month, 1)

    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for e in dated:
        counts[bucket(e["event_date"])][e.get("event_type") or ""] += 1
    peak = max(sum(c.values()) for c in counts.values())
    step = _nice_step(peak)
    top = math.ceil(peak / step) * step
    w, h, ml, mr, mt, mb = 900, 280, 48, 12, 12, 52
    pw, ph = w - ml - mr, h - mt - mb
    bw = min(pw / len(starts), 64.0)
    x0 = ml + (pw - bw * len(starts)) / 2  # few buckets: narrow bars, centred
    gap = min(2.0, bw * 0.2)
    parts = [
        f"<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" "
        f"aria-labelledby=\"tl-title\"><title id=\"tl-title\">Events per {unit} by event type"
        "</title>"
    ]
    for v in range(0, top + 1, step):
        y = mt + ph - v / top * ph
        parts.append(f"<line class=\"grid\" x1=\"{ml}\" x2=\"{w - mr}\" y1=\"{_num(y)}\" "
                     f"y2=\"{_num(y)}\"/><text class=\"tick\" x=\"{ml - 6}\" y=\"{_num(y + 4)}\" "
                     f"text-anchor=\"end\">{v}</text>")
    label_every = max(1, math.ceil(len(starts) / 8))
    for i, start in enumerate(starts):
        x = x0 + i * bw
        y = mt + ph
        label = start.isoformat() if unit == "week" else start.strftime("%Y-%m")
        for etype in sorted(counts.get(start, {})):
            n = counts[start][etype]
            bh = n / top * ph
            y -= bh
            tip = f"{unit} of {label}: {etype or '(no type)'} {n}"
            parts.append(
                f"<rect x=\"{_num(x + gap / 2)}\" y=\"{_num(y)}\" width=\"{_num(bw - gap)}\" "
                f"height=\"{_num(bh)}\" fill=\"{esc(colours.get(etype, '#888'))}\">"
                f"<title>{esc(tip)}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(f"<text class=\"tick\" x=\"{_num(x + bw / 2)}\" y=\"{mt + ph + 16}\" "
                         f"text-anchor=\"middle\">{label}</text>")
    parts.append(
        f"<line class=\"axis\" x1=\"{ml}\" x2=\"{w - mr}\" y1=\"{mt + ph}\" y2=\"{mt + ph}\"/>"
        f"<text class=\"label\" x=\"{ml + pw / 2:.1f}\" y=\"{h - 8}\" text-anchor=\"middle\">"
        f"{unit} starting</text>"
        f"<text class=\"label\" transform=\"rotate(-90)\" x=\"{-(mt + ph / 2):.1f}\" y=\"14\" "
        f"text-anchor=\"middle\">events</text></svg>"
    )
    return "".join(parts)


# -- map --------------------------------------------------------------------------------


def _located(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out = []
    for e in events:
        lat, lon = e.get("latitude"), e.get("longitude")
        if (isinstance(lat, int | float) and isinstance(lon, int | float)
                and math.isfinite(lat) and math.isfinite(lon)
                and -90 <= lat <= 90 and -180 <= lon <= 180):
            out.append(e)
    return out


@dataclass(frozen=True)
class _Projection:
    """Equirectangular projection of a lon/lat box onto an SVG canvas."""

    west: float
    south: float
    east: float
    north: float
    width: float
    height: float
    scale: float
    kx: float
    margin: float

    @classmethod
    def fit(cls, lons: Sequence[float], lats: Sequence[float], width: float = 720,
            max_height: float = 540, margin: float = 16) -> _Projection:
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        span = max(east - west, north - south, 0.3)
        pad = span * 0.12
        cx, cy = (west + east) / 2, (south + north) / 2
        half_w = max(east - west, span * 0.5) / 2 + pad
        half_h = max(north - south, span * 0.35) / 2 + pad
        west, east = cx - half_w, cx + half_w
        south, north = max(cy - half_h, -90.0), min(cy + half_h, 90.0)
        kx = math.cos(math.radians((south + north) / 2))
        scale = min((width - 2 * margin) / ((east - west) * kx),
                    (max_height - 2 * margin) / (north - south))
        height = (north - south) * scale + 2 * margin
        width = (east - west) * kx * scale + 2 * margin
        return cls(west, south, east, north, width, height, scale, kx, margin)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.margin + (lon - self.west) * self.kx * self.scale,
                self.margin + (self.north - lat) * self.scale)


@lru_cache(maxsize=2)
def _load_boundaries(path: str, mtime_ns: int) -> tuple[tuple[str, str, Any], ...]:
    """(admin1, admin2, shapely geometry) of each polygon feature; read-only cache."""
    from shapely.geometry import shape

    with open(path, encoding="utf-8") as fh:
        gj = json.load(fh)
    out = []
    for feat in gj.get("features", []):
        geom = feat.get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        props = feat.get("properties") or {}
        shp = shape(geom)
        if not shp.is_valid:
            shp = shp.buffer(0)
        out.append((str(props.get("admin1") or ""), str(props.get("admin2") or ""), shp))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(out)


def _polygons(geom: Any) -> list[Any]:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def _path_d(geom: Any, proj: _Projection) -> str:
    parts = []
    for poly in _polygons(geom):
        for ring in (poly.exterior, *poly.interiors):
            pts: list[str] = []
            for lon, lat, *_ in ring.coords:
                x, y = proj.xy(lon, lat)
                p = f"{x:.1f} {y:.1f}"
                if not pts or pts[-1] != p:
                    pts.append(p)
            if len(pts) >= 3:
                parts.append("M" + " L".join(pts) + "Z")
    return "".join(parts)


def _outlines(boundaries: Path | None, proj: _Projection,
              points: Sequence[tuple[float, float]]) -> str:
    """District outlines within the map's box, simplified to the map's resolution."""
    if boundaries is None or not boundaries.is_file():
        return ""
    import numpy as np
    import shapely
    from shapely.geometry import box

    try:

        feats = _load_boundaries(str(boundaries), boundaries.stat().st_mtime_ns)
        view = box(proj.west, proj.south, proj.east, proj.north)
        tol = 0.5 / proj.scale
        xs = np.array([p[0] for p in points], dtype=float)
        ys = np.array([p[1] for p in points], dtype=float)
        out = []
        for admin1, admin2, geom in feats:
            if not geom.intersects(view):
                continue
            hit = bool(len(xs)) and bool(shapely.intersects_xy(geom, xs, ys).any())
            d = _path_d(geom.intersection(view).simplify(tol, preserve_topology=True), proj)
            if not d:
                continue
            name = ", ".join(x for x in (admin2, admin1) if x)
            cls = "adm hit" if hit else "adm"
            out.append(f"<path class=\"{cls}\" d=\"{d}\"><title>{esc(name)}</title></path>")
        return "<g class=\"outlines\">" + "".join(out) + "</g>"
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ShapelyError):
        return ""


def map_svg(events: Sequence[Mapping[str, Any]], colours: Mapping[str, str],
            anchors: Mapping[str, str], boundaries: Path | None = None) -> str:
    """Event points on an equirectangular map fitted to the events, as inline SVG."""
    located = _located(events)
    missing = len(events) - len(located)
    note = (f"<p class=\"note\">{missing} event(s) without coordinates are not mapped.</p>"
            if missing else "")
    if not located:
        return "<p class=\"empty\">No events with coordinates to map.</p>" + note
    proj = _Projection.fit([e["longitude"] for e in located], [e["latitude"] for e in located])
    groups: dict[tuple[float, float], dict[str, list[Mapping[str, Any]]]] = defaultdict(
        lambda: defaultdict(list))
    for e in located:
        key = (round(e["longitude"], 4), round(e["latitude"], 4))
        groups[key][e.get("event_type") or ""].append(e)
    dots = []
    for (lon, lat), by_type in sorted(groups.items()):
        x0, y0 = proj.xy(lon, lat)
        types = sorted(by_type)
        for k, etype in enumerate(types):
            evs = by_type[etype]
            # Types sharing one coordinate sit on a small ring so none hides another.
            angle = 2 * math.pi * k / len(types)
            off = 6.0 if len(types) > 1 else 0.0
            x, y = x0 + off * math.sin(angle), y0 - off * math.cos(angle)
            r = min(4.5 + 2.0 * math.sqrt(len(evs) - 1), 14.0)
            place = evs[0].get("location") or evs[0].get("admin2") or evs[0].get("admin1")
            lines = [f"{place or ''} ({lat:.3f}, {lon:.3f}): {etype or '(no type)'}"] + [
                f"{e.get('event_id_cnty')} {_iso(e.get('event_date'))} "
                f"{e.get('sub_event_type') or ''} — {e.get('actor1') or ''}"
                + (f" vs {e.get('actor2')}" if e.get("actor2") else "")
                for e in evs[:20]
            ] + ([f"… and {len(evs) - 20} more"] if len(evs) > 20 else [])
            href = anchors.get(evs[0]["event_id_cnty"], "")
            dots.append(
                f"<a href=\"#{esc(href)}\"><circle cx=\"{_num(x)}\" cy=\"{_num(y)}\" "
                f"r=\"{_num(r)}\" fill=\"{esc(colours.get(etype, '#888'))}\">"
                f"<title>{esc(chr(10).join(lines))}</title></circle></a>"
            )
    outlines = _outlines(boundaries, proj, [(e["longitude"], e["latitude"]) for e in located])
    caption = (f"{_deg(proj.south, 'N', 'S')} – {_deg(proj.north, 'N', 'S')}, "
               f"{_deg(proj.west, 'E', 'W')} – {_deg(proj.east, 'E', 'W')}"
               + ("; district outlines shaded where events fall" if outlines else ""))
    return (
        f"<figure><svg class=\"map\" viewBox=\"0 0 {proj.width:.0f} {proj.height:.0f}\" "
        f"role=\"img\" aria-labelledby=\"map-title\"><title id=\"map-title\">Map of "
        f"{len(located)} located events</title>"
        f"<rect class=\"sea\" width=\"{proj.width:.0f}\" height=\"{proj.height:.0f}\"/>"
        f"{outlines}<g class=\"dots\">{''.join(dots)}</g></svg>"
        f"<figcaption>{esc(caption)}</figcaption></figure>{note}"
    )


def _deg(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):.2f}°{pos if value >= 0 else neg}"


def _iso(d: object) -> str:
    return d.isoformat() if isinstance(d, date) else str(d or "")


# -- infobox ----------------------------------------------------------------------------

INFOBOX_SIDES = 4


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def _sourced(text: str, item: Mapping[str, Any], doc_files: Mapping[str, Any]) -> str:
    """A figure with its claimant and, on demand, its verbatim quote and document."""
    who = item.get("claimant") or ""
    status = item.get("status") or ""
    meta = ", ".join(esc(x) for x in (who and f"per {who}", status) if x)
    first = item.get("first") if isinstance(item.get("first"), dict) else {}
    quote = item.get("quote") or first.get("quote") or ""
    source = esc(doc_files.get(item.get("doc_id") or first.get("doc_id") or "", "") or "")
    head = f"{text}" + (f" <small>({meta})</small>" if meta else "")
    if not quote:
        return f"<li>{head}</li>"
    return (f"<li><details><summary>{head}</summary><q>{esc(quote)}</q>"
            + (f" <small>— {source}</small>" if source else "") + "</details></li>")


def _figure_range(items: Sequence[Mapping[str, Any]]) -> str:
    lows = [i["low"] for i in items if isinstance(i.get("low"), int)]
    highs = [i["high"] for i in items if isinstance(i.get("high"), int)]
    if not lows and not highs:
        return ""
    lo, hi = min(lows or highs), max(highs or lows)
    return f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"


def infobox(actors: Sequence[Mapping[str, Any]], doc_files: Mapping[str, Any]) -> str:
    """Belligerents by side, their leaders, strength and casualty claims, each sourced."""
    active = [a for a in actors if a.get("actor") and (a.get("events") or 0) > 0
              and a.get("side")]
    if not active:
        return ""
    sides: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for a in active:
        sides[str(a["side"])].append(a)
    ranked = sorted(sides, key=lambda s: (-sum(a.get("events") or 0 for a in sides[s]), s))
    shown, rest = ranked[:INFOBOX_SIDES], ranked[INFOBOX_SIDES:]
    cols = []
    for side in shown:
        members = sorted(sides[side], key=lambda a: (-(a.get("events") or 0), a["actor"]))
        belligerents = "".join(f"<li>{esc(a['actor'])} <small>({esc(a.get('events'))} events)"
                               "</small></li>" for a in members)
        leaders = sorted((ld for a in members for ld in _as_list(a.get("leaders"))
                          if isinstance(ld, dict) and ld.get("name")),
                         key=lambda ld: (-(ld.get("mentions") or 0), str(ld["name"])))[:6]
        leader_items = "".join(
            _sourced(esc(ld["name"]) + (f" <small>{esc(ld.get('role'))}</small>"
                                        if ld.get("role") else ""), ld, doc_files)
            for ld in leaders)
        strength = [x for a in members for x in _as_list(a.get("strength")) if isinstance(x, dict)]
        strength_items = "".join(_sourced(esc(x.get("figure") or _figure_range([x])), x, doc_files)
                                 for x in strength[:6])
        span = _figure_range(strength)
        losses = [x for a in members for x in _as_list(a.get("casualty_claims"))
                  if isinstance(x, dict)]
        loss_items = "".join(
            _sourced(f"{esc(x.get('value'))} {esc(x.get('subject'))}", x, doc_files)
            for x in losses[:8])
        cols.append(
            f"<div class=\"side\"><h3>{esc(side)}</h3><ul>{belligerents}</ul>"
            + (f"<h4>Leaders</h4><ul>{leader_items}</ul>" if leader_items else "")
            + (f"<h4>Strength{f' {span}' if span else ''}</h4><ul>{strength_items}</ul>"
               if strength_items else "")
            + (f"<h4>Casualty and capture claims</h4><ul>{loss_items}</ul>"
               if loss_items else "")
            + "</div>"
        )
    also = ("<p class=\"note\">Also involved: " + esc(", ".join(rest)) + "</p>") if rest else ""
    return (f"<section id=\"infobox\" class=\"infobox\" aria-label=\"Belligerents\">"
            f"<h2>Belligerents</h2><div class=\"sides\">{''.join(cols)}</div>{also}</section>")


# -- control map ------------------------------------------------------------------------

# Controllers take these colours in name order (Tol's bright and muted schemes).
CONTROL_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
                   "#BBBBBB", "#332288", "#117733", "#882255")
CONTROL_STATUSES = ("held", "claimed", "contested")


def control_states(rows: Sequence[Mapping[str, Any]]) -> tuple[
        list[date], list[str], dict[tuple[str, str], list[tuple[str, str] | None]]]:
    """(dates where something changes, controllers, district → (controller, status) per date).

    Only district rows (``place`` equal to ``admin2``) are used: they are what the
    district polygons can show. Intervals are closed; a blank ``date_to`` is open.
    """
    district = [r for r in rows if r.get("admin1") and r.get("admin2")
                and r.get("place") in (None, "", r.get("admin2"))
                and isinstance(r.get("date_from"), date) and r.get("controller")]
    days = {r["date_from"] for r in district}
    days |= {r["date_to"] + timedelta(days=1) for r in district
             if isinstance(r.get("date_to"), date)}
    dates = sorted(days)
    controllers = sorted({str(r["controller"]) for r in district})
    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for r in district:
        by_key[(str(r["admin1"]), str(r["admin2"]))].append(r)
    states: dict[tuple[str, str], list[tuple[str, str] | None]] = {}
    for key, rs in sorted(by_key.items()):
        rs = sorted(rs, key=lambda r: r["date_from"])
        out: list[tuple[str, str] | None] = []
        for d in dates:
            hit = [r for r in rs if r["date_from"] <= d
                   and (not isinstance(r.get("date_to"), date) or d <= r["date_to"])]
            out.append((str(hit[-1]["controller"]), str(hit[-1].get("status") or "held"))
                       if hit else None)
        states[key] = out
    return dates, controllers, states


def control_map(rows: Sequence[Mapping[str, Any]], boundaries: Path | None) -> str:
    """Districts coloured by controller, with a date slider (inline SVG + escaped JSON data).

    Without script the map shows the last date; the slider (hidden until the page's
    own script runs) recolours the districts from the ``data-control`` attribute.
    """
    dates, controllers, states = control_states(rows)
    if not dates or boundaries is None or not boundaries.is_file():
        return ""
    try:
        feats = _load_boundaries(str(boundaries), boundaries.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ShapelyError):
        return ""
    geoms = {(a1, a2): g for a1, a2, g in feats}
    keys = [k for k in states if k in geoms]
    if not keys:
        return ""
    bounds = [geoms[k].bounds for k in keys]
    proj = _Projection.fit([b[0] for b in bounds] + [b[2] for b in bounds],
                           [b[1] for b in bounds] + [b[3] for b in bounds])
    from shapely.geometry import box

    view = box(proj.west, proj.south, proj.east, proj.north)
    tol = 0.5 / proj.scale
    colour = {c: CONTROL_COLOURS[i % len(CONTROL_COLOURS)] for i, c in enumerate(controllers)}
    back, front, cells = [], [], []
    wanted = set(keys)
    for a1, a2, geom in feats:
        if (a1, a2) in wanted or not geom.intersects(view):
            continue
        d = _path_d(geom.intersection(view).simplify(tol, preserve_topology=True), proj)
        if d:
            back.append(f"<path class=\"adm\" d=\"{d}\"><title>{esc(a2)}, {esc(a1)}</title></path>")
    for i, key in enumerate(keys):
        d = _path_d(geoms[key].simplify(tol, preserve_topology=True), proj)
        seq = states[key]
        cells.append([0 if s is None else controllers.index(s[0]) * 3
                      + CONTROL_STATUSES.index(s[1] if s[1] in CONTROL_STATUSES else "held") + 1
                      for s in seq])
        last = seq[-1]
        fill = colour[last[0]] if last else "#ffffff"
        cls = f"ctl s-{last[1]}" if last else "ctl"
        tip = f"{key[1]}, {key[0]}: " + (f"{last[0]} ({last[1]})" if last else "unknown")
        front.append(f"<path class=\"{esc(cls)}\" data-k=\"{i}\" fill=\"{esc(fill)}\" "
                     f"d=\"{d}\"><title>{esc(tip)}</title></path>")
    data = {"dates": [d.isoformat() for d in dates], "controllers": controllers,
            "colours": [colour[c] for c in controllers], "statuses": list(CONTROL_STATUSES),
            "names": [f"{k[1]}, {k[0]}" for k in keys], "cells": cells}
    legend = "".join(f"<li>{_swatch(colour[c])} {esc(c)}</li>" for c in controllers)
    last = len(dates) - 1
    return (
        "<section id=\"control\"><h2>Territorial control</h2>"
        "<p class=\"note\">Who held each district, from territorial events and their claims. "
        "Faded: only claimed; dashed outline: contested. Showing <b id=\"ctl-date\">"
        f"{dates[-1].isoformat()}</b>.</p>"
        "<div class=\"ctl-controls\" id=\"ctl-controls\" hidden><label>Date "
        f"<input type=\"range\" id=\"ctl-range\" min=\"0\" max=\"{last}\" value=\"{last}\" "
        "step=\"1\"></label></div>"
        f"<ul class=\"legend\" aria-label=\"Controllers\">{legend}</ul>"
        f"<figure><svg class=\"map\" id=\"ctl-map\" viewBox=\"0 0 {proj.width:.0f} "
        f"{proj.height:.0f}\" role=\"img\" aria-labelledby=\"ctl-title\" "
        f"data-control=\"{esc(json.dumps(data, sort_keys=True, ensure_ascii=False))}\">"
        "<title id=\"ctl-title\">District control map</title>"
        f"<rect class=\"sea\" width=\"{proj.width:.0f}\" height=\"{proj.height:.0f}\"/>"
        f"<g class=\"outlines\">{''.join(back)}</g><g>{''.join(front)}</g></svg></figure>"
        "</section>"
    )


# -- events and claims ------------------------------------------------------------------


def quote_in_context(text: str | None, start: int | None, end: int | None,
                     evidence: str, context: int = CONTEXT_CHARS) -> str:
    """HTML of the evidence marked inside ~``context`` characters either side of it.

    Falls back to searching the document for the quote, then to the bare quote,
    when the stored span no longer matches the text.
    """
    evidence = evidence or ""
    if text and (start is None or end is None or text[start:end] != evidence):
        found = text.find(evidence) if evidence else -1
        start, end = (found, found + len(evidence)) if found >= 0 else (None, None)
    if not text or start is None or end is None:
        return (f"<blockquote class=\"ctx\"><mark>{esc(evidence)}</mark></blockquote>"
                "<p class=\"note\">The quoted span was not found in the stored text.</p>")
    lo, hi = max(0, start - context), min(len(text), end + context)
    before, after = text[lo:start], text[end:hi]
    if lo > 0:
        cut = before.find(" ", 0, 40)
        before = "…" + (before[cut + 1:] if cut >= 0 else before)
    if hi < len(text):
        cut = after.rfind(" ", max(0, len(after) - 40))
        after = (after[:cut] if cut >= 0 else after) + "…"
    return (f"<blockquote class=\"ctx\">{esc(before)}<mark>{esc(text[start:end])}</mark>"
            f"{esc(after)}</blockquote>")


def _mention_block(m: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> str:
    doc = docs.get(m.get("doc_id") or "", {})
    source = esc(m.get("doc_file") or doc.get("doc_file"))
    extra = [esc(x) for x in (doc.get("title"), doc.get("publisher")) if x]
    if isinstance(doc.get("published"), date):
        extra.append(doc["published"].isoformat())
    facts = []
    if m.get("claimant"):
        facts.append(f"claimed by <b>{esc(m['claimant'])}</b>")
    if m.get("disputed_by"):
        facts.append(f"disputed by <b>{esc(m['disputed_by'])}</b>")
    if m.get("event_date"):
        facts.append(f"date {_iso(m['event_date'])}")
    if m.get("fatalities") is not None:
        facts.append(f"fatalities {esc(m['fatalities'])}")
    span = f"chars {esc(m.get('char_start'))}–{esc(m.get('char_end'))}"
    return (
        f"<li><div class=\"src\"><b>{source}</b>"
        + (f" — {' · '.join(extra)}" if extra else "")
        + f" <small>({span}, {esc(m.get('mention_id'))})</small></div>"
        + (f"<div class=\"facts\">{'; '.join(facts)}</div>" if facts else "")
        + quote_in_context(doc.get("text"), m.get("char_start"), m.get("char_end"),
                           m.get("evidence") or "")
        + "</li>"
    )


EVENT_HEADERS = ("ID", "Date", "Type", "Actor 1", "Actor 2", "Location", "Fatalities",
                 "Captured", "Status", "Claimed by", "Disputed by", "Sources", "Evidence")


def _event_row(ev: Mapping[str, Any], anchor: str, mentions: Sequence[Mapping[str, Any]],
               docs: Mapping[str, Mapping[str, Any]], colours: Mapping[str, str]) -> str:
    etype = ev.get("event_type") or ""
    admin = ", ".join(esc(x) for x in (ev.get("admin2"), ev.get("admin1"))
                      if x and x != ev.get("location"))
    location = esc(ev.get("location")) + (f"<br><small>{admin}</small>" if admin else "")
    blocks = "".join(_mention_block(m, docs) for m in mentions) or "<li>No linked mentions.</li>"
    evidence = (
        f"<details><summary>{esc(ev.get('evidence')) or '(no quote)'}</summary>"
        f"<ol class=\"mentions\">{blocks}</ol></details>"
    )
    captured = "" if ev.get("captured") is None else esc(ev.get("captured"))
    cells = [
        f"<th scope=\"row\">{esc(ev.get('event_id_cnty'))}</th>",
        f"<td class=\"nw\">{_date_cell(ev)}</td>",
        f"<td>{_swatch(colours.get(etype, '#888'))} {esc(etype)}<br>"
        f"<small>{esc(ev.get('sub_event_type'))}</small></td>",
        f"<td>{esc(ev.get('actor1'))}</td>", f"<td>{esc(ev.get('actor2'))}</td>",
        f"<td>{location}</td>", f"<td class=\"n\">{esc(_fatalities(ev))}</td>",
        f"<td class=\"n\">{captured}</td>",
        f"<td><span class=\"st st-{esc(ev.get('status'))}\">{esc(ev.get('status'))}</span></td>",
        f"<td>{esc(ev.get('claimed_by'))}</td>", f"<td>{esc(ev.get('disputed_by'))}</td>",
        f"<td class=\"n\">{esc(ev.get('sources_count'))}</td>",
        f"<td class=\"ev\">{evidence}</td>",
    ]
    return (f"<tr id=\"{esc(anchor)}\" data-type=\"{esc(etype)}\" "
            f"data-status=\"{esc(ev.get('status'))}\">{''.join(cells)}</tr>")


def _options(values: Iterable[str], label: str) -> str:
    opts = "".join(f"<option value=\"{esc(v)}\">{esc(v)}</option>" for v in sorted(set(values)))
    return f"<option value=\"\">{label}</option>{opts}"


def _events_section(data: ReportData, colours: Mapping[str, str], anchors: Mapping[str, str],
                    docs: Mapping[str, Mapping[str, Any]]) -> str:
    if not data.events:
        return "<section id=\"events\"><h2>Events</h2><p class=\"empty\">No events.</p></section>"
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in EVENT_HEADERS)
    rows = "".join(
        _event_row(ev, anchors[ev["event_id_cnty"]],
                   data.event_mentions.get(ev["event_id_cnty"], []), docs, colours)
        for ev in data.events
    )
    controls = (
        "<div class=\"filters\" id=\"filters\" hidden>"
        "<label>Search <input type=\"search\" id=\"f-text\" placeholder=\"actor, place, quote…\">"
        "</label>"
        f"<label>Type <select id=\"f-type\">"
        f"{_options((e.get('event_type') or '' for e in data.events), 'all types')}"
        "</select></label>"
        f"<label>Status <select id=\"f-status\">"
        f"{_options((e.get('status') or '' for e in data.events), 'all statuses')}"
        "</select></label>"
        "<button type=\"button\" id=\"f-open\">Expand all</button>"
        "<button type=\"button\" id=\"f-close\">Collapse all</button>"
        "<output id=\"f-count\" aria-live=\"polite\"></output></div>"
    )
    return (
        "<section id=\"events\"><h2>Events</h2>"
        "<p class=\"note\">Open an evidence quote to see every source sentence in context.</p>"
        f"{controls}<div class=\"scroll\"><table class=\"events\"><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _claims_section(data: ReportData, anchors: Mapping[str, str]) -> str:
    claimed = [e for e in data.events if e.get("status") in CLAIM_STATUSES]
    if not claimed:
        return ("<section id=\"claims\"><h2>Claims</h2>"
                "<p class=\"empty\">No claimed or contested events.</p></section>")
    rows = []
    for ev in claimed:
        eid = ev["event_id_cnty"]
        says = []
        for m in data.event_mentions.get(eid, []):
            if m.get("claimant") or m.get("disputed_by"):
                who = esc(m.get("claimant") or "(unattributed)")
                if m.get("disputed_by"):
                    who += f", disputed by {esc(m['disputed_by'])}"
                says.append(f"<li><b>{who}</b> ({esc(m.get('doc_file'))}): "
                            f"<q>{esc(m.get('evidence'))}</q></li>")
        rows.append(
            f"<tr><th scope=\"row\"><a href=\"#{esc(anchors[eid])}\">{esc(eid)}</a></th>"
            f"<td class=\"nw\">{_iso(ev.get('event_date'))}</td>"
            f"<td>{esc(ev.get('sub_event_type') or ev.get('event_type'))}</td>"
            f"<td>{esc(ev.get('location'))}</td>"
            f"<td><span class=\"st st-{esc(ev.get('status'))}\">{esc(ev.get('status'))}</span></td>"
            f"<td>{esc(ev.get('claimed_by'))}</td><td>{esc(ev.get('disputed_by'))}</td>"
            f"<td>{'<ul>' + ''.join(says) + '</ul>' if says else esc(ev.get('evidence'))}</td>"
            "</tr>"
        )
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in
                   ("ID", "Date", "What", "Where", "Status", "Claimed by", "Disputed by",
                    "Who says what"))
    return (f"<section id=\"claims\"><h2>Claims</h2><div class=\"scroll\"><table>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            "</section>")


# -- static assets ----------------------------------------------------------------------

CSS = """
:root{--fg:#1b1b1b;--muted:#5a5a5a;--line:#d6d6d6;--bg:#fff;--band:#f5f5f2;--mark:#ffe58a}
*{box-sizing:border-box}
[hidden]{display:none !important}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1280px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.7rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;
border-bottom:2px solid var(--line);padding-bottom:.2rem}
a{color:#0b57a4}nav{margin:.5rem 0 1rem}small,.note,figcaption{color:var(--muted)}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:0}
.summary div{min-width:9rem}.summary dt{font-size:.8rem;color:var(--muted);text-transform:uppercase}
.summary dd{margin:0;font-weight:600}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.5rem 0}
.sw{vertical-align:-1px}
svg.chart,svg.map{width:100%;height:auto;display:block}
svg.map{max-width:900px;border:1px solid var(--line)}
figure{margin:0}
.grid{stroke:#e6e6e6}.axis{stroke:#777}.tick{font-size:11px;fill:#555}
.label{font-size:12px;fill:#333}
.sea{fill:#f7f9fb}.adm{fill:#fff;stroke:#b9b9b9;stroke-width:.6}.adm.hit{fill:#ecefe4}
.dots circle{stroke:#fff;stroke-width:1.2;fill-opacity:.9}
.ctl{stroke:#fff;stroke-width:.8}.ctl.s-claimed{fill-opacity:.5}
.ctl.s-contested{fill-opacity:.5;stroke:#333;stroke-dasharray:3 2}
.ctl-controls input{width:min(40rem,90%)}
.infobox .sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}
.infobox .side{border:1px solid var(--line);border-radius:.3rem;padding:.4rem .7rem;
background:var(--band);font-size:.9rem}
.infobox h3{margin:.2rem 0;font-size:1.05rem}.infobox h4{margin:.5rem 0 .1rem;font-size:.85rem;
color:var(--muted);text-transform:uppercase}
.infobox ul{margin:0;padding-left:1.1rem}.infobox q{font-style:italic}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--band);position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}.nw{white-space:nowrap}
td.ev{min-width:22rem;max-width:40rem}
tr.failed td{color:#9b1c1c}
summary{cursor:pointer}
.mentions{padding-left:1.2rem}.mentions li{margin:.5rem 0}
blockquote.ctx{margin:.3rem 0;padding:.4rem .6rem;border-left:3px solid var(--line);
background:var(--band);white-space:pre-wrap;overflow-wrap:anywhere;font-size:.88rem}
mark{background:var(--mark);color:inherit;padding:0 .1em}
.st{padding:0 .35em;border-radius:.25em;background:#eee;white-space:nowrap}
.st-confirmed{background:#dcefdc}.st-claimed{background:#fff0c2}.st-contested{background:#f8d4d4}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
.filters input,.filters select,.filters button{font:inherit;padding:.15rem .35rem}
@media (max-width:640px){body{font-size:15px}main{padding:.5rem}}
@media print{nav,.filters{display:none}main{max-width:none;padding:0}
thead th{position:static}a{color:inherit;text-decoration:none}
tr,li,figure{break-inside:avoid}svg.map{max-width:100%}}
"""

JS = """
(function () {
  var box = document.getElementById('filters');
  if (!box) { return; }
  box.hidden = false;
  var q = document.getElementById('f-text');
  var t = document.getElementById('f-type');
  var s = document.getElementById('f-status');
  var out = document.getElementById('f-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.events tbody tr'));
  var all = Array.prototype.slice.call(document.querySelectorAll('table.events details'));
  function apply() {
    var text = q.value.toLowerCase(), type = t.value, status = s.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!type || r.getAttribute('data-type') === type) &&
        (!status || r.getAttribute('data-status') === status) &&
        (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    out.textContent = shown + ' of ' + rows.length + ' events shown';
  }
  [q, t, s].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  function setAll(open) { all.forEach(function (d) { d.open = open; }); }
  document.getElementById('f-open').addEventListener('click', function () { setAll(true); });
  document.getElementById('f-close').addEventListener('click', function () { setAll(false); });
  var before = [];
  window.addEventListener('beforeprint', function () {
    before = all.map(function (d) { return d.open; });
    setAll(true);
  });
  window.addEventListener('afterprint', function () {
    all.forEach(function (d, i) { d.open = !!before[i]; });
  });
  apply();
})();
(function () {
  var svg = document.getElementById('ctl-map');
  var range = document.getElementById('ctl-range');
  if (!svg || !range) { return; }
  var data = JSON.parse(svg.getAttribute('data-control'));
  var label = document.getElementById('ctl-date');
  var paths = Array.prototype.slice.call(svg.querySelectorAll('path.ctl'));
  function show() {
    var i = Number(range.value);
    label.textContent = data.dates[i];
    paths.forEach(function (p) {
      var k = Number(p.getAttribute('data-k'));
      var v = data.cells[k][i];
      var tip = p.querySelector('title');
      if (!v) {
        p.setAttribute('fill', '#ffffff');
        p.setAttribute('class', 'ctl');
        tip.textContent = data.names[k] + ': unknown';
        return;
      }
      var c = Math.floor((v - 1) / 3), s = data.statuses[(v - 1) % 3];
      p.setAttribute('fill', data.colours[c]);
      p.setAttribute('class', 'ctl s-' + s);
      tip.textContent = data.names[k] + ': ' + data.controllers[c] + ' (' + s + ')';
    });
  }
  document.getElementById('ctl-controls').hidden = false;
  range.addEventListener('input', show);
  show();
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


# Only the page's own style and script blocks may run; nothing may be fetched.
CSP = (
    f"default-src 'none'; style-src '{_sha256(CSS)}'; script-src '{_sha256(JS)}'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
