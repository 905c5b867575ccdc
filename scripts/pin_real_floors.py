"""Measure the real-corpus test splits and pin their floors in ``eval/baseline.json``.

The dev split (what the rules were tuned on) is measured too and recorded without floors.
Run after an extraction change that raises the figures (never to lower a floor silently:
the diff of ``eval/baseline.json`` shows every floor that moves). Each split is built from
scratch in a temporary folder (removed afterwards), so no store from older code is reused
and nothing derived from the corpora stays in the work tree.

    python scripts/pin_real_floors.py [wikievents rams acled]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from sitrep.evaluation.real import evaluate

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "eval" / "baseline.json"
MARGIN = 0.02
FLOORS = {
    "wikievents": ("violent_p", "violent_r", "violent_f1", "violent_attack_only_f1",
                   "protests_f1", "arrests_f1"),
    "rams": ("found_rate", "event_type_acc", "sub_type_acc", "context_found_rate"),
    "acled": ("found_rate", "found_rate_year_in_notes", "event_type_acc", "event_type_acc_found",
              "sub_type_f1_weighted", "sub_type_f1_macro", "date_acc_dated", "admin1_acc_found",
              "location_acc_found", "actor1_acc_found", "actor2_acc_found",
              "fatalities_acc_found", "admin1_acc_found_afghan", "within_25km_found_afghan",
              "admin1_acc_found_other", "within_25km_found_other"),
}
CEILINGS = {"rams": ("nonacled_hit_rate",)}


def pin(dataset: str) -> dict:
    """Build and score the test split; figures with floors MARGIN under them."""
    with tempfile.TemporaryDirectory(prefix=f"sitrep-pin-{dataset}-") as tmp:
        result = evaluate(dataset, "test", Path(tmp))
        print(result.format())
    figures = {k: round(v, 4) for k, v in result.figures.items()}
    entry = {"figures": figures, "counts": result.counts, "seconds": round(result.seconds, 1),
             "floors": {k: max(0.0, round(figures[k] - MARGIN, 3)) for k in FLOORS[dataset]}}
    if dataset in CEILINGS:
        entry["ceilings"] = {k: round(figures[k] + MARGIN, 3) for k in CEILINGS[dataset]}
    return entry


def measure(dataset: str, split: str, country_known: bool = False) -> dict:
    """The figures of another split (the one rules were tuned on), or of the test split
    with each ACLED row's country given (diagnostic), for the record: no floors, so a
    reader sees them side by side from the same code."""
    with tempfile.TemporaryDirectory(prefix=f"sitrep-pin-{dataset}-{split}-") as tmp:
        result = evaluate(dataset, split, Path(tmp), country_known=country_known)
        print(result.format())
    return {"figures": {k: round(v, 4) for k, v in result.figures.items()},
            "counts": result.counts, "seconds": round(result.seconds, 1)}


def main(datasets: list[str]) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    for dataset in datasets:
        baseline[dataset]["test"] = pin(dataset)
        baseline[dataset]["dev"] = measure(dataset, "dev")
        if dataset == "acled":  # what a user who builds one country's reports gets
            baseline[dataset]["test_country_known"] = measure(dataset, "test", True)
    baseline["code_commit"] = f"{commit} (+ working tree when pinned)"
    baseline["measured_on"] = "scripts/pin_real_floors.py on a 2-core machine"
    BASELINE.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("-")] or list(FLOORS))
