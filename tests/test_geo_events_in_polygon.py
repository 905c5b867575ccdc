"""Every located event of the example build lies in the district it names (packaged ADM2
polygons), and every Afghan event has a province: the geocoder's output is consistent."""

from __future__ import annotations

import csv
import functools
import json

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from sitrep.nlp.geo import DATA_DIR

# The packaged polygons are simplified (see build_gazetteer.py): allow points this close
# to a border, in degrees (~1 km).
_TOLERANCE = 0.01


@functools.lru_cache(maxsize=1)
def _districts() -> dict[tuple[str, str], BaseGeometry]:
    data = json.loads((DATA_DIR / "adm2.geojson").read_text(encoding="utf-8"))
    return {
        (f["properties"]["admin1"], f["properties"]["admin2"]): shape(f["geometry"])
        for f in data["features"]
    }


def _outside(admin1: str, admin2: str, lat: float, lon: float) -> str | None:
    poly = _districts().get((admin1, admin2))
    if poly is None:
        return f"no polygon for {admin2}, {admin1}"
    if poly.distance(Point(lon, lat)) > _TOLERANCE:
        return f"({lat}, {lon}) is outside {admin2}, {admin1}"
    return None


def _afghan_events(example_build) -> list[dict[str, str]]:
    with open(example_build.outputs["events"], encoding="utf-8", newline="") as fh:
        events = [e for e in csv.DictReader(fh) if e["iso"] == "4"]
    assert events, "the example corpus has Afghan events"
    return events


def test_geo_events_in_polygon_afghan_events_have_a_province(example_build) -> None:
    # ACLED codes every event at least to admin1. A failure here with tag
    # place-from-context and location "Afghanistan" comes from sitrep.extract.events carrying a
    # country-level place over from an earlier sentence, not from the geocoder.
    events = _afghan_events(example_build)
    missing = [(e["event_id_cnty"], e["location"], e["tags"]) for e in events if not e["admin1"]]
    assert missing == []


def test_geo_events_in_polygon_example_build(example_build) -> None:
    afghan = _afghan_events(example_build)
    with_district = [e for e in afghan if e["admin2"]]
    assert with_district
    bad = []
    for e in with_district:
        assert e["latitude"] and e["longitude"], e["event_id_cnty"]
        why = _outside(e["admin1"], e["admin2"], float(e["latitude"]), float(e["longitude"]))
        if why:
            bad.append(f"{e['event_id_cnty']} {e['location']!r}: {why}")
    assert bad == []


def test_geo_events_in_polygon_packaged_points() -> None:
    """The same holds for every packaged point that names a district (the events' source)."""
    bad = []
    for fname in ("districts.csv", "towns.csv", "landmarks.csv", "villages.csv"):
        with (DATA_DIR / fname).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                admin2 = row["name"] if fname == "districts.csv" else row["admin2"]
                if not admin2 or not row["latitude"]:
                    continue
                why = _outside(
                    row["admin1"], admin2, float(row["latitude"]), float(row["longitude"])
                )
                if why:
                    bad.append(f"{fname} {row['name']}: {why}")
    assert bad == []
