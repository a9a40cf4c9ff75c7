"""The monthly report's limb and coronary sections: a sheet and a PDF section per territory with
cases in the month, figures equal to compute_territory_stats, none for a cerebral-only registry."""
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from registry_app.domain.case import Case
from registry_app.services.cases.editing import create_case
from registry_app.services.interchange.exporting import IDENTIFIED_NOTICE
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.pdf.territory import fitted_widths
from registry_app.services.reports.xlsx.workbook import SHEETS
from registry_app.services.reports.monthly import generate_report
from registry_app.services.statistics.territory.engine import compute_territory_stats
from registry_app.stats.benchmark_test import VERDICT_LABELS

from ..conftest import case_factory, copy_registry_file, filled_with, open_on_test_clock
from ..pdf_text import pdf_words

MONTH, FIRST, LAST = "2025-01", date(2025, 1, 1), date(2025, 1, 31)   # today: 2025-06-30
JAN = date(2025, 1, 10)
TABLES = ("about", "rates", "breakdowns", "benchmarks", "trend", "follow-up", "cases",
          "definitions")


def person(tag):
    return {"mrn": f"MRN-{tag}", "patient_name": f"Patient {tag} Secretname",
            "birth_date": date(1950, 3, 4)}


def limb(number, proc=JAN, **values):
    base = dict(case_number=number, territory="limb", procedure_date=proc, flow_scale="TIMI")
    return Case(values={**base, **values}, identity=person(number))


def coronary(number, proc=JAN, **values):
    base = dict(case_number=number, territory="coronary", procedure_date=proc,
                target_vessel="LAD")
    return Case(values={**base, **values}, identity=person(number))


LIMB_CASES = [
    limb("LIMB-2025-0001", rutherford_class="IIa", flow_after_mt="3", flow_final="3",
         adjunctive_therapy=("none",), fasciotomy=False, limb_complications=("none",),
         limb_salvage_30d=True, major_amputation_30d=False, reintervention_30d=False,
         limb_salvage_90d=True, reintervention_90d=False),
    limb("LIMB-2025-0002", rutherford_class="IIb", flow_after_mt="0", flow_final="3",
         adjunctive_therapy=("cdt", "angioplasty"), limb_salvage_30d=True,
         limb_complications=("distal_embolisation",)),
    limb("LIMB-2025-0003", rutherford_class="III", flow_after_mt="1", flow_final="1",
         adjunctive_therapy=("surgical_conversion",), major_amputation_30d=True,
         limb_salvage_30d=False, major_amputation_90d=True, amputation_date=date(2025, 1, 13)),
    limb("LIMB-2025-0004", proc=date(2025, 1, 20)),            # nothing after: overdue
]
CORONARY_CASES = [
    coronary("CORO-2025-0001", stent_delivered=True, timi_final="3", chronic_total_occlusion=True,
             coronary_complications=("none",), mi_30d=False, repeat_revasc_30d=False),
    coronary("CORO-2025-0002", stent_delivered=False, stent_failure_reason="calcification",
             reattempt=True, reattempt_success=True, reattempt_equipment=("ivl",),
             timi_final="3", chronic_total_occlusion=True, mi_30d=True, repeat_revasc_30d=False),
    coronary("CORO-2025-0003", stent_delivered=False, stent_failure_reason="cto_not_crossed",
             reattempt=False, timi_final="1", chronic_total_occlusion=True),
]


def store(registry, cases):
    for case in cases:
        create_case(registry, case.copy())


def _store_cerebral(registry) -> None:
    make_case = case_factory()
    store(registry, [make_case("C-1", identity=person("C-1")),
                     make_case("C-2", mrs_90d=6, identity=person("C-2"))])


def _store_mixed(registry) -> None:
    _store_cerebral(registry)
    store(registry, LIMB_CASES + CORONARY_CASES)


@pytest.fixture
def cerebral(filled_copy):
    """Two cerebral cases in January 2025 (with identifiers): this test's copy of a registry
    filled once by create_case."""
    return filled_copy("sqlite", "territories-cerebral", filled_with(_store_cerebral))


@pytest.fixture
def mixed(filled_copy):
    """Cerebral, limb and coronary cases in January 2025 (this test's copy, filled once)."""
    return filled_copy("sqlite", "territories-mixed", filled_with(_store_mixed))


@pytest.fixture(scope="module")
def mixed_report_files(filled_template, tmp_path_factory):
    """The folder holding the default report (m.xlsx, m.pdf) of a registry equal to `mixed`,
    written once for the module: tests read it and never change it."""
    folder = tmp_path_factory.mktemp("mixed-report")
    source = filled_template("territories-mixed", filled_with(_store_mixed))
    registry = open_on_test_clock(copy_registry_file(source, folder / "r.sqlite3"))
    try:
        write(registry, folder)
    finally:
        registry.close()
    return folder


