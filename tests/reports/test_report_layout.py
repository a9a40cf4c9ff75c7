"""Report layout read from the PDF text: empty months say so in words, plurals, arm names."""
import re
from datetime import date, datetime

import pytest

from registry_app.services.cases.editing import create_case
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.pdf.document import write_report_pdf
from ..conftest import case_factory, filled_with
from ..pdf_text import pdf_words

NOW = datetime(2025, 7, 1, 9, 30)


def _one_case(registry) -> None:
    create_case(registry, case_factory()("C-0001"))


@pytest.fixture
def one_case(filled_copy):
    """A registry holding a single cerebral case, operated on 2025-01-10 (outcome known): this
    test's copy of one filled once."""
    return filled_copy("sqlite", "layout-one-case", filled_with(_one_case))


def _text(registry, month: str, tmp_path) -> str:
    path = write_report_pdf(build_report_data(registry, month, now=NOW), tmp_path / "r.pdf")
    return pdf_words(path)


def test_a_month_without_cases_says_so_instead_of_drawing_empty_charts(one_case, tmp_path):
    text = _text(one_case, "2024-06", tmp_path)
    assert ("No cerebral cases were recorded with a procedure date in June 2024: the month's"
            " column is empty") in text
    assert "No cerebral cases in June 2024: no outcome to show by arm." in text
    assert "No run chart: no month from Jun 23 to Jun 24 has a case with a known outcome." in text
    assert "No funnel plot: " in text
    assert "No cerebral cases in June 2024: no follow-up to show." in text
    # the forest plot's legend and the follow-up bars' scale are not drawn at all
    assert "Centre rate with 95% CI" not in text and "Share of the cases due" not in text
    assert "Monthly rate" not in text  # nor the run charts' legend


def test_a_one_case_month_reads_1_case_and_names_the_arms(one_case, tmp_path):
    text = _text(one_case, "2025-01", tmp_path)
    assert "1 cerebral case " in text
    assert not re.search(r"\b1 (cerebral |limb |coronary )?cases\b", text)
    assert "'Rescue stent' = rescue stent recorded as placed" in text
    assert "'rescue_stent'" not in text and "'all_mt'" not in text
    assert "No cerebral cases were recorded" not in text


def test_a_month_with_cases_but_none_due_draws_no_empty_follow_up_bars(one_case, make_case,
                                                                         tmp_path):
    create_case(one_case, make_case("C-0002", procedure_date=date(2025, 6, 2), mrs_90d=None,
                                    followup_date=None, followup_method=None,
                                    onset_time=datetime(2025, 6, 2, 8, 0),
                                    door_time=datetime(2025, 6, 2, 9, 10),
                                    imaging_time=datetime(2025, 6, 2, 9, 30),
                                    puncture_time=datetime(2025, 6, 2, 10, 15),
                                    first_pass_time=datetime(2025, 6, 2, 10, 40),
                                    reperfusion_time=datetime(2025, 6, 2, 11, 30),
                                    end_time=datetime(2025, 6, 2, 11, 45),
                                    discharge_date=date(2025, 6, 12)))
    text = _text(one_case, "2025-06", tmp_path)
    assert ("No case of June 2025 is due for its 90-day follow-up yet (1 case not yet due): no"
            " completeness to draw.") in text
    assert "Share of the cases due" not in text


def test_an_empty_month_says_so_in_the_header_of_its_case_sheets(one_case, tmp_path):
    from openpyxl import load_workbook

    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    data = build_report_data(one_case, "2024-06", now=NOW)
    book = load_workbook(write_report_xlsx(data, tmp_path / "r.xlsx"), read_only=True)
    for name in ("Cases", "Attempts"):
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) == 1, name  # the header only, with the note at its end
        assert rows[0][-1] == "No cerebral cases in June 2024.", name
