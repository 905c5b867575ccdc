"""Actor profiles: strength figures with their source, and the example corpus files."""

from __future__ import annotations

import csv
import json

from sitrep.extract.actor_facts import strength_figures
from sitrep.nlp.actors import ActorRegistry
from sitrep.store import STORE_NAME, Store


def test_profiles_strength_figure_names_actor_and_claimant():
    registry = ActorRegistry.load()
    text = (
        "The front line was quiet on Monday. Zabihullah Mujahid said about 4,000 Taliban "
        "fighters had been moved north. Observers were doubtful."
    )
    (fig,) = strength_figures(registry, "d1", text, {})
    assert fig["actor"] == "Taliban" and fig["low"] == 4000
    assert fig["claimant"] == "Zabihullah Mujahid"
    assert text[fig["char_start"] : fig["char_end"]] == fig["quote"]
    assert fig["figure"] in fig["quote"]


def test_profiles_strength_uses_the_event_claimant_of_the_sentence():
    registry = ActorRegistry.load()
    text = "Resistance commanders now lead some 2,500 fighters in the hills."
    (fig,) = strength_figures(registry, "d1", text, {(0, len(text)): "Pajhwok Afghan News"})
    assert fig["actor"] == "NRF: National Resistance Front"
    assert fig["claimant"] == "Pajhwok Afghan News"


def test_profiles_example_files(example_build):
    out = example_build.out_dir
    with (out / "actors.csv").open(encoding="utf-8") as fh:
        rows = {r["actor"]: r for r in csv.DictReader(fh)}
    assert {"Taliban", "NRF: National Resistance Front"} <= set(rows)
    nrf = rows["NRF: National Resistance Front"]
    assert nrf["side"] == "Resistance" and "Ahmad Massoud (leader)" in nrf["leaders"]
    assert nrf["first_date"] <= nrf["last_date"]
    profiles = json.loads((out / "actors.json").read_text(encoding="utf-8"))
    with Store(out / STORE_NAME, read_only=True) as store:
        texts = {d["doc_id"]: d["text"] for d in store.documents() if d["doc_id"]}
    quotes = [
        q
        for p in profiles
        for q in [*p["strength"], *p["casualty_claims"], *(x["first"] for x in p["leaders"])]
    ]
    assert any(p["strength"] for p in profiles)
    for q in quotes:
        assert texts[q["doc_id"]][q["char_start"] : q["char_end"]] == q["quote"]
