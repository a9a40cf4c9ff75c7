"""`registry-app backups`: list the registry's backups, newest first."""
from __future__ import annotations

import argparse
from datetime import datetime

from ..common import open_warning_if_shared


def register(sub: argparse._SubParsersAction) -> None:
    backups = sub.add_parser("backups", help="list the registry's backups, newest first")
    backups.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.maintenance.backups import list_backups, registry_backup_folder
    from ...services.registry_files import age_text
    registry = open_warning_if_shared(args)
    found = list_backups(registry)
    print(f"Backups in {registry_backup_folder(registry)}:" if found else "No backups yet.")
    now = datetime.now()
    for item in found:
        print(f"  {item.made_at:%Y-%m-%d %H:%M:%S}  ({age_text(item.made_at, now)}, {item.reason},"
              f" {item.size / 1024:,.0f} KiB)  {item.path}")
    return 0
