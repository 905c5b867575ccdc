"""An event named inside a reference frame is referred to, not reported: what someone is
charged, tried or convicted for, what is investigated, commemorated or reacted to, the
measured time reference of another statement ("in the weeks following the bombing"),
events of a kind ("such attacks"), a weapon made or placed. Such a sentence is no new
event and no follow-up of the event being told; a toll told with the event as its time
reference ("died a day after the attack") still is. The frame words are lexicon data
(``reference_frame`` in ``data/lexicon/events.yaml``), checked where the lexicon loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import violent_mentions as _violent
from sitrep.errors import DataFileError
from sitrep.extract.events.lexicon import LEXICON_PATH, load_lexicon
from sitrep.pipeline.analyse import analyse_document, make_extractor
from sitrep.records import Document

FOLLOW_UP = "follow-up"
_STORY = ("On 3 May 2024, a bomb exploded at a bus station in Mandera, Kenya, killing "
          "three passengers. ")


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, doc_file=f"{doc_id}.txt", path=f"{doc_id}.txt", text=text,
                    published=date(2024, 5, 4), date_source="byline", kind="news")


@pytest.fixture(scope="module")
def extractor():
    return make_extractor(model=False)


@pytest.mark.parametrize("sentence", [
    "Police have opened an investigation into the bombing.",
    "Two men were charged on Monday with murder over the bombing.",
    "In the weeks following the bombing, security was stepped up at every station.",
    "Hundreds attended a memorial for the bombing on Sunday evening.",
    "Church leaders condemned the attack.",
])
def test_events_reference_frames_later_reference_is_no_follow_up(extractor, sentence) -> None:
    found = analyse_document(_doc("frame", _STORY + sentence + "\n"), extractor)
    assert _violent(found, "exploded at a bus station")  # the event itself is told
    assert _violent(found, sentence) == []


def test_events_reference_frames_toll_after_the_event_is_still_told(extractor) -> None:
    text = _STORY + "A fourth passenger died of his wounds a day after the attack.\n"
    found = analyse_document(_doc("toll", text), extractor)
    assert _violent(found, "exploded at a bus station")
    assert _violent(found, "fourth passenger died")


@pytest.mark.parametrize("text", [
    "On 6 May 2024, a court in Garissa, Kenya, jailed two men for the bombing of a bus "
    "station.\n",
    "On 6 May 2024, a court in Garissa, Kenya, sentenced a man to life in prison for "
    "attempted murder.\n",
    "Officials in Garissa, Kenya, say such attacks rarely target markets.\n",
    "Investigators in Garissa, Kenya, said on 6 May 2024 that the suspect learned how to "
    "build the bomb from a manual.\n",
])
def test_events_reference_frames_reference_is_no_new_event(extractor, text) -> None:
    found = analyse_document(_doc("new", text), extractor)
    assert _violent(found, "") == []


def test_events_reference_frames_response_by_force_is_the_event(extractor) -> None:
    text = ("On 6 May 2024, the army responded with air strikes on two villages near "
            "Garissa, Kenya, killing four people.\n")
    found = analyse_document(_doc("force", text), extractor)
    assert {m.sub_event_type for m in _violent(found, "air strikes")} == {"Air/drone strike"}


def test_events_reference_frames_event_told_in_a_relative_clause_stays(extractor) -> None:
    text = ("On 6 May 2024, police in Garissa, Kenya, opened an investigation into a blast "
            "that killed two traders at the main market.\n")
    found = analyse_document(_doc("relcl", text), extractor)
    assert _violent(found, "killed two traders")


def _lexicon_with(tmp_path: Path, frame: object) -> Path:
    """The packaged lexicon with ``reference_frame`` replaced."""
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    raw["reference_frame"] = frame
    path = tmp_path / "events.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def test_events_reference_frames_lexicon_refuses_an_unknown_key(tmp_path: Path) -> None:
    path = _lexicon_with(tmp_path, {"verbz": ["charge"]})
    with pytest.raises(DataFileError, match="verbz"):
        load_lexicon(str(path))


def test_events_reference_frames_lexicon_refuses_a_word_that_is_no_list(tmp_path: Path) -> None:
    path = _lexicon_with(tmp_path, {"nouns": "trial"})
    with pytest.raises(DataFileError, match=r"reference_frame\.nouns"):
        load_lexicon(str(path))


def test_events_reference_frames_lexicon_reads_the_packaged_words() -> None:
    lexicon = load_lexicon()
    assert {"charge", "convict"} <= lexicon.frame_verbs
    assert {"investigation", "anniversary", "vigil"} <= lexicon.frame_nouns
    assert "following" in lexicon.frame_time_preps and "week" in lexicon.frame_time_spans
