"""Subcommands that keep the registry safe: check, backup, backups (list), restore and the
history of the registry's settings."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from .main import db_of, open_from_args

EXIT_NOT_RESTORED = 1


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="check the database and validate every case"
                                         " (exit 5 when problems are found)")
    check.add_argument("--limit", type=int, default=200,
                       help="list at most this many case errors (default 200; 0 = all)")
    check.add_argument("--rebuild-summary", action="store_true",
                       help="first count the statistics summary again from the cases")
    check.set_defaults(func=run_check)

    backup = sub.add_parser("backup", help="back up the registry now")
    backup.add_argument("--to", metavar="DIR", help="folder for the copy (default: the"
                                                   " registry's backup folder, rotated)")
    backup.set_defaults(func=run_backup)

    backups = sub.add_parser("backups", help="list the registry's backups, newest first")
    backups.set_defaults(func=run_backups)

    restore = sub.add_parser("restore", help="replace the registry by a backup, after checking"
                                             " the backup and backing up the current registry")
    restore.add_argument("file", help="the backup file to restore")
    restore.set_defaults(func=run_restore)

    history = sub.add_parser("settings-history",
                             help="list every change of the registry's settings and definitions:"
                                  " when, who, old and new value")
    history.set_defaults(func=run_settings_history)


def _warn_network_share(registry_file: Path | None) -> None:
    from ..services.registry_files import share_warning
    warning = share_warning(registry_file)
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)


def _open(args: argparse.Namespace):
    registry = open_from_args(args)
    _warn_network_share(registry.path)
    return registry


def run_check(args: argparse.Namespace) -> int:
    from ..services.registry_check import EXIT_PROBLEMS, check_registry, rebuild_summary
    from ..services.registry_files import DamagedRegistry, EmptyRegistryFile
    try:
        registry = _open(args)
    except (DamagedRegistry, EmptyRegistryFile) as exc:
        print(f"Database: {exc}")
        print("Checked the registry file: it cannot be used, so no case was checked.")
        return EXIT_PROBLEMS
    if args.rebuild_summary:
        rebuild_summary(registry)
        print("Rebuilt the statistics summary from the cases.")
    report = check_registry(registry)
    for problem in report.database:
        print(f"Database: {problem}")
    shown = report.case_problems if args.limit <= 0 else report.case_problems[:args.limit]
    for case_problem in shown:
        print(f"Case {case_problem.case_number}: {case_problem.message} [{case_problem.field}]")
    if len(shown) < len(report.case_problems):
        print(f"... and {len(report.case_problems) - len(shown)} more (use --limit 0 to list all)")
    print(report.summary())
    return report.exit_code


def run_backup(args: argparse.Namespace) -> int:
    from ..services.maintenance import backup_before, backup_to
    registry = _open(args)
    made: Path | None
    if args.to:
        made = backup_to(registry, Path(args.to))
    else:
        made = backup_before(registry, "manual")
    if made is None:
        print("Error: this registry is on a database server; back it up with the server's own"
              " tools (pg_dump).", file=sys.stderr)
        return 1
    print(f"Backed up the registry to {made}")
    return 0


def run_backups(args: argparse.Namespace) -> int:
    from ..services.maintenance import list_backups, registry_backup_folder
    from ..services.registry_files import age_text
    registry = _open(args)
    found = list_backups(registry)
    print(f"Backups in {registry_backup_folder(registry)}:" if found else "No backups yet.")
    now = datetime.now()
    for item in found:
        print(f"  {item.made_at:%Y-%m-%d %H:%M:%S}  ({age_text(item.made_at, now)}, {item.reason},"
              f" {item.size / 1024:,.0f} KiB)  {item.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ..services.maintenance import restore_file
    from ..services.registry_files import registry_file
    target = registry_file(db_of(args))
    if target is None:
        print("Error: restore works for registry files; restore a server database with the"
              " server's own tools (pg_restore).", file=sys.stderr)
        return EXIT_NOT_RESTORED
    _warn_network_share(target)
    from ..services.registry import checked_user
    result = restore_file(target, args.file, checked_user(args.user))
    registry = open_from_args(args)
    from ..services.restore_audit import record_restore
    record_restore(registry, result.restored_from, result.audit_archive, result.archived_rows)
    registry.close()
    kept = f" The replaced registry was saved as {result.safety_backup}." if result.safety_backup else ""
    if result.audit_archive:
        kept += f" Its {result.archived_rows} audit rows are kept in {result.audit_archive}."
    print(f"Restored {result.cases} cases from {result.restored_from}.{kept}")
    return 0


def run_settings_history(args: argparse.Namespace) -> int:
    from ..services.audit_service import settings_history
    changes = settings_history(_open(args))
    if not changes:
        print("No settings were changed yet.")
    for change in changes:
        print(f"{change.at:%Y-%m-%d %H:%M:%S}  {change.user}  {change.label}:"
              f" {_shown(change.old_value)} -> {_shown(change.new_value)}")
    return 0


def _shown(value: str | None) -> str:
    return repr(value) if value else "(empty)"
