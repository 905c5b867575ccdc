"""Later sentences that tell more of an event already found (its toll, its victims, "the
attack", "the blast") are mentions of their own, each with its quote and span, linked to
that event (``Mention.anchor``) so the merge puts them in the same event; a reference to
another event (an earlier date, another place) and deaths from illness or accidents are
not linked; the event gold lists follow-ups apart and scores them neither way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import make_mention, make_place
from sitrep.evaluation.events import GOLD_COLUMNS, load_gold, load_mentions, score
from sitrep.merge.events import merge
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document, Mention

FOLLOW_UP = "follow-up"


def _doc(doc_id: str, text: str, published: date | None = date(2024, 5, 4)) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt", text=text,
                    published=published, date_source="byline" if published else "none",
                    kind="news")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


def _linked(found: list[Mention], words: str) -> Mention:
    (m,) = [m for m in found if words in m.evidence]
    assert FOLLOW_UP in m.flags and m.anchor
    return m


def test_events_follow_up_toll_is_its_own_mention_of_the_same_event(extractor) -> None:
    text = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya. Police "
            "closed the road. Four passengers died of their wounds in hospital.\n")
    found = analyse_document(_doc("toll", text), extractor)
    (bomb,) = [m for m in found if "bomb exploded" in m.evidence]
    toll = _linked(found, "died of their wounds")
    assert toll.anchor == bomb.mention_id
    assert toll.evidence == text[toll.char_start:toll.char_end]
    assert toll.fatalities == 4
    assert (toll.event_type, toll.event_date, toll.location) == (
        bomb.event_type, bomb.event_date, bomb.location)
    (event,) = merge(found, semantic=False)
    assert sorted(event.mention_ids) == sorted([bomb.mention_id, toll.mention_id])
    assert event.fatalities == 4
    assert FOLLOW_UP not in event.tags


def test_events_follow_up_named_reference_links_to_the_event(extractor) -> None:
    text = ("On 3 May 2024, gunmen attacked a police post in Garissa, Kenya, killing two "
            "officers. The governor said the motive for the attack was unknown.\n")
    found = analyse_document(_doc("ref", text), extractor)
    ref = _linked(found, "motive for the attack")
    assert ref.fatalities is None  # no figure of its own
    assert len(merge(found, semantic=False)) == 1


def test_events_follow_up_not_for_an_earlier_event_or_another_place(extractor) -> None:
    text = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing "
            "three people. In 2019, a similar blast killed ten people. A bomb blast also "
            "hit a market in Kisumu, police said.\n")
    found = analyse_document(_doc("other", text), extractor)
    assert not [m for m in found if m.anchor and ("2019" in m.evidence
                                                  or "Kisumu" in m.evidence)]


def test_events_follow_up_not_for_illness_or_accidents(extractor) -> None:
    text = ("On 3 May 2024, a roadside bomb hit a police truck near Wajir, Kenya. Two "
            "officers later died of cholera. Another died in a car crash.\n")
    found = analyse_document(_doc("illness", text), extractor)
    assert [m.anchor for m in found] == [""]


def test_events_follow_up_not_without_an_event_told() -> None:
    text = "Two officers were wounded, police said. Their names were not released.\n"
    found = analyse_document(_doc("alone", text), make_extractor(model=False))
    assert not [m for m in found if m.anchor]


def test_reconcile_linked_mention_joins_its_anchor_and_does_not_vote() -> None:
    anchor = make_mention("a", sub_event_type="Attack", event_type="Violence against civilians")
    # a linked sentence another coder would read differently: it still joins its anchor
    # (never a new event), and does not outvote the anchor's sub-type
    linked = [make_mention(f"f{i}", place=make_place("Beta", admin2="Beta"),
                           sub_event_type="Armed clash", evidence=f"sentence {i}",
                           char_start=20 + i, anchor="a") for i in range(3)]
    other = make_mention("b", doc="d2", day=date(2021, 9, 9))
    for order in ([anchor, *linked, other], [*reversed(linked), other, anchor]):
        events = merge(order, semantic=False)
        assert sorted(len(e.mention_ids) for e in events) == [1, 4]
        big = next(e for e in events if len(e.mention_ids) == 4)
        assert big.sub_event_type == "Attack"


def test_reconcile_link_to_a_missing_mention_is_matched_like_any_other() -> None:
    a = make_mention("a")
    b = make_mention("b", doc="d2", anchor="gone")
    assert len(merge([a, b], semantic=False)) == 1


def test_events_eval_follow_up_is_listed_not_scored(tmp_path: Path) -> None:
    gold = tmp_path / "gold.csv"
    gold.write_text(",".join(GOLD_COLUMNS) + "\n" + (
        "e1,a.txt,gunmen attacked the post at dawn,2024-05-03,1,Battles,Armed clash,"
        "Gunmen,Police,,,Post,,,,false\n"), encoding="utf-8")
    header = ("mention_id,doc_file,event_date,event_type,sub_event_type,actor1,actor2,"
              "admin1,admin2,fatalities,claimant,disputed_by,evidence,tags\n")
    rows = ("m1,a.txt,2024-05-03,Battles,Armed clash,Gunmen,Police,,,,,,"
            "gunmen attacked the post at dawn,\n"
            "m2,a.txt,2024-05-03,Battles,Armed clash,Gunmen,Police,,,2,,,"
            "two officers were killed,follow-up\n"
            "m3,a.txt,2024-05-03,Battles,Armed clash,Gunmen,Police,,,,,,"
            "another sentence,\n")
    mentions = tmp_path / "mentions.csv"
    mentions.write_text(header + rows, encoding="utf-8")
    scores = score(load_gold(gold), load_mentions(mentions))
    assert (scores.tp, scores.fp, len(scores.follow_ups)) == (1, 1, 1)
