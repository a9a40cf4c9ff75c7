"""Sections of the statistics: arms, comparisons, procedure, times, passes, follow-up, trend."""
from __future__ import annotations

from collections import Counter
from datetime import date

from ...domain.derived import INTERVALS
from ...domain.settings import RegistrySettings
from ...stats import compare_arms, distribution, median_iqr, period_key, periods_between, rate
from ...stats.benchmark_test import format_p, pct
from ...stats.trend import PERIODS, Period
from ..cases.queries import CaseFilter
from .measures import BY_KEY
from .metrics import (ARM_LABELS, ARM_NAMES, FOLLOWUP_COMPLETE, OUTCOME_METRICS,
                      TREND_METRICS, CaseFacts, members, rate_dict)

METRIC_LABELS = {key: BY_KEY[key].label for key in OUTCOME_METRICS}
"""Labels of the outcomes shown per arm, from the measure table."""
DEFINITION_NAMES = {
    "mt_failure": "MT failure", "arms": "Arms", "recanalization": "Recanalization",
    "good_outcome_90d": "Good outcome", "sich": "sICH", "mortality_90d": "Mortality",
    "first_pass_effect": "First-pass effect", "mature_cohort": "Mature cohort",
    "followup_window": "Follow-up window", "followup_complete": "Follow-up complete",
    "rates": "Rates", "ci95": "95% CI", "small_numbers": "Small numbers",
    "comparison": "Arm comparison", "benchmark_test": "Benchmark test", "cusum": "CUSUM",
}
"""The name of each entry of the definitions section, as the dashboard and the report show it."""
TEST_NAMES = {"fisher_exact": "Fisher's exact test", "chi_square": "Pearson chi-square test"}
NOT_RANDOMISED = ("The arms were not randomised: the stent decision was the operator's, so a"
                  " difference may reflect case selection rather than the stent.")


def arms_section(facts: list[CaseFacts]) -> dict:
    """Per arm: number of cases and the outcome rates with CIs and missing-outcome bounds."""
    result = {}
    for arm in ARM_NAMES:
        group = members(facts, arm)
        entry: dict = {"n": len(group), "label": ARM_LABELS[arm]}
        entry.update({m: rate_dict(group, m, with_bounds=True) for m in OUTCOME_METRICS})
        result[arm] = entry
    return result


def _arm_text(label: str, counts: dict) -> str:
    if not counts["known"] and counts.get("not_yet_due") and not counts["unknown"]:
        return f"{label} not yet due ({counts['not_yet_due']})"
    if not counts["known"]:
        return f"{label} no known outcome"
    return f"{label} {counts['events']}/{counts['known']} ({pct(counts['rate'])})"


def comparison_text(metric: str, stent: dict, no_stent: dict, result: dict) -> str:
    """One plain sentence: both arms with denominators, the test used and what p means."""
    arms = f"{_arm_text('rescue stent', stent)} vs {_arm_text('no stent', no_stent)}"
    label = METRIC_LABELS[metric][0].upper() + METRIC_LABELS[metric][1:]
    if result["test"] == "none":
        return f"{label}: {arms}. {result['reason']}"
    p = result["p_value"]
    verdict = ("statistically significant" if p < 0.05 else "not statistically significant")
    return (f"{label}: {arms}; {TEST_NAMES[result['test']]},"
            f" {format_p(p)} — {verdict} at the 5% level.")


def named_arms(text: str) -> str:
    """The statistics library's 'arm A' / 'arm B' as the arms' names."""
    return (text.replace("Arm A", "The rescue-stent arm").replace("Arm B", "The no-stent arm")
            .replace("arm A", "the rescue-stent arm").replace("arm B", "the no-stent arm"))


def comparisons_section(arms: dict) -> dict:
    """Rescue stent vs no stent for each outcome, with the test chosen automatically."""
    out = {}
    for metric in OUTCOME_METRICS:
        stent, no_stent = arms["rescue_stent"][metric], arms["no_stent"][metric]
        result = compare_arms(stent["events"], stent["known"], no_stent["events"],
                              no_stent["known"]).to_dict()
        result["reason"] = named_arms(result["reason"])
        p = result["p_value"]
        result.update(arms=["rescue_stent", "no_stent"],
                      significant=None if p is None else p < 0.05,
                      text=comparison_text(metric, stent, no_stent, result))
        out[metric] = result
    return out


