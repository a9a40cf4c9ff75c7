"""The main window's menus and shortcuts (platform-standard keys where Qt defines them)."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

Key = QKeySequence.StandardKey
NEEDS_REGISTRY = ("new_case", "open_case", "import", "export", "report", "backup", "backups",
                  "restore", "demo", "delete_case", "deleted_cases", "merges", "settings",
                  "refresh", "open_queries")
"""Disabled while the window waits for its registry to open (quitting, help and tabs work)."""


def _keys(standard: Key | None, fallback: str = "") -> list[QKeySequence]:
    """The platform's keys for a standard action, or the fallback where it has none."""
    keys = QKeySequence.keyBindings(standard) if standard is not None else []
    return keys or ([QKeySequence(fallback)] if fallback else [])


def action(window: QMainWindow, text: str, slot: Callable, standard: Key | None = None,
           fallback: str = "", tip: str = "") -> QAction:
    made = QAction(text, window)
    made.setShortcuts(_keys(standard, fallback))
    made.setStatusTip(tip)
    made.triggered.connect(lambda _=False: slot())
    return made


ACTIONS: dict[str, tuple[str, Key | None, str, str]] = {
    "new_case": ("&New case", Key.New, "Ctrl+N", "Enter a new procedure"),
    "open_case": ("&Open selected case", Key.Open, "Ctrl+O", ""),
    "import": ("&Import…", None, "Ctrl+I", "Import cases from a spreadsheet"),
    "export": ("&Export…", None, "Ctrl+E", "Export cases to Excel or CSV (de-identified by default)"),
    "report": ("&Report…", Key.Print, "Ctrl+P", "Write the monthly audit report"),
    "backup": ("&Backup now", None, "", "Copy the registry to the backup folder"),
    "backups": ("Back&ups…", None, "", "The list of backups, and where they are kept"),
    "restore": ("Restore from bac&kup…", None, "", ""),
    "demo": ("Load &demo data…", None, "", "Fictitious cases, only into an empty registry"),
    "quit": ("&Quit", Key.Quit, "Ctrl+Q", ""),
    "find": ("&Find case", Key.Find, "Ctrl+F", ""),
    "clear_filters": ("&Clear filters", None, "", ""),
    "delete_case": ("&Delete case…", Key.Delete, "Del", ""),
    "deleted_cases": ("Deleted ca&ses…", None, "", "See deleted cases and restore one"),
    "merges": ("&Merges…", None, "", "Cases merged into another, and undoing a merge"),
    "open_queries": ("Open &queries…", None, "", "Consistency rules saved with a comment, to resolve"),
    "settings": ("&Settings…", Key.Preferences, "Ctrl+,", ""),
    "refresh": ("&Refresh", Key.Refresh, "F5", ""),
    "where": ("&Where are my data?", None, "", ""),
    "about": ("&About", None, "", ""),
}
"""Each menu action's text, standard key, fallback key and status tip; the window gives what
each one does (build_menus' slots), so this module never imports the window."""


def build_menus(window: QMainWindow, slots: Mapping[str, Callable[[], object]],
                tabs: Sequence[tuple[str, str]], show_tab: Callable[[str], object]
                ) -> dict[str, QAction]:
    """Create File, Edit, View and Help, and the toolbar: one action per ACTIONS entry, doing
    its slot (every entry needs one), then one per tab (key, title) showing it (Ctrl+1, 2, ...).
    Returns the actions by name (for tests and wiring)."""
    acts = {name: action(window, text, slots[name], standard, fallback, tip)
            for name, (text, standard, fallback, tip) in ACTIONS.items()}
    for number, (key, title) in enumerate(tabs, start=1):
        acts[f"tab_{key}"] = action(window, title, lambda k=key: show_tab(k), None,
                                    f"Ctrl+{number}")
    _menus(window, acts)
    _toolbar(window, acts)
    return acts


TOOLBAR = (("new_case", "New case"), ("import", "Import"), ("report", "Report"),
           ("tab_followup", "Follow-up"), ("open_queries", "Queries"))


def _toolbar(window: QMainWindow, acts: dict[str, QAction]) -> None:
    """New case, Import, Report, Follow-up and the open queries one click away (short texts, same actions)."""
    bar = window.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    for name, text in TOOLBAR:
        if name not in acts:
            continue  # a tab left out (e.g. a screen that failed to load)
        acts[name].setIconText(text)
        bar.addAction(acts[name])


def _menus(window: QMainWindow, acts: dict[str, QAction]) -> None:
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
