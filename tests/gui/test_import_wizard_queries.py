"""The import wizard says how many rows break a consistency rule and are imported with open
queries, before (check step) and after (result) the import."""
from __future__ import annotations

from registry_app.gui.dialogs.import_wizard import CHECK, MAPPING, RESULT
from registry_app.services.cases.data_queries import list_queries

from .conftest import settle_wizard, wizard_on

CSV = ("case_number,procedure_date,door_time,puncture_time\n"
       "W-1,2025-01-10,2025-01-10 09:10,2025-01-10 10:15\n"
       "W-2,2025-01-10,2025-01-10 10:30,2025-01-10 09:40\n")


def test_rows_with_open_queries_are_counted_in_the_wizard(ctx, qtbot, tmp_path, modals):
    source = tmp_path / "legacy.csv"
    source.write_text(CSV, encoding="utf-8")
    wizard = wizard_on(ctx, qtbot, source)
    wizard.next_button.click()
    settle_wizard(qtbot, wizard, ctx)
    assert wizard.step == MAPPING
    wizard.next_button.click()
    assert wizard.step == CHECK
    summary = wizard.check_page.summary.text()
    assert "2 new cases" in summary and "0 rows would be rejected" in summary
    assert "1 row would be imported with open queries" in summary
    wizard.import_button.click()
    settle_wizard(qtbot, wizard, ctx)
    assert wizard.step == RESULT and wizard.report.with_queries == 1
    assert "1 imported row breaks a consistency rule" in wizard.result_page.text.text()
    assert [q.case_number for q in list_queries(ctx.registry)] == ["W-2"]
