"""Proves that a change left an import's result as it was: imports a file into a new registry
and writes every table's rows and the import report, then compares two such folders.

    PYTHONPATH=TREE python benchmarks/same_import.py write FILE.xlsx OUT
    python benchmarks/same_import.py compare OUT_BEFORE OUT_AFTER

Run `write` once with each tree (main, then the branch). The clock is fixed (2026-12-06 noon)
where the registry asks for it; stamps written from the wall clock (audit, created/updated
times, queries opened) are compared as present or absent, not by value. `compare` exits 1 and
names the first differences when anything else differs.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

STAMPS = {"at", "created_at", "updated_at", "opened_at", "resolved_at", "signed_at",
          "merged_at", "undone_at"}
"""Columns stamped with the time of writing: only whether they are set is compared."""
SKIPPED = {"alembic_version", "registry_meta", "sqlite_sequence"}


def write(source: str, out: str) -> None:
    from registry_app.services.importing.file_import import import_file
    from registry_app.services.registry import open_registry
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp()) / "imported.sqlite3"
    registry = open_registry(str(db), user="bench")
    registry.today = lambda: date(2026, 12, 6)
    registry.now = lambda: datetime(2026, 12, 6, 12)
    report = import_file(registry, source, write_rejects=False, before_import=None)
    registry.close()
    content = {"report": _report(report), "tables": tables(db)}
    (folder / "content.json").write_text(json.dumps(content, default=repr, indent=0))
    rows = sum(len(r) for r in content["tables"].values())
    print(f"{folder}: {len(content['tables'])} tables, {rows} rows;"
          f" created {report.created}, rejected {report.rejected_count}")


def _report(report) -> dict:
    return {"created": report.created, "updated": report.updated,
            "unchanged": report.unchanged, "with_queries": report.with_queries,
            "warnings": report.warnings, "rejected_more": report.rejected_more,
            "rejected": [(r.sheet, r.row, r.case_number, r.reasons) for r in report.rejected]}


def tables(db: Path) -> dict[str, list]:
    """Every table's rows (stamps as set/unset), sorted, by table name."""
    connection = sqlite3.connect(db)
    names = [n for (n,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") if n not in SKIPPED]
    found = {}
    for name in names:
        cursor = connection.execute(f'SELECT * FROM "{name}"')
        columns = [d[0] for d in cursor.description]
        rows = [[(v is not None) if c in STAMPS else v for c, v in zip(columns, row)]
                for row in cursor]
        found[name] = [columns] + sorted(rows, key=repr)
    connection.close()
    return found


def compare(before: str, after: str) -> int:
    old, new = (json.loads((Path(p) / "content.json").read_text()) for p in (before, after))
    problems = [f"report: {key} differs" for key in old["report"]
                if old["report"][key] != new["report"].get(key)]
    if list(old["tables"]) != list(new["tables"]):
        problems.append(f"tables {list(old['tables'])} != {list(new['tables'])}")
    for name, rows in old["tables"].items():
        other = new["tables"].get(name, [])
        if rows != other:
            first = next((i for i, (a, b) in enumerate(zip(rows, other)) if a != b),
                         min(len(rows), len(other)))
            problems.append(f"table {name} differs ({len(rows)} vs {len(other)} rows; first at"
                            f" {first}: {rows[first] if first < len(rows) else None} !="
                            f" {other[first] if first < len(other) else None})")
    print("\n".join(problems) if problems else
          f"same: import report and every row of {len(old['tables'])} tables")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
