"""`registry-app merges`: every merge of two cases, newest first, and whether it was undone."""
from __future__ import annotations

import argparse

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    listing = sub.add_parser("merges", help="list the merges of cases, newest first")
    listing.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.cases.merging import merges
    found = merges(open_from_args(args))
    for record in found:
        print(record.text())
    if not found:
        print("No merges.")
    return 0
