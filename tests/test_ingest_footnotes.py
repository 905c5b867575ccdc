"""Footnote numbers that PDF extraction glues to sentence ends are furniture."""

from __future__ import annotations

from pathlib import Path

from sitrep.ingest import read_document


def test_ingest_footnotes_after_sentence_punctuation_are_masked(tmp_path: Path) -> None:
    text = ("Militia fighters overran two outposts near Lashio after heavy fighting.7 On 11 May "
            "the army said it had retaken one of them, calling the attack \"a provocation.\"12 "
            "Version 2.3 of the plan and 15 soldiers are not footnotes.\\n")
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    masked = [doc.text[s:e] for s, e in doc.furniture]
    assert masked == ["7", "12"]
    assert "heavy fighting.  On 11 May" in doc.analysis_text
    assert len(doc.analysis_text) == len(doc.text)


def test_ingest_dateline_gives_the_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("Shelling hits a clinic\n\nMarib, 3 March 2024 - Shells struck a clinic "
                    "on Friday, the charity said. Two nurses were hurt in the attack, which "
                    "damaged the only maternity ward in the district.\n", encoding="utf-8")
    doc = read_document(path)
    assert (str(doc.published), doc.date_source) == ("2024-03-03", "byline")
