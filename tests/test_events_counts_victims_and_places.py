"""Two counts of one toll from two sources, the victims a following sentence names, and
the place two joined verbs share. Sentences written for these tests."""

from __future__ import annotations

import pytest

from conftest import first_mention as _one
from conftest import sentence_mentions as _mentions
from sitrep.extract.events.mention import _casualties
from sitrep.pipeline.analyse import make_extractor


@pytest.fixture(scope="module")
def extractor():
    return make_extractor()


@pytest.mark.parametrize(("text", "killed"), [
    # one toll, two sources: the lowest, with the highest as the upper bound
    ("The rebels said they killed 30 soldiers; the army said 4 soldiers died.", (4, 30)),
    ("Militants claimed 25 policemen were killed, while police put the toll at 6 "
     "policemen killed.", (6, 25)),
    # different people, or no second source: the figures add up
    ("Two soldiers were killed and three attackers were killed.", (5, 5)),
    ("Four soldiers were killed on Monday and two soldiers were killed on Tuesday.",
     (6, 6)),
])
def test_quantities_competing_counts_keep_the_lowest(text, killed):
    assert _casualties(text)["killed"] == killed


def test_events_competing_counts_give_the_event_the_lowest(extractor):
    m = _one(extractor, "Al Shabaab said it killed 40 soldiers near Dhobley, Somalia, on 1 "
                        "June 2021; the army said 7 soldiers died.")
    assert (m.fatalities, m.fatalities_high) == (7, 40)


def test_events_joined_verbs_share_the_place_the_second_names(extractor):
    # "Nyala" is nearer "killed" but belongs to the speakers, not to the act
    found = _mentions(extractor, "Residents of Nyala said RSF fighters beheaded five farmers "
                                 "and burned 20 homes in Tawila, North Darfur, on 1 June 2021.")
    attack = next(m for m in found if m.sub_event_type == "Attack")
    assert attack.place is not None and attack.place.name == "Tawila"


@pytest.mark.parametrize(("text", "actor2"), [
    # the blast's victims are told by the next sentence
    ("On 1 June 2021, an explosive device went off in Wajir town, Kenya. Three passengers "
     "were killed.", "Civilians (Kenya)"),
    ("On 1 June 2021, unidentified militants fired mortars into Mogadishu, Somalia. Two "
     "children were wounded.", "Civilians (Somalia)"),
    ("On 1 June 2021, Al Shabaab militants detonated a roadside bomb near Dhobley, "
     "Somalia. Four soldiers were killed.", "Military Forces of Somalia"),
])
def test_events_victims_told_next_become_actor2(extractor, text, actor2):
    m = _one(extractor, text)
    assert m.actor2.startswith(actor2)


def test_events_victims_told_next_never_replace_a_named_target(extractor):
    m = _one(extractor, "On 1 June 2021, Al Shabaab militants attacked a police station in "
                        "Mandera, Kenya. Two civilians were wounded.")
    assert m.actor2.startswith("Police Forces of Kenya")
