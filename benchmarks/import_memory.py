"""Peak memory and CPU of importing a file whole against importing it part by part (staged on
disk), each import in a fresh process into a new registry, the two ways taking turns.

    .venv/bin/python benchmarks/import_memory.py RUNS FILE.xlsx [FILE.xlsx ...]
    IMPORT_WAYS=whole,parts,parts-lxml .venv/bin/python ... (the ways compared, in turn)
    BENCH_PG_URL=postgresql+psycopg://app@HOST:PORT/postgres .venv/bin/python ... (PostgreSQL:
    each import into a new database made and dropped on that server, untimed)

Each round runs: whole, parts, each once without tracemalloc (wall, CPU, ru_maxrss) and once
with it (its peak). Prints one JSON line per import and a median table at the end.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAYS = tuple(os.environ.get("IMPORT_WAYS", "whole,parts").split(","))
"""'parts-lxml': parts staged by the lxml reader alone (staged_sheets.PLAIN_SHEETS off)."""


def measure(way: str, path: str, traced: bool) -> dict:
    """One import of the file into a new registry in this process."""
    import tracemalloc

    from registry_app.services.importing import part_sizes
    from registry_app.services.importing.file_import import import_file
    from registry_app.services.registry import open_registry
    part_sizes.STAGED_ABOVE = {suffix: (1 << 62 if way == "whole" else 0)
                               for suffix in part_sizes.STAGED_ABOVE}
    if way == "parts-lxml":
        from registry_app.services.interchange import staged_sheets
        staged_sheets.PLAIN_SHEETS = False
    server = os.environ.get("BENCH_PG_URL")
    if server:
        from pg_seed import create_database
        registry = open_registry(create_database(server, f"bench_import_{os.getpid()}"),
                                 user="bench")
    else:
        registry = open_registry(str(Path(tempfile.mkdtemp()) / "target.sqlite3"), user="bench")
    if traced:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    report = import_file(registry, path, write_rejects=False, before_import=None)
    result = {"way": way, "file": Path(path).name, "created": report.created,
              "rejected": report.rejected_count}
    if traced:
        result["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    else:
        result.update(wall_s=round(time.perf_counter() - wall, 2),
                      cpu_s=round(time.process_time() - cpu, 2),
                      maxrss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1))
    registry.close()
    if server:
        from pg_seed import drop_database
        drop_database(server, f"bench_import_{os.getpid()}")
    return result


def _fresh(way: str, path: str, traced: bool) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", way, path, str(int(traced))],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    if argv[0] == "--one":
        print(json.dumps(measure(argv[1], argv[2], argv[3] == "1")))
        return
    runs, files = int(argv[0]), argv[1:]
    table: dict[tuple[str, str], list[dict]] = {}
    for path in files:
        for _ in range(runs):
            for way in WAYS:
                timed, traced = _fresh(way, path, False), _fresh(way, path, True)
                timed["traced_peak_mb"] = traced["traced_peak_mb"]
                print(json.dumps(timed), flush=True)
                table.setdefault((Path(path).name, way), []).append(timed)
    print("file | way | wall s | CPU s | ru_maxrss MB | tracemalloc peak MB")
    for (name, way), found in table.items():
        med = {k: statistics.median(r[k] for r in found)
               for k in ("wall_s", "cpu_s", "maxrss_mb", "traced_peak_mb")}
        print(f"{name} | {way} | {med['wall_s']} | {med['cpu_s']} | {med['maxrss_mb']} |"
              f" {med['traced_peak_mb']}")


if __name__ == "__main__":
    sys.path[:0] = [str(HERE.parent), str(HERE)]
    main(sys.argv[1:])
