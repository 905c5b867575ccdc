"""Conflict knowledge: where the packaged data files live, and one strict reader for them."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def cache_dir() -> Path | None:
    """The user's folder for files sitrep derives from its data and keeps between runs
    (``$SITREP_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitrep``, else ``~/.cache/sitrep``);
    None when no folder can be named (no home)."""
    base = os.environ.get("SITREP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "sitrep")
    if not base or base.startswith("~"):
        return None
    return Path(base)
