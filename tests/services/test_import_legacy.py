"""Legacy spreadsheets: header synonyms in several languages, dates the file shows, times alone."""
from __future__ import annotations

from datetime import datetime, time

from registry_app.services.importing.dates import evident_date_order, with_procedure_day
from registry_app.services.importing.layouts import suggest_mapping
from registry_app.services.importing.synonyms import fold, load_synonyms
from registry_app.services.interchange.spreadsheets import Table


def test_synonyms_come_from_the_resources_table_in_five_languages():
    table = load_synonyms()
    assert "fallnummer" in table["case_number"] and "病例号" in table["case_number"]
    assert fold("gefäß côté") == "gefass cote"


def test_headers_in_german_french_spanish_and_chinese_are_recognised():
    assert suggest_mapping(["Fallnummer", "Eingriffsdatum", "Gefäß", "mRS-90-Tage"]) == {
        "Fallnummer": "case_number", "Eingriffsdatum": "procedure_date",
        "Gefäß": "occlusion_site", "mRS-90-Tage": "mrs_90d"}
    assert suggest_mapping(["Numéro de cas", "Date de la procédure", "Sexe", "Âge"]) == {
        "Numéro de cas": "case_number", "Date de la procédure": "procedure_date",
        "Sexe": "sex", "Âge": "age"}
    assert suggest_mapping(["Número de caso", "Fecha de intervención", "Edad (años)"]) == {
        "Número de caso": "case_number", "Fecha de intervención": "procedure_date",
        "Edad (años)": "age"}
    assert suggest_mapping(["病例号", "手术日期", "性别", "90天mRS"]) == {
        "病例号": "case_number", "手术日期": "procedure_date", "性别": "sex", "90天mRS": "mrs_90d"}


def _table(*rows):
    return Table("cases", ["n", "d", "t"], [(i + 2, list(r)) for i, r in enumerate(rows)])


COLUMNS = {"n": "case_number", "d": "procedure_date", "t": "puncture_time"}


def test_the_date_order_is_what_the_files_own_dates_show():
    assert evident_date_order(_table(("1", "03.04.2025", ""), ("2", "25.04.2025", "")),
                              COLUMNS) == ("dmy", "25.04.2025", "d")
    assert evident_date_order(_table(("1", "04/25/2025", "")), COLUMNS)[0] == "mdy"
    assert evident_date_order(_table(("1", "03.04.2025", "")), COLUMNS) is None
    mixed = _table(("1", "25.04.2025", ""), ("2", "04/25/2025", ""))
    assert evident_date_order(mixed, COLUMNS) is None


def test_a_time_alone_is_put_on_the_rows_procedure_date():
    record = {"n": "1", "d": "2025-04-03", "t": "14:35"}
    assert with_procedure_day(record, COLUMNS, None)["t"] == datetime(2025, 4, 3, 14, 35)
    assert with_procedure_day({**record, "t": time(9, 5)}, COLUMNS, None)["t"] == datetime(
        2025, 4, 3, 9, 5)
    assert with_procedure_day({**record, "d": "03.04.2025"}, COLUMNS, "dmy")["t"].month == 4
    assert with_procedure_day({**record, "d": ""}, COLUMNS, None)["t"] == "14:35"
    assert with_procedure_day({**record, "t": "25:00"}, COLUMNS, None)["t"] == "25:00"


def test_times_alone_cross_midnight_only_where_the_rows_order_says_so():
    columns = {"d": "procedure_date", "door": "door_time", "p": "puncture_time",
               "r": "reperfusion_time"}
    record = {"d": "2025-04-03", "door": "23:40", "p": "00:15", "r": "2025-04-03 01:10"}
    placed = with_procedure_day(record, columns, None)
    assert placed["door"] == datetime(2025, 4, 2, 23, 40)  # the evening before the puncture
    assert placed["p"] == datetime(2025, 4, 3, 0, 15)
    assert placed["r"] == "2025-04-03 01:10"  # a full date-time is read as written
    late = with_procedure_day({"d": "2025-04-03", "p": "23:50", "r": "00:20"}, columns, None)
    assert late["r"] == datetime(2025, 4, 4, 0, 20)
