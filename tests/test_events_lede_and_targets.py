"""ACLED codebook rules for short reports: the lede's event is kept without a date or place
of its own, a headline-only report is read, attacks on villages, camps or community members
target civilians, fights between crowds of ordinary people are mob violence, a denied harm
leaves property destruction, a calm protest met with force is an intervention, explosions
that harm unarmed people target civilians, crowd killings are counted, and a bare figure
joined to a passive casualty count does not crash. Invented one-line reports."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.quantities import find_casualties
from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document, Mention


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(packaged_actor_files())


def _mentions(extractor, text: str, *, dated: bool = True, title: str | None = None
              ) -> list[Mention]:
    """sitrep's mentions of ``text`` (a news report, dated by its byline unless not)."""
    doc = Document(doc_id=str(abs(hash((text, dated, title)))), doc_file="r.txt", path="r.txt",
                   text=text, title=title, published=date(2021, 6, 1) if dated else None,
                   date_source="byline" if dated else "none", kind="news")
    return analyse_document(doc, extractor)


def _subs(extractor, text: str) -> list[str]:
    return [m.sub_event_type for m in _mentions(extractor, text)]


def test_events_lede_needs_no_date_or_place_of_its_own(extractor) -> None:
    found = _mentions(extractor, "Gunmen shot dead a shopkeeper outside his home.", dated=False)
    assert [m.sub_event_type for m in found] == ["Attack"]
    assert found[0].event_date is None and "undated" in found[0].flags


def test_events_later_unanchored_sentence_is_still_a_passing_mention(extractor) -> None:
    text = ("On 2 May 2021, soldiers clashed with rebels in Kandahar, Afghanistan. "
            "Such fighting has often killed people.")
    found = _mentions(extractor, text)
    assert [m.evidence.split()[0] for m in found] == ["On"]


def test_events_headline_only_report_is_read(extractor) -> None:
    text = "Gunmen shoot dead a shopkeeper in a market"
    assert [m.sub_event_type for m in _mentions(extractor, text, title=text)] == ["Attack"]
    # a headline told again in the body is still skipped (the body tells it, dated)
    body = text + "\n\nOn 3 May 2021, gunmen shot dead a shopkeeper in a market in Kandahar."
    found = _mentions(extractor, body, title=text)
    assert len(found) == 1 and found[0].char_start > len(text)


@pytest.mark.parametrize(("text", "sub"), [
    ("On 3 May 2021, gunmen attacked a herders' camp and wounded three people.", "Attack"),
    ("On 3 May 2021, militants attacked the village and killed four people.", "Attack"),
    ("On 4 May 2021, gunmen killed two members of the herding community.", "Attack"),
    ("On 3 May 2021, militants attacked an army camp.", "Armed clash"),
    ("On 4 May 2021, gunmen killed two members of the militia.", "Armed clash"),
])
def test_events_attack_on_civilians_place_or_community_is_no_battle(
        extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


@pytest.mark.parametrize(("text", "sub"), [
    ("On 5 May 2021, farmers and herders clashed over a damaged field.", "Mob violence"),
    ("On 6 May 2021, a group beat a suspected thief at the market.", "Mob violence"),
    ("On 6 May 2021, two brothers assaulted a neighbour at the market.", "Mob violence"),
    ("On 7 May 2021, soldiers clashed with rebels near the border.", "Armed clash"),
    ("On 7 May 2021, an armed group attacked a police post.", "Armed clash"),
])
def test_events_fights_between_ordinary_people_are_mob_violence(extractor, text, sub) -> None:
    assert _subs(extractor, text)[:1] == [sub]


def test_events_denied_harm_leaves_property_destruction(extractor) -> None:
    denied = ("On 8 May 2021, militants attacked and burned the town hall; no casualties "
              "were reported.")
    assert _subs(extractor, denied)[:1] == ["Looting/property destruction"]
    harmed = "On 8 May 2021, militants attacked and burned the town hall, killing two guards."
    assert _subs(extractor, harmed)[:1] != ["Looting/property destruction"]


def test_quantities_bare_figure_joined_to_a_passive_count_does_not_crash() -> None:
    found = find_casualties("Between 5 and 3 soldiers were killed.")
    assert [(c.kind, c.subject) for c in found] == [("killed", "soldiers")]


@pytest.mark.parametrize(("text", "killed"), [
    ("A mob lynched two suspected cattle thieves.", 2),
    ("Residents lynched a suspected thief.", 1),
    ("Two suspected robbers were lynched by residents.", 2),
    ("A crowd stoned to death a man accused of theft.", 1),
])
def test_quantities_crowd_killings_are_counted(text, killed) -> None:
    found = [c for c in find_casualties(text) if c.kind == "killed"]
    assert [c.low for c in found] == [killed]


def test_events_calm_protest_met_with_force_is_an_intervention(extractor) -> None:
    text = ("On 10 May 2021, teachers held a peaceful march in the capital. "
            "Police blocked the protesters near the ministry.")
    assert _subs(extractor, text)[:1] == ["Protest with intervention"]
    calm = ("On 10 May 2021, teachers held a peaceful march in the capital. "
            "Some protesters threw stones.")
    assert _subs(extractor, calm)[:1] == ["Peaceful protest"]


def test_events_explosion_harming_unarmed_people_targets_civilians(extractor) -> None:
    found = _mentions(extractor, "On 11 May 2021, a bomb exploded at a bus stop and one "
                                 "person was injured.")
    assert found and found[0].actor2.startswith("Civilians")
    armed = _mentions(extractor, "On 11 May 2021, a bomb exploded at a checkpoint and two "
                                 "soldiers were injured.")
    assert armed and not armed[0].actor2.startswith("Civilians")
