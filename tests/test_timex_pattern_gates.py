"""sitrep.nlp.timex.scan: a sentence without a digit or a capitalised month name skips the
patterns that need one, and finds exactly what trying every pattern finds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitrep.nlp.timex.lexicon import load_time_lexicon
from sitrep.nlp.timex.scan import _present, _scan

SENTENCES = [
    "Fighters may march on the capital in the spring, a commander said.",
    "The convoy was ambushed on 4 March near the bridge.",
    "Between 2 and 5 May 2021 the road stayed closed.",
    "Officials said 2000 fighters crossed the border in 2019.",
    "Elders met last Friday after Friday prayers.",
    "The market in the old quarter burned in the late 1990s.",
    "Three weeks later the garrison surrendered.",
    "OMAR 2001 was painted on the wall.",
    "Omar 2001 was painted on the wall.",
    "The decree of December was read on the 3rd.",
    "Shelling resumed on Sept. 5 and again two days later.",
    "Students marched through the market on Tuesday morning.",
    "In early May the militia took the pass.",
    "In may the militia took the pass, they said.",
]


def _ungated():
    lex = load_time_lexicon()
    return replace(lex, pattern_needs=tuple(frozenset() for _ in lex.patterns))


@pytest.mark.parametrize("text", SENTENCES)
def test_timex_gates_find_what_every_pattern_finds(text: str) -> None:
    lex = load_time_lexicon()
    got = [(h.name, h.start, h.end) for h in _scan(text, lex)]
    want = [(h.name, h.start, h.end) for h in _scan(text, _ungated())]
    assert got == want


def test_timex_gates_see_digits_and_capitalised_months() -> None:
    lex = load_time_lexicon()
    assert _present("Fighters may march on the capital.", lex) == frozenset()
    assert _present("They left in March.", lex) == {"month"}
    assert _present("OMAR was there.", lex) == {"month"}  # a pattern may start a name anywhere
    assert _present("In 2019 they left.", lex) == {"digit"}
    # the lower-case 'may' comes first and does not hide the capitalised name after it
    assert _present("They may leave by May.", lex) == {"month"}


def test_timex_gates_skip_month_patterns_without_a_month() -> None:
    lex = load_time_lexicon()
    names = {name for (name, _), need in zip(lex.patterns, lex.pattern_needs, strict=True)
             if "month" in need}
    assert {"day_month", "month_day", "month_year", "month"} <= names
    assert not any(h.name in names for h in _scan("They may march on 4 june 2020.", lex))
