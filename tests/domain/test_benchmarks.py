"""Benchmark library: shipped files, validation, count derivation, user files, definition warnings."""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_app.domain import benchmarks as bm
from registry_app.domain.benchmarks import (
    BenchmarkError,
    definition_mismatches,
    derive_count,
    parse_benchmark,
)
from registry_app.services.benchmarks import files as benchmark_files
from registry_app.services.benchmarks.files import (default_shipped_dir, load_benchmark_file, load_library,
                                                    save_user_benchmark)

SHIPPED = default_shipped_dir()
SHIPPED_FILES = sorted(SHIPPED.glob("*.toml"))
REGISTRY = {"sich": "heidelberg", "good_outcome": "mrs_0_2_90d", "recanalization_threshold": "2b"}
REQUIRED_IDS = {
    "chen2019", "imam2023", "chang2018", "peng2020", "saint_posterior2024", "baek2022", "cicat2025",
    "rodriguez_calienes2023", "gsr_et2019", "first_pass_abbasi2021", "stride", "prism2018",
    "indian_up2023", "progress_cto",
}


@pytest.fixture(scope="module")
def library() -> dict[str, bm.Benchmark]:
    load = load_library(SHIPPED)
    assert load.errors == []
    return {b.id: b for b in load.benchmarks}


def minimal(**changes) -> dict:
    """A small valid user benchmark dict; keyword arguments replace top-level fields."""
    data = {
        "id": "my_center_2023", "title": "Our own audit", "territory": "cerebral",
        "design": "single_center_retrospective", "verification": "V", "notes": "",
        "citation": {"authors": "Doe J", "journal": "Internal report", "year": 2023},
        "definitions": {"sich": "heidelberg", "good_outcome": "mrs_0_2_90d", "recanalization_threshold": "2b"},
        "results": [{"metric": "recanalization", "arm": "rescue_stent", "events": 9, "total": 10,
                     "rate": 0.9, "derived": False, "source_text": "90% (9/10)"}],
    }
    data.update(changes)
    return data


def with_result(**changes) -> dict:
    data = minimal()
    data["results"][0].update(changes)
    return data


# --- shipped files ---------------------------------------------------------------------------------


def test_shipped_folder_resolves_to_repo_resources():
    assert SHIPPED == Path(__file__).resolve().parents[2] / "resources" / "benchmarks"
    assert (SHIPPED / "README.md").is_file()


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.stem)
def test_every_shipped_file_loads_and_is_verified(path):
    benchmark = load_benchmark_file(path)
    assert benchmark.id == path.stem
    assert benchmark.source == "shipped"
    assert benchmark.verification in {"V", "V-part"}
    assert benchmark.results, "a shipped benchmark needs at least one verified result"


def test_required_benchmarks_are_shipped(library):
    assert REQUIRED_IDS <= set(library)


def test_chen2019_has_exactly_the_verified_counts(library):
    chen = library["chen2019"]
    counts = {(r.metric, r.arm): (r.events, r.total) for r in chen.results}
    assert counts == {
        ("recanalization", "rescue_stent"): (16, 18), ("recanalization", "no_stent"): (4, 11),
        ("good_outcome_90d", "rescue_stent"): (10, 18), ("good_outcome_90d", "no_stent"): (2, 11),
        ("sich", "rescue_stent"): (2, 18), ("sich", "no_stent"): (2, 11),
        ("mortality_90d", "rescue_stent"): (4, 18), ("mortality_90d", "no_stent"): (5, 11),
    }
    assert not any(r.derived for r in chen.results)
    assert chen.definitions.good_outcome == "not_reported"
    assert chen.definitions.mortality_time_frame == "not_reported"
    assert chen.citation.doi == "10.3760/cma.j.issn.1671-8925.2019.02.008"


