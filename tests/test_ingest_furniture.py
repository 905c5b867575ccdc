"""Ingest: page furniture spans (markers, banners, captions, infoboxes, references)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitrep.errors import DataFileError
from sitrep.ingest import find_furniture, headings, load_rules, read_document
from sitrep.records import Document

NEWS = """World News
Advertisement

Militia fighters ambush convoy near Sarvan

By Elena Petrova March 3, 2022

Militia fighters ambushed a supply convoy on the highway south of Sarvan on Wednesday, \
killing four drivers, the regional governor said.[3] The attack came a day after talks \
collapsed.[a][note 2]

Burned trucks on the highway south of Sarvan, 2 March 2022

Photo: Regional press office

Share this article

The governor said reinforcements had been sent to the area.[citation needed] A spokesman \
for the militia said the convoy carried weapons, which the army denied.

Sign up for our daily briefing

References

1. ^ "Convoy attacked near Sarvan". Example Times. 3 March 2022. Retrieved 4 March 2022.
2. ^ Doe, Jane (2 March 2022). "Talks collapse". Example Post. Archived from the original.
"""

INFOBOX = """Battle of Sarvan
Part of the Eastern war
Date\t2–9 March 2022
Location\tSarvan, Eastern Province
Result\tGovernment victory
Belligerents
Government
Eastern Militia

The battle of Sarvan was fought in March 2022 between government troops and the Eastern \
Militia for control of the highway junction and the grain depot outside the town.
"""

WRAPPED = """Field office update

