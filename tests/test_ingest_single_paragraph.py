"""A report that is one unpunctuated paragraph is text, not a caption."""

from __future__ import annotations

from pathlib import Path

from sitrep.ingest import read_document


def test_ingest_single_paragraph_without_full_stop_is_kept(tmp_path: Path) -> None:
    body = ("Gunmen stormed a police post outside Kismayo on Friday night and held it for "
            "several hours before withdrawing, officials said")
    path = tmp_path / "wire.txt"
    path.write_text(f"Police post attacked\n\n{body}\n", encoding="utf-8")
    doc = read_document(path)
    assert body in doc.analysis_text
    assert "Police post attacked" not in doc.analysis_text  # the headline is still furniture
