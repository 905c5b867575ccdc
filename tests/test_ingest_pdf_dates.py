"""PDF dates: a date the text states (byline, dateline) wins over the PDF's creation date.

A web page printed to PDF carries the day it was printed as its creation date; the
story's own byline says when it was published. Real PDFs, made here with reportlab.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from sitrep.ingest import read_document
from sitrep.pipeline.run import build

PRINTED = "D:20261102101400Z"  # the day the page was printed, two years after the story

BODY = [
    "Rebels seize border town after two days of fighting",
    "",
    "By Maria Lopez | Published 14 May 2024",
    "",
    "Armed rebels of the Mountain Guard seized the border town of Khinjan on Saturday",
    "after two days of fighting with government troops, local officials said.",
    "",
    "Hundreds of civilians fled across the river as shelling continued into the night,",
    "according to aid workers who reached the area on Sunday morning.",
]


def _printed_pdf(lines: list[str], creation: str = PRINTED) -> bytes:
    """A one-page PDF laid out like a browser's print of a news page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("Rebels seize border town - Daily Courier")
    c.setFont("Helvetica", 8)
    c.drawString(40, 815, "11/2/26, 10:14 AM")
    c.drawString(300, 815, "Rebels seize border town - Daily Courier")
    c.drawString(40, 20, "https://courier.example/world/rebels-seize-border-town")
    c.drawString(520, 20, "1/1")
    c.setFont("Helvetica", 11)
    y = 770
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.add_metadata({"/CreationDate": creation, "/ModDate": creation})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_ingest_pdf_byline_date_wins_over_creation_date(tmp_path: Path) -> None:
    path = tmp_path / "printed.pdf"
    path.write_bytes(_printed_pdf(BODY))
    assert PdfReader(path).metadata.creation_date.year == 2026  # a real printed-page PDF
    doc = read_document(path)
    assert (doc.published, doc.date_source) == (date(2024, 5, 14), "byline")


def test_ingest_pdf_wire_dateline_wins_over_creation_date(tmp_path: Path) -> None:
    lines = [
        "Rebels seize border town",
        "",
        "KHARTOUM, April 17, 2023 (Reuters) - Fighters seized the border town on Sunday",
        "after two days of fighting with government troops, officials said on Monday.",
        "The army said it had withdrawn to positions west of the town overnight.",
    ]
    path = tmp_path / "wire.pdf"
    path.write_bytes(_printed_pdf(lines))
    doc = read_document(path)
    assert (doc.published, doc.date_source) == (date(2023, 4, 17), "byline")


def test_ingest_pdf_without_a_stated_date_keeps_its_creation_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.pdf"
    path.write_bytes(_printed_pdf([BODY[0], "", *BODY[4:]]))
    doc = read_document(path)
    assert (doc.published, doc.date_source) == (date(2026, 11, 2), "metadata")


ACTORS = """
schema: 1
conflict: "Invented northern war (test)"
country: Afghanistan
actors:
  - name: Mountain Guard
    side: Guard
    inter: 2
    aliases: [Mountain Guard, the Guard]
"""


def test_ingest_printed_pdf_events_take_the_story_year(tmp_path: Path) -> None:
    """Through a real build: the story's events are dated 2024, not the print year."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "printed.pdf").write_bytes(_printed_pdf(BODY))
    actors = tmp_path / "guard.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    result = build([corpus], tmp_path / "out", actor_files=[actors], report=False)
    with result.outputs["documents"].open(encoding="utf-8", newline="") as fh:
        (doc,) = list(csv.DictReader(fh))
    assert (doc["published"], doc["date_source"]) == ("2024-05-14", "byline")
    with result.outputs["events"].open(encoding="utf-8", newline="") as fh:
        events = list(csv.DictReader(fh))
    assert events and all(e["event_date"].startswith("2024-05") for e in events), events
