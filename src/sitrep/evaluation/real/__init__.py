"""Evaluation on external, annotated real corpora (WikiEvents, RAMS, ACLED notes).

Every scorer runs the real pipeline (``sitrep.build``) on the split's texts and
scores ``mentions.csv``. See ``eval/real/README.md`` for what each figure means.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.errors import UsageError
from sitrep.evaluation.real.data import SPLITS, check_split
from sitrep.evaluation.real.metrics import EvalResult

DATASETS = tuple(SPLITS)

__all__ = ["DATASETS", "SPLITS", "EvalResult", "evaluate"]


def evaluate(
    dataset: str,
    split: str = "test",
    out_dir: Path | None = None,
    *,
    root: Path | None = None,
    workers: int = 1,
    dateline: date | None = None,
    model: str | Path | bool | None = None,
    country_known: bool = False,
) -> EvalResult:
    """Score sitrep on ``split`` of ``dataset`` ("wikievents", "rams" or "acled").

    ``out_dir`` keeps the build (and reuses it on the next run); without it a
    temporary folder is used. ``root`` overrides the dataset folder. ``dateline``
    (diagnostic) writes that date as a dateline before every text, for pipelines
    that drop events of undated documents. ``model``: the learned event model, as
    :func:`sitrep.build` takes it (None: the default). ``country_known`` (ACLED only,
    diagnostic): each country's rows are built with that country given.
    """
    check_split(dataset, split)
    if country_known and dataset != "acled":
        raise UsageError(f"--country-known applies to the ACLED notes only, not {dataset}")
    if dataset == "wikievents":
        from sitrep.evaluation.real.wikievents import evaluate as run
    elif dataset == "rams":
        from sitrep.evaluation.real.rams import evaluate as run
    else:
        from sitrep.evaluation.real.acled import evaluate as acled

        return acled(split, out_dir, root=root, workers=workers, dateline=dateline,
                     model=model, country_known=country_known)
    return run(split, out_dir, root=root, workers=workers, dateline=dateline, model=model)
