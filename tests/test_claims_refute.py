"""The refute rule, both directions: a claim is refuted only when a credible report about
the same fact contradicts it (ACLED's and fact-checkers' sense), never by a later
confirmation, a counter-claim or a report after the place changed hands."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_mention, make_place
from sitrep.merge.claims import REFUTED_BY
from sitrep.merge.events import merge
from sitrep.records import ControlStatement

SIDES = {"Red Army": "Red", "Blue Front": "Blue", "Blue Militia": "Blue"}
TAKE = "Non-state actor overtakes territory"
CLAIMED_ON = date(2021, 9, 3)


def _claim():
    """Red Army claims (its own word only) to have taken Alpha district on 3 September."""
    return make_mention("a", day=CLAIMED_ON, sub_event_type=TAKE, claimant="Red Army",
                        evidence="The Red Army said it had captured Alpha.")


def _holds(who: str, day: date, place=None, **kw) -> ControlStatement:
    fields = dict(
        statement_id=f"st-{who[:3]}{day.day}",
        doc_id="d9",
        doc_file="d9.txt",
        place=place or make_place(),
        controller=who,
        kind="holds",
        date=day,
        time_precision=1,
        char_start=0,
        char_end=4,
        evidence="text",
    )
    fields.update(kw)
    return ControlStatement(**fields)


def _first(mentions, statements):
    events = merge(mentions, sides=SIDES, statements=statements, semantic=False)
    return min(events, key=lambda e: (e.event_date, e.event_id_cnty))


def _control(event):
    (c,) = [c for c in event.claims if c.subject == "control"]
    return c


def test_claims_claim_contradicted_by_a_firm_report_of_the_other_side_is_refuted():
    e = _first([_claim()], [_holds("Blue Front", date(2021, 9, 4))])
    c = _control(e)
    assert c.status == "refuted" and e.status == "refuted"
    assert c.disputed_by == [f"{REFUTED_BY}st-Blu4 (Blue Front held Alpha)"]
    assert e.disputed_by == []  # a refutation is not a party's denial
    # a report about a place inside the claimed one contradicts it as well
    town = make_place("Alpha Bazaar", admin2="Alpha", feature="village")
    assert _control(_first([_claim()], [_holds("Blue Militia", CLAIMED_ON, town)])).status \
        == "refuted"


@pytest.mark.parametrize(
    ("why", "mentions", "statements"),
    [
        ("later confirmation by the same side",
         [make_mention("b", doc="d2", day=date(2021, 9, 5), sub_event_type=TAKE)], []),
        ("the same side reported holding it", [], [_holds("Red Army", date(2021, 9, 4))]),
        ("a counter-claim by a party", [],
         [_holds("Blue Front", date(2021, 9, 4), by_party=True, claimant="Blue Front")]),
        ("a hedged report", [], [_holds("Blue Front", date(2021, 9, 4), hedged=True)]),
        ("a report from before the claim", [], [_holds("Blue Front", date(2021, 9, 2))]),
        ("a report outside the window", [], [_holds("Blue Front", date(2021, 9, 9))]),
        ("a share of the place", [],
         [_holds("Blue Front", date(2021, 9, 4), kind="share", share_low=30, share_high=30)]),
        ("another place", [],
         [_holds("Blue Front", date(2021, 9, 4), make_place("Beta", admin2="Beta"))]),
        ("the province around it", [],
         [_holds("Blue Front", date(2021, 9, 4), make_place("North", admin2=None,
                                                            feature="province"))]),
        # retaken in between: the place changed hands, both reports can be true
        ("a capture in between",
         [make_mention("b", doc="d2", day=date(2021, 9, 4), sub_event_type=TAKE,
                       actor1="Blue Front", actor2="Red Army")],
         [_holds("Blue Front", date(2021, 9, 5))]),
    ],
)
def test_claims_claim_is_not_refuted_without_contrary_firm_evidence(why, mentions, statements):
    e = _first([_claim(), *mentions], statements)
    assert _control(e).status != "refuted", why
    assert e.status != "refuted", why


def test_claims_reported_capture_is_never_refuted_only_claims_are():
    firm = make_mention("a", day=CLAIMED_ON, sub_event_type=TAKE)  # an outlet states it
    e = _first([firm], [_holds("Blue Front", date(2021, 9, 4))])
    assert _control(e).status == "reported"
