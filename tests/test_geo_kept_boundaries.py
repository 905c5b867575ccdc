"""The report's district polygons (sitrep.outputs.report.svg.boundaries_of) are read from
the GeoJSON once and kept in the cache folder as WKB: a later process reads the same
geometries back, exactly; a changed file or a broken cache entry is read anew."""

from __future__ import annotations

import json

import pytest
import shapely

from sitrep.outputs.report import svg

# Two districts made up for this test; the second is a self-crossing ring ("bow tie")
# that the reader repairs with buffer(0).
FEATURES = [
    {"type": "Feature", "properties": {"admin1": "North", "admin2": "Hill"},
     "geometry": {"type": "Polygon",
                  "coordinates": [[[69.1, 35.1], [69.3, 35.1], [69.3, 35.3], [69.1, 35.1]]]}},
    {"type": "Feature", "properties": {"admin1": "North", "admin2": "Ford"},
     "geometry": {"type": "Polygon",
                  "coordinates": [[[69.0, 35.0], [69.2, 35.2], [69.2, 35.0], [69.0, 35.2],
                                   [69.0, 35.0]]]}},
    {"type": "Feature", "properties": {"admin1": "North", "admin2": "Well"},
     "geometry": {"type": "Point", "coordinates": [69.2, 35.2]}},
]


@pytest.fixture
def boundaries(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "adm2.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": FEATURES}),
                    encoding="utf-8")
    svg._load_boundaries.cache_clear()
    yield path
    svg._load_boundaries.cache_clear()


def _wkb(feats):
    return [(a1, a2, shapely.to_wkb(g)) for a1, a2, g in feats]


def test_geo_kept_boundaries_read_back_exactly(boundaries, tmp_path):
    first = svg.boundaries_of(boundaries)
    assert [(a1, a2) for a1, a2, _ in first] == [("North", "Ford"), ("North", "Hill")]
    assert all(g.is_valid for _, _, g in first)  # the bow tie repaired, the point left out
    kept = list((tmp_path / "cache").glob("boundaries-*.pickle"))
    assert len(kept) == 1
    svg._load_boundaries.cache_clear()  # as a new process would
    again = svg.boundaries_of(boundaries)
    assert _wkb(again) == _wkb(first)
    assert _wkb(again) == _wkb(svg._read_boundaries(boundaries.read_bytes()))


def test_geo_kept_boundaries_follow_the_file(boundaries, tmp_path):
    svg.boundaries_of(boundaries)
    data = json.loads(boundaries.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["admin2"] = "Ridge"
    boundaries.write_text(json.dumps(data), encoding="utf-8")
    svg._load_boundaries.cache_clear()
    names = [a2 for _, a2, _ in svg.boundaries_of(boundaries)]
    assert names == ["Ford", "Ridge"]
    # the entry of the old file is dropped once the new one is written
    assert len(list((tmp_path / "cache").glob("boundaries-*.pickle"))) == 1


def test_geo_kept_boundaries_broken_entry_is_read_anew(boundaries, tmp_path):
    want = _wkb(svg.boundaries_of(boundaries))
    (entry,) = (tmp_path / "cache").glob("boundaries-*.pickle")
    entry.write_bytes(b"not a pickle")
    svg._load_boundaries.cache_clear()
    assert _wkb(svg.boundaries_of(boundaries)) == want
    svg._load_boundaries.cache_clear()
    assert _wkb(svg.boundaries_of(boundaries)) == want  # and kept again


def test_geo_kept_boundaries_report_renders_when_the_cache_fails(tmp_path, monkeypatch):
    """The report's kept polygons and compiled templates are a cache: a cache folder that
    cannot be made, read or written costs time, never the report."""
    from jinja2 import FileSystemBytecodeCache

    from sitrep.outputs import report

    def refuse(self, bucket):
        raise PermissionError("read-only cache folder")

    data = report.ReportData([], [], [])
    try:
        (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
        monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "a-file"))
        report._env.cache_clear()
        svg._load_boundaries.cache_clear()
        assert "<html" in report.render_report(data, boundaries=report.BOUNDARIES)

        monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setattr(FileSystemBytecodeCache, "load_bytecode", refuse)
        monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", refuse)
        report._env.cache_clear()
        assert "<html" in report.render_report(data, boundaries=report.BOUNDARIES)
    finally:
        report._env.cache_clear()
        svg._load_boundaries.cache_clear()