def test_unverified_figures_are_not_shipped(library):
    assert not any("hermes" in key or "angel_reboot" in key for key in library)
    saint_anterior = [b for b in library.values() if "saint" in b.id and b.population.circulation != "posterior"]
    assert all(not b.results for b in saint_anterior)
    assert library["imam2023"].result("mortality_90d", "rescue_stent") is None
    assert library["imam2023"].citation.pmid == ""          # inferred PMID, not verified
    assert library["chang2018"].result("recanalization", "no_stent") is None
    assert library["chang2018"].citation.doi == ""          # recalled DOI
    assert library["saint_posterior2024"].result("sich", "rescue_stent") is None
    assert library["baek2022"].definitions.good_outcome == "not_reported"   # scale recalled
    assert library["peng2020"].definitions.good_outcome == "not_reported"   # scale recalled
    assert library["rodriguez_calienes2023"].result("sich", "rescue_stent") is None
    assert library["stride"].result("technical_success", "all_mt") is None


def test_unknown_denominators_stay_unknown(library):
    for result in library["peng2020"].results:          # matched-cohort arm sizes not stated
        assert result.events is None and result.total is None
    for result in library["saint_posterior2024"].results:  # no percentage fits 84 or 68
        assert result.events is None and result.total in {84, 68}
    gsr = library["gsr_et2019"].result("recanalization", "all_mt")
    assert (gsr.rate, gsr.events, gsr.total) == (0.83, None, 2794)
    fpe = library["first_pass_abbasi2021"]
    assert fpe.result("first_pass_effect", "all_mt").rate == 0.28
    assert fpe.result("modified_first_pass_effect", "all_mt").total is None


def test_other_territories(library):
    stride = library["stride"]
    assert stride.territory == "limb"
    salvage, death = stride.result("limb_salvage_365d", "all_mt"), stride.result("mortality_365d", "all_mt")
    assert (salvage.events, salvage.total) == (77, 87)
    assert (death.events, death.total) == (12, 100)
    assert "manufacturer" in stride.result("limb_salvage_30d", "all_mt").note
    prism = library["prism2018"]
    success = prism.result("technical_success", "all_mt")
    assert (success.events, success.total) == (68, 78)
    assert prism.result("technical_success_assisted", "all_mt").events == 76
    assert library["progress_cto"].territory == "coronary"


def percentages(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?%", text)


def derived_results():
    for path in SHIPPED_FILES:
        benchmark = load_benchmark_file(path)
        for result in benchmark.results:
            if result.derived:
                yield pytest.param(result, id=f"{benchmark.id}-{result.metric}-{result.arm}")


@pytest.mark.parametrize("result", list(derived_results()))
def test_every_derived_count_re_derives(result):
    printed = min(percentages(result.source_text), key=lambda p: abs(float(p[:-1]) - 100 * result.rate))
    assert abs(float(printed[:-1]) - 100 * result.rate) < 0.051
    assert derive_count(printed, result.total) == result.events


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.stem)
def test_counted_results_quote_their_counts(path):
    """Results with counts that were not derived must show "events/total" in source_text."""
    for result in load_benchmark_file(path).results:
        if result.events is not None and not result.derived and result.metric != "reocclusion":
            assert f"{result.events}/{result.total}" in result.source_text


# --- derive_count -------------------------------------------------------------------------------


@pytest.mark.parametrize("text,total,expected", [
    ("39.6%", 48, 19),        # unique at one decimal
    ("88.9%", 18, 16),
    ("22.0%", 100, 22),
    ("18.8", 69, 13),         # percent sign optional
    ("18,8 %", 69, 13),       # decimal comma
    ("0%", 12, 0),
    ("100%", 7, 7),
    ("83%", 2794, None),      # several counts fit an integer percentage
    ("26.8%", 84, None),      # no count fits
    ("4.0%", 78, None),
    ("12.5%", 68, None),
    ("50%", 3, None),         # 1/3 and 2/3 are both too far; none fits
])
def test_derive_count_cases(text, total, expected):
    assert derive_count(text, total) == expected


def test_derive_count_treats_exact_ties_as_ambiguous():
    # 1/8 = 12.5% exactly: printed "13%" could be 1/8 (round half up); "12%" could also be 1/8 (half even).
    assert derive_count("13%", 8) == 1
    assert derive_count("12%", 8) == 1
    # "3%" of 200 fits 5/200 = 2.5% and 7/200 = 3.5% (ties) as well as 6/200 → ambiguous.
    assert derive_count("3%", 200) is None


@pytest.mark.parametrize("text", ["", "abc", "12.5.1%", "-3%", "12%%"])
def test_derive_count_rejects_text_that_is_not_a_percentage(text):
    with pytest.raises(BenchmarkError, match="not a percentage"):
        derive_count(text, 10)


