"""Privacy: owner-only files, identifiers stored apart, none of them in de-identified exports."""
import os
import stat
import zipfile

import pytest
from sqlalchemy import inspect

from registry_app.domain.fields import IDENTITY_FIELDS
from registry_app.services.demo import fill_demo
from registry_app.services.exporting import export_registry
from registry_app.services.queries import load_cases
from registry_app.services.registry import open_registry

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")
IDENTITY_CODES = {f.code for f in IDENTITY_FIELDS}


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@POSIX
def test_new_registry_and_its_journal_files_are_owner_only(tmp_path, make_case):
    from registry_app.services.cases import create_case
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


@pytest.fixture
def demo_identifiers(registry):
    fill_demo(registry, 120, seed=9)
    found = set()
    for case in load_cases(registry, with_identity=True):
        found |= {case.identity["mrn"], case.identity["patient_name"],
                  case.identity["birth_date"].isoformat(),
                  case.identity["birth_date"].strftime("%d/%m/%Y")}
    assert len(found) > 300  # the demo data really has identifiers
    return found


def test_deidentified_csv_export_has_no_identifiers(registry, demo_identifiers, tmp_path):
    export_registry(registry, tmp_path / "deid.csv")
    written = sorted(tmp_path.glob("deid*.csv"))
    assert len(written) == 3
    text = "".join(p.read_text(encoding="utf-8-sig") for p in written)
    assert [i for i in demo_identifiers if i in text] == []
    header = written[0].read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert not IDENTITY_CODES & set(header)


def test_deidentified_xlsx_export_has_no_identifiers(registry, demo_identifiers, tmp_path):
    export_registry(registry, tmp_path / "deid.xlsx")
    with zipfile.ZipFile(tmp_path / "deid.xlsx") as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist())
    assert [i for i in demo_identifiers if i in xml] == []
    assert not [code for code in IDENTITY_CODES if f">{code}<" in xml]


def test_identified_export_does_contain_them(registry, demo_identifiers, tmp_path):
    """Guards the two tests above against passing because nothing was searched."""
    export_registry(registry, tmp_path / "id.csv", identified=True)
    text = (tmp_path / "id.csv").read_text(encoding="utf-8-sig")
    assert sum(i in text for i in demo_identifiers) > 300
