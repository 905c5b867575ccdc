"""Worldwide geocoding floors on the ACLED rows of ../shared/datasets/acled_notes (Kenya,
Burkina Faso, Benin and Afghanistan): each row's gold location string is resolved with its
note as context and its country as the document's country, and scored on admin1, admin2,
the location's name and the distance to ACLED's point. Floors sit a little below the
figures measured when they were pinned (dev, tuned on; test, never tuned on):

- other countries, dev:  admin1 75.1%, within 25 km 63.8% (n=542)
- other countries, test: admin1 75.7%, within 25 km 62.4% (n=527)
- Afghanistan, dev/test: admin1 76.7% / 82.9% (n=43 / 35)

The rows are development data (ACLED terms): no row text is copied into the project.
"""

from __future__ import annotations

import pytest

from sitrep.errors import DatasetError
from sitrep.evaluation.geo import AcledGeoScores, evaluate_acled

FLOORS = {  # (split, group) -> (admin1, within 25 km)
    ("dev", "other countries"): (0.73, 0.61),
    ("test", "other countries"): (0.73, 0.60),
    ("dev", "Afghanistan"): (0.72, 0.65),
    ("test", "Afghanistan"): (0.77, 0.77),
}


def _scores(split: str) -> dict[str, AcledGeoScores]:
    try:
        return evaluate_acled(split)
    except DatasetError as exc:
        pytest.skip(f"ACLED notes not available ({exc}); the worldwide geocoding floors "
                    "need ../shared/datasets/acled_notes or $SITREP_DATASETS")


@pytest.mark.parametrize("split", ["dev", "test"])
def test_geo_acled_floor_admin1_and_distance_hold(split: str) -> None:
    scores = _scores(split)
    for group, s in scores.items():
        admin1, within = FLOORS[(split, group)]
        report = s.format() + "\n" + "\n".join(s.misses[:30])
        assert s.rows >= 30, report
        assert s.ratio(s.admin1) >= admin1, report
        assert s.ratio(s.within) >= within, report


def test_geo_acled_floor_places_stay_in_the_rows_country() -> None:
    """With the document's country known, no row is placed in another country (the
    Freetown-neighbourhood-in-Russia failure)."""
    scores = _scores("dev")["other countries"]
    abroad = [m for m in scores.misses if m.endswith("km") and int(m.split()[-2]) > 2000]
    assert len(abroad) <= 2, "\n".join(abroad)


NOTE_FLOORS = {  # group -> (found a place, admin1 right), shares of all dev rows
    "other countries": (0.44, 0.42),
    "Afghanistan": (0.95, 0.85),
}


def test_geo_acled_floor_pipeline_finds_and_places_the_notes_place() -> None:
    """Through the spaCy pipeline (mode "note": the note's first place that is not a
    country), dev rows only: measured 48.7% found / 45.6% admin1 right outside Afghanistan
    (36.7% / 29.7% before qualifiers such as "X (Commune, Province)" were read), 100% / 90.7%
    in Afghanistan. Notes that name no place stay unplaced."""
    try:
        scores = evaluate_acled("dev", mode="note")
    except DatasetError as exc:
        pytest.skip(f"ACLED notes not available ({exc})")
    for group, s in scores.items():
        found, admin1 = NOTE_FLOORS[group]
        report = s.format() + "\n" + "\n".join(s.misses[:30])
        assert s.ratio(s.resolved) >= found, report
        assert s.ratio(s.admin1) >= admin1, report
