"""What a monthly report contains: fingerprint, lists, edge cases (empty, no outcome, one case)."""
import random
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from registry_app.domain.case import Case
from registry_app.domain.errors import ValueProblem
from registry_app.services.cases import queries, loading as report_cases
from registry_app.services.cases.editing import create_case
from registry_app.services.cases.loading import load_month_cases
from registry_app.services.reports.data import build_report_data, months_before
from registry_app.services.reports.lists import FOLLOWUP_STATUSES, followup_worklist, quality_list, review_list
from registry_app.services.reports.monthly import generate_report
from registry_app.services.reports.signoff import fingerprint, month_bounds, month_cases, parse_month
from ..pdf_text import page_texts


def test_month_text_is_checked_in_plain_words():
    assert parse_month("2025-3") == "2025-03"
    assert month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert months_before(date(2025, 2, 1), 12) == date(2024, 2, 1)
    for bad in ("2025-13", "March", "2025/03", "", "25-03"):
        with pytest.raises(ValueProblem, match="is not a month; write it as YYYY-MM"):
            parse_month(bad)


def test_fingerprint_ignores_order_and_identity_but_not_values(demo, ctx):
    cases = month_cases(demo, ctx.full_month, with_identity=True)
    original = fingerprint(cases)
    shuffled = cases[:]
    random.Random(3).shuffle(shuffled)
    assert fingerprint(shuffled) == original and len(original) == 64
    cases[0].identity["patient_name"] = "Someone Else"
    assert fingerprint(cases) == original
    cases[0].values["nihss_24h"] = 41
    assert fingerprint(cases) != original
    cases[0].values["nihss_24h"] = month_cases(demo, ctx.full_month)[0].values["nihss_24h"]
    cases[1].passes[0]["device"] = "Another device"
    assert fingerprint(cases) != original


def test_report_covers_the_month_only(report_data, ctx):
    assert report_data.stats["cases"] == len(report_data.cases) > 10
    assert {c.values["procedure_date"].strftime("%Y-%m") for c in report_data.cases} == {"2025-02"}
    assert {c.values["territory"] for c in report_data.cases} == {"cerebral"}
    assert [row["period"] for row in report_data.trend][0] == "2024-02"
    assert [row["period"] for row in report_data.trend][-1] == "2025-02"
    assert len(report_data.trend) == 13
    assert report_data.centre == ctx.centre and report_data.generated_at == ctx.now


def test_only_the_months_cases_are_loaded_as_cases(demo, ctx, monkeypatch):
    created = []
    post_init, loaded = Case.__post_init__, report_cases._loaded_case

    def counted_post_init(case):  # every Case(...)
        created.append(case)
        post_init(case)

    def counted_loaded(*args):  # the cases built straight from complete rows
        created.append(loaded(*args))
        return created[-1]
    monkeypatch.setattr(Case, "__post_init__", counted_post_init)
    monkeypatch.setattr(report_cases, "_loaded_case", counted_loaded)
    data = build_report_data(demo, ctx.full_month)
    # the month's cases once (every territory), shared by the lists and the sign-off
    # fingerprint; the 13 months' digests (trend, CUSUM) are read as rows, not as cases
    assert all(data.period_from <= c.get("procedure_date") <= data.period_to for c in created)
    in_month = [c for c in created if c.territory == data.territory]
    assert len(in_month) == len(data.cases) == data.stats["cases"] > 0
    assert len(data.verify["cases"]) > 10 * len(data.cases)


@pytest.mark.parametrize("territory", ["cerebral", None])
def test_the_report_loads_exactly_the_cases_the_sign_off_fingerprints(demo, ctx, territory):
    first, last = month_bounds(ctx.full_month)
    loaded = load_month_cases(demo, first, last, territory)
    expected = month_cases(demo, ctx.full_month, territory, with_identity=True)
    assert loaded == expected and len(loaded) > 10
    assert any(c.passes for c in loaded) and any(c.identity["mrn"] for c in loaded)
    assert any(len(c.contacts) > 1 for c in loaded)
    assert any(isinstance(c.values["procedural_complications"], tuple) for c in loaded)
    assert fingerprint(loaded) == fingerprint(expected)


