"""The report dialog: writes the month's workbook and PDF, then signs the month off."""
from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from registry_app.gui.dialogs.report_dialog import ReportDialog, last_complete_month
from registry_app.services.signoff import get_signoff

from .conftest import wait_idle


def _dialog(ctx, qtbot, tmp_path) -> ReportDialog:
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(tmp_path / "reports"))
    return dialog


def _answer_note(note: str):
    def handler(box) -> None:
        box.setTextValue(note)
        box.accept()
    return handler


def test_last_complete_month():
    assert last_complete_month(date(2025, 6, 30)) == date(2025, 5, 1)
    assert last_complete_month(date(2025, 1, 1)) == date(2024, 12, 1)


def test_writes_both_files_for_a_demo_month(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    assert dialog.month() == "2025-05"
    assert not dialog.identified.isChecked() and not dialog.warning.isVisible()
    first = dialog.benchmarks.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    assert dialog.benchmark_ids() == [first.data(Qt.ItemDataRole.UserRole)]

    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, demo_ctx, timeout=60000)
    result = dialog.result
    assert result is not None and result.cases > 0
    assert result.xlsx == tmp_path / "reports" / "registry-report-2025-05.xlsx"
    assert result.xlsx.is_file() and result.pdf.is_file()
    assert result.pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(result.xlsx, read_only=True).sheetnames
    shown = dialog.outcome.text()
    assert str(result.xlsx) in shown and str(result.pdf) in shown
    assert result.fingerprint in shown


def test_identifiers_warn_and_name_the_workbook(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    dialog.identified.setChecked(True)
    assert dialog.warning.isVisible()
    dialog.pdf_box.setChecked(False)
    xlsx, pdf = dialog.targets()
    assert pdf is None and xlsx.name == "registry-report-2025-05-IDENTIFIED.xlsx"


def test_sign_off_after_confirmation(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    modals.then(_answer_note("presented at the May audit meeting"))
    seen = []
    modals.then(lambda box: (seen.append(box.text()), box.accept()))
    dialog.signoff_button.click()
    wait_idle(qtbot, demo_ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    signed = get_signoff(demo_ctx.registry, "2025-05")
    assert signed is not None and signed.note == "presented at the May audit meeting"
    assert "2025-05 was signed off" in seen[0] and signed.fingerprint in seen[0]


def test_refused_sign_off_is_a_plain_message(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    dialog.month_edit.setDate(QDate(2025, 6, 1))
    seen = []
    modals.then(_answer_note(""), lambda box: (seen.append(box.text()), box.accept()))
    dialog.signoff_button.click()
    wait_idle(qtbot, demo_ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    assert get_signoff(demo_ctx.registry, "2025-06") is None
    assert "not over yet" in seen[0]


def test_cancelling_the_confirmation_signs_nothing(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    modals.then(lambda box: box.reject())
    dialog.signoff_button.click()
    wait_idle(qtbot, demo_ctx)
    assert get_signoff(demo_ctx.registry, "2025-05") is None
