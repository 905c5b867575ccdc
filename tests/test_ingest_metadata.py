"""Ingest: title, publisher, publication date (and its source), kind, doc_id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitrep.ingest import doc_id_for, find_dates, read_document
from sitrep.records import Document

BODY = (
    "Army units recaptured the bridge at Orlek on Saturday after two days of fighting, "
    "a military spokesman said, adding that the rebels had withdrawn to the hills.\n"
)


def _doc(tmp_path: Path, text: str, name: str = "doc.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("By Tomas Varga March 7, 2019", date(2019, 3, 7)),
        ("By Tomas Varga | 7 Mar 2019", date(2019, 3, 7)),
        ("Published 7 March 2019", date(2019, 3, 7)),
        ("Published: 2019-03-07T10:12:00Z", date(2019, 3, 7)),
        ("Thursday, March 7th, 2019 10:31 AM EST", date(2019, 3, 7)),
        ("7 March 2019", date(2019, 3, 7)),
        ("Updated 9 March 2019\nPublished 7 March 2019", date(2019, 3, 7)),
        ("Last updated: Sept. 9, 2019", date(2019, 9, 9)),
    ],
)
def test_ingest_byline_date(tmp_path: Path, top: str, expected: date) -> None:
    text = f"Army retakes Orlek bridge\n\n{top}\n\n{BODY}\nThe previous battle, on 2 May 2021, ..."
    doc = _doc(tmp_path, text)
    assert doc.published == expected
    assert doc.date_source == "byline"


def test_ingest_dated_caption_is_not_a_byline(tmp_path: Path) -> None:
    text = f"Orlek bridge\n\nTop: Soldiers near the bridge on 11 May 2019\n\n{BODY}"
    doc = _doc(tmp_path, text)
    assert doc.date_source == "latest-date-in-text"


def test_ingest_latest_date_in_text_fallback(tmp_path: Path) -> None:
    text = (
        f"{BODY}\nThe offensive began on 3 January 2020 and paused on February 11, 2020.\n\n"
        "References\n\n"
        '1. ^ "Bridge retaken". Example Wire. Retrieved 14 April 2020.\n'
        "2. ^ An archive copy dated 1 January 1850 and a typo dated 5 June 2999.\n"
    )
    doc = _doc(tmp_path, text)
    assert doc.published == date(2020, 4, 14)
    assert doc.date_source == "latest-date-in-text"


def test_ingest_no_date(tmp_path: Path) -> None:
    doc = _doc(tmp_path, BODY)
    assert doc.published is None
    assert doc.date_source == "none"


def test_ingest_find_dates_forms() -> None:
    text = "On 23 August 2021, Aug. 24, 2021, 2021-08-25 and 31 February 2021 (invalid)."
    assert [d for _, _, d in find_dates(text)] == [
        date(2021, 8, 23),
        date(2021, 8, 24),
        date(2021, 8, 25),
    ]
    start, end, _ = find_dates(text)[1]
    assert text[start:end] == "Aug. 24, 2021"
    assert find_dates("5 June 2031", today=date(2030, 1, 1)) == []


@pytest.mark.parametrize(
    ("first_lines", "publisher"),
    [
        ("From Wikipedia, the free encyclopedia", "Wikipedia"),
        ("Frontlines Wiki\nAdvertisement", "Frontlines Wiki"),
        ("Published by the Example Institute for Peace", "Example Institute for Peace"),
    ],
)
def test_ingest_publisher_lines(tmp_path: Path, first_lines: str, publisher: str) -> None:
    doc = _doc(tmp_path, f"{first_lines}\n\n{BODY}")
    assert doc.publisher == publisher


@pytest.mark.parametrize(
    ("dateline", "publisher"),
    [
        ("ORLEK, Eastland (Reuters) - ", "Reuters"),
        ("ORLEK (AP) — ", "Associated Press"),
    ],
)
def test_ingest_publisher_from_dateline(tmp_path: Path, dateline: str, publisher: str) -> None:
    doc = _doc(tmp_path, dateline + BODY)
    assert doc.publisher == publisher


def test_ingest_title_is_first_headline_line(tmp_path: Path) -> None:
    text = "Sign up for alerts - JOIN NOW\n\nArmy retakes Orlek bridge\n\nBy Ana Lind\n\n" + BODY
    doc = _doc(tmp_path, text)
    assert doc.title == "Army retakes Orlek bridge"
    md = _doc(tmp_path, "# Orlek: the week in review\n\n" + BODY, "doc.md")
    assert md.title == "Orlek: the week in review"
    assert _doc(tmp_path, BODY, "plain.txt").title is None


def test_ingest_kind_detection(tmp_path: Path) -> None:
    wiki = "Battle of Orlek\n\nFrom Wikipedia, the free encyclopedia\n\n" + BODY
    assert _doc(tmp_path, wiki, "w.txt").kind == "encyclopedia"
    fandom = "Orlek Wiki\n\nHistory[]\n\n" + BODY
    assert _doc(tmp_path, fandom, "f.txt").kind == "encyclopedia"
    report = "Executive Summary\n\n" + BODY + "\nMethodology\n\n" + BODY.replace("Army", "The army")
    assert _doc(tmp_path, report, "r.txt").kind == "report"
    two_headings = "Introduction\n\n" + BODY + "\nRecommendations\n\n" + BODY.replace("A", "Some a")
    assert _doc(tmp_path, two_headings, "r2.txt").kind == "report"
    assert _doc(tmp_path, "Orlek bridge retaken\n\n" + BODY, "n.txt").kind == "news"


def test_ingest_doc_id_normalises_whitespace_and_unicode() -> None:
    composed = "Caf\u00e9 shelled  on\r\nMonday. "
    decomposed = " Cafe\u0301 shelled on\nMonday."
    assert doc_id_for(composed) == doc_id_for(decomposed)
    assert doc_id_for(composed) != doc_id_for("Cafe shelled on Monday.")
    assert len(doc_id_for(composed)) == 64


def test_ingest_byline_lines_are_furniture(tmp_path: Path) -> None:
    top = "By Ana Lind\nMarch 3, 2023 6:14 PM GMT+2 Updated 2 days ago"
    doc = _doc(tmp_path, f"Orlek bridge retaken\n{top}\n\n{BODY}")
    assert doc.published == date(2023, 3, 3)
    assert doc.date_source == "byline"
    assert "2 days ago" not in doc.analysis_text
    assert "Army units recaptured" in doc.analysis_text


def test_ingest_dates_inside_body_or_ranges_are_not_bylines(tmp_path: Path) -> None:
    wrapped = (
        "Monitors recorded a sharp rise in civilian casualties after the army resumed\n"
        "air strikes on the northern districts in the second half of the month on\n"
        "17 February 2023.\n\n"
        "4 March 2023 – 9 March 2023\n\n"
    )
    doc = _doc(tmp_path, wrapped + BODY)
    assert doc.date_source == "latest-date-in-text"
    assert doc.published == date(2023, 3, 9)
    assert "17 February 2023." in doc.analysis_text


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("Lakeside Courier | Wednesday, June 26, 2024", date(2024, 6, 26)),
        ("No 114/2024        Port Orlek - June 26, 2024", date(2024, 6, 26)),
        ("REGIONAL SECURITY REVIEW | Brief No. 9 | June 2024", date(2024, 6, 30)),
    ],
)
def test_ingest_byline_date_in_a_field_or_month_header(
    tmp_path: Path, top: str, expected: date
) -> None:
    text = f"{top}\n\nArmy retakes Orlek bridge\n\n{BODY}"
    doc = _doc(tmp_path, text)
    assert (doc.published, doc.date_source) == (expected, "byline")


def test_ingest_wire_dateline_with_dashes(tmp_path: Path) -> None:
    text = "Army retakes Orlek bridge\n\nPORT ORLEK, Veloria — June 26, 2024 — " + BODY
    doc = _doc(tmp_path, text)
    assert (doc.published, doc.date_source) == (date(2024, 6, 26), "byline")


@pytest.mark.parametrize("dateline", ["PORT ORLEK (June 26, 2024) - ",
                                      "PORT ORLEK, Veloria (26 June 2024) — "])
def test_ingest_wire_dateline_with_bracketed_date(tmp_path: Path, dateline: str) -> None:
    text = "Army retakes Orlek bridge\n\n" + dateline + BODY
    doc = _doc(tmp_path, text)
    assert (doc.published, doc.date_source) == (date(2024, 6, 26), "byline")


def test_ingest_bracketed_year_after_a_name_is_no_dateline(tmp_path: Path) -> None:
    text = "Army retakes Orlek bridge\n\nThe Orlek Accord (2019) said little. " + BODY
    assert _doc(tmp_path, text).date_source != "byline"