Fighting resumed overnight in the hills east of Tarvel, where militia
units attacked two army checkpoints shortly after midnight. Residents
reported heavy machine-gun fire until dawn and said that at least three
houses were hit by mortar rounds near the old mill road and the bus
depot
Situation in the south
The southern front stayed quiet, according to monitors who crossed the
line on Thursday and met local elders in two villages near the dam.
"""


def _doc(tmp_path: Path, text: str, name: str = "doc.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _masked(doc: Document) -> list[str]:
    return [doc.text[a:b] for a, b in doc.furniture]


def _assert_offsets_kept(doc: Document) -> None:
    analysis = doc.analysis_text
    assert len(analysis) == len(doc.text)
    inside = [False] * len(doc.text)
    for start, end in doc.furniture:
        assert 0 <= start < end <= len(doc.text)
        for i in range(start, end):
            inside[i] = True
    for i, (a, b) in enumerate(zip(analysis, doc.text, strict=True)):
        if not inside[i] or b == "\n":
            assert a == b
        else:
            assert a == " "
    assert list(doc.furniture) == sorted(doc.furniture)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(doc.furniture, doc.furniture[1:], strict=False))


def test_ingest_furniture_news_page(tmp_path: Path) -> None:
    doc = _doc(tmp_path, NEWS)
    masked = _masked(doc)
    for expected in [
        "Advertisement",
        "[3]",
        "[citation needed]",
        "Share this article",
        "Photo: Regional press office",
        "Sign up for our daily briefing",
        "Burned trucks on the highway south of Sarvan, 2 March 2022",
    ]:
        assert expected in masked, expected
    assert any(m.startswith("[a]") and "[note 2]" in m for m in masked)
    analysis = doc.analysis_text
    assert "killing four drivers, the regional governor said." in analysis
    assert "which the army denied." in analysis
    # The whole reference list is furniture, heading included.
    refs = doc.text.index("References")
    assert not analysis[refs:].strip()
    _assert_offsets_kept(doc)


def test_ingest_furniture_infobox_block(tmp_path: Path) -> None:
    doc = _doc(tmp_path, INFOBOX)
    analysis = doc.analysis_text
    body = doc.text.index("The battle of Sarvan")
    assert not analysis[:body].strip()
    assert analysis[body:] == doc.text[body:]
    _assert_offsets_kept(doc)


def test_ingest_furniture_keeps_hard_wrapped_paragraphs(tmp_path: Path) -> None:
    doc = _doc(tmp_path, WRAPPED)
    analysis = doc.analysis_text
    first = doc.text.index("Fighting resumed")
    end_first = doc.text.index("depot") + len("depot")
    assert analysis[first:end_first] == doc.text[first:end_first]
    second = doc.text.index("The southern front")
    assert analysis[second:] == doc.text[second:]
    assert _masked(doc) == ["Field office update", "Situation in the south"]
    _assert_offsets_kept(doc)


def test_ingest_furniture_run_in_heading_after_unpunctuated_wrapped_line(tmp_path: Path) -> None:
    text = (
        "Convoys reached the northern camps on Monday after a week of delays caused\n"
        "by checkpoints, damaged bridges and the closure of the mountain road\n"
        "Displacement\n"
        "More than four thousand people left the valley in the first days of the\n"
        "offensive, according to the regional office of the refugee agency.\n"
    )
    doc = _doc(tmp_path, text)
    assert _masked(doc) == ["Displacement"]
    assert [h[2] for h in headings(doc)] == ["Displacement"]


def test_ingest_furniture_image_names_and_map_labels(tmp_path: Path) -> None:
    text = (
        "Frontline map\n"
        "Sarvan\nSarvan\nTarvel\nTarvel\nOld Dam\nOld Dam\n"
        "class=notpageimage|\n"
        "Crossed swords icon.svg Approximate front line, 1–7 March\n\n"
        "Army units advanced along the canal on Friday, and militia fighters withdrew to "
        "positions near the old dam, according to a statement from the defence ministry.\n"
    )
    doc = _doc(tmp_path, text)
    prose = doc.text.index("Army units")
    assert not doc.analysis_text[:prose].strip()
    assert doc.analysis_text[prose:] == doc.text[prose:]


def test_ingest_furniture_reference_section_stops_at_next_real_section(tmp_path: Path) -> None:
    text = (
        "The siege ended after six weeks, when the garrison surrendered to the besiegers.\n\n"
        "Sources\n\n"
        "  • Smith, Anna (2020). Sieges of the North. Example Press. ISBN 978-0-00-000000-0.\n"
        "  • https://example.org/siege-report\n\n"
        "Aftermath\n\n"
        "After the siege, the surviving defenders were marched to a camp near the coast and "
        "held there until a prisoner exchange was agreed in the following spring.\n"
    )
    doc = _doc(tmp_path, text)
    analysis = doc.analysis_text
    assert "Smith" not in analysis and "example.org" not in analysis
    assert "surviving defenders were marched" in analysis
    assert "garrison surrendered" in analysis


def test_ingest_furniture_notes_heading_with_prose_body_is_kept_when_not_a_list(
    tmp_path: Path,
) -> None:
    text = (
        "Notes\n\n"
        "Troops loyal to the council moved into the capital overnight and secured the "
        "radio station, the airport and the main bridge before dawn, witnesses said.\n\n"
        "Later that day the council announced a curfew across the whole country, and "
        "soldiers set up checkpoints on every road leading out of the city.\n"
    )
    doc = _doc(tmp_path, text)
    assert "secured the radio station" in doc.analysis_text.replace("\n", " ")


def test_ingest_find_furniture_is_deterministic_and_merged() -> None:
    text = "Shelling hit the depot.[1][2][3] Two guards died.\n\nRead more\n"
    spans = find_furniture(text)
    assert spans == find_furniture(text)
    assert spans[0] == (text.index("[1]"), text.index(" Two"))
    assert spans[-1] == (text.rindex("Read more"), text.rindex("Read more") + 9)


def test_ingest_headings_recoverable(tmp_path: Path) -> None:
    doc = _doc(tmp_path, WRAPPED + "\n# Casualties\n\nTwo soldiers were wounded.\n")
    found = headings(doc)
    assert [h[2] for h in found] == ["Field office update", "Situation in the south", "Casualties"]
    for start, end, title in found:
        assert doc.text[start:end] == title
    news = headings(_doc(tmp_path, NEWS, "news.txt"))
    titles = [h[2] for h in news]
    assert "Militia fighters ambush convoy near Sarvan" in titles
    assert not any("Petrova" in t for t in titles)  # byline, not a heading
    assert "References" in titles


def test_ingest_furniture_keeps_statement_lists_and_short_sentences(tmp_path: Path) -> None:
    text = (
        "Key events\n"
        "- Drones struck a fuel depot near Velna overnight\n"
        "- Two border guards were wounded in shelling at Orsk\n"
        "- The defence ministry said it shot down nine drones\n\n"
        "10:32 GMT\n"
        "Explosions reported in Velna.\n"
        "10:15 GMT\n"
        "Air raid sirens sounded across the east.\n"
    )
    doc = _doc(tmp_path, text)
    analysis = doc.analysis_text
    for kept in [
        "fuel depot near Velna",
        "nine drones",
        "Explosions reported in Velna.",
        "Air raid sirens sounded",
    ]:
        assert kept in analysis, kept
    assert "10:32 GMT" not in analysis and "Key events" not in analysis


def test_ingest_furniture_rules_are_user_extensible(tmp_path: Path) -> None:
    packaged = Path(__file__).resolve().parents[1] / "src/sitrep/data/lexicon/furniture.yaml"
    data = yaml.safe_load(packaged.read_text(encoding="utf-8"))
    data["line_patterns"]["local"] = ["brought to you by .*"]
    custom = tmp_path / "furniture.yaml"
    custom.write_text(yaml.safe_dump(data), encoding="utf-8")
    text = (
        "Shelling damaged the water station in Orlek on Monday, the mayor said.\n"
        "Brought to you by the Orlek Chamber of Commerce and its forty members.\n"
    )
    path = tmp_path / "sponsor.txt"
    path.write_text(text)
    sponsor = text.index("Brought")
    assert read_document(path).analysis_text[sponsor:].strip()
    masked = read_document(path, rules=load_rules(furniture_path=custom)).analysis_text
    assert not masked[sponsor:].strip()

    data["citation_markers"].append("[unclosed")
    custom.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataFileError, match="bad regex"):
        load_rules(furniture_path=custom)


def test_ingest_furniture_one_paragraph_per_line_layout(tmp_path: Path) -> None:
    text = (
        "Heavy fighting broke out overnight around the northern town of Dorva, residents "
        "said, as a two-week ceasefire between the army and the Northern Front collapsed.\n"
        "A woman carries her belongings through a damaged street in Dorva\n"
        "At least seven civilians were killed when shells hit a market on Tuesday morning, "
        "according to the local hospital director, who said dozens more were wounded.\n"
    )
    doc = _doc(tmp_path, text)
    assert _masked(doc) == ["A woman carries her belongings through a damaged street in Dorva"]
