"""The stacker of a trained model: it learns from the training rows how far to trust the
rules' sub-type and the head's probabilities, and rides along in the model folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sitrep.nlp.classify import EventModel, fit
from sitrep.nlp.classify.stack import NO_RULE, fit_stacker, fold_of
from test_classify_model import LABELS, SMALL, TEXTS, fake_encoder

NAMES = ("Armed clash", "Attack", "Peaceful protest")


def _rows() -> tuple[np.ndarray, list[str], list[int]]:
    """Synthetic rows: the rules swap Armed clash and Attack (a systematic confusion),
    are right on protests but find nothing for a fifth of them; the head favours the
    truth (0.8) on four rows in five and has no opinion on the rest."""
    gold, rules = [], []
    probs = np.full((150, len(NAMES)), 1 / 3)
    for i in range(150):
        g = i % 3
        gold.append(g)
        rules.append({0: "Attack", 1: "Armed clash"}.get(g, NO_RULE if i % 5 == 2 else NAMES[g]))
        if i % 5:
            probs[i] = 0.1
            probs[i, g] = 0.8
    return probs, rules, gold


def test_classify_stack_learns_the_rules_confusion() -> None:
    probs, rules, gold = _rows()
    folds = [i % 5 for i in range(len(gold))]
    stacker, summary = fit_stacker(probs, rules, gold, NAMES, folds)
    assert summary["rule_labels"][-1] == NO_RULE and len(summary["cv"]) > 1
    # a head with no opinion: the rule's answer decides, through what it meant in training
    out = stacker.combine(np.full((3, 3), 1 / 3), ["Armed clash", "Peaceful protest", None])
    assert [NAMES[i] for i in out.argmax(axis=1)] == ["Attack", "Peaceful protest",
                                                      "Peaceful protest"]
    # the head counts too: sure of a protest, it outweighs a rule event
    sure = np.array([[0.01, 0.01, 0.98]])
    assert NAMES[int(stacker.combine(sure, ["Attack"]).argmax())] == "Peaceful protest"
    again, _ = fit_stacker(probs, rules, gold, NAMES, folds)
    assert np.array_equal(stacker.w, again.w) and np.array_equal(stacker.b, again.b)


def test_classify_stack_fold_depends_on_text_only() -> None:
    assert fold_of("Gunmen raided a police post.") == fold_of("Gunmen raided a police post.")
    assert {fold_of(f"note {i}") for i in range(50)} == set(range(5))


def test_classify_stack_rides_in_the_model_folder(tmp_path: Path) -> None:
    model = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder)
    (pred,) = model.predict(["A drone strike hit a militant vehicle near the town."])
    assert model.stacker is None and model.stacked(pred, "Peaceful protest") == pred
    k = len(model.labels)
    rule_labels = [*model.labels, NO_RULE]
    w = np.zeros((k + len(rule_labels), k), dtype=np.float32)
    w[k + rule_labels.index("Peaceful protest"), model.labels.index("Peaceful protest")] = 50.0
    model.arrays["stk_w"], model.arrays["stk_b"] = w, np.zeros(k, dtype=np.float32)
    model.info["stack"] = {"rule_labels": rule_labels, "rule_weight": 1.0}
    loaded = EventModel.load(model.save(tmp_path / "m"), encoder=fake_encoder)
    assert loaded.stacker is not None
    assert loaded.stacked(pred, "Peaceful protest").sub_event_type == "Peaceful protest"
    assert loaded.stacked(pred, None).is_event == pred.is_event


CLASH, PROTEST, ABDUCTION = "Armed clash", "Peaceful protest", "Abduction/forced disappearance"
NOTES = [
    (CLASH, "On 3 March 2023, soldiers clashed with armed rebels near Djibo, Burkina Faso."),
    (CLASH, "On 9 March 2023, militants and the army exchanged fire in Arbinda, Burkina Faso."),
    (CLASH, "On 12 March 2023, rebels fought troops for hours outside Kaya, Burkina Faso."),
    (CLASH, "On 15 March 2023, gunmen battled gendarmes at a checkpoint in Dori, Burkina Faso."),
    (CLASH, "On 20 March 2023, an army patrol engaged militants near Titao, Burkina Faso."),
    (PROTEST, "On 4 April 2023, traders marched peacefully in Nairobi, Kenya, over taxes."),
    (PROTEST, "On 6 April 2023, teachers protested unpaid wages in Kisumu, Kenya."),
    (PROTEST, "On 8 April 2023, students held a sit-in at a college in Nakuru, Kenya."),
    (PROTEST, "On 11 April 2023, nurses demonstrated outside a hospital in Eldoret, Kenya."),
    (PROTEST, "On 14 April 2023, farmers rallied against maize prices in Kitale, Kenya."),
    (ABDUCTION, "On 2 May 2023, gunmen abducted a village chief in Kalalé, Benin."),
    (ABDUCTION, "On 5 May 2023, armed men kidnapped two herders near Banikoara, Benin."),
    (ABDUCTION, "On 7 May 2023, militants seized a teacher on the road to Kandi, Benin."),
    (ABDUCTION, "On 10 May 2023, unknown gunmen kidnapped a trader in Malanville, Benin."),
    (ABDUCTION, "On 13 May 2023, a farmer was abducted by gunmen in Tanguiéta, Benin."),
]


def test_classify_stack_train_acled_runs_the_rules_deterministically(tmp_path: Path) -> None:
    """``sitrep train`` runs the rules on the export's notes, fits the stacker, and gives
    byte-identical files for the same CSV."""
    import csv

    from sitrep.nlp.classify import train_acled

    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sub_event_type", "notes"])
        out.writerows(NOTES)
    model = train_acled(path, tmp_path / "a", encoder=fake_encoder)
    train_acled(path, tmp_path / "b", encoder=fake_encoder)
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert model.stacker is not None and model.info["stack"]["rules_found"] >= 10
    plain = train_acled(path, None, encoder=fake_encoder, stack=False)
    assert plain.stacker is None and "stack" not in plain.info
