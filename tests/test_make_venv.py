"""`make` with a .venv left by another Python says what to do, in one line, before pip."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _fake_python(path: Path, version: str) -> Path:
    """An interpreter stand-in that reports ``version`` and fails anything else (pip)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\ncase "$2" in *version_info*) echo {version}; exit 0;; esac\n'
                    'echo "pip must not run" >&2; exit 3\n')
    path.chmod(0o755)
    return path


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=folder,
                          capture_output=True, text=True, timeout=60)


def test_make_stale_venv_from_another_python_says_make_clean(tmp_path: Path) -> None:
    _fake_python(tmp_path / ".venv" / "bin" / "python", "3.9")
    proc = _make(tmp_path, "demo", "PYTHON=python3.11")
    assert proc.returncode != 0
    assert "pip must not run" not in proc.stderr
    assert proc.stdout.strip().splitlines() == [
        "error: .venv was made by Python 3.9, sitrep needs 3.11 (python3.11 is 3.11): "
        "run 'make clean', then 'make demo PYTHON=python3.11'"]


def test_make_wrong_python_is_refused_before_making_a_venv(tmp_path: Path) -> None:
    python = _fake_python(tmp_path / "bin" / "python3", "3.13")
    proc = _make(tmp_path, "demo", f"PYTHON={python}")
    assert proc.returncode != 0
    assert not (tmp_path / ".venv").exists()  # nothing stale left for the next try
    assert proc.stdout.strip().splitlines() == [
        f"error: {python} is Python 3.13; sitrep needs 3.11: run 'make demo PYTHON=python3.11'"]
