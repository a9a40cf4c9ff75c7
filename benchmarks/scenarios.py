"""One benchmark scenario per process run: prints JSON with seconds and peak memory."""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SCENARIOS = {}


def scenario(name):
    def register(fn):
        SCENARIOS[name] = fn
        return fn
    return register


def _registry(db: str):
    from registry_app.services.registry import open_registry
    return open_registry(db)


def _timed(fn) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    EXTRA["cpu_s"] = time.process_time() - cpu  # less moved than the wall clock by other load
    return time.perf_counter() - start


def _month(registry) -> str:
    """The last complete month of the demo registry."""
    first = registry.today().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


# Start-up ######################################################################

@scenario("bare_window")
def bare_window(db: str) -> float:
    """Process start to an empty window shown and painted; ends like app_window (at once)."""
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication.instance() or QApplication([])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    _report_and_leave("bare_window", time.perf_counter() - START)


@scenario("app_window")
def app_window(db: str) -> float:
    """Process start to the main window shown, painted and handling events (menus work).

    The registry opens after that first paint, on the database worker (`list_at_start` times
    the first rows). The process then ends at once instead of waiting for that work, so the
    wall clock of benchmarks/run.py also stops at the interactive window.
    """
    _start_app(db)
    _report_and_leave("app_window", time.perf_counter() - START)


def _start_app(db: str):
    """The application's own start (gui.app.build_window), shown and painted once.

    Notes in EXTRA when the window painted, the case list was built and the registry opened.
    """
    from registry_app.gui.app import build_window
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    window, opening = build_window(db)  # the main window, without entering the event loop
    opening.then = None  # no start-up questions (drafts, demo data): nobody answers them here
    note = lambda key: EXTRA.setdefault(key, time.perf_counter() - START)  # noqa: E731
    window.first_painted.connect(lambda: note("painted_s"))
    window.ctx.opened.connect(lambda: note("registry_open_s"))
    window.show()
    app.processEvents()
    return app, window, opening


def _wait(app, done, timeout: float = 120.0) -> None:
    """Run the event loop (idle between checks, so worker threads run) until done().

    Notes in EXTRA["longest_stall_s"] the longest time the GUI thread did not get to a 2 ms
    timer: how long a click would have waited at worst.
    """
    from PySide6.QtCore import QEventLoop, QTimer
    loop, deadline, last = QEventLoop(), time.perf_counter() + timeout, [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        EXTRA["longest_stall_s"] = max(EXTRA.get("longest_stall_s", 0.0), now - last[0])
        last[0] = now
        if done() or now > deadline:
            loop.quit()
    timer = QTimer(interval=2)
    timer.timeout.connect(tick)
    timer.start()
    loop.exec()
    timer.stop()
    if not done():
        raise TimeoutError("the application did not get there in time")


def _first_rows_shown(window) -> bool:
    model = window.case_list.model
    return model.rowCount() > 0 and model.fetches > 0  # rows are read when painted


def _report_and_leave(name: str, seconds: float) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"scenario": name, "seconds": seconds, "peak_mb": peak_mb}), flush=True)
    os._exit(0)


# Case list ####################################################################

def _model(db: str):
    from PySide6.QtWidgets import QApplication
    QApplication.instance() or QApplication([])
    from registry_app.gui.models.case_table_model import CaseTableModel
    return lambda registry: CaseTableModel(registry, registry.settings)


@scenario("list_first_page")
def list_first_page(db: str) -> float:
    """The case list as the window builds it (ids on the reader thread): reload until the
    first page is shown, then its first 50 rows read. Noted from the reload: the exact
    count's arrival (EXTRA["counted_s"]; until round five it came with the first page) and
    every id's (EXTRA["all_ids_s"])."""
    from PySide6.QtCore import QEventLoop
    from registry_app.gui.models.case_table_model import CaseTableModel
    _model(db)
    registry = _registry(db)
    model = CaseTableModel(registry, registry.settings, background=True)
    start = [0.0]
    note = lambda key: EXTRA.setdefault(key, time.perf_counter() - start[0])  # noqa: E731
    (getattr(model, "counted", None) or model.reloaded).connect(lambda *_: note("counted_s"))

    def run():
        shown = QEventLoop()
        model.reloaded.connect(shown.quit)
        start[0] = time.perf_counter()
        model.reload()
        shown.exec()
        [model.data(model.index(r, c)) for r in range(50) for c in range(model.columnCount())]
    seconds = _timed(run)
    every = QEventLoop()
    model.completed.connect(every.quit)
    if model.loading:
        every.exec()
    note("all_ids_s")
    model.shutdown()
    return seconds


