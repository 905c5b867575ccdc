"""Ingest: HTML via trafilatura and PDF via pypdf (reflow, running headers, metadata)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from sitrep.errors import InputError
from sitrep.ingest import read_document

HTML = """<!doctype html>
<html><head><title>Rebels seize border town | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier">
<meta property="og:title" content="Rebels seize border town">
<meta name="author" content="Maria Lopez">
<meta property="article:published_time" content="2023-05-14T09:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Advertisement: buy cheap flights now</div>
<article><h1>Rebels seize border town</h1>
<p>Armed rebels seized the border town of Karvas on Saturday after two days of fighting
with government troops, local officials said.</p>
<h2>Civilians flee</h2>
<p>Hundreds of civilians fled across the river as shelling continued into the night,
according to aid workers who reached the area on Sunday morning.</p>
<p>The army said it had withdrawn to defensive positions west of the town and would
counterattack once reinforcements arrived from the capital.</p>
</article>
<aside class="newsletter">Sign up for our newsletter</aside>
<footer>Copyright 2023 Daily Courier. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""

PAGES = [
    [
        "Fighting along the northern border intensified in March as militia units",
        "advanced on the river crossings near Tarvel. Local officials said the opera-",
        "tion began before dawn and lasted for most of the day.",
        "",
        "Humanitarian Access",
        "Aid agencies reported that convoys were unable to reach the eastern districts",
        "for nine days, and that at least two thousand families had left their homes",
        "and moved toward the provincial capital along the old trade road through",
    ],
    [
        "the valley, where police had set up temporary shelters.",
        "",
        "The government said on 14 March 2023 that it had restored control of the",
        "main road, a claim the militia denied in a statement posted online.",
    ],
]


def _pdf(pages: list[list[str]], creation: str | None = "D:20230316093000Z") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle("Border Clashes Quarterly Review")
    for number, lines in enumerate(pages, 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, "Regional Security Monitor | Issue 7")
        c.drawString(290, 40, f"Page {number} of {len(pages)}")
        c.setFont("Helvetica", 11)
        y = 760
        for line in lines:
            c.drawString(72, y, line)
            y -= 16
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    if creation:
        writer.add_metadata({"/CreationDate": creation})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML)
    doc = read_document(path)
    assert "Armed rebels seized the border town of Karvas" in doc.text
    assert "counterattack once reinforcements arrived" in doc.text
    for chrome in ["Home", "Sport", "cheap flights", "newsletter", "All rights reserved"]:
        assert chrome not in doc.text
    assert doc.title == "Rebels seize border town"
    assert doc.publisher == "Daily Courier"
    assert doc.published == date(2023, 5, 14)
    assert doc.date_source == "metadata"
    assert "\n\n" in doc.text  # one paragraph per block, so layout rules apply
    assert "Civilians flee" not in doc.analysis_text  # subheading is furniture


def test_ingest_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    with pytest.raises(InputError, match="no main text"):
        read_document(path)


def test_ingest_pdf_reflow_headers_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf(PAGES))
    doc = read_document(path)
    text = doc.text
    assert "Regional Security Monitor" not in text
    assert "Page 1" not in text and "Page 2" not in text
    assert "said the operation began before dawn" in text  # de-hyphenated, joined
    assert "militia units advanced on the river" in text
    # A paragraph broken by the page boundary is joined again.
    assert "along the old trade road through the valley, where police" in text
    assert "\n\nHumanitarian Access\n\n" in text
    assert doc.title == "Border Clashes Quarterly Review"
    assert doc.published == date(2023, 3, 16)
    assert doc.date_source == "metadata"
    assert doc.kind == "news"


def test_ingest_pdf_without_metadata_date_uses_text(tmp_path: Path) -> None:
    path = tmp_path / "nodate.pdf"
    path.write_bytes(_pdf(PAGES, creation=None))
    doc = read_document(path)
    # reportlab stamps its own creation date; either way the source is explicit.
    assert doc.date_source in {"metadata", "latest-date-in-text"}


def test_ingest_pdf_many_pages_is_report(tmp_path: Path) -> None:
    districts = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel", "Ivy"]
    pages = [
        [
            f"Security incidents were recorded in {name} district this month, with the",
            "highest numbers around the airport and along the southern ring road.",
            f"Police in {name} said most incidents involved armed robbery of traders",
            "travelling at night, and that checkpoints would be reinforced.",
        ]
        for name in districts
    ]
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf(pages))
    assert read_document(path).kind == "report"


def test_ingest_pdf_truncated(tmp_path: Path) -> None:
    data = _pdf(PAGES)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_document(path)


def test_ingest_pdf_corrupt_body(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 200 + b"\n%%EOF\n")
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_document(path)


def test_ingest_pdf_without_text_layer(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 300, 400, fill=1)  # a "scanned" page: graphics, no text
    c.showPage()
    c.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="no extractable text"):
        read_document(path)
