"""The benchmark library service: shipped and user benchmarks, listed, found, added, edited."""
import pytest

from registry_app.domain.errors import NotFound
from registry_app.paths import user_benchmarks_dir
from registry_app.services.benchmarks import library as lib

USER_STUDY = """\
id = "national_2024"
short_name = "National registry 2024"
title = "National thrombectomy registry, annual report 2024"
territory = "cerebral"
design = "population_registry"
verification = "V"

[citation]
authors = "National Stroke Registry"
journal = "Annual report"
year = 2024

[definitions]
sich = "heidelberg"
good_outcome = "mrs_0_2_90d"

[[results]]
metric = "good_outcome_90d"
arm = "all_mt"
events = 420
total = 1000
rate = 0.42
source_text = "42.0% (420/1000)"
"""


def test_library_lists_the_shipped_chen_2019_with_counts():
    summary = lib.library_summary()
    chen = next(b for b in summary["benchmarks"] if b["id"] == "chen2019")
    assert chen["source"] == "shipped" and chen["design"] == "single_center_retrospective"
    assert chen["citation"].startswith("Chen F, Liu J") and "2019;18(2):156-161" in chen["citation"]
    recan = next(r for r in chen["results"]
                 if r["metric"] == "recanalization" and r["arm"] == "rescue_stent")
    assert (recan["events"], recan["total"], recan["rate"]) == (16, 18, 0.889)
    assert recan["ci95"][0] < 0.889 < recan["ci95"][1]
    assert chen["definitions"]["sich"] == "not_reported"
    assert summary["errors"] == []


def test_get_benchmark_and_unknown_id():
    assert lib.get_benchmark("chang2018").label == "Chang 2018"
    with pytest.raises(NotFound, match="'chen2020' is not in the library.*chen2019"):
        lib.get_benchmark("chen2020")


def test_get_benchmarks_keeps_order_and_drops_repeats():
    ids = [b.id for b in lib.get_benchmarks(["chang2018", "chen2019", "chang2018"])]
    assert ids == ["chang2018", "chen2019"]


def test_add_user_benchmark_file(tmp_path):
    path = tmp_path / "national.toml"
    path.write_text(USER_STUDY, encoding="utf-8")
    added = lib.add_benchmark_file(path)
    assert added.id == "national_2024" and added.source == "user"
    assert (user_benchmarks_dir() / "national_2024.toml").exists()
    listed = lib.get_benchmark("national_2024")
    assert listed.source == "user" and listed.result("good_outcome_90d", "all_mt").events == 420


def test_bad_user_benchmark_names_the_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(USER_STUDY.replace("rate = 0.42", "rate = 42"), encoding="utf-8")
    with pytest.raises(lib.InvalidBenchmark, match=r"rate.*fraction between 0 and 1"):
        lib.add_benchmark_file(path)
    assert not (user_benchmarks_dir() / "national_2024.toml").exists()


def test_unreadable_benchmark_file_is_a_plain_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("id = \"x\"\ntitle = ", encoding="utf-8")
    with pytest.raises(lib.InvalidBenchmark, match="broken.toml: the file is not valid TOML"):
        lib.add_benchmark_file(path)
    with pytest.raises(lib.InvalidBenchmark, match="could not be read"):
        lib.add_benchmark_file(tmp_path / "missing.toml")


def test_user_benchmark_cannot_take_a_shipped_id(tmp_path):
    path = tmp_path / "chen.toml"
    path.write_text(USER_STUDY.replace('"national_2024"', '"chen2019"'), encoding="utf-8")
    with pytest.raises(lib.InvalidBenchmark, match="shipped benchmark"):
        lib.add_benchmark_file(path)


def test_editing_a_user_benchmark_needs_overwrite(tmp_path):
    path = tmp_path / "national.toml"
    path.write_text(USER_STUDY, encoding="utf-8")
    lib.add_benchmark_file(path)
    path.write_text(USER_STUDY.replace("events = 420", "events = 430")
                    .replace("rate = 0.42", "rate = 0.43"), encoding="utf-8")
    with pytest.raises(lib.InvalidBenchmark, match="already exists"):
        lib.add_benchmark_file(path)
    lib.add_benchmark_file(path, overwrite=True)
    assert lib.get_benchmark("national_2024").result("good_outcome_90d", "all_mt").events == 430


def test_broken_user_file_is_reported_without_hiding_others():
    folder = user_benchmarks_dir()
    folder.mkdir(parents=True)
    (folder / "oops.toml").write_text("id = 'oops'\n", encoding="utf-8")
    summary = lib.library_summary()
    assert any(b["id"] == "chen2019" for b in summary["benchmarks"])
    assert len(summary["errors"]) == 1 and summary["errors"][0].startswith("oops.toml")


def test_the_library_is_read_again_when_a_file_changes(tmp_path):
    folder = user_benchmarks_dir()
    folder.mkdir(parents=True)
    first = lib.library()
    assert lib.library().benchmarks == first.benchmarks  # unchanged files: the same benchmarks
    first.benchmarks.clear()  # a caller's copy: changing it does not change the next answer
    assert lib.get_benchmark("chen2019")
    path = folder / "national_2024.toml"
    path.write_text(USER_STUDY, encoding="utf-8")
    assert lib.get_benchmark("national_2024").result("good_outcome_90d", "all_mt").events == 420
    path.write_text(USER_STUDY.replace("events = 420", "events = 430")
                    .replace("rate = 0.42", "rate = 0.43"), encoding="utf-8")  # same size
    assert lib.get_benchmark("national_2024").result("good_outcome_90d", "all_mt").events == 430
    path.unlink()
    with pytest.raises(NotFound):
        lib.get_benchmark("national_2024")


def test_a_user_folder_elsewhere_is_read_for_its_own_files(tmp_path, monkeypatch):
    reads = []
    real_load = lib.load_library
    monkeypatch.setattr(lib, "load_library", lambda *a: reads.append(a) or real_load(*a))
    lib._LOADED.clear()
    empty, other, with_study = tmp_path / "empty", tmp_path / "other", tmp_path / "study"
    for folder in (empty, other, with_study):
        folder.mkdir()
    (with_study / "national_2024.toml").write_text(USER_STUDY, encoding="utf-8")
    assert "national_2024" not in {b.id for b in lib.list_benchmarks(empty)}
    assert "national_2024" not in {b.id for b in lib.list_benchmarks(other)}
    assert len(reads) == 1  # the same (no) files: the shipped library is not read again
    assert "national_2024" in {b.id for b in lib.list_benchmarks(with_study)}
    assert "national_2024" not in {b.id for b in lib.list_benchmarks(empty)}
    assert len(reads) == 3
