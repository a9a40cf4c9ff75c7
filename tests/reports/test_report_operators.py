"""Operators in the report: letters A, B, C... by default, names only when asked for."""
import re

import pytest
from openpyxl import load_workbook

from registry_app.cli.main import main
from ..conftest import copy_registry_file
from ..pdf_text import page_texts
from .conftest import FULL_MONTH

NAMES = re.compile(r"\bOP\d\b")
"""The demo's operators are called OP1, OP2, ..."""


def _report(db, tmp_path, month, *extra):
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    code = main(["--db", str(db), "report", "--month", month, "--xlsx", str(xlsx),
                 "--pdf", str(pdf), *extra])
    assert code == 0
    text = "\n".join(page_texts(pdf))
    return text, load_workbook(xlsx, read_only=True)


@pytest.fixture(scope="module")
def default_report(demo_file, tmp_path_factory):
    """(PDF text, workbook) of the full demo month's report with the default options, written
    once for the module by the command line from a copy of the demo registry (read only)."""
    folder = tmp_path_factory.mktemp("operators")
    db = copy_registry_file(demo_file, folder / "demo.sqlite3")
    return _report(db, folder, FULL_MONTH)


def _column(sheet, header: str) -> list:
    rows = list(sheet.iter_rows(values_only=True))
    at = list(rows[0]).index(header)
    return [row[at] for row in rows[1:] if row[at] is not None]


def _summary(book) -> dict:
    return {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}


def test_operators_are_letters_by_default_in_the_pdf_and_workbook(default_report):
    text, book = default_report
    assert not NAMES.search(text)
    assert "operators as letters A, B, C" in re.sub(r"\s+", " ", text)
    cases = _column(book["Cases"], "operator")
    review = _column(book["Review"], "Operator")
    assert cases and review
    assert set(cases) | set(review) <= {"A", "B", "C", "D"}
    assert "Operators As letters A, B, C... (sorted names" in re.sub(r"\s+", " ", text)
    assert _summary(book)["Operators"].startswith("As letters A, B, C")


def test_operator_names_on_request(demo, tmp_path, capsys, ctx):
    text, book = _report(demo.path, tmp_path, ctx.full_month, "--operator-names")
    capsys.readouterr()
    flat = re.sub(r"\s+", " ", text)
    assert "operators by name" in flat and "one operator (by name)" in flat
    funnel = flat[flat.index("Funnel plots: centre and operators"):]
    assert NAMES.search(funnel)  # the funnel table names the operators' points
    cases = _column(book["Cases"], "operator")
    assert cases and all(NAMES.fullmatch(v) for v in cases)
    assert all(NAMES.fullmatch(v) for v in _column(book["Review"], "Operator"))
    assert "Operators By name (asked for)" in flat
    assert _summary(book)["Operators"] == "By name (asked for)"


def test_limb_and_coronary_case_sheets_letter_operators_too(default_report):
    _, book = default_report
    sheets = [name for name in book.sheetnames if name in ("Limb cases", "Coronary cases")]
    assert sheets
    shown = [v for name in sheets for v in _column(book[name], "Operator")]
    assert shown and all(re.fullmatch(r"[A-Z]+", v) for v in shown)


def test_the_lettering_covers_the_operators_of_every_case_of_the_window(demo, ctx, gathered):
    """The operators are read as one distinct query; the letters are those of the window's
    cases of every territory (deleted cases and blank operators left out)."""
    from sqlalchemy import update

    from registry_app.services.cases.loading import load_partial_cases
    from registry_app.services.cases.queries import CaseFilter, distinct_values
    from registry_app.services.reports.data import build_report_data
    from registry_app.services.reports.lists import operator_codes
    from registry_app.storage.schema import cases_table
    first = gathered(ctx.full_month)  # the report data of an equal copy of the demo
    window = CaseFilter(date_from=first.trend_from, date_to=first.period_to)
    ids = [c.id for c in load_partial_cases(demo, window, ("operator",))]
    with demo.transaction() as session:  # a blank operator, and an operator only a deleted case has
        C = cases_table.c
        session.execute(update(cases_table).where(C.id == ids[0]).values(operator=""))
        session.execute(update(cases_table).where(C.id == ids[1])
                        .values(operator="OP-gone", deleted_at=first.generated_at))
    data = build_report_data(demo, ctx.full_month)
    cases = load_partial_cases(demo, window, ("operator",))
    assert data.operator_codes == operator_codes(cases) and len(data.operator_codes) > 2
    assert "OP-gone" not in data.operator_codes and "" not in data.operator_codes
    assert {"", None} & set(distinct_values(demo, window, "operator")) == {""}
    names = build_report_data(demo, ctx.full_month, operator_names=True).operator_codes
    assert names == operator_codes(cases, True)
