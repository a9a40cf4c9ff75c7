"""The import wizard's coded-values step: unrecognised values mapped by hand, then remembered."""
from __future__ import annotations

from registry_app.gui.dialogs.import_wizard import CHECK, MAPPING, RESULT, VALUES, ImportWizard
from registry_app.gui.dialogs.import_wizard_values import EMPTY, LEAVE
from registry_app.services.cases.editing import get_case
from registry_app.services.importing.layouts import load_layout
from registry_app.services.cases.queries import CaseFilter, case_ids

from .conftest import wait_idle

HEADER = "case_number,territory,procedure_date,Stent placed,rescue_reason,TICI final,Complications"
CSV = f"""{HEADER}
V-1,cerebral,2025-03-01,erfolgt,residual_stenosis,TICI IIb,
V-2,cerebral,2025-03-02,nicht erfolgt,,TICI III,Perforation; Gefäßspasmus
V-3,cerebral,2025-03-03,vielleicht,,3,none
V-4,cerebral,2025-03-04,ja,residual_stenosis,TICI IIb,dissection
"""
SAME_LAYOUT = f"""{HEADER}
W-1,cerebral,2025-04-01,nicht erfolgt,,TICI IIb,Gefäßspasmus
W-2,cerebral,2025-04-02,erfolgt,residual_stenosis,TICI III,
"""
RECOGNISED = """case_number,territory,procedure_date,rescue stent,rescue_reason,final tici,sex
R-1,cerebral,2025-05-01,ja,residual_stenosis,2b,F
R-2,cerebral,2025-05-02,nein,,TICI 3,M
"""
UNKNOWN = {("Stent placed", "erfolgt"), ("Stent placed", "nicht erfolgt"),
           ("Stent placed", "vielleicht"), ("TICI final", "TICI IIb"),
           ("TICI final", "TICI III"), ("Complications", "Gefäßspasmus")}
BY_HAND = {("Stent placed", "erfolgt"): "yes", ("Stent placed", "nicht erfolgt"): "no",
           ("TICI final", "TICI IIb"): "2b", ("TICI final", "TICI III"): "3",
           ("Complications", "Gefäßspasmus"): "vasospasm"}


def _wizard(ctx, qtbot, tmp_path, text: str = CSV, name: str = "stents.csv") -> ImportWizard:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path_edit, str(source))
    return wizard


def _settle(qtbot, wizard, ctx) -> None:
    qtbot.waitUntil(lambda: not wizard.busy and not wizard._recheck.isActive(), timeout=10000)
    wait_idle(qtbot, ctx)


def _to_mapping(qtbot, wizard, ctx, columns: dict[str, str]) -> None:
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == MAPPING
    for column, code in columns.items():
        wizard.mapping_page.choose(column, code)
        _settle(qtbot, wizard, ctx)


def _rows(wizard) -> set[tuple[str, str]]:
    table = wizard.values_page.table
    return {(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())}


def _map_by_hand(qtbot, wizard, ctx) -> None:
    for (column, raw), code in BY_HAND.items():
        wizard.values_page.choose(column, raw, code)
    _settle(qtbot, wizard, ctx)


def _import(qtbot, wizard, ctx) -> None:
    assert wizard.import_button.isEnabled()
    wizard.import_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == RESULT


def _cases(ctx) -> dict:
    cases = [get_case(ctx.registry, i) for i in case_ids(ctx.registry, CaseFilter())]
    return {c.values["case_number"]: c.values for c in cases}


MAPPED_COLUMNS = {"Stent placed": "rescue_stent", "Complications": "procedural_complications"}


def test_unrecognised_values_are_mapped_by_hand_and_imported(ctx, qtbot, tmp_path, modals):
    wizard = _wizard(ctx, qtbot, tmp_path)
    _to_mapping(qtbot, wizard, ctx, MAPPED_COLUMNS)
    assert "4 rows would be rejected" in wizard.mapping_page.status.text()
    wizard.next_button.click()
    assert wizard.step == VALUES
    assert _rows(wizard) == UNKNOWN  # the multiple-choice cell is listed item by item
    page = wizard.values_page
    assert all(combo.currentText() == LEAVE for combo in page.combos.values())
    stent = page.combos[("Stent placed", "erfolgt")]
    assert [stent.itemText(i) for i in range(stent.count())] == [LEAVE, EMPTY, "Yes", "No"]
    tici = page.combos[("TICI final", "TICI IIb")]
    assert "2b – ≥50% (mTICI)" in [tici.itemText(i) for i in range(tici.count())]
    assert "0 of 6 values mapped" in page.status.text()

    _map_by_hand(qtbot, wizard, ctx)
    assert wizard.preview.unrecognised_values == {"Stent placed": ["vielleicht"]}
    assert "5 of 6 values mapped; 1 left unmapped" in page.status.text()
    assert "3 new cases" in page.status.text() and "1 rows would be rejected" in page.status.text()
    assert _rows(wizard) == UNKNOWN  # mapped values stay listed, so they can be changed

    wizard.next_button.click()
    assert wizard.step == CHECK
    assert wizard.check_page.reasons() == [
        ("cases", "4", "Stent placed", "Rescue stent placed: 'vielleicht' is not yes or no.")]
    notes = wizard.check_page.notes.text()
    assert "'erfolgt' → yes" in notes and "'gefäßspasmus' → vasospasm" in notes
    assert "not recognised: vielleicht" in notes

    _import(qtbot, wizard, ctx)
    assert wizard.report.created == 3 and len(wizard.report.rejected) == 1
    assert "'vielleicht' is not yes or no" in wizard.report.rejected[0].reasons[0]
    cases = _cases(ctx)
    assert set(cases) == {"V-1", "V-2", "V-4"}
    assert (cases["V-1"]["rescue_stent"], cases["V-1"]["final_reperfusion"]) == (True, "2b")
    assert (cases["V-2"]["rescue_stent"], cases["V-2"]["final_reperfusion"]) == (False, "3")
    assert cases["V-2"]["procedural_complications"] == ("perforation", "vasospasm")
    assert cases["V-4"]["rescue_stent"] is True  # 'ja' needs no mapping


