"""The import wizard: map an unknown column, see every problem, import the good rows."""
from __future__ import annotations

from registry_app.services.changes import Changes
from registry_app.gui.dialogs.import_wizard import CHECK, FILE, MAPPING, RESULT, ImportWizard
from registry_app.gui.dialogs.import_wizard_pages import SKIP
from registry_app.services.cases.queries import CaseFilter, case_ids
from registry_app.services.cases.editing import get_case

from .conftest import settle_wizard, wizard_on

CSV = """case_number,territory,procedure_date,Lebensjahre,sex
IMP-1,cerebral,2025-03-01,71,F
IMP-2,cerebral,2025-03-02,65,M
IMP-3,cerebral,not a date,80,F
IMP-4,cerebral,2025-03-04,200,M
"""


def _wizard(ctx, qtbot, tmp_path) -> ImportWizard:
    source = tmp_path / "ward list.csv"
    source.write_text(CSV, encoding="utf-8")
    wizard = wizard_on(ctx, qtbot, source)
    return wizard


def _settle(qtbot, wizard, ctx) -> None:
    settle_wizard(qtbot, wizard, ctx)


def _numbers(ctx) -> set[str]:
    return {get_case(ctx.registry, i).values["case_number"]
            for i in case_ids(ctx.registry, CaseFilter())}


def test_unknown_column_is_mapped_and_good_rows_imported(ctx, qtbot, tmp_path, modals):
    wizard = _wizard(ctx, qtbot, tmp_path)
    assert wizard.step == FILE and wizard.next_button.isEnabled()
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == MAPPING
    assert wizard.mapping_page.combos["Lebensjahre"].currentText() == SKIP
    assert "'Lebensjahre'" in wizard.mapping_page.status.text()

    wizard.mapping_page.choose("Lebensjahre", "age")
    _settle(qtbot, wizard, ctx)
    assert wizard.preview.mapping["Lebensjahre"] == "age"
    assert wizard.preview.unknown_columns == []

    wizard.next_button.click()
    assert wizard.step == CHECK
    reasons = wizard.check_page.reasons()
    assert ("cases", "4", "procedure_date") in [r[:3] for r in reasons]
    age_rows = [r for r in reasons if r[1] == "5"]
    assert age_rows and age_rows[0][2] == "Lebensjahre" and "Age" in age_rows[0][3]
    assert "2 new cases" in wizard.check_page.summary.text()
    assert "2 rows would be rejected" in wizard.check_page.summary.text()

    changed = []
    ctx.changed.connect(changed.append)
    assert wizard.import_button.isEnabled()
    wizard.import_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == RESULT
    assert wizard.report.created == 2 and len(wizard.report.rejected) == 2
    assert wizard.report.rejects_file is not None and wizard.report.rejects_file.is_file()
    text = wizard.result_page.text.text()
    assert "2 new cases created" in text and str(wizard.report.rejects_file) in text
    assert _numbers(ctx) == {"IMP-1", "IMP-2"}
    imported = [get_case(ctx.registry, i) for i in case_ids(ctx.registry, CaseFilter())]
    assert {c.values["case_number"]: c.values["age"] for c in imported} == {"IMP-1": 71,
                                                                          "IMP-2": 65}
    assert changed == [Changes.of_cases()]
    assert wizard.close_button.text() == "Close"


def test_mapping_is_remembered_for_the_same_layout(ctx, qtbot, tmp_path, modals):
    wizard = _wizard(ctx, qtbot, tmp_path)
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    wizard.mapping_page.choose("Lebensjahre", "age")
    _settle(qtbot, wizard, ctx)
    wizard.next_button.click()
    wizard.import_button.click()
    _settle(qtbot, wizard, ctx)

    again = _wizard(ctx, qtbot, tmp_path)
    again.next_button.click()
    _settle(qtbot, again, ctx)
    assert again.mapping_page.combos["Lebensjahre"].currentData() == "age"
    assert "remembered" in again.mapping_page.intro.text()


def test_missing_file_is_explained_in_plain_words(ctx, qtbot, tmp_path, modals):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(tmp_path / "nowhere.csv"))
    messages = []
    modals.then(lambda box: (messages.append(box.text()), box.accept()))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=5000)
    assert wizard.step == FILE
    assert "nowhere.csv" in messages[0] and "does not exist" in messages[0]


def test_the_date_order_is_chosen_in_the_wizard_and_remembered(ctx, qtbot, tmp_path, modals):
    from registry_app.services.importing.layouts import load_layout
    source = tmp_path / "dates.csv"
    source.write_text("case_number,procedure_date\nDO-1,03/04/2025\nDO-2,2025-04-05\n",
                      encoding="utf-8")
    wizard = wizard_on(ctx, qtbot, source)
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.mapping_page.date_order() is None
    assert wizard.preview.rejected == 1  # 03/04/2025 is not guessed
    combo = wizard.mapping_page.date_order_combo
    combo.setCurrentIndex(combo.findData("dmy"))
    _settle(qtbot, wizard, ctx)
    assert (wizard.preview.new, wizard.preview.rejected) == (2, 0)
    wizard.next_button.click()
    wizard.import_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.report.created == 2
    case = get_case(ctx.registry, next(i for i in case_ids(ctx.registry, CaseFilter())
                                       if get_case(ctx.registry, i).values["case_number"]
                                       == "DO-1"))
    assert case.values["procedure_date"].isoformat() == "2025-04-03"
    assert load_layout(ctx.registry, ["case_number", "procedure_date"]).date_order == "dmy"
