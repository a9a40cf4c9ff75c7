"""`registry-app merge`: merge case OTHER into case KEEP (the same patient entered twice)."""
from __future__ import annotations

import argparse
import sys

from ..common import open_from_args


def register(sub: argparse._SubParsersAction) -> None:
    merge = sub.add_parser("merge", help="merge case OTHER into case KEEP (the same patient"
                                         " entered twice); undo it with `unmerge`")
    merge.add_argument("keep", metavar="KEEP", help="case number (or id) of the case to keep")
    merge.add_argument("other", metavar="OTHER", help="case number (or id) of the case merged"
                                                      " into it (hidden, never removed)")
    merge.add_argument("--take-other", nargs="+", default=[], metavar="FIELD",
                       help="field codes whose value comes from OTHER (by default KEEP's"
                            " values, filled from OTHER where blank)")
    merge.add_argument("--passes", choices=("kept", "other"), default=None,
                       help="whose passes table the kept case ends with (default: KEEP's,"
                            " or OTHER's when KEEP has none)")
    merge.add_argument("--leave-contacts", action="store_true",
                       help="leave OTHER's follow-up contacts with it (default: moved)")
    merge.add_argument("--reason", default=None, help="why (needed for a signed-off month)")
    merge.set_defaults(func=run)


def _case_id(registry, text: str) -> int:
    from ...domain.errors import NotFound
    from ...services.cases.editing import find_case_id
    found = find_case_id(registry, text)
    if found is None and text.isdigit():
        found = int(text)
    if found is None:
        raise NotFound(f"Case: no case has the number '{text}'.")
    return found


def run(args: argparse.Namespace) -> int:
    from ...domain.case_merge import LEAVE, OTHER
    from ...services.cases.merging import merge_cases, plan_merge
    registry = open_from_args(args)
    keep, other = _case_id(registry, args.keep), _case_id(registry, args.other)
    plan = plan_merge(registry, keep, other)
    choices = plan.defaults
    unknown = [code for code in args.take_other if code not in choices.fields]
    if unknown:
        print(f"Error: --take-other: {', '.join(unknown)} is not a field that can be chosen"
              " (see `registry-app dictionary`; the case number stays the kept case's).",
              file=sys.stderr)
        return 2
    choices.fields.update({code: OTHER for code in args.take_other})
    choices.passes = args.passes or choices.passes
    choices.contacts = LEAVE if args.leave_contacts else choices.contacts
    done = merge_cases(registry, keep, other, choices, args.reason,
                       (plan.kept.version, plan.other.version))
    taken = [c.fd.code for c in plan.differing if choices.fields[c.fd.code] == OTHER]
    print(done.text())
    print(f"Taken from the other case: {', '.join(taken) or 'nothing'}; passes from the"
          f" {choices.passes} case; contacts {'left' if args.leave_contacts else 'moved'}.")
    print(f"Undo with: registry-app unmerge {done.merge_id}")
    return 0
