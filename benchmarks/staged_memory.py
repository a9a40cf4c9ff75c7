"""Peak memory and CPU of staging an import file's sheets (stage_tables) against reading them
into lists (read_tables), each run in a fresh process, the readers taking turns (A B A B ...).

    .venv/bin/python benchmarks/staged_memory.py 1 benchmarks/.cache/import-10000.xlsx ...
    STAGED_READERS=read_tables,stage_tables,stage_tables_lxml .venv/bin/python ... (the readers)

Each file is measured by `runs` rounds of: read_tables, stage_tables, read_tables with the full
(lxml) reader, each once without tracemalloc (wall, CPU, ru_maxrss) and once with it (its peak).
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
READERS = tuple(os.environ.get("STAGED_READERS",
                              "read_tables,stage_tables,read_tables_full").split(","))
"""Also 'stage_tables_lxml': staging with every worksheet read by the lxml reader."""


def measure(reader: str, path: str, traced: bool) -> dict:
    """One reading of the file in this process."""
    import tracemalloc

    from registry_app.services.interchange import spreadsheets, staged_sheets
    from registry_app.services.interchange.staged_sheets import stage_tables
    spreadsheets.FAST_XLSX = reader != "read_tables_full"
    staged_sheets.PLAIN_SHEETS = reader != "stage_tables_lxml"
    if traced:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    if reader.startswith("stage_tables"):
        with stage_tables(path) as staged:
            rows = {name: len(sheet) for name, sheet in staged.sheets.items()}
            staged_mb = round(os.path.getsize(staged.path) / 1e6, 1)
    else:
        rows = {name: len(table.rows) for name, table in spreadsheets.read_tables(path).items()}
    result = {"reader": reader, "file": Path(path).name, "rows": rows,
              "wall_s": round(time.perf_counter() - wall, 3),
              "cpu_s": round(time.process_time() - cpu, 3),
              "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if reader.startswith("stage_tables"):
        result["staged_file_mb"] = staged_mb
    if traced:
        result["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    return result


def fresh(reader: str, path: str, traced: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    done = subprocess.run([sys.executable, __file__, "--one", reader, path, str(int(traced))],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(runs: int, paths: list[str]) -> None:
    for path in paths:
        found: dict[str, list[dict]] = {reader: [] for reader in READERS}
        for _ in range(runs):
            for reader in READERS:
                plain, traced = fresh(reader, path, False), fresh(reader, path, True)
                plain["traced_peak_mb"] = traced["traced_peak_mb"]
                found[reader].append(plain)
                print(json.dumps(plain), flush=True)
        for reader, results in found.items():
            print(json.dumps({"summary": reader, "file": Path(path).name, "runs": len(results),
                              **{key: statistics.median(r[key] for r in results) for key in
                                 ("wall_s", "cpu_s", "maxrss_mb", "traced_peak_mb")}}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], sys.argv[4] == "1")))
    else:
        main(int(sys.argv[1]), sys.argv[2:])