def procedure_section(facts: list[CaseFacts]) -> dict:
    """MT failure, first-pass effect (strict and modified) and the rescue-stent share."""
    codes = ("mt_failure", "first_pass_effect", "modified_first_pass_effect", "rescue_stent_share")
    return {code: rate_dict(facts, code) for code in codes}


def times_section(facts: list[CaseFacts]) -> dict:
    """Median and IQR of every derived interval, in minutes, with the number missing."""
    out = {}
    for code, label, _, _ in INTERVALS:
        spread = median_iqr(f.times[code] for f in facts).to_dict()
        out[code] = {"label": label, "unit": "minutes", **spread, "missing": len(facts) - spread["n"]}
    return out


def passes_section(facts: list[CaseFacts]) -> dict:
    """Number of thrombectomy passes: median, IQR and how many cases had each count."""
    counts = [f.passes for f in facts]
    spread = median_iqr(counts).to_dict()
    shares = {str(k): v for k, v in distribution(counts).items()}
    return {**spread, "unknown": len(facts) - spread["n"], "distribution": shares}


def _followup_group(group: list[CaseFacts]) -> dict:
    due = [f for f in group if f.followup_due]
    complete = sum(f.values[FOLLOWUP_COMPLETE] is True for f in due)
    missing = Counter(f.followup for f in due if f.values[FOLLOWUP_COMPLETE] is not True)
    return {"cases": len(group), "due": len(due), "complete": complete,
            "missing": len(due) - complete, "not_yet_due": len(group) - len(due),
            "completeness": rate(complete, len(due)).to_dict(),
            "missing_by_status": dict(sorted(missing.items()))}


def followup_section(facts: list[CaseFacts], settings: RegistrySettings) -> dict:
    """Follow-up completeness overall, per arm and by recanalization (loss is not random)."""
    by_recan = {name: [f for f in facts if f.values["recanalization"] is value]
                for name, value in (("recanalized", True), ("not_recanalized", False),
                                    ("unknown", None))}
    return {
        "window": {"days": settings.followup_days, "plus_minus": settings.followup_window_days},
        "overall": _followup_group(facts),
        "arms": {arm: _followup_group(members(facts, arm)) for arm in ARM_NAMES},
        "by_recanalization": {k: _followup_group(v) for k, v in by_recan.items()},
        "note": ("Loss to follow-up is usually higher after failed recanalization, which biases"
                 " outcome rates; see the best/worst-case bounds beside each outcome rate."),
    }


def _trend_rows(dated: list[CaseFacts], start: date, end: date, by: Period) -> list[dict]:
    groups: dict[str, list[CaseFacts]] = {}
    for fact in dated:
        if fact.date is not None:
            groups.setdefault(period_key(fact.date, by), []).append(fact)
    rows = []
    for key in periods_between(start, end, by):
        group = groups.get(key, [])
        rows.append({"period": key, "cases": len(group),
                     **{m: rate_dict(group, m) for m in TREND_METRICS}})
    return rows


def trend_section(facts: list[CaseFacts], flt: CaseFilter, by: str) -> dict:
    """Cases and rates per month and per quarter; empty periods are listed too."""
    dated = [f for f in facts if f.date is not None]
    start = flt.date_from or (dated[0].date if dated else None)
    end = flt.date_to or (dated[-1].date if dated else None)
    result = {"by": by, "undated_cases": len(facts) - len(dated), "month": [], "quarter": []}
    if start is None or end is None or start > end:
        return result
    inside = [f for f in dated if f.date is not None and start <= f.date <= end]
    for granularity in PERIODS:
        result[granularity] = _trend_rows(inside, start, end, granularity)
    return result


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def period_section(facts: list[CaseFacts], flt: CaseFilter) -> dict:
    """The period and filter the numbers cover, and the dates of the first and last case."""
    return period_of_days([f.date for f in facts], flt)


def period_of_days(days, flt: CaseFilter) -> dict:
    """period_section from the procedure dates of the selection (None = undated)."""
    dated = [day for day in days if day is not None]
    return {
        "from": _iso(flt.date_from), "to": _iso(flt.date_to),
        "first_case": _iso(min(dated)) if dated else None,
        "last_case": _iso(max(dated)) if dated else None,
        "filter": {"occlusion_sites": list(flt.occlusion_sites), "circulation": flt.circulation,
                   "operator": flt.operator, "territory": flt.territory or "cerebral"},
    }
