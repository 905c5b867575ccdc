"""Copies count as one source: near-copies (syndicated wire copies, republications with
another header or footer, small edits) are kept as documents, marked ``copy_of`` their
original, and counted once when the claims ledger decides ``confirmed``."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from conftest import make_mention
from sitrep.merge.copies import find_copies, source_keys
from sitrep.merge.events import merge
from sitrep.pipeline.run import build

ARTICLE = """Taliban fighters captured the district centre of Andarab in Baghlan province \
on 22 August 2021 after a day of heavy fighting with local resistance forces, residents \
and officials said.

The fighters entered the town from the south before dawn and raised their flag over the \
district governor's compound by midday, according to two residents reached by telephone.

Local militia commanders said they had withdrawn to the mountains east of the valley to \
avoid casualties among civilians, and vowed to return once they had regrouped with \
fighters from the neighbouring districts.

Aid workers said hundreds of families had fled toward the provincial capital, Pul-e \
Khumri, carrying what they could on foot and in trucks, and that food and medicine were \
running short in the camps along the main road.

A spokesman for the group said its forces had taken control of the area without harming \
anyone and urged government employees to return to work in the coming days."""

# small edits a republisher makes: a word here and there
EDITS = [("heavy", "fierce"), ("residents", "locals"), ("before dawn", "at dawn"),
         ("hundreds of", "many"), ("urged", "asked"), ("coming days", "next days"),
         ("running short", "scarce"), ("by telephone", "by phone")]


def _copy(n: int) -> str:
    """The article as outlet ``n`` republishes it: its own header and footer, two edits."""
    text = ARTICLE
    for old, new in (EDITS[n % len(EDITS)], EDITS[(3 * n + 1) % len(EDITS)]):
        text = text.replace(old, new, 1)
    return (f"Regional Wire Service {n}\n\nPublished 23 August 2021\n\n{text}\n\n"
            f"Copyright 2021 Regional Wire Service {n}. Republished under licence.")


INDEPENDENT = """Fighting in the north of Afghanistan left dozens dead this week as Taliban \
units pushed into the Andarab valley, a report by an aid agency said on Tuesday. The \
agency counted several thousand displaced people in Baghlan and appealed for access to \
the worst-hit villages, where clinics have closed and roads remain blocked by the \
fighting. Its staff described shortages of water and shelter in makeshift camps."""


def test_merge_copies_near_copies_group_under_their_earliest_original():
    docs = [(f"doc{n:02d}", date(2021, 8, 23 + (n == 7) * -1), _copy(n)) for n in range(30)]
    docs.append(("zindep", date(2021, 8, 22), INDEPENDENT))
    copies = find_copies(docs)
    # doc07 was published first: it is the original, the 29 others its copies
    assert copies == {f"doc{n:02d}": "doc07" for n in range(30) if n != 7}
    shuffled = docs[:]
    random.Random(5).shuffle(shuffled)
    assert find_copies(shuffled) == copies  # independent of input order
    # same date: the lowest id is the original
    same_day = [(d, date(2021, 8, 23), t) for d, _, t in docs[:3]]
    assert find_copies(same_day) == {"doc01": "doc00", "doc02": "doc00"}


def test_merge_copies_trimmed_wire_copy_is_a_copy_but_a_quoting_report_is_not():
    paragraphs = ARTICLE.split("\n\n")
    trimmed = "\n\n".join(paragraphs[:4])  # the republisher cut the last paragraph
    quoting = "\n\n".join([INDEPENDENT] * 1 + [ARTICLE] + [
        f"Analysis {k}: " + INDEPENDENT.replace("Tuesday", f"day {k}") for k in range(6)])
    docs = [("a", date(2021, 8, 23), ARTICLE), ("b", date(2021, 8, 24), trimmed),
            ("c", date(2021, 8, 25), quoting), ("d", None, paragraphs[0])]
    assert find_copies(docs) == {"b": "a"}


def test_merge_copies_count_as_one_source_in_the_ledger():
    """30 outlets republishing one story: one independent source, not 'confirmed'."""
    mentions = [make_mention(f"m{n}", doc=f"doc{n:02d}") for n in range(30)]
    publishers = {f"doc{n:02d}": f"Outlet {n}" for n in range(30)}
    (e,) = merge(mentions, publishers=publishers, semantic=False)
    assert e.status == "confirmed"  # 30 outlets, each counted, without copy detection
    copies = {f"doc{n:02d}": "doc00" for n in range(1, 30)}
    sources = source_keys(publishers, publishers, copies)
    (e,) = merge(mentions, publishers=sources, semantic=False)
    assert e.status == "reported" and len(e.doc_ids) == 30
    (c,) = [c for c in e.claims if c.subject == "event"]
    assert c.status == "reported"


def test_merge_copies_build_30_near_copies_are_one_independent_source(tmp_path: Path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(30):
        (corpus / f"story-{n:02d}.txt").write_text(_copy(n), encoding="utf-8")
    result = build([corpus], tmp_path / "out", report=False)

    def rows(name: str) -> list[dict[str, str]]:
        with result.outputs[name].open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    docs = rows("documents")
    assert len(docs) == 30 and all(d["status"] == "ok" for d in docs)  # all kept
    originals = [d for d in docs if not d["copy_of"]]
    assert len(originals) == 1
    assert {d["copy_of"] for d in docs} == {"", originals[0]["doc_id"]}
    events = rows("events")
    capture = [e for e in events if len(e["doc_ids"].split(";")) >= 20]
    assert capture, "the capture is found in the copies"
    for e in capture:
        assert int(e["sources_count"]) >= 20 and e["independent_sources"] == "1"
        assert e["status"] != "confirmed"
    claims = [c for c in rows("claims") if c["event_id_cnty"] == capture[0]["event_id_cnty"]]
    assert claims and all(c["independent_sources"] == "1" for c in claims)
    assert all(c["status"] != "confirmed" for c in claims)
    assert list(events[0])[-1] == "independent_sources"  # appended: old columns keep place
    assert list(docs[0])[-1] == "copy_of"
