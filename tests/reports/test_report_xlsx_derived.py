"""The Cases sheet's derived columns, checked against the cases by hand."""

import pytest
from openpyxl import load_workbook

from registry_app.domain import derived
from registry_app.services.reports.data import build_report_data
from registry_app.services.reports.xlsx.workbook import write_report_xlsx

from .conftest import FULL_MONTH


def _sheet(demo, tmp_path, month, identified=False, data=None):
    """(report data, Cases rows as dicts, header) of the month's workbook; `data`: the report
    data of `demo` when already gathered."""
    if data is None:
        data = build_report_data(demo, month, identified=identified)
    book = load_workbook(write_report_xlsx(data, tmp_path / "m.xlsx"), read_only=True)
    rows = list(book["Cases"].iter_rows(values_only=True))
    start = 1 if identified else 0
    header = rows[start]
    return data, [dict(zip(header, r)) for r in rows[start + 1:]], header


@pytest.fixture(scope="module")
def full_month_sheet(gathered, tmp_path_factory):
    """_sheet of the full demo month, de-identified, made once for the module (read only)."""
    return _sheet(None, tmp_path_factory.mktemp("derived"), FULL_MONTH,
                  data=gathered(FULL_MONTH))


def test_derived_columns_equal_the_derived_values_of_each_case(full_month_sheet):
    data, rows, header = full_month_sheet
    for name in ("arm", "mt_failed", "recanalized", "good_outcome_90d", "death_within_90d",
                 "followup_status", "mature", "door_to_puncture_min", "onset_to_reperfusion_min"):
        assert name in header, name
    by_number = {c.get("case_number"): c for c in data.cases}
    for row in rows:
        case = by_number[row["case_number"]]
        assert all(row[f"{code}_min"] == minutes  # every interval column, each on its own
                   for code, minutes in derived.intervals(case).items())
        assert row["mature"] == "yes"  # February: 90 days + 14 passed by 2025-06-30
        death = derived.mortality_90d(case, data.settings)
        assert row["death_within_90d"] == {None: "unknown", True: "yes", False: "no"}[death]
    statuses = {r["followup_status"] for r in rows}
    assert statuses <= {"complete", "lost", "due", "in window", "not yet due", "unknown"}
    died = sum(r["death_within_90d"] == "yes" for r in rows)
    assert died == data.stats["arms"]["all_mt"]["mortality_90d"]["events"]


def test_recent_cases_are_not_mature_and_their_outcomes_not_yet_due(gathered, tmp_path, ctx):
    data, rows, _ = _sheet(None, tmp_path, ctx.recent_month, data=gathered(ctx.recent_month))
    assert rows and all(r["mature"] == "no" for r in rows)
    assert {r["good_outcome_90d"] for r in rows} == {"not yet due"}
    assert {r["followup_status"] for r in rows} <= {"not yet due", "complete", "lost"}


def test_no_limb_or_coronary_column_and_no_notes_when_de_identified(full_month_sheet, gathered,
                                                                     tmp_path, ctx):
    _, _, header = full_month_sheet
    assert "notes" not in header and "rutherford_class" not in header
    assert "timi_final" not in header and "nihss_admission" in header
    _, _, identified = _sheet(None, tmp_path, ctx.full_month, identified=True,
                              data=gathered(ctx.full_month, identified=True))
    assert "notes" in identified
