"""`registry-app queries`: list the open data queries, or resolve one with a note."""
from __future__ import annotations

import argparse
import sys

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("queries", help="list the open data queries (consistency rules saved"
                                         " with a comment), or resolve one with --resolve")
    cmd.add_argument("--resolve", type=int, metavar="ID", help="resolve the query with this id")
    cmd.add_argument("--note", default=None, help="how the query was settled (with --resolve)")
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.cases.data_queries import list_queries, resolve_query
    if args.resolve is not None and not (args.note or "").strip():
        print("Error: --note is required with --resolve: say how the query was settled.",
              file=sys.stderr)
        return 2
    registry = open_from_args(args)
    if args.resolve is not None:
        resolve_query(registry, args.resolve, args.note)
        print(f"Query {args.resolve} resolved.")
        return 0
    queries = list_queries(registry)
    for query in queries:
        print(query_line(query))
    count = len(queries)
    print(f"{count} open quer{'ies' if count != 1 else 'y'}.")
    return 0


def query_line(query) -> str:
    """One query on one line: id, case, the rule's message, the comment, when and by whom."""
    comment = f" Comment: {query.comment}" if query.comment else ""
    return (f"{query.id}\t{query.case_number}\t{query.message}{comment}"
            f" (opened {query.opened_at:%Y-%m-%d} by {query.opened_by})")
