#!/usr/bin/env python
"""Generate the basemap boundaries the report draws under events, for every country.

Usage: python scripts/build_world_boundaries.py [--atlas DIR]

Sources:
- country outlines: Natural Earth Admin 0, 1:50m (public domain), as the TopoJSON
  ``countries-50m.json`` of the npm package ``world-atlas@2.0.2`` (ISC). Without
  ``--atlas`` (a folder holding that file) the package is fetched with ``npm pack``;
- Afghan province outlines: the packaged district polygons (``gazetteer/adm2.geojson``,
  geoBoundaries, public domain) dissolved by province.

Writes into src/sitrep/data/maps/: ``countries.geojson.gz`` (properties ``iso``: ISO 3166-1
numeric or null, ``name``: the ACLED country name, else Natural Earth's) and
``admin1.geojson`` (properties ``country``, ``admin1``). Geometry simplified (0.05° for
countries, 0.01° for provinces) and rounded to 2 decimals. Deterministic: features sorted.
No registry offers openly licensed admin1 polygons for the whole world, so admin1 units of
other countries are drawn as names at their centroids (``gazetteer/world_admin.csv``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sitrep" / "data"
OUT = DATA / "maps"
ATLAS = "world-atlas@2.0.2"
COUNTRY_TOLERANCE = 0.05
PROVINCE_TOLERANCE = 0.01
DIGITS = 2


def fetch_atlas(tmp: Path) -> Path:
    """``npm pack`` the world-atlas package into ``tmp``; the folder with its JSON files."""
    subprocess.run(["npm", "pack", ATLAS, "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = next(tmp.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every TopoJSON arc (delta-decoded, de-quantised)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One ring from arc indexes (``~i`` is arc ``i`` reversed)."""
    pts: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc[1:] if pts else arc)
    return pts


def geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> Any:
    """A shapely (multi)polygon of a TopoJSON Polygon/MultiPolygon, made valid."""
    polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
    parts = [Polygon(ring(p[0], arcs), [ring(h, arcs) for h in p[1:]]) for p in polys]
    shp = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return shp if shp.is_valid else shp.buffer(0)


def rounded(obj: Any) -> Any:
    """Coordinates rounded to DIGITS decimals (nested lists of numbers)."""
    if isinstance(obj, float):
        return round(obj, DIGITS)
    if isinstance(obj, list | tuple):
        return [rounded(x) for x in obj]
    return obj


def write(path: Path, features: list[dict[str, Any]]) -> None:
    """A compact GeoJSON FeatureCollection (gzip'd, reproducibly, for a ``.gz`` path)."""
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False) + "\n"
    if path.suffix == ".gz":
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                   filename="") as gz:
            gz.write(text.encode("utf-8"))
    else:
        path.write_text(text, encoding="utf-8")
    print(f"{path.name}: {len(features)} features, {path.stat().st_size / 1e6:.2f} MB",
          file=sys.stderr)


def countries(atlas: Path) -> list[dict[str, Any]]:
    """Simplified Natural Earth countries named as ACLED names them."""
    acled: dict[int, str] = {}
    with (DATA / "gazetteer" / "acled_regions.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            acled[int(row["iso"])] = row["country"]
    topo = json.loads((atlas / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("type") not in {"Polygon", "MultiPolygon"}:
            continue
        iso = int(g["id"]) if g.get("id") else None
        name = acled.get(iso, g["properties"]["name"]) if iso else g["properties"]["name"]
        geom = geometry(g, arcs).simplify(COUNTRY_TOLERANCE, preserve_topology=True)
        if geom.is_empty:
            continue
        feats.append({"type": "Feature", "properties": {"iso": iso, "name": name},
                      "geometry": rounded(mapping(geom))})
    return sorted(feats, key=lambda f: (f["properties"]["name"], f["properties"]["iso"] or 0))


def afghan_provinces() -> list[dict[str, Any]]:
    """Afghan province outlines: the packaged district polygons dissolved by province."""
    gj = json.loads((DATA / "gazetteer" / "adm2.geojson").read_text(encoding="utf-8"))
    parts: dict[str, list[Any]] = defaultdict(list)
    for f in gj["features"]:
        parts[f["properties"]["admin1"]].append(shape(f["geometry"]).buffer(0))
    feats = []
    for name in sorted(parts):
        geom = unary_union(parts[name]).buffer(0.001).buffer(-0.001)
        geom = geom.simplify(PROVINCE_TOLERANCE, preserve_topology=True)
        feats.append({"type": "Feature",
                      "properties": {"country": "Afghanistan", "admin1": name},
                      "geometry": rounded(mapping(geom))})
    return feats


def main(argv: list[str]) -> int:
    """Build both files; print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--atlas", type=Path, help="folder holding world-atlas countries-50m.json")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        atlas = args.atlas or fetch_atlas(Path(tmp))
        write(OUT / "countries.geojson.gz", countries(atlas))
    write(OUT / "admin1.geojson", afghan_provinces())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
