"""The rejects file explains every bad row and can be fixed and imported again; imports are safe."""
import csv
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from registry_app.domain.errors import Cancelled
from registry_app.services.cases.editing import create_case, find_case_id, get_case
from registry_app.services.importing.file_import import EXIT_OK, EXIT_REJECTED, import_file
from registry_app.services.maintenance.backups import list_backups
from registry_app.services.progress import CancelToken
from registry_app.services.cases.queries import count_cases
from registry_app.services.reports.signoff import sign_off_month
from registry_app.storage import audit
from registry_app.storage.schema import AuditRow

HEADER = ["Case No", "Date", "Age", "NIHSS", "mRS 90", "IVT", "notes"]
BROKEN = [
    ["B-1", datetime(2025, 1, 10), 70, 12, 2, "yes", "good row"],
    ["B-2", "yesterday", 70, 99, 2, "yes", "bad date and NIHSS"],
    ["B-3", datetime(2025, 1, 11), "seventy", 12, 9, "maybe", "three bad cells"],
    [None, datetime(2025, 1, 12), 70, 12, 2, "no", "no case number"],
    ["B-5", datetime(2025, 1, 13), 70, 12, 2, "no", "good row"],
]


def write_book(path, cases_rows, attempts_rows=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    for row in [HEADER] + cases_rows:
        sheet.append(row)
    if attempts_rows is not None:
        attempts = book.create_sheet("attempts")
        for row in [["case_number", "pass_number", "technique", "reperfusion_grade"]] + attempts_rows:
            attempts.append(row)
    book.save(path)
    return path


def sheet_rows(path, name="cases") -> list[dict]:
    sheet = load_workbook(path)[name]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_rejects_file_of_a_broken_spreadsheet_explains_every_bad_row(registry, tmp_path):
    report = import_file(registry, write_book(tmp_path / "broken.xlsx", BROKEN))
    assert (report.created, report.exit_code) == (2, EXIT_REJECTED)
    assert report.rejects_file == tmp_path / "broken.rejects.xlsx"
    rows = {r["row"]: r for r in sheet_rows(report.rejects_file)}
    assert sorted(rows) == [3, 4, 5]
    assert "column 'Date': Procedure date: 'yesterday' is not a date" in rows[3]["reasons"]
    assert "column 'NIHSS': NIHSS on admission" in rows[3]["reasons"]
    assert "is required" not in rows[3]["reasons"]  # the unreadable date is reported once
    assert rows[4]["reasons"].count("column '") == 3  # age, mRS, IVT: every reason, not the first
    assert "Case number: is required" in rows[5]["reasons"]
    assert rows[4]["Age"] == "seventy" and rows[4]["sheet"] == "cases"
    assert isinstance(rows[5]["Date"], datetime)  # values keep their types


def test_fixed_rejects_file_imports_cleanly(registry, tmp_path):
    first = import_file(registry, write_book(tmp_path / "broken.xlsx", BROKEN))
    book = load_workbook(first.rejects_file)
    sheet = book["cases"]
    header = [c.value for c in sheet[1]]
    fixes = {3: {"Date": datetime(2025, 1, 14), "NIHSS": 19}, 4: {"Age": 70, "mRS 90": 3, "IVT": "no"},
             5: {"Case No": "B-4"}}
    for row in sheet.iter_rows(min_row=2):
        for column, value in fixes[row[1].value].items():
            row[header.index(column)].value = value
    book.save(tmp_path / "fixed.xlsx")
    again = import_file(registry, tmp_path / "fixed.xlsx")
    assert (again.created, again.rejected, again.exit_code) == (3, [], EXIT_OK)
    assert again.unknown_columns == []  # sheet, row and reasons are understood
    assert count_cases(registry) == 5
    assert get_case(registry, find_case_id(registry, "B-2")).values["nihss_admission"] == 19


def _csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def edit_csv(path, change) -> None:
    """Edit a rejects CSV as a coordinator would, keeping its columns."""
    with path.open(encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, change(list(reader))
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def test_csv_rejects_keep_the_passes_of_rejected_cases(registry, tmp_path):
    _csv(tmp_path / "c.csv", "case_number,procedure_date,nihss_admission\n"
                             "P-1,2025-01-10,12\nP-2,2025-01-10,77\n")
    _csv(tmp_path / "c.attempts.csv", "case_number,pass_number,technique,reperfusion_grade\n"
                                      "P-1,1,aspiration,2b\nP-2,1,aspiration,1\nP-2,2,combined,2c\n"
                                      "P-9,1,aspiration,3\n")
    report = import_file(registry, tmp_path / "c.csv")
    assert report.rejects_file == tmp_path / "c.rejects.csv"
    cases_rows = list(csv.DictReader((tmp_path / "c.rejects.csv").open(encoding="utf-8-sig")))
    passes = list(csv.DictReader((tmp_path / "c.rejects.attempts.csv").open(encoding="utf-8-sig")))
    assert [r["case_number"] for r in cases_rows] == ["P-2"]
    assert [(r["case_number"], r["row"]) for r in passes] == [("P-2", "3"), ("P-2", "4"), ("P-9", "5")]
    assert "which was rejected" in passes[0]["reasons"]
    assert "no case with this case number" in passes[2]["reasons"]
    edit_csv(tmp_path / "c.rejects.csv", lambda rows: [{**r, "nihss_admission": "17"} for r in rows])
    edit_csv(tmp_path / "c.rejects.attempts.csv", lambda rows: rows[:-1])  # drop the P-9 pass
    again = import_file(registry, tmp_path / "c.rejects.csv")
    assert (again.created, again.rejected) == (1, [])
    fixed = get_case(registry, find_case_id(registry, "P-2"))
    assert [p["technique"] for p in fixed.passes] == ["aspiration", "combined"]
    assert fixed.values["mt_passes"] == 2


def test_a_stale_companion_from_an_earlier_import_is_removed(registry, tmp_path):
    _csv(tmp_path / "s.csv", "case_number,procedure_date,age\nS-1,2025-01-10,200\n")
    (tmp_path / "s.rejects.attempts.csv").write_text("case_number,pass_number\nS-1,1\n")
    import_file(registry, tmp_path / "s.csv")
    assert not (tmp_path / "s.rejects.attempts.csv").exists()


def test_changed_rows_are_audited_as_import_updates(registry, make_case, tmp_path):
    create_case(registry, make_case("U-1"))
    _csv(tmp_path / "u.csv", "case_number,nihss_admission,mrs_90d\nU-1,16,2\n")
    report = import_file(registry, tmp_path / "u.csv")
    assert (report.updated, report.unchanged) == (1, 0)
    with registry.reading() as session:
        rows = session.scalars(select(AuditRow).where(AuditRow.action == "update")).all()
    assert [(r.field, r.old_value, r.new_value, r.reason, r.user) for r in rows] == [
        ("nihss_admission", "14", "16", "import", "tester")]
    assert import_file(registry, tmp_path / "u.csv").unchanged == 1


def test_a_new_case_gets_one_audit_row_holding_every_value(registry, tmp_path):
    _csv(tmp_path / "n.csv", "case_number,procedure_date,age\nN-1,2025-01-10,70\n")
    import_file(registry, tmp_path / "n.csv")
    with registry.reading() as session:
        rows = session.scalars(select(AuditRow).where(AuditRow.case_number == "N-1")).all()
    assert [(r.action, r.field, r.old_value) for r in rows] == [("import", audit.VALUES_FIELD, None)]
    assert set(audit.expanded(rows[0].field, None, rows[0].new_value)) >= {
        ("age", None, "70"), ("procedure_date", None, "2025-01-10"), ("case_number", None, "N-1")}


@pytest.fixture
def signed_january(registry, make_case):
    create_case(registry, make_case("J-1"))
    sign_off_month(registry, "2025-01")
    return registry


def test_import_cannot_change_a_case_of_a_signed_off_month(signed_january, tmp_path):
    _csv(tmp_path / "j.csv", "case_number,procedure_date,nihss_admission\n"
                             "J-1,2025-01-10,20\nJ-2,2025-01-20,8\nJ-3,2025-02-03,8\n")
    report = import_file(signed_january, tmp_path / "j.csv")
    found = {r.case_number: " ".join(r.reasons) for r in report.rejected}
    assert "case J-1 belongs to 2025-01, which was signed off; an import cannot change it" in found["J-1"]
    assert "falls in 2025-01, which was signed off" in found["J-2"]
    assert report.created == 1 and find_case_id(signed_january, "J-3")
    assert get_case(signed_january, find_case_id(signed_january, "J-1")).values["nihss_admission"] == 14


def test_unchanged_rows_of_a_signed_off_month_are_fine(signed_january, tmp_path):
    _csv(tmp_path / "same.csv", "case_number,procedure_date,nihss_admission\nJ-1,2025-01-10,14\n")
    report = import_file(signed_january, tmp_path / "same.csv")
    assert (report.unchanged, report.rejected) == (1, [])


def test_moving_a_case_out_of_a_signed_off_month_is_refused(signed_january, tmp_path):
    _csv(tmp_path / "move.csv", "case_number,procedure_date\nJ-1,2025-02-10\n")
    assert import_file(signed_january, tmp_path / "move.csv").rejected


def test_dry_run_writes_nothing_but_explains(registry, tmp_path):
    path = write_book(tmp_path / "dry.xlsx", BROKEN)
    report = import_file(registry, path, dry_run=True)
    assert (report.created, len(report.rejected), count_cases(registry)) == (2, 3, 0)
    assert "would be imported" in report.summary() and report.rejects_file.exists()


def test_import_backs_up_first_only_when_it_writes(registry, make_case, tmp_path):
    create_case(registry, make_case("K-1"))
    _csv(tmp_path / "k.csv", "case_number,procedure_date,nihss_admission\nK-1,2025-01-10,14\n")
    import_file(registry, tmp_path / "k.csv")
    assert [b.reason for b in list_backups(registry)] == []
    _csv(tmp_path / "k2.csv", "case_number,procedure_date,age\nK-2,2025-01-10,70\n")
    import_file(registry, tmp_path / "k2.csv")
    assert [b.reason for b in list_backups(registry)] == ["import"]


def test_cancelled_import_writes_nothing(registry, tmp_path):
    lines = "".join(f"Q-{n},2025-01-10,{50 + n % 40}\n" for n in range(1200))
    _csv(tmp_path / "q.csv", "case_number,procedure_date,age\n" + lines)
    token = CancelToken()

    def progress(label, done, total):
        if label == "Importing cases":
            token.cancel()
    with pytest.raises(Cancelled):
        import_file(registry, tmp_path / "q.csv", progress=progress, cancel=token,
                    before_import=None)
    assert count_cases(registry) == 0


def test_progress_reports_checking(registry, tmp_path):
    _csv(tmp_path / "p.csv", "case_number,procedure_date\n" + "".join(
        f"PR-{n},2025-01-10\n" for n in range(1100)))
    seen = []
    import_file(registry, tmp_path / "p.csv", progress=lambda *step: seen.append(step))
    assert ("Checking rows", 1100, 1100) in seen and seen[0][0] == "Reading the file"
    assert date(2025, 1, 10) == get_case(registry, find_case_id(registry, "PR-7")).values["procedure_date"]


def test_a_bad_cell_repeated_on_many_rows_rejects_each_and_good_repeats_read_alike(registry, tmp_path):
    rows = "".join(f"R-{n},2025-01-10,{'seventy' if n % 2 else '70'},-0.0\n" for n in range(6))
    _csv(tmp_path / "r.csv", "case_number,procedure_date,age,symptom_duration_h\n" + rows)
    report = import_file(registry, tmp_path / "r.csv")
    assert sorted(r.case_number for r in report.rejected) == ["R-1", "R-3", "R-5"]
    assert all("seventy" in " ".join(r.reasons) for r in report.rejected)
    assert [get_case(registry, find_case_id(registry, f"R-{n}")).values["age"] for n in (0, 2, 4)] == [70] * 3
