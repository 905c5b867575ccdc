"""A text over spaCy's 1,000,000-character limit builds, in pieces, with exact offsets."""

from __future__ import annotations

import csv
from pathlib import Path

from sitrep.nlp import split_pieces
from sitrep.pipeline.run import build

EVENTS = [
    "On 6 September 2021, Taliban fighters captured Rokha district in Panjshir province "
    "after heavy fighting.",
    "On 4 September 2021, the National Resistance Front clashed with Taliban forces in "
    "Bazarak, Panjshir.",
]
# A scanned annex: mostly blank pages (layout whitespace), cheap to analyse
BLANK_PAGE = "This page of the annex was left blank." + " " * 2_000 + "\n" + " " * 2_000


def long_text(size: int = 2_000_000) -> str:
    """Over ``size`` characters: event sentences at the start, on both sides of the
    1,000,000-character mark and at the end, blank annex pages between them."""
    parts = ["Published: 2021-09-10", EVENTS[0]]
    length = len(parts[0]) + 2 + len(parts[1])
    for k, mark in enumerate([size // 2 - 3_000, size // 2 + 3_000, size], 1):
        while length < mark:
            parts.append(BLANK_PAGE)
            length += 2 + len(BLANK_PAGE)
        parts.append(EVENTS[k % 2])
        length += 2 + len(EVENTS[k % 2])
    return "\n\n".join(parts)


def test_pipeline_split_pieces_are_contiguous_and_cut_at_paragraphs() -> None:
    text = long_text(30_000)
    pieces = split_pieces(text, 9_000)
    assert "".join(pieces) == text and len(pieces) > 3
    assert all(len(p) <= 9_000 for p in pieces)
    for piece in pieces[:-1]:
        assert piece.rstrip(" ").endswith("\n")  # a paragraph or line end


def test_pipeline_two_megabyte_text_builds_with_exact_offsets(tmp_path: Path) -> None:
    text = long_text()
    assert len(text) > 2_000_000
    src = tmp_path / "in"
    src.mkdir()
    (src / "long.txt").write_text(text, encoding="utf-8")
    result = build([src], tmp_path / "out", report=False)
    assert result.documents_ok == 1 and result.documents_failed == 0
    with (tmp_path / "out" / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        mentions = list(csv.DictReader(fh))
    starts = sorted(int(m["char_start"]) for m in mentions)
    assert len(mentions) >= 4, mentions
    assert starts[0] < 1_000 and starts[-1] > 2_000_000  # the first and the last event
    assert any(990_000 < s < 1_010_000 for s in starts)  # around the first cut
    for m in mentions:
        assert text[int(m["char_start"]):int(m["char_end"])] == m["evidence"]
    assert {m["event_date"] for m in mentions} == {"2021-09-04", "2021-09-06"}
    assert {m["event_type"] for m in mentions} == {"Battles"}
