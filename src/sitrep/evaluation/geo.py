"""Geocoding quality against the hand-annotated gold set ``eval/geo/gold.csv``.

Each gold row is one place mention in its sentence; it is resolved with the public API
(``default_gazetteer().resolve(mention, context=text)``) and compared at the level the
annotator gave: district, province, country, and distance to the expected point.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import DataFileError, UsageError
from sitrep.knowledge.files import read_csv
from sitrep.nlp.geo import AF_ISO, Gazetteer, default_gazetteer
from sitrep.records import Place

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "eval" / "geo" / "gold.csv"
AFGHANISTAN = "Afghanistan"
COLUMNS = (
    "id",
    "text",
    "mention",
    "expected_feature",
    "expected_country",
    "expected_admin1",
    "expected_admin2",
    "expected_lat",
    "expected_lon",
    "source",
)
_EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One annotated place mention."""

    id: str
    text: str
    mention: str
    feature: str
    country: str
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    source: str


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold row the geocoder got wrong on at least one scored level."""

    id: str
    mention: str
    levels: tuple[str, ...]  # district | province | country | unresolved
    expected: str
    got: str
    km: float | None


@dataclass(frozen=True)
class GeoScores:
    """Accuracy figures over a gold set; ``format()`` prints them for a terminal."""

    rows: int
    district_total: int
    district_correct: int
    province_total: int
    province_correct: int
    country_total: int
    country_correct: int
    feature_total: int
    feature_correct: int
    km_errors: tuple[float, ...]
    unresolved: int
    misses: tuple[Miss, ...] = field(default=())

    @staticmethod
    def _ratio(correct: int, total: int) -> float:
        return correct / total if total else 1.0

    @property
    def district_accuracy(self) -> float:
        """Share of Afghan rows with an expected district resolved to that district."""
        return self._ratio(self.district_correct, self.district_total)

    @property
    def province_accuracy(self) -> float:
        """Share of Afghan rows with an expected province resolved to that province."""
        return self._ratio(self.province_correct, self.province_total)

    @property
    def country_accuracy(self) -> float:
        """Share of rows outside Afghanistan resolved to the right country."""
        return self._ratio(self.country_correct, self.country_total)

    @property
    def median_km(self) -> float | None:
        """Median distance (km) to the expected point, over rows that have one."""
        return statistics.median(self.km_errors) if self.km_errors else None

    @property
    def p90_km(self) -> float | None:
        """90th-percentile distance (km, nearest rank) to the expected point."""
        if not self.km_errors:
            return None
        ordered = sorted(self.km_errors)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    def format(self) -> str:
        """A small table of the figures followed by one line per miss."""

        def pct(c: int, t: int) -> str:
            return f"{100 * self._ratio(c, t):5.1f}%  ({c}/{t})"

        def km(v: float | None) -> str:
            return "n/a" if v is None else f"{v:.1f} km"

        lines = [
            f"geocoding gold rows: {self.rows}",
            f"  district accuracy (Afghanistan)  {pct(self.district_correct, self.district_total)}",
            f"  province accuracy (Afghanistan)  {pct(self.province_correct, self.province_total)}",
            f"  country accuracy (elsewhere)     {pct(self.country_correct, self.country_total)}",
            f"  feature class accuracy           {pct(self.feature_correct, self.feature_total)}",
            f"  point error median / p90         {km(self.median_km)} / {km(self.p90_km)}"
            f"  (n={len(self.km_errors)})",
            f"  unresolved                       {self.unresolved}",
        ]
        if self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            for m in self.misses:
                dist = "" if m.km is None else f", {m.km:.0f} km off"
                lines.append(
                    f"  {m.id} {m.mention!r} [{', '.join(m.levels)}]: expected "
                    f"{m.expected}; got {m.got}{dist}"
                )
        return "\n".join(lines)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _coord(value: str, path: Path, row_id: str) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise DataFileError(str(path), f"row {row_id}: not a number: {value!r}") from exc


def load_gold(path: Path) -> list[GoldRow]:
    """Read and check a gold CSV (columns in ``COLUMNS``; mention must occur in text)."""
    if not path.is_file():
        raise UsageError(
            f"geocoding gold file not found: {path} (expected the project's "
            "eval/geo/gold.csv or a path given on the command line)"
        )
    raw = read_csv(path, COLUMNS, what="geocoding gold file")
    rows = []
    for r in raw:
        rid = r["id"]
        if r["mention"] not in r["text"]:
            raise DataFileError(str(path), f"row {rid}: mention {r['mention']!r} not in text")
        rows.append(
            GoldRow(
                id=rid,
                text=r["text"],
                mention=r["mention"],
                feature=r["expected_feature"],
                country=r["expected_country"],
                admin1=r["expected_admin1"] or None,
                admin2=r["expected_admin2"] or None,
                lat=_coord(r["expected_lat"], path, rid),
                lon=_coord(r["expected_lon"], path, rid),
                source=r["source"],
            )
        )
    return rows


def _describe(country: str, admin1: str | None, admin2: str | None, feature: str) -> str:
    parts = [p for p in (admin2, admin1) if p]
    where = ", ".join(parts) if country == AFGHANISTAN and parts else country
    return f"{feature} {where}"


def score_row(row: GoldRow, place: Place | None) -> tuple[dict[str, bool], float | None]:
    """Per-level correctness of one resolution ({level: ok}) and its km error, if scored."""
    afghan = row.country == AFGHANISTAN
    ok: dict[str, bool] = {}
    if afghan and row.admin2:
        ok["district"] = place is not None and place.iso == AF_ISO and place.admin2 == row.admin2
    if afghan and row.admin1:
        ok["province"] = place is not None and place.iso == AF_ISO and place.admin1 == row.admin1
    if not afghan:
        ok["country"] = place is not None and place.country == row.country
    ok["feature"] = place is not None and place.feature == row.feature
    km = None
    if (
        row.lat is not None
        and row.lon is not None
        and place is not None
        and (place.latitude is not None and place.longitude is not None)
    ):
        km = haversine_km(row.lat, row.lon, place.latitude, place.longitude)
    return ok, km


def evaluate(gold: Path | None = None, gazetteer: Gazetteer | None = None) -> GeoScores:
    """Resolve every gold mention in its sentence and score it (default: eval/geo/gold.csv,
    the packaged gazetteer; pass another ``gazetteer`` to measure other data)."""
    rows = load_gold(Path(gold) if gold is not None else DEFAULT_GOLD)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    totals = {k: [0, 0] for k in ("district", "province", "country", "feature")}
    km_errors: list[float] = []
    misses: list[Miss] = []
    unresolved = 0
    for row in rows:
        place = gaz.resolve(row.mention, context=row.text)
        ok, km = score_row(row, place)
        for level, good in ok.items():
            totals[level][0] += good
            totals[level][1] += 1
        if row.lat is not None and row.lon is not None:
            if km is not None:
                km_errors.append(km)
        if place is None:
            unresolved += 1
        failed = tuple(k for k, v in ok.items() if not v and k != "feature")
        if place is None or failed:
            got = (
                "nothing"
                if place is None
                else (
                    _describe(place.country, place.admin1, place.admin2, place.feature)
                    + f" ({place.matched})"
                )
            )
            misses.append(
                Miss(
                    row.id,
                    row.mention,
                    failed or ("unresolved",),
                    _describe(row.country, row.admin1, row.admin2, row.feature),
                    got,
                    km,
                )
            )
    return GeoScores(
        rows=len(rows),
        district_correct=totals["district"][0],
        district_total=totals["district"][1],
        province_correct=totals["province"][0],
        province_total=totals["province"][1],
        country_correct=totals["country"][0],
        country_total=totals["country"][1],
        feature_correct=totals["feature"][0],
        feature_total=totals["feature"][1],
        km_errors=tuple(km_errors),
        unresolved=unresolved,
        misses=tuple(misses),
    )


# -- ACLED rows: admin1, admin2, location and distance for every country -------------------

ACLED_GROUPS = ("Afghanistan", "other countries")
WITHIN_KM = 25.0


@dataclass(frozen=True, slots=True)
class AcledGeoRow:
    """One ACLED row's coded place and its note."""

    event_id: str
    notes: str
    country: str
    admin1: str
    admin2: str
    location: str
    lat: float
    lon: float


