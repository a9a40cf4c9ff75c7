"""The main window: cases, follow-up, dashboard and benchmarks as tabs; menus; open editors.

It can show before its registry is open (``ctx.is_open`` False): every tab then says
"Opening registry…" and the actions that need the registry are disabled, while the menus,
tabs and Help work. Right after the first paint the case list is built (``ensure_case_list``);
it and the other tabs start on ``ctx.opened``. Screens, editors and long operations are
imported when first used, so the window paints without loading SQL, SciPy or openpyxl.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from . import prompts
from .context import GuiContext
from .main_actions import NEEDS_REGISTRY, build_menus
from .main_tabs import (WAITING, LazyTab, Page, benchmarks_screen, dashboard_screen,
                        worklist_screen)

if TYPE_CHECKING:
    from .views.editor.case_editor import CaseEditor
    from .views.case_list import CaseListView
    from .views.editor.drafts import DraftStore
    from .views.editor.pool import EditorPool

PREFS_GEOMETRY, PREFS_STATE, PREFS_TAB = "main/geometry", "main/state", "main/tab"
LAZY_TABS = {"followup": ("Follow-up", worklist_screen),
             "dashboard": ("Dashboard", dashboard_screen),
             "benchmarks": ("Benchmarks", benchmarks_screen)}
"""Tab key: (title, maker of its screen), built when the tab is first shown."""


class MainWindow(QMainWindow):
    """Where a coordinator works all day."""

    first_painted = Signal()
    """The window has painted for the first time (the registry is opened after that)."""

    def __init__(self, ctx: GuiContext, drafts: DraftStore | None = None) -> None:
        super().__init__()
        self.ctx, self._drafts = ctx, drafts
        self._editor_pool: EditorPool | None = None
        self.editors: list[CaseEditor] = []
        self.painted = False
        self.setWindowTitle("Thrombectomy registry")
        self.cases_page = Page()
        self._case_list: CaseListView | None = None
        self.tabs, self.lazy = self._tabs()
        self.setCentralWidget(self.tabs)
        self.actions_by_name = self._actions()
        self.location_label = QLabel(f"Registry: {ctx.location()}")
        self.location_label.setObjectName("location_label")
        self.statusBar().addPermanentWidget(self.location_label)
        ctx.changed.connect(self._mark_stale)
        self.restore_prefs()
        if ctx.is_open:
            self.ensure_case_list()
        else:
            self._wait_for_registry()

    def _wait_for_registry(self) -> None:
        """Shown before the registry is open: say so, and start everything once it is."""
        self.set_registry_actions(False)
        self.statusBar().showMessage(WAITING)
        self.ctx.opened.connect(self._registry_opened)

    def _registry_opened(self) -> None:
        self.location_label.setText(f"Registry: {self.ctx.location()}")
        self.statusBar().clearMessage()
        self.set_registry_actions(True)
        if self._case_list is None:
            self.ensure_case_list()  # built and started
        else:
            self._case_list.start()
        self._tab_shown(self.tabs.currentIndex())

    def set_registry_actions(self, enabled: bool) -> None:
        for name in NEEDS_REGISTRY:
            self.actions_by_name[name].setEnabled(enabled)

    def _tabs(self) -> tuple[QTabWidget, dict[str, LazyTab]]:
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self.cases_page, "Cases")
        lazy = {key: LazyTab(make, title) for key, (title, make) in LAZY_TABS.items()}
        for tab in lazy.values():
            tabs.addTab(tab, tab.title)
        tabs.currentChanged.connect(self._tab_shown)
        return tabs, lazy

    def _actions(self) -> dict:
        return build_menus(self, self._slots(), self.tab_titles(), self.show_tab)

    def _slots(self) -> dict[str, Callable[[], object]]:
        """What each menu action does (main_actions gives their texts and keys)."""
        return {
            "new_case": self.new_case, "open_case": self.open_selected,
            "import": self.import_cases, "export": self.export_cases,
            "report": self.make_report, "backup": self.backup_now, "backups": self.show_backups,
            "restore": self.restore_backup, "demo": self.load_demo, "quit": self.close,
            "find": self.focus_search, "clear_filters": self.clear_filters,
            "delete_case": self.delete_selected, "deleted_cases": self.show_deleted_cases,
            "merges": self.show_merges, "open_queries": self.show_open_queries,
            "settings": self.open_settings, "refresh": self.refresh_all,
            "where": self.show_where, "about": self.show_about,
        }

    @property
    def case_list(self) -> CaseListView:
        """The case list (built now if the first paint has not yet been followed by it)."""
        return self.ensure_case_list()

    def ensure_case_list(self) -> CaseListView:
        """Build the case list into its tab; it starts reading once the registry is open."""
        if self._case_list is None:
            from PySide6.QtCore import Qt
            from .views.case_list import CaseListView
            view = CaseListView(self.ctx)
            view.open_case_requested.connect(self.open_case)
            view.history_requested.connect(self.show_history)
            view.delete_requested.connect(self.delete_case)
            view.merge_requested.connect(self.merge_cases)
            delete = self.actions_by_name["delete_case"]
            delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.table.addAction(delete)
            self.cases_page.put(view)
            self._case_list = view
            if self.ctx.is_open:
                view.start()
            else:
                view.filters.count_label.setText(WAITING)
        return self._case_list

    @property
    def drafts(self) -> DraftStore:
        """Unsaved cases kept on disk (the store is made when first needed)."""
        if self._drafts is None:
            from .views.editor.drafts import DraftStore
            self._drafts = DraftStore()
        return self._drafts

    @property
    def editor_pool(self) -> EditorPool:
        """Case editors, one built ahead once editing has started (see editor_pool)."""
        if self._editor_pool is None:
            from .views.editor.pool import EditorPool
            self._editor_pool = EditorPool(self.ctx, self.drafts, self)
        return self._editor_pool

    def tab_titles(self) -> list[tuple[str, str]]:
        return [("cases", "Cases")] + [(key, tab.title) for key, tab in self.lazy.items()]

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            self.first_painted.emit()

    # Tabs ########################################################################

    def show_tab(self, key: str) -> None:
        widget = self.cases_page if key == "cases" else self.lazy.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if isinstance(tab, LazyTab) and self.ctx.is_open:
            first = tab.view is None
            self._connect_screen(tab.ensure_view(self.ctx))
            if not first:
                tab.refresh_if_stale()

    def _connect_screen(self, view: QWidget) -> None:
        if view.property("connected_to_main"):
            return
        view.setProperty("connected_to_main", True)
        if hasattr(view, "open_case_requested"):
            view.open_case_requested.connect(self.open_case)
        if hasattr(view, "show_cases_requested"):
            view.show_cases_requested.connect(self.show_cases)

    def _mark_stale(self, *_) -> None:
        for tab in self.lazy.values():
            tab.stale = True
        current = self.tabs.currentWidget()
        if isinstance(current, LazyTab):
            current.refresh_if_stale()

    # Cases #######################################################################

    def open_case(self, case_id: int, section: str = "") -> CaseEditor | None:
        """Bring up the case's editor (one window per case), optionally at a section."""
        editor = self.editor_for(case_id)
        if editor is None:
            try:
                editor = self.editor_pool.open(case_id, self)
            except Exception as exc:  # e.g. NotFound: the case was deleted meanwhile
                from .errors import show_error
                show_error(self, exc)
                return None
            self._track(editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        if section:
            editor.open_section(section)
        return editor

    def new_case(self, draft=None) -> CaseEditor:
        from .views.editor.case_editor import CaseEditor
        editor = CaseEditor(self.ctx, None, draft=draft, drafts=self.drafts)
        self._track(editor)
        editor.show()
        editor.open_section("patient")
        return editor

    def editor_for(self, case_id: int) -> CaseEditor | None:
        return next((e for e in self.editors if e.case_id == case_id), None)

    def _track(self, editor: CaseEditor) -> None:
        self.editors.append(editor)
        editor.closed.connect(self._untrack)
        editor.saved.connect(lambda case_id: self.case_list.select_case(case_id))
        editor.switched.connect(lambda case_id: self.case_list.select_case(case_id))
        editor.set_browser(self)

    def neighbour(self, case_id: int, offset: int) -> int | None:
        """The case `offset` rows from `case_id` in the case list as sorted and filtered."""
        model = self.case_list.model
        row = model.row_of(case_id)
        if row is None or not 0 <= row + offset < model.rowCount():
            return None
        return model.id_at(row + offset)

    def _untrack(self, editor: CaseEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)

    def open_selected(self) -> None:
        case_id = self.case_list.current_case_id()
        if case_id is not None:
            self.open_case(case_id)

    def delete_selected(self) -> None:
        case_id = self.case_list.current_case_id()
        if case_id is not None:
            self.delete_case(case_id)

    def _case_number(self, case_id: int) -> str:
        """The case's number: from the list when it shows the case, else from the registry."""
        row = self.case_list.model.row_of(case_id)
        shown = self.case_list.model.row_at(row) if row is not None else {}
        if shown.get("case_number"):
            return str(shown["case_number"])
        from ..services.cases.editing import get_case
        case = get_case(self.ctx.opened_registry, case_id, with_identity=False)
        return str(case.values.get("case_number") or case_id)

    def show_history(self, case_id: int) -> None:
        """The case's history (from the case list's right-click menu)."""
        from .dialogs.history_dialog import HistoryDialog
        HistoryDialog(self.ctx, case_id, self._case_number(case_id), self).exec()

    def delete_case(self, case_id: int) -> None:
        number = self._case_number(case_id)
        from . import operations
        operations.delete_with_reason(self.ctx, self, case_id, number)

    def show_cases(self, ids: list[int], title: str) -> None:
        """The cases behind a number on the dashboard, in the case list."""
        self.show_tab("cases")
        self.case_list.show_cases(list(ids), title)

    def focus_search(self) -> None:
        self.show_tab("cases")
        self.case_list.focus_search()

    def clear_filters(self) -> None:
        self.case_list.show_cases(None)
        self.case_list.filters.clear()

    def refresh_all(self) -> None:
        """Read everything again: another program may have changed any case."""
        from ..services.changes import Changes
        self.ctx.broadcast(Changes.of_cases())

    # Long work and dialogs ########################################################

    def export_cases(self) -> None:
        from . import operations
        model = self.case_list.model
        operations.export_cases(self.ctx, self, model.filter, model.case_count())

    def load_demo(self) -> None:
        """Demo cases only go into an empty registry, never among real cases."""
        from ..services.cases.queries import count_cases
        from . import operations
        if count_cases(self.ctx.opened_registry) > 0:
            prompts.inform(self, "Load demo data", "Demo data are only added to an empty"
                           " registry, so fictitious cases never mix with real ones. To try"
                           " the program, start it on a separate demo registry, e.g.\n"
                           "registry-app --db demo.sqlite3 demo --cases 500")
            return
        operations.load_demo(self.ctx, self)

    def backup_now(self) -> None:
        """Back up at once (the list of backups is File → Backups…)."""
        from . import operations
        operations.backup_now(self.ctx, self)

    def show_backups(self) -> None:
        from .dialogs.backup_dialog import BackupDialog
        BackupDialog(self.ctx, self).exec()

    def import_cases(self) -> None:
        from .dialogs.import_wizard import ImportWizard
        ImportWizard(self.ctx, self).exec()

    def make_report(self) -> None:
        from .dialogs.report_dialog import ReportDialog
        ReportDialog(self.ctx, self).exec()

    def restore_backup(self) -> None:
        from .dialogs.backup_dialog import RestoreDialog
        RestoreDialog(self.ctx, self).exec()

    def merge_cases(self, first_id: int, second_id: int) -> None:
        """Two cases of one patient (from the case list's right-click menu)."""
        from .dialogs.merge_dialog import MergeDialog
        MergeDialog(self.ctx, first_id, second_id, self).exec()

    def show_merges(self) -> None:
        from .dialogs.merges_dialog import MergesDialog
        MergesDialog(self.ctx, self).exec()

    def show_deleted_cases(self) -> None:
        from .dialogs.deleted_cases_dialog import DeletedCasesDialog
        DeletedCasesDialog(self.ctx, self).exec()

    def show_open_queries(self) -> None:
        """The open data queries; Open case opens the editor of the selected one."""
        from .dialogs.open_queries_dialog import OpenQueriesDialog
        dialog = OpenQueriesDialog(self.ctx, self)
        dialog.open_case_requested.connect(self.open_case)
        dialog.exec()

    def open_settings(self) -> None:
        """The settings dialog saves through the task runner, which says what changed."""
        from .dialogs.settings_dialog import SettingsDialog
        SettingsDialog(self.ctx, self).exec()

    def show_where(self) -> None:
        from .. import paths
        prompts.inform(self, "Where your data live",
                       f"Registry: {self.ctx.location()}\n\nBackups: {paths.backup_dir()}\n"
                       f"Drafts of unsaved cases: {self.drafts.folder}\n"
                       f"Log files: {paths.log_dir()}")

    def show_about(self) -> None:
        from .dialogs.about_dialog import AboutDialog
        AboutDialog(self.ctx.location(), self).exec()

    # Start-up, closing and remembering ###########################################

    def offer_drafts(self) -> None:
        """Offer to reopen the unsaved cases of a session that ended unexpectedly."""
        found = self.drafts.all()
        if not found:
            return
        names = "\n".join(f"• {d.describe()}" for d in found)
        answer = prompts.ask(self, "Unsaved changes found", "These cases had unsaved changes"
                             f" when the application last closed:\n{names}\n\nOpen them now?",
                             ("Open them", "Later"), "Open them")
        if answer == "Open them":
            for draft in found:
                self._reopen(draft)

    def _reopen(self, draft) -> None:
        if draft.case_id is None:
            self.new_case(draft=draft)
        elif self.editor_for(draft.case_id) is None:
            self.open_case(draft.case_id)

    def closeEvent(self, event) -> None:
        for editor in list(self.editors):
            if not editor.close():
                event.ignore()
                return
        # While the registry opens, that is the only work: quitting simply waits for it.
        if self.ctx.is_open and self.ctx.tasks.pending and not prompts.confirm(
                self, "Work in progress", "Work is still running. Stop it and quit?",
                "Stop and quit", "Keep working"):
            event.ignore()
            return
        self.save_prefs()
        if self._case_list is not None:
            self._case_list.shutdown()
        if self._editor_pool is not None:
            self._editor_pool.shutdown()
        event.accept()

    def save_prefs(self) -> None:
        prefs = self.ctx.prefs
        prefs.setValue(PREFS_GEOMETRY, self.saveGeometry())
        prefs.setValue(PREFS_STATE, self.saveState())
        prefs.setValue(PREFS_TAB, self.tabs.currentIndex())
        if self._case_list is not None:
            self._case_list.save_prefs()
        prefs.sync()

    def restore_prefs(self) -> None:
        prefs = self.ctx.prefs
        geometry = prefs.value(PREFS_GEOMETRY)
        if not (geometry and self.restoreGeometry(geometry)):
            screen = self.screen().availableGeometry()
            self.resize(min(1400, screen.width()), min(900, screen.height() - 40))
        state = prefs.value(PREFS_STATE)
        if state:
            self.restoreState(state)
        tab = int(str(prefs.value(PREFS_TAB, 0) or 0))  # the ini file holds text
        if 0 < tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
