"""A big file imported part by part (staged on disk) gives exactly what importing it whole gives."""
import csv
import sqlite3

import pytest

import registry_app.services.importing.in_parts as in_parts
import registry_app.services.importing.part_sizes as part_sizes
from registry_app.domain.errors import Cancelled
from registry_app.services.demo.generator import fill_demo
from registry_app.services.importing.file_import import import_file
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.progress import CancelToken
from registry_app.services.registry import open_registry

from tests.conftest import NOW, TODAY, copy_registry_file

NUMBERED = {("audit_log", "id")}
"""Audit rows are numbered in the order written: a part's updates come before the next part's
new cases, where the whole file writes every new case first; the rows are the same."""
STAMPS = {"at", "created_at", "updated_at", "opened_at", "resolved_at", "signed_at",
          "merged_at", "undone_at"}


@pytest.fixture
def by_parts(monkeypatch):
    """Every file imported part by part, `size` case numbers a part."""
    def force(size: int) -> None:
        monkeypatch.setattr(part_sizes, "STAGED_ABOVE", {".csv": 0, ".xlsx": 0, ".xlsm": 0})
        monkeypatch.setattr(in_parts, "PART_CASES", size)
    return force


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as source:
        return list(csv.reader(source))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as target:
        csv.writer(target).writerows(rows)


def _awkward_file(registry, tmp_path):
    """The registry's 30 cases exported with identifiers, then made awkward: changed and new
    rows, an exact repeat, a case number on two different rows, rows without a case number,
    unreadable values, passes far from their case, orphans, and patients entered twice."""
    path = tmp_path / "big.csv"
    export_registry(registry, path, identified=True)
    rows = _rows(path)
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    body[0][col["nihss_admission"]] = "23"
    body[3][col["patient_name"]] = "Renamed"
    body[5][col["mrs_90d"]] = ""
    for n, source in enumerate(body[:12]):
        new = list(source)
        new[col["case_number"]] = f"NEW-{n}"
        new[col["mrn"]] = f"NEWMRN-{n % 5}"  # NEW-0 and NEW-5 (and NEW-10) share an MRN
        if n in (6, 11):  # puncture before arrival: imported with an open query
            new[col["door_time"]], new[col["puncture_time"]] = (new[col["puncture_time"]],
                                                                new[col["door_time"]])
        body.append(new)
    body.append(list(body[7]))  # an exact repeat of a stored case's row
    clash = list(body[31])
    clash[col["age"]] = "44"
    body.insert(2, clash)  # NEW-1 on two rows with different values
    lost = list(body[9])
    lost[col["case_number"]] = ""
    body.insert(20, lost)
    body[25][col["age"]] = "very old"
    twin = list(body[33])
    twin[col["case_number"]], twin[col["mrn"]] = "NEW-TWIN", body[4][col["mrn"]]  # a stored MRN
    body.append(twin)
    _write(path, [header] + body)
    passes = _rows(path.with_name("big.attempts.csv"))
    key = passes[0].index("case_number")
    extra = [[f"NEW-{n}" if i == key else v for i, v in enumerate(passes[1 + n])]
             for n in range(12)]
    orphan = [("NOBODY" if i == key else v) for i, v in enumerate(passes[1])]
    unnumbered = [("" if i == key else v) for i, v in enumerate(passes[2])]
    _write(path.with_name("big.attempts.csv"),
           [passes[0]] + list(reversed(passes[1:] + extra)) + [orphan, unnumbered])
    return path


