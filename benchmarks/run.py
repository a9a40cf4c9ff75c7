"""Benchmark suite: builds demo registries of several sizes, times each scenario, writes RESULTS.md.

Run from the repository root:  .venv/bin/python benchmarks/run.py  [--sizes 1000,10000,100000] [--runs 3]
On PostgreSQL (throwaway databases on that server, see run_pg.py):
  .venv/bin/python benchmarks/run.py --backend postgresql --pg-url URL --sizes 100000,1000000
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCENARIOS = HERE / "scenarios.py"
WALL_CLOCK = {"bare_window", "app_window"}
PER_SIZE = ("bare_window", "app_window", "list_first_page", "list_sort", "list_filter",
            "stats_all", "stats_month", "sql_aggregate", "export_xlsx", "raw_openpyxl",
            "report_month", "app_memory", "list_at_start")
IMPORT = ("import_10k", "raw_read_validate")
EDITOR_ACTIONS = ("open", "save", "next")
SPREADSHEET_PER_SIZE = ("raw_xlsxwriter", "export_xlsx_openpyxl", "export_xlsx_xlsxwriter")
SPREADSHEET_IMPORT = ("import_10k_full_reader", "raw_calamine_validate")
"""Round two (issue 19): the writers and reader of earlier rounds and bare XlsxWriter/calamine."""


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "registry_app.cli.main", *args], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)


def demo_registry(cache: Path, size: int) -> Path:
    """A demo registry of `size` cases, built once with `registry-app demo` and kept in the cache."""
    path = cache / f"registry-{size}.sqlite3"
    if not path.exists():
        print(f"building {size:,}-case registry ...", flush=True)
        cli("--db", str(path), "demo", "--cases", str(size), "--seed", "1")
    upgrade_schema(path)
    return path


def upgrade_schema(path: Path) -> None:
    """Bring a cached registry to the current schema first, so no scenario times a migration."""
    code = "import sys; from registry_app.services.registry import open_registry; open_registry(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)


def import_file(cache: Path) -> Path:
    path = cache / "import-10000.xlsx"
    if not path.exists():
        cli("--db", str(demo_registry(cache, 10_000)), "export", str(path))
    return path


def run_once(name: str, db: Path, env: dict, script: Path = SCENARIOS) -> dict:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), name, str(db)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if name in WALL_CLOCK:
        result["seconds"] = wall
    return result


def measure(name: str, db: Path, runs: int, env: dict, script: Path = SCENARIOS) -> dict:
    results = [run_once(name, db, env, script) for _ in range(runs)]
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        return {"error": errors[0]}
    return {"median_s": statistics.median(r["seconds"] for r in results),
            "cpu_s": statistics.median(r.get("cpu_s", 0.0) for r in results),
            "peak_mb": max(r["peak_mb"] for r in results), "runs": runs}


def versions() -> str:
    names = ("PySide6-Essentials", "SQLAlchemy", "openpyxl", "lxml", "reportlab", "scipy",
             "XlsxWriter", "rustpy-xlsxwriter", "python-calamine")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", default=str(HERE / ".cache"))
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    add_backend_options(parser)
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    importing = not args.only or any("import" in n or "validate" in n
                                     for n in args.only.split(","))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "BENCH_IMPORT_FILE": str(import_file(cache)) if importing else ""}
    if args.backend == "postgresql":
        import run_pg
        return run_pg.run(args, env, measure)
    table = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        db = demo_registry(cache, size)
        for name in PER_SIZE:
            table[(name, size)] = measure(name, db, args.runs, env)
            print(f"{size:>7,} {name:<18} {table[(name, size)]}", flush=True)
    for name in IMPORT:
        table[(name, 10_000)] = measure(name, demo_registry(cache, 1000), args.runs, env)
        print(f" 10,000 {name:<18} {table[(name, 10_000)]}", flush=True)
    measure_spreadsheets(table, cache, args.sizes, args.runs, env)
    largest = max(int(s) for s in args.sizes.split(","))
    measure_editor(table, str(demo_registry(cache, largest)), largest, env)
    from results import write_results
    write_results(Path(args.out), table, machine(), args.runs)
    print(f"wrote {args.out}")
    return 0


def measure_editor(table: dict, db: str, size: int, env: dict) -> None:
    """Round two (issue 19): open, save and next case in the editor (median of 20, one
    process) on a registry file or URL of `size` cases."""
    proc = subprocess.run([sys.executable, str(HERE / "editor_latency.py"), "--db", db],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        failed = {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
        table.update({(f"editor_{action}", size): failed for action in EDITOR_ACTIONS})
        return
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for action in EDITOR_ACTIONS:
        table[(f"editor_{action}", size)] = {"median_s": result[action]["median_ms"] / 1000,
                                            "peak_mb": result["peak_mb"], "runs": 20}
        print(f"{size:>7,} editor_{action:<11} {table[(f'editor_{action}', size)]}", flush=True)


def add_backend_options(parser: argparse.ArgumentParser) -> None:
    """--backend postgresql: the suite on throwaway databases of the server at --pg-url."""
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--pg-url", help="postgresql+psycopg:// URL of a database on a server"
                        " where this user may create and drop databases")
    parser.add_argument("--pg-export-max", type=int, default=100_000,
                        help="largest size whose full export is timed (1 run)")
    parser.add_argument("--pg-out", default=str(HERE / "results-postgresql.md"),
                        help="the markdown section the PostgreSQL run writes")
    parser.add_argument("--pg-db-prefix", default="bench_",
                        help="name of each size's database before its size")
    parser.add_argument("--pg-keep", action="store_true",
                        help="keep each size's database (named PREFIX + size, no process id)"
                        " and reuse it when it already holds that many cases")
    parser.add_argument("--only", default="",
                        help="PostgreSQL run: comma-separated scenarios to run (default: all)")
    parser.add_argument("--baseline-tree", default="",
                        help="a checkout of other code: every run of a scenario is followed"
                        " by one with that code (same load), reported beside it")


def measure_spreadsheets(table: dict, cache: Path, sizes: str, runs: int, env: dict) -> None:
    """Round two (issue 19): the round-one writer and reader, bare XlsxWriter and calamine."""
    for size in [int(s) for s in sizes.split(",")]:
        for name in SPREADSHEET_PER_SIZE:
            table[(name, size)] = measure(name, demo_registry(cache, size), runs, env)
            print(f"{size:>7,} {name:<18} {table[(name, size)]}", flush=True)
    for name in SPREADSHEET_IMPORT:
        table[(name, 10_000)] = measure(name, demo_registry(cache, 1000), runs, env)
        print(f" 10,000 {name:<18} {table[(name, 10_000)]}", flush=True)


def machine() -> dict:
    return {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "platform": platform.platform(),
            "python": platform.python_version(), "cpus": os.cpu_count(), "versions": versions(),
            "processor": platform.processor() or platform.machine()}


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
