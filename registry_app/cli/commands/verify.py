"""`registry-app verify`: say whether a PDF report still matches the registry."""
from __future__ import annotations

import argparse

from ..common import open_from_args

EXIT_CHANGED = 8
"""verify: the report no longer matches the registry."""


def register(sub: argparse._SubParsersAction) -> None:
    ver = sub.add_parser("verify", help="recompute a report's fingerprint from the registry and"
                         " say whether the report still matches (exit 0) or not (exit 8)")
    ver.add_argument("pdf", metavar="REPORT.pdf", help="a PDF report written by registry-app")
    ver.set_defaults(func=run, parser=ver)


def run(args: argparse.Namespace) -> int:
    from ...services.reports.fingerprint import verify_report
    result = verify_report(open_from_args(args), args.pdf)
    for line in result.lines():
        print(line)
    return 0 if result.matches else EXIT_CHANGED
