"""`registry-app dictionary`: print the data dictionary as text, CSV or JSON."""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    dic = sub.add_parser("dictionary", help="print the data dictionary")
    fmt = dic.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true")
    fmt.add_argument("--json", action="store_true")
    dic.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.interchange import dictionary
    if args.json:
        print(dictionary.dictionary_json())
    elif args.csv:
        sys.stdout.write(dictionary.dictionary_csv())
    else:
        print(dictionary.dictionary_text())
    return 0
