"""`registry-app restore`: replace the registry file by a checked backup, keeping the old one."""
from __future__ import annotations

import argparse
import sys

from ..common import db_of, open_from_args, warn_network_share

EXIT_NOT_RESTORED = 1


def register(sub: argparse._SubParsersAction) -> None:
    restore = sub.add_parser("restore", help="replace the registry by a backup, after checking"
                                             " the backup and backing up the current registry")
    restore.add_argument("file", help="the backup file to restore")
    restore.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.maintenance.backups import restore_file
    from ...services.registry import checked_user
    from ...services.registry_files import registry_file
    from ...services.maintenance.restore_audit import record_restore
    target = registry_file(db_of(args))
    if target is None:
        print("Error: restore works for registry files; restore a server database with the"
              " server's own tools (pg_restore).", file=sys.stderr)
        return EXIT_NOT_RESTORED
    warn_network_share(target)
    result = restore_file(target, args.file, checked_user(args.user))
    registry = open_from_args(args)
    record_restore(registry, result.restored_from, result.audit_archive, result.archived_rows)
    registry.close()
    kept = f" The replaced registry was saved as {result.safety_backup}." if result.safety_backup else ""
    if result.audit_archive:
        kept += f" Its {result.archived_rows} audit rows are kept in {result.audit_archive}."
    print(f"Restored {result.cases} cases from {result.restored_from}.{kept}")
    return 0
