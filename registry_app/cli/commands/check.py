"""`registry-app check`: check the database and validate every case (exit 5 on problems)."""
from __future__ import annotations

import argparse

from ..common import open_warning_if_shared


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="check the database and validate every case"
                                         " (exit 5 when problems are found)")
    check.add_argument("--limit", type=int, default=200,
                       help="list at most this many case errors (default 200; 0 = all)")
    check.add_argument("--rebuild-summary", action="store_true",
                       help="first count the statistics summary again from the cases")
    check.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.maintenance.registry_check import EXIT_PROBLEMS, check_registry, rebuild_summary
    from ...services.registry_files import DamagedRegistry, EmptyRegistryFile
    try:
        registry = open_warning_if_shared(args)
    except (DamagedRegistry, EmptyRegistryFile) as exc:
        print(f"Database: {exc}")
        print("Checked the registry file: it cannot be used, so no case was checked.")
        return EXIT_PROBLEMS
    if args.rebuild_summary:
        rebuild_summary(registry)
        print("Rebuilt the statistics summary from the cases.")
    report = check_registry(registry)
    _print_problems(report, args.limit)
    print(report.summary())
    return report.exit_code


def _print_problems(report, limit: int) -> None:
    for problem in report.database:
        print(f"Database: {problem}")
    shown = report.case_problems if limit <= 0 else report.case_problems[:limit]
    for problem in shown:
        print(f"Case {problem.case_number}: {problem.message} [{problem.field}]")
    if len(shown) < len(report.case_problems):
        print(f"... and {len(report.case_problems) - len(shown)} more (use --limit 0 to list all)")
