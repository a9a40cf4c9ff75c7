"""Signing off a month: fingerprint stored, later edits need a reason and appear in the next report."""
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from registry_app.domain.errors import LockedCase, RegistryError
from registry_app.services.cases.editing import find_case_id, get_case, update_case
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.monthly import generate_report
from registry_app.services.reports.signoff import (HIDDEN, AlreadySignedOff, changes_after_signoff, is_signed_off,
                                                   list_signoffs, month_cases, sign_off_month)
from ..pdf_text import pdf_words


def _first_case(registry, month):
    number = month_cases(registry, month)[0].values["case_number"]
    return get_case(registry, find_case_id(registry, number))


def test_signing_off_stores_the_report_fingerprint(demo, ctx, gathered):
    before = gathered(ctx.full_month)  # the report data of an equal copy of the demo
    signed = sign_off_month(demo, ctx.full_month, "Presented at the QI meeting")
    assert is_signed_off(demo, ctx.full_month) and not is_signed_off(demo, "2025-01")
    assert signed.fingerprint == before.month_fingerprint and signed.scope == "all"
    assert [s.month for s in list_signoffs(demo)] == [ctx.full_month]
    assert list_signoffs(demo)[0].note == "Presented at the QI meeting"
    after = build_report_data(demo, ctx.full_month)
    assert after.signoff_state == (f"Signed off {signed.signed_at:%Y-%m-%d %H:%M} by tester"
                                   " (fingerprint of all territories); data"
                                   " unchanged since (same fingerprint)")
    assert after.changes == []


def test_a_month_is_signed_off_once_and_only_when_over(demo, ctx):
    sign_off_month(demo, ctx.full_month)
    with pytest.raises(AlreadySignedOff, match="already signed off"):
        sign_off_month(demo, ctx.full_month)
    with pytest.raises(RegistryError, match="2025-06: is not over yet"):
        sign_off_month(demo, "2025-06")