def test_value_maps_are_remembered_and_the_step_skipped_next_time(ctx, qtbot, tmp_path,
                                                                    modals):
    wizard = _wizard(ctx, qtbot, tmp_path)
    _to_mapping(qtbot, wizard, ctx, MAPPED_COLUMNS)
    wizard.next_button.click()
    _map_by_hand(qtbot, wizard, ctx)
    wizard.next_button.click()
    _import(qtbot, wizard, ctx)
    remembered = load_layout(ctx.registry, HEADER.split(","))
    assert remembered.value_maps["Stent placed"] == {"erfolgt": "yes", "nicht erfolgt": "no"}

    again = _wizard(ctx, qtbot, tmp_path, SAME_LAYOUT, "april.csv")
    again.next_button.click()
    _settle(qtbot, again, ctx)
    assert again.mapping_page.combos["Stent placed"].currentData() == "rescue_stent"
    assert again.preview.unrecognised_values == {}
    again.next_button.click()
    assert again.step == CHECK  # nothing left to map: the coded-values step is skipped
    assert again.check_page.reasons() == []
    again.back_button.click()
    assert again.step == MAPPING
    again.next_button.click()
    _import(qtbot, again, ctx)
    cases = _cases(ctx)
    assert (cases["W-1"]["rescue_stent"], cases["W-1"]["final_reperfusion"]) == (False, "2b")
    assert cases["W-1"]["procedural_complications"] == ("vasospasm",)
    assert (cases["W-2"]["rescue_stent"], cases["W-2"]["final_reperfusion"]) == (True, "3")


def test_step_is_skipped_when_every_value_is_recognised(ctx, qtbot, tmp_path, modals):
    wizard = _wizard(ctx, qtbot, tmp_path, RECOGNISED, "recognised.csv")
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.preview.mapping["rescue stent"] == "rescue_stent"
    assert wizard.preview.unrecognised_values == {}
    wizard.next_button.click()
    assert wizard.step == CHECK
    assert "3. Match coded values" in wizard.step_label.text()
    assert "[4. Check the rows]" in wizard.step_label.text()
    _import(qtbot, wizard, ctx)
    cases = _cases(ctx)
    assert (cases["R-1"]["rescue_stent"], cases["R-2"]["rescue_stent"]) == (True, False)
    assert (cases["R-1"]["final_reperfusion"], cases["R-2"]["final_reperfusion"]) == ("2b", "3")


def test_value_can_be_emptied_unmapped_again_or_dropped_with_its_column(ctx, qtbot, tmp_path,
                                                                        modals):
    wizard = _wizard(ctx, qtbot, tmp_path)
    _to_mapping(qtbot, wizard, ctx, MAPPED_COLUMNS)
    wizard.next_button.click()
    _map_by_hand(qtbot, wizard, ctx)
    wizard.values_page.choose("Stent placed", "vielleicht", "")
    _settle(qtbot, wizard, ctx)
    assert wizard.preview.unrecognised_values == {}
    assert "All 6 values are mapped" in wizard.values_page.status.text()
    assert "4 new cases" in wizard.values_page.status.text()

    wizard.values_page.choose("TICI final", "TICI III", None)
    _settle(qtbot, wizard, ctx)
    assert wizard.preview.unrecognised_values == {"TICI final": ["TICI III"]}
    assert "1 left unmapped" in wizard.values_page.status.text()

    wizard.back_button.click()
    assert wizard.step == MAPPING
    wizard.mapping_page.choose("Complications", "")
    _settle(qtbot, wizard, ctx)
    wizard.next_button.click()
    assert wizard.step == VALUES
    assert ("Complications", "Gefäßspasmus") not in _rows(wizard)
    assert wizard.values_page.combos[("Stent placed", "vielleicht")].currentText() == EMPTY
    wizard.next_button.click()
    _import(qtbot, wizard, ctx)
    cases = _cases(ctx)
    assert set(cases) == {"V-1", "V-3", "V-4"}
    assert cases["V-3"]["rescue_stent"] is None
    assert [r.row for r in wizard.report.rejected] == [3]
    assert "'TICI III'" in wizard.report.rejected[0].reasons[0]


def test_values_beyond_the_first_fifty_are_listed_once_those_are_mapped(ctx, qtbot, tmp_path,
                                                                        modals):
    rows = "\n".join(f"M-{n},cerebral,2025-03-01,code {n}" for n in range(55))
    text = f"case_number,territory,procedure_date,rescue stent\n{rows}\n"
    wizard = _wizard(ctx, qtbot, tmp_path, text, "many.csv")
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    wizard.next_button.click()
    assert wizard.step == VALUES
    first = _rows(wizard)
    assert len(first) == 50
    for column, raw in first:
        wizard.values_page.choose(column, raw, "no")
    _settle(qtbot, wizard, ctx)
    assert len(_rows(wizard)) == 55 and first < _rows(wizard)
    assert "50 of 55 values mapped; 5 left unmapped" in wizard.values_page.status.text()
    assert "50 new cases" in wizard.values_page.status.text()
