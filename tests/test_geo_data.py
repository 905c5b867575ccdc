"""Packaged gazetteer files: consistent, small, with attribution; district points in polygons."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from sitrep.errors import DataFileError
from sitrep.nlp.geo import DATA_DIR, Gazetteer, default_gazetteer, normalize


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_geo_data_district_points_inside_their_polygons() -> None:
    gj = json.loads((DATA_DIR / "adm2.geojson").read_text(encoding="utf-8"))
    polys = {(f["properties"]["admin1"], f["properties"]["admin2"]): shape(f["geometry"])
             for f in gj["features"]}
    districts = _rows("districts.csv")
    assert len(districts) == len(polys) == 398
    outside = [d["name"] for d in districts
               if not polys[(d["admin1"], d["name"])].buffer(0.001).contains(
                   Point(float(d["longitude"]), float(d["latitude"])))]
    assert outside == []
    # the source defects: Anaba at 0,0 and Khenj's wrong longitude are not carried over
    gaz = default_gazetteer()
    unaba = gaz.resolve("Anaba")
    assert polys[("Panjshir", "Unaba")].contains(Point(unaba.longitude, unaba.latitude))
    khenj = gaz.resolve("Khenj")
    assert polys[("Panjshir", "Khenj (Hese-Awal)")].contains(Point(khenj.longitude,
                                                                   khenj.latitude))


def test_geo_data_provinces_and_regions_complete() -> None:
    provinces = _rows("provinces.csv")
    assert len(provinces) == 34
    assert {d["admin1"] for d in _rows("districts.csv")} == {p["name"] for p in provinces}
    regions = {r["alpha3"]: r for r in _rows("acled_regions.csv")}
    assert len(regions) == 249
    assert (regions["AFG"]["iso"], regions["AFG"]["region"]) == ("4", "South Asia")
    assert regions["UKR"]["region"] == "Europe"
    assert regions["TJK"]["region"] == "Caucasus and Central Asia"


def test_geo_data_villages_are_clean() -> None:
    villages = _rows("villages.csv")
    names = {v["name"].lower() for v in villages}
    assert "n/a" not in names and not any(n.startswith("center of") for n in names)
    assert all(29 < float(v["latitude"]) < 39.5 for v in villages)


def test_geo_data_landmarks_cite_a_source() -> None:
    gaz = default_gazetteer()
    for row in _rows("landmarks.csv"):
        assert row["source"].strip(), row["name"]
        assert row["admin1"] in gaz.provinces
        assert not row["admin2"] or (row["admin1"], row["admin2"]) in gaz.districts


def test_geo_data_stoplist_never_hides_an_admin_unit() -> None:
    gaz = default_gazetteer()
    names = [*gaz.provinces, *(d for _, d in gaz.districts)]
    assert [n for n in names if gaz.is_stopword(n)] == []


def test_geo_data_small_and_attributed() -> None:
    total = sum(p.stat().st_size for p in DATA_DIR.iterdir())
    # ~1.7 MB Afghan tables + ~4.4 MB world tables (170,000 GeoNames places, gzip'd)
    assert total < 7_000_000
    world = sum((DATA_DIR / f).stat().st_size for f in ("world_places.csv.gz",
                                                          "world_admin.csv"))
    assert world < 5_000_000
    attribution = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needed in ("Runfola", "CC BY 4.0", "MIT", "GeoNames", "geoBoundaries"):
        assert needed in attribution
    for licence in ("LICENSE-villages-MIT.txt", "LICENSE-GeoNames-CC-BY-4.0.txt",
                    "CITATION-AND-USE-geoBoundaries.txt"):
        assert (DATA_DIR / licence).stat().st_size > 500


def test_geo_data_user_dirs_work(tmp_path: Path) -> None:
    """A user's gazetteer folder is read, aliases included (load speed lives in `make bench`)."""
    import shutil

    for f in DATA_DIR.iterdir():
        if f.suffix in {".csv", ".txt"}:
            shutil.copy(f, tmp_path / f.name)
    with (tmp_path / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("Zorgbluff,district,Panjshir,Rukha,invented alias for this test\n")
    gaz = Gazetteer.load(tmp_path)
    assert gaz.resolve("Zorgbluff").admin2 == "Rukha"
    assert normalize("Zorgbluff") == "zurgbluf"


def test_geo_data_bad_files_raise_data_file_error(tmp_path: Path) -> None:
    import shutil

    for f in DATA_DIR.iterdir():
        if f.suffix in {".csv", ".txt"}:
            shutil.copy(f, tmp_path / f.name)
    (tmp_path / "districts.csv").write_text("nom,province\nx,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"districts\.csv"):
        Gazetteer.load(tmp_path)
    (tmp_path / "districts.csv").unlink()
    with pytest.raises(DataFileError, match="build_gazetteer"):
        Gazetteer.load(tmp_path)
