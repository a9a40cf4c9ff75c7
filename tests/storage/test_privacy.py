"""Privacy: owner-only files, identifiers stored apart, none of them in de-identified exports."""
import os
import stat
import zipfile

import pytest
from sqlalchemy import inspect

from registry_app.domain.fields import IDENTITY_FIELDS
from registry_app.services.demo.generator import fill_demo
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.cases.queries import load_cases
from registry_app.services.registry import open_registry

from ..conftest import filled_with

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")
IDENTITY_CODES = {f.code for f in IDENTITY_FIELDS}


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
def test_new_registry_and_its_journal_files_are_owner_only(tmp_path, make_case):
    from registry_app.services.cases.editing import create_case
    old_umask = os.umask(0o022)  # a usual umask would leave new files readable by everyone
    try:
        reg = open_registry(str(tmp_path / "new" / "registry.sqlite3"))
        create_case(reg, make_case("P-1"))
    finally:
        os.umask(old_umask)
    files = [reg.path, reg.path.with_name(reg.path.name + "-wal"),
             reg.path.with_name(reg.path.name + "-shm")]
    assert [mode(p) for p in files if p.exists()] == [0o600] * 3
    reg.close()


def test_identifiers_live_in_their_own_table(registry):
    tables = inspect(registry.engine)
    case_columns = {c["name"] for c in tables.get_columns("cases")}
    identity_columns = {c["name"] for c in tables.get_columns("case_identity")}
    assert not IDENTITY_CODES & case_columns and IDENTITY_CODES <= identity_columns


def _fill_demo_120(registry) -> None:
    fill_demo(registry, 120, seed=9)


@pytest.fixture
def demo(filled_copy):
    """This test's copy of a registry of 120 demo cases (seed 9) made once, on the tests' clock."""
    return filled_copy("sqlite", "privacy-demo-120-9", filled_with(_fill_demo_120))


@pytest.fixture
def demo_identifiers(demo):
    registry = demo
    found = set()
    for case in load_cases(registry, with_identity=True):
        found |= {case.identity["mrn"], case.identity["patient_name"], case.identity["contact_phone"],
                  case.identity["birth_date"].isoformat(),
                  case.identity["birth_date"].strftime("%d/%m/%Y")}
    assert len(found) > 400  # the demo data really has identifiers, telephones included
    return found


def test_the_contact_telephone_is_an_identifier():
    phone = next(f for f in IDENTITY_FIELDS if f.code == "contact_phone")
    assert phone.identifying and phone.label == "Contact telephone" and phone.max_length == 64


def test_deidentified_csv_export_has_no_identifiers(demo, demo_identifiers, tmp_path):
    export_registry(demo, tmp_path / "deid.csv")
    written = sorted(tmp_path.glob("deid*.csv"))
    assert len(written) == 3
    text = "".join(p.read_text(encoding="utf-8-sig") for p in written)
    assert [i for i in demo_identifiers if i in text] == []
    header = written[0].read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert not IDENTITY_CODES & set(header)


def test_deidentified_xlsx_export_has_no_identifiers(demo, demo_identifiers, tmp_path):
    export_registry(demo, tmp_path / "deid.xlsx")
    with zipfile.ZipFile(tmp_path / "deid.xlsx") as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert [i for i in demo_identifiers if i in xml] == []
    assert not [code for code in IDENTITY_CODES if f">{code}<" in xml]


def test_deidentified_report_workbook_has_no_identifiers(demo, demo_identifiers, tmp_path):
    from registry_app.services.reports.data import build_report_data
    from registry_app.services.reports.xlsx.workbook import write_report_xlsx
    month = max(c.values["procedure_date"] for c in load_cases(demo)).strftime("%Y-%m")
    data = build_report_data(demo, month)
    assert data.cases  # the month has cases to leak
    with zipfile.ZipFile(write_report_xlsx(data, tmp_path / "report.xlsx")) as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert [i for i in demo_identifiers if i in xml] == []  # (its dictionary names the fields)
    identified = build_report_data(demo, month, identified=True)
    with zipfile.ZipFile(write_report_xlsx(identified, tmp_path / "id.xlsx")) as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert any(c.identity["contact_phone"] in xml for c in identified.cases)  # the check would see one


def test_identified_export_does_contain_them(demo, demo_identifiers, tmp_path):
    """Guards the two tests above against passing because nothing was searched."""
    export_registry(demo, tmp_path / "id.csv", identified=True)
    text = (tmp_path / "id.csv").read_text(encoding="utf-8-sig")
    assert sum(i in text for i in demo_identifiers) > 400
    assert "contact_phone" in text.splitlines()[0].split(",")