def test_edit_after_signoff_needs_a_reason_and_the_next_report_lists_it(demo, ctx, tmp_path):
    signed = sign_off_month(demo, ctx.full_month)
    case = _first_case(demo, ctx.full_month)
    case.values["nihss_24h"] = 41
    with pytest.raises(LockedCase, match="signed off. Give a reason"):
        update_case(demo, case)
    update_case(demo, case, reason="Corrected from the ward chart")
    result = generate_report(demo, "2025-03", xlsx=tmp_path / "next.xlsx", pdf=tmp_path / "next.pdf")
    summary = list(load_workbook(result.xlsx, read_only=True)["Summary"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(summary) if r[0] == "Cases changed after sign-off")
    row = summary[start + 2]
    assert row[0] == ctx.full_month and row[2] == case.values["case_number"]
    assert (row[6], row[8], row[9]) == ("nihss_24h", "41", "Corrected from the ward chart")
    text = pdf_words(result.pdf)
    assert case.values["case_number"] in text and "Corrected from the ward chart" in text
    assert "from " in text and " to 41" in text
    month = build_report_data(demo, ctx.full_month)
    assert month.month_fingerprint != signed.fingerprint and "CHANGED since sign-off" in month.signoff_state


def test_identifier_changes_are_listed_without_their_values(demo, ctx):
    sign_off_month(demo, ctx.full_month)
    case = _first_case(demo, ctx.full_month)
    case.identity["patient_name"] = "Renamed Patient"
    update_case(demo, case, reason="Name spelled wrong")
    rows = changes_after_signoff(demo, ctx.full_month)
    assert [(r["field"], r["new_value"]) for r in rows] == [("patient_name", HIDDEN)]
    identified = changes_after_signoff(demo, ctx.full_month, identified=True)
    assert identified[0]["new_value"] == "Renamed Patient"


def test_changes_before_signoff_and_in_other_months_are_not_listed(demo, ctx):
    case = _first_case(demo, ctx.full_month)
    case.values["nihss_24h"] = 40
    update_case(demo, case)
    sign_off_month(demo, ctx.full_month)
    other = _first_case(demo, "2025-03")
    other.values["nihss_24h"] = 39
    update_case(demo, other)
    assert changes_after_signoff(demo) == []


def test_moving_a_case_out_of_a_signed_off_month_is_listed(demo, ctx):
    sign_off_month(demo, ctx.full_month)
    case = _first_case(demo, ctx.full_month)
    assert case.values["procedure_date"].day < 10
    four_weeks = timedelta(days=28)
    case.values.update({k: v + four_weeks for k, v in case.values.items()
                        if isinstance(v, (date, datetime))})
    for attempt in case.passes:
        attempt["pass_time"] = attempt["pass_time"] and attempt["pass_time"] + four_weeks
    update_case(demo, case, reason="Wrong procedure date")
    rows = changes_after_signoff(demo)
    assert case.values["procedure_date"].month == 3
    assert {(r["month"], r["case_number"]) for r in rows} == {(ctx.full_month, case.values["case_number"])}
    assert "procedure_date" in {r["field"] for r in rows}


def _reference_text(cases):
    """canonical_text as first written: format_value of every field of every case and pass."""
    import csv
    import io
    from registry_app.domain.values import format_value
    from registry_app.services.interchange.rows import attempt_fields, case_fields, case_record
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields, passes = case_fields(identified=False), attempt_fields()
    writer.writerow([fd.code for fd in fields] + ["|"] + [fd.code for fd in passes])
    for case in sorted(cases, key=lambda c: str(c.values.get("case_number") or "")):
        writer.writerow([format_value(fd, v) for fd, v in zip(fields, case_record(case))])
        for attempt in case.passes:
            writer.writerow(["|"] + [format_value(fd, attempt.get(fd.code)) for fd in passes])
    return out.getvalue()


def test_the_fingerprint_text_is_the_interchange_text_of_every_field(demo, ctx):
    from registry_app.services.reports.signoff import canonical_text
    cases = month_cases(demo, ctx.full_month, territory=None, with_identity=True)
    odd = cases[0].copy()
    odd.values.update(case_number="=ODD, \"quoted\"\nline", age=7.0, notes="  x;y  ",
                      onset_time=datetime(999, 1, 2, 3, 4), door_time=date(2025, 1, 2),
                      symptom_duration_h=100000.0)
    cases.append(odd)
    assert canonical_text(cases) == _reference_text(cases) and len(cases) > 30


def test_a_date_and_time_is_written_on_the_minute_as_strftime_writes_it():
    """The canonical text of a sign-off (format_value) takes isoformat where it writes the same
    as strftime, and strftime elsewhere (before year 1000, a time zone, a date alone)."""
    from datetime import timezone
    from registry_app.domain.fields import FIELDS_BY_CODE
    from registry_app.domain.values import format_value
    fd = FIELDS_BY_CODE["puncture_time"]
    for value in (datetime(2025, 3, 1, 14, 5, 59, 999), datetime(1000, 1, 1), datetime(999, 12, 31),
                  datetime(2025, 3, 1, 0, 0, tzinfo=timezone.utc), date(2025, 3, 1)):
        assert format_value(fd, value) == value.strftime("%Y-%m-%d %H:%M"), value


# Figures at sign-off vs now (page 1) ##################################################

def _page_one(registry, month, tmp_path):
    result = generate_report(registry, month, pdf=tmp_path / f"{month}.pdf")
    return pdf_words(result.pdf, slice(0, 1))


def _dead_at_90_days(registry, month):
    """A mature case of the month with a known mRS at 90 days other than 6, now 6 (death)."""
    for case in month_cases(registry, month):
        if case.values.get("mrs_90d") not in (None, 6):
            case = get_case(registry, case.id)
            case.values["mrs_90d"] = 6
            update_case(registry, case, reason="Death notice received")
            return


def test_page_one_shows_the_figures_at_signoff_that_differ_now(demo, ctx, tmp_path):
    from registry_app.services.reports.pdf.scorecard import figure_text
    from registry_app.services.reports.signoff import month_figures
    signed = sign_off_month(demo, ctx.full_month)
    assert "Figures at sign-off vs now" not in _page_one(demo, ctx.full_month, tmp_path)
    _dead_at_90_days(demo, ctx.full_month)
    now = month_figures(demo, ctx.full_month)
    before = signed.figures["mortality_90d"]
    assert now["mortality_90d"] == [before[0] + 1, before[1]]
    for month in (ctx.full_month, "2025-03"):        # the month itself, and the month after it
        text = _page_one(demo, month, tmp_path)
        assert "Figures at sign-off vs now Some key figures of February 2025 (signed off" in text
        assert (f"Mortality at 90 days (all MT), February 2025 {figure_text(before)}"
                f" {figure_text(now['mortality_90d'])}") in text
        assert "Cases, February 2025" not in text                    # equal figures: not listed
    assert "Figures at sign-off vs now" not in _page_one(demo, "2025-04", tmp_path)


def test_no_figures_table_without_a_signoff_or_with_figures_unchanged(demo, ctx, tmp_path):
    _dead_at_90_days(demo, ctx.full_month)                   # edited, but nothing signed off
    assert "Figures at sign-off vs now" not in _page_one(demo, ctx.full_month, tmp_path)
    data = build_report_data(demo, ctx.full_month)
    assert data.figure_changes == []


def test_an_imported_case_moved_into_a_signed_off_month_lists_each_imported_value(demo, ctx, tmp_path):
    from registry_app.services.importing.file_import import import_file
    sign_off_month(demo, ctx.full_month)
    (tmp_path / "late.csv").write_text("case_number,procedure_date,age,mrn\nSO-1,2025-03-05,70,M-77\n")
    assert import_file(demo, tmp_path / "late.csv", before_import=None).created == 1
    case = get_case(demo, find_case_id(demo, "SO-1"))
    case.values["procedure_date"] = date(2025, 2, 20)
    update_case(demo, case, reason="Entered in the wrong month")
    rows = [r for r in changes_after_signoff(demo, ctx.full_month) if r["case_number"] == "SO-1"]
    imported = {r["field"]: r["new_value"] for r in rows if r["action"] == "import"}
    assert imported["age"] == "70" and imported["procedure_date"] == "2025-03-05"
    assert imported["mrn"] == HIDDEN
    assert {r["old_value"] for r in rows if r["action"] == "import" and r["field"] != "mrn"} == {None}
    assert ("update", "procedure_date", "2025-03-05", "2025-02-20") in {
        (r["action"], r["field"], r["old_value"], r["new_value"]) for r in rows}