@pytest.fixture(scope="module")
def mixed_report(mixed_report_files):
    """That report as (workbook, PDF text)."""
    return (load_workbook(mixed_report_files / "m.xlsx"),
            pdf_text(mixed_report_files / "m.pdf"))


def month_stats(registry, territory):
    return compute_territory_stats(registry, CaseFilter(date_from=FIRST, date_to=LAST,
                                                        territory=territory))


def write(registry, tmp_path, month=MONTH, book="full", **kw):
    """(workbook, PDF text) of the month's report; book="values" opens the workbook read-only
    (values only, each sheet parsed when read), book=None leaves it unread."""
    result = generate_report(registry, month, xlsx=tmp_path / "m.xlsx", pdf=tmp_path / "m.pdf",
                             **kw)
    read = {"full": load_workbook, "values": lambda path: load_workbook(path, read_only=True),
            None: lambda path: None}[book]
    return read(result.xlsx), pdf_text(result.pdf)


def pdf_text(path):
    return pdf_words(path)


def table(sheet):
    """A tidy sheet's rows as dicts header -> cell (header in row 1, or row 2 below a banner)."""
    rows = list(sheet.iter_rows())
    top = 1 if rows[0][0].value == IDENTIFIED_NOTICE else 0
    headers = [c.value for c in rows[top]]
    return [dict(zip(headers, row)) for row in rows[top + 1:]]


def sheets(territory):
    return [f"{territory} {name}" for name in TABLES]


def texts(sheet):
    return {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}


# The workbook #####################################################################

def test_a_sheet_per_territory_with_the_rates_of_compute_territory_stats(mixed, mixed_report):
    book, _ = mixed_report
    assert book.sheetnames == [*SHEETS[:-1], *sheets("Limb"), *sheets("Coronary"), "Dictionary"]
    for name, territory in (("Limb", "limb"), ("Coronary", "coronary")):
        stats = month_stats(mixed, territory)
        rows = {r["Measure"].value: r for r in table(book[f"{name} rates"]) if r["Measure"].value}
        assert len(rows) == len(stats["rates"]) > 10
        for entry in stats["rates"].values():
            row = rows[entry["label"]]
            assert (row["Events"].value, row["Known (denominator)"].value) == (
                entry["events"], entry["known"])
            assert (row["Unknown"].value, row["Not yet due"].value) == (
                entry["unknown"], entry["not_yet_due"])
            assert row["Small numbers"].value == ("yes" if entry["small_numbers"] else "no")
            assert row["Definition"].value == entry["definition"]
            if entry["known"]:
                assert row["Rate"].value == pytest.approx(entry["rate"])
                assert row["Rate"].number_format == "0.0%"
                assert [row["95% CI low"].value, row["95% CI high"].value] == pytest.approx(
                    entry["ci95"])


def test_limb_counts_are_the_hand_counted_ones(mixed_report):
    book, _ = mixed_report
    rows = {r["Measure"].value: r for r in table(book["Limb rates"])}
    success = rows["Technical success (final flow 2-3)"]
    assert (success["Events"].value, success["Known (denominator)"].value,
            success["Unknown"].value) == (2, 3, 1)
    salvage = rows["Target limb salvage at 30 days"]
    assert (salvage["Events"].value, salvage["Known (denominator)"].value) == (2, 3)
    about = {r["Item"].value: r["Value"].value for r in table(book["Limb about"])}
    assert about["Cases"] == 4


def test_benchmark_rows_equal_the_comparisons_with_definitions(mixed, mixed_report):
    book, _ = mixed_report
    stats = month_stats(mixed, "limb")
    rows = {(r["Study"].value, r["Study figure"].value): r for r in table(book["Limb benchmarks"])}
    compared = [(s, e) for s in stats["benchmarks"] for e in s["metrics"].values()]
    assert compared
    for section, entry in compared:
        row = rows[(section["label"], entry["metric_label"])]
        assert row["Study rate"].value == pytest.approx(entry["benchmark_rate"])
        assert (row["Centre events"].value, row["Centre known"].value) == (
            entry["center"]["events"], entry["center"]["known"])
        assert row["p-value"].value == pytest.approx(entry["p_value"])
        assert row["Verdict"].value == VERDICT_LABELS[entry["verdict"]]
        assert row["Study definition"].value == entry["study_definition"]
        assert row["Compared with (centre measure)"].value == entry["registry_label"]
    skipped = [(s["label"], i) for s in stats["benchmarks"] for i in s["not_compared"]]
    for label, item in skipped:
        row = rows[(label, item["metric_label"])]
        assert row["Compared with (centre measure)"].value == f"Not compared: {item['reason']}"


