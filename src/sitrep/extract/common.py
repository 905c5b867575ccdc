"""Helpers every extractor shares: evidence spans and the day a fact is coded to."""

from __future__ import annotations

from datetime import date

from sitrep.records import Timex


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a sentence span to its non-space content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def coded_day(tx: Timex) -> date:
    """The day an event or statement is coded to: the stated day, or the middle of a
    vague period."""
    if tx.kind in {"absolute", "relative", "weekday", "range", "publication"}:
        return tx.date_from
    return tx.date_from + (tx.date_to - tx.date_from) / 2
