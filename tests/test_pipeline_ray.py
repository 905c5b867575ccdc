"""The per-document stage on a (local) Ray cluster gives the same outputs as in one process."""

from __future__ import annotations

import os

from conftest import EXAMPLES
from sitrep.pipeline.run import build


def test_pipeline_ray_gives_identical_outputs(example_build, tmp_path):
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    result = build([EXAMPLES], tmp_path / "ray", workers=2, ray_address="local", report=False)
    assert result.documents_ok == 3 and result.documents_reused == 0
    for name in ["events.csv", "mentions.csv", "documents.csv", "events.geojson"]:
        assert (result.out_dir / name).read_bytes() == (
            example_build.out_dir / name
        ).read_bytes(), name
