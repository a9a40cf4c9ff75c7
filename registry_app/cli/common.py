"""Helpers every command shares: opening the registry from the options and argument types."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..paths import default_db


def db_of(args: argparse.Namespace) -> str:
    """The registry named by --db, else REGISTRY_DB or the user's default registry."""
    return args.db or default_db()


def open_from_args(args: argparse.Namespace, **kwargs):
    """Open the registry named by --db / REGISTRY_DB, backing it up before any migration."""
    from ..services.maintenance.backups import open_with_backup
    return open_with_backup(db_of(args), user=args.user, **kwargs)


def warn_network_share(registry_file: Path | None) -> None:
    """Print on stderr why a registry file on a network share is at risk, if it is on one."""
    from ..services.registry_files import share_warning
    warning = share_warning(registry_file)
    if warning:
        print(f"Warning: {warning}", file=sys.stderr)


def open_warning_if_shared(args: argparse.Namespace):
    """Open the registry like open_from_args, first warning when its file is on a share."""
    registry = open_from_args(args)
    warn_network_share(registry.path)
    return registry


def iso_date(text: str) -> date:
    """argparse type: a YYYY-MM-DD date, with a plain message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD.") from None


def iso_month(text: str) -> str:
    """argparse type: a YYYY-MM month."""
    try:
        date.fromisoformat(text + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month; use YYYY-MM.") from None
    return text


def month_argument(text: str) -> str:
    """argparse type: a month YYYY-MM, with a plain message otherwise."""
    from ..domain.errors import ValueProblem
    from ..services.reports.signoff import parse_month
    try:
        return parse_month(text)
    except ValueProblem:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month; write it as YYYY-MM,"
                                         " e.g. 2025-03.") from None