def test_review_list_names_the_reasons_and_only_deidentified_ids(demo, make_case):
    settings = demo.settings()
    cases = [make_case("A", sich=True, heidelberg_class="2", mrs_90d=6, death_date=date(2025, 1, 15)),
             make_case("B", procedural_complications=("dissection", "sah")),
             make_case("C", reocclusion=True), make_case("D")]
    for case in cases:
        case.values["registry_id"] = f"R-{case.values['case_number']}"
        case.identity.update(mrn="MRN1", patient_name="Jane Roe")
    rows = review_list(cases, settings)
    # most severe first: death, sICH, failed MT without rescue, failed MT, complication
    assert [r["case_number"] for r in rows] == ["A", "B", "C", "D"]
    assert rows[0]["reasons"] == "Death (day 5); sICH; Failed MT, rescue stent"
    assert rows[1]["reasons"] == ("Failed MT, rescue stent; Complication: Arterial dissection,"
                                  " Subarachnoid haemorrhage")
    assert rows[2]["reasons"] == "Failed MT, rescue stent; Re-occlusion"
    assert rows[2]["arm"] == "Rescue stent" and rows[0]["severity"] == "Death"
    assert {r["review_status"] for r in rows} == {"to review"}
    assert all("mrn" not in r and "patient_name" not in r for r in rows)


def test_data_quality_lists_missing_recommended_fields_and_warnings(demo, make_case, ctx):
    case = make_case("Q", age=None, stent_device=None)
    rows = quality_list([case], demo.settings(), ctx.today)
    found = {(r["severity"], r["field"]) for r in rows}
    assert ("missing", "age") in found
    assert ("warning", "stent_device") in found
    assert all(r["case_number"] == "Q" for r in rows)


def test_follow_up_worklist_has_due_overdue_and_missing(demo, ctx, make_case):
    create_case(demo, make_case("LATE-1", mrs_90d=None, followup_date=None, followup_method=None))
    data = build_report_data(demo, ctx.recent_month)
    statuses = {row["status"] for row in data.followup}
    assert statuses == {"due", "overdue", "missing"}
    overdue = next(r for r in data.followup if r["status"] == "overdue")
    assert overdue["case_number"] == "LATE-1" and overdue["followup_due"] == date(2025, 4, 10)
    assert overdue["days_overdue"] == (ctx.today - date(2025, 4, 24)).days
    due = next(r for r in data.followup if r["status"] == "due")
    assert due["window_opens"] <= ctx.today <= due["window_closes"]


def test_follow_up_worklist_holds_the_cases_of_each_status_filter(demo, ctx, make_case):
    create_case(demo, make_case("LATE-1", mrs_90d=None, followup_date=None, followup_method=None))
    flt = queries.CaseFilter(date_from=date(2024, 1, 1), territory="cerebral")
    rows = followup_worklist(demo, flt, demo.settings())  # one query for every status
    for sql_status, status in FOLLOWUP_STATUSES:
        ids = queries.case_ids(demo, replace(flt, followup_status=sql_status))
        numbers = sorted(r["case_number"] for r in queries.list_rows(demo, ids, ("case_number",))
                         .values())
        assert sorted(r["case_number"] for r in rows if r["status"] == status) == numbers
        assert numbers or status == "overdue"
    assert len(rows) == len({r["case_number"] for r in rows}) > 20


def _outputs(registry, month, tmp_path, name, read_only=False, **kwargs):
    """(result, workbook, PDF text); read_only: the workbook opened for its values only."""
    result = generate_report(registry, month, xlsx=tmp_path / f"{name}.xlsx",
                             pdf=tmp_path / f"{name}.pdf", **kwargs)
    text = "\n".join(page_texts(result.pdf))
    return result, load_workbook(result.xlsx, read_only=read_only), text


def test_a_month_without_cases_gives_a_readable_report(demo, tmp_path):
    result, book, text = _outputs(demo, "2021-01", tmp_path, "empty")
    assert result.cases == 0
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(max_col=2)}
    assert summary["Cases (cerebral)"] == 0
    review = book["Review"]
    assert book["Cases"].max_row == 1 and review.max_row == 1  # the table stays empty
    assert review.cell(1, review.max_column).value.startswith("No case")  # said in the header
    assert book["Trend"].max_row == 14 and book["CUSUM"]["A1"].value == "measure"
    assert "January 2021" in text and "no known outcome" in text
    assert "No cerebral cases were recorded with a procedure date in January 2021" in text


