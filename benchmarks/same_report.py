"""Proves that a change left the month's report as it was: writes a registry's report and its
readable content (PDF text per page, every workbook cell), then compares two such folders.

    PYTHONPATH=TREE python benchmarks/same_report.py write COPY.sqlite3 OUT [2026-11 2026-12-06]
    python benchmarks/same_report.py compare OUT_BEFORE OUT_AFTER

Run `write` once with each tree (main, then the branch), each on its own copy of the demo
registry; `compare` exits 1 and names the first differences when anything differs. The
generation time is fixed (the as-of day at noon), so the two reports differ in nothing else.
"""
from __future__ import annotations

import json
import sys
from datetime import date, datetime, time
from pathlib import Path


def write(db: str, out: str, month: str = "2026-11", today: str = "2026-12-06") -> None:
    from registry_app.services.registry import open_registry
    from registry_app.services.reports.data import build_report_data, collector_paused
    from registry_app.services.reports.monthly import _write_files
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    registry = open_registry(db, user="bench")
    as_of = date.fromisoformat(today)
    registry.today = lambda: as_of
    with collector_paused():
        data = build_report_data(registry, month, now=datetime.combine(as_of, time(12)))
        _write_files(data, (folder / "report.xlsx", folder / "report.pdf"),
                     lambda *_: None, None)
    content = {"fingerprint": data.fingerprint, "pages": pdf_pages(folder / "report.pdf"),
               "cells": workbook_cells(folder / "report.xlsx")}
    (folder / "content.json").write_text(json.dumps(content, default=repr, indent=0))
    print(f"{folder}: {len(content['pages'])} pages, {len(content['cells'])} sheets,"
          f" fingerprint {data.fingerprint}")


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def workbook_cells(path: Path) -> dict[str, list]:
    """Every sheet's cells as (value, type name, number format) rows."""
    from openpyxl import load_workbook
    book = load_workbook(path)
    return {sheet.title: [[(c.value, type(c.value).__name__, c.number_format) for c in row]
                          for row in sheet.iter_rows()]
            for sheet in book.worksheets}


def compare(before: str, after: str) -> int:
    old, new = (json.loads((Path(p) / "content.json").read_text()) for p in (before, after))
    problems = []
    if old["fingerprint"] != new["fingerprint"]:
        problems.append(f"fingerprint {old['fingerprint']} != {new['fingerprint']}")
    if len(old["pages"]) != len(new["pages"]):
        problems.append(f"{len(old['pages'])} pages != {len(new['pages'])}")
    problems += [f"page {i + 1} text differs" for i, (a, b)
                 in enumerate(zip(old["pages"], new["pages"])) if a != b]
    if list(old["cells"]) != list(new["cells"]):
        problems.append(f"sheets {list(old['cells'])} != {list(new['cells'])}")
    problems += [f"sheet {name} differs" for name in old["cells"]
                 if old["cells"][name] != new["cells"].get(name)]
    print("\n".join(problems) if problems else
          f"same: fingerprint, {len(old['pages'])} pages of text,"
          f" every cell of {len(old['cells'])} sheets")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
