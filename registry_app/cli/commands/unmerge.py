"""`registry-app unmerge`: undo a merge; both cases come back exactly as they were before it."""
from __future__ import annotations

import argparse

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    unmerge = sub.add_parser("unmerge", help="undo a merge: both cases come back exactly as"
                                             " they were before it")
    unmerge.add_argument("merge_id", metavar="MERGE_ID", type=int)
    unmerge.add_argument("--reason", default=None)
    unmerge.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.cases.merging import undo_merge
    print(undo_merge(open_from_args(args), args.merge_id, args.reason).text())
    return 0
