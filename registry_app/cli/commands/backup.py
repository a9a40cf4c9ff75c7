"""`registry-app backup`: back up the registry now (rotated, or into a named folder)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common import open_warning_if_shared


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="back up the registry now")
    backup.add_argument("--to", metavar="DIR", help="folder for the copy (default: the"
                                                   " registry's backup folder, rotated)")
    backup.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.maintenance.backups import backup_before, backup_to
    registry = open_warning_if_shared(args)
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
