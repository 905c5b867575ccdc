"""sitrep.nlp.geo.Gazetteer.resolve: right admin units, context disambiguation, world fallback."""

from __future__ import annotations

import pytest

from sitrep.nlp.geo import Gazetteer, default_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(("name", "feature", "admin1", "admin2"), [
    ("Panjshir", "province", "Panjshir", None),
    ("Ghazni", "province", "Ghazni", None),
    ("Maidan Wardak", "province", "Wardak", None),
    ("Anaba", "district", "Panjshir", "Unaba"),
    ("Anawa", "district", "Panjshir", "Unaba"),
    ("'Unabah", "district", "Panjshir", "Unaba"),
    ("Shotul", "district", "Panjshir", "Shutul"),
    ("Deh Saleh", "district", "Baghlan", "Dih Salah"),
    ("Pol-e-Hesar", "district", "Baghlan", "Puli Hisar"),
    ("Hese Awal", "district", "Panjshir", "Khenj (Hese-Awal)"),
    ("Khenj", "district", "Panjshir", "Khenj (Hese-Awal)"),
    ("Chaharikar", "city", "Parwan", "Chaharikar"),  # the district's centre town
    ("Chaharikar district", "district", "Parwan", "Chaharikar"),
    ("Jabal Siraj", "city", "Parwan", "Jabalussaraj"),
    ("Khost wa Fereng", "district", "Baghlan", "Khost Wa Firing"),
    ("Hesa Duwum Kohistan", "district", "Kapisa", "Hisa-i-Duwumi Kohistan"),
    ("Andarab District", "district", "Baghlan", "Andarab"),
    ("Charikar city", "city", "Parwan", "Chaharikar"),
    ("Jabal Saraj town", "city", "Parwan", "Jabalussaraj"),
    ("Salang Pass", "landmark", "Parwan", "Salang"),
    ("Khawak Pass", "landmark", "Panjshir", "Paryan"),
    ("Anjuman Pass", "landmark", "Panjshir", "Paryan"),
    ("Panjshir Valley", "landmark", "Panjshir", None),
    ("Andarab valley", "landmark", "Baghlan", "Andarab"),
    ("Bagram Airbase", "landmark", "Parwan", "Bagram"),
    ("Gulbahar", "landmark", "Parwan", "Jabalussaraj"),
    ("Gereshk", "city", "Helmand", "Nahri Sarraj"),
])
def test_geo_resolve_afghan_places(gaz: Gazetteer, name: str, feature: str, admin1: str,
                                   admin2: str | None) -> None:
    place = gaz.resolve(name)
    assert place is not None
    assert (place.feature, place.admin1, place.admin2) == (feature, admin1, admin2), place.reason
    assert place.country == "Afghanistan" and place.iso == 4 and place.region == "South Asia"
    assert place.admin3 is None and place.name == name and place.reason
    assert place.latitude is not None and 29 < place.latitude < 39


def test_geo_resolve_precision_follows_acled(gaz: Gazetteer) -> None:
    assert gaz.resolve("Kapisa").geo_precision == 3
    assert gaz.resolve("Bazarak district").geo_precision == 2
    assert gaz.resolve("Bagram Airbase").geo_precision == 1
    assert gaz.resolve("Gereshk").geo_precision == 1
    near = gaz.resolve("Gereshk", "Fighting broke out near Gereshk on the highway.")
    assert near.geo_precision == 2 and "near" in near.reason


def test_geo_resolve_khost_province_versus_district(gaz: Gazetteer) -> None:
    assert gaz.resolve("Khost").feature == "province"
    district = gaz.resolve("Khost district")
    assert (district.admin1, district.feature) == ("Khost", "district")
    baghlan = gaz.resolve("Khost", "Militia fighters took Khost district in Baghlan province.")
    assert (baghlan.admin1, baghlan.admin2) == ("Baghlan", "Khost Wa Firing")
    assert "Baghlan named in context" in baghlan.reason


def test_geo_resolve_cue_words_pick_the_feature(gaz: Gazetteer) -> None:
    assert gaz.resolve("Panjshir").feature == "province"
    assert gaz.resolve("Salang").feature == "district"
    assert gaz.resolve("Salang Pass").feature == "landmark"
    assert gaz.resolve("Bagram").feature == "district"
    assert gaz.resolve("Bazarak", "They entered the district of Bazarak.").feature == "district"


def test_geo_resolve_shared_village_name_by_focus(gaz: Gazetteer) -> None:
    # "Dara" is a village in Paktia and in Wardak (and elsewhere): focus decides.
    paktia = gaz.resolve("village of Dara", focus=["Paktia"])
    wardak = gaz.resolve("village of Dara", focus=["Wardak"])
    assert (paktia.feature, paktia.admin1) == ("village", "Paktia")
    assert (wardak.feature, wardak.admin1) == ("village", "Wardak")
    assert "focus" in wardak.reason
    # a village named in context with its district
    ctx = gaz.resolve("Dara", "Shelling hit the village of Dara in Jalrez district.")
    assert (ctx.admin1, ctx.admin2) == ("Wardak", "Jalrez")


def test_geo_resolve_duplicate_district_names_by_focus(gaz: Gazetteer) -> None:
    assert gaz.resolve("Arghandab district", focus=["Zabul"]).admin1 == "Zabul"
    assert gaz.resolve("Arghandab district", focus=["Kandahar"]).admin1 == "Kandahar"


