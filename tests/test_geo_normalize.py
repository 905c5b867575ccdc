"""sitrep.nlp.geo.normalize: spelling variants of the same place meet on one key."""

from __future__ import annotations

import pytest

from sitrep.nlp.geo import normalize, split_feature

SAME = [
    ("Unaba", "'Unabah", "‘Unābah"),
    ("Shutul", "Shotul"),
    ("Dih Salah", "Deh Salah", "Deh-e Salah", "Deh Saleh", "Dih-i-Salah"),
    ("Puli Hisar", "Pul-e-Hisar", "Pol-e-Hesar", "Pul-i Hisar", "Pul-e Ḩişār"),
    ("Khenj", "Khinj"),
    ("Jabal Saraj", "Jabalussaraj", "Jabal us Saraj", "Jabal-os-Saraj", "Jabal-ul-Saraj"),
    ("Khost wa Firing", "Khost wa Fereng", "Khost-o-Firing", "Khost Wa Firing"),
    ("Hesa Duwum Kohistan", "Hisa-i-Duwum Kohistan", "Hisa-i-Duwumi Kohistan",
     "Hisah-ye Duwum-e Kohistan"),
    ("Panjsher", "Panjshir", "Panjshir's"),
    ("Mazar-i-Sharif", "Mazar-e Sharif", "Mazari Sharif", "Mazār-e Sharīf"),
    # invented and unseen spellings
    ("Sar-e Pol", "Sari Pul", "Sar-i-Pul"),
    ("Wardak", "Vardak"),
    ("Dawlat Yar", "Dowlatyar", "Daulat Yar"),
    ("Qala-i-Naw", "Qala-e Naw", "Kala-i-Now"),
    ("Uruzgan", "Oruzgan", "Urozgan"),
    ("Paktia", "Paktya"),
    ("Lashkar Gah", "Lashkargah", "Lashkar-Gah"),
    ("Taloqan", "Taluqan"),
    ("Bahrami Shahid", "Bahrami-Shaheed"),
]


@pytest.mark.parametrize("variants", SAME, ids=lambda v: v[0])
def test_geo_normalize_variants_meet(variants: tuple[str, ...]) -> None:
    keys = {normalize(v) for v in variants}
    assert len(keys) == 1, dict(zip(variants, map(normalize, variants), strict=True))


@pytest.mark.parametrize(("a", "b"), [
    ("Kabul", "Kapisa"), ("Khost", "Khash"), ("Bazarak", "Bagram"), ("Dara", "Darah Sabz"),
    ("Hisa-i-Awal Kohistan", "Hisa-i-Duwum Kohistan"), ("Salang", "Shibar"),
])
def test_geo_normalize_keeps_different_places_apart(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize(("text", "core", "hint"), [
    ("Andarab District", "Andarab", "district"),
    ("Salang Pass", "Salang", "pass"),
    ("the Panjshir Valley", "Panjshir", "valley"),
    ("Baghlan province", "Baghlan", "province"),
    ("village of Dara", "Dara", "village"),
    ("Bagram Air Base", "Bagram", "airbase"),
    ("Charikar", "Charikar", None),
])
def test_geo_split_feature_keeps_the_cue_as_hint(text: str, core: str, hint: str | None) -> None:
    assert split_feature(text) == (core, hint)
    assert normalize(text) == normalize(core)
