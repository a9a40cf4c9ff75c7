"""The same selection and as-of date give the same numbers in the four outputs: `stats --json`,
the dashboard, the PDF report and the workbook. March 2025 seen on 2025-06-30 is half mature:
its early cases count for 90-day outcomes, its late ones are not yet due."""
import contextlib
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from registry_app.cli.main import main
from registry_app.gui.views.dashboard.view import DashboardView
from registry_app.services.reports.pdf.text import rate_text
from registry_app.services.reports.monthly import generate_report
from registry_app.services.statistics.metrics import ARM_LABELS, OUTCOME_METRICS
from registry_app.services.statistics.sections import METRIC_LABELS

from ..conftest import copy_registry_file, open_on_test_clock
from ..pdf_text import page_texts

MONTH, AS_OF, BENCHMARK = "2025-03", "2025-06-30", "chen2019"
ARMS = ("rescue_stent", "no_stent", "all_mt")


@pytest.fixture(scope="module")
def demo_copy(demo_template, tmp_path_factory):
    """A copy of the demo registry shared by the module's command-line and report runs,
    which only read it (the dashboard test opens its own copy)."""
    return copy_registry_file(demo_template, tmp_path_factory.mktemp("four") / "demo.sqlite3")


@pytest.fixture(scope="module")
def cli_stats(demo_copy):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["--db", str(demo_copy), "stats", "--json", "--month", MONTH,
                     "--as-of", AS_OF, "--benchmark", BENCHMARK])
    assert code == 0
    return json.loads(printed.getvalue())


@pytest.fixture
def dashboard_stats(demo_ctx, qtbot):
    view = DashboardView(demo_ctx)
    qtbot.addWidget(view)
    view.filters.benchmarks.set_chosen([BENCHMARK])
    bar = view.filters
    with qtbot.waitSignal(view.stats_shown, timeout=20000):
        bar.kind.setCurrentIndex(bar.kind.findData("month"))
    if bar.period.currentData() != MONTH:
        with qtbot.waitSignal(view.stats_shown, timeout=20000):
            bar.period.setCurrentIndex(bar.period.findData(MONTH))
    return view


@pytest.fixture(scope="module")
def report_files(demo_copy, tmp_path_factory):
    """The month's report on the demo registry, today being the as-of date (written once)."""
    registry = open_on_test_clock(demo_copy)
    folder = tmp_path_factory.mktemp("four-report")
    try:
        assert registry.today() == date.fromisoformat(AS_OF)
        result = generate_report(registry, MONTH, xlsx=folder / "m.xlsx", pdf=folder / "m.pdf",
                                 benchmark_ids=[BENCHMARK])
    finally:
        registry.close()
    text = "\n".join(page_texts(result.pdf))
    return load_workbook(result.xlsx), " ".join(text.split())


def test_the_month_is_half_mature(cli_stats):
    dead = cli_stats["arms"]["all_mt"]["mortality_90d"]
    assert dead["known"] > 0 and dead["not_yet_due"] > 0
    assert cli_stats["as_of"] == AS_OF


def test_dashboard_equals_the_cli(cli_stats, dashboard_stats):
    shown = dashboard_stats.stats
    assert shown["arms"] == cli_stats["arms"]
    assert shown["benchmarks"] == cli_stats["benchmarks"]
    assert shown["maturity"] == cli_stats["maturity"]
    model = dashboard_stats.rates_model
    for row in model.rows:
        rate = cli_stats["arms"][row.arm][row.metric]
        cells = [model.index(model.rows.index(row), c).data() for c in (3, 4, 7, 8)]
        assert cells == [str(rate["events"]), str(rate["known"]), str(rate["unknown"]),
                         str(rate["not_yet_due"])]


def test_workbook_equals_the_cli(cli_stats, report_files):
    book, _ = report_files
    rows = {(r[0], r[1]): r for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    for arm in ARMS:
        for metric in OUTCOME_METRICS:
            rate = cli_stats["arms"][arm][metric]
            name = METRIC_LABELS[metric][0].upper() + METRIC_LABELS[metric][1:]
            row = rows[(ARM_LABELS[arm], name)]
            assert (row[2], row[3], row[4], row[12]) == (
                rate["events"], rate["known"], rate["unknown"], rate["not_yet_due"])
            assert row[5] == pytest.approx(rate["rate"])


def test_pdf_equals_the_cli(cli_stats, report_files):
    _, text = report_files
    for arm in ARMS:
        for metric in OUTCOME_METRICS:
            assert rate_text(cli_stats["arms"][arm][metric]) in text
    verdicts = cli_stats["benchmark"]["by_arm"]["rescue_stent"]
    for entry in verdicts.values():
        assert rate_text(entry["center"]) in text
