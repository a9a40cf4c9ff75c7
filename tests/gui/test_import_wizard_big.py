"""The import wizard with a big file read part by part: the same steps, the first rejected rows
listed with their problems, every one counted and written to the rejects file."""
from __future__ import annotations

import csv
import os

import registry_app.services.importing.in_parts as in_parts
import registry_app.services.importing.part_sizes as part_sizes
import registry_app.services.importing.staged_rejects as staged_rejects
from registry_app.gui.dialogs.import_wizard import CHECK, RESULT

from .conftest import settle_wizard, wizard_on


def _big_legacy_file(tmp_path):
    """Forty cases, every fourth with a date that cannot be read."""
    path = tmp_path / "big ward list.csv"
    lines = ["case_number,territory,procedure_date,age,sex"]
    lines += [f"B-{n},cerebral,{'soon' if n % 4 == 0 else f'2025-03-{1 + n % 28:02d}'},"
              f"{50 + n},{'FM'[n % 2]}" for n in range(40)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_big_file_is_checked_and_imported_part_by_part(ctx, qtbot, tmp_path, modals,
                                                         monkeypatch):
    monkeypatch.setattr(part_sizes, "STAGED_ABOVE", {".csv": 0, ".xlsx": 0, ".xlsm": 0})
    monkeypatch.setattr(in_parts, "PART_CASES", 7)
    monkeypatch.setattr(staged_rejects, "LISTED", 3)
    wizard = wizard_on(ctx, qtbot, _big_legacy_file(tmp_path))
    wizard.next_button.click()
    settle_wizard(qtbot, wizard, ctx)
    while wizard.step != CHECK:
        wizard.next_button.click()
        settle_wizard(qtbot, wizard, ctx)
    summary = wizard.check_page.summary.text()
    assert "30 new cases" in summary and "10 rows would be rejected" in summary
    assert "The problems of the first 3 are listed" in summary
    assert [r[:3] for r in wizard.check_page.reasons()] == [
        ("cases", "2", "procedure_date"), ("cases", "6", "procedure_date"),
        ("cases", "10", "procedure_date")]
    if os.environ.get("REGISTRY_SHOTS"):  # a look at the page: REGISTRY_SHOTS=folder
        wizard.grab().save(os.path.join(os.environ["REGISTRY_SHOTS"], "big-check.png"))
    wizard.import_button.click()
    settle_wizard(qtbot, wizard, ctx)
    assert wizard.step == RESULT
    assert "30 new cases created" in wizard.result_page.text.text()
    assert "10 rows rejected" in wizard.result_page.text.text()
    if os.environ.get("REGISTRY_SHOTS"):
        wizard.grab().save(os.path.join(os.environ["REGISTRY_SHOTS"], "big-result.png"))
    with wizard.report.rejects_file.open(encoding="utf-8-sig") as rejects:
        assert len(list(csv.DictReader(rejects))) == 10
    assert list(in_parts.staging_folder().iterdir()) == []
