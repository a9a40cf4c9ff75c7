"""A messy German legacy CSV goes through the real wizard with only the coded values by hand."""
from __future__ import annotations

from datetime import datetime

from registry_app.gui.dialogs.import_wizard import CHECK, MAPPING, RESULT, VALUES, ImportWizard
from registry_app.services.cases.editing import get_case
from registry_app.services.cases.queries import CaseFilter, case_ids

from .conftest import settle_wizard, wizard_on

GERMAN = """\
Fallnummer;Eingriffsdatum;Alter;Geschlecht;NIHSS Aufnahme;Verschlusslokalisation;Seite;Lyse;\
Leistenpunktion;Reperfusion;TICI final;Stent;mRS 90 Tage;Bemerkung
HD-101;03.02.2025;71;w;14;M1;links;ja;14:35;15:10;2b;nein;2;
HD-102;17.02.2025;65;m;9;M2;rechts;nein;09:05;09:50;3;nein;1;verlegt aus Mannheim
HD-103;05.03.2025;80;W;22;ICA-T;links;ja;22:40;23:30;2c;nein;4;
"""
BY_HAND = {("Geschlecht", "w"): "F", ("Seite", "links"): "left", ("Seite", "rechts"): "right"}


def _settle(qtbot, wizard, ctx) -> None:
    settle_wizard(qtbot, wizard, ctx)


def _cases(ctx) -> dict:
    found = [get_case(ctx.registry, i) for i in case_ids(ctx.registry, CaseFilter())]
    return {c.values["case_number"]: c.values for c in found}


def test_german_csv_imports_with_only_coded_values_by_hand(ctx, qtbot, tmp_path, modals):
    source = tmp_path / "Thrombektomie 2025.csv"
    source.write_text(GERMAN, encoding="utf-8")
    wizard = wizard_on(ctx, qtbot, source)
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)

    assert wizard.step == MAPPING
    assert len(wizard.preview.header) == 14 and wizard.preview.unknown_columns == []
    assert wizard.mapping_page.mapping() == {
        "Fallnummer": "case_number", "Eingriffsdatum": "procedure_date", "Alter": "age",
        "Geschlecht": "sex", "NIHSS Aufnahme": "nihss_admission",
        "Verschlusslokalisation": "occlusion_site", "Seite": "occlusion_side", "Lyse": "ivt",
        "Leistenpunktion": "puncture_time", "Reperfusion": "reperfusion_time",
        "TICI final": "final_reperfusion", "Stent": "rescue_stent", "mRS 90 Tage": "mrs_90d",
        "Bemerkung": "notes"}
    assert wizard.mapping_page.date_order() == "dmy"  # 17.02.2025 can only be day first
    assert "read day/month/year, as '17.02.2025'" in wizard.mapping_page.intro.text()

    wizard.next_button.click()
    assert wizard.step == VALUES
    for (column, raw), code in BY_HAND.items():
        wizard.values_page.choose(column, raw, code)
    _settle(qtbot, wizard, ctx)
    wizard.next_button.click()
    assert wizard.step == CHECK
    assert wizard.check_page.reasons() == []

    wizard.import_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == RESULT and wizard.report.created == 3
    cases = _cases(ctx)
    first = cases["HD-101"]
    assert first["procedure_date"].isoformat() == "2025-02-03"
    assert first["puncture_time"] == datetime(2025, 2, 3, 14, 35)
    assert first["reperfusion_time"] == datetime(2025, 2, 3, 15, 10)
    assert (first["sex"], first["occlusion_side"], first["ivt"], first["age"]) == (
        "F", "left", True, 71)
    assert (cases["HD-102"]["sex"], cases["HD-102"]["mrs_90d"]) == ("M", 1)
    assert cases["HD-103"]["sex"] == "F" and cases["HD-103"]["final_reperfusion"] == "2c"


def test_the_field_list_is_searchable_and_a_mapping_kept_when_nothing_imports(
        ctx, qtbot, tmp_path, modals):
    source = tmp_path / "alt.csv"
    source.write_text("Fallnummer;Eingriffsdatum;Punktion Uhrzeit\nX-1;32.13.2025;10:00\n",
                      encoding="utf-8")
    wizard = wizard_on(ctx, qtbot, source)
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    combo = wizard.mapping_page.combos["Punktion Uhrzeit"]
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "groin")
    popup = combo.completer().popup()
    assert combo.completer().completionCount() == 1
    assert combo.completer().currentCompletion() == "Groin puncture (puncture_time)"
    combo.setCurrentIndex(combo.findText(combo.completer().currentCompletion()))
    _settle(qtbot, wizard, ctx)
    assert wizard.preview.mapping["Punktion Uhrzeit"] == "puncture_time"
    popup.hide()
    wizard.next_button.click()
    _settle(qtbot, wizard, ctx)
    assert wizard.step == CHECK and not wizard.import_button.isEnabled()  # the date is wrong
    wizard.reject()

    again = ImportWizard(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.file_page.path_edit, str(source))
    again.next_button.click()
    _settle(qtbot, again, ctx)
    assert again.mapping_page.combos["Punktion Uhrzeit"].currentData() == "puncture_time"
    assert "remembered" in again.mapping_page.intro.text()
