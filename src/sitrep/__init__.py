"""sitrep: reports about an armed conflict in, a sourced event dataset out."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build"]


def __getattr__(name: str):  # lazy: importing sitrep must not load spaCy
    if name == "build":
        from sitrep.pipeline.run import build

        return build
    raise AttributeError(name)
