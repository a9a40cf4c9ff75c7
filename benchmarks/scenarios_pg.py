"""PostgreSQL versions of the benchmark scenarios that read the database file directly.

Run like scenarios.py (one scenario per process, JSON on the last line); the database is a
SQLAlchemy URL. Scenarios that go through the registry's services are scenarios.py's own.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
from pathlib import Path

import scenarios
from scenarios import SCENARIOS, _timed, scenario

SQL_AGGREGATE = scenarios.SQL_AGGREGATE.replace("mt_failed = 1", "mt_failed")
"""The SQLite scenario's aggregate; PostgreSQL's yes/no columns are booleans."""


def _driver_url(db: str) -> str:
    """The URL psycopg itself takes (no SQLAlchemy driver name)."""
    from sqlalchemy.engine import make_url
    return make_url(db).set(drivername="postgresql").render_as_string(hide_password=False)


@scenario("sql_aggregate_pg")
def sql_aggregate_pg(db: str) -> float:
    import psycopg
    connection = psycopg.connect(_driver_url(db))
    return _timed(lambda: connection.execute(SQL_AGGREGATE).fetchall())


@scenario("raw_openpyxl_pg")
def raw_openpyxl_pg(db: str) -> float:
    """openpyxl write-only of every case, pass and contact row, read with a server cursor."""
    import psycopg
    from openpyxl import Workbook
    out = Path(tempfile.mkdtemp()) / "raw.xlsx"

    def run():
        with psycopg.connect(_driver_url(db)) as connection:
            book = Workbook(write_only=True)
            for table in ("cases", "passes", "contact_attempts"):
                sheet = book.create_sheet(table)
                with connection.cursor(name=f"read_{table}") as cursor:
                    cursor.execute(f"SELECT * FROM {table}")
                    for row in cursor:
                        sheet.append(row)
            book.save(out)
    return _timed(run)


@scenario("import_10k_pg")
def import_10k_pg(db: str) -> float:
    """The 10,000-row import into a new, empty PostgreSQL registry (made and dropped here,
    untimed) on the server of `db`."""
    from pg_seed import create_database, drop_database

    from registry_app.services.importing.file_import import import_file
    from registry_app.services.registry import open_registry
    name = f"{os.environ.get('BENCH_PG_DB_PREFIX', 'bench_')}import_{os.getpid()}"
    target = open_registry(create_database(db, name))
    try:
        return _timed(lambda: import_file(target, os.environ["BENCH_IMPORT_FILE"],
                                          write_rejects=False))
    finally:
        target.close()
        drop_database(db, name)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    name, database = sys.argv[1], sys.argv[2]
    seconds = SCENARIOS[name](database)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"scenario": name, "seconds": seconds, "peak_mb": peak_mb,
                      **scenarios.EXTRA}))
