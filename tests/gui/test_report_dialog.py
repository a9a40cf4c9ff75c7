"""The report dialog: writes the month's workbook and PDF, then signs the month off."""
from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from registry_app.gui.dialogs import report_dialog
from registry_app.gui.dialogs.report_dialog import ReportDialog, last_complete_month
from registry_app.services.reports.signoff import get_signoff

from .conftest import wait_idle
from ..pdf_text import pdf_words


CENTRE = "Hôpital Nord Neuroradiologie"


def _dialog(ctx, qtbot, tmp_path, centre: str | None = CENTRE) -> ReportDialog:
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(tmp_path / "reports"))
    if centre is not None:
        dialog.centre_edit.setText(centre)
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
    result = dialog.last_report
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


def _generate(dialog, ctx, qtbot):
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx, timeout=60000)
    assert dialog.last_report is not None


def test_sign_off_only_after_generating_with_what_will_be_locked(demo_ctx, qtbot, tmp_path,
                                                                 modals, monkeypatch):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    status = dialog.status_label.text()
    assert "2025-05 is not signed off" in status and "Generate its report first" in status
    assert not dialog.signoff_button.isEnabled()
    assert not dialog.open_pdf_button.isVisible()
    _generate(dialog, demo_ctx, qtbot)
    assert dialog.signoff_button.isEnabled()
    assert "Generate its report first" not in dialog.status_label.text()

    opened = []
    monkeypatch.setattr(report_dialog, "open_url", lambda url: opened.append(url) or True)
    dialog.open_pdf_button.click()
    dialog.open_folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(dialog.last_report.pdf),
                                                 str(tmp_path / "reports")]

    asked, seen = [], []
    def note(box):
        asked.append(box.labelText())
        _answer_note("presented at the May audit meeting")(box)
    modals.then(note, lambda box: (seen.append(box.text()), box.accept()))
    dialog.signoff_button.click()
    wait_idle(qtbot, demo_ctx)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    cases = dialog.last_report.cases
    assert f"Signing off 2025-05 locks {cases:,} cerebral cases" in asked[0]
    assert dialog.last_report.fingerprint in asked[0]
    signed = get_signoff(demo_ctx.registry, "2025-05")
    assert signed is not None and signed.note == "presented at the May audit meeting"
    assert "2025-05 was signed off" in seen[0] and signed.fingerprint in seen[0]
    assert "2025-05 was signed off on" in dialog.status_label.text()
    assert not dialog.signoff_button.isEnabled()


def test_another_month_needs_its_own_report_and_an_unfinished_month_cannot_be_signed(
        demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    # The month's report is generated either way: the PDF (half of its time) adds nothing
    # this test checks.
    dialog.pdf_box.setChecked(False)
    _generate(dialog, demo_ctx, qtbot)
    dialog.month_edit.setDate(QDate(2025, 4, 1))
    assert not dialog.signoff_button.isEnabled()
    assert "Generate its report first" in dialog.status_label.text()
    dialog.month_edit.setDate(QDate(2025, 6, 1))
    assert "not over yet" in dialog.status_label.text()
    assert not dialog.signoff_button.isEnabled()


def test_cancelling_the_confirmation_signs_nothing(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    # Sign-off follows the generated report's month and fingerprint, whichever files were
    # written: the PDF (half of the report's time) adds nothing this test checks.
    dialog.pdf_box.setChecked(False)
    _generate(dialog, demo_ctx, qtbot)
    modals.then(lambda box: box.reject())
    dialog.signoff_button.click()
    wait_idle(qtbot, demo_ctx)
    assert get_signoff(demo_ctx.registry, "2025-05") is None


def test_the_default_benchmark_is_ticked_and_only_cerebral_ones_are_offered(demo_ctx, qtbot,
                                                                            tmp_path, modals):
    from dataclasses import replace
    from registry_app.services.benchmarks.library import list_benchmarks
    from registry_app.services.registry import save_settings
    cerebral = [b.id for b in list_benchmarks() if b.territory == "cerebral"]
    save_settings(demo_ctx.registry, replace(demo_ctx.registry.settings(),
                                             default_benchmark=cerebral[-1]))
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    offered = [dialog.benchmarks.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(dialog.benchmarks.count())]
    assert offered == cerebral
    assert dialog.benchmark_ids() == [cerebral[-1]]


def test_the_centre_name_is_asked_for_once_and_remembered(demo_ctx, qtbot, tmp_path, modals):
    assert demo_ctx.registry.settings().center_name == ""
    dialog = _dialog(demo_ctx, qtbot, tmp_path, centre=None)
    assert dialog.centre_edit.text() == "" and dialog.centre_edit.isVisible()
    dialog.xlsx_box.setChecked(False)
    modals.then(lambda box: box.accept())
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    assert "Centre name: enter your centre's name" in modals.seen[0]
    assert dialog.last_report is None and not (tmp_path / "reports").exists()

    typed = "St Mary Neuroradiology"
    qtbot.keyClicks(dialog.centre_edit, typed)
    _generate(dialog, demo_ctx, qtbot)
    assert demo_ctx.registry.settings().center_name == typed
    text = pdf_words(dialog.last_report.pdf)
    assert typed in text and "not set" not in text
    again = _dialog(demo_ctx, qtbot, tmp_path, centre=None)
    assert again.centre_edit.text() == typed  # pre-filled from the settings next time


def test_an_unreadable_logo_is_refused_by_name(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    dialog.logo_edit.setText(str(tmp_path / "missing.png"))
    modals.then(lambda box: box.accept())
    qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    assert "Logo: the file" in modals.seen[0] and "missing.png" in modals.seen[0]
    assert dialog.last_report is None and demo_ctx.registry.settings().logo_path == ""


def _review_operators(result) -> set:
    rows = list(load_workbook(result.xlsx, read_only=True)["Review"].iter_rows(values_only=True))
    at = list(rows[0]).index("Operator")
    return {row[at] for row in rows[1:] if row[at]}


def test_operators_are_letters_unless_the_box_asks_for_names(demo_ctx, qtbot, tmp_path, modals):
    dialog = _dialog(demo_ctx, qtbot, tmp_path)
    assert not dialog.operator_names.isChecked()
    _generate(dialog, demo_ctx, qtbot)
    letters = _review_operators(dialog.last_report)
    assert letters and all(code.isalpha() and code.isupper() for code in letters)
    assert "operators as letters" in pdf_words(dialog.last_report.pdf)

    qtbot.mouseClick(dialog.operator_names, Qt.MouseButton.LeftButton)
    assert dialog.operator_names.isChecked()
    _generate(dialog, demo_ctx, qtbot)
    names = _review_operators(dialog.last_report)
    assert names and not names & letters
    assert "operators by name" in pdf_words(dialog.last_report.pdf)
