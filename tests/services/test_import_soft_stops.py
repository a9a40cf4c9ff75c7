"""Legacy rows that break a consistency rule are imported with an open query naming the rule;
rows with values that cannot be stored are still rejected into the rejects file."""
import csv

from registry_app.services.cases.editing import case_history, find_case_id, get_case
from registry_app.services.cases.data_queries import list_queries
from registry_app.services.importing.file_import import import_file

LEGACY = ("case_number,procedure_date,door_time,puncture_time,nihss_admission\n"
          "L-1,2025-01-10,2025-01-10 09:10,2025-01-10 10:15,12\n"
          "L-2,2025-01-10,2025-01-10 10:30,2025-01-10 09:40,14\n"
          "L-3,2025-01-11,2025-01-11 09:00,2025-01-11 09:50,99\n")


def test_times_out_of_order_import_with_an_open_query(registry, tmp_path):
    source = tmp_path / "legacy.csv"
    source.write_text(LEGACY, encoding="utf-8")
    report = import_file(registry, source, before_import=None)
    assert (report.created, len(report.rejected), report.with_queries) == (2, 1, 1)
    assert "1 row was imported with open queries" in report.summary()
    out_of_order = find_case_id(registry, "L-2")
    assert get_case(registry, out_of_order).values["puncture_time"].hour == 9
    [query] = list_queries(registry)
    assert (query.case_id, query.rule, query.fields) == (out_of_order, "times_out_of_order",
                                                         "puncture_time")
    assert "before arrival (door)" in query.message
    assert query.comment == "Imported from legacy.csv, cases row 3."
    assert "query opened" in {h["action"] for h in case_history(registry, out_of_order)}
    rejects = list(csv.DictReader(report.rejects_file.open(encoding="utf-8-sig")))
    assert [r["case_number"] for r in rejects] == ["L-3"]
    assert find_case_id(registry, "L-3") is None


def test_a_dry_run_counts_the_rows_with_queries_and_writes_none(registry, tmp_path):
    source = tmp_path / "legacy.csv"
    source.write_text(LEGACY, encoding="utf-8")
    report = import_file(registry, source, dry_run=True, write_rejects=False)
    assert report.with_queries == 1 and "would be imported with open queries" in report.summary()
    assert list_queries(registry) == []


def test_a_corrected_file_resolves_the_query_by_edit(registry, tmp_path):
    source = tmp_path / "legacy.csv"
    source.write_text(LEGACY, encoding="utf-8")
    import_file(registry, source, before_import=None, write_rejects=False)
    source.write_text(LEGACY.replace("2025-01-10 09:40", "2025-01-10 10:40"), encoding="utf-8")
    report = import_file(registry, source, before_import=None, write_rejects=False)
    assert report.updated == 1 and report.with_queries == 0
    [done] = list_queries(registry, include_resolved=True)
    assert done.resolution == "resolved by edit" and not done.is_open
