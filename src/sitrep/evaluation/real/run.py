"""Run the real pipeline on in-memory texts and read back its mentions.

Each distinct text is written as one UTF-8 ``.txt`` file into a temporary
folder and the folder is built with ``sitrep.build``. Items whose texts are
identical share one file (sitrep keeps only the first copy of a duplicate
document). Mentions are read from ``mentions.csv`` and given back per item,
in text order. Texts are built in chunks of ``CHUNK``, each in its own store
(``out_dir/chunk-NNN``): sitrep re-merges every stored mention on each build,
and the items are independent. A document on which the pipeline crashes is
isolated by bisection, reported as failed and remembered for the same code.
With a persistent ``out_dir`` a second run reuses the DuckDB stores: documents
analysed by the same extractor version are not analysed again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import sitrep
from sitrep.errors import SitrepError
from sitrep.outputs.export import read_cell

CHUNK = 100  # documents per build (and store): merging cost grows with the store's size
_Model = str | Path | bool | None  # the learned event model, as sitrep.build takes it
CRASH_MEMO = "eval_crashes.json"  # per chunk: files the pipeline crashed on, with the code hash


@dataclass(frozen=True, slots=True)
class SystemMention:
    """The scored columns of one ``mentions.csv`` row."""

    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    event_date: str
    location: str
    admin1: str
    fatalities: int | None
    char_start: int
    char_end: int
    evidence: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class PipelineRun:
    """What the pipeline produced for each item key, and how the run went."""

    mentions: dict[str, list[SystemMention]]
    failed: dict[str, str] = field(default_factory=dict)  # item key -> reason
    seconds: float = 0.0
    files: int = 0
    offset_mismatches: int = 0  # mentions whose evidence is not text[char_start:char_end]
    crashes: int = 0  # distinct texts left out because the pipeline crashed on them


@dataclass(slots=True)
class _Built:
    mentions: dict[str, list[SystemMention]] = field(default_factory=dict)  # by file name
    failures: dict[str, str] = field(default_factory=dict)  # file name -> reason
    crashed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def _file_names(texts: Mapping[str, str]) -> dict[str, str]:
    """One safe, unique ``.txt`` name per distinct text, keyed by the text."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for key, text in texts.items():
        if text in names:
            continue
        base = re.sub(r"[^A-Za-z0-9_-]", "_", key)[:80] or "doc"
        name, n = f"{base}.txt", 1
        while name.lower() in used:
            n += 1
            name = f"{base}_{n}.txt"
        used.add(name.lower())
        names[text] = name
    return names


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _read_mentions(path: Path) -> dict[str, list[SystemMention]]:
    by_file: dict[str, list[SystemMention]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_file.setdefault(row["doc_file"], []).append(
                SystemMention(
                    event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"],
                    actor1=read_cell(row["actor1"]),
                    actor2=read_cell(row["actor2"]),
                    event_date=row["event_date"],
                    location=read_cell(row["location"]),
                    admin1=row["admin1"],
                    fatalities=_int(row["fatalities"]),
                    char_start=int(row["char_start"]),
                    char_end=int(row["char_end"]),
                    evidence=read_cell(row["evidence"]),
                    latitude=_float(row.get("latitude")),
                    longitude=_float(row.get("longitude")),
                )
            )
    return by_file


def _read_failures(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["doc_file"]: row.get("error") or row["status"]
            for row in csv.DictReader(handle)
            if row.get("status") != "ok"
        }


def _build_once(names: Mapping[str, str], out: Path, workers: int, model: _Model = None,
                country: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="sitrep-eval-texts-") as tmp:
        folder = Path(tmp)
        for text, name in names.items():
            (folder / name).write_text(text, encoding="utf-8")
        sitrep.build([folder], out, report=False, workers=workers, model=model, country=country)


def _build_robust(
    names: dict[str, str], out: Path, workers: int, crashed: dict[str, str],
    model: _Model = None, country: str | None = None,
) -> None:
    """Build ``names``; when the pipeline crashes, bisect to isolate the crashing texts.

    A crash is an unexpected exception (not a SitrepError) raised by the
    pipeline on one document. Such documents are left out and recorded in
    ``crashed`` (file name -> exception) so the rest can be measured.
    """
    try:
        _build_once(names, out, workers, model, country)
    except SitrepError:
        raise
    except Exception as exc:  # an extraction bug on some document: isolate it
        if len(names) == 1:
            crashed[next(iter(names.values()))] = f"pipeline crash: {type(exc).__name__}: {exc}"
            return
        items = list(names.items())
        half = len(items) // 2
        _build_robust(dict(items[:half]), out, workers, crashed, model, country)
        _build_robust(dict(items[half:]), out, workers, crashed, model, country)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of sitrep's code and data (evaluation code excluded): keys the crash memo."""
    package = Path(sitrep.__file__).resolve().parent
    digest = hashlib.sha256(sitrep.__version__.encode())
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if path.is_file() and "__pycache__" not in relative and "evaluation/" not in relative:
            digest.update(relative.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build_chunk(
    names: dict[str, str], out: Path, workers: int, model: _Model = None,
    country: str | None = None,
) -> dict[str, str]:
    """Build one chunk in its own store; returns its crashed files (memoised per code)."""
    memo = out / CRASH_MEMO
    known: dict[str, str] = {}
    if memo.is_file():
        saved = json.loads(memo.read_text(encoding="utf-8"))
        if saved.get("code") == code_fingerprint():
            known = {n: why for n, why in saved["crashed"].items() if n in names.values()}
    crashed = dict(known)
    todo = {text: name for text, name in names.items() if name not in known}
    if todo:
        _build_robust(todo, out, workers, crashed, model, country)
    out.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps({"code": code_fingerprint(), "crashed": crashed}, indent=1))
    return crashed


def _build(names: Mapping[str, str], out: Path, workers: int, model: _Model = None,
           country: str | None = None) -> _Built:
    """Build all texts in chunks of CHUNK documents, each in ``out/chunk-NNN``."""
    started = time.perf_counter()
    built = _Built()
    items = list(names.items())
    for i in range(0, len(items), CHUNK):
        chunk = dict(items[i : i + CHUNK])
        folder = out / f"chunk-{i // CHUNK:03d}"
        built.crashed |= _build_chunk(chunk, folder, workers, model, country)
        wanted = set(chunk.values())
        if (folder / "mentions.csv").is_file():
            found = _read_mentions(folder / "mentions.csv")
            built.mentions |= {k: v for k, v in found.items() if k in wanted}
            failed = _read_failures(folder / "documents.csv")
            built.failures |= {k: v for k, v in failed.items() if k in wanted}
    built.seconds = time.perf_counter() - started
    return built


def _collect(texts: Mapping[str, str], names: Mapping[str, str], built: _Built) -> PipelineRun:
    by_file = built.mentions
    failures = built.failures | built.crashed
    result = PipelineRun(
        mentions={}, seconds=built.seconds, files=len(names), crashes=len(built.crashed)
    )
    for text, name in names.items():
        found = sorted(by_file.get(name, []), key=lambda m: (m.char_start, m.char_end))
        by_file[name] = found
        result.offset_mismatches += sum(
            text[m.char_start : m.char_end] != m.evidence for m in found
        )
    for key, text in texts.items():
        name = names[text]
        result.mentions[key] = by_file[name]
        if name in failures:
            result.failed[key] = failures[name]
    return result


def dateline_prefix(day: date | None) -> str:
    """A dateline paragraph ("1 January 2016") to write before undated texts, or ""."""
    return f"{day.day} {day:%B %Y}\n\n" if day else ""


def _unshift(run: PipelineRun, shift: int) -> PipelineRun:
    """Offsets back into the unprefixed texts; mentions inside the prefix are dropped."""
    for key, found in run.mentions.items():
        run.mentions[key] = [
            replace(m, char_start=m.char_start - shift, char_end=m.char_end - shift)
            for m in found
            if m.char_start >= shift
        ]
    return run


def run_pipeline(
    texts: Mapping[str, str],
    out_dir: Path | None = None,
    *,
    workers: int = 1,
    prefix: str = "",
    model: _Model = None,
    country: str | None = None,
) -> PipelineRun:
    """Build ``texts`` (item key -> text) with sitrep and return each item's mentions.

    ``prefix`` (e.g. a dateline) is written before every text; offsets given back
    still index the texts without it. ``model`` and ``country`` (the corpus's country,
    as ``sitrep build --country``) go to :func:`sitrep.build`.
    """
    texts = {key: prefix + text for key, text in texts.items()}
    names = _file_names(texts)
    if out_dir is not None:
        run = _collect(texts, names, _build(names, Path(out_dir), workers, model, country))
    else:
        with tempfile.TemporaryDirectory(prefix="sitrep-eval-out-") as tmp:
            run = _collect(texts, names, _build(names, Path(tmp), workers, model, country))
    return _unshift(run, len(prefix)) if prefix else run
