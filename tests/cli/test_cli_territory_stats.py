"""`registry-app stats --territory limb|coronary` and `benchmarks --territory`: JSON, text, errors."""
import json
from datetime import date

import pytest
from scipy.stats import binomtest

from registry_app.cli.main import main
from registry_app.domain.case import Case
from registry_app.services.cases.editing import create_case


def limb(number, flow_after, flow_final, salvaged=None, **values):
    base = dict(case_number=number, territory="limb", procedure_date=date(2025, 1, 10),
                flow_scale="TIMI", flow_after_mt=flow_after, flow_final=flow_final,
                limb_salvage_30d=salvaged, rutherford_class="IIb")
    return Case(values={**base, **values})


@pytest.fixture
def db(registry, make_case):
    """Five limb cases (4 with final flow 2-3, one failed thrombectomy), one coronary, one cerebral."""
    cases = [limb("L1", "3", "3", True), limb("L2", "2", "3", True), limb("L3", "0", "2", True),
             limb("L4", "3", "3", False, major_amputation_30d=True), limb("L5", "1", "1"),
             Case(values=dict(case_number="K1", territory="coronary", procedure_date=date(2025, 2, 3),
                              stent_delivered=True, timi_final="3", chronic_total_occlusion=True)),
             make_case("C-1")]
    for case in cases:
        create_case(registry, case)
    return str(registry.path)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_limb_json_has_rates_benchmarks_and_trend(db, capsys):
    code, out, _ = run(capsys, "--db", db, "stats", "--territory", "limb", "--json")
    assert code == 0
    stats = json.loads(out)
    assert (stats["territory"], stats["cases"]) == ("limb", 5)
    tech = stats["rates"]["technical_success"]
    assert (tech["events"], tech["known"], tech["unknown"]) == (4, 5, 0)
    ci = binomtest(4, 5).proportion_ci(method="exact")
    assert tech["ci95"] == pytest.approx([ci.low, ci.high])
    salvage = stats["rates"]["limb_salvage_30d"]
    assert (salvage["events"], salvage["known"], salvage["unknown"]) == (3, 4, 1)
    assert {b["id"] for b in stats["benchmarks"]} == {"stride", "prism2018", "indian_up2023"}
    assert stats["trend"]["month"][0]["period"] == "2025-01"


def test_limb_text_shows_every_rate_with_n_over_N_and_ci(db, capsys):
    code, out, _ = run(capsys, "--db", db, "stats", "--territory", "limb", "--benchmark",
                       "prism2018")
    assert code == 0
    ci = binomtest(4, 5).proportion_ci(method="exact")
    assert (f"Technical success (final flow 2-3): 4/5 = 80.0% (95% CI {100 * ci.low:.1f}–"
            f"{100 * ci.high:.1f}%) [small numbers]") in out
    assert "Target limb salvage at 30 days: 3/4 = 75.0% (95% CI" in out
    assert ", 1 unknown; if all unknown were best/worst case: 80.0% / 60.0%" in out
    assert "Rutherford ALI class (among all cases: 5 of 5 recorded):" in out
    assert "Benchmark PRISM 2018" in out and "Benchmark STRIDE" not in out
    assert "Compared with: Flow restored by thrombectomy alone" in out
    assert "Definitions:" in out and "technical_success: Final TIMI/TIPI flow 2-3" in out
    for line in out.splitlines():
        if line.startswith("  ") and " = " in line and "%" in line:
            assert "/" in line and "95% CI" in line, line


def test_coronary_text_and_cerebral_default(db, capsys):
    code, out, _ = run(capsys, "--db", db, "stats", "--territory", "coronary")
    assert code == 0 and out.startswith("Coronary: 1 cases")
    assert "Technical success (stent, final TIMI 3): 1/1 = 100.0%" in out
    assert "studied chronic total occlusions only; compared with your CTO cases (1)" in out
    code, out, _ = run(capsys, "--db", db, "stats", "--json")
    assert json.loads(out)["cases"] == 1 and "territory" not in json.loads(out)


def test_cerebral_filters_are_refused_for_limb(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "stats", "--territory", "limb", "--site", "M1"])
    assert exit_info.value.code == 2
    assert "--site and --circulation describe cerebral cases" in capsys.readouterr().err


def test_benchmarks_listing_by_territory(capsys):
    code, out, _ = run(capsys, "benchmarks", "--territory", "coronary", "--json")
    assert code == 0
    listed = json.loads(out)["benchmarks"]
    assert {b["id"] for b in listed} == {"progress_cto", "progress_cto_2012_2022"}
    assert {b["territory"] for b in listed} == {"coronary"}
    code, out, _ = run(capsys, "benchmarks", "--territory", "limb")
    assert "stride — STRIDE [shipped] (limb)" in out
    assert "Technical success as defined by the study: TIPI 2-3" in out
    assert "recanalization" not in out.lower()