@pytest.mark.parametrize("total", [0, -1, True, 2.5])
def test_derive_count_rejects_bad_denominators(total):
    with pytest.raises(BenchmarkError, match="denominator"):
        derive_count("10%", total)


@settings(max_examples=300, deadline=None)
@given(total=st.integers(min_value=1, max_value=3000), data=st.data())
def test_derive_count_finds_the_count_it_was_printed_from(total, data):
    events = data.draw(st.integers(min_value=0, max_value=total))
    decimals = data.draw(st.integers(min_value=0, max_value=2))
    printed = f"{100 * events / total:.{decimals}f}%"
    derived = derive_count(printed, total)
    assert derived is None or derived == events


# --- validation ---------------------------------------------------------------------------------


def test_minimal_user_benchmark_is_valid():
    benchmark = parse_benchmark(minimal(), "user")
    assert benchmark.source == "user"
    assert benchmark.result("recanalization", "rescue_stent").events == 9
    assert benchmark.result("recanalization", "no_stent") is None
    assert benchmark.label == "my_center_2023"


@pytest.mark.parametrize("data,field,problem", [
    (with_result(metric="recanalisation"), "results[1].metric", "unknown code 'recanalisation'"),
    (with_result(arm="stent"), ".arm", "unknown code 'stent'"),
    (minimal(design="case_series"), ".design", "unknown code 'case_series'"),
    (minimal(territory="renal"), ".territory", "unknown code 'renal'"),
    (minimal(definitions={"sich": "ecass_2"}), "definitions.sich", "unknown code 'ecass_2'"),
    (minimal(definitions={"good_outcome": "mrs_0_2"}), None, None),   # valid: time point not stated
    (minimal(definitions={"good_outcome": "mrs02"}), "definitions.good_outcome", "unknown code"),
    (with_result(rate=88.9), ".rate", "between 0 and 1"),
    (with_result(rate=-0.1), ".rate", "between 0 and 1"),
    (with_result(rate=None), ".rate", "is missing"),
    (with_result(events=11), "results[1] (recanalization)", "more than the total"),
    (with_result(rate=0.8), ".rate", "does not match 9/10"),
    (with_result(events=-1), ".events", "whole number"),
    (with_result(total=0), ".total", "whole number of at least 1"),
    (with_result(total=None), "results[1] (recanalization)", "no total"),
    (with_result(events=None, derived=True), ".derived", "no events"),
    (with_result(source_text=""), ".source_text", "missing or empty"),
    (with_result(event=9), "results[1]", "unknown field 'event' (did you mean 'events'?)"),
    (with_result(metric="mt_failure"), ".arm", "only given for the arm(s) all_mt"),
    (minimal(id="Chen-2019"), ".id", "not a valid id"),
    (minimal(id=""), ".id", "not a valid id"),
    (minimal(citation={"journal": "Stroke"}), "citation.authors", "missing or empty"),
    (minimal(citation={"authors": "Doe J"}), "citation.journal", "missing or empty"),
    (minimal(citation={"authors": "Doe J", "journal": "X", "year": "2019"}), "citation.year", "four-digit"),
    (minimal(citation={"authors": "Doe J", "journal": "X", "pmid": "PMID123"}), "citation.pmid", "digits"),
    (minimal(citation={"authors": "Doe J", "journal": "X", "doi": "doi:10.1/x"}), "citation.doi", "10."),
    (minimal(citation=None), ".citation", "is missing"),
    (minimal(title=" "), ".title", "missing or empty"),
    (minimal(verification="maybe"), ".verification", "unknown code"),
    (minimal(population={"circulation": "left"}), "population.circulation", "unknown code"),
    (minimal(population={"occlusion_sites": "M1"}), "population.occlusion_sites", "list"),
    (minimal(unknown_field=1), "benchmark 'my_center_2023'", "unknown field 'unknown_field'"),
])
def test_validation_errors_name_the_field(data, field, problem):
    if field is None:
        parse_benchmark(data, "user")
        return
    with pytest.raises(BenchmarkError) as caught:
        parse_benchmark(data, "user")
    message = str(caught.value)
    assert field in message
    assert problem in message


