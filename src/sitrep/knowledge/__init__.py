"""Conflict knowledge: where the packaged data files live, and one strict reader for them."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
