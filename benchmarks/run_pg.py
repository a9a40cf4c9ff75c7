"""The PostgreSQL run of the benchmark suite (`run.py --backend postgresql --pg-url URL`).

Each size gets a throwaway database on the server (created, seeded by COPY, dropped at the
end); every scenario runs in a fresh process as on SQLite. Writes a markdown section with
the targets beside their baselines and every timing.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pg_seed

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "scenarios_pg.py"
PER_SIZE = ("list_first_page", "list_sort", "list_filter", "stats_all", "stats_month",
            "sql_aggregate_pg", "report_month")
EXPORT = ("export_xlsx", "raw_openpyxl_pg")
IMPORT = ("import_10k_pg", "raw_read_validate")
TARGETS = (
    ("`stats` (whole registry) under 300 ms", "limit", "stats_all", None, 0.300),
    ("`stats` within 3× of one SQL aggregate", "ratio", "stats_all", "sql_aggregate_pg", 3.0),
    ("Case list first page under 150 ms", "limit", "list_first_page", None, 0.150),
    ("Case list filter under 150 ms", "limit", "list_filter", None, 0.150),
    ("One month's report (xlsx + pdf) under 2 s", "limit", "report_month", None, 2.0),
    ("Full Excel export vs bare write-only openpyxl", "ratio", "export_xlsx",
     "raw_openpyxl_pg", None),
    ("Import of 10,000 rows vs read-only iteration + validation", "ratio", "import_10k_pg",
     "raw_read_validate", None),
    ("Editor: open a case under 100 ms", "limit", "editor_open", None, 0.100),
    ("Editor: save a case under 100 ms", "limit", "editor_save", None, 0.100),
    ("Editor: next case in the list under 100 ms", "limit", "editor_next", None, 0.100),
)
EDITOR_MAX = 100_000
"""Largest size the editor is timed at (the issue's target size)."""


def server_version(url: str) -> str:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return f"PostgreSQL {version}"


def run(args, env: dict, measure) -> int:
    """Measure every size on its own throwaway database; `measure(name, db, runs, env,
    script)` is run.py's."""
    sizes = [int(s) for s in args.sizes.split(",")]
    table, seeding = {}, {}
    env = {**env, "PYTHONPATH": f"{env['PYTHONPATH']}{os.pathsep}{HERE}"}
    for size in sizes:
        name = f"bench_{size}_{os.getpid()}"
        url = pg_seed.create_database(args.pg_url, name)
        try:
            start = time.perf_counter()
            seeding[size] = {**pg_seed.seed(url, size), "total_s": time.perf_counter() - start}
            print(f"{size:>9,} seeded {seeding[size]}", flush=True)
            names = PER_SIZE + (EXPORT if size <= args.pg_export_max else ())
            for scenario in names:
                runs = 1 if scenario in EXPORT else args.runs
                table[(scenario, size)] = measure(scenario, url, runs, env, SCRIPT)
                print(f"{size:>9,} {scenario:<18} {table[(scenario, size)]}", flush=True)
            if size <= EDITOR_MAX:
                from run import measure_editor
                measure_editor(table, url, size, env)
        finally:
            pg_seed.drop_database(args.pg_url, name)
    for scenario in IMPORT:
        table[(scenario, 10_000)] = measure(scenario, args.pg_url, 1, env, SCRIPT)
        print(f"   10,000 {scenario:<18} {table[(scenario, 10_000)]}", flush=True)
    Path(args.pg_out).write_text(section(table, sizes, seeding, server_version(args.pg_url),
                                         args.runs))
    print(f"wrote {args.pg_out}")
    return 0


def _ms(entry: dict | None) -> str:
    if not entry:
        return "–"
    if "error" in entry:
        return f"error: {entry['error'][:60]}"
    return f"{entry['median_s'] * 1000:,.0f} ms"


def _target(table: dict, spec, size: int) -> str:
    label, kind, name, other, limit = spec
    at = 10_000 if name.startswith("import") else size
    entry, base = table.get((name, at)), table.get((other, at)) if other else None
    if not entry or "error" in entry or (other and (not base or "error" in base)):
        return f"| {label} | {size:,} | not measured | {_ms(base)} | ✗ |"
    value = entry["median_s"] / base["median_s"] if kind == "ratio" else entry["median_s"]
    shown = f"{value:.2f}×" if kind == "ratio" else f"{value * 1000:,.0f} ms"
    met = "–" if limit is None else ("✓" if value <= limit else "✗")
    return f"| {label} | {at:,} | {shown} ({_ms(entry)}) | {_ms(base) if other else '–'} | {met} |"


def section(table: dict, sizes: list[int], seeding: dict, server: str, runs: int) -> str:
    lines = [f"Server: {server}. Each figure is the median of {runs} runs (export and import: 1 run).", "",
             "| Target | Cases | Measured | Baseline (same run) | Met |", "|---|---|---|---|---|"]
    lines += [_target(table, spec, size) for size in sizes for spec in TARGETS
              if not (spec[2].startswith("import") and size != sizes[0])
              and not (spec[2].startswith("editor") and size > EDITOR_MAX)]
    lines += ["", "| Scenario | " + " | ".join(f"{s:,} cases" for s in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for name in PER_SIZE + EXPORT:
        lines.append(f"| {name} | " + " | ".join(_ms(table.get((name, s))) for s in sizes) + " |")
    for name in IMPORT:
        lines.append(f"| {name} (10,000 rows) | {_ms(table.get((name, 10_000)))} |"
                     + " |" * (len(sizes) - 1))
    lines += ["", "Seeding (COPY of demo cases, then repeats in SQL, VACUUM ANALYZE): " + "; ".join(
        f"{s:,}: {v['total_s']:.0f} s" for s, v in seeding.items()), ""]
    return "\n".join(lines)