WRONG_VALUES = [None, 1, 2.5, True, "", "x", ["a"], {"a": 1}, [{"b": 2}], float("nan")]


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=repr)
@pytest.mark.parametrize("key", ["id", "title", "territory", "design", "verification", "notes", "short_name",
                                 "citation", "population", "definitions", "results"])
def test_any_wrong_top_level_value_gives_a_benchmark_error(key, wrong):
    try:
        parse_benchmark(minimal(**{key: wrong}), "user")
    except BenchmarkError as exc:
        assert key in str(exc) or "results[1]" in str(exc)


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=repr)
@pytest.mark.parametrize("key", ["metric", "arm", "rate", "events", "total", "derived", "source_text", "note"])
def test_any_wrong_result_value_gives_a_benchmark_error(key, wrong):
    try:
        parse_benchmark(with_result(**{key: wrong}), "user")
    except BenchmarkError as exc:
        assert "results[1]" in str(exc)


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=repr)
@pytest.mark.parametrize("table,key", [("citation", "authors"), ("citation", "year"), ("citation", "doi"),
                                       ("population", "circulation"), ("population", "occlusion_sites"),
                                       ("definitions", "sich"), ("definitions", "mt_failure")])
def test_any_wrong_nested_value_gives_a_benchmark_error(table, key, wrong):
    data = minimal()
    data.setdefault(table, {})
    data[table] = {**data[table], key: wrong}
    if table == "citation":
        data[table].setdefault("authors", "A")
        data[table].setdefault("journal", "J")
    try:
        parse_benchmark(data, "user")
    except BenchmarkError as exc:
        assert f"{table}.{key}" in str(exc)


def test_duplicate_metric_and_arm_is_rejected():
    data = minimal()
    data["results"].append(dict(data["results"][0]))
    twice = r"results\[2\]: metric 'recanalization' for arm 'rescue_stent' is given twice"
    with pytest.raises(BenchmarkError, match=twice):
        parse_benchmark(data, "user")


def test_error_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('id = "broken"\ntitle = "x"\nterritory = "cerebral"\ndesign = "rct"\n'
                    'verification = "V"\n[citation]\nauthors = "A"\njournal = "J"\n'
                    '[[results]]\nmetric = "sich"\narm = "all_mt"\nrate = 2\nsource_text = "2"\n')
    with pytest.raises(BenchmarkError) as caught:
        load_benchmark_file(path)
    assert str(caught.value).startswith("broken.toml.results[1] (sich).rate: must be a fraction between 0 and 1")


