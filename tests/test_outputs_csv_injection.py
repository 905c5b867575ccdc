"""CSV cells a spreadsheet would run as formulas are neutralised; the store keeps the text."""

from __future__ import annotations

import csv
import io

import duckdb
import httpx

from sitrep.outputs.export import csv_cell
from sitrep.web import BackgroundServer, create_app

TITLE = '=HYPERLINK("http://example.test/x","Gang violence report")'


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_outputs_csv_cell_neutralises_formulas_not_numbers() -> None:
    for text in ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=x", "-", "- bullet"]:
        assert csv_cell(text) == "'" + text
    for value in ["-3.5", "+1", "-72.33881", "1e-5", "ok", "", "'quoted"]:
        assert csv_cell(value) == value
    assert csv_cell(-3.5) == "-3.50000" and csv_cell(-4) == "-4"


def test_outputs_csv_files_neutralise_formulas(formula_build) -> None:
    out = formula_build.out_dir
    docs = _rows((out / "documents.csv").read_text(encoding="utf-8"))
    assert [d["title"] for d in docs] == ["'" + TITLE]
    mentions = _rows((out / "mentions.csv").read_text(encoding="utf-8"))
    quoted = [m for m in mentions if m["evidence"].startswith("'@Reuters")]
    assert len(quoted) == 1
    events = _rows((out / "events.csv").read_text(encoding="utf-8"))
    located = [e for e in events if e["longitude"]]
    assert located and all(float(e["longitude"]) < 0 for e in located)  # numbers stay numbers
    assert all(e["longitude"].startswith("-") for e in located)
    for path in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                if cell.startswith("-"):
                    float(cell)  # only a negative number may start with "-"
    # the store keeps the exact text, and the evidence is still the exact span
    with duckdb.connect(str(out / "sitrep.duckdb"), read_only=True) as con:
        assert con.execute("SELECT title FROM documents").fetchall() == [(TITLE,)]
        text = con.execute("SELECT text FROM documents").fetchone()[0]
    m = quoted[0]
    assert "'" + text[int(m["char_start"]):int(m["char_end"])] == m["evidence"]


def test_web_csv_responses_neutralise_formulas(formula_build) -> None:
    with BackgroundServer(create_app(formula_build.out_dir)) as server:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            docs = client.get("/api/documents", params={"format": "csv"})
            events = client.get("/api/events", params={"format": "csv"})
    assert docs.status_code == 200 and events.status_code == 200
    assert [d["title"] for d in _rows(docs.text)] == ["'" + TITLE]
    assert events.text == (formula_build.out_dir / "events.csv").read_text(encoding="utf-8")
