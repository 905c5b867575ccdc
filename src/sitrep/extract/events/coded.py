"""A figure the text itself says was coded: "Fatalities coded as 0 (VoJ reported 2)",
"Unknown fatalities coded as 10". Event notes written by coders (ACLED's ``notes``, a
user's own coding log) state the fatality figure their dataset records, which may differ
from the figures the sentence reports (a party's unverified claim); that statement wins
for the event told just before it in the same paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sitrep.records import Mention

# "fatalities coded as 0", "fatalities were coded as 3", "coded as 10 fatalities"
_CODED = re.compile(
    r"\bfatalit(?:y|ies)\s+(?:(?:were|was|are|is|have\s+been|has\s+been)\s+)?coded\s+as\s+"
    r"(\d{1,5})\b|\bcoded\s+as\s+(\d{1,5})\s+fatalit(?:y|ies)\b",
    re.IGNORECASE,
)


def coded_fatalities(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with the coded fatality figure of each statement applied to the
    mentions told before it in its paragraph (after any earlier statement)."""
    out = list(mentions)
    last = 0
    for m in _CODED.finditer(text):
        value = int(m.group(1) or m.group(2))
        para = text.rfind("\n\n", 0, m.start()) + 1
        start = max(para, last)
        for i, mention in enumerate(out):
            if start <= mention.char_start < m.start():
                out[i] = replace(mention, fatalities=value, fatalities_high=None)
        last = m.end()
    return out
