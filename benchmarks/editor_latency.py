"""Editor latency on a large registry: open a case, save it, move to the next (median of N).

Run from the repository root (SQLite file or PostgreSQL URL):
    .venv/bin/python benchmarks/editor_latency.py --db benchmarks/.cache/registry-100000.sqlite3
Prints one JSON line: the median and worst milliseconds of each action, and the target.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TARGET_MS = 100.0


def _context(db: str):
    from PySide6.QtWidgets import QApplication
    from registry_app.gui.context import GuiContext, make_prefs
    from registry_app.gui.tasks import TaskRunner
    from registry_app.services.registry import open_registry
    app = QApplication.instance() or QApplication([])
    registry = open_registry(db, user="benchmark")
    ctx = GuiContext(registry, TaskRunner(delay_ms=10_000), make_prefs(Path(tempfile.mkdtemp())))
    return app, ctx


def _settle(app, done=lambda: True, timeout: float = 60.0) -> None:
    """Process events until done() (worker threads deliver their outcomes through events)."""
    deadline = time.perf_counter() + timeout
    app.processEvents()
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the editor did not get there in time")
        app.processEvents()
        time.sleep(0.0005)


def _window(app, ctx):
    """The main window with its case list's first page shown (the order Next follows)."""
    from registry_app.gui.main_window import MainWindow
    window = MainWindow(ctx)
    window.show()
    model = window.case_list.model
    _settle(app, lambda: model.rowCount() > 0 and not model.loading)
    return window


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def time_open(app, window, rows: int) -> tuple[float, list[float]]:
    """Open each of the list's first cases in an editor window, painted once; then close it
    and idle until the next spare editor is built, as between two cases a coordinator opens.
    Returns the first open after start (the form is built then) and the later ones."""
    times = []
    for row in range(rows + 1):
        case_id = window.case_list.model.id_at(row)
        start = time.perf_counter()
        editor = window.open_case(case_id)
        app.processEvents()
        times.append(_ms(start))
        assert editor.case_id == case_id
        editor.close_now()
        _settle(app, lambda: window.editor_pool.spare is not None)
    return times[0], times[1:]


def time_next(app, window, rows: int) -> list[float]:
    """Next case, from the first case of the list down: the same window shows each in turn."""
    editor = window.open_case(window.case_list.model.id_at(0))
    app.processEvents()
    times = []
    for row in range(1, rows + 1):
        start = time.perf_counter()
        editor.next_case()
        app.processEvents()
        times.append(_ms(start))
        assert editor.case_id == window.case_list.model.id_at(row)
    editor.close_now()
    return times


def time_save(app, window, rows: int) -> list[float]:
    """Change one value and save (off the GUI thread: audit and summary included) until the
    editor shows the case as stored again."""
    editor = window.open_case(window.case_list.model.id_at(0))
    app.processEvents()
    field = editor.form.rows["nihss_admission"].editor
    times = []
    for attempt in range(rows):
        field.set_value(10 + attempt % 2 if field.value() != 10 + attempt % 2 else 12)
        saved = []
        editor.saved.connect(saved.append)
        start = time.perf_counter()
        editor.save()
        _settle(app, lambda: bool(saved))
        times.append(_ms(start))
        editor.saved.disconnect(saved.append)
    editor.close_now()
    return times


def summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "n": len(times), "met": statistics.median(times) < TARGET_MS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="registry file or SQLAlchemy URL")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app, ctx = _context(args.db)
    window = _window(app, ctx)
    cases = ctx.registry.engine.url.render_as_string(hide_password=True)
    first, opened = time_open(app, window, args.runs)
    result = {"registry": cases, "target_ms": TARGET_MS,
              "open": summary(opened),
              "first_open_after_start_ms": round(first, 1),
              "save": summary(time_save(app, window, args.runs)),
              "next": summary(time_next(app, window, args.runs))}
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    ctx.tasks.shutdown()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
