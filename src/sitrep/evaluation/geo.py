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
