"""`registry-app stats`: rates with 95% CIs, stent vs no stent and benchmark comparisons."""
from __future__ import annotations

import argparse
import json

from ...domain.vocab import OCCLUSION_SITE, TERRITORY, codes
from ..common import iso_date, iso_month, open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser("stats", help="rates with 95%% CIs, stent vs no stent, benchmarks")
    stats.add_argument("--json", action="store_true", help="print JSON (rates as fractions 0-1)")
    stats.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD")
    stats.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD")
    stats.add_argument("--month", type=iso_month, metavar="YYYY-MM",
                       help="one month (instead of --from/--to)")
    stats.add_argument("--site", nargs="+", action="extend", default=[], metavar="SITE",
                       choices=codes(OCCLUSION_SITE), help="occlusion site(s), e.g. M1 ICA-T")
    stats.add_argument("--circulation", choices=("anterior", "posterior"))
    stats.add_argument("--operator", help="operator code")
    stats.add_argument("--territory", choices=codes(TERRITORY), default="cerebral",
                       help="cerebral (default), limb (acute limb ischaemia) or coronary;"
                            " each has its own measures and benchmarks")
    stats.add_argument("--benchmark", nargs="+", action="extend", default=[], metavar="ID",
                       help="benchmark id(s) to compare with (see `registry-app benchmarks`);"
                            " limb and coronary default to every benchmark of the territory")
    stats.add_argument("--as-of", dest="as_of", type=iso_date, metavar="YYYY-MM-DD",
                       help="the date the figures are stated for (default today): a follow-up"
                            " outcome counts only once its cohort is mature on this date")
    stats.add_argument("--by", choices=("month", "quarter"), default="month",
                       help="period shown first in the trend (both are computed)")
    stats.set_defaults(func=run, parser=stats)


def stats_filter(args: argparse.Namespace):
    """The CaseFilter the options describe; exits with a plain message when they conflict."""
    from ...services.cases.queries import CaseFilter
    if args.month and (args.date_from or args.date_to):
        args.parser.error("use either --month or --from/--to, not both.")
    territory = getattr(args, "territory", "cerebral")
    if territory != "cerebral" and (args.site or args.circulation):
        args.parser.error(f"--site and --circulation describe cerebral cases; they cannot be"
                          f" used with --territory {territory}.")
    flt = CaseFilter(date_from=args.date_from, date_to=args.date_to,
                     occlusion_sites=tuple(args.site), circulation=args.circulation,
                     operator=args.operator,
                     territory=None if territory == "cerebral" else territory)
    if args.month:
        flt = flt.with_month(args.month)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        args.parser.error(f"--from ({flt.date_from}) is after --to ({flt.date_to}).")
    return flt


def run(args: argparse.Namespace) -> int:
    from ...services.statistics import compute_stats
    from ...services.statistics.territory.text import territory_text
    from ...services.statistics.text import stats_text
    flt = stats_filter(args)
    registry = open_from_args(args)
    try:
        stats = compute_stats(registry, flt, args.benchmark, by=args.by, as_of=args.as_of)
    finally:
        registry.close()
    text = territory_text(stats) if stats.get("territory") else stats_text(stats)
    print(json.dumps(stats, indent=2, ensure_ascii=False) if args.json else text)
    return 0
