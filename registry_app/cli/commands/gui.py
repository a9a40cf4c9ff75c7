"""`registry-app gui`: start the desktop application (also the default without a command)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    gui = sub.add_parser("gui", help="start the desktop application (the default)")
    gui.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...gui.app import main as gui_main
    return gui_main(db=args.db, user=args.user)
