"""The benchmark's plain-spaCy phase, as installed and with the build's matrix products."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("sitrep_bench", ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_spacy_phase_on_either_blas(tmp_path) -> None:
    # written for this test
    (tmp_path / "note.txt").write_text(
        "Armed men raided a market in the east of the province on Sunday and burned "
        "twelve shops, residents said.\n", encoding="utf-8")
    bench = _bench()
    plain = bench.phase_spacy(tmp_path)
    same = bench.phase_spacy(tmp_path, numpy_blas=True)
    assert plain["seconds"] > 0 and same["seconds"] > 0


def test_bench_child_knows_the_numpy_spacy_phase(tmp_path, capsys) -> None:
    (tmp_path / "note.txt").write_text("Soldiers shelled two villages on Monday.\n",
                                       encoding="utf-8")
    _bench().child("spacy-numpy", str(tmp_path), "")
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(data) == {"seconds", "peak_mb"}  # the spaCy phase's figures, not another's