def test_a_month_without_outcomes_yet_gives_a_readable_report(demo, tmp_path, ctx, gathered):
    result, book, text = _outputs(demo, ctx.recent_month, tmp_path, "recent", read_only=True,
                                  benchmark_ids=["chang2018"])
    data = gathered(ctx.recent_month)
    good = data.stats["arms"]["all_mt"]["good_outcome_90d"]
    assert good["known"] == 0 and good["unknown"] == 0
    assert good["not_yet_due"] == result.cases > 0  # a month in follow-up: nothing counted yet
    flat = " ".join(text.split())
    assert f"not yet due ({result.cases} cases)" in text
    assert (f"No case of June 2025 is due for its 90-day follow-up yet ({result.cases} cases not"
            " yet due): no completeness to draw.") in flat
    rows = list(book["Summary"].iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "All thrombectomies" and r[1] == "Good outcome at 90 days")
    assert row[2:6] == (0, 0, 0, None) and row[12] == result.cases


def test_a_registry_with_a_single_case(registry, make_case, tmp_path):
    create_case(registry, make_case("ONLY-1"))
    result, book, text = _outputs(registry, "2025-01", tmp_path, "single", read_only=True)
    assert result.cases == 1
    assert book["Cases"]["A2"].value == "ONLY-1"
    assert "100.0% (1/1" in text
    assert "rescue stent after failed MT" in text


def test_same_data_give_the_same_workbook_apart_from_the_time(demo, tmp_path, ctx, report_data,
                                                              shared_workbook_file):
    """`report_data` and its workbook were gathered from another copy of the demo at ctx.now."""
    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    first = report_data
    second = build_report_data(demo, ctx.full_month, ["chang2018", "chen2019"],
                               now=datetime(2025, 7, 9, 8, 0))
    a = load_workbook(shared_workbook_file)
    b = load_workbook(write_report_xlsx(second, tmp_path / "b.xlsx"))
    differing = [(s.title, ca.coordinate) for s in a for ca, cb in
                 zip((c for r in s.iter_rows() for c in r), (c for r in b[s.title].iter_rows() for c in r))
                 if ca.value != cb.value]
    generated = next(r[1].coordinate for r in a["Summary"].iter_rows() if r[0].value == "Date generated")
    assert differing == [("Summary", generated)]
    assert first.fingerprint == second.fingerprint


REPORT_COVERS = ("Territory: the monthly report covers cerebral cases, with its own section for"
                 " limb and coronary cases; ")


def test_unknown_territory_is_refused(demo, ctx):
    with pytest.raises(ValueProblem) as refused:
        build_report_data(demo, ctx.full_month, territory="brain")
    assert str(refused.value) == REPORT_COVERS + "'brain' is not a territory."


@pytest.mark.parametrize("territory", ["limb", "coronary"])
def test_a_limb_or_coronary_report_is_refused_in_plain_words(demo, ctx, territory, tmp_path):
    with pytest.raises(ValueProblem) as refused:
        build_report_data(demo, ctx.full_month, territory=territory)
    assert str(refused.value) == REPORT_COVERS + "there is no separate report of them."
    with pytest.raises(ValueProblem, match="covers cerebral cases"):
        generate_report(demo, ctx.full_month, pdf=tmp_path / "m.pdf", territory=territory)
    assert not (tmp_path / "m.pdf").exists()


def test_the_garbage_collector_rests_while_the_report_is_gathered_then_runs_again(demo, ctx):
    import gc
    from registry_app.domain.errors import Cancelled
    from registry_app.services.progress import CancelToken
    seen = []
    build_report_data(demo, ctx.full_month, progress=lambda *a: seen.append(gc.isenabled()))
    assert seen and not any(seen) and gc.isenabled()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_report_data(demo, ctx.full_month, cancel=token)
    assert gc.isenabled()
    gc.disable()
    try:
        build_report_data(demo, ctx.full_month)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_review_list_puts_failed_mt_without_rescue_before_rescued_failures(demo, make_case):
    cases = [make_case("R", procedural_complications=("dissection",)),
             make_case("N", rescue_stent=False), make_case("S", sich=True)]
    rows = review_list(cases, demo.settings())
    assert [(r["case_number"], r["severity"]) for r in rows] == [
        ("S", "sICH"), ("N", "Failed MT without rescue"), ("R", "Failed MT")]
