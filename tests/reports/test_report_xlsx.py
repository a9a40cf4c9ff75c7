"""The monthly workbook: sheets, typed cells, numbers equal to the statistics, de-identification."""
import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from registry_app.cli.main import main
from registry_app.services.interchange.exporting import IDENTIFIED_NOTICE
from registry_app.services.interchange.rows import case_fields
from registry_app.services.reports.xlsx.workbook import SHEETS, write_report_xlsx
from registry_app.services.statistics.metrics import ARM_LABELS, ARM_NAMES
from registry_app.services.statistics.sections import METRIC_LABELS


def block(sheet, title):
    """Rows (as dicts by header) of the Summary block with this title."""
    rows = list(sheet.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == title)
    headers = [c.value for c in rows[start + 1] if c.value is not None]
    found = []
    for row in rows[start + 2:]:
        if row[0].value is None:
            break
        found.append({h: c for h, c in zip(headers, row)})
    return found


def pairs(sheet):
    return {r[0].value: r[1] for r in sheet.iter_rows(max_col=2) if r[0].value is not None}


@pytest.fixture
def workbook(shared_workbook):
    """The month's workbook, written and loaded once for the run (read only)."""
    return shared_workbook


def test_sheets_are_exactly_the_report_sheets(workbook):
    main = [name for name in workbook.sheetnames if not name.startswith(("Limb ", "Coronary "))]
    assert main == list(SHEETS) == [
        "Summary", "Benchmarks", "Cases", "Attempts", "Trend", "CUSUM", "Follow-up", "Review",
        "Data quality", "Dictionary"]


def test_summary_rates_equal_the_statistics_and_are_typed_percentages(workbook, report_data):
    rows = block(workbook["Summary"], "Outcome rates per arm (rates are events / known outcomes)")
    assert len(rows) == len(ARM_NAMES) * len(METRIC_LABELS)  # "stent not recorded" shown too
    arms = report_data.stats["arms"]
    for arm, label in ((a, ARM_LABELS[a]) for a in ARM_NAMES):
        for metric, name in METRIC_LABELS.items():
            row = next(r for r in rows if r["Group"].value == label
                       and r["Measure"].value == name[0].upper() + name[1:])
            entry = arms[arm][metric]
            assert row["Events"].value == entry["events"]
            assert row["Known (denominator)"].value == entry["known"]
            assert row["Unknown"].value == entry["unknown"]
            assert row["Rate"].value == pytest.approx(entry["rate"])
            assert row["Not yet due"].value == entry["not_yet_due"]
            if entry["rate"] is None:  # an empty arm: no rate, no interval
                assert row["95% CI low"].value is None
                continue
            assert row["Rate"].number_format == "0.0%"
            assert row["95% CI low"].value == pytest.approx(entry["ci95"][0])
            assert row["95% CI high"].number_format == "0.0%"


def test_summary_header_facts(workbook, report_data, ctx):
    facts = pairs(workbook["Summary"])
    assert facts["Centre"].value == ctx.centre
    assert facts["Period from"].value == datetime(2025, 2, 1)
    assert facts["Period from"].number_format == "yyyy-mm-dd"
    assert facts["Period to"].value == datetime(2025, 2, 28)
    assert facts["Date generated"].value == ctx.now
    assert facts["As of (the date the figures are stated for)"].value == datetime(2025, 6, 30)
    assert facts["90-day outcomes counted for procedures up to"].value == "2025-03-18"
    assert facts["Data fingerprint (SHA-256 of the cases in this report)"].value == report_data.fingerprint
    assert facts["Cases (cerebral)"].value == report_data.stats["cases"]
    assert isinstance(facts["Failed thrombectomy"].value, int)
    definitions = {r["Definition"].value: r["Text"].value
                   for r in block(workbook["Summary"], "Definitions")}
    assert definitions["good_outcome_90d"] == report_data.stats["definitions"]["good_outcome_90d"]
    assert definitions["mt_failure"] == report_data.stats["definitions"]["mt_failure"]


def test_cases_sheet_has_one_typed_row_per_case_and_no_identifiers(workbook, report_data, demo, ctx):
    sheet = workbook["Cases"]
    header = [c.value for c in sheet[1]]
    from registry_app.services.reports.xlsx.derived import DERIVED
    fields = [fd.code for fd in case_fields(identified=False)
              if fd.applies_to("cerebral") and fd.code != "notes"]
    assert header == fields + [name for name, _, _ in DERIVED]  # derived columns after the fields
    assert "mrn" not in header and "patient_name" not in header and "birth_date" not in header
    assert sheet.max_row - 1 == report_data.stats["cases"] == len(report_data.cases)
    col = {code: i for i, code in enumerate(header)}
    first = [c for c in sheet[2]]
    assert isinstance(first[col["procedure_date"]].value, datetime)
    assert first[col["procedure_date"]].number_format == "yyyy-mm-dd"
    assert isinstance(first[col["age"]].value, int)
    assert first[col["puncture_time"]].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
    dates = {c.value.date() for c in sheet["D"][1:]}
    assert all(date(2025, 2, 1) <= d <= date(2025, 2, 28) for d in dates)