def test_invalid_toml_and_wrong_file_name(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("id = \n")
    with pytest.raises(BenchmarkError, match="bad.toml: the file is not valid TOML"):
        load_benchmark_file(bad)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('title = "Müller"\n'.encode("latin-1"))
    with pytest.raises(BenchmarkError, match="latin1.toml: the file is not valid TOML"):
        load_benchmark_file(latin1)
    path = save_user_benchmark(minimal(), tmp_path / "user", shipped_dir=SHIPPED)
    renamed = path.with_name("other.toml")
    path.rename(renamed)
    with pytest.raises(BenchmarkError, match="must match the id"):
        load_benchmark_file(renamed)


def test_benchmark_error_is_a_value_error():
    assert issubclass(BenchmarkError, ValueError)


# --- results ---------------------------------------------------------------------------------


def test_ci95_is_wilson_and_none_without_counts(library):
    low, high = library["chen2019"].result("recanalization", "rescue_stent").ci95()
    assert low == pytest.approx(0.6720, abs=1e-4)
    assert high == pytest.approx(0.9690, abs=1e-4)
    assert library["peng2020"].result("sich", "no_stent").ci95() is None
    assert library["gsr_et2019"].result("recanalization", "all_mt").ci95() is None


def test_to_dict_is_json_ready(library):
    import json

    data = library["chang2018"].to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["source"] == "shipped"
    assert data["population"]["occlusion_sites"] == ["ICA", "M1"]
    assert data["results"][0]["metric"] == "mt_failure"


def test_vocabularies_are_exported():
    assert bm.METRICS["recanalization"].definition.startswith("Final reperfusion eTICI/mTICI ≥ 2b")
    assert set(bm.ARMS) == {"rescue_stent", "no_stent", "failed_mt", "all_mt"}
    assert {"rct", "meta_analysis", "population_registry"} <= set(bm.DESIGNS)
    assert {"heidelberg", "ecass2", "ecass3", "sits_most", "ninds", "not_reported"} <= set(bm.SICH_DEFINITIONS)
    assert {"mrs_0_2_90d", "mrs_0_1_90d", "mrs_0_3_90d", "not_reported"} <= set(bm.GOOD_OUTCOME_DEFINITIONS)


def test_sich_codes_match_the_registry_vocabulary():
    vocab = pytest.importorskip("registry_app.domain.vocab")
    if not hasattr(vocab, "SICH_DEFINITION"):
        pytest.skip("the registry vocabulary has no SICH_DEFINITION")
    registry_codes = {choice.code for choice in vocab.SICH_DEFINITION}
    assert registry_codes <= set(bm.SICH_DEFINITIONS)


# --- user files ---------------------------------------------------------------------------------


def test_save_then_load_round_trip(tmp_path):
    data = minimal(
        short_name="Our audit 2023",
        notes='Quotes " and backslashes \\ and a\nnew line, tab\t, ≥ 2b, 补救性支架',
        population={"country": "Qatar", "circulation": "both", "occlusion_sites": ["ICA", "M1", "BA"],
                    "period": "2023", "description": "x"},
    )
    data["results"].append({"metric": "good_outcome_90d", "arm": "no_stent", "rate": 0.41,
                            "source_text": "41% vs 21%", "note": "pooled"})
    path = save_user_benchmark(data, tmp_path, shipped_dir=SHIPPED)
    assert path == tmp_path / "my_center_2023.toml"
    tomllib.loads(path.read_text(encoding="utf-8"))          # valid TOML
    loaded = load_benchmark_file(path, source="user")
    assert loaded == parse_benchmark(data, "user")
    assert loaded.notes == data["notes"]
    assert loaded.result("good_outcome_90d", "no_stent").events is None


def test_saving_a_shipped_benchmark_dict_round_trips(tmp_path, library):
    for benchmark in library.values():
        data = benchmark.to_dict()
        data["id"] = benchmark.id + "_copy"
        path = save_user_benchmark(data, tmp_path, shipped_dir=SHIPPED)
        loaded = load_benchmark_file(path, source="user")
        assert loaded.results == benchmark.results
        assert loaded.notes == benchmark.notes and loaded.citation == benchmark.citation


text_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=50, deadline=None)
@given(title=text_values.filter(str.strip), notes=text_values, source=text_values.filter(str.strip))
def test_toml_writer_round_trips_any_text(title, notes, source):
    data = minimal(title=title, notes=notes)
    data["results"][0]["source_text"] = source
    benchmark = parse_benchmark(data, "user")
    reread = parse_benchmark(tomllib.loads(benchmark_files.benchmark_to_toml(benchmark)), "user")
    assert reread == benchmark


def test_save_refuses_invalid_and_clashing_ids(tmp_path):
    with pytest.raises(BenchmarkError, match="rate"):
        save_user_benchmark(with_result(rate=5), tmp_path, shipped_dir=SHIPPED)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(BenchmarkError, match="shipped benchmark"):
        save_user_benchmark(minimal(id="chen2019"), tmp_path, shipped_dir=SHIPPED)
    save_user_benchmark(minimal(), tmp_path, shipped_dir=SHIPPED)
    with pytest.raises(BenchmarkError, match="already exists"):
        save_user_benchmark(minimal(), tmp_path, shipped_dir=SHIPPED)
    save_user_benchmark(minimal(title="Edited"), tmp_path, shipped_dir=SHIPPED, overwrite=True)
    assert load_benchmark_file(tmp_path / "my_center_2023.toml", "user").title == "Edited"
    assert [p.name for p in tmp_path.iterdir()] == ["my_center_2023.toml"]   # no temp files left


