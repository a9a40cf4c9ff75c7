"""`registry-app import`: import cases from a .csv or .xlsx file (backing up first)."""
from __future__ import annotations

import argparse
import sys

from ..common import open_from_args

SHOWN_REJECTS = 20


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="import cases from a .csv or .xlsx file")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    imp.add_argument("--date-order", choices=("dmy", "mdy", "ymd"), default=None,
                     help="order of day, month and year in dates like 03/04/2025 (remembered for"
                          " files with the same columns); without it such dates are rejected")
    imp.add_argument("--blank-cells", choices=("clear", "keep"), default="clear",
                     help="an empty cell of a case already in the registry clears the stored"
                          " value (clear, the default) or leaves it (keep)")
    imp.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.importing.file_import import EXIT_UNREADABLE, ImportOptions, import_file
    from ...services.interchange.spreadsheets import UnreadableFile
    registry = open_from_args(args)
    options = ImportOptions(args.date_order, args.blank_cells)
    try:
        report = import_file(registry, args.file, dry_run=args.dry_run,
                             before_import=_backup_before_import, options=options)
    except UnreadableFile as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(report.summary())
    for warning in report.warnings:
        print(f"Warning: {warning}")
    if report.rejected_count:
        _print_rejected(report)
    return report.exit_code


def _print_rejected(report) -> None:
    print(f"Rejected rows are listed with their reasons in {report.rejects_file}",
          file=sys.stderr)
    for row in report.rejected[:SHOWN_REJECTS]:
        print(f"  {row.sheet} row {row.row}: {'; '.join(row.reasons)}", file=sys.stderr)
    shown = min(len(report.rejected), SHOWN_REJECTS)
    if report.rejected_count > shown:
        print(f"  ... and {report.rejected_count - shown} more", file=sys.stderr)


def _backup_before_import(registry) -> None:
    from ...services.maintenance.backups import backup_before
    backup_before(registry, "import")
