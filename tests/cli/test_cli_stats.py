"""`registry-app stats` and `registry-app benchmarks`: JSON contract, text, plain errors."""
import json

import pytest

from registry_app.cli.main import main
from registry_app.paths import user_benchmarks_dir
from registry_app.services.cases.editing import create_case

CONTRACT_KEYS = {"cases", "mt_failed", "arms", "comparisons", "benchmark", "definitions",
                 "period", "followup", "times", "passes", "trend", "cusum"}
NO_STENT = dict(rescue_stent=False, rescue_reason=None, stent_device=None,
                antiplatelet_regimen=None, no_stent_reason="futility")


@pytest.fixture
def db(registry, make_case):
    """A registry file with 3 stented (2 good outcomes) and 2 non-stented failed thrombectomies."""
    cases = [make_case("S-1"), make_case("S-2", mrs_90d=1), make_case("S-3", mrs_90d=4),
             make_case("N-1", final_reperfusion="2a", mrs_90d=5, **NO_STENT),
             make_case("N-2", final_reperfusion="1", mrs_90d=4, occlusion_site="BA",
                       occlusion_side="midline", **NO_STENT)]
    for case in cases:
        create_case(registry, case)
    return str(registry.path)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_json_has_the_contract(db, capsys):
    code, out, _ = run(capsys, "--db", db, "stats", "--json", "--benchmark", "chen2019")
    assert code == 0
    stats = json.loads(out)
    assert CONTRACT_KEYS <= set(stats)
    assert (stats["cases"], stats["mt_failed"]) == (5, 5)
    good = stats["arms"]["rescue_stent"]["good_outcome_90d"]
    assert (good["events"], good["known"], good["rate"]) == (2, 3, pytest.approx(2 / 3))
    assert stats["comparisons"]["good_outcome_90d"]["test"] == "fisher_exact"
    assert stats["benchmark"]["id"] == "chen2019"
    assert stats["benchmark"]["metrics"]["good_outcome_90d"]["benchmark_rate"] == 0.556


def test_stats_filters(db, capsys):
    _, out, _ = run(capsys, "--db", db, "stats", "--json", "--circulation", "posterior")
    assert json.loads(out)["cases"] == 1
    _, out, _ = run(capsys, "--db", db, "stats", "--json", "--site", "M1", "--from", "2025-01-01",
                    "--to", "2025-01-31")
    assert json.loads(out)["cases"] == 4
    _, out, _ = run(capsys, "--db", db, "stats", "--json", "--month", "2025-02")
    assert json.loads(out)["cases"] == 0


def test_stats_text_shows_denominators_cis_and_definitions(db, capsys):
    code, out, _ = run(capsys, "--db", db, "stats", "--benchmark", "chen2019")
    assert code == 0
    assert "Rescue stent after failed MT (n = 3):" in out
    assert "good outcome at 90 days: 2/3 = 66.7% (95% CI" in out
    assert "Fisher's exact test" in out and "Definitions:" in out
    assert "good_outcome_90d: mRS 0-2 at 90 days" in out
    assert "Benchmark Chen 2019" in out


@pytest.mark.parametrize("args, message", [
    (("--from", "2025-02-30"), "argument --from: '2025-02-30' is not a date; use YYYY-MM-DD."),
    (("--month", "2025-13"), "argument --month: '2025-13' is not a month; use YYYY-MM."),
    (("--month", "2025-01", "--from", "2025-01-01"), "use either --month or --from/--to"),
    (("--from", "2025-03-01", "--to", "2025-01-01"), "--from (2025-03-01) is after --to"),
    (("--site", "M7"), "invalid choice: 'M7'"),
])
def test_bad_options_are_plain_errors(db, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "stats", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_unknown_benchmark_is_an_error(db, capsys):
    code, out, err = run(capsys, "--db", db, "stats", "--benchmark", "chen2020")
    assert code == 1 and out == ""
    assert "Benchmark: 'chen2020' is not in the library" in err


def test_benchmarks_json_lists_chen_2019_with_counts(capsys):
    code, out, _ = run(capsys, "benchmarks", "--json")
    assert code == 0
    chen = next(b for b in json.loads(out)["benchmarks"] if b["id"] == "chen2019")
    counts = {(r["metric"], r["arm"]): (r["events"], r["total"]) for r in chen["results"]}
    assert counts[("recanalization", "rescue_stent")] == (16, 18)
    assert counts[("mortality_90d", "no_stent")] == (5, 11)
    assert chen["design_label"] == "Single-centre retrospective study"


def test_benchmarks_text_listing(capsys):
    code, out, _ = run(capsys, "benchmarks")
    assert code == 0
    assert "chen2019 — Chen 2019 [shipped]" in out
    assert "Successful recanalization — Rescue stent after failed thrombectomy: 88.9% (16/18)" in out


USER_FILE = """\
id = "national_2024"
title = "National registry 2024"
territory = "cerebral"
design = "population_registry"
verification = "V"

[citation]
authors = "National Stroke Registry"
journal = "Annual report"

[[results]]
metric = "sich"
arm = "all_mt"
events = 30
total = 1000
rate = 0.03
source_text = "3.0% (30/1000)"
"""


def test_benchmarks_add_then_compare(tmp_path, db, capsys):
    path = tmp_path / "national.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    code, out, _ = run(capsys, "benchmarks", "add", str(path))
    assert code == 0 and "Added benchmark 'national_2024'" in out
    assert (user_benchmarks_dir() / "national_2024.toml").exists()
    code, out, _ = run(capsys, "--db", db, "stats", "--json", "--benchmark", "national_2024")
    stats = json.loads(out)
    assert stats["benchmark"]["metrics"]["sich"]["arm"] == "all_mt"
    assert stats["cusum"]["sich"]["p0"] == 0.03 and stats["cusum"]["sich"]["n"] == 5


def test_benchmarks_add_bad_file_names_the_field(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(USER_FILE.replace('arm = "all_mt"', 'arm = "stent"'), encoding="utf-8")
    code, _, err = run(capsys, "benchmarks", "add", str(path))
    assert code == 1
    assert "arm: unknown code 'stent'" in err and "was not saved" in err


def test_readme_documents_every_top_level_key(db, capsys):
    """Users script against `stats --json`: the README names every key it prints."""
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What `stats --json` prints")[1].split("\n## ")[0]
    _, out, _ = run(capsys, "--db", db, "stats", "--json", "--benchmark", "chen2019")
    stats = json.loads(out)
    missing = [key for key in stats if f"`{key}`" not in section]
    assert not missing, f"README does not document {missing}"
    entry = next(iter(stats["benchmark"]["metrics"].values()))
    assert not [k for k in entry if k not in section], "an ENTRY field is undocumented"