@scenario("list_sort")
def list_sort(db: str) -> float:
    model_class, registry = _model(db), _registry(db)
    model = model_class(registry)
    model.reload()
    def run():
        model.sort(3)
        [model.data(model.index(r, 0)) for r in range(50)]
    return _timed(run)


@scenario("list_filter")
def list_filter(db: str) -> float:
    from registry_app.services.cases.queries import CaseFilter
    model_class, registry = _model(db), _registry(db)
    model = model_class(registry)
    model.reload()
    def run():
        model.set_filter(CaseFilter(text="DEMO-0001", mt_failed=True))
        [model.data(model.index(r, 0)) for r in range(min(50, model.rowCount()))]
    return _timed(run)


@scenario("list_at_start")
def list_at_start(db: str) -> float:
    """Process start to the case list showing its first rows: the window, then the registry
    opened on the worker, the first page of ids and its rows read and painted."""
    app, window, _ = _start_app(db)
    _wait(app, lambda: window._case_list is not None)
    EXTRA["case_list_built_s"] = time.perf_counter() - START
    _wait(app, lambda: _first_rows_shown(window))
    seconds = time.perf_counter() - START
    window.ctx.close()  # waits for the start backup (skipped: the benchmark copy is unchanged)
    return seconds


# Statistics ###################################################################

@scenario("stats_all")
def stats_all(db: str) -> float:
    from registry_app.services.statistics import compute_stats
    registry = _registry(db)
    return _timed(lambda: compute_stats(registry))


@scenario("stats_month")
def stats_month(db: str) -> float:
    from registry_app.services.cases.queries import CaseFilter
    from registry_app.services.statistics import compute_stats
    registry = _registry(db)
    flt = CaseFilter().with_month(_month(registry))
    return _timed(lambda: compute_stats(registry, flt))


SQL_AGGREGATE = """
SELECT rescue_stent, COUNT(*),
       SUM(CASE WHEN final_reperfusion IN ('2b','2b50','2b67','2c','3') THEN 1 ELSE 0 END),
       SUM(CASE WHEN mrs_90d IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN mrs_90d <= 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN sich THEN 1 ELSE 0 END),
       SUM(CASE WHEN mrs_90d = 6 OR death_date IS NOT NULL THEN 1 ELSE 0 END)
FROM cases WHERE deleted_at IS NULL AND territory = 'cerebral' AND mt_failed = 1
GROUP BY rescue_stent
"""


@scenario("sql_aggregate")
def sql_aggregate(db: str) -> float:
    import sqlite3
    connection = sqlite3.connect(db)
    return _timed(lambda: connection.execute(SQL_AGGREGATE).fetchall())


# Export and reports ###########################################################

@scenario("export_xlsx")
def export_xlsx(db: str) -> float:
    from registry_app.services.interchange.exporting import export_registry
    registry = _registry(db)
    out = Path(tempfile.mkdtemp()) / "all.xlsx"
    return _timed(lambda: export_registry(registry, out))


@scenario("raw_openpyxl")
def raw_openpyxl(db: str) -> float:
    """openpyxl write-only of the same cells: every case column, every pass and contact row."""
    import sqlite3
    from openpyxl import Workbook
    out = Path(tempfile.mkdtemp()) / "raw.xlsx"
    def run():
        connection = sqlite3.connect(db, detect_types=sqlite3.PARSE_DECLTYPES)
        book = Workbook(write_only=True)
        for table in ("cases", "passes", "contact_attempts"):
            sheet = book.create_sheet(table)
            for row in connection.execute(f"SELECT * FROM {table}"):
                sheet.append(row)
        book.save(out)
    return _timed(run)


@scenario("report_month")
def report_month(db: str) -> float:
    from registry_app.services.reports.monthly import generate_report
    registry = _registry(db)
    folder = Path(tempfile.mkdtemp())
    month = _month(registry)
    return _timed(lambda: generate_report(registry, month, xlsx=folder / "m.xlsx",
                                          pdf=folder / "m.pdf"))


# Import #######################################################################

@scenario("import_10k")
def import_10k(db: str) -> float:
    from registry_app.services.importing.file_import import import_file
    from registry_app.services.registry import open_registry
    source = os.environ["BENCH_IMPORT_FILE"]
    target = open_registry(str(Path(tempfile.mkdtemp()) / "target.sqlite3"))
    return _timed(lambda: import_file(target, source, write_rejects=False))


