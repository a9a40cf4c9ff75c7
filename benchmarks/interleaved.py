"""A few scenarios measured in turn, run by run (A B C A B C ...), so that each sees the same
load from other work on the machine; prints wall and CPU seconds of each run and the medians.

    .venv/bin/python benchmarks/interleaved.py 10000 3 export_xlsx,raw_openpyxl

Import scenarios (names with 'import' or 'validate') use the 10,000-row import file, as in run.py.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(size: int, runs: int, names: list[str]) -> None:
    import run
    cache = HERE / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parent),
           "BENCH_IMPORT_FILE": str(run.import_file(cache))}
    results: dict[str, list[dict]] = {name: [] for name in names}
    for attempt in range(runs):
        for name in names:
            importing = "import" in name or "validate" in name
            result = run.run_once(name, run.demo_registry(cache, 1000 if importing else size), env)
            results[name].append(result)
            print(json.dumps({"name": name, "size": size, "run": attempt, **result}), flush=True)
    for name, found in results.items():
        good = [r for r in found if "error" not in r]
        if good:
            print(json.dumps({"summary": name, "size": size, "runs": len(good),
                              "wall_s": statistics.median(r["seconds"] for r in good),
                              "cpu_s": statistics.median(r.get("cpu_s", 0.0) for r in good),
                              "peak_mb": max(r["peak_mb"] for r in good)}), flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(","))
