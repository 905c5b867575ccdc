"""Control statements from invented text: holds, share and withdrew, with their dates."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.statements import load_control_lexicon
from sitrep.pipeline.analyse import analyse_document_full, make_extractor
from sitrep.records import ControlStatement, Document, statement_from_json, statement_to_json

ACTORS = """
schema: 1
conflict: "Invented northern war (test)"
country: Afghanistan
actors:
  - name: Mountain Guard
    side: Guard
    inter: 2
    aliases: [Mountain Guard, the Guard, Guard fighters]
    people:
      - {name: Daud Serani, aliases: [Serani], role: spokesman}
  - name: Northern Army
    side: Government
    inter: 1
    aliases: [Northern Army, the army, soldiers, government troops]
  - name: Civilians
    side: ""
    inter: 7
    aliases: [civilians, residents, villagers]
sources:
  - {name: Valley Wire, aliases: [Valley Wire]}
"""

REPORT = """Guard tightens its grip in the north

By Staff Reporter  March 14, 2030

The Mountain Guard retains 40 to 45 percent of Nahrin district, Serani said on 10 March.

Khinjan remained under the control of the army on 11 March. The Guard-held district of \
Dushi was calm.

On 12 March the Northern Army withdrew from Burka after two days of fighting.

The Guard still controls parts of Takhar province, according to Valley Wire.

Soldiers pulled out of Andarab and handed over Khost district to the Guard on 13 March.

Kunduz is held by the army. The army did not withdraw from Baghlani Jadid. If the Guard \
attacks Taloqan, the army will abandon Farkhar.

The Guard holds most of Badakhshan province.
"""


@pytest.fixture(scope="module")
def analysed(tmp_path_factory) -> tuple[Document, list[ControlStatement]]:
    folder = tmp_path_factory.mktemp("actors")
    (folder / "north.yaml").write_text(ACTORS, encoding="utf-8")
    extractor = make_extractor([folder / "north.yaml"])
    doc = Document(
        doc_id="n1",
        doc_file="north.txt",
        path="north.txt",
        text=REPORT,
        published=date(2030, 3, 14),
        date_source="byline",
    )
    return doc, analyse_document_full(doc, extractor).statements


def _at(statements: list[ControlStatement], place: str) -> ControlStatement:
    (s,) = [s for s in statements if s.place.matched == place]
    return s


def test_statements_share_with_percent_range_and_party_claimant(analysed):
    s = _at(analysed[1], "Nahrin")
    assert (s.kind, s.controller, s.share_low, s.share_high) == ("share", "Mountain Guard", 40, 45)
    assert s.date == date(2030, 3, 10) and s.time_precision == 1
    assert s.claimant == "Mountain Guard" and s.by_party


def test_statements_holds_from_noun_compound_passive_and_majority(analysed):
    statements = analysed[1]
    khinjan = _at(statements, "Khinjan")
    assert (khinjan.kind, khinjan.controller, khinjan.date) == (
        "holds",
        "Northern Army",
        date(2030, 3, 11),
    )
    dushi = _at(statements, "Dushi")  # "Guard-held", dated by the paragraph's date
    assert (dushi.kind, dushi.controller, dushi.date) == (
        "holds",
        "Mountain Guard",
        date(2030, 3, 11),
    )
    assert "date-from-context" in dushi.flags
    kunduz = _at(statements, "Kunduz")  # passive, dated by the byline
    assert (kunduz.kind, kunduz.controller) == ("holds", "Northern Army")
    assert kunduz.date == date(2030, 3, 14) and "date-from-publication" in kunduz.flags
    badakhshan = _at(statements, "Badakhshan")  # "most of" is a hold, not a share
    assert (badakhshan.kind, badakhshan.share_low) == ("holds", None)


def test_statements_partial_words_without_figures(analysed):
    s = _at(analysed[1], "Takhar")
    assert (s.kind, s.controller, s.share_low) == ("share", "Mountain Guard", None)
    assert s.claimant == "Valley Wire" and not s.by_party


def test_statements_withdrawals_and_successors(analysed):
    statements = analysed[1]
    burka = _at(statements, "Burka")  # main opponent of the withdrawing army
    assert (burka.kind, burka.controller, burka.successor) == (
        "withdrew",
        "Northern Army",
        "Mountain Guard",
    )
    assert burka.date == date(2030, 3, 12)
    andarab = _at(statements, "Andarab")  # "pulled out of"
    khost = _at(statements, "Khost Wa Firing")  # "handed over ... to the Guard"
    for s in (andarab, khost):
        assert (s.kind, s.controller, s.successor, s.date) == (
            "withdrew",
            "Northern Army",
            "Mountain Guard",
            date(2030, 3, 13),
        )


def test_statements_skip_negated_and_hypothetical(analysed):
    places = {s.place.matched for s in analysed[1]}
    assert "Farkhar" not in places and "Taloqan" not in places
    assert not places & {"Baghlan", "Baghlani Jadid"}
    assert len(analysed[1]) == 9


def test_statements_evidence_is_the_verbatim_slice_and_json_round_trips(analysed):
    document, statements = analysed
    for s in statements:
        assert s.evidence == document.text[s.char_start : s.char_end]
        assert s.statement_id.startswith("st-")
        assert statement_from_json(statement_to_json(s)) == s
    assert len({s.statement_id for s in statements}) == len(statements)


def test_statements_lexicon_is_data():
    lex = load_control_lexicon()
    assert "retain" in lex.hold_verbs and ("pull", "out") in lex.withdraw_phrasal
    assert dict(lex.share_words)["half"] == (50, 50)


def test_statements_other_senses_of_hold_are_not_control():
    extractor = make_extractor()
    text = (
        "By Staff Reporter  May 2, 2025\n\nThe Taliban held talks in Doha on 1 May. "
        "The Taliban kept a close eye on Kunduz. The Taliban evacuated civilians from Kunduz."
    )
    doc = Document("h1", "h.txt", "h.txt", text, published=date(2025, 5, 2), date_source="byline")
    assert analyse_document_full(doc, extractor).statements == []
