"""The demo registry's last full month, reported at the next month's meeting: no 90-day rate
on any page is computed from cases whose follow-up is not yet due, and the CUSUM raises no
signal from them (the issue's "done when")."""
import pytest
from openpyxl import load_workbook

from registry_app.services.cases.queries import CaseFilter
from registry_app.services.reports.pdf.document import rate_text
from registry_app.services.reports.monthly import generate_report
from registry_app.services.statistics import compute_stats, metric_case_ids
from registry_app.services.statistics.metrics import ARM_NAMES
from ..pdf_text import pdf_words

LAST_FULL_MONTH = "2025-05"
"""Today is 2025-06-30: May's cases reach 90 + 14 days from mid-August on."""
FOLLOWUP = ("good_outcome_90d", "mortality_90d")


@pytest.fixture
def may_data(gathered):
    """The report data of LAST_FULL_MONTH compared with Chen 2019 (gathered once per run from
    a copy of the demo registry)."""
    return gathered(LAST_FULL_MONTH, "chen2019")


def test_no_90_day_rate_from_cases_not_yet_due(demo, tmp_path, may_data):
    result = generate_report(demo, LAST_FULL_MONTH, xlsx=tmp_path / "m.xlsx",
                             pdf=tmp_path / "m.pdf", benchmark_ids=["chen2019"])
    data = may_data
    assert result.fingerprint == data.fingerprint  # the report of these very data
    arms = data.stats["arms"]
    text = pdf_words(result.pdf)
    for arm in ARM_NAMES:
        for metric in FOLLOWUP:
            rate = arms[arm][metric]
            assert rate["known"] == 0 and rate["rate"] is None
            assert rate["not_yet_due"] == arms[arm]["n"]
            if arms[arm]["n"]:
                assert rate_text(rate).startswith("not yet due") and rate_text(rate) in text
    book = load_workbook(result.xlsx, read_only=True)  # values only: the Summary sheet alone is read
    for row in book["Summary"].iter_rows(values_only=True):
        if row[1] in ("Good outcome at 90 days", "90-day mortality"):
            assert row[3] == 0 and row[5] is None  # known, rate


def test_the_cusum_sees_no_case_not_yet_due(demo, may_data):
    data = may_data
    window = compute_stats(demo, CaseFilter(date_from=data.trend_from, date_to=data.period_to),
                           ["chen2019"])
    waiting = set(metric_case_ids(demo, CaseFilter(), "all_mt", "mortality_90d", "not_yet_due"))
    assert waiting
    for stats in (data.stats, window):
        cusum = stats["cusum"]["mortality_90d"]
        if cusum["available"]:
            assert not waiting & set(cusum["case_ids"])
            assert not waiting & set(cusum["signal_case_ids"])
        else:
            assert "No cases with known outcome" in cusum["reason"]
    assert window["cusum"]["mortality_90d"]["available"]  # the mature months are monitored
    reported = data.cusum["mortality_90d"]  # the report's CUSUM (12 months to the month's end)
    assert not waiting & set(reported.get("signal_case_ids") or [])
    assert not waiting & set(reported.get("case_ids") or [])
    assert waiting & set(data.cusum["sich"]["case_ids"])  # sICH is known at the procedure