def test_library_collects_user_errors_without_hiding_the_rest(tmp_path):
    shipped_count = len(SHIPPED_FILES)
    save_user_benchmark(minimal(), tmp_path, shipped_dir=SHIPPED)
    (tmp_path / "broken.toml").write_text("this is not toml", encoding="utf-8")
    clash = benchmark_files.benchmark_to_toml(parse_benchmark(minimal(id="chen2019"), "user"))
    (tmp_path / "chen2019.toml").write_text(clash, encoding="utf-8")
    load = load_library(SHIPPED, tmp_path)
    ids = [b.id for b in load.benchmarks]
    assert len(ids) == shipped_count + 1 and "my_center_2023" in ids
    assert load.get("my_center_2023").source == "user"
    assert load.get("chen2019").source == "shipped"
    assert len(load.errors) == 2
    assert any(e.startswith("broken.toml") and "not valid TOML" in e for e in load.errors)
    assert any(e.startswith("chen2019.toml") and "already used by a shipped benchmark" in e for e in load.errors)


def test_library_reports_missing_shipped_folder_and_ignores_missing_user_folder(tmp_path):
    load = load_library(tmp_path / "nowhere", tmp_path / "none")
    assert load.benchmarks == [] and "was not found" in load.errors[0]
    assert load_library(SHIPPED, tmp_path / "none").errors == []


# --- definition mismatches ------------------------------------------------------------------------


def test_definitions_not_reported_by_the_study_are_warned(library):
    chen = library["chen2019"]
    for metric in ("sich", "good_outcome_90d", "recanalization", "mortality_90d"):
        warnings = definition_mismatches(chen, metric, REGISTRY)
        assert len(warnings) == 1
        assert "Chen 2019 does not report" in warnings[0]
    assert definition_mismatches(chen, "sich", REGISTRY) == [
        "Chen 2019 does not report its definition of symptomatic intracranial haemorrhage; your registry uses "
        "the Heidelberg Bleeding Classification. Compare with care."]
    assert "when it counted mortality; your registry uses 90 days" in definition_mismatches(
        chen, "mortality_90d", REGISTRY)[0]


def test_matching_definitions_give_no_warning(library):
    imam = library["imam2023"]
    assert definition_mismatches(imam, "good_outcome_90d", REGISTRY) == []
    assert definition_mismatches(imam, "recanalization", REGISTRY) == []
    assert definition_mismatches(library["peng2020"], "mortality_90d", REGISTRY) == []
    assert definition_mismatches(imam, "first_pass_effect", REGISTRY) == []   # no definition to compare


def test_different_definitions_are_explained():
    benchmark = parse_benchmark(minimal(definitions={"sich": "ecass2", "good_outcome": "mrs_0_3_90d",
                                                     "recanalization_threshold": "2c"}), "user")
    sich = definition_mismatches(benchmark, "sich", REGISTRY)
    assert sich == ["For symptomatic intracranial haemorrhage, my_center_2023 uses the ECASS II definition; "
                    "your registry uses the Heidelberg Bleeding Classification. "
                    "The rates may not be directly comparable."]
    assert "mRS 0-3 at 90 days" in definition_mismatches(benchmark, "good_outcome_90d", REGISTRY)[0]
    assert "≥ 2c" in definition_mismatches(benchmark, "recanalization", REGISTRY)[0]
    chang = parse_benchmark(minimal(definitions={"good_outcome": "mrs_0_2"}), "user")
    assert definition_mismatches(chang, "good_outcome_90d", REGISTRY) == [
        "For good outcome, my_center_2023 uses mRS 0-2 (time point not stated); your registry uses "
        "mRS 0-2 at 90 days. The rates may not be directly comparable."]


def test_registry_without_a_definition_is_warned():
    benchmark = parse_benchmark(minimal(), "user")
    warnings = definition_mismatches(benchmark, "sich", {})
    assert warnings == ["Your registry has no definition set for symptomatic intracranial haemorrhage; "
                        "my_center_2023 uses the Heidelberg Bleeding Classification."]
    thirty_days = {**REGISTRY, "mortality_time_frame": "30d"}
    peng = load_benchmark_file(SHIPPED / "peng2020.toml")
    assert "your registry uses 30 days" in definition_mismatches(peng, "mortality_90d", thirty_days)[0]


def test_parse_does_not_mutate_input():
    data = minimal()
    before = copy.deepcopy(data)
    parse_benchmark(data, "user")
    assert data == before
