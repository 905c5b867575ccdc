"""No silent drops: a dated lede is not a byline, an event nothing dates is still written
(blank date, tag ``undated``) and never merged onto a guessed day, a historical aside does
not date the story, and ``--published`` dates documents that state no date."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_mention
from sitrep.cli import cli
from sitrep.ingest import read_document
from sitrep.ingest.dates import latest_date
from sitrep.merge.events import merge
from sitrep.nlp.timex.narrative import Narrative

LEDE = "On 2 May 2024, gunmen killed five villagers in Garissa, Kenya.\n"
UNDATED_A = (
    "Gunmen killed four traders at a market in Mandera, Kenya, police said.\n\n"
    "Residents said the attackers fled towards the border after the killing.\n"
)
UNDATED_B = "Gunmen shot dead four traders at a market in Mandera, Kenya, a police officer said.\n"
DATED = (
    "MANDERA, Kenya, May 7, 2024 - Gunmen killed four traders at a market in Mandera on "
    "Monday, police said.\n"
)
ASIDE = (
    "Militants have raided Lamu county since 2011, and in 2014 they killed dozens of "
    "residents in Mpeketoni.\n\n"
    "On 12 March, gunmen attacked a police post in Lamu, Kenya, killing two officers.\n\n"
    "On 14 March 2024, police arrested three suspects in Lamu.\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- ingest and time: fast -----------------------------------------------------------------


def test_events_dated_lede_is_not_a_byline(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "lede.txt", LEDE))
    assert doc.furniture == ()  # the sentence is body text, not page furniture
    assert (doc.published, doc.date_source) == (date(2024, 5, 2), "latest-date-in-text")


def test_events_date_alone_on_its_line_is_still_a_byline(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "b.txt", "May 2, 2024\n\n" + UNDATED_A))
    assert (doc.published, doc.date_source) == (date(2024, 5, 2), "byline")


def test_events_backdrop_date_does_not_date_the_document() -> None:
    text = "Fighting has gone on since 7 October 2001. Police said two died on Monday."
    assert latest_date(text) is None
    assert latest_date(text + " On 3 May 2019 three more died.") == date(2019, 5, 3)


def test_events_published_option_dates_only_documents_without_a_date(tmp_path: Path) -> None:
    given = date(2024, 6, 1)
    plain = read_document(_write(tmp_path, "a.txt", UNDATED_A), published=given)
    assert (plain.published, plain.date_source, plain.stated_date) == (
        given, "build-option", given)
    bylined = read_document(_write(tmp_path, "b.txt", "May 2, 2024\n\n" + UNDATED_A),
                            published=given)
    assert (bylined.published, bylined.date_source) == (date(2024, 5, 2), "byline")


def test_events_old_year_aside_does_not_set_the_year_of_later_dates() -> None:
    story = Narrative(None, floor=date(2024, 3, 14))
    story.resolve("In 2014 they killed dozens of residents.")
    (day,) = story.resolve("On 12 March, gunmen attacked a police post.")
    assert day.date_from == date(2024, 3, 12)
    chronicle = Narrative(None, floor=date(2017, 7, 10))  # a year within the story's span
    chronicle.resolve("In 2016, the army began an offensive.")
    (day,) = chronicle.resolve("On 12 March, it took the airport.")
    assert day.date_from == date(2016, 3, 12)


def test_events_undated_mentions_merge_only_within_their_document() -> None:
    dated = make_mention("m1", doc="d1")
    same_doc = [make_mention(f"u{i}", doc="d2", day=None, time_precision=3, flags=["undated"])
                for i in (1, 2)]
    other_doc = make_mention("u3", doc="d3", day=None, time_precision=3, flags=["undated"])
    events = merge([dated, *same_doc, other_doc], semantic=False)
    groups = sorted(sorted(e.mention_ids) for e in events)
    assert groups == [["m1"], ["u1", "u2"], ["u3"]]
    assert [e.event_date is None for e in events] == [False, True, True]  # undated last
    assert all("undated" in e.tags for e in events if e.event_date is None)


# -- a real build: every event is written ------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("undated-in")
    for name, text in (("lede.txt", LEDE), ("a.txt", UNDATED_A), ("b.txt", UNDATED_B),
                       ("dated.txt", DATED), ("aside.txt", ASIDE)):
        _write(src, name, text)
    out = tmp_path_factory.mktemp("undated-out")
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_events_one_sentence_lede_is_extracted(built: Path) -> None:
    lede = [m for m in _rows(built / "mentions.csv") if m["doc_file"] == "lede.txt"]
    assert lede and {m["event_date"] for m in lede} == {"2024-05-02"}


def test_events_undated_event_is_written_with_a_blank_date(built: Path) -> None:
    mentions = _rows(built / "mentions.csv")
    undated = [m for m in mentions if m["doc_file"] in {"a.txt", "b.txt"}]
    assert {m["doc_file"] for m in undated} == {"a.txt", "b.txt"}
    assert all(m["event_date"] == "" and "undated" in m["tags"] for m in undated)
    events = {e["event_id_cnty"]: e for e in _rows(built / "events.csv")}
    ids = {m["event_id_cnty"] for m in undated}
    assert len(ids) == 2  # two documents: two events, not one on a guessed day
    for eid in ids:
        assert events[eid]["event_date"] == "" and events[eid]["year"] == ""
        assert "undated" in events[eid]["tags"].split("; ")
    dated = [m for m in mentions if m["doc_file"] == "dated.txt"]
    assert dated and dated[0]["event_id_cnty"] not in ids and dated[0]["event_date"]
    assert "Undated events" in (built / "report.html").read_text(encoding="utf-8")


def test_events_aside_year_does_not_make_the_story_history(built: Path) -> None:
    aside = [m for m in _rows(built / "mentions.csv") if m["doc_file"] == "aside.txt"]
    assert "2024-03-12" in {m["event_date"] for m in aside}


def test_events_published_option_dates_relative_days(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _write(src, "b.txt", "Gunmen shot dead four traders at a market in Mandera, Kenya, on "
                         "Tuesday, a police officer said.\n")
    result = CliRunner().invoke(
        cli, ["build", str(src), "--out", str(tmp_path / "out"), "-q", "--no-report",
              "--published", "2024-05-09"])
    assert result.exit_code == 0, result.output
    (m,) = _rows(tmp_path / "out" / "mentions.csv")
    assert (m["event_date"], m["tags"]) == ("2024-05-07", "")
