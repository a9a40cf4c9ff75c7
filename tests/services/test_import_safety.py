"""Imports under attack: cut-off files, blank cells, look-alike case numbers, hostile sizes."""
import pytest

from registry_app.cli.main import main as cli_main
from registry_app.services.cases import create_case, find_case_id, get_case
from registry_app.services.exporting import export_registry
from registry_app.services.importing import ImportOptions, import_file
from registry_app.services.queries import count_cases


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
