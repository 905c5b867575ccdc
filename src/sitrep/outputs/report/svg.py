"""Chart and map geometry for the report: projection, buckets and paths stay in Python.

Each function returns plain data (numbers already formatted) that a template draws
as inline SVG; :mod:`sitrep.outputs.report` renders them.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.errors import ShapelyError

from sitrep.knowledge import cache_dir

GEO_ERRORS = (OSError, ValueError, KeyError, TypeError, AttributeError, ShapelyError)

# Controllers take these colours in name order (Tol's bright and muted schemes).
CONTROL_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
                   "#BBBBBB", "#332288", "#117733", "#882255")
CONTROL_STATUSES = ("held", "claimed", "contested")


def _num(x: float) -> str:
    return f"{x:.1f}"


def iso(d: object) -> str:
    """A date as YYYY-MM-DD, anything else as text ('' for None)."""
    return d.isoformat() if isinstance(d, date) else str(d or "")


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


def timeline(events: Sequence[Mapping[str, Any]],
             colours: Mapping[str, str]) -> dict[str, Any] | None:
    """Stacked bars of events per week (or month) by event type; None without dated events."""
    dated = [e for e in events if isinstance(e.get("event_date"), date)]
    if not dated:
        return None
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
    grid = [{"v": v, "y": _num(mt + ph - v / top * ph), "ty": _num(mt + ph - v / top * ph + 4)}
            for v in range(0, top + 1, step)]
    label_every = max(1, math.ceil(len(starts) / 8))
    buckets = []
    for i, start in enumerate(starts):
        x = x0 + i * bw
        y = mt + ph
        label = start.isoformat() if unit == "week" else start.strftime("%Y-%m")
        bars = []
        for etype in sorted(counts.get(start, {})):
            n = counts[start][etype]
            bh = n / top * ph
            y -= bh
            bars.append({"x": _num(x + gap / 2), "y": _num(y), "w": _num(bw - gap),
                         "h": _num(bh), "fill": colours.get(etype, "#888"),
                         "tip": f"{unit} of {label}: {etype or '(no type)'} {n}"})
        buckets.append({"bars": bars, "x": _num(x + bw / 2),
                        "label": label if i % label_every == 0 else ""})
    return {"w": w, "h": h, "ml": ml, "right": w - mr, "unit": unit, "grid": grid,
            "buckets": buckets, "label_y": mt + ph + 16, "base": mt + ph,
            "mid_x": f"{ml + pw / 2:.1f}", "mid_y": f"{-(mt + ph / 2):.1f}"}


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
class Projection:
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
            max_height: float = 540, margin: float = 16) -> Projection:
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
    """(admin1, admin2, shapely geometry) of each polygon feature; read-only cache, kept
    between processes in the user's cache folder (see :func:`_boundaries_cache`)."""
    import pickle

    import shapely

    raw = Path(path).read_bytes()
    cache = _boundaries_cache(raw)
    if cache is not None and cache.is_file():
        try:
            names, wkb = pickle.loads(cache.read_bytes())  # the user's own cache, by hash
            return tuple(zip(names[0::2], names[1::2], shapely.from_wkb(wkb), strict=True))
        except Exception:  # a broken or foreign cache file is rebuilt
            pass
    out = _read_boundaries(raw)
    if cache is not None:
        names = [x for a1, a2, _ in out for x in (a1, a2)]
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(pickle.dumps((names, [shapely.to_wkb(g) for _, _, g in out]),
                                         protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, cache)
            for old in cache.parent.glob("boundaries-*.pickle"):
                if old != cache:
                    old.unlink(missing_ok=True)
        except OSError:
            tmp.unlink(missing_ok=True)  # a read-only home: read the GeoJSON next time
    return out


def _read_boundaries(raw: bytes) -> tuple[tuple[str, str, Any], ...]:
    """The polygon features of a boundaries GeoJSON, valid (``buffer(0)`` where not) and
    sorted by (admin1, admin2)."""
    from shapely.geometry import shape

    gj = json.loads(raw.decode("utf-8"))
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


def _boundaries_cache(raw: bytes) -> Path | None:
    """Where the read polygons of a boundaries file are kept between processes (WKB, exact
    coordinates): the cache folder of the world gazetteer (:func:`cache_dir`), named by
    a hash of the file, this code and shapely's version; None when no folder can be named.
    Reading the GeoJSON and validating its polygons takes a few tenths of a second every
    build."""
    import shapely

    base = cache_dir()
    if base is None:
        return None
    digest = hashlib.sha256(raw)
    try:
        digest.update(Path(__file__).read_bytes())
    except OSError:
        return None
    digest.update(str(shapely.__version__).encode())
    return base / f"boundaries-{digest.hexdigest()[:24]}.pickle"


def boundaries_of(path: Path) -> tuple[tuple[str, str, Any], ...]:
    """The district polygons of a boundaries file (cached while the file is unchanged)."""
    return _load_boundaries(str(path), path.stat().st_mtime_ns)


def _polygons(geom: Any) -> list[Any]:
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in _polygons(g)]


