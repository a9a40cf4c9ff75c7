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