@dataclass
class AcledGeoScores:
    """Admin1/admin2/location/distance figures of one group of ACLED rows."""

    split: str
    group: str
    mode: str
    rows: int = 0
    resolved: int = 0
    admin1: int = 0
    admin2_total: int = 0
    admin2: int = 0
    location: int = 0
    within: int = 0
    km_errors: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def ratio(self, n: int, total: int | None = None) -> float:
        """``n`` over ``total`` (default: rows), 0 for an empty group."""
        total = self.rows if total is None else total
        return n / total if total else 0.0

    def format(self) -> str:
        """One line of figures."""
        med = statistics.median(self.km_errors) if self.km_errors else float("nan")
        return (f"  {self.split:4} {self.group:16} n={self.rows:4}  resolved "
                f"{self.ratio(self.resolved):5.1%}  admin1 {self.ratio(self.admin1):5.1%}  "
                f"admin2 {self.ratio(self.admin2, self.admin2_total):5.1%}  location "
                f"{self.ratio(self.location):5.1%}  within {WITHIN_KM:.0f} km "
                f"{self.ratio(self.within):5.1%}  median {med:.1f} km")


def load_acled_places(split: str, root: Path | None = None) -> list[AcledGeoRow]:
    """The ACLED rows of ``split`` (the extraction work's seeded split) with their place
    columns; raises DatasetError when the datasets folder is absent."""
    import csv

    from sitrep.evaluation.real.data import ACLED_FILE, ACLED_SPLITS, _file, check_split, split_of

    check_split("acled", split)
    path = _file(root, ACLED_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        return [AcledGeoRow(r["event_id_cnty"], r["notes"], r["country"], r["admin1"],
                            r["admin2"], r["location"], float(r["latitude"]),
                            float(r["longitude"]))
                for r in csv.DictReader(handle)
                if split_of(r["event_id_cnty"], ACLED_SPLITS) == split]


def _fold(text: str | None) -> str:
    from sitrep.evaluation.real.metrics import fold

    return fold(text or "")


def _score_acled(s: AcledGeoScores, row: AcledGeoRow, place: Place | None) -> None:
    s.rows += 1
    s.admin2_total += bool(row.admin2)
    if place is None:
        s.misses.append(f"{row.event_id} {row.location!r}: nothing")
        return
    s.resolved += 1
    a1 = _fold(place.admin1) == _fold(row.admin1) and place.country == row.country
    s.admin1 += a1
    s.admin2 += bool(row.admin2) and _fold(place.admin2) == _fold(row.admin2)
    s.location += _fold(place.matched) == _fold(row.location) or (
        _fold(place.name) == _fold(row.location) and place.geo_precision == 1)
    km = (haversine_km(row.lat, row.lon, place.latitude, place.longitude)
          if place.latitude is not None and place.longitude is not None else None)
    if km is not None:
        s.km_errors.append(km)
        s.within += km <= WITHIN_KM
    if not a1 or km is None or km > WITHIN_KM:
        dist = "no point" if km is None else f"{km:.0f} km"
        s.misses.append(f"{row.event_id} {row.location!r} ({row.admin2}, {row.admin1}, "
                        f"{row.country}): got {place.matched} ({place.admin2}, {place.admin1}, "
                        f"{place.country}) {dist}")


def evaluate_acled(split: str = "dev", *, mode: str = "location", root: Path | None = None,
                   gazetteer: Gazetteer | None = None) -> dict[str, AcledGeoScores]:
    """Score geocoding on the ACLED rows of ``split``, Afghan and other rows apart.

    ``mode="location"``: the gold location string is resolved with the note as context
    and the row's country as the document's country (the geocoder alone).
    ``mode="note"``: the note runs through the spaCy pipeline and its first place that is
    not a country is scored (what a build would code; slower)."""
    rows = load_acled_places(split, root)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    out = {g: AcledGeoScores(split, g, mode) for g in ACLED_GROUPS}
    nlp = None
    if mode == "note":
        from sitrep.nlp import load_pipeline

        nlp = load_pipeline()
    elif mode != "location":
        raise UsageError(f"unknown mode {mode!r}: use location or note")
    for row in rows:
        group = ACLED_GROUPS[0] if row.country == AFGHANISTAN else ACLED_GROUPS[1]
        if nlp is None:
            countries = () if row.country == AFGHANISTAN else (row.country,)
            place = gaz.resolve(row.location, context=row.notes, focus_countries=countries)
        else:
            from sitrep.nlp.geo import find_places

            spans = find_places(nlp(row.notes))
            place = next((sp._.place for sp in spans if sp._.place.feature != "country"),
                         None)
        _score_acled(out[group], row, place)
    return out


def acled_report(splits: tuple[str, ...] = ("dev", "test"), mode: str = "location") -> str:
    """The ACLED figures of ``splits`` as text, or why they are missing."""
    from sitrep.errors import DatasetError

    lines = [f"ACLED rows (mode {mode}: admin1/location of all rows, admin2 of rows with one):"]
    for split in splits:
        try:
            scores = evaluate_acled(split, mode=mode)
        except DatasetError as exc:
            return f"ACLED rows: skipped ({exc})"
        lines += [s.format() for s in scores.values()]
    return "\n".join(lines)
