"""`registry-app signoff`: sign off a month whose report was presented, or list them."""
from __future__ import annotations

import argparse

from ..common import month_argument, open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    sign = sub.add_parser("signoff", help="sign off a month whose report was presented")
    sign.add_argument("--month", type=month_argument, help="the month to sign off, YYYY-MM")
    sign.add_argument("--note", default=None, help="a note stored with the sign-off")
    sign.add_argument("--list", action="store_true", help="list the signed-off months")
    sign.set_defaults(func=run, parser=sign)


def run(args: argparse.Namespace) -> int:
    from ...services.reports.signoff import sign_off_month
    if args.list:
        return _list(args)
    if not args.month:
        args.parser.error("name the month to sign off: --month YYYY-MM (or --list).")
    signed = sign_off_month(open_from_args(args), args.month, args.note)
    print(f"Signed off {signed.month} at {signed.signed_at:%Y-%m-%d %H:%M} by {signed.signed_by};"
          f" data fingerprint {signed.fingerprint}.")
    print("Its cases are now locked: a later change needs a reason and is listed in the next"
          " report.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from ...services.reports.signoff import list_signoffs
    for s in list_signoffs(open_from_args(args)):
        note = f" — {s.note}" if s.note else ""
        print(f"{s.month}  signed off {s.signed_at:%Y-%m-%d %H:%M} by {s.signed_by}"
              f"  fingerprint {s.fingerprint}{note}")
    return 0
