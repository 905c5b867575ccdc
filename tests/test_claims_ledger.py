"""The claims ledger: one row per assertion, and the single source of event status."""

from __future__ import annotations

from datetime import date

from conftest import make_mention, make_place
from sitrep.merge.events import merge

SIDES = {"Red Army": "Red", "Blue Front": "Blue"}
TAKE = "Government regains territory"


def _claims(event, subject):
    return [c for c in event.claims if c.subject == subject]


def test_claims_one_party_undisputed_is_claimed():
    (e,) = merge([make_mention("a", claimant="Red Army")], sides=SIDES)
    (c,) = _claims(e, "event")
    assert (c.claimant, c.status, c.reported_by) == ("Red Army", "claimed", ["d1"])
    assert e.status == "claimed" and e.claimed_by == ["Red Army"]


def test_claims_two_outlets_confirm_but_one_outlet_twice_does_not():
    a = make_mention("a", doc="d1")
    b = make_mention("b", doc="d2")
    (e,) = merge([a, b], publishers={"d1": "Outlet A", "d2": "Outlet B"})
    assert e.status == "confirmed"
    (e,) = merge([a, b], publishers={"d1": "Outlet A", "d2": "Outlet A"})
    assert e.status == "reported"


def test_claims_both_sides_agreeing_confirm_a_figure():
    a = make_mention("a", captured=40, claimant="Red Army")
    b = make_mention("b", doc="d1", char_start=50, captured=40, claimant="Blue Front")
    (e,) = merge([a, b], sides=SIDES, publishers={"d1": "Outlet A"})
    statuses = {c.claimant: c.status for c in _claims(e, "captured")}
    assert statuses == {"Red Army": "confirmed", "Blue Front": "confirmed"}
    assert e.captured == 40


def test_claims_denial_contests_and_figures_come_from_the_ledger():
    a = make_mention("a", doc="d1", fatalities=12, claimant="Red Army")
    b = make_mention("b", doc="d2", fatalities=30, fatalities_high=35, disputed_by="Blue Front")
    (e,) = merge([a, b], sides=SIDES)
    assert e.status == "contested" and e.disputed_by == ["Blue Front"]
    values = sorted((c.value, c.claimant) for c in _claims(e, "fatalities"))
    assert values == [("12", "Red Army"), ("30-35", "")]
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (12, 12, 35)
    assert all(c.quote == "0123456789" and c.doc_id in ("d1", "d2") for c in e.claims)


def test_claims_capture_claimed_then_reported_later_is_not_refuted():
    """Later confirmation is not refutation: the same side reported taking the place the
    next days does not make its earlier claim false (the claim may only have been early)."""
    province = make_place("North", admin2=None, feature="province")
    early = make_mention(
        "a",
        day=date(2021, 9, 3),
        place=province,
        sub_event_type=TAKE,
        claimant="Red Army",
        actor2="Blue Front",
    )
    later = make_mention("b", doc="d2", day=date(2021, 9, 6), sub_event_type=TAKE)
    events = merge([early, later], sides=SIDES)
    first, second = sorted(events, key=lambda e: e.event_date)
    assert first.status == "claimed" and second.status == "reported"
    (control,) = _claims(first, "control")
    assert control.value == "Red Army" and control.status == "claimed"
    assert control.disputed_by == [] and first.disputed_by == []


def test_claims_a_broader_later_capture_does_not_refute_a_district_claim():
    province = make_place("North", admin2=None, feature="province")
    early = make_mention("a", day=date(2021, 9, 3), sub_event_type=TAKE, claimant="Red Army")
    later = make_mention("b", doc="d2", day=date(2021, 9, 6), place=province, sub_event_type=TAKE)
    first, _ = sorted(merge([early, later], sides=SIDES), key=lambda e: e.event_date)
    assert first.status == "claimed"