def test_attempts_sheet_has_one_row_per_pass(workbook, report_data):
    sheet = workbook["Attempts"]
    assert sheet["A1"].value == "case_number" and sheet["B1"].value == "pass_number"
    assert sheet.max_row - 1 == sum(len(c.passes) for c in report_data.cases) > 0


def test_list_sheets_have_frozen_headers_filters_and_widths(workbook):
    for name in ("Benchmarks", "Follow-up", "Review", "Data quality", "Dictionary"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        assert sheet.column_dimensions["A"].width >= 10, name


def test_review_follow_up_quality_and_dictionary_rows(workbook, report_data):
    review = workbook["Review"]
    assert [c.value for c in review[1]][:3] == ["Registry ID", "Case number", "Procedure date"]
    assert review.max_row - 1 == len(report_data.review) > 0
    assert {r[1].value for r in review.iter_rows(min_row=2)} == {r["case_number"] for r in report_data.review}
    followup = workbook["Follow-up"]
    assert followup.max_row - 1 == len(report_data.followup)
    assert isinstance(followup["F2"].value, datetime)  # follow-up due date typed as a date
    quality = workbook["Data quality"]
    assert quality.max_row - 1 == len(report_data.quality)
    dictionary = workbook["Dictionary"]
    assert [c.value for c in dictionary[1]][:3] == ["sheet", "code", "label"]
    assert dictionary.max_row > 100


def test_benchmarks_sheet_sets_centre_beside_each_benchmark(workbook, report_data):
    sheet = workbook["Benchmarks"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2)]
    assert {r["Benchmark"].value for r in rows} == {"Chang 2018", "Chen 2019"}
    recan = next(r for r in rows if r["Benchmark"].value == "Chen 2019"
                 and r["Measure"].value == "Successful recanalization"
                 and r["Arm"].value.startswith("Rescue stent"))
    centre = report_data.stats["arms"]["rescue_stent"]["recanalization"]
    assert (recan["Centre events"].value, recan["Centre known"].value) == (centre["events"], centre["known"])
    assert recan["Benchmark rate"].value == pytest.approx(0.889, abs=0.001)
    assert recan["Benchmark rate"].number_format == "0.0%"
    assert 0 <= recan["p-value"].value <= 1 and recan["p-value"].number_format == "0.000"
    assert recan["Citation"].value.startswith("Chen F")
    assert recan["Verdict"].value.startswith(("consistent", "better", "worse", "not assessable"))
    assert recan["Test"].value in ("Fisher's exact test, two-sided",
                                   "Pearson chi-square test, two-sided")
    assert recan["p-value (Holm)"].value >= recan["p-value"].value


def test_no_formula_and_no_identifier_in_any_sheet(workbook, demo, ctx):
    secret = ctx.identifiers(demo, ctx.full_month)
    assert secret
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                text = cell.value.date().isoformat() if isinstance(cell.value, datetime) else str(cell.value)
                assert not any(s in text for s in secret), (sheet.title, cell.coordinate)


def test_identified_workbook_has_the_banner_on_every_sheet(demo, tmp_path, ctx, gathered):
    data = gathered(ctx.full_month, identified=True)  # gathered at ctx.now
    book = load_workbook(write_report_xlsx(data, tmp_path / "identified.xlsx"))
    for sheet in book:
        assert sheet["A1"].value == IDENTIFIED_NOTICE, sheet.title
        assert sheet["A1"].font.bold
    cases = book["Cases"]
    header = [c.value for c in cases[2]]
    assert {"mrn", "patient_name", "birth_date"} <= set(header)
    mrns = {r[header.index("mrn")].value for r in cases.iter_rows(min_row=3)}
    assert mrns & ctx.identifiers(demo, ctx.full_month)
    assert cases.freeze_panes == "A3"


def test_workbook_numbers_match_registry_app_stats_json(demo, tmp_path, capsys, ctx):
    db = str(demo.path)
    assert main(["--db", db, "stats", "--json", "--month", ctx.full_month]) == 0
    stats = json.loads(capsys.readouterr().out)
    out = tmp_path / "cli.xlsx"
    assert main(["--db", db, "report", "--month", ctx.full_month, "--xlsx", str(out)]) == 0
    summary = load_workbook(out, read_only=True)["Summary"]  # values only: this sheet alone is read
    assert pairs(summary)["Cases (cerebral)"].value == stats["cases"]
    rows = block(summary, "Outcome rates per arm (rates are events / known outcomes)")
    stent = [r for r in rows if r["Group"].value == ARM_LABELS["rescue_stent"]]
    expected = stats["arms"]["rescue_stent"]
    for row, metric in zip(stent, ("recanalization", "good_outcome_90d", "sich", "mortality_90d")):
        assert row["Events"].value == expected[metric]["events"]
        assert row["Known (denominator)"].value == expected[metric]["known"]
        assert row["Rate"].value == pytest.approx(expected[metric]["rate"])
    completeness = block(summary, next(r[0].value for r in summary.iter_rows()
                                       if str(r[0].value).startswith("Follow-up completeness")))
    all_mt = next(r for r in completeness if r["Group"].value == ARM_LABELS["all_mt"])
    assert all_mt["Due"].value == stats["followup"]["arms"]["all_mt"]["due"]
    assert all_mt["Completeness"].number_format == "0.0%"
