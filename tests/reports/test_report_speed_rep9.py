"""The month's report reads its period scans from covering indexes (migration 0013, round eight)."""
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from registry_app.services.cases.queries import CaseFilter, distinct_values
from registry_app.services.reports.kept_digests import kept_window_digests
from registry_app.services.statistics.operators import arms_by_operator
from registry_app.services.statistics.process_counts import month_and_rolling_counts
from registry_app.storage.schema import STATS_INDEX, WINDOW_INDEX

ROLLING = CaseFilter(date_from=date(2024, 7, 1), date_to=date(2025, 6, 30), territory="cerebral")
WINDOW = (date(2024, 6, 1), date(2025, 6, 30))


@contextmanager
def statements(registry, marker: str):
    """The SELECTs the registry runs inside the block whose SQL holds `marker`."""
    found: list[tuple[str, tuple]] = []

    def seen(conn, cursor, statement, parameters, context, many):
        if not many and statement.lstrip().startswith("SELECT") and marker in statement:
            found.append((statement, parameters))
    event.listen(registry.engine, "before_cursor_execute", seen)
    try:
        yield found
    finally:
        event.remove(registry.engine, "before_cursor_execute", seen)


def plans(registry, found: list[tuple[str, tuple]]) -> list[str]:
    """SQLite's query plan of each statement, one text per statement."""
    assert found, "the statement was not run"
    with registry.engine.connect() as connection:
        return [" | ".join(row[-1] for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters))
                for statement, parameters in found]


def test_the_indexes_hold_the_columns_the_report_scans_read():
    assert STATS_INDEX[:6] == ("territory", "deleted_at", "procedure_date", "mt_failed",
                               "rescue_stent", "operator")
    assert {"sich_definition", "occlusion_site", "door_to_puncture",
            "puncture_to_reperfusion", "recanalized"} <= set(STATS_INDEX)
    assert WINDOW_INDEX == ("procedure_date", "id", "deleted_at", "case_number", "registry_id",
                            "operator")


def test_the_funnels_operator_scan_reads_the_statistics_index_in_its_order(demo):
    with statements(demo, "cases.operator, cases.procedure_date") as found:
        arms = arms_by_operator(demo, ROLLING, ["OP1", "OP2", "OP3"])
    assert arms  # the demo's operators have cases in the window
    [plan] = plans(demo, found)
    assert "COVERING INDEX ix_cases_stats" in plan and "TEMP B-TREE" not in plan, plan


def test_the_process_measures_read_only_the_statistics_index(demo):
    with statements(demo, "door_to_puncture") as found:
        assert month_and_rolling_counts(demo, ROLLING, date(2025, 6, 1)) is not None
    for plan in plans(demo, found):
        assert "COVERING INDEX ix_cases_stats" in plan, plan


@pytest.mark.parametrize("marker, run", [
    ("report_digests.digest", lambda reg: kept_window_digests(reg, *WINDOW)),
    ("DISTINCT cases.operator", lambda reg: distinct_values(
        reg, CaseFilter(date_from=WINDOW[0], date_to=WINDOW[1], territory=None), "operator")),
])
def test_the_windows_listing_and_operators_read_only_the_window_index(demo, marker, run):
    with statements(demo, marker) as found:
        assert run(demo)
    for plan in plans(demo, found):
        assert "COVERING INDEX ix_cases_window" in plan and "TEMP B-TREE" not in plan.replace(
            "TEMP B-TREE FOR DISTINCT", ""), plan


# The verify payload written as the plain PDF string it is #################################

def test_the_month_report_pdf_is_the_same_with_the_payload_as_reportlabs_string(
        report_data, tmp_path, monkeypatch):
    from reportlab import rl_config

    from registry_app.services.reports.fingerprint import read_inputs
    from registry_app.services.reports.pdf import document
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates: the document ID from the text
    document.write_report_pdf(report_data, tmp_path / "plain.pdf")
    monkeypatch.setattr(document, "document_text", lambda text: text)  # reportlab's own way
    document.write_report_pdf(report_data, tmp_path / "reportlab.pdf")
    written = (tmp_path / "plain.pdf").read_bytes()
    assert written == (tmp_path / "reportlab.pdf").read_bytes()
    assert read_inputs(tmp_path / "plain.pdf") == report_data.verify


