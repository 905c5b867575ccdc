"""The world index cache keeps only the current file and a few older ones."""

from __future__ import annotations

import os

from sitrep.nlp.geo import world


def test_geo_world_cache_prunes_all_but_the_newest_old_files(tmp_path):
    files = []
    for i in range(5):
        path = tmp_path / f"world-{i:024d}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
        files.append(path)
    other = tmp_path / "notes.txt"
    other.write_text("kept", encoding="utf-8")
    current = files[0]  # the one just written may be older on disk than others
    world._prune(current)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([current.name, files[4].name, files[3].name, "notes.txt"])
