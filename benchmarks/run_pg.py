"""The PostgreSQL run of the benchmark suite (`run.py --backend postgresql --pg-url URL`).

Each size gets a throwaway database on the server (created, seeded by COPY, dropped at the
end); every scenario runs in a fresh process as on SQLite. Writes a markdown section with
the targets beside their baselines and every timing.
"""
from __future__ import annotations

import os
import statistics
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
    script)` is run.py's. With --baseline-tree each run is followed by one of that code."""
    sizes = [int(s) for s in args.sizes.split(",")]
    table, seeding = {}, {}
    env = {**env, "PYTHONPATH": f"{env['PYTHONPATH']}{os.pathsep}{HERE}",
           "BENCH_PG_DB_PREFIX": args.pg_db_prefix}
    base = {**env, "PYTHONPATH": f"{args.baseline_tree}{os.pathsep}{HERE}"} \
        if args.baseline_tree else None
    only = [n for n in args.only.split(",") if n]
    for size in sizes:
        name, url, seeded = _database(args, size)
        try:
            if seeded is not None:
                seeding[size] = seeded
                print(f"{size:>9,} seeded {seeded}", flush=True)
            names = PER_SIZE + (EXPORT if size <= args.pg_export_max else ())
            for scenario in [n for n in names if not only or n in only]:
                runs = 1 if scenario in EXPORT else args.runs
                _measure(table, (scenario, size), url, runs, (env, base), measure)
            if size <= EDITOR_MAX and (not only or "editor" in only):
                from run import measure_editor
                measure_editor(table, url, size, env)
        finally:
            if not args.pg_keep:
                pg_seed.drop_database(args.pg_url, name)
    for scenario in [n for n in IMPORT if not only or n in only]:
        _measure(table, (scenario, 10_000), args.pg_url, 1, (env, base), measure)
    Path(args.pg_out).write_text(section(table, sizes, seeding, server_version(args.pg_url),
                                         args.runs))
    print(f"wrote {args.pg_out}")
    return 0


def _database(args, size: int) -> tuple[str, str, dict | None]:
    """(name, URL, seeding timings or None when a kept database was reused)."""
    from sqlalchemy.engine import make_url
    name = f"{args.pg_db_prefix}{size}" + ("" if args.pg_keep else f"_{os.getpid()}")
    url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    if args.pg_keep and pg_seed.holds(url, size):
        return name, url, None
    url = pg_seed.create_database(args.pg_url, name)
    start = time.perf_counter()
    return name, url, {**pg_seed.seed(url, size), "total_s": time.perf_counter() - start}


def _measure(table: dict, key: tuple, url: str, runs: int, envs: tuple, measure) -> None:
    """One scenario at one size; with a baseline environment, runs alternate between the
    two codes (baseline first) and the baseline's figures go under (name + BASELINE, size)."""
    env, base = envs
    if base is None:
        table[key] = measure(key[0], url, runs, env, SCRIPT)
    else:
        for _ in range(runs):
            for code, code_env in ((BASELINE, base), ("", env)):
                found = measure(key[0], url, 1, code_env, SCRIPT)
                table.setdefault((key[0] + code, key[1]), []).append(found)
        for code in (BASELINE, ""):
            table[(key[0] + code, key[1])] = _median(table[(key[0] + code, key[1])])
    for code in ("", BASELINE) if base else ("",):
        print(f"{key[1]:>9,} {key[0] + code:<27} {table[(key[0] + code, key[1])]}", flush=True)


BASELINE = " (baseline)"


def _median(found: list[dict]) -> dict:
    errors = [r["error"] for r in found if "error" in r]
    if errors:
        return {"error": errors[0]}
    return {"median_s": statistics.median(r["median_s"] for r in found),
            "cpu_s": statistics.median(r.get("cpu_s", 0.0) for r in found),
            "peak_mb": max(r["peak_mb"] for r in found), "runs": len(found)}


def _ms(entry: dict | None, cpu: bool = False) -> str:
    if not entry:
        return "–"
    if "error" in entry:
        return f"error: {entry['error'][:60]}"
    shown = f"{entry['median_s'] * 1000:,.0f} ms"
    return shown + (f" (CPU {entry['cpu_s'] * 1000:,.0f} ms)" if cpu and "cpu_s" in entry else "")


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
        for shown in (name, name + BASELINE):
            if any((shown, s) in table for s in sizes):
                lines.append(f"| {shown} | " + " | ".join(_ms(table.get((shown, s)), cpu=True)
                                                         for s in sizes) + " |")
    for name in [n for n in IMPORT if (n, 10_000) in table]:
        lines.append(f"| {name} (10,000 rows) | {_ms(table.get((name, 10_000)))} |"
                     + " |" * (len(sizes) - 1))
    seeded = "; ".join(f"{s:,}: {v['total_s']:.0f} s" for s, v in seeding.items()) \
        or "none (kept databases reused)"
    lines += ["", f"Seeding (COPY of demo cases, then repeats in SQL, VACUUM ANALYZE): {seeded}", ""]
    return "\n".join(lines)

