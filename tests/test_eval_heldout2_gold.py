"""Integrity of the second held-out event gold set (eval/events/heldout2/).

Checks the file itself, not the extractor: columns, verbatim quotes (in the raw file and,
for the saved web page, in the text ingest extracts), ACLED types, dates, numbers, Afghan
admin names, and that the rows sharing an event_key describe one event.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from acled import ACLED_TYPES
from sitrep.evaluation.events import GOLD_COLUMNS, load_gold
from sitrep.ingest import read_document
from sitrep.nlp.actors import ActorRegistry

ROOT = Path(__file__).resolve().parents[1]
HELDOUT2 = ROOT / "eval" / "events" / "heldout2"
GOLD = HELDOUT2 / "gold.csv"
TEXTS = HELDOUT2 / "texts"
GENERIC_ACTORS = ROOT / "src" / "sitrep" / "data" / "actors" / "generic.yaml"
ACTOR_FILES = [HELDOUT2 / "actors.yaml", GENERIC_ACTORS]
DISTRICTS = ROOT / "src" / "sitrep" / "data" / "gazetteer" / "districts.csv"
AFGHAN_DOCS = {"afghanistan_wire.txt"}

# Victims are written with a country qualifier; the bare generic actors come from generic.yaml.
GENERIC_PREFIXES = ("Civilians (",)


@pytest.fixture(scope="module")
def raw_rows() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _text_files() -> set[str]:
    return {p.name for p in TEXTS.iterdir() if p.suffix in {".txt", ".html"}}


def test_eval_heldout2_gold_columns_are_the_readme_columns() -> None:
    with GOLD.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == tuple(GOLD_COLUMNS)


def test_eval_heldout2_gold_loads_and_covers_every_text() -> None:
    rows = load_gold(GOLD)
    assert 70 <= len(rows) <= 100
    texts = _text_files()
    assert len(texts) == 8
    assert {p.name for p in TEXTS.iterdir()} == texts, "only the eight reports live in texts/"
    assert {r.doc_file for r in rows} == texts


def test_eval_heldout2_gold_texts_have_the_briefed_length() -> None:
    for name in _text_files():
        doc = read_document(TEXTS / name)
        assert 250 <= len(doc.text.split()) <= 650, name


def test_eval_heldout2_gold_quotes_are_verbatim(raw_rows: list[dict[str, str]]) -> None:
    raw: dict[str, str] = {}
    extracted: dict[str, str] = {}
    for n, r in enumerate(raw_rows, start=2):
        doc = r["doc_file"]
        if doc not in raw:
            raw[doc] = (TEXTS / doc).read_text(encoding="utf-8")
            extracted[doc] = read_document(TEXTS / doc).text
        assert r["quote"], f"line {n}: empty quote"
        assert r["quote"] in raw[doc], f"line {n}: quote not in {doc}"
        # the web page's quotes carry no markup, so they survive HTML extraction unchanged
        assert r["quote"] in extracted[doc], f"line {n}: quote not in the text of {doc}"


def test_eval_heldout2_gold_types_dates_and_numbers_valid(raw_rows: list[dict[str, str]]) -> None:
    for n, r in enumerate(raw_rows, start=2):
        assert r["sub_event_type"] in ACLED_TYPES[r["event_type"]], f"line {n}"
        day = date.fromisoformat(r["event_date"])
        assert date(2017, 1, 1) <= day <= date(2024, 12, 31), f"line {n}: {day}"
        assert r["time_precision"] in {"1", "2", "3"}, f"line {n}"
        for col in ("fatalities", "captured"):
            assert r[col] == "" or (r[col].isdigit() and int(r[col]) > 0), f"line {n}: {col}"
        assert r["disputed"] in {"true", "false"}, f"line {n}"
        assert r["actor1"], f"line {n}: actor1 is required"
        if r["event_type"] == "Protests":
            assert r["actor1"] == "Protesters", f"line {n}"
        if r["event_type"] == "Riots":
            assert r["actor1"] == "Rioters", f"line {n}"


def test_eval_heldout2_gold_admin_names_only_in_afghanistan(
    raw_rows: list[dict[str, str]],
) -> None:
    with DISTRICTS.open(encoding="utf-8", newline="") as f:
        districts = {(d["admin1"], d["name"]) for d in csv.DictReader(f)}
    provinces = {a for a, _ in districts}
    for n, r in enumerate(raw_rows, start=2):
        if r["doc_file"] not in AFGHAN_DOCS:
            # README rule: no admin1 outside Afghanistan
            assert r["admin1"] == "" and r["admin2"] == "", f"line {n}"
            continue
        assert r["admin1"] in provinces, f"line {n}: admin1 {r['admin1']!r}"
        if r["admin2"]:
            assert (r["admin1"], r["admin2"]) in districts, f"line {n}: admin2 {r['admin2']!r}"


def test_eval_heldout2_gold_event_keys_are_consistent(raw_rows: list[dict[str, str]]) -> None:
    by_key: dict[str, list[dict[str, str]]] = {}
    for r in raw_rows:
        by_key.setdefault(r["event_key"], []).append(r)
    for key, rows in by_key.items():
        for col in ("doc_file", "event_date", "event_type", "location", "admin1", "admin2"):
            assert len({r[col] for r in rows}) == 1, f"{key}: {col} differs"
        assert len({frozenset((r["actor1"], r["actor2"])) for r in rows}) == 1, key
    seen: dict[tuple[str, str, str, str], str] = {}
    for r in raw_rows:
        k = (r["doc_file"], r["event_date"], r["event_type"], r["location"])
        if r["location"] and r["event_type"] != "Strategic developments":
            assert seen.setdefault(k, r["event_key"]) == r["event_key"], f"{k} has two keys"


def test_eval_heldout2_gold_actor_and_claimant_names_are_canonical(
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
