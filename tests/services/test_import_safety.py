"""Imports under attack: cut-off files, blank cells, look-alike case numbers, hostile sizes."""
import pytest

from registry_app.cli.main import main as cli_main
from registry_app.services.cases.editing import create_case, find_case_id, get_case
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.importing.file_import import ImportOptions, import_file
from registry_app.services.cases.queries import count_cases


def _cut_inside_last_row(path, keep_cells: int) -> None:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[-1] = ",".join(lines[-1].split(",")[:keep_cells])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def test_an_export_cut_off_inside_a_row_clears_nothing(registry, make_case, tmp_path):
    for number in ("CUT-1", "CUT-2"):
        create_case(registry, make_case(number))
    path = tmp_path / "all.csv"
    export_registry(registry, path)
    _cut_inside_last_row(path, 5)
    before = get_case(registry, find_case_id(registry, "CUT-2"))
    report = import_file(registry, path)
    assert (report.updated, report.unchanged, len(report.rejected)) == (0, 1, 1)
    assert "it looks cut off (an incomplete file?)" in report.rejected[0].reasons[0]
    assert "1 rows rejected" in report.summary() and report.rejects_file.is_file()
    after = get_case(registry, find_case_id(registry, "CUT-2"))
    assert after.values == before.values


def test_an_empty_cell_clears_only_when_the_import_says_so(registry, make_case, tmp_path):
    create_case(registry, make_case("BL-1", operator="OP1", notes="keep me"))
    path = tmp_path / "blank.csv"
    path.write_text("case_number,operator,notes\nBL-1,,\n", encoding="utf-8")
    kept = import_file(registry, path, options=ImportOptions(blank_cells="keep"))
    assert (kept.updated, kept.unchanged) == (0, 1)
    assert get_case(registry, find_case_id(registry, "BL-1")).values["notes"] == "keep me"
    cleared = import_file(registry, path)  # the default: an empty cell clears the value
    assert cleared.updated == 1
    values = get_case(registry, find_case_id(registry, "BL-1")).values
    assert (values["operator"], values["notes"]) == (None, None)


def test_cli_import_options_and_a_bad_value_is_a_usage_error(registry, tmp_path, capsys):
    db = str(tmp_path / "registry.sqlite3")
    path = tmp_path / "dates.csv"
    path.write_text("case_number,procedure_date\nCLI-1,03/04/2025\n", encoding="utf-8")
    assert cli_main(["--db", db, "import", str(path)]) == 3
    assert "could be 3 April 2025 or 4 March 2025" in capsys.readouterr().err
    assert cli_main(["--db", db, "import", str(path), "--date-order", "dmy"]) == 0
    with pytest.raises(SystemExit) as usage:
        cli_main(["--db", db, "import", str(path), "--date-order", "dm"])
    assert usage.value.code == 2 and count_cases(registry) == 1


# Hostile sizes ##################################################################

import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

from registry_app.services.interchange.spreadsheets import MAX_COLUMNS, UnreadableFile, read_tables  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BOMB_ROWS = 300_000  # read naively, 300,000 rows x 16,384 columns would need ~39 GB


def _xfd_bomb(path: Path) -> Path:
    """A small workbook whose sheet has a header and one cell at column XFD on every row."""
    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "cases"
    book.active.append(["case_number", "procedure_date"])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for n in range(2, BOMB_ROWS + 2))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</row>", "</row>" + rows, 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_an_xlsx_bomb_is_refused_within_a_memory_limit(tmp_path):
    bomb = _xfd_bomb(tmp_path / "bomb.xlsx")
    script = textwrap.dedent(f"""
        import resource, sys
        from registry_app.services.interchange.spreadsheets import UnreadableFile, read_tables
        limit = 1_500 * 1024 * 1024  # the whole process, Python and libraries included
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            read_tables({str(bomb)!r})
        except UnreadableFile as exc:
            print(exc)
            sys.exit(0)
        sys.exit(1)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"has 16,384 cells in row 2; at most {MAX_COLUMNS:,} columns are read" in done.stdout


def test_a_styled_but_empty_cell_far_right_costs_nothing(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(["case_number", "procedure_date"])
    sheet.append(["W-1", "2025-01-10"])
    sheet["XFD2"].font = Font(bold=True)  # formatting only, no value
    book.save(tmp_path / "styled.xlsx")
    table = read_tables(tmp_path / "styled.xlsx")["cases"]
    assert table.header == ["case_number", "procedure_date"] and len(table.rows[0][1]) == 2


def test_a_very_wide_csv_row_is_refused_quickly(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("case_number,procedure_date\nX-1," + ",".join(["v"] * 2_000_000) + "\n",
                    encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="has 2,000,001 cells in row 2; at most 1,000"):
        read_tables(path)
    assert time.monotonic() - started < 60  # generous: it took minutes before (quadratic)


def test_wide_header_naming_is_linear(tmp_path):
    header = ",".join(["dup"] * MAX_COLUMNS)
    path = tmp_path / "dups.csv"
    path.write_text(f"{header}\n" + ",".join(["1"] * MAX_COLUMNS) + "\n", encoding="utf-8")
    table = read_tables(path)["cases"]
    assert table.header[:3] == ["dup", "dup (column B)", "dup (column C)"]
    assert len(set(table.header)) == MAX_COLUMNS


# Look-alike case numbers ##########################################################

LOOK_ALIKES = ["LA-1\u200b", "\ufeffLA-1", "LA\u00ad-1", " LA-\u200d1 ", "LA-1\u2060"]


@pytest.mark.parametrize("spelling", LOOK_ALIKES)
def test_look_alike_case_numbers_update_the_same_case(registry, make_case, tmp_path, spelling):
    create_case(registry, make_case("LA-1", age=60))
    path = tmp_path / "look.csv"
    path.write_text(f"case_number,age\n{spelling},61\n", encoding="utf-8")
    report = import_file(registry, path)
    assert (report.created, report.updated) == (0, 1)
    assert count_cases(registry) == 1
    assert get_case(registry, find_case_id(registry, spelling)).values["age"] == 61


def test_unicode_normalisation_makes_one_case_at_entry_and_import(registry, make_case, tmp_path):
    decomposed, composed = "U\u0308RICH-7", "\u00dcRICH-7"  # "Ü" decomposed and composed
    case_id = create_case(registry, make_case(decomposed)).case_id
    assert get_case(registry, case_id).values["case_number"] == composed
    path = tmp_path / "nfc.csv"
    path.write_text(f"case_number,age\n{composed},70\n", encoding="utf-8")
    assert import_file(registry, path).updated == 1 and count_cases(registry) == 1
