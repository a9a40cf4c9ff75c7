"""Screenshots of every screen on a demo registry, at 1366x768 and 1920x1080.

    xvfb-run -s "-screen 0 1920x1080x24" .venv/bin/python packaging/screenshots.py

Without a display it falls back to Qt's offscreen platform (widget.grab() works there too).
Everything happens in a throw-away data folder; PNGs go to packaging/screenshots/out/<size>/.
Windows are sized to the screen minus ~70 px (a title bar and a task bar) to be realistic.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "packaging" / "screenshots" / "out"
SIZES = ((1366, 768), (1920, 1080))
DESKTOP_CHROME = 70

sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["REGISTRY_HOME"] = tempfile.mkdtemp(prefix="registry-screens-")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: E402

from registry_app.gui import app as gui_app, prompts  # noqa: E402
from registry_app.gui.context import GuiContext  # noqa: E402
from registry_app.gui.main_window import MainWindow  # noqa: E402
from registry_app.services.cases.editing import get_case, update_case  # noqa: E402
from registry_app.services.demo.generator import fill_demo  # noqa: E402
from registry_app.services.cases.queries import CaseFilter, case_ids  # noqa: E402
from registry_app.services.registry import open_registry  # noqa: E402


def settle(ms: int = 150) -> None:
    QApplication.processEvents()
    QTest.qWait(ms)


class Shooter:
    """Saves grabs of widgets into one folder per screen size."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shoot(self, widget: QWidget, name: str) -> Path:
        settle()
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        widget.grab().save(str(path))
        return path


def wait_idle(ctx: GuiContext, timeout_ms: int = 60000) -> None:
    waited = 0
    while ctx.tasks.pending and waited < timeout_ms:
        settle(50)
        waited += 50
    settle(300)


def wait_for_view(window: MainWindow, key: str, timeout_ms: int = 60000) -> None:
    """Let a tab finish its background work (the dashboard says so with stats_shown)."""
    view = window.lazy[key].view if key in window.lazy else None
    if view is not None and hasattr(view, "stats_shown"):
        shown = []
        view.stats_shown.connect(lambda: shown.append(1))
        view.refresh()
        waited = 0
        while not shown and waited < timeout_ms:
            settle(50)
            waited += 50
    wait_idle(window.ctx, timeout_ms)


def main_window_screens(window: MainWindow, shots: Shooter) -> None:
    for key, name in (("cases", "cases"), ("followup", "followup"), ("dashboard", "dashboard"),
                      ("benchmarks", "benchmarks")):
        window.show_tab(key)
        wait_for_view(window, key)
        shots.shoot(window, name)
    window.show_tab("cases")
    window.case_list.filters.search.setText("DEMO-0001")
    window.case_list.filters.apply_now()
    shots.shoot(window, "cases-search")
    window.case_list.filters.clear()


def editor_screens(window: MainWindow, shots: Shooter, size: tuple[int, int]) -> None:
    ctx = window.ctx
    stent = case_ids(ctx.registry, CaseFilter(rescue_stent=True))[0]
    editor = window.open_case(stent)
    editor.resize(size[0], size[1] - DESKTOP_CHROME)
    for section, name in (("patient", "editor-patient"), ("thrombectomy", "editor-passes"),
                          ("rescue", "editor-rescue"), ("outcome", "editor-outcome")):
        editor.open_section(section)
        shots.shoot(editor, name)
    conflict_screen(editor, shots)
    editor.close_now()
    limb = case_ids(ctx.registry, CaseFilter(territory="limb"))[0]
    editor = window.open_case(limb)
    editor.resize(size[0], size[1] - DESKTOP_CHROME)
    shots.shoot(editor, "editor-limb")
    editor.close_now()
    new_case_with_error(window, shots, size)


