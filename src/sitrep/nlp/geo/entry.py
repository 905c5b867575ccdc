"""One gazetteer record (a place, not a spelling) and the preference of its feature."""

from __future__ import annotations

from dataclasses import dataclass

AF_ISO = 4
AF_NAME = "Afghanistan"

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
BIG_CITY = 100_000


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
            return 4.0 if self.population >= BIG_CITY else 2.0
        if self.feature == "district" and self.iso != AF_ISO:
            return 3.0  # a world admin2 unit: below its same-named town's +centre bonus
        return _PRIOR[self.feature]
