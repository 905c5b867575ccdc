"""Loaders and the fixed seeded split for the external annotated corpora.

The corpora live outside the repository (``<repo>/../shared/datasets`` by
default, or the folder named by the ``SITREP_DATASETS`` environment variable);
see each folder's README for formats and licences. Splits depend on ids only:
an item goes to a split by ``sha256("sitrep-split-1:" + id)``, so they never
change when the data order, the code or the machine changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import DatasetError

SPLIT_SALT = "sitrep-split-1:"
ENV_ROOT = "SITREP_DATASETS"
WIKIEVENTS_FILE = "wikievents_train/wikievents_train.jsonl"
RAMS_FILES = {"dev": "rams/rams_dev.jsonl", "test": "rams/rams_test.jsonl"}
ACLED_FILE = "acled_notes/acled_notes_sample.csv"
# Cumulative split boundaries on the [0, 1) hash fraction.
WIKIEVENTS_SPLITS: tuple[tuple[str, float], ...] = (("dev", 0.70), ("test", 1.0))
ACLED_SPLITS: tuple[tuple[str, float], ...] = (("train", 0.60), ("dev", 0.80), ("test", 1.0))
SPLITS = {"wikievents": ("dev", "test"), "rams": ("dev", "test"), "acled": ("train", "dev", "test")}


@dataclass(frozen=True, slots=True)
class Span:
    """A character span ``[start, end)`` of a document's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated trigger: its dataset type and trigger span."""

    event_id: str
    etype: str
    trigger: Span


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """A WikiEvents document or a RAMS window: text, sentence spans, gold triggers."""

    doc_id: str
    text: str
    sentences: tuple[Span, ...]
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One ACLED event row with its ``notes`` text and the coded fields we score."""

    event_id: str
    notes: str
    event_date: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    admin1: str
    location: str
    fatalities: int
    country: str
    latitude: float | None = None  # the coded point, for the distance figures
    longitude: float | None = None


def default_root() -> Path:
    """``$SITREP_DATASETS`` if set, else ``<repo>/../shared/datasets``."""
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[4]  # src/sitrep/evaluation/real/data.py
    return repo.parent / "shared" / "datasets"


def _file(root: Path | None, relative: str) -> Path:
    path = (root or default_root()) / relative
    if not path.is_file():
        raise DatasetError(
            f"{path}: dataset file not found (set {ENV_ROOT} to the folder holding "
            "wikievents_train/, rams/ and acled_notes/)"
        )
    return path


def split_fraction(item_id: str) -> float:
    """Deterministic position of ``item_id`` in [0, 1) from its salted sha256."""
    digest = hashlib.sha256((SPLIT_SALT + item_id).encode("utf-8")).hexdigest()
    return int(digest[:12], 16) / float(1 << 48)


def split_of(item_id: str, bounds: Sequence[tuple[str, float]]) -> str:
    """The name of the split ``item_id`` falls in, given cumulative ``bounds``."""
    fraction = split_fraction(item_id)
    for name, upper in bounds:
        if fraction < upper:
            return name
    return bounds[-1][0]


def check_split(dataset: str, split: str) -> None:
    """Raise DatasetError unless ``split`` exists for ``dataset``."""
    allowed = SPLITS.get(dataset)
    if allowed is None:
        raise DatasetError(f"unknown dataset {dataset!r}; use one of {', '.join(SPLITS)}")
    if split not in allowed:
        raise DatasetError(f"{dataset} has no split {split!r}; use one of {', '.join(allowed)}")


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(f"{path}:{number}: not JSON ({exc.msg})") from exc


def _annotated(record: dict, path: Path) -> AnnotatedDoc:
    try:
        return AnnotatedDoc(
            doc_id=record["doc_id"],
            text=record["text"],
            sentences=tuple(Span(s["start"], s["end"]) for s in record["sentences"]),
            events=tuple(
                GoldEvent(
                    e["id"], e["kairos_type"], Span(e["trigger"]["start"], e["trigger"]["end"])
                )
                for e in record["events"]
            ),
        )
    except (KeyError, TypeError) as exc:
        raise DatasetError(f"{path}: record lacks field {exc}") from exc


def load_wikievents(split: str, root: Path | None = None) -> list[AnnotatedDoc]:
    """WikiEvents documents of ``split`` (dev 70 % / test 30 % by doc_id), in file order."""
    check_split("wikievents", split)
    path = _file(root, WIKIEVENTS_FILE)
    docs = [_annotated(r, path) for r in _jsonl(path)]
    return [d for d in docs if split_of(d.doc_id, WIKIEVENTS_SPLITS) == split]


def load_rams(split: str, root: Path | None = None) -> list[AnnotatedDoc]:
    """RAMS windows of ``split`` (the official dev or test file), in file order."""
    check_split("rams", split)
    path = _file(root, RAMS_FILES[split])
    return [_annotated(r, path) for r in _jsonl(path)]


def _acled_row(raw: dict[str, str], path: Path) -> AcledRow:
    try:
        return AcledRow(
            event_id=raw["event_id_cnty"],
            notes=raw["notes"],
            event_date=raw["event_date"],
            event_type=raw["event_type"],
            sub_event_type=raw["sub_event_type"],
            actor1=raw["actor1"],
            actor2=raw["actor2"],
            admin1=raw["admin1"],
            location=raw["location"],
            fatalities=int(raw["fatalities"] or 0),
            country=raw["country"],
            latitude=float(raw["latitude"]) if raw.get("latitude") else None,
            longitude=float(raw["longitude"]) if raw.get("longitude") else None,
        )
    except (KeyError, ValueError) as exc:
        raise DatasetError(f"{path}: bad row {raw.get('event_id_cnty', '?')}: {exc}") from exc


def load_acled(split: str, root: Path | None = None) -> list[AcledRow]:
    """ACLED rows of ``split`` (train 60 % / dev 20 % / test 20 % by event_id_cnty)."""
    check_split("acled", split)
    path = _file(root, ACLED_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [_acled_row(raw, path) for raw in csv.DictReader(handle)]
    return [r for r in rows if split_of(r.event_id, ACLED_SPLITS) == split]