def _tables(db) -> dict:
    connection = sqlite3.connect(db)
    names = [n for (n,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if n not in {"alembic_version", "registry_meta", "sqlite_sequence"}]
    found = {}
    for name in names:
        cursor = connection.execute(f'SELECT * FROM "{name}"')
        columns = [d[0] for d in cursor.description]
        found[name] = sorted(([(v is not None) if c in STAMPS else v
                               for c, v in zip(columns, row) if (name, c) not in NUMBERED]
                              for row in cursor), key=repr)
    connection.close()
    return found


def _report(report) -> dict:
    return {"rows": report.rows, "created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "with_queries": report.with_queries,
            "warnings": report.warnings, "unknown": report.unknown_columns,
            "duplicates": report.possible_duplicates, "summary": report.summary(),
            "rejected": [(r.sheet, r.row, r.case_number, r.reasons, r.raw, r.children)
                         for r in report.rejected]}


def _copy(registry, tmp_path, name):
    registry.close()
    copy = open_registry(str(copy_registry_file(registry.path, tmp_path / name)), user="tester")
    copy.today, copy.now = (lambda: TODAY), (lambda: NOW)
    return copy


def _rejects_files(report) -> dict:
    folder = report.rejects_file.parent
    return {f.name: f.read_bytes() for f in sorted(folder.glob("*.rejects*"))}


def _twice(path, tmp_path):
    """The file (with its companions) in two folders of its own."""
    copies = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        for part in path.parent.glob(path.stem + ".*"):
            (tmp_path / name / part.name).write_bytes(part.read_bytes())
        copies.append(tmp_path / name / path.name)
    return copies


@pytest.mark.parametrize("size", [1, 4, 1000])
def test_a_file_imported_in_parts_gives_what_the_whole_file_gives(registry, tmp_path, by_parts,
                                                                  size):
    fill_demo(registry, 30, seed=3)
    one, two = _twice(_awkward_file(registry, tmp_path), tmp_path)
    whole, parts = _copy(registry, tmp_path, "whole.sqlite3"), _copy(registry, tmp_path, "p.sqlite3")
    whole_report = import_file(whole, one, before_import=None)
    by_parts(size)
    parts_report = import_file(parts, two, before_import=None)
    expected, found = _report(whole_report), _report(parts_report)
    whole.close()
    parts.close()
    assert found == expected
    assert _rejects_files(parts_report) == _rejects_files(whole_report)
    assert len(_rejects_files(whole_report)) == 2  # the cases and the attempts rejected
    assert (expected["created"], expected["updated"], len(expected["rejected"])) == (12, 3, 5)
    assert expected["duplicates"] and expected["with_queries"]
    assert _tables(tmp_path / "p.sqlite3") == _tables(tmp_path / "whole.sqlite3")


def test_a_cancel_in_a_later_part_writes_nothing(registry, tmp_path, by_parts):
    fill_demo(registry, 30, seed=3)
    path = _awkward_file(registry, tmp_path)
    target = _copy(registry, tmp_path, "t.sqlite3")
    before = _tables(tmp_path / "t.sqlite3")
    by_parts(4)
    token, backups, written = CancelToken(), [], []

    def progress(label, done, total):
        if label == "Importing cases":
            written.append(done)
            if len(written) == 3:  # the third part has been written into the transaction
                token.cancel()
    with pytest.raises(Cancelled):
        import_file(target, path, progress=progress, cancel=token, before_import=backups.append)
    target.close()
    assert len(written) >= 3 and backups == [target]  # one backup, before the first write
    assert _tables(tmp_path / "t.sqlite3") == before


def test_a_failure_in_a_later_part_writes_nothing(registry, tmp_path, by_parts, monkeypatch):
    fill_demo(registry, 30, seed=3)
    path = _awkward_file(registry, tmp_path)
    target = _copy(registry, tmp_path, "t.sqlite3")
    before = _tables(tmp_path / "t.sqlite3")
    by_parts(4)
    real, calls = in_parts.write_into, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk gone")
        return real(*args, **kwargs)
    monkeypatch.setattr(in_parts, "write_into", failing)
    with pytest.raises(OSError):
        import_file(target, path, before_import=None)
    target.close()
    assert len(calls) == 3 and _tables(tmp_path / "t.sqlite3") == before


def test_only_big_files_are_read_in_parts(tmp_path):
    small, big = tmp_path / "small.xlsx", tmp_path / "big.xlsx"
    small.write_bytes(b"x" * 1000)
    big.write_bytes(b"x" * (part_sizes.STAGED_ABOVE[".xlsx"] + 1))
    assert not part_sizes.read_in_parts(small) and part_sizes.read_in_parts(big)
    assert not part_sizes.read_in_parts(tmp_path / "missing.xlsx")


def test_staging_is_private_and_files_left_by_a_killed_import_go_after_a_day(tmp_path):
    import os
    import stat

    from registry_app.paths import staging_dir
    folder = in_parts.staging_folder()
    assert folder == staging_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    old, recent = folder / "import-staged-old.sqlite3", folder / "import-staged-new.sqlite3"
    other = folder / "notes.txt"
    for left in (old, recent, other):
        left.write_bytes(b"rows")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(recent, (1_000_000 + in_parts.STALE_STAGING, 1_000_000 + in_parts.STALE_STAGING))
    os.utime(other, (1_000_000, 1_000_000))
    in_parts.staging_folder(now=1_000_000 + in_parts.STALE_STAGING + 10)
    assert not old.exists() and recent.exists() and other.exists()


def test_a_big_import_leaves_no_staging_file(registry, tmp_path, by_parts):
    fill_demo(registry, 30, seed=3)
    path = _awkward_file(registry, tmp_path)
    by_parts(4)
    import_file(registry, path, before_import=None, write_rejects=False)
    assert list(in_parts.staging_folder().iterdir()) == []


def _preview_fields(preview) -> dict:
    fields = dict(vars(preview))
    fields.pop("path")
    return fields


def _day_first_file(tmp_path):
    """A legacy file: dates written day first (one row shows it), coded values the registry
    does not know, a cell that cannot be read."""
    lines = ["case_number,procedure_date,sex,occlusion_site,age"]
    lines += [f"D-{n},0{1 + n % 9}.0{1 + n % 7}.2025,{'m' if n % 2 else 'female'},"
              f"{'M1' if n % 3 else 'left MCA'},{60 + n}" for n in range(30)]
    lines.insert(25, "D-99,25.03.2025,Male,ICA-T,old")
    path = tmp_path / "legacy.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("awkward", [_awkward_file, None])
def test_the_wizard_previews_a_big_file_as_it_previews_it_whole(registry, tmp_path, by_parts,
                                                                size, awkward):
    from registry_app.services.importing.preview import preview_import
    fill_demo(registry, 30, seed=3)
    path = awkward(registry, tmp_path) if awkward else _day_first_file(tmp_path)
    expected = _preview_fields(preview_import(registry, path, first_rows=7))
    by_parts(size)
    found = _preview_fields(preview_import(registry, path, first_rows=7))
    assert found == expected
    assert len(expected["first_rows"]) == 7 and expected["rows"] > 30
    if awkward is None:
        assert expected["date_order"] == "dmy" and "25.03.2025" in expected["date_order_note"]
        assert expected["unrecognised_values"] and expected["problems"]


def test_a_big_file_without_case_numbers_is_previewed_as_blocked(registry, tmp_path, by_parts):
    from registry_app.services.importing.preview import preview_import
    path = tmp_path / "nokey.csv"
    path.write_text("ward,age\nA,70\nB,71\n", encoding="utf-8")
    expected = _preview_fields(preview_import(registry, path))
    by_parts(1)
    found = _preview_fields(preview_import(registry, path))
    assert found == expected and "case number" in found["blocking"]


def _plain_file(tmp_path, rows: int):
    path = tmp_path / f"plain-{rows}.csv"
    lines = ["case_number,procedure_date,age,sex,mrn,nihss_admission"]
    lines += [f"P-{n},2025-0{1 + n % 6}-1{n % 9},{40 + n % 50},{'mf'[n % 2]},MRN{n},{n % 30}"
              for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _traced_peak(registry, path) -> int:
    import tracemalloc
    tracemalloc.start()
    try:
        report = import_file(registry, path, before_import=None, write_rejects=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert report.created == int(path.stem.split("-")[1])


def test_a_big_import_holds_a_part_at_a_time(tmp_path, registry_template, by_parts):
    """Not a timing: the memory an import in parts reaches hardly grows with four times the
    rows (bounded caches fill: SQLAlchemy's statements, the columns' remembered values),
    where the whole file's grows by over 4 kB a row."""
    peaks = {}
    for way in ("whole", "parts"):
        if way == "parts":
            by_parts(100)
        for rows in (400, 1600):
            target = tmp_path / f"{way}-{rows}.sqlite3"
            copy_registry_file(registry_template, target)
            registry = open_registry(str(target), user="tester")
            registry.today, registry.now = (lambda: TODAY), (lambda: NOW)
            peaks[way, rows] = _traced_peak(registry, _plain_file(tmp_path, rows))
            registry.close()
    per_row = {way: (peaks[way, 1600] - peaks[way, 400]) / 1200 for way in ("whole", "parts")}
    assert per_row["whole"] > 4000 and per_row["parts"] < 1000  # bytes more per row


def test_a_big_import_lists_its_first_rejected_rows_and_writes_them_all(registry, tmp_path,
                                                                        by_parts, monkeypatch,
                                                                        capsys):
    import registry_app.services.importing.staged_rejects as staged_rejects
    from registry_app.cli.main import main
    from registry_app.services.importing.preview import preview_import
    fill_demo(registry, 30, seed=3)
    one, two = _twice(_awkward_file(registry, tmp_path), tmp_path)
    whole = _copy(registry, tmp_path, "whole.sqlite3")
    expected = import_file(whole, one, before_import=None, dry_run=True)
    by_parts(4)
    monkeypatch.setattr(staged_rejects, "LISTED", 2)
    found = import_file(whole, two, before_import=None, dry_run=True)
    assert (len(found.rejected), found.rejected_more, found.rejected_count) == (2, 3, 5)
    assert [(r.sheet, r.row) for r in found.rejected] == [(r.sheet, r.row)
                                                          for r in expected.rejected[:2]]
    assert found.summary() == expected.summary() and found.exit_code == 3
    assert _rejects_files(found) == _rejects_files(expected)
    preview = preview_import(whole, two)
    assert (preview.rejected, preview.rejected_listed) == (5, 2)
    assert "The problems of the first 2 are listed" in preview.summary()
    whole.close()
    assert main(["--db", str(tmp_path / "whole.sqlite3"), "import", str(two), "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert "... and 3 more" in err and err.count(" row ") >= 2


def test_a_big_file_whose_every_row_is_rejected_holds_a_part_at_a_time(tmp_path,
                                                                       registry_template,
                                                                       by_parts, monkeypatch):
    """The report lists LISTED of them (held), the rejects file gets all (not held). Only
    bounded caches grow (rows.py remembers up to 200,000 parsed values: here each row's MRN
    and case number); the whole file's peak grows with the rows, four times here."""
    import registry_app.services.importing.staged_rejects as staged_rejects
    by_parts(100)
    monkeypatch.setattr(staged_rejects, "LISTED", 50)
    peaks = []
    for rows in (400, 1600):
        path = _plain_file(tmp_path, rows)
        path.write_text(path.read_text().replace(",2025-0", ",0").replace("-1", "/0"))
        target = copy_registry_file(registry_template, tmp_path / f"r-{rows}.sqlite3")
        registry = open_registry(str(target), user="tester")
        registry.today, registry.now = (lambda: TODAY), (lambda: NOW)
        import tracemalloc
        tracemalloc.start()
        report = import_file(registry, path, before_import=None)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        registry.close()
        assert report.rejected_count == rows and report.created == 0
        assert len(_rows(report.rejects_file)) == rows + 1
    assert (peaks[1] - peaks[0]) / 1200 < 1000  # bytes more per row; the whole file's: 4,000


def test_a_full_disk_while_staging_refuses_the_import_in_plain_words(registry, tmp_path,
                                                                     by_parts, monkeypatch):
    import sqlite3

    from registry_app.services.importing import staged_duplicates
    from registry_app.services.interchange.spreadsheets import UnreadableFile
    fill_demo(registry, 30, seed=3)
    path = _awkward_file(registry, tmp_path)
    target = _copy(registry, tmp_path, "t.sqlite3")
    before = _tables(tmp_path / "t.sqlite3")
    by_parts(4)
    calls = []

    def full(self, good):
        calls.append(1)
        if len(calls) == 3:  # two parts written into the transaction already
            raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(staged_duplicates.StagedKnown, "add", full)
    with pytest.raises(UnreadableFile, match="staging it failed .database or disk is full.;"
                       " free some disk space there"):
        import_file(target, path, before_import=None)
    target.close()
    assert _tables(tmp_path / "t.sqlite3") == before
    assert list(in_parts.staging_folder().iterdir()) == []
