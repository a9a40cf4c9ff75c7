"""`registry-app settings-history`: every change of the settings and definitions, audited."""
from __future__ import annotations

import argparse

from ..common import open_warning_if_shared


def register(sub: argparse._SubParsersAction) -> None:
    history = sub.add_parser("settings-history",
                             help="list every change of the registry's settings and definitions:"
                                  " when, who, old and new value")
    history.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...services.cases.history import settings_history
    changes = settings_history(open_warning_if_shared(args))
    if not changes:
        print("No settings were changed yet.")
    for change in changes:
        print(f"{change.at:%Y-%m-%d %H:%M:%S}  {change.user}  {change.label}:"
              f" {_shown(change.old_value)} -> {_shown(change.new_value)}")
    return 0


def _shown(value: str | None) -> str:
    return repr(value) if value else "(empty)"
