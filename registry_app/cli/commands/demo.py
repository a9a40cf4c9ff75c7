"""`registry-app demo`: fill the registry with realistic synthetic cases."""
from __future__ import annotations

import argparse
import sys

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="fill the registry with realistic synthetic cases")
    demo.add_argument("--cases", type=int, default=500, help="number of cases (default 500)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.demo.generator import fill_demo
    if args.cases < 1:
        print("Error: --cases must be at least 1.", file=sys.stderr)
        return 2
    registry = open_from_args(args)
    added = fill_demo(registry, args.cases, args.seed).added
    print(f"Added {added} demo cases to {registry.url}.")
    return 0
