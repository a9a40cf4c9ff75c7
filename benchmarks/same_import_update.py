"""Proves that a change left an import that updates cases (and rejects rows) as it was: makes
two files from an export (A: its first 2,000 cases; B: A with values, passes and contacts
changed, 100 new cases, six unreadable rows, times of day alone, a repeated row and an orphan
pass), imports A then B into one new registry and writes every table and both reports.

    python benchmarks/same_import_update.py make EXPORT.xlsx FOLDER
    PYTHONPATH=TREE python benchmarks/same_import_update.py write FOLDER/A.xlsx FOLDER/B.xlsx OUT
    python benchmarks/same_import.py compare OUT_BEFORE OUT_AFTER
"""
from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from same_import import _report, tables  # noqa: E402

KEPT, ADDED = 2000, 100


def make(source: str, folder: str) -> None:
    from openpyxl import load_workbook
    book = load_workbook(source, read_only=True)
    sheets = {name: [list(r) for r in book[name].iter_rows(values_only=True)]
              for name in ("cases", "attempts", "contacts")}
    first = {"cases": sheets["cases"][:KEPT + 1]}
    kept = {r[0] for r in first["cases"][1:]}
    for name in ("attempts", "contacts"):
        first[name] = sheets[name][:1] + [r for r in sheets[name][1:] if r[0] in kept]
    _save(first, Path(folder) / "A.xlsx")
    _save(_changed(first, sheets), Path(folder) / "B.xlsx")


def _changed(first: dict, sheets: dict) -> dict:
    cases = [list(r) for r in first["cases"]]
    col = {h: i for i, h in enumerate(cases[0])}
    for i in range(1, len(cases), 3):
        if cases[i][col["age"]] is not None:
            cases[i][col["age"]] = (cases[i][col["age"]] + 1) % 100
    for i in range(2, len(cases), 7):
        cases[i][col["notes"]] = f"changed ünïcode \"q\" {i}\t"
    for i in (5, 50, 500):
        cases[i][col["age"]], cases[i + 1][col["occlusion_site"]] = "abc", "nowhere"
    for i in (10, 20, 30):
        cases[i][col["puncture_time"]], cases[i][col["reperfusion_time"]] = "23:50", "00:20"
    new = sheets["cases"][KEPT + 1:KEPT + 1 + ADDED]
    added = {r[0] for r in new}
    passes = [list(r) for r in first["attempts"]]
    technique = passes[0].index("technique")
    for row in passes[1::11]:
        row[technique] = "aspiration" if row[technique] == "stent_retriever" else "stent_retriever"
    orphan = ["NO-SUCH-CASE", 1, "aspiration"] + [None] * (len(passes[0]) - 3)
    return {"cases": cases + [list(cases[40])] + new,
            "attempts": passes + [r for r in sheets["attempts"][1:] if r[0] in added] + [orphan],
            "contacts": first["contacts"][:-20] + [r for r in sheets["contacts"][1:]
                                                   if r[0] in added]}


def _save(sheets: dict, path: Path) -> None:
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def write(first: str, second: str, out: str) -> None:
    from registry_app.services.importing.file_import import import_file
    from registry_app.services.registry import open_registry
    db = Path(tempfile.mkdtemp()) / "updated.sqlite3"
    registry = open_registry(str(db), user="bench")
    registry.today = lambda: date(2026, 12, 6)
    registry.now = lambda: datetime(2026, 12, 6, 12)
    reports = [_report(import_file(registry, f, write_rejects=False, before_import=None))
               for f in (first, second)]
    registry.close()
    Path(out).mkdir(parents=True, exist_ok=True)
    content = {"report": {"first": reports[0], "second": reports[1]}, "tables": tables(db)}
    (Path(out) / "content.json").write_text(json.dumps(content, default=repr, indent=0))
    print(f"{out}: " + "; ".join(f"created {r['created']}, updated {r['updated']}, unchanged"
                                 f" {r['unchanged']}, rejected {len(r['rejected']) + r['rejected_more']}"
                                 for r in reports))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    else:
        write(sys.argv[2], sys.argv[3], sys.argv[4])
