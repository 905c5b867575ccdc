"""The basemap under the event map: country outlines (Natural Earth), admin1 outlines where
the package has them (Afghan provinces) and admin1 names at their centroids (every country,
from the world gazetteer), all generated into ``data/maps`` and ``data/gazetteer`` by
``scripts/build_world_boundaries.py`` and ``scripts/build_world_gazetteer.py``.

No openly licensed admin1 polygons for the whole world install from the registries, so
outside Afghanistan admin1 units are shown as names at the median of their places.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.knowledge import DATA_DIR

MAPS = DATA_DIR / "maps"
COUNTRIES = MAPS / "countries.geojson.gz"
ADMIN1 = MAPS / "admin1.geojson"
WORLD_ADMIN = DATA_DIR / "gazetteer" / "world_admin.csv"
AF_PROVINCES = DATA_DIR / "gazetteer" / "provinces.csv"
MAX_LABELS = 80
LABEL_GAP = 26.0  # px between two admin1 labels


def _features(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return json.loads(raw.decode("utf-8")).get("features", [])


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, Any], ...]:
    """(ACLED country name, shapely geometry) of every country outline."""
    from shapely.geometry import shape

    return tuple((f["properties"]["name"], shape(f["geometry"])) for f in _features(COUNTRIES))


@lru_cache(maxsize=1)
def admin1_outlines() -> tuple[tuple[str, str, Any], ...]:
    """(country, admin1, geometry) of the admin1 outlines the package has."""
    from shapely.geometry import shape

    return tuple((f["properties"]["country"], f["properties"]["admin1"], shape(f["geometry"]))
                 for f in _features(ADMIN1))


@lru_cache(maxsize=1)
def admin1_points() -> tuple[tuple[str, str, float, float], ...]:
    """(country, admin1, lat, lon) label points: world gazetteer admin1 centroids, and
    the Afghan provinces' points."""
    names: dict[str, str] = {}
    with (DATA_DIR / "gazetteer" / "acled_regions.csv").open(encoding="utf-8") as fh:
        names = {r["alpha2"]: r["country"] for r in csv.DictReader(fh)}
    out = []
    with WORLD_ADMIN.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not r["admin2"] and r["cc"] in names:
                out.append((names[r["cc"]], r["admin1"], float(r["latitude"]),
                            float(r["longitude"])))
    with AF_PROVINCES.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["latitude"] and r["longitude"]:
                out.append(("Afghanistan", r["name"], float(r["latitude"]),
                            float(r["longitude"])))
    return tuple(out)


def bbox_of(names: Iterable[str]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the named countries' outlines (None if unknown).
    Parts across the antimeridian or far from the main part are left out (Alaska)."""
    wanted = set(names)
    boxes = []
    for name, geom in countries():
        if name in wanted:
            parts = getattr(geom, "geoms", [geom])
            main = max(parts, key=lambda p: p.area)
            boxes.append(main.bounds)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def layers(box: tuple[float, float, float, float], focus: Sequence[str],
           xy: Callable[[float, float], tuple[float, float]], tolerance: float,
           path_d: Callable[[Any], str],
           hit: Mapping[tuple[str, str], int] | None = None) -> dict[str, list[dict[str, str]]]:
    """Country outlines, admin1 outlines and labels inside ``box`` (west, south, east,
    north); ``focus`` countries are shaded and get their admin1 names, those with most
    events in ``hit`` ((country, admin1) -> events) first when labels would overlap; other
    countries get a small name."""
    hit = hit or {}
    from shapely.geometry import box as make_box

    view = make_box(*box)
    focus_set = set(focus)
    out: dict[str, list[dict[str, str]]] = {"countries": [], "admin1": [], "labels": [],
                                            "country_labels": []}
    for name, geom in countries():
        if not geom.intersects(view):
            continue
        part = geom.intersection(view).simplify(tolerance, preserve_topology=True)
        d = path_d(part)
        if not d:
            continue
        out["countries"].append({"d": d, "name": name,
                                 "cls": "ctry focus" if name in focus_set else "ctry"})
        if part.area > 0:
            x, y = xy(*part.representative_point().coords[0])
            out["country_labels"].append({"x": f"{x:.1f}", "y": f"{y:.1f}", "text": name,
                                          "cls": "ctry-label" + (" focus" if name in focus_set
                                                                 else "")})
    for country, admin1, geom in admin1_outlines():
        if country in focus_set and geom.intersects(view):
            d = path_d(geom.intersection(view).simplify(tolerance, preserve_topology=True))
            if d:
                out["admin1"].append({"d": d, "name": f"{admin1}, {country}"})
    placed: list[tuple[float, float]] = []
    west, south, east, north = box
    points = sorted(admin1_points(), key=lambda p: (-hit.get(p[:2], 0), p[0], p[1]))
    for country, admin1, lat, lon in points:
        if country not in focus_set or not (west <= lon <= east and south <= lat <= north):
            continue
        x, y = xy(lon, lat)
        if any(abs(x - px) < LABEL_GAP * 2 and abs(y - py) < LABEL_GAP / 2
               for px, py in placed) or len(placed) >= MAX_LABELS:
            continue
        placed.append((x, y))
        out["labels"].append({"x": f"{x:.1f}", "y": f"{y:.1f}", "text": admin1,
                              "title": f"{admin1}, {country}"})
    return out
