"""Cross-document merging end to end, on a small invented corpus, in any file order."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from sitrep.pipeline.run import build

DOCS = {
    "courier": (
        "Clashes in Chaparhar leave fighters dead\n\n"
        "Published 14 March 2023 by the Eastern Courier\n\n"
        "On 12 March 2023, Taliban forces clashed with Islamic State Khorasan militants in "
        "Chaparhar district of Nangarhar province. Local officials said 9 militants were "
        "killed in the fighting.\n"
    ),
    "wire": (
        "Islamic State says it repelled assault near Jalalabad\n\n"
        "Published 15 March 2023 by the Frontier Wire\n\n"
        "On 12 March 2023, Islamic State Khorasan fighters fought Taliban troops in Chaparhar "
        "district, Nangarhar, and killed 25 of them, the group claimed. The Taliban denied "
        "the claim.\n"
    ),
    "herald": (
        "Fighting reported in the south\n\n"
        "Published 13 March 2023 by the Southern Herald\n\n"
        "On 12 March 2023, Taliban forces clashed with Islamic State Khorasan militants in "
        "Dand district of Kandahar province. Residents said the fighting lasted several hours "
        "and shops in the district bazaar stayed closed.\n"
    ),
}


def _build(root: Path, seed: int) -> list[dict[str, str]]:
    names = list(DOCS)
    random.Random(seed).shuffle(names)
    src = root / f"in{seed}"
    src.mkdir()
    for i, name in enumerate(names):
        (src / f"{i:02d}_{random.Random(seed + i).randrange(10**6)}.txt").write_text(
            DOCS[name], encoding="utf-8"
        )
    out = root / f"out{seed}"
    build([src], out, report=False)
    with (out / "events.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> list[list[dict[str, str]]]:
    root = tmp_path_factory.mktemp("merge")
    return [_build(root, seed) for seed in (1, 2)]


def test_reconcile_corpus_merges_the_two_reports_and_keeps_the_third_apart(builds):
    events = builds[0]
    assert len(events) == 2
    (same,) = [e for e in events if e["admin2"] == "Chaparhar"]
    (other,) = [e for e in events if e["admin2"] != "Chaparhar"]
    assert same["sources_count"] == "2" and len(same["doc_ids"].split(";")) == 2
    assert same["status"] == "contested" and "Taliban" in same["disputed_by"]
    assert other["sources_count"] == "1" and other["admin1"] != "Nangarhar"


def test_reconcile_corpus_result_does_not_depend_on_file_order(builds):
    def key(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
        return [(r["event_id_cnty"], r["doc_ids"], r["status"], r["admin2"]) for r in rows]

    assert key(builds[0]) == key(builds[1])
