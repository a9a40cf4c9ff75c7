"""Files that can hold identifiers are owner-only, and no message or log line shows SQL values."""
import os
import stat

import pytest
from sqlalchemy import text

from registry_app.cli.main import main
from registry_app.private_files import create_private, open_private
from registry_app.services.demo import generator as demo
from registry_app.services.maintenance.logfile import redact

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")
MRN, NAME, BIRTH = "MRN55501234", "Jane Roe", "1961-04-17"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)  # a usual umask would leave new files readable by everyone
    yield
    os.umask(old)


@POSIX
def test_open_private_creates_owner_only_files(tmp_path, usual_umask):
    with open_private(tmp_path / "identified.csv", "w", encoding="utf-8", newline="") as out:
        out.write(f"mrn\n{MRN}\n")
    with open_private(tmp_path / "report.pdf.tmp", "wb") as out:
        out.write(b"%PDF")
    assert mode(tmp_path / "identified.csv") == mode(tmp_path / "report.pdf.tmp") == 0o600
    assert (tmp_path / "identified.csv").read_text(encoding="utf-8") == f"mrn\n{MRN}\n"


@POSIX
def test_an_existing_readable_file_is_narrowed_before_identifiers_go_in(tmp_path, usual_umask):
    old = tmp_path / "rejects.csv"
    old.write_text("left by an older version\n")
    assert mode(old) == 0o644
    with open_private(old, "a", encoding="utf-8") as out:
        out.write(f"{MRN}\n")
    assert mode(old) == 0o600 and old.read_text().endswith(f"{MRN}\n")


@POSIX
def test_create_private_keeps_content_for_libraries_that_write_the_path(tmp_path, usual_umask):
    kept = tmp_path / "workbook.xlsx"
    kept.write_bytes(b"PK")
    assert create_private(kept) == kept and kept.read_bytes() == b"PK" and mode(kept) == 0o600
    fresh = create_private(tmp_path / "new" / "report.pdf")
    assert fresh.read_bytes() == b"" and mode(fresh) == 0o600


@POSIX
def test_an_unexpected_sql_error_shows_and_logs_no_values(tmp_path, monkeypatch, capsys,
                                                          isolated_user_data, usual_umask):
    def failing_demo(registry, *args, **kwargs):
        with registry.reading() as session:
            session.execute(text("SELECT * FROM nowhere WHERE mrn = :mrn AND name = :name"
                                 " AND birth = :birth"), {"mrn": MRN, "name": NAME, "birth": BIRTH})
    monkeypatch.setattr(demo, "fill_demo", failing_demo)
    assert main(["--db", str(tmp_path / "r.sqlite3"), "demo"]) == 70
    err = capsys.readouterr().err
    log = isolated_user_data / "logs" / "registry-app.log"
    written = log.read_text()
    assert err.count("\n") == 1 and "no such table: nowhere" in err and str(log) in err
    assert "SELECT * FROM nowhere WHERE mrn = ?" in written  # the statement's shape
    for shown in (err, written):
        assert not any(value in shown for value in (MRN, NAME, BIRTH))
    assert mode(log) == 0o600


def test_postgresql_detail_lines_and_parameter_lists_are_hidden():
    message = ('(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint'
               f' "uq_mrn"\nDETAIL:  Key (mrn)=({MRN}) already exists.\n[SQL: INSERT INTO'
               f' case_identity (mrn) VALUES (%(mrn)s)]\n[parameters: {{\'mrn\': \'{MRN}\'}}]')
    shown = redact(message)
    assert MRN not in shown
    assert "duplicate key value" in shown and "[SQL: INSERT INTO case_identity" in shown


def test_exports_and_reports_are_created_owner_only(registry, make_case, tmp_path):
    """Identified exports and reports (and their temporary files) are readable by the owner."""
    import stat

    from registry_app.services.cases.editing import create_case
    from registry_app.services.interchange.exporting import export_registry
    from registry_app.services.reports.monthly import generate_report
    create_case(registry, make_case("P-1"))
    export_registry(registry, tmp_path / "all.csv", identified=True)
    result = generate_report(registry, "2025-01", xlsx=tmp_path / "r.xlsx", identified=True)
    for path in (tmp_path / "all.csv", tmp_path / "all.attempts.csv", result.xlsx):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
