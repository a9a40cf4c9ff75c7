"""`registry-app export`: export all cases to a .csv or .xlsx file."""
from __future__ import annotations

import argparse

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    exp = sub.add_parser("export", help="export all cases to a .csv or .xlsx file (exit 7: the"
                         " file could not be written; an earlier export is left as it was)")
    exp.add_argument("file")
    exp.add_argument("--identified", action="store_true",
                     help="include name, MRN and date of birth (de-identified by default)")
    exp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.interchange.exporting import export_registry
    registry = open_from_args(args)
    result = export_registry(registry, args.file, identified=args.identified)
    kind = "IDENTIFIED" if result.identified else "de-identified"
    print(f"Exported {result.cases} cases and {result.attempts} passes ({kind}) to {result.path}.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0
