"""``sitrep train`` on ACLED notes: the trained model beats a floor on the test split."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.nlp import embed

data = pytest.importorskip("sitrep.evaluation.real.data")

pytestmark = [
    pytest.mark.skipif(
        not (data.default_root() / data.ACLED_FILE).is_file(),
        reason="../shared/datasets/acled_notes is absent (set SITREP_DATASETS)",
    ),
    pytest.mark.skipif(not embed.available(), reason="sentence-embedding model not installed"),
]


def test_classify_train_cli_beats_floor_on_acled_test(tmp_path: Path) -> None:
    from sitrep.cli import cli
    from sitrep.nlp.classify import EventModel
    from sitrep.nlp.classify.evaluate import score_classifier

    train_csv = tmp_path / "acled_dev.csv"
    with train_csv.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["event_type", "sub_event_type", "notes"])
        for row in data.load_acled("dev"):
            out.writerow([row.event_type, row.sub_event_type, row.notes])
    result = CliRunner().invoke(cli, ["train", str(train_csv), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    model = EventModel.load(tmp_path / "m")
    assert model.info["trained_on"]["rows"] > 500
    test = data.load_acled("test")
    scores = score_classifier(
        model,
        [r.notes for r in test],
        [r.sub_event_type for r in test],
        [r.event_type for r in test],
    )
    assert scores.weighted_f1 >= 0.55, scores  # 585 training rows; ~0.8 with the train split
    assert scores.event_type_accuracy >= 0.70, scores
