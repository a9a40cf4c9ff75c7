"""The main window: cases, follow-up, dashboard and benchmarks as tabs; menus; open editors."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from . import operations, peers, prompts
from .context import GuiContext
from .views.case_editor import CaseEditor, open_editor
from .views.case_list import CaseListView
from .views.editor_drafts import DraftStore

PREFS_GEOMETRY, PREFS_STATE, PREFS_TAB = "main/geometry", "main/state", "main/tab"
LAZY_TABS = {"followup": peers.WORKLIST, "dashboard": peers.DASHBOARD,
             "benchmarks": peers.BENCHMARKS}


class LazyTab(QWidget):
    """Holds a peer view, built the first time the tab is shown."""

    def __init__(self, peer: peers.Peer) -> None:
        super().__init__()
        self.peer, self.view, self.stale = peer, None, False
        self.setLayout(QVBoxLayout())
        self.layout().setContentsMargins(0, 0, 0, 0)

    def ensure_view(self, ctx: GuiContext) -> QWidget:
        if self.view is None:
            self.view = peers.make_view(self.peer, ctx, self)
            self.layout().addWidget(self.view)
        return self.view

    def refresh_if_stale(self) -> None:
        if self.stale and self.view is not None and hasattr(self.view, "refresh"):
            self.stale = False
            self.view.refresh()


class MainWindow(QMainWindow):
    """Where a coordinator works all day."""

    def __init__(self, ctx: GuiContext, drafts: DraftStore | None = None) -> None:
        super().__init__()
        self.ctx, self.drafts = ctx, drafts or DraftStore()
        self.editors: list[CaseEditor] = []
        self.setWindowTitle("Thrombectomy registry")
        self.case_list = CaseListView(ctx)
        self.case_list.open_case_requested.connect(self.open_case)
        self.tabs, self.lazy = self._tabs()
        self.setCentralWidget(self.tabs)
        self.actions_by_name = self._actions()
        self.location_label = QLabel(f"Registry: {ctx.location()}")
        self.location_label.setObjectName("location_label")
        self.statusBar().addPermanentWidget(self.location_label)
        ctx.cases_changed.connect(self._mark_stale)
        ctx.settings_changed.connect(self._mark_stale)
        self.restore_prefs()
        self.case_list.start()

    def _tabs(self) -> tuple[QTabWidget, dict[str, LazyTab]]:
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self.case_list, "Cases")
        lazy = {key: LazyTab(peer) for key, peer in LAZY_TABS.items()}
        for tab in lazy.values():
            tabs.addTab(tab, tab.peer.title)
        tabs.currentChanged.connect(self._tab_shown)
        return tabs, lazy

    def _actions(self) -> dict:
        from .main_actions import build_menus
        acts = build_menus(self)
        delete = acts["delete_case"]
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.case_list.table.addAction(delete)
        return acts

    def tab_titles(self) -> list[tuple[str, str]]:
        return [("cases", "Cases")] + [(key, tab.peer.title) for key, tab in self.lazy.items()]

    # Tabs ########################################################################

    def show_tab(self, key: str) -> None:
        widget = self.case_list if key == "cases" else self.lazy.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if isinstance(tab, LazyTab):
            first = tab.view is None
            self._connect_peer(tab.ensure_view(self.ctx))
            if not first:
                tab.refresh_if_stale()

    def _connect_peer(self, view: QWidget) -> None:
        if getattr(view, "_connected_to_main", False):
            return
        view._connected_to_main = True
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
                editor = open_editor(self.ctx, case_id, self, self.drafts)
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

    def _untrack(self, editor: CaseEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)

    def open_selected(self) -> None:
        case_id = self.case_list.current_case_id()
        if case_id is not None:
            self.open_case(case_id)

    def delete_selected(self) -> None:
        case_id = self.case_list.current_case_id()
        if case_id is None:
            return
        row = self.case_list.model.row_of(case_id)
        number = self.case_list.model.row_at(row).get("case_number", case_id)
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
        self.ctx.notify_cases_changed([])

    # Long work and peer dialogs ##################################################

    def export_cases(self) -> None:
        model = self.case_list.model
        operations.export_cases(self.ctx, self, model.filter, model.rowCount())

    def load_demo(self) -> None:
        operations.load_demo(self.ctx, self)

    def backup_now(self) -> None:
        if peers.is_available(peers.BACKUP):
            peers.run_dialog(peers.BACKUP, self.ctx, self)
        else:
            operations.backup_now(self.ctx, self)

    def import_cases(self) -> None:
        if peers.run_dialog(peers.IMPORT_WIZARD, self.ctx, self) is not None:
            self.ctx.notify_cases_changed([])

    def make_report(self) -> None:
        peers.run_dialog(peers.REPORT, self.ctx, self)

    def restore_backup(self) -> None:
        if peers.run_dialog(peers.RESTORE, self.ctx, self) is not None:
            self.ctx.notify_cases_changed([])

    def show_deleted_cases(self) -> None:
        from .dialogs.deleted_cases_dialog import DeletedCasesDialog
        DeletedCasesDialog(self.ctx, self).exec()

    def open_settings(self) -> None:
        """The settings dialog saves and calls ctx.notify_settings_changed() itself."""
        peers.run_dialog(peers.SETTINGS, self.ctx, self)

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
        if self.ctx.tasks.pending and not prompts.confirm(
                self, "Work in progress", "Work is still running. Stop it and quit?",
                "Stop and quit", "Keep working"):
            event.ignore()
            return
        self.save_prefs()
        self.case_list.shutdown()
        event.accept()

    def save_prefs(self) -> None:
        prefs = self.ctx.prefs
        prefs.setValue(PREFS_GEOMETRY, self.saveGeometry())
        prefs.setValue(PREFS_STATE, self.saveState())
        prefs.setValue(PREFS_TAB, self.tabs.currentIndex())
        self.case_list.save_prefs()
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
        tab = int(prefs.value(PREFS_TAB, 0) or 0)
        if 0 < tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