@pytest.mark.parametrize("text", ["registry-app-verify:1:QUJD+/==", "", "a b-c.d:e"])
def test_a_plain_document_text_is_written_as_reportlab_writes_it(text):
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from registry_app.services.reports.pdf.strings import PlainPDFString, document_text
    kept = document_text(text)
    assert isinstance(kept, PlainPDFString) and str(kept) == text
    document = PDFDocument(invariant=1)
    assert PDFString(kept).format(document) == PDFString(text).format(document)


@pytest.mark.parametrize("text", ["(a)", "back\\slash", "café", "tab\there", "line\nbreak"])
def test_a_text_needing_escapes_or_encoding_is_left_to_reportlab(text):
    from registry_app.services.reports.pdf.strings import document_text
    assert document_text(text) is text


# Less for the cyclic collector to walk when it resumes after a report #######################

def test_the_report_data_is_freed_before_the_collector_resumes(demo, tmp_path, monkeypatch):
    import gc

    from registry_app.services import collector
    from registry_app.services.reports.data import ReportData
    from registry_app.services.reports.monthly import generate_report
    def report_data() -> set[int]:
        return {id(o) for o in gc.get_objects() if isinstance(o, ReportData)}
    before, alive_at_resume = report_data(), []  # another test's data may be alive

    class Watched:
        """gc as the collector module uses it, counting report data alive at gc.enable()."""
        def __getattr__(self, name):
            return getattr(gc, name)

        @staticmethod
        def enable():
            alive_at_resume.append(report_data() - before)
            gc.enable()
    monkeypatch.setattr(collector, "gc", Watched())
    result = generate_report(demo, "2025-05", xlsx=tmp_path / "m.xlsx", pdf=tmp_path / "m.pdf")
    assert result.cases > 0 and result.fingerprint and (tmp_path / "m.pdf").exists()
    assert alive_at_resume == [set()]


def test_a_saved_report_canvas_lets_go_of_its_kept_operators(tmp_path):
    from registry_app.services.reports.pdf.strings import KeptStringsCanvas
    canvas = KeptStringsCanvas(str(tmp_path / "c.pdf"), pageCompression=0)
    for text in ("yes", "no", "yes"):
        canvas.drawString(10, 10, text)
    assert len(canvas._kept_strings) == 2
    canvas.save()
    assert canvas._kept_strings == {} and (tmp_path / "c.pdf").read_bytes().count(b"Tj") == 3


def test_the_case_lists_first_page_still_reads_an_index_in_its_order(demo):
    """ix_cases_window replaced ix_cases_procedure_date: the list's default order (newest
    first) is still read from an index, without sorting every case."""
    from registry_app.services.cases.queries import select_ids
    statement = select_ids(CaseFilter(), demo.today(), 30).limit(200)
    with demo.engine.connect() as connection:
        compiled = statement.compile(dialect=connection.dialect)
        parameters = tuple(compiled.params[name] for name in compiled.positiontup)
        found = [(str(compiled), parameters)]
    [plan] = plans(demo, found)
    assert "ix_cases_window" in plan and "TEMP B-TREE" not in plan, plan


# A territory section from the month's cases already loaded ################################

@pytest.mark.parametrize("identified", [False, True])
def test_a_section_from_the_months_loaded_cases_is_the_one_it_loads_itself(demo, identified):
    from registry_app.services.cases.loading import load_month_cases
    from registry_app.services.reports.territory import build_section
    first, last, trend_from = date(2025, 5, 1), date(2025, 5, 31), date(2024, 5, 1)
    every_territory = load_month_cases(demo, first, last, None)
    for territory in ("limb", "coronary"):
        own = build_section(demo, territory, first, last, trend_from, identified)
        shared = build_section(demo, territory, first, last, trend_from, identified,
                               month_cases=every_territory)
        assert shared == own and own.cases  # the demo month has cases of each territory
        assert any(row.get("mrn") for row in shared.cases) == identified
