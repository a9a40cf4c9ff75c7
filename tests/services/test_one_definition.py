"""One definition of each field feeds the schema, the interchange columns and the dictionary."""
import json

from registry_app.domain.fields import CASE_FIELDS, IDENTITY_FIELDS, PASS_FIELDS
from registry_app.services.interchange.dictionary import dictionary_entries, dictionary_json
from registry_app.services.interchange.rows import case_fields
from registry_app.storage.schema import cases_table

REQUIRED_CODES = ("case_number procedure_date age sex occlusion_site nihss_admission prestroke_mrs"
                  " aspects ivt mt_passes reperfusion_scale reperfusion_after_mt rescue_stent"
                  " rescue_reason final_reperfusion sich sich_definition mrs_90d followup_date"
                  " death_date").split()


def test_issue_interchange_codes_exist():
    codes = [f.code for f in case_fields()]
    assert [c for c in REQUIRED_CODES if c not in codes] == []


def test_every_case_field_is_a_column():
    assert {f.code for f in CASE_FIELDS} <= set(cases_table.c.keys())


def test_identifiers_are_not_case_columns_nor_default_export():
    identity = {f.code for f in IDENTITY_FIELDS}
    assert not identity & set(cases_table.c.keys())
    assert not identity & {f.code for f in case_fields()}


def test_dictionary_lists_every_column_with_allowed_values():
    entries = dictionary_entries()
    listed = {(e["sheet"], e["code"]) for e in entries}
    assert {("cases", f.code) for f in CASE_FIELDS} <= listed
    assert {("attempts", f.code) for f in PASS_FIELDS} <= listed
    nihss = next(e for e in entries if e["code"] == "nihss_admission")
    assert nihss["allowed"] == "0-42" and nihss["type"] == "int"
    sex = next(e for e in json.loads(dictionary_json()) if e["code"] == "sex")
    assert [c["code"] for c in sex["choices"]] == ["M", "F"]
