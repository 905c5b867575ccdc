"""The merge-quality score of ``sitrep eval events``: gold event_key vs system events."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from sitrep.evaluation.events import GoldRow, SystemRow, load_mentions, score


def _gold(key: str, doc: str, line: int) -> GoldRow:
    return GoldRow(
        line=line,
        event_key=key,
        doc_file=doc,
        quote=f"quote {line}",
        event_date=date(2024, 5, 1),
        time_precision=1,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Red Army",
        actor2="",
        admin1="",
        admin2="",
        location="",
        fatalities=None,
        captured=None,
        claimant="",
        disputed=False,
    )


def _system(event: str, doc: str, line: int) -> SystemRow:
    return SystemRow(
        line=line,
        doc_file=doc,
        event_date=date(2024, 5, 1),
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Red Army",
        actor2="",
        admin1="",
        admin2="",
        fatalities=None,
        claimant="",
        disputed=False,
        evidence=f"quote {line}",
        event_id=event,
    )


def test_events_eval_merge_pairwise_precision_recall() -> None:
    # gold: {1,2,3} one event, {4} another; system: {1,2} E1, {3,4} E2
    gold = [
        _gold("k1", "a.txt", 1),
        _gold("k1", "b.txt", 2),
        _gold("k1", "c.txt", 3),
        _gold("k2", "d.txt", 4),
    ]
    system = [
        _system("E1", "a.txt", 1),
        _system("E1", "b.txt", 2),
        _system("E2", "c.txt", 3),
        _system("E2", "d.txt", 4),
        _system("E2", "e.txt", 5),
    ]  # not in the gold documents: ignored
    s = score(gold, system)
    assert s.merge_counts == (1, 1, 2)
    assert s.merge_precision == pytest.approx(0.5)
    assert s.merge_recall == pytest.approx(1 / 3)
    assert s.merge_f1 == pytest.approx(0.4)
    line = next(x for x in s.format(details=False).splitlines() if x.strip().startswith("merge"))
    assert "P 0.500" in line and "R 0.333" in line and "F1 0.400" in line


def test_events_eval_merge_blank_ids_are_singletons_and_empty_is_perfect() -> None:
    gold = [_gold("", "a.txt", 1), _gold("", "b.txt", 2)]
    system = [_system("", "a.txt", 1), _system("", "b.txt", 2)]
    s = score(gold, system)
    assert s.merge_counts == (0, 0, 0)
    assert (s.merge_precision, s.merge_recall) == (1.0, 1.0)


def test_events_eval_merge_reads_event_ids_from_mentions_csv(tmp_path: Path) -> None:
    path = tmp_path / "mentions.csv"
    cols = [
        "doc_file",
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "fatalities",
        "claimant",
        "disputed_by",
        "evidence",
    ]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerow(
            [
                "a.txt",
                "XYZ7",
                "2024-05-01",
                "Battles",
                "Armed clash",
                "Red Army",
                "",
                "",
                "",
                "",
                "",
                "",
                "text",
            ]
        )
    assert load_mentions(path)[0].event_id == "XYZ7"
