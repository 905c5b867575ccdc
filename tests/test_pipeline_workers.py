"""The per-document stage in several processes gives the same outputs as in one."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from sitrep.errors import UsageError
from sitrep.pipeline import build


def test_pipeline_workers_give_identical_outputs(example_build, tmp_path):
    result = build([EXAMPLES], tmp_path / "parallel", workers=2, report=False)
    assert result.documents_ok == 3 and result.documents_reused == 0
    for name in ["events.csv", "mentions.csv", "documents.csv", "events.geojson"]:
        assert (result.out_dir / name).read_bytes() == (
            example_build.out_dir / name
        ).read_bytes(), name


def test_pipeline_workers_must_be_positive(tmp_path):
    with pytest.raises(UsageError):
        build([EXAMPLES], tmp_path / "x", workers=0)
