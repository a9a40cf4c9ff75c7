"""Open data queries in the report's data-quality section (PDF and workbook); the de-identified
report shows the rule and the registry ID, never the coordinator's comment."""
from datetime import datetime

import pytest
from openpyxl import load_workbook

from registry_app.services.cases.editing import create_case, find_case_id, get_case
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.pdf.document import write_report_pdf
from registry_app.services.reports.xlsx.workbook import write_report_xlsx
from ..conftest import case_factory, filled_with
from ..pdf_text import page_texts

COMMENT = "Dr Example wrote 09:00 on the form"
NOW = datetime(2025, 7, 1, 9, 30)


def _with_a_query(registry) -> None:
    make_case = case_factory()
    create_case(registry, make_case("RQ-1"))
    bad = make_case("RQ-2", puncture_time=datetime(2025, 1, 10, 9, 0), imaging_time=None)
    create_case(registry, bad, query_comment=COMMENT)


@pytest.fixture
def queried(filled_copy):
    """(registry, registry ID of RQ-2): this test's copy of a registry holding RQ-1 and RQ-2,
    whose times out of order opened a query with COMMENT (filled once)."""
    registry = filled_copy("sqlite", "report-queries", filled_with(_with_a_query))
    return registry, get_case(registry, find_case_id(registry, "RQ-2")).values["registry_id"]


def _pdf_text(data, path) -> str:
    return "\n".join(page_texts(write_report_pdf(data, path)))


def _quality_rows(data, path) -> list[tuple]:
    sheet = load_workbook(write_report_xlsx(data, path), read_only=True)["Data quality"]
    return [row for row in sheet.iter_rows(values_only=True)]


def test_the_de_identified_report_lists_the_rule_and_registry_id_only(queried, tmp_path):
    registry, queried = queried
    data = build_report_data(registry, "2025-01", now=NOW)
    assert [(q["registry_id"], q["rule"]) for q in data.queries] == [(queried,
                                                                      "Times out of order")]
    text = _pdf_text(data, tmp_path / "r.pdf")
    assert "1 open query" in text and "Times out of order" in text and queried in text
    assert "Dr Example" not in text
    every_row = _quality_rows(data, tmp_path / "r.xlsx")
    rows = [r for r in every_row if "open query" in r]
    assert len(rows) == 1 and rows[0][0] == queried and rows[0][1] is None
    assert rows[0][-1] == "Open query: Times out of order."
    assert not any("Dr Example" in str(cell) for row in every_row for cell in row)


def test_the_identified_report_shows_the_comment(queried, tmp_path):
    registry, _ = queried
    data = build_report_data(registry, "2025-01", identified=True, now=NOW)
    text = _pdf_text(data, tmp_path / "r.pdf")
    assert "RQ-2" in text and "Dr Example" in text
    rows = [r for r in _quality_rows(data, tmp_path / "r.xlsx") if "open query" in r]
    assert rows[0][1] == "RQ-2" and COMMENT in rows[0][-1]


def test_a_resolved_query_is_no_longer_listed(queried):
    registry, _ = queried
    from registry_app.services.cases.data_queries import list_queries, resolve_query
    resolve_query(registry, list_queries(registry)[0].id, "checked")
    assert build_report_data(registry, "2025-01", now=NOW).queries == []
