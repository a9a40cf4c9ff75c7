"""`registry-app report` and `registry-app signoff`: files written, exit codes, plain errors."""
import os

import pytest
from openpyxl import load_workbook

from registry_app.cli.main import main
from ..pdf_text import page_texts


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys, *args):
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    return stop.value.code, capsys.readouterr().err


def test_report_writes_both_files(demo, tmp_path, capsys, ctx):
    xlsx, pdf = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    code, out, err = run(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month,
                         "--xlsx", str(xlsx), "--pdf", str(pdf), "--benchmark", "chang2018",
                         "chen2019")
    assert (code, err) == (0, "")
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
    assert f"Report for {ctx.full_month}:" in out and "report fingerprint" in out
    assert not [p for p in os.listdir(tmp_path) if ".part" in p]
    assert load_workbook(xlsx, read_only=True)["Benchmarks"]["A2"].value == "Chang 2018"


def test_identified_report_says_so(demo, tmp_path, capsys, ctx):
    code, out, _ = run(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month,
                       "--xlsx", str(tmp_path / "id.xlsx"), "--identified")
    assert code == 0 and "contains patient identifiers" in out


def test_bad_month_text_is_a_plain_usage_error(demo, tmp_path, capsys):
    code, err = usage_error(capsys, "--db", str(demo.path), "report", "--month", "2025-13",
                            "--pdf", str(tmp_path / "x.pdf"))
    assert code == 2 and "'2025-13' is not a month; write it as YYYY-MM" in err
    assert "Traceback" not in err and not (tmp_path / "x.pdf").exists()


def test_report_needs_an_output(demo, capsys, ctx):
    code, err = usage_error(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month)
    assert code == 2 and "name at least one output" in err


def test_wrong_ending_and_missing_folder_are_plain_errors(demo, tmp_path, capsys, ctx):
    code, _, err = run(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month,
                       "--pdf", str(tmp_path / "x.xlsx"))
    assert code == 1 and err.strip() == "Error: PDF report: 'x.xlsx' must end in .pdf."
    code, _, err = run(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month,
                       "--xlsx", str(tmp_path / "nowhere" / "x.xlsx"))
    assert code == 1 and "the folder" in err and "does not exist" in err


def test_unwritable_output_folder_is_a_plain_error(demo, tmp_path, capsys, ctx):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    target = folder if os.geteuid() != 0 else "/proc"  # root may write anywhere but /proc
    try:  # a month without cases: what it holds adds nothing to the refusal checked here
        code, _, err = run(capsys, "--db", str(demo.path), "report", "--month", "2021-01",
                           "--pdf", os.path.join(str(target), "x.pdf"))
    finally:
        folder.chmod(0o700)
    assert code == 1 and "Error: Report file: cannot write in" in err
    assert "Traceback" not in err


def test_unknown_benchmark_is_a_plain_error(demo, tmp_path, capsys, ctx):
    code, _, err = run(capsys, "--db", str(demo.path), "report", "--month", ctx.full_month,
                       "--pdf", str(tmp_path / "x.pdf"), "--benchmark", "nosuch")
    assert code == 1 and "Benchmark: 'nosuch' is not in the library" in err
    assert not (tmp_path / "x.pdf").exists()


def test_signoff_command(demo, capsys, ctx):
    db = str(demo.path)
    code, out, _ = run(capsys, "--db", db, "signoff", "--month", ctx.full_month, "--note", "QI 3/25")
    assert code == 0 and f"Signed off {ctx.full_month}" in out and "locked" in out
    code, _, err = run(capsys, "--db", db, "signoff", "--month", ctx.full_month)
    assert code == 1 and "already signed off" in err
    code, out, _ = run(capsys, "--db", db, "signoff", "--list")
    assert code == 0 and out.startswith(ctx.full_month) and "QI 3/25" in out
    code, err = usage_error(capsys, "--db", db, "signoff")
    assert code == 2 and "name the month to sign off" in err
    code, err = usage_error(capsys, "--db", db, "signoff", "--month", "May")
    assert code == 2 and "'May' is not a month" in err


def test_the_centre_name_is_given_once_and_remembered(demo, tmp_path, capsys):
    from registry_app.cli.main import main
    db = str(demo.path)
    demo.close()
    # a month without cases: the first report only has to store the name (b.pdf is read)
    assert main(["--db", db, "report", "--month", "2021-02", "--pdf", str(tmp_path / "a.pdf"),
                 "--centre", "  Hôpital Nord  ", "--as-of", "2025-06-30"]) == 0
    assert main(["--db", db, "report", "--month", "2025-03", "--pdf", str(tmp_path / "b.pdf"),
                 "--as-of", "2025-06-30"]) == 0
    text = page_texts(tmp_path / "b.pdf")[0]
    assert "Hôpital Nord: monthly audit report" in text
    assert "centre's name is not set" not in text
