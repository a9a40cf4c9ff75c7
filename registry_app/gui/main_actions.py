"""The main window's menus and shortcuts (platform-standard keys where Qt defines them)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from .main_window import MainWindow

Key = QKeySequence.StandardKey
NEEDS_REGISTRY = ("new_case", "open_case", "import", "export", "report", "backup", "backups",
                  "restore", "demo", "delete_case", "deleted_cases", "merges", "settings",
                  "refresh", "open_queries")
"""Disabled while the window waits for its registry to open (quitting, help and tabs work)."""


def _keys(standard: Key | None, fallback: str = "") -> list[QKeySequence]:
    """The platform's keys for a standard action, or the fallback where it has none."""
    keys = QKeySequence.keyBindings(standard) if standard is not None else []
    return keys or ([QKeySequence(fallback)] if fallback else [])


def action(window: "MainWindow", text: str, slot: Callable, standard: Key | None = None,
           fallback: str = "", tip: str = "") -> QAction:
    made = QAction(text, window)
    made.setShortcuts(_keys(standard, fallback))
    made.setStatusTip(tip)
    made.triggered.connect(lambda _=False: slot())
    return made


def build_menus(window: "MainWindow") -> dict[str, QAction]:
    """Create File, Edit, View and Help; returns the actions by name (for tests and wiring)."""
    w = window
    acts = {
        "new_case": action(w, "&New case", w.new_case, Key.New, "Ctrl+N",
                           "Enter a new procedure"),
        "open_case": action(w, "&Open selected case", w.open_selected, Key.Open, "Ctrl+O"),
        "import": action(w, "&Import…", w.import_cases, None, "Ctrl+I",
                         "Import cases from a spreadsheet"),
        "export": action(w, "&Export…", w.export_cases, None, "Ctrl+E",
                         "Export cases to Excel or CSV (de-identified by default)"),
        "report": action(w, "&Report…", w.make_report, Key.Print, "Ctrl+P",
                         "Write the monthly audit report"),
        "backup": action(w, "&Backup now", w.backup_now, None, "",
                         "Copy the registry to the backup folder"),
        "backups": action(w, "Back&ups…", w.show_backups, None, "",
                          "The list of backups, and where they are kept"),
        "restore": action(w, "Restore from bac&kup…", w.restore_backup),
        "demo": action(w, "Load &demo data…", w.load_demo, None, "",
                       "Fictitious cases, only into an empty registry"),
        "quit": action(w, "&Quit", w.close, Key.Quit, "Ctrl+Q"),
        "find": action(w, "&Find case", w.focus_search, Key.Find, "Ctrl+F"),
        "clear_filters": action(w, "&Clear filters", w.clear_filters),
        "delete_case": action(w, "&Delete case…", w.delete_selected, Key.Delete, "Del"),
        "deleted_cases": action(w, "Deleted ca&ses…", w.show_deleted_cases, None, "",
                                "See deleted cases and restore one"),
        "merges": action(w, "&Merges…", w.show_merges, None, "",
                         "Cases merged into another, and undoing a merge"),
        "open_queries": action(w, "Open &queries…", w.show_open_queries, None, "",
                               "Consistency rules saved with a comment, to resolve"),
        "settings": action(w, "&Settings…", w.open_settings, Key.Preferences, "Ctrl+,"),
        "refresh": action(w, "&Refresh", w.refresh_all, Key.Refresh, "F5"),
        "where": action(w, "&Where are my data?", w.show_where),
        "about": action(w, "&About", w.show_about),
    }
    for number, (key, title) in enumerate(w.tab_titles(), start=1):
        acts[f"tab_{key}"] = action(w, title, lambda k=key: w.show_tab(k), None,
                                    f"Ctrl+{number}")
    _menus(window, acts)
    _toolbar(window, acts)
    return acts


TOOLBAR = (("new_case", "New case"), ("import", "Import"), ("report", "Report"),
           ("tab_followup", "Follow-up"), ("open_queries", "Queries"))


def _toolbar(window: "MainWindow", acts: dict[str, QAction]) -> None:
    """New case, Import, Report, Follow-up and the open queries one click away (short texts, same actions)."""
    bar = window.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    for name, text in TOOLBAR:
        if name not in acts:
            continue  # a tab left out (e.g. a screen that failed to load)
        acts[name].setIconText(text)
        bar.addAction(acts[name])


def _menus(window: "MainWindow", acts: dict[str, QAction]) -> None:
    bar = window.menuBar()
    layout: dict[str, list[str | None]] = {
        "&File": ["new_case", "open_case", None, "import", "export", "report", None, "backup",
                  "backups", "restore", None, "demo", None, "quit"],
        "&Edit": ["find", "clear_filters", None, "delete_case", "deleted_cases", "merges",
                  "open_queries", None, "settings"],
        "&View": [*(k for k in acts if k.startswith("tab_")), None, "refresh"],
        "&Help": ["where", "about"],
    }
    for title, names in layout.items():
        menu = bar.addMenu(title)
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(acts[name])
