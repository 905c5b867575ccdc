"""sitrep.nlp.timex.Narrative: narrative carry-over and year inference across sentences."""

from __future__ import annotations

from datetime import date

from sitrep.nlp.timex import Narrative


def dates(nar: Narrative, text: str) -> list[date]:
    return [t.date_from for t in nar.resolve(text)]


def test_timex_relative_days_chain_from_the_last_explicit_day() -> None:
    nar = Narrative(date(2021, 9, 30))
    assert dates(nar, "On 31 August, insurgents entered the district.") == [date(2021, 8, 31)]
    assert dates(nar, "The next day they seized the bridge.") == [date(2021, 9, 1)]
    assert dates(nar, "Two days later the army counterattacked.") == [date(2021, 9, 3)]
    assert dates(nar, "The previous day, a convoy had been ambushed.") == [date(2021, 9, 2)]
    assert dates(nar, "That same day the governor fled.") == [date(2021, 9, 2)]
    assert dates(nar, "Three days later talks began.") == [date(2021, 9, 5)]
    assert dates(nar, "Later on the 20th, a truce was agreed.") == [date(2021, 9, 20)]


def test_timex_relative_without_narrative_is_dropped() -> None:
    assert Narrative(date(2021, 9, 30)).resolve("The following day, shelling resumed.") == []


def test_timex_year_inferred_across_new_year() -> None:
    nar = Narrative(date(2022, 3, 1))
    assert dates(nar, "On 20 December 2021, the rebels attacked.") == [date(2021, 12, 20)]
    assert dates(nar, "On 2 January, they attacked again.") == [date(2022, 1, 2)]
    assert dates(nar, "On 28 December, a truce had briefly held.") == [date(2021, 12, 28)]


def test_timex_year_inference_never_after_anchor() -> None:
    nar = Narrative(date(2021, 12, 31))
    nar.resolve("On 20 December 2021, the rebels attacked.")
    # 2 January 2022 would be after publication: the earlier year is chosen.
    assert dates(nar, "On 2 January, the first raid had happened.") == [date(2021, 1, 2)]


def test_timex_year_inferred_backwards_from_narrative() -> None:
    nar = Narrative(None)
    nar.resolve("On 5 September 2021 the valley fell.")
    assert dates(nar, "On 17 August, resistance had formed.") == [date(2021, 8, 17)]
    assert dates(nar, "In December, guerrilla raids began.") == [date(2021, 12, 1)]


def test_timex_month_with_year_sets_reference_for_later_days() -> None:
    nar = Narrative(date(2024, 6, 1))
    assert dates(nar, "In November 2023, the offensive stalled.") == [date(2023, 11, 1)]
    assert dates(nar, "On 14 November, a brigade withdrew.") == [date(2023, 11, 14)]


def test_timex_year_with_anchor_only() -> None:
    nar = Narrative(date(2023, 1, 10))
    assert dates(nar, "On 28 December, gunmen killed villagers.") == [date(2022, 12, 28)]


def test_timex_no_anchor_no_narrative_cannot_guess_year() -> None:
    assert Narrative(None).resolve("On 5 March, militants attacked.") == []


def test_timex_weekday_without_anchor_follows_narrative() -> None:
    nar = Narrative(None)
    nar.resolve("The raid came on Thursday, 2 September 2021.")
    assert dates(nar, "On Sunday, the rebels regrouped.") == [date(2021, 9, 5)]


def test_timex_weekday_with_anchor_ignores_narrative() -> None:
    nar = Narrative(date(2022, 4, 6))  # Wednesday
    nar.resolve("On 1 March, the siege began.")
    assert dates(nar, "On Tuesday, shelling hit the plant.") == [date(2022, 4, 5)]
    assert dates(nar, "The next day, residents fled.") == [date(2022, 4, 6)]


def test_timex_range_end_moves_narrative() -> None:
    nar = Narrative(date(2022, 5, 1))
    nar.resolve("Between 10 and 12 April, troops shelled the town.")
    assert dates(nar, "The following day, they withdrew.") == [date(2022, 4, 13)]


def test_timex_backdrop_dates_leave_the_narrative_alone() -> None:
    nar = Narrative(date(2021, 10, 31))
    assert dates(nar, "The town, held by rebels since August 2020, was retaken.") == [
        date(2020, 8, 1)]
    assert dates(nar, "On 29 August, fighters entered the village.") == [date(2021, 8, 29)]


def test_timex_coming_month_may_follow_the_document_date() -> None:
    nar = Narrative(date(2024, 7, 29))
    assert dates(nar, "Foreign troops will leave by the end of August.") == [date(2024, 8, 21)]
    # an outlook does not move the story's time: the next day-date is this year's
    assert dates(nar, "On 20 March, rebels ambushed a patrol.") == [date(2024, 3, 20)]


def test_timex_year_from_the_later_of_month_and_day_context() -> None:
    nar = Narrative(date(2022, 9, 30))
    dates(nar, "In January, the first attacks were reported.")
    assert dates(nar, "On 8 February, a patrol struck a mine.") == [date(2022, 2, 8)]
    assert dates(nar, "On 25 July, fighters attacked an army post.") == [date(2022, 7, 25)]


def test_timex_weekday_naming_prayers_is_no_date() -> None:
    nar = Narrative(date(2022, 11, 14))
    assert dates(nar, "On 30 September, police fired on worshippers after Friday prayers.") == [
        date(2022, 9, 30)]
    assert dates(nar, "Two days later, police stormed a university.") == [date(2022, 10, 2)]