def test_trend_followup_and_case_list(mixed_report):
    book, _ = mixed_report
    trend = table(book["Limb trend"])
    assert [r["Month"].value for r in trend][0] == "2024-01" and len(trend) == 13
    assert trend[-1]["Cases"].value == 4 and all(r["Cases"].value == 0 for r in trend[:-1])
    followup = table(book["Limb follow-up"])
    overdue = {r["Case number"].value: r["Status"].value for r in followup}
    assert overdue["LIMB-2025-0004"] == "overdue" and "LIMB-2025-0001" not in overdue
    cases = table(book["Limb cases"])
    assert [r["Case number"].value for r in cases] == [c.values["case_number"] for c in LIMB_CASES]
    first = cases[0]
    assert first["Rutherford ALI class"].value == "IIa"
    assert first["Technical success (final flow 2-3) (as counted)"].value == "yes"
    assert cases[-1]["Target limb salvage at 30 days (as counted)"].value == "unknown"
    assert first["Procedure date"].is_date


def test_territory_sheets_are_tidy_tables_with_a_frozen_filtered_header(mixed_report_files,
                                                                        mixed_report):
    book, _ = mixed_report
    for name in sheets("Limb") + sheets("Coronary"):
        sheet = book[name]
        rows = list(sheet.iter_rows())
        header = [c for c in rows[0] if c.value is not None]
        for c in header:
            assert c.font.b and c.fill.fgColor.rgb == "00DDE4EE" and c.alignment.wrap_text
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}{len(rows)}"
        assert len(rows) > 1 and all(r[0].value is not None for r in rows[1:])  # no blank rows
    rates = list(book["Limb rates"].iter_rows())
    assert [c.value for c in rates[0][:2]] == ["Group", "Measure"]
    first = rates[1]
    assert bool(first[1].alignment.wrap_text) is (len(first[1].value) > book["Limb rates"]
                                                  .column_dimensions["B"].width)
    assert not first[13].alignment.wrap_text and first[13].value.startswith("Final TIMI/TIPI")
    about = {r["Item"].value: r["Value"] for r in table(book["Limb about"])}
    assert about["Small numbers"].value.startswith("Fewer than 20 cases with a known value")
    assert about["Period from"].is_date and about["Period from"].number_format == "yyyy-mm-dd"
    widest = max(len([c for c in r if c.value is not None]) for r in book["Limb cases"].iter_rows())
    streamed = load_workbook(mixed_report_files / "m.xlsx", read_only=True)["Limb cases"]
    assert max(len(r) for r in streamed.iter_rows()) >= widest > 20


def test_an_empty_territory_table_says_so_in_its_header_row(registry, tmp_path):
    store(registry, LIMB_CASES[:1])                  # followed up: nothing due or overdue
    book, _ = write(registry, tmp_path)
    followup = book["Limb follow-up"]
    rows = list(followup.iter_rows())
    headers = [c.value for c in rows[0] if c.value is not None]
    assert headers[-1] == "No follow-up assessment is due, overdue or missing for these procedures."
    assert rows[0][-1].font.b and rows[0][-1].font.i
    assert followup.max_row == 1 and followup.auto_filter.ref == "A1:J1"
    assert followup.freeze_panes == "A2"


def test_summary_names_the_sections_instead_of_counting_them_as_left_out(mixed_report):
    book, text = mixed_report
    pairs = {r[0].value: r[1].value for r in book["Summary"].iter_rows(max_col=2)}
    assert pairs["Other territories this month (not in this report)"] == "none"
    assert pairs["Territory sections in this report (own sheets)"] == (
        "Acute limb ischaemia: 4 cases (sheets Limb rates to Limb definitions); Coronary: 3 cases"
        " (sheets Coronary rates to Coronary definitions)")
    assert ("Other territories Acute limb ischaemia: 4 cases (section 11); Coronary: 3 cases"
            " (section 12)") in text


def test_the_main_report_still_covers_only_its_own_cases(cerebral, tmp_path):
    before = build_report_data(cerebral, MONTH)
    store(cerebral, LIMB_CASES + CORONARY_CASES)
    after = build_report_data(cerebral, MONTH)
    assert after.fingerprint != before.fingerprint  # the report fingerprint covers every territory
    assert after.stats == before.stats
    assert [c.id for c in after.cases] == [c.id for c in before.cases]
    assert (before.territory_sections, [s.territory for s in after.territory_sections]) == (
        [], ["limb", "coronary"])


# The PDF ##########################################################################