def conflict_screen(editor, shots: Shooter) -> None:
    """Someone else saved the case meanwhile: the reloaded form beside the user's values."""
    ctx = editor.ctx
    editor.form.rows["nihss_admission"].editor.set_value(23)
    other = get_case(ctx.registry, editor.case_id)
    other.values["aspects"] = 5
    update_case(ctx.registry, other, "screenshot")
    editor.reload_after_conflict(f"Case {other.values['case_number']} was changed by"
                                 " another user since you opened it; nothing was overwritten.")
    editor.open_section("patient")
    shots.shoot(editor, "editor-conflict")


def new_case_with_error(window: MainWindow, shots: Shooter, size: tuple[int, int]) -> None:
    editor = window.new_case()
    editor.resize(size[0], size[1] - DESKTOP_CHROME)
    rows = editor.form.rows
    rows["case_number"].editor.set_text("NEW-0001")
    rows["door_time"].editor.set_text("10:40")
    rows["puncture_time"].editor.set_text("10:05")
    editor.open_section("times")
    shots.shoot(editor, "editor-new-time-error")
    editor.close_now()


def dialog_screens(window: MainWindow, shots: Shooter) -> None:
    from registry_app.gui.dialogs.about_dialog import AboutDialog
    from registry_app.gui.error_dialog import ErrorDialog
    from registry_app.gui.dialogs.export_dialog import ExportDialog
    from registry_app.gui.dialogs.history_dialog import HistoryDialog
    from registry_app.gui.reason_dialog import ReasonDialog
    from registry_app.gui.dialogs.settings_dialog import SettingsDialog
    from registry_app.gui.operations import default_export_path
    ctx = window.ctx
    case_id = case_ids(ctx.registry, CaseFilter(rescue_stent=True))[0]
    model = window.case_list.model
    made = [
        ("export", ExportDialog(default_export_path(ctx.today()), model.filter,
                                model.rowCount(), window)),
        ("history", HistoryDialog(ctx, case_id, "DEMO", window)),
        ("about", AboutDialog(ctx.location(), window)),
        ("delete-reason", ReasonDialog("Delete case", "Delete case DEMO-000001? It can be"
                                       " restored later. Give the reason (recorded in the audit"
                                       " trail).", "Delete case", window)),
        ("unexpected-error", ErrorDialog(RuntimeError("example"), "Traceback (example)",
                                         Path("~/.local/share/registry-app/logs/registry-app.log"),
                                         window)),
        ("welcome", prompts.message_box(window, "Welcome", gui_app.welcome_text(ctx.location()),
                                        (gui_app.EMPTY, gui_app.DEMO), gui_app.EMPTY,
                                        QMessageBox.Icon.Information)[0]),
        ("settings", SettingsDialog(ctx, window)),
    ]
    for name, dialog in made:
        dialog.show()
        shots.shoot(dialog, f"dialog-{name}")
        dialog.hide()
        dialog.deleteLater()


def demo_context(cases: int) -> GuiContext:
    registry = open_registry(str(Path(os.environ["REGISTRY_HOME"]) / "registry.sqlite3"),
                             user="screenshots")
    fill_demo(registry, cases, seed=3)
    return GuiContext(registry)


def run(cases: int, sizes, out: Path) -> list[Path]:
    app = gui_app.application()
    ctx = demo_context(cases)
    window = MainWindow(ctx)
    window.show()
    folders = []
    for width, height in sizes:
        window.resize(width, height - DESKTOP_CHROME)
        window.move(0, 0)
        shots = Shooter(out / f"{width}x{height}")
        main_window_screens(window, shots)
        editor_screens(window, shots, (width, height))
        dialog_screens(window, shots)
        folders.append(shots.folder)
        print(f"{shots.count} screenshots in {shots.folder}")
    window.close()
    QTimer.singleShot(0, app.quit)
    ctx.close()
    return folders


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1500, help="demo cases (default 1500)")
    parser.add_argument("--size", action="append", type=parse_size,
                        help="WIDTHxHEIGHT (repeatable; default 1366x768 and 1920x1080)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    run(args.cases, args.size or SIZES, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
