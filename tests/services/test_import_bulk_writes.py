"""Imports write in bulk: the same cases, children and audit rows as saving them one by one."""
import shutil

import pytest
from sqlalchemy import select

from registry_app.domain.errors import NotFound, StaleRecord
from registry_app.services.cases.editing import create_case, delete_case, get_case, update_case
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.writing import write
from registry_app.services.importing.file_import import analyse, import_file
from registry_app.services.cases.queries import case_ids
from registry_app.services.registry import open_registry
from registry_app.storage import repository
from registry_app.storage.schema import AuditRow

AUDIT = ("user", "action", "case_id", "case_number", "field", "old_value", "new_value", "reason")


def _seeded(registry, make_case, n=6):
    for i in range(n):
        create_case(registry, make_case(f"W-{i}", identity={"mrn": f"M{i}", "patient_name": f"P {i}"}))
    return registry


def _edited_export(registry, tmp_path):
    """The registry exported with identifiers, then changed the way a coordinator would."""
    path = tmp_path / "all.csv"
    export_registry(registry, path, identified=True)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][header.index("nihss_admission")] = "22"          # a clinical value
    rows[1][header.index("patient_name")] = "Renamed"        # an identifier
    rows[2][header.index("mrs_90d")] = ""                    # a value removed
    path.write_text("\n".join([lines[0]] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    attempts = path.with_name("all.attempts.csv")
    passes = attempts.read_text(encoding="utf-8-sig").splitlines()
    kept = [passes[0]] + [p for p in passes[1:] if not (p.startswith("W-3,2,"))]  # W-3 loses pass 2
    changed = [p.replace("Solitaire X,", "Another device,") if p.startswith("W-4,1,") else p
               for p in kept]
    attempts.write_text("\n".join(changed) + "\n", encoding="utf-8")
    contacts = path.with_name("all.contacts.csv")
    contacts.write_text(contacts.read_text(encoding="utf-8-sig").splitlines()[0]
                        + "\nW-5,2025-04-10 09:00,phone,no,no answer\n", encoding="utf-8")
    return path


def _snapshot(registry):
    with registry.reading() as session:
        audit = [tuple(getattr(r, k) for k in AUDIT) for r in session.scalars(
            select(AuditRow).where(AuditRow.action == "update").order_by(AuditRow.case_id, AuditRow.id))]
    cases = [get_case(registry, i) for i in case_ids(registry, descending=False)]
    return [(c.values, c.passes, c.contacts, c.identity, c.version) for c in cases], audit


def test_bulk_updates_equal_one_by_one_saves(registry, make_case, tmp_path):
    path = _edited_export(_seeded(registry, make_case), tmp_path)
    copy = tmp_path / "copy.sqlite3"
    for suffix in ("", "-wal", "-shm"):  # the database with its write-ahead log
        source = registry.path.with_name(registry.path.name + suffix)
        if source.exists():
            shutil.copy(source, copy.with_name(copy.name + suffix))
    other = open_registry(str(copy), user="tester")
    other.today = registry.today
    found = analyse(other, path)
    with other.transaction() as session:  # the reference: repository.update_case per case
        for cand in found.good:
            if cand.changes:
                repository.update_case(session, cand.case, other.settings(), "tester", "import")
    report = import_file(registry, path, before_import=None)
    assert (report.updated, report.unchanged, report.rejected) == (6, 0, [])
    (cases, audit), (expected_cases, expected_audit) = _snapshot(registry), _snapshot(other)
    other.close()
    assert cases == expected_cases and audit == expected_audit
    assert {a[4] for a in audit} >= {"nihss_admission", "patient_name", "mrs_90d", "pass 2 technique",
                                    "pass 1 device", "contact 1 method"}
    assert cases[5][2][0]["note"] == "no answer" and len(cases[3][1]) == 1


def test_a_case_saved_meanwhile_stops_the_import_and_nothing_is_written(registry, make_case, tmp_path):
    path = _edited_export(_seeded(registry, make_case), tmp_path)
    found = analyse(registry, path)
    case = get_case(registry, found.good[0].case.id)
    case.values["notes"] = "saved by a colleague at " + registry.now().isoformat()
    update_case(registry, case)
    before = _snapshot(registry)
    with pytest.raises(StaleRecord, match="since you opened it"):
        write(registry, found.good)
    assert _snapshot(registry) == before


def test_a_case_deleted_meanwhile_stops_the_import(registry, make_case, tmp_path):
    path = _edited_export(_seeded(registry, make_case), tmp_path)
    found = analyse(registry, path)
    delete_case(registry, found.good[1].case.id, "entered twice")
    with pytest.raises(NotFound, match="may have been deleted"):
        write(registry, found.good)