def test_the_pdf_has_a_section_per_territory_with_its_figures(mixed, mixed_report):
    _, text = mixed_report
    assert "11. Acute limb ischaemia" in text and "12. Coronary" in text
    assert text.index("10. Definitions and notes") < text.index("11. Acute limb ischaemia")
    for territory in ("limb", "coronary"):
        stats = month_stats(mixed, territory)
        for entry in stats["rates"].values():
            assert entry["definition"][:40] in text
            if entry["known"]:
                low, high = entry["ci95"]
                assert f"{100 * entry['rate']:.1f}% ({entry['events']}/{entry['known']};" in text
                assert f"{100 * low:.1f}–{100 * high:.1f}%)" in text
        for section in stats["benchmarks"]:
            assert section["label"] in text
    assert "fewer than 20 known values (imprecise)" in text and " small " in text


def test_the_pdf_case_lists_keep_case_numbers_whole(mixed_report):
    _, text = mixed_report
    for case in LIMB_CASES + CORONARY_CASES:
        assert case.values["case_number"] in text
    assert "Follow-up worklist for procedures from 2024-01-01 to 2025-01-31" in text


def test_fitted_widths_give_each_column_its_longest_word():
    headers, rows = ["Registry ID / case number", "Segment"], [["R-1234ABCD CASE-0001", "Tibial"]]
    wide = fitted_widths(headers, rows)
    assert wide[0] > wide[1] > 0
    many = fitted_widths(headers * 8, [rows[0] * 8])   # too wide: only the slack shrinks
    assert min(many[0::2]) >= fitted_widths(["Registry"], [["R-1234ABCD"]])[0] - 0.01


# Only territories with cases; none for a cerebral registry; identifiers ##########

def test_a_month_with_only_limb_cases_has_no_coronary_sheet_or_section(mixed, tmp_path):
    store(mixed, [limb("LIMB-2025-0101", proc=date(2025, 2, 3), flow_after_mt="3",
                       flow_final="3")])
    book, text = write(mixed, tmp_path, month="2025-02", book="values")
    assert "Limb rates" in book.sheetnames and not [n for n in book.sheetnames if "Coronary" in n]
    assert "11. Acute limb ischaemia" in text and "Coronary" not in text
    rows = {r["Measure"].value: r for r in table(book["Limb rates"])}
    assert rows["Technical success (final flow 2-3)"]["Events"].value == 1


def test_a_cerebral_only_registry_sees_no_territory_part(cerebral, tmp_path):
    data = build_report_data(cerebral, MONTH)
    assert data.territory_sections == [] and data.other_territories == {}
    book, text = write(cerebral, tmp_path, book="values")
    assert book.sheetnames == list(SHEETS)
    labels = [r[0].value for r in book["Summary"].iter_rows(max_col=1)]
    assert "Other territories this month (not in this report)" in labels
    assert not [label for label in labels if label and "Territory sections" in label]
    assert "Other territories" not in text and "11. " not in text
    for word in ("limb", "Limb", "Coronary", "coronary"):
        assert word not in text


def test_territory_lists_are_deidentified_unless_asked(mixed, tmp_path, mixed_report):
    secrets = {f"MRN-{c.values['case_number']}" for c in LIMB_CASES + CORONARY_CASES}
    secrets |= {f"Patient {c.values['case_number']} Secretname"
                for c in LIMB_CASES + CORONARY_CASES}
    book, text = mixed_report
    for name in sheets("Limb") + sheets("Coronary"):
        assert not secrets & texts(book[name])
    assert not [s for s in secrets if s in text]
    book, text = write(mixed, tmp_path, identified=True)
    for name in sheets("Limb") + sheets("Coronary"):      # the banner on every sheet, as elsewhere
        assert book[name]["A1"].value == IDENTIFIED_NOTICE and book[name].freeze_panes == "A3"
    limb_sheet = book["Limb cases"]
    assert "MRN-LIMB-2025-0001" in texts(limb_sheet)
    assert table(limb_sheet)[0]["Case number"].value == "LIMB-2025-0001"
    assert not [s for s in secrets if s in text]           # the PDF never has them


def test_a_single_limb_case_reads_1_case_and_no_sentence_ends_twice(cerebral, tmp_path):
    store(cerebral, [LIMB_CASES[0]])
    _, text = write(cerebral, tmp_path, book=None)
    assert "Acute limb ischaemia: 1 case (section 11)" in text
    assert "1 acute limb ischaemia case with a procedure in January 2025" in text
    assert "Only 1 limb case: the rates are imprecise" in text
    assert not re.search(r"\b1 (acute limb ischaemia |limb )?cases\b", text)
    assert not re.search(r"[a-z]\.\.(?!\.)", text)  # 'shown..' when a definition ended in '.'
