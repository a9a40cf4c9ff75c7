"""Subcommands about cases: demo data, import, export and the data dictionary."""
from __future__ import annotations

import argparse
import sys

from .main import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="fill the registry with realistic synthetic cases")
    demo.add_argument("--cases", type=int, default=500, help="number of cases (default 500)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.set_defaults(func=run_demo)

    imp = sub.add_parser("import", help="import cases from a .csv or .xlsx file")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    imp.add_argument("--date-order", choices=("dmy", "mdy", "ymd"), default=None,
                     help="order of day, month and year in dates like 03/04/2025 (remembered for"
                          " files with the same columns); without it such dates are rejected")
    imp.add_argument("--blank-cells", choices=("clear", "keep"), default="clear",
                     help="an empty cell of a case already in the registry clears the stored"
                          " value (clear, the default) or leaves it (keep)")
    imp.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="export all cases to a .csv or .xlsx file (exit 7: the"
                         " file could not be written; an earlier export is left as it was)")
    exp.add_argument("file")
    exp.add_argument("--identified", action="store_true",
                     help="include name, MRN and date of birth (de-identified by default)")
    exp.set_defaults(func=run_export)

    dic = sub.add_parser("dictionary", help="print the data dictionary")
    fmt = dic.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true")
    fmt.add_argument("--json", action="store_true")
    dic.set_defaults(func=run_dictionary)


def run_demo(args: argparse.Namespace) -> int:
    from ..services.demo import fill_demo
    if args.cases < 1:
        print("Error: --cases must be at least 1.", file=sys.stderr)
        return 2
    registry = open_from_args(args)
    added = fill_demo(registry, args.cases, args.seed)
    print(f"Added {added} demo cases to {registry.url}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ..services.importing import EXIT_UNREADABLE, ImportOptions, import_file
    from ..services.spreadsheets import UnreadableFile
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
    if report.rejected:
        print(f"Rejected rows are listed with their reasons in {report.rejects_file}",
              file=sys.stderr)
        for row in report.rejected[:20]:
            print(f"  {row.sheet} row {row.row}: {'; '.join(row.reasons)}", file=sys.stderr)
        if len(report.rejected) > 20:
            print(f"  ... and {len(report.rejected) - 20} more", file=sys.stderr)
    return report.exit_code


def _backup_before_import(registry) -> None:
    from ..services.maintenance import backup_before
    backup_before(registry, "import")


def run_export(args: argparse.Namespace) -> int:
    from ..services.exporting import export_registry
    registry = open_from_args(args)
    result = export_registry(registry, args.file, identified=args.identified)
    kind = "IDENTIFIED" if result.identified else "de-identified"
    print(f"Exported {result.cases} cases and {result.attempts} passes ({kind}) to {result.path}.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def run_dictionary(args: argparse.Namespace) -> int:
    from ..services import dictionary
    if args.json:
        print(dictionary.dictionary_json())
    elif args.csv:
        sys.stdout.write(dictionary.dictionary_csv())
    else:
        print(dictionary.dictionary_text())
    return 0
