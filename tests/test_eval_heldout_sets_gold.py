"""Integrity of the third and fourth held-out event gold sets (eval/events/heldout3/,
eval/events/heldout4/), written blind at the end of session 2.

Checks the files themselves, not the extractor: columns, verbatim one-line quotes (in the raw
file and in the text ingest extracts, which matters for the saved web page), ACLED types,
dates, numbers, blank admin names (no text is about Afghanistan), canonical actor names, and
that the rows sharing an event_key describe one event. Only `sitrep.ingest` reads the texts
here: no event extraction runs on them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from acled import ACLED_TYPES
from sitrep.evaluation.events import GOLD_COLUMNS, load_gold
from sitrep.ingest import read_document
from sitrep.nlp.actors import ActorRegistry

ROOT = Path(__file__).resolve().parents[1]
GENERIC_ACTORS = ROOT / "src" / "sitrep" / "data" / "actors" / "generic.yaml"
# Victims are written with a country qualifier; the bare generic actors come from generic.yaml.
GENERIC_PREFIXES = ("Civilians (",)


@dataclass(frozen=True)
class HeldOut:
    """One set and what its brief asked for."""

    name: str
    texts: int
    rows: tuple[int, int]
    words: tuple[int, int]
    suffixes: frozenset[str]
    first_year: int

    @property
    def folder(self) -> Path:
        return ROOT / "eval" / "events" / self.name

    @property
    def gold(self) -> Path:
        return self.folder / "gold.csv"

    @property
    def text_dir(self) -> Path:
        return self.folder / "texts"

    @property
    def actor_files(self) -> list[Path]:
        return [self.folder / "actors.yaml", GENERIC_ACTORS]

    def text_files(self) -> set[str]:
        return {p.name for p in self.text_dir.iterdir() if p.suffix in self.suffixes}


SETS = [
    HeldOut("heldout3", 8, (70, 100), (250, 600), frozenset({".txt", ".html"}), 2021),
    HeldOut("heldout4", 6, (45, 60), (250, 500), frozenset({".txt"}), 2019),
]


@pytest.fixture(scope="module", params=SETS, ids=lambda s: s.name)
def held(request: pytest.FixtureRequest) -> HeldOut:
    return request.param


@pytest.fixture(scope="module")
def raw_rows(held: HeldOut) -> list[dict[str, str]]:
    with held.gold.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_eval_heldout_sets_gold_columns_are_the_readme_columns(held: HeldOut) -> None:
    with held.gold.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == tuple(GOLD_COLUMNS)


def test_eval_heldout_sets_gold_loads_and_covers_every_text(held: HeldOut) -> None:
    rows = load_gold(held.gold)
    assert held.rows[0] <= len(rows) <= held.rows[1]
    texts = held.text_files()
    assert len(texts) == held.texts
    assert {p.name for p in held.text_dir.iterdir()} == texts, "only the reports live in texts/"
    assert {r.doc_file for r in rows} == texts


def test_eval_heldout_sets_gold_texts_have_the_briefed_length(held: HeldOut) -> None:
    for name in held.text_files():
        doc = read_document(held.text_dir / name)
        assert held.words[0] <= len(doc.text.split()) <= held.words[1], name


def test_eval_heldout_sets_gold_quotes_are_verbatim(
    held: HeldOut, raw_rows: list[dict[str, str]]
) -> None:
    raw: dict[str, str] = {}
    extracted: dict[str, str] = {}
    for n, r in enumerate(raw_rows, start=2):
        doc = r["doc_file"]
        if doc not in raw:
            raw[doc] = (held.text_dir / doc).read_text(encoding="utf-8")
            extracted[doc] = read_document(held.text_dir / doc).text
        assert r["quote"], f"line {n}: empty quote"
        # quotes of the PDF-style text stay within one of its hard-wrapped lines
        assert "\n" not in r["quote"], f"line {n}: quote spans a line break"
        assert r["quote"] in raw[doc], f"line {n}: quote not in {doc}"
        # what the extractor reads (a web page's visible text) holds the quote too
        assert r["quote"] in extracted[doc], f"line {n}: quote not in the text of {doc}"


def test_eval_heldout_sets_gold_types_dates_and_numbers_valid(
    held: HeldOut, raw_rows: list[dict[str, str]]
) -> None:
    for n, r in enumerate(raw_rows, start=2):
        assert r["sub_event_type"] in ACLED_TYPES[r["event_type"]], f"line {n}"
        day = date.fromisoformat(r["event_date"])
        assert date(held.first_year, 1, 1) <= day <= date(2024, 12, 31), f"line {n}: {day}"
        assert r["time_precision"] in {"1", "2", "3"}, f"line {n}"
        for col in ("fatalities", "captured"):
            assert r[col] == "" or (r[col].isdigit() and int(r[col]) > 0), f"line {n}: {col}"
        assert r["disputed"] in {"true", "false"}, f"line {n}"
        assert r["actor1"], f"line {n}: actor1 is required"
        if r["event_type"] == "Protests":
            assert r["actor1"] == "Protesters", f"line {n}"
        if r["event_type"] == "Riots":
            assert r["actor1"] == "Rioters", f"line {n}"


def test_eval_heldout_sets_gold_admin_names_are_blank(
    held: HeldOut, raw_rows: list[dict[str, str]]
) -> None:
    # README rule: admin1/admin2 only inside Afghanistan, and no text here is about it
    for n, r in enumerate(raw_rows, start=2):
        assert r["admin1"] == "" and r["admin2"] == "", f"line {n}"


def test_eval_heldout_sets_gold_precision_two_only_for_day_ranges(
    held: HeldOut, raw_rows: list[dict[str, str]],
) -> None:
    for n, r in enumerate(raw_rows, start=2):
        if r["time_precision"] == "2":
            assert " and " in r["quote"] or "Between" in r["quote"], f"line {n}"


def test_eval_heldout_sets_gold_event_keys_are_consistent(
    held: HeldOut, raw_rows: list[dict[str, str]]
) -> None:
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


def test_eval_heldout_sets_gold_actor_and_claimant_names_are_canonical(
    held: HeldOut, raw_rows: list[dict[str, str]],
) -> None:
    registry = ActorRegistry.load(held.actor_files)
    known = {a.name for a in registry.actors} | {s.name for s in registry.sources}
    for n, r in enumerate(raw_rows, start=2):
        for col in ("actor1", "actor2", "claimant"):
            name = r[col]
            if not name or name.startswith(GENERIC_PREFIXES):
                continue
            assert name in known, f"line {n}: {col} {name!r} is not in the actor files"
