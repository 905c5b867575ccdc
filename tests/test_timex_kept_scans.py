"""sitrep.nlp.timex.scan.scan_hits: a sentence's candidate expressions are scanned once per
process and lexicon; what they resolve to still depends on each document's own anchor
and narrative."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sitrep.nlp.timex import scan
from sitrep.nlp.timex.lexicon import load_time_lexicon
from sitrep.nlp.timex.narrative import Narrative

# Sentences written for this test.
SENTENCES = [
    "The convoy was ambushed on 4 March near the bridge.",
    "Between 2 and 5 May 2021 the road stayed closed.",
    "Elders met last Friday after Friday prayers.",
    "Three weeks later the garrison surrendered.",
    "Nothing in this sentence is a date.",
]


def test_timex_kept_scans_are_what_a_fresh_scan_finds() -> None:
    lex = load_time_lexicon()
    for text in SENTENCES:
        want = [(h.name, h.start, h.end) for h in scan._merge_ranges(text, scan._scan(text, lex))]
        first = scan.scan_hits(text, lex)
        assert [(h.name, h.start, h.end) for h in first] == want, text
        assert scan.scan_hits(text, lex) is first  # answered from what was kept


def test_timex_kept_scans_are_kept_per_lexicon() -> None:
    lex = load_time_lexicon()
    # a lexicon without the day-month pattern finds no "4 March"
    names = [name for name, _ in lex.patterns]
    keep = [i for i, name in enumerate(names) if name != "day_month"]
    other = replace(lex, patterns=tuple(lex.patterns[i] for i in keep),
                    pattern_needs=tuple(lex.pattern_needs[i] for i in keep))
    text = "The convoy was ambushed on 4 March near the bridge."
    assert any(h.name == "day_month" for h in scan.scan_hits(text, lex))
    assert not any(h.name == "day_month" for h in scan.scan_hits(text, other))
    assert any(h.name == "day_month" for h in scan.scan_hits(text, lex))


def test_timex_kept_scans_resolve_against_each_anchor() -> None:
    text = "The convoy was ambushed on 4 March near the bridge."
    first = Narrative(date(2021, 6, 1)).resolve(text)
    second = Narrative(date(2023, 6, 1)).resolve(text)
    assert [t.date_from for t in first] == [date(2021, 3, 4)]
    assert [t.date_from for t in second] == [date(2023, 3, 4)]
    assert Narrative(date(2021, 6, 1)).resolve(text, offset=100)[0].start == first[0].start + 100


def test_timex_kept_scans_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(scan, "_HITS_MAX", 3)
    lex = replace(load_time_lexicon())  # a lexicon of its own: its own kept answers
    for n in range(10):
        scan.scan_hits(f"Fighting resumed on {n + 1} May.", lex)
    assert len(scan._HITS[id(lex)][1]) <= 3
