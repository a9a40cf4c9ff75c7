"""``registry-app --self-test``: open and check a registry, build a report, show the window once.

Used to smoke-test an installed or freshly built application: every step prints one
line, and the first failing step ends the test with exit status 1.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, TextIO

if TYPE_CHECKING:
    from .services.registry import Registry

EXIT_OK, EXIT_FAILED = 0, 1
ROUND_TRIP_CASES = 20
"""Cases the spreadsheet step exports and reads back (any registry size: seconds at most)."""
FILE_MAGIC = {".xlsx": b"PK\x03\x04", ".pdf": b"%PDF-"}
WINDOW_TIMEOUT_S = 60
SHIPPED_ICONS = ("registry-app.svg", "registry-app-64.png", "registry-app-256.png")


class Skipped(Exception):
    """A step that does not apply here (no GUI installed, no display, a server database)."""


def previous_month(today: date) -> str:
    """'2025-05' for any day of June 2025."""
    index = today.year * 12 + today.month - 2
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shown_db(db: str) -> str:
    """The registry as shown to the user: a path, or a URL without its password."""
    if "://" not in db:
        return db
    from sqlalchemy.engine import make_url
    return make_url(db).render_as_string(hide_password=True)


def check_output_file(path: Path) -> str:
    """'name N bytes' for a written report file; raises when it is missing, empty or wrong."""
    if not path.is_file():
        raise RuntimeError(f"{path.name} was not written")
    size = path.stat().st_size
    magic = FILE_MAGIC.get(path.suffix, b"")
    if size == 0 or path.read_bytes()[:len(magic)] != magic:
        raise RuntimeError(f"{path.name} is empty or not a valid {path.suffix} file ({size} bytes)")
    return f"{path.name} {size:,} bytes"


def has_display(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> bool:
    """False on Linux with neither a display nor QT_QPA_PLATFORM (Qt would abort)."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return True
    return bool(env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


class SelfTest:
    """The steps of the self-test, sharing the open registry."""

    def __init__(self, db: str, user: str | None, out: TextIO) -> None:
        self.db, self.user, self.out = db, user, out
        self.registry: Registry | None = None

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [("registry", self.open_registry), ("integrity", self.check_integrity),
                ("resources", self.check_resources), ("report", self.build_report),
                ("spreadsheets", self.round_trip), ("window", self.show_window)]

    @property
    def opened(self) -> Registry:
        """The registry the first step opened (the later steps run only once it is open)."""
        if self.registry is None:
            raise RuntimeError("the registry is not open")
        return self.registry

    def open_registry(self) -> str:
        from .domain.errors import RegistryError
        from .services.maintenance.backups import open_with_backup
        from .storage.migrate import current_revision
        try:
            self.registry = open_with_backup(self.db, user=self.user)
        except RegistryError:
            raise  # already in plain words, naming the registry
        except Exception as exc:
            raise RuntimeError(f"{shown_db(self.db)} could not be opened as a registry:"
                               f" {describe(exc)}") from exc
        revision = current_revision(self.opened.engine)
        return f"opened {shown_db(self.db)} (schema {revision})"

    def check_integrity(self) -> str:
        from .services.cases.queries import count_cases
        from .storage.integrity import foreign_key_problems, integrity_problems, schema_problems
        engine = self.opened.engine
        problems = integrity_problems(engine) + foreign_key_problems(engine) + schema_problems(engine)
        if problems:
            raise RuntimeError(f"{len(problems)} database problem(s): " + " ".join(problems[:3]))
        checks = "integrity_check ok, " if self.opened.is_sqlite else ""
        return f"{checks}no broken links, schema current, {count_cases(self.opened)} cases"

    def check_resources(self) -> str:
        from .paths import resources_dir
        count = load_shipped_benchmarks()
        shipped = [resources_dir() / "icons" / name for name in SHIPPED_ICONS]
        missing = [str(p) for p in [*shipped, resources_dir().parent / "LICENSE"] if not p.is_file()]
        if missing:
            raise RuntimeError("shipped files are missing: " + ", ".join(missing))
        return f"{count} shipped benchmarks, icons and licence in {resources_dir()}"

    def build_report(self) -> str:
        if importlib.util.find_spec(f"{__package__}.services.reports.pdf.document") is None:
            raise Skipped("this version has no report service")
        from .services.reports.data import build_report_data
        from .services.reports.pdf.document import write_report_pdf
        from .services.reports.xlsx.workbook import write_report_xlsx
        month = previous_month(self.opened.today())
        data = build_report_data(self.opened, month)
        with tempfile.TemporaryDirectory(prefix="registry-selftest-") as folder:
            written = [write_report_xlsx(data, Path(folder) / f"report-{month}.xlsx"),
                       write_report_pdf(data, Path(folder) / f"report-{month}.pdf")]
            sizes = [check_output_file(Path(path)) for path in written]
        return f"{month} ({len(data.cases)} cases): " + ", ".join(sizes)

    def round_trip(self) -> str:
        """A few cases exported as the full export writes them (the native writer; XlsxWriter
        for the identified export) and read back as an import reads them (calamine): a bundle
        missing any of these libraries fails here."""
        from .services.cases.queries import CaseFilter, case_ids
        from .services.interchange.exporting import python_writer, xlsx_writer
        if xlsx_writer() != "native":
            raise RuntimeError("rustpy-xlsxwriter is missing or does not load: exports fall"
                               " back to the slower writer")
        if python_writer() != "xlsxwriter":
            raise RuntimeError("XlsxWriter is missing: identified exports fall back to the"
                               " slower writer")
        flt = CaseFilter(case_ids=tuple(case_ids(self.opened)[:ROUND_TRIP_CASES]))
        with tempfile.TemporaryDirectory(prefix="registry-selftest-") as folder:
            for identified in (False, True):
                read = self._write_and_read(Path(folder), flt, identified)
        return (f"{read} cases written with rustpy-xlsxwriter and with XlsxWriter (identified)"
                " and read back with calamine")

    def _write_and_read(self, folder: Path, flt, identified: bool) -> int:
        """Export the filter's cases and read them back; the number read."""
        from .services.interchange.exporting import export_registry
        from .services.interchange.rows import CASES_SHEET
        from .services.interchange.spreadsheets import read_tables
        from .services.interchange.xlsx_fast import read_plain_xlsx
        path = folder / f"sample-{'identified' if identified else 'plain'}.xlsx"
        export_registry(self.opened, path, flt=flt, identified=identified)
        if read_plain_xlsx(path, (CASES_SHEET,), len(flt.case_ids) + 3) is None:
            raise RuntimeError("calamine could not read an export: imports fall back to the"
                               " slower reader")
        read = len(read_tables(path)[CASES_SHEET].records())
        if read != len(flt.case_ids):
            raise RuntimeError(f"{len(flt.case_ids)} cases exported but {read} read back")
        return read

    def show_window(self) -> str:
        if importlib.util.find_spec(f"{__package__}.gui.app") is None:
            raise Skipped("this version has no desktop application")
        if not has_display():
            raise Skipped("no display (set DISPLAY, or QT_QPA_PLATFORM=offscreen)")
        return show_main_window_once(self.opened)

    def close(self) -> None:
        if self.registry is not None:
            self.registry.close()


def load_shipped_benchmarks() -> int:
    """How many shipped benchmarks load; both ways of finding resources/ must agree."""
    from .services.benchmarks.files import default_shipped_dir, load_library
    from .paths import resources_dir
    folders = [resources_dir() / "benchmarks", default_shipped_dir()]
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        raise RuntimeError("the shipped benchmark folder was not found: " + ", ".join(missing))
    load = load_library(folders[1])
    if load.errors or not load.benchmarks:
        raise RuntimeError("the shipped benchmarks did not load: "
                           + ("; ".join(load.errors[:3]) or "no benchmark files"))
    return len(load.benchmarks)


def show_main_window_once(registry, timeout_s: float = WINDOW_TIMEOUT_S) -> str:
    """Create the QApplication and the main window, show it until its first load is done,
    close it. A dialog popping up meanwhile (an error) fails the step instead of waiting."""
    from .gui.app import application
    from .gui.context import GuiContext
    from .gui.main_window import MainWindow
    app = application()
    ctx = GuiContext(registry)
    window = MainWindow(ctx)
    window.show()
    try:
        wait_until_idle(app, ctx, timeout_s)
        tabs = len(window.tab_titles()) if hasattr(window, "tab_titles") else window.tabs.count()
        window.close()
        return f"main window shown and closed ({app.platformName()} platform, {tabs} tabs)"
    finally:
        ctx.tasks.shutdown()
        ctx.prefs.sync()


def wait_until_idle(app, ctx, timeout_s: float) -> None:
    """Process events until no background task is pending; fail on a dialog or a timeout."""
    from PySide6.QtCore import QTimer
    dialogs: list[str] = []
    deadline = time.monotonic() + timeout_s
    watchdog = QTimer()
    watchdog.timeout.connect(lambda: close_modal_dialog(app, dialogs))
    watchdog.start(100)  # also fires inside a dialog's own event loop
    try:
        while ctx.tasks.pending and not dialogs and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()
    finally:
        watchdog.stop()
    if dialogs:
        raise RuntimeError(f"the main window showed a dialog while loading: {dialogs[0]}")
    if ctx.tasks.pending:
        raise RuntimeError(f"the main window was still loading after {timeout_s:g} seconds")


def close_modal_dialog(app, found: list[str]) -> None:
    """Record and close the dialog a coordinator would be looking at, if any."""
    dialog = app.activeModalWidget()
    if dialog is not None:
        found.append(getattr(dialog, "text", lambda: "")() or dialog.windowTitle())
        dialog.close()


def describe(exc: BaseException) -> str:
    """The error in plain words: its message, with the kind of error when that helps."""
    from .domain.errors import RegistryError
    cause = getattr(exc, "orig", None) or exc  # a database error: the driver's own words
    message = str(cause).strip() or "no details"
    if isinstance(cause, (RuntimeError, RegistryError)):
        return message  # our own messages, already in plain words
    return f"{message} ({type(cause).__name__})"


def run_self_test(db: str | None = None, *, user: str | None = None,
                  out: TextIO | None = None) -> int:
    """Run every step on `db` (default: REGISTRY_DB or the user's registry); 0 when all pass."""
    from .paths import default_db
    out = out or sys.stdout
    test = SelfTest(db or default_db(), user, out)
    try:
        for name, step in test.steps():
            if not run_step(name, step, out):
                print(f"self-test: FAILED at step '{name}'", file=out)
                return EXIT_FAILED
    finally:
        test.close()
    print("self-test: passed", file=out)
    return EXIT_OK


def run_step(name: str, step: Callable[[], str], out: TextIO) -> bool:
    """Run one step and print its line; False when it failed."""
    try:
        detail = step()
    except Skipped as skipped:
        print(f"self-test: SKIP   {name}: {skipped}", file=out)
        return True
    except Exception as exc:  # the self-test reports any failure as a result, never a traceback
        print(f"self-test: FAIL   {name}: {describe(exc)}", file=out)
        return False
    print(f"self-test: OK     {name}: {detail}", file=out)
    return True