def path_d(geom: Any, proj: Projection) -> str:
    """SVG path data of a (multi)polygon, projected and with repeated points dropped."""
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


def _outlines(boundaries: Path | None, proj: Projection,
              points: Sequence[tuple[float, float]]) -> list[dict[str, str]] | None:
    """District outlines within the map's box, simplified to the map's resolution."""
    if boundaries is None or not boundaries.is_file():
        return None
    import numpy as np
    import shapely
    from shapely.geometry import box

    try:
        feats = boundaries_of(boundaries)
        view = box(proj.west, proj.south, proj.east, proj.north)
        tol = 0.5 / proj.scale
        xs = np.array([p[0] for p in points], dtype=float)
        ys = np.array([p[1] for p in points], dtype=float)
        out = []
        near = shapely.intersects([g for _, _, g in feats], view)  # one call for all
        for (admin1, admin2, geom), inside in zip(feats, near, strict=True):
            if not inside:
                continue
            hit = bool(len(xs)) and bool(shapely.intersects_xy(geom, xs, ys).any())
            d = path_d(geom.intersection(view).simplify(tol, preserve_topology=True), proj)
            if d:
                out.append({"cls": "adm hit" if hit else "adm", "d": d,
                            "name": ", ".join(x for x in (admin2, admin1) if x)})
        return out
    except GEO_ERRORS:
        return None


def _dot_title(place: Any, lat: float, lon: float, etype: str,
               evs: Sequence[Mapping[str, Any]]) -> str:
    lines = [f"{place or ''} ({lat:.3f}, {lon:.3f}): {etype or '(no type)'}"] + [
        f"{e.get('event_id_cnty')} {iso(e.get('event_date'))} "
        f"{e.get('sub_event_type') or ''} — {e.get('actor1') or ''}"
        + (f" vs {e.get('actor2')}" if e.get("actor2") else "")
        for e in evs[:20]
    ] + ([f"… and {len(evs) - 20} more"] if len(evs) > 20 else [])
    return "\n".join(lines)


def _dots(located: Sequence[Mapping[str, Any]], proj: Projection, colours: Mapping[str, str],
          anchors: Mapping[str, str], link_prefix: str = "#") -> list[dict[str, str]]:
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
            dots.append({"href": link_prefix + anchors.get(evs[0]["event_id_cnty"], ""),
                         "x": _num(x),
                         "y": _num(y), "r": _num(r), "fill": colours.get(etype, "#888"),
                         "title": _dot_title(place, lat, lon, etype, evs)})
    return dots


def _deg(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):.2f}°{pos if value >= 0 else neg}"


def event_map(events: Sequence[Mapping[str, Any]], colours: Mapping[str, str],
              anchors: Mapping[str, str], boundaries: Path | None = None,
              link_prefix: str = "#") -> dict[str, Any]:
    """Event points on a basemap of their countries, fitted to the events (``proj`` None:
    none); a dot links to ``link_prefix`` + its event's anchor."""
    located = _located(events)
    missing = len(events) - len(located)
    if not located:
        return {"proj": None, "missing": missing}
    lons = [e["longitude"] for e in located]
    lats = [e["latitude"] for e in located]
    counts = Counter(str(e.get("country")) for e in located if e.get("country"))
    focus = sorted(counts)
    main = [c for c, _ in counts.most_common(1)]
    proj = Projection.fit(*_view(lons, lats, main))
    dots = _dots(located, proj, colours, anchors, link_prefix)
    outlines = _outlines(boundaries, proj, [(e["longitude"], e["latitude"]) for e in located])
    hit = Counter((str(e.get("country")), str(e.get("admin1"))) for e in located
                  if e.get("admin1"))
    base = _basemap(proj, focus, hit)
    notes = []
    if base["countries"]:
        notes.append("country outlines © Natural Earth (public domain)")
    if base["labels"]:
        notes.append("admin1 names at their centroids (GeoNames, CC BY 4.0)")
    if outlines:
        notes.append("district outlines shaded where events fall")
    caption = (f"{_deg(proj.south, 'N', 'S')} – {_deg(proj.north, 'N', 'S')}, "
               f"{_deg(proj.west, 'E', 'W')} – {_deg(proj.east, 'E', 'W')}"
               + "".join(f"; {n}" for n in notes))
    return {"proj": proj, "missing": missing, "located": len(located), "dots": dots,
            "outlines": outlines or None, "caption": caption, "base": base,
            "countries": ", ".join(focus),
            "width": f"{proj.width:.0f}", "height": f"{proj.height:.0f}"}


