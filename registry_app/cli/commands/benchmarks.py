"""`registry-app benchmarks`: list the published benchmarks, or add your own (`add`)."""
from __future__ import annotations

import argparse
import json
import sys

from ...domain.vocab import TERRITORY, codes


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("benchmarks", help="list the published benchmarks, or add your own")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--territory", choices=codes(TERRITORY),
                       help="only the benchmarks of one territory")
    bench.set_defaults(func=run)
    actions = bench.add_subparsers(dest="benchmarks_action", metavar="ACTION")
    add = actions.add_parser("add", help="validate a benchmark .toml file and add it to your library")
    add.add_argument("file")
    add.add_argument("--replace", action="store_true",
                     help="replace your own benchmark with the same id")
    add.set_defaults(func=run_add)


def run(args: argparse.Namespace) -> int:
    from ...services.benchmarks.library import library_summary
    from ...services.statistics.territory.text import territory_benchmark_text
    from ...services.statistics.text import benchmark_text
    summary = library_summary(territory=args.territory)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(benchmark_text(item) if item["territory"] == "cerebral"
                           else territory_benchmark_text(item) for item in summary["benchmarks"]))
    for error in summary["errors"]:
        print(f"Warning: {error}", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    from ...paths import user_benchmarks_dir
    from ...services.benchmarks.library import add_benchmark_file
    benchmark = add_benchmark_file(args.file, overwrite=args.replace)
    print(f"Added benchmark '{benchmark.id}' ({benchmark.label}, {len(benchmark.results)} results)"
          f" to {user_benchmarks_dir()}.")
    return 0
