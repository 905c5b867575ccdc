"""Integrity of the held-out event gold set (eval/events/heldout/).

Checks the file itself, not the extractor: columns, verbatim quotes, ACLED types, dates,
numbers, and that the rows sharing an event_key describe one event.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from acled import ACLED_TYPES
from sitrep.evaluation.events import GOLD_COLUMNS, load_gold
from sitrep.nlp.actors import ActorRegistry

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "eval" / "events" / "heldout"
GOLD = HELDOUT / "gold.csv"
TEXTS = HELDOUT / "texts"
GENERIC_ACTORS = ROOT / "src" / "sitrep" / "data" / "actors" / "generic.yaml"
ACTOR_FILES = [HELDOUT / "actors.yaml", GENERIC_ACTORS]

# Victims and crowds are written with a country qualifier or come from generic.yaml.
GENERIC_PREFIXES = ("Civilians (",)


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_eval_heldout_gold_columns_are_the_readme_columns() -> None:
    with GOLD.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == tuple(GOLD_COLUMNS)


def test_eval_heldout_gold_loads_and_covers_every_text() -> None:
    rows = load_gold(GOLD)
    assert len(rows) >= 60
    texts = {p.name for p in TEXTS.glob("*.txt")}
    assert len(texts) == 8
    assert {r.doc_file for r in rows} == texts


def test_eval_heldout_gold_quotes_are_verbatim(raw_rows: list[dict[str, str]]) -> None:
    cache: dict[str, str] = {}
    for n, r in enumerate(raw_rows, start=2):
        doc = r["doc_file"]
        if doc not in cache:
            cache[doc] = (TEXTS / doc).read_text(encoding="utf-8")
        assert r["quote"], f"line {n}: empty quote"
        assert r["quote"] in cache[doc], f"line {n}: quote not in {doc}"


def test_eval_heldout_gold_types_dates_and_numbers_valid(raw_rows: list[dict[str, str]]) -> None:
    for n, r in enumerate(raw_rows, start=2):
        assert r["sub_event_type"] in ACLED_TYPES[r["event_type"]], f"line {n}"
        day = date.fromisoformat(r["event_date"])
        assert date(2015, 1, 1) <= day <= date(2024, 12, 31), f"line {n}: {day}"
        assert r["time_precision"] in {"1", "2", "3"}, f"line {n}"
        for col in ("fatalities", "captured"):
            assert r[col] == "" or (r[col].isdigit() and int(r[col]) > 0), f"line {n}: {col}"
        assert r["disputed"] in {"true", "false"}, f"line {n}"
        assert r["actor1"], f"line {n}: actor1 is required"
        # no admin1 outside Afghanistan (README rule), so none in these texts
        assert r["admin1"] == "" and r["admin2"] == "", f"line {n}"
        if r["event_type"] in {"Protests"}:
            assert r["actor1"] == "Protesters", f"line {n}"
        if r["event_type"] == "Riots":
            assert r["actor1"] == "Rioters", f"line {n}"


def test_eval_heldout_gold_event_keys_are_consistent(raw_rows: list[dict[str, str]]) -> None:
    by_key: dict[str, list[dict[str, str]]] = {}
    for r in raw_rows:
        by_key.setdefault(r["event_key"], []).append(r)
    for key, rows in by_key.items():
        # one real event: one document here, one date, one type, one place, one actor pair
        for col in ("doc_file", "event_date", "event_type", "location"):
            assert len({r[col] for r in rows}) == 1, f"{key}: {col} differs"
        assert len({frozenset((r["actor1"], r["actor2"])) for r in rows}) == 1, key
    # a key is never reused for a different place on the same day in another row group
    seen: dict[tuple[str, str, str, str], str] = {}
    for r in raw_rows:
        k = (r["doc_file"], r["event_date"], r["event_type"], r["location"])
        if r["location"] and r["event_type"] != "Strategic developments":
            assert seen.setdefault(k, r["event_key"]) == r["event_key"], f"{k} has two keys"


def test_eval_heldout_gold_actor_and_claimant_names_are_canonical(
    raw_rows: list[dict[str, str]],
) -> None:
    registry = ActorRegistry.load(ACTOR_FILES)
    known = {a.name for a in registry.actors} | {s.name for s in registry.sources}
    for n, r in enumerate(raw_rows, start=2):
        for col in ("actor1", "actor2", "claimant"):
            name = r[col]
            if not name or name.startswith(GENERIC_PREFIXES):
                continue
            assert name in known, f"line {n}: {col} {name!r} is not in the actor files"