@pytest.mark.parametrize(("name", "country", "region"), [
    ("Dushanbe", "Tajikistan", "Caucasus and Central Asia"),
    ("Tehran", "Iran", "Middle East"),
    ("Islamabad", "Pakistan", "South Asia"),
    ("Doha", "Qatar", "Middle East"),
    ("Kharkiv", "Ukraine", "Europe"),
    ("Kharkov", "Ukraine", "Europe"),
    ("Khartoum", "Sudan", "Northern Africa"),
    ("Goma", "Democratic Republic of Congo", "Middle Africa"),
])
def test_geo_resolve_world_cities(gaz: Gazetteer, name: str, country: str, region: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and place.feature == "city"
    assert (place.country, place.region) == (country, region)
    assert place.latitude is not None and place.geo_precision == 1


def test_geo_resolve_countries_and_subdivisions(gaz: Gazetteer) -> None:
    pak = gaz.resolve("Pakistan")
    assert (pak.feature, pak.iso, pak.region) == ("country", 586, "South Asia")
    assert gaz.resolve("Tajikistan").iso == 762
    assert gaz.resolve("China").feature == "country"  # not one of the villages named China
    assert gaz.resolve("US").country == "United States"
    punjab = gaz.resolve("Khyber Pakhtunkhwa")
    assert (punjab.feature, punjab.country, punjab.admin1) == (
        "region", "Pakistan", "Khyber Pakhtunkhwa")


@pytest.mark.parametrize("word", ["Monday", "Reuters", "The", "Resistance", "Taliban", "Afghan",
                                  "Pakistani", "September", "Spokesman", "Ashraf", "Band", "a"])
def test_geo_resolve_non_places_are_none(gaz: Gazetteer, word: str) -> None:
    assert gaz.resolve(word) is None


def test_geo_resolve_fuzzy_but_not_too_fuzzy(gaz: Gazetteer) -> None:
    fuzzy = gaz.resolve("Panjshayr")
    assert fuzzy.admin1 == "Panjshir" and fuzzy.feature == "province"
    typo = gaz.resolve("Nangarharr")
    assert typo.admin1 == "Nangarhar"
    assert gaz.resolve("Kandaharistan") is None
    assert gaz.resolve("Zorgbluff") is None


def test_geo_candidates_lists_alternatives_with_reasons(gaz: Gazetteer) -> None:
    cands = gaz.candidates("Khost")
    features = {c.feature for c in cands}
    assert {"province", "district"} <= features
    assert all(c.reason for c in cands)
    assert cands[0].feature == "province"


def test_geo_resolve_demonyms_and_weak_world_matches(gaz: Gazetteer) -> None:
    assert gaz.resolve("Panjshiris") is None
    assert gaz.resolve("Kandaharis") is None
    # small foreign towns need stronger evidence than a bare capitalised word
    assert gaz.resolve("Nazare").feature == "city"
    assert gaz.resolve("Nazare", min_population=100_000) is None
    assert gaz.resolve("Kharkiv", min_population=100_000).country == "Ukraine"


@pytest.mark.parametrize(("name", "admin1", "admin2"), [
    ("Khedir", "Daykundi", "Khadir"),  # short vowels are not written: same consonants
    ("Kishm", "Badakhshan", "Kishim"),  # beats a small Iranian town with that spelling
    ("Char Dara district", "Kunduz", "Chahar Dara"),  # chahar = char ("four")
    ("Pech district", "Kunar", "Dara-i-Pech"),  # Dara-i-X = "valley of X"
    ("Nawzad", "Helmand", "Naw Zad"),  # aw/ow as a vowel
    ("Now Zad", "Helmand", "Naw Zad"),
    ("Dehsalah", "Baghlan", "Dih Salah"),  # Deh is not "Da"
])
def test_geo_resolve_transliteration_rules(gaz: Gazetteer, name: str, admin1: str,
                                           admin2: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and (place.admin1, place.admin2) == (admin1, admin2), place


def test_geo_resolve_province_spellings_one_letter_off(gaz: Gazetteer) -> None:
    assert gaz.resolve("Lowgar").admin1 == "Logar"
    assert gaz.resolve("Wardag").admin1 == "Wardak"
    # a six-letter district name one consonant off is not enough evidence (Zurmat)
    assert gaz.resolve("Zurmaf") is None


def test_geo_resolve_towns_over_their_districts_and_kabul_city(gaz: Gazetteer) -> None:
    town = gaz.resolve("Jalalabad")
    assert (town.feature, town.admin2, town.geo_precision) == ("city", "Jalalabad", 1)
    assert "centre of the same-named district" in town.reason
    assert gaz.resolve("Jalalabad district").feature == "district"
    assert gaz.resolve("Kabul").feature == "city"
    assert gaz.resolve("Kabul province").feature == "province"
    assert gaz.resolve("Kandahar").feature == "province"  # not a city of a million


def test_geo_resolve_every_enclosing_unit_in_context_counts(gaz: Gazetteer) -> None:
    place = gaz.resolve("Astana", "Men were held in the village of Astana in Panjshir's "
                                  "Dara district.")
    assert (place.country, place.admin1, place.admin2) == ("Afghanistan", "Panjshir", "Dara")
    # without Afghan context the capital of Kazakhstan is the reading
    assert gaz.resolve("Astana").country == "Kazakhstan"


def test_geo_resolve_country_focus_and_context(gaz: Gazetteer) -> None:
    assert gaz.resolve("Daraa").country == "Afghanistan"  # the Panjshir district Dara
    syria = gaz.resolve("Daraa", focus_countries=["Syria"])
    assert (syria.country, syria.feature) == ("Syria", "city")
    in_sentence = gaz.resolve("Daraa", "Protests spread to Daraa in southern Syria.")
    assert in_sentence.country == "Syria" and "Syria" in in_sentence.reason
