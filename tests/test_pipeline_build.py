"""End-to-end: the example corpus through the real pipeline into a real DuckDB store."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from conftest import EXAMPLES
from sitrep.extract.events import load_lexicon
from sitrep.pipeline.run import build
from sitrep.store import ACLED_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS

OUTPUTS = [
    "events.csv",
    "mentions.csv",
    "documents.csv",
    "events.geojson",
    "report.html",
    "sitrep.duckdb",
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_pipeline_build_writes_every_output(example_build):
    out = example_build.out_dir
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    assert example_build.documents_ok == 3 and example_build.documents_failed == 0


def test_pipeline_events_csv_has_the_exact_header(example_build):
    with (example_build.out_dir / "events.csv").open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split(",")
    assert header[:31] == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert header == EVENT_COLUMNS
    with (example_build.out_dir / "mentions.csv").open(encoding="utf-8") as fh:
        assert fh.readline().rstrip("\n").split(",") == MENTION_COLUMNS


def test_pipeline_events_are_dated_typed_and_located(example_build):
    taxonomy = load_lexicon().taxonomy
    events = _read(example_build.out_dir / "events.csv")
    good = [
        e
        for e in events
        if e["event_date"]
        and e["admin1"]
        and taxonomy.get(e["sub_event_type"], ("",))[0] == e["event_type"]
    ]
    assert len(good) >= 60, f"only {len(good)} of {len(events)} events are dated, typed, located"
    for e in events:
        assert e["event_date"][:4] >= "2021" or "undated" in e["tags"], e  # none before 2021
        assert e["time_precision"] in {"1", "2", "3"}


def test_pipeline_evidence_is_verbatim_text_of_the_source_file(example_build):
    mentions = _read(example_build.out_dir / "mentions.csv")
    assert mentions
    texts = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.txt")}
    for m in mentions:
        text = texts[m["doc_file"]]
        assert text[int(m["char_start"]) : int(m["char_end"])] == m["evidence"]


def test_pipeline_store_tables_match_csvs(example_build):
    con = duckdb.connect(str(example_build.out_dir / "sitrep.duckdb"), read_only=True)
    try:
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        n_mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        unlinked = con.execute(
            "SELECT count(*) FROM mentions WHERE event_id_cnty IS NULL AND event_date IS NOT NULL"
        ).fetchone()[0]
    finally:
        con.close()
    assert n_events == len(_read(example_build.out_dir / "events.csv"))
    assert n_mentions == len(_read(example_build.out_dir / "mentions.csv"))
    assert unlinked == 0


def test_pipeline_rebuild_gives_byte_identical_outputs(example_build, tmp_path):
    again = build([EXAMPLES], tmp_path / "fresh")
    same_dir = build([EXAMPLES], example_build.out_dir)
    assert same_dir.documents_reused == 3
    for name in ["events.csv", "mentions.csv", "documents.csv", "events.geojson", "report.html"]:
        first = (example_build.out_dir / name).read_bytes()
        assert (again.out_dir / name).read_bytes() == first, name


def test_pipeline_bad_files_are_reported_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(EXAMPLES, folder)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin.txt").write_bytes(b"caf\xe9 \x81\x8d\x90 not text \x9d\x8f " * 20)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "french.txt").write_text(
        "Les combattants se sont retirés de la vallée après trois jours de combats. "
        "Le gouvernement a annoncé que la route était de nouveau ouverte aux civils. " * 3,
        encoding="utf-8",
    )
    (folder / "big.txt").write_text("The militia attacked the town. " * 4000)
    result = build([folder], tmp_path / "out", max_bytes=100_000)
    assert result.documents_ok == 3
    failed = {Path(f.path).name: f.reason for f in result.failures}
    assert set(failed) == {
        "empty.txt",
        "binary.txt",
        "latin.txt",
        "truncated.pdf",
        "notes.docx",
        "french.txt",
        "big.txt",
    }
    for reason in failed.values():
        assert reason and "\n" not in reason and "Traceback" not in reason
    docs = _read(tmp_path / "out" / "documents.csv")
    errors = {d["doc_file"]: d for d in docs if d["status"] == "error"}
    assert set(errors) == set(failed)
    assert all(d["error"] for d in errors.values())
    assert len([d for d in docs if d["status"] == "ok"]) == 3
    # A second build of the same folder neither loses nor duplicates anything.
    again = build([folder], tmp_path / "out", max_bytes=100_000)
    assert again.documents_reused == 3
    assert _read(tmp_path / "out" / "documents.csv") == docs
