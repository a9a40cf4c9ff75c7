"""Subcommands for the monthly audit: `report` (Excel and/or PDF) and `signoff`."""
from __future__ import annotations

import argparse

from .main import open_from_args

def month_argument(text: str) -> str:
    """argparse type: a month YYYY-MM, with a plain message otherwise."""
    from ..domain.errors import ValueProblem
    from ..services.signoff import parse_month
    try:
        return parse_month(text)
    except ValueProblem:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month; write it as YYYY-MM,"
                                         " e.g. 2025-03.") from None


def _as_of_date(text: str):
    from .commands_stats import iso_date
    return iso_date(text)


def register(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="write a month's audit report as Excel and/or PDF"
                         " (cerebral cases, plus a section per other territory with cases)")
    rep.add_argument("--month", required=True, type=month_argument,
                     help="the month to report, YYYY-MM")
    rep.add_argument("--xlsx", metavar="OUT.xlsx", help="write the workbook to this file")
    rep.add_argument("--pdf", metavar="OUT.pdf", help="write the PDF report to this file")
    rep.add_argument("--benchmark", nargs="+", action="extend", default=[], metavar="ID",
                     help="compare with these benchmarks (default: the registry's default"
                          " benchmark); see `registry-app benchmarks`")
    rep.add_argument("--as-of", dest="as_of", type=_as_of_date, metavar="YYYY-MM-DD",
                     help="the date the report is stated for (default today): follow-up outcomes"
                          " count only for cohorts mature on this date")
    rep.add_argument("--centre", metavar="NAME",
                     help="the centre's name, stored once in the registry settings (audited) and"
                          " used by every later report")
    rep.add_argument("--logo", metavar="IMAGE",
                     help="the centre's logo (PNG or JPEG), stored once like --centre")
    rep.add_argument("--identified", action="store_true",
                     help="include name, MRN and date of birth in the workbook's Cases sheet"
                          " (de-identified by default; the PDF is always de-identified)")
    rep.add_argument("--operator-names", dest="operator_names", action="store_true",
                     help="show operators by name in the funnel plots, review list and case"
                          " sheets (by default they are letters A, B, C...)")
    rep.set_defaults(func=run_report, parser=rep)

    ver = sub.add_parser("verify", help="recompute a report's fingerprint from the registry and"
                         " say whether the report still matches (exit 0) or not (exit 8)")
    ver.add_argument("pdf", metavar="REPORT.pdf", help="a PDF report written by registry-app")
    ver.set_defaults(func=run_verify, parser=ver)

    sign = sub.add_parser("signoff", help="sign off a month whose report was presented")
    sign.add_argument("--month", type=month_argument, help="the month to sign off, YYYY-MM")
    sign.add_argument("--note", default=None, help="a note stored with the sign-off")
    sign.add_argument("--list", action="store_true", help="list the signed-off months")
    sign.set_defaults(func=run_signoff, parser=sign)


def run_report(args: argparse.Namespace) -> int:
    from ..services.reports import check_target, generate_report, remember_centre
    if not args.xlsx and not args.pdf:
        args.parser.error("name at least one output: --xlsx OUT.xlsx and/or --pdf OUT.pdf.")
    month = args.month
    xlsx = check_target(args.xlsx, ".xlsx") if args.xlsx else None
    pdf = check_target(args.pdf, ".pdf") if args.pdf else None
    registry = open_from_args(args)
    if args.as_of is not None:
        registry.today = lambda: args.as_of
    remember_centre(registry, args.centre, args.logo)
    result = generate_report(registry, month, xlsx=xlsx, pdf=pdf, benchmark_ids=args.benchmark,
                             identified=args.identified, operator_names=args.operator_names)
    _print_result(result)
    return 0


EXIT_CHANGED = 8
"""verify: the report no longer matches the registry."""


def run_verify(args: argparse.Namespace) -> int:
    from ..services.report_fingerprint import verify_report
    result = verify_report(open_from_args(args), args.pdf)
    for line in result.lines():
        print(line)
    return 0 if result.matches else EXIT_CHANGED


def _print_result(result) -> None:
    files = ", ".join(str(p) for p in (result.xlsx, result.pdf) if p is not None)
    n = result.cases
    print(f"Report for {result.month}: {n:,} case{'s' if n != 1 else ''}; report fingerprint"
          f" {result.fingerprint} (check later with `registry-app verify`).")
    print(f"Written: {files}")
    if result.identified and result.xlsx is not None:
        print("The workbook contains patient identifiers (name, MRN, date of birth); every sheet"
              " says so. The PDF is de-identified.")
    for warning in result.warnings:
        print(f"Note: {warning}")


def run_signoff(args: argparse.Namespace) -> int:
    from ..services.signoff import list_signoffs, sign_off_month
    if args.list:
        for s in list_signoffs(open_from_args(args)):
            note = f" — {s.note}" if s.note else ""
            print(f"{s.month}  signed off {s.signed_at:%Y-%m-%d %H:%M} by {s.signed_by}"
                  f"  fingerprint {s.fingerprint}{note}")
        return 0
    if not args.month:
        args.parser.error("name the month to sign off: --month YYYY-MM (or --list).")
    signed = sign_off_month(open_from_args(args), args.month, args.note)
    print(f"Signed off {signed.month} at {signed.signed_at:%Y-%m-%d %H:%M} by {signed.signed_by};"
          f" data fingerprint {signed.fingerprint}.")
    print("Its cases are now locked: a later change needs a reason and is listed in the next"
          " report.")
    return 0