@scenario("raw_read_validate")
def raw_read_validate(db: str) -> float:
    """openpyxl read-only iteration of the same file plus domain validation of each row."""
    from openpyxl import load_workbook
    from registry_app.domain.case import Case
    from registry_app.domain.fields import FIELDS_BY_CODE
    from registry_app.domain.validation import validate_case
    from registry_app.domain.values import parse_value
    source = os.environ["BENCH_IMPORT_FILE"]
    def run():
        book = load_workbook(source, read_only=True, data_only=True)
        rows = book["cases"].iter_rows(values_only=True)
        header = next(rows)
        for row in rows:
            values = {h: parse_value(FIELDS_BY_CODE[h], v) for h, v in zip(header, row)}
            validate_case(Case(values=values), today=date.today())
    return _timed(run)


# Round two: spreadsheets (issue 19) ##########################################

@scenario("raw_xlsxwriter")
def raw_xlsxwriter(db: str) -> float:
    """XlsxWriter constant-memory of the same cells as raw_openpyxl (write_row, no styles)."""
    import sqlite3

    import xlsxwriter
    out = Path(tempfile.mkdtemp()) / "raw.xlsx"
    def run():
        connection = sqlite3.connect(db, detect_types=sqlite3.PARSE_DECLTYPES)
        book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
        for table in ("cases", "passes", "contact_attempts"):
            sheet = book.add_worksheet(table)
            for number, row in enumerate(connection.execute(f"SELECT * FROM {table}")):
                sheet.write_row(number, 0, row)
        book.close()
    return _timed(run)


@scenario("export_xlsx_xlsxwriter")
def export_xlsx_xlsxwriter(db: str) -> float:
    """The full export through XlsxWriter, the native writer's fallback (the round-two export)."""
    from registry_app.services.interchange import exporting
    exporting.XLSX_WRITER = "xlsxwriter"
    return export_xlsx(db)


@scenario("export_xlsx_openpyxl")
def export_xlsx_openpyxl(db: str) -> float:
    """The full export through the openpyxl fallback writer (the round-one export)."""
    from registry_app.services.interchange import exporting
    exporting.XLSX_WRITER = "openpyxl"
    return export_xlsx(db)


@scenario("import_10k_full_reader")
def import_10k_full_reader(db: str) -> float:
    """The import with calamine switched off: the lxml/openpyxl reader of round one."""
    from registry_app.services.interchange import spreadsheets
    spreadsheets.FAST_XLSX = False
    return import_10k(db)


@scenario("raw_calamine_validate")
def raw_calamine_validate(db: str) -> float:
    """raw_read_validate with calamine reading the file instead of openpyxl (and the import's
    own conversion of calamine's cells: midnight dates as datetimes, blanks as None)."""
    from python_calamine import CalamineWorkbook
    from registry_app.domain.case import Case
    from registry_app.domain.fields import FIELDS_BY_CODE
    from registry_app.domain.validation import validate_case
    from registry_app.domain.values import parse_value
    from registry_app.services.interchange.xlsx_fast import plain_row
    source = os.environ["BENCH_IMPORT_FILE"]
    def run():
        rows = CalamineWorkbook.from_path(source).get_sheet_by_name("cases").iter_rows()
        header = next(rows)
        for row in rows:
            values = {h: parse_value(FIELDS_BY_CODE[h], v)
                      for h, v in zip(header, plain_row(row))}
            validate_case(Case(values=values), today=date.today())
    return _timed(run)


@scenario("app_memory")
def app_memory(db: str) -> float:
    """Main window with the case list shown; the figure that matters is the peak memory.

    Waits for the first rows, every id of the list and the start backup check, then lets
    the window paint 20 more times.
    """
    app, window, _ = _start_app(db)
    _wait(app, lambda: _first_rows_shown(window) and not window.case_list.model.loading
          and window.ctx.tasks.pending == 0)
    for _ in range(20):
        app.processEvents()
    seconds = time.perf_counter() - START
    window.ctx.close()
    return seconds


START = time.perf_counter()
EXTRA: dict[str, float] = {}
"""Further figures of a scenario (milestones), printed with its result."""

if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    name, database = sys.argv[1], sys.argv[2]
    seconds = SCENARIOS[name](database)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"scenario": name, "seconds": seconds, "peak_mb": peak_mb, **EXTRA}))
