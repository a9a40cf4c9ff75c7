"""`registry-app report`: write a month's audit report as Excel and/or PDF."""
from __future__ import annotations

import argparse

from ..common import iso_date, month_argument, open_from_args


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
    rep.add_argument("--as-of", dest="as_of", type=iso_date, metavar="YYYY-MM-DD",
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
    rep.set_defaults(func=run, parser=rep)


def run(args: argparse.Namespace) -> int:
    from ...services.reports.monthly import check_target, generate_report, remember_centre
    if not args.xlsx and not args.pdf:
        args.parser.error("name at least one output: --xlsx OUT.xlsx and/or --pdf OUT.pdf.")
    xlsx = check_target(args.xlsx, ".xlsx") if args.xlsx else None
    pdf = check_target(args.pdf, ".pdf") if args.pdf else None
    registry = open_from_args(args)
    if args.as_of is not None:
        registry.today = lambda: args.as_of
    remember_centre(registry, args.centre, args.logo)
    result = generate_report(registry, args.month, xlsx=xlsx, pdf=pdf,
                             benchmark_ids=args.benchmark, identified=args.identified,
                             operator_names=args.operator_names)
    _print_result(result)
    return 0


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
