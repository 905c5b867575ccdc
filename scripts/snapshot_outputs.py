"""Build the example corpus and every evaluation text set, and record a digest of each output.

Used to check that a refactor changes no output: run it before and after, then diff the two
digest files. CSV and GeoJSON files are hashed as bytes; the DuckDB store is hashed table by
table (its rows in a fixed order), since DuckDB's file layout is not a stable byte format.

    python scripts/snapshot_outputs.py OUT_DIR > digests.txt
    python scripts/snapshot_outputs.py OUT_DIR --digest-only > digests.txt  # no rebuild
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb

import sitrep

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "panjshir": (ROOT / "examples/panjshir", []),
    "generalization": (ROOT / "eval/events/texts", []),
    **{
        name: (ROOT / f"eval/events/{name}/texts", [ROOT / f"eval/events/{name}/actors.yaml"])
        for name in ("heldout", "heldout2", "heldout3", "heldout4")
    },
}


def _digest_store(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    lines = []
    tables = con.execute("select table_name from information_schema.tables order by 1")
    for (table,) in tables.fetchall():
        h = hashlib.sha256()
        # the absolute input path and the knowledge fingerprint say where and with which
        # data files a build ran, not what it found
        cols = "* exclude (path, extractor)" if table == "documents" else "*"
        for row in con.execute(f'select {cols} from "{table}" order by all').fetchall():
            h.update(repr(row).encode())
        lines.append(f"duckdb:{table} {h.hexdigest()[:16]}")
    con.close()
    return lines


def main(out_root: Path, build: bool = True) -> None:
    for name, (texts, actors) in SETS.items():
        out = out_root / name
        if build:
            sitrep.build([texts], out, actor_files=actors)
        for f in sorted(out.iterdir()):
            if f.suffix in {".csv", ".geojson", ".json", ".html"}:
                print(f"{name}/{f.name} {hashlib.sha256(f.read_bytes()).hexdigest()[:16]}")
        for line in _digest_store(out / "sitrep.duckdb"):
            print(f"{name}/{line}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), build="--digest-only" not in sys.argv)