_COUNTRY_VIEW_SHARE = 0.25  # events spread over this share of their country: show it all


def _view(lons: list[float], lats: list[float],
          focus: Sequence[str]) -> tuple[list[float], list[float]]:
    """The lon/lat extent to fit: the events', with the whole outline of ``focus`` (the
    country with most events) when the events spread over a good part of it (a report
    about Sudan shows Sudan)."""
    from sitrep.outputs.report import basemap

    try:
        box = basemap.bbox_of(focus)
    except GEO_ERRORS:
        box = None
    if box is None:
        return lons, lats
    west, south, east, north = box
    spread = max(max(lons) - min(lons), max(lats) - min(lats))
    if spread >= _COUNTRY_VIEW_SHARE * max(east - west, north - south):
        return [*lons, west, east], [*lats, south, north]
    return lons, lats


def _basemap(proj: Projection, focus: Sequence[str],
             hit: Mapping[tuple[str, str], int]) -> dict[str, list[dict[str, str]]]:
    """Country outlines, admin1 outlines and names under the map (empty on a data error)."""
    from sitrep.outputs.report import basemap

    empty: dict[str, list[dict[str, str]]] = {"countries": [], "admin1": [], "labels": [],
                                              "country_labels": []}
    try:
        return basemap.layers((proj.west, proj.south, proj.east, proj.north), focus,
                              proj.xy, 0.5 / proj.scale, lambda g: path_d(g, proj), hit)
    except GEO_ERRORS:
        return empty


# -- control map ------------------------------------------------------------------------


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


def _district(key: tuple[str, str], seq: list[tuple[str, str] | None], d: str,
              colour: Mapping[str, str]) -> dict[str, str]:
    """One district path as the map shows it on the last date."""
    last = seq[-1]
    tip = f"{key[1]}, {key[0]}: " + (f"{last[0]} ({last[1]})" if last else "unknown")
    return {"cls": f"ctl s-{last[1]}" if last else "ctl",
            "fill": colour[last[0]] if last else "#ffffff", "d": d, "tip": tip}


def control(rows: Sequence[Mapping[str, Any]], boundaries: Path | None) -> dict[str, Any] | None:
    """Districts coloured by controller on each change date; None when nothing can be drawn.

    ``data`` (JSON) lets the page's script recolour the districts for another date.
    """
    dates, controllers, states = control_states(rows)
    if not dates or boundaries is None or not boundaries.is_file():
        return None
    try:
        feats = boundaries_of(boundaries)
    except GEO_ERRORS:
        return None
    geoms = {(a1, a2): g for a1, a2, g in feats}
    keys = [k for k in states if k in geoms]
    if not keys:
        return None
    bounds = [geoms[k].bounds for k in keys]
    proj = Projection.fit([b[0] for b in bounds] + [b[2] for b in bounds],
                          [b[1] for b in bounds] + [b[3] for b in bounds])
    from shapely.geometry import box

    view = box(proj.west, proj.south, proj.east, proj.north)
    tol = 0.5 / proj.scale
    colour = {c: CONTROL_COLOURS[i % len(CONTROL_COLOURS)] for i, c in enumerate(controllers)}
    wanted = set(keys)
    back = []
    for a1, a2, geom in feats:
        if (a1, a2) in wanted or not geom.intersects(view):
            continue
        d = path_d(geom.intersection(view).simplify(tol, preserve_topology=True), proj)
        if d:
            back.append({"d": d, "name": f"{a2}, {a1}"})
    front = [_district(key, states[key], path_d(geoms[key].simplify(
        tol, preserve_topology=True), proj), colour) for key in keys]
    cells = [[0 if s is None else controllers.index(s[0]) * 3
              + CONTROL_STATUSES.index(s[1] if s[1] in CONTROL_STATUSES else "held") + 1
              for s in states[key]] for key in keys]
    data = {"dates": [d.isoformat() for d in dates], "controllers": controllers,
            "colours": [colour[c] for c in controllers], "statuses": list(CONTROL_STATUSES),
            "names": [f"{k[1]}, {k[0]}" for k in keys], "cells": cells}
    return {"dates": data["dates"], "last": len(dates) - 1,
            "legend": [(c, colour[c]) for c in controllers],
            "width": f"{proj.width:.0f}", "height": f"{proj.height:.0f}",
            "data": json.dumps(data, sort_keys=True, ensure_ascii=False),
            "back": back, "front": front}
