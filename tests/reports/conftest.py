"""Shared set-up for the report tests: a demo registry (copied per test) and report helpers."""
from datetime import date, datetime

import pytest

from registry_app.domain.settings import RegistrySettings
from registry_app.services.demo.generator import fill_demo
from registry_app.services.registry import open_registry, save_settings

from ..conftest import built_once, copy_registry_file

TODAY = date(2025, 6, 30)
FULL_MONTH = "2025-02"
"""A demo month whose 90-day outcomes are known (today is 2025-06-30)."""
RECENT_MONTH = "2025-06"
"""A demo month whose 90-day follow-up is not due yet: no outcome."""
CENTRE = "St Elsewhere Neurovascular Unit"
NOW = datetime(2025, 7, 1, 9, 30)


def _open(path, user="tester"):
    registry = open_registry(str(path), user=user)
    registry.today = lambda: TODAY
    return registry


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """800 synthetic cases over the two years before 2025-06-30, with a centre name (made
    once per run)."""
    def build(path) -> None:
        registry = _open(path)
        fill_demo(registry, 800, seed=5)
        save_settings(registry, RegistrySettings(center_name=CENTRE))
        registry.close()
    return built_once(tmp_path_factory, "report-demo-800-5", build)


@pytest.fixture
def demo(demo_file, tmp_path):
    """A private copy of the demo registry, 'today' fixed at 2025-06-30."""
    registry = _open(copy_registry_file(demo_file, tmp_path / "demo.sqlite3"))
    yield registry
    registry.close()


@pytest.fixture(scope="session")
def demo_copy(demo_file, tmp_path_factory):
    """copy(name) -> a new open copy of the demo registry ('today' fixed at 2025-06-30) in a
    folder of its own, for module-scoped set-ups that only read it; the caller closes it."""
    def copy(name: str):
        return _open(copy_registry_file(demo_file, tmp_path_factory.mktemp(name)
                                        / "demo.sqlite3"))
    return copy


@pytest.fixture(scope="session")
def gathered(demo_copy):
    """gathered(month, *benchmark ids, identified=False) -> a private deep copy of
    build_report_data(demo, month, benchmark ids, identified=..., now=NOW) gathered once per
    run from a copy of the demo registry, for tests that only need the report data of the
    unchanged demo."""
    import copy

    from registry_app.services.reports.data import build_report_data
    made: dict = {}

    def gather(month: str, *benchmark_ids: str, identified: bool = False):
        key = (month, benchmark_ids, identified)
        if key not in made:
            demo = demo_copy("gathered")
            try:
                made[key] = build_report_data(demo, month, list(benchmark_ids),
                                              identified=identified, now=NOW)
            finally:
                demo.close()
        return copy.deepcopy(made[key])
    return gather


@pytest.fixture(scope="session")
def shared_report_data(demo_file, tmp_path_factory):
    """Report data of a full demo month compared with two benchmarks, gathered once from a
    copy of the demo registry (equal to the copy each test gets). Read only: tests take
    `report_data`, a private deep copy of it."""
    from registry_app.services.reports.data import build_report_data
    registry = _open(copy_registry_file(demo_file, tmp_path_factory.mktemp("report-data")
                                        / "demo.sqlite3"))
    try:
        return build_report_data(registry, FULL_MONTH, ["chang2018", "chen2019"], now=NOW)
    finally:
        registry.close()


@pytest.fixture(scope="session")
def shared_report_pdf(shared_report_data, tmp_path_factory):
    """The PDF of `shared_report_data`, written once (read only)."""
    from registry_app.services.reports.pdf.document import write_report_pdf
    return write_report_pdf(shared_report_data, tmp_path_factory.mktemp("pdf") / "month.pdf")


@pytest.fixture(scope="session")
def shared_workbook_file(shared_report_data, tmp_path_factory):
    """The workbook of `shared_report_data`, written once (read only)."""
    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    return write_report_xlsx(shared_report_data, tmp_path_factory.mktemp("xlsx") / "month.xlsx")


@pytest.fixture(scope="session")
def shared_workbook(shared_workbook_file):
    """That workbook loaded once by openpyxl (read only: tests never change or add a cell)."""
    from openpyxl import load_workbook
    return load_workbook(shared_workbook_file)


@pytest.fixture
def report_data(shared_report_data):
    """Report data of a full demo month compared with two benchmarks (this test's own copy)."""
    import copy
    return copy.deepcopy(shared_report_data)


def identifiers(registry, month):
    """Every MRN, name, telephone and date of birth (as text) of the month's cases, all territories."""
    from registry_app.services.reports.signoff import month_cases
    found = set()
    for case in month_cases(registry, month, territory=None, with_identity=True):
        found |= {case.identity["mrn"], case.identity["patient_name"], case.identity["contact_phone"],
                  case.identity["birth_date"].isoformat()}
    return found - {None}


@pytest.fixture
def ctx():
    """The constants and helpers above, for test modules (conftest is not importable)."""
    from types import SimpleNamespace
    return SimpleNamespace(today=TODAY, full_month=FULL_MONTH, recent_month=RECENT_MONTH,
                           centre=CENTRE, now=NOW, identifiers=identifiers, open=_open)
