"""The build: ingest → nlp → extract → store → merge → outputs, on one machine or on Ray."""

from __future__ import annotations

from typing import Any

__all__ = ["BuildResult", "build"]


def __getattr__(name: str) -> Any:
    """``build`` and ``BuildResult`` on first use: a worker process imports only the
    per-document stage (:mod:`sitrep.pipeline.analyse`), not the merge, store and outputs."""
    if name in __all__:
        from sitrep.pipeline import run

        return getattr(run, name)
    raise AttributeError(name)
