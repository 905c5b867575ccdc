"""Event extraction rules of round 4, on an invented conflict: events named only as a
time reference, status dates, ongoing activity, support accusations, another party's
account of the event just told, anaphoric place lists and who is the claimant."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.nlp.actors import packaged_actor_files
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

ACTORS = """
schema: 1
conflict: "Invented Lake Region war (test)"
actors:
  - name: Military Forces of Ostland
    side: Government
    inter: 1
    aliases: [Ostland army, Ostlandic troops]
  - name: Lake Liberation Army
    side: LLA
    inter: 2
    aliases: [Lake Liberation Army, LLA fighters]
    case_sensitive_aliases: [LLA]
  - name: Military Forces of Westmark
    side: Westmark
    inter: 8
    aliases: [Westmark air force]
"""

REPORT = """Lake Region: a week of fighting

On 4 May, LLA fighters attacked an army post near Garissa. The rebels said they had \
killed 25 soldiers.

On 5 May, the Ostland army said it had retaken Nakuru and Naivasha. On 6 May, LLA \
fighters recaptured the two towns, the LLA said.

On 7 May, the LLA countered by claiming that its fighters had ambushed an army convoy \
near Kitale.

On 6 May, the Ostland army captured Kitale and claimed control of the whole coast.

The army later said the town had fallen days after an attack by LLA fighters in Lamu.

As of 7 May, LLA fighters were battling the Ostland army in Malindi.

The LLA accused the Westmark air force of assisting the Ostland army with drone strikes \
in Malindi.

On 8 May, LLA fighters were still carrying out attacks around Malindi.

On 9 May, local journalists confirmed that Ostlandic troops had entered Kilifi.
"""


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> list:
    folder = tmp_path_factory.mktemp("lake4")
    (folder / "lake.yaml").write_text(ACTORS, encoding="utf-8")
    generic = [p for p in packaged_actor_files() if p.name == "generic.yaml"]
    extractor = make_extractor([folder / "lake.yaml", *generic])
    doc = Document(
        doc_id="lake4",
        doc_file="lake4.txt",
        path="lake4.txt",
        text=REPORT,
        published=date(2024, 5, 10),
        date_source="byline",
        kind="news",
    )
    return analyse_document(doc, extractor)


def _with(mentions: list, words: str) -> list:
    return [m for m in mentions if words in m.evidence]


def test_events_other_party_account_is_its_own_mention(mentions):
    (attack,) = _with(mentions, "attacked an army post")
    (account,) = _with(mentions, "had killed 25")
    assert account.event_date == attack.event_date == date(2024, 5, 4)
    assert account.location == attack.location
    assert account.claimant == "Lake Liberation Army"  # "the rebels": the group just named
    assert account.fatalities == 25 and attack.fatalities is None


def test_events_counted_place_anaphor_takes_the_places_named_before(mentions):
    retaken = _with(mentions, "had retaken Nakuru")
    assert sorted(m.location for m in retaken) == ["Naivasha", "Nakuru"]
    back = _with(mentions, "recaptured the two towns")
    assert sorted(m.location for m in back) == ["Naivasha", "Nakuru"]
    assert {m.event_date for m in back} == {date(2024, 5, 6)}


def test_events_claimant_of_by_claiming_and_not_of_a_second_act(mentions):
    (ambush,) = _with(mentions, "countered by")
    assert ambush.claimant == "Lake Liberation Army"
    (lamu,) = _with(mentions, "captured Kitale")
    assert lamu.claimant == ""  # "and claimed control": a second act, not the source


def test_events_reference_point_status_date_support_and_ongoing_are_not_events(mentions):
    assert not _with(mentions, "days after an attack")
    assert not _with(mentions, "were battling")
    assert not _with(mentions, "drone strikes")
    assert not _with(mentions, "still carrying out")


def test_events_neutral_confirmation_has_no_claimant(mentions):
    (kilifi,) = _with(mentions, "entered Kilifi") or [None]
    if kilifi is not None:
        assert kilifi.claimant == ""


def test_events_headline_is_not_an_event_of_the_publication_day(tmp_path):
    (tmp_path / "lake.yaml").write_text(ACTORS, encoding="utf-8")
    extractor = make_extractor([tmp_path / "lake.yaml"])
    title = "Clashes in Kitale between Ostland army and LLA"
    text = f"{title}\n\nOn 2 May, LLA fighters attacked an army post near Garissa.\n"
    doc = Document(
        doc_id="h",
        doc_file="h.txt",
        path="h.txt",
        text=text,
        title=title,
        published=date(2024, 5, 10),
        date_source="byline",
        kind="news",
    )
    found = analyse_document(doc, extractor)
    assert [m.event_date for m in found] == [date(2024, 5, 2)]
