"""Page 1 of the report: each measure this month, over 12 months and against its benchmark."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ...stats import SMALL_N
from ...stats.benchmark_test import compare_with_benchmark
from .wording import pct_text

PROCEDURE_ROWS = (("recanalization", "Final recanalization (eTICI/mTICI ≥ 2b)"),
                  ("first_pass_effect", "First-pass effect (2c-3 after one pass)"),
                  ("modified_first_pass_effect", "Modified first-pass effect (2b-3 after one pass)"),
                  ("mt_failure", "MT failure"), ("sich", "Symptomatic ICH"))
TIME_ROWS = (("door_to_puncture", "Door-to-puncture"),
             ("puncture_to_reperfusion", "Puncture-to-reperfusion"),
             ("onset_to_reperfusion", "Onset-to-reperfusion"))
OUTCOME_ROWS = (("good_outcome_90d", "Good outcome at 90 days"),
                ("mortality_90d", "Mortality at 90 days"))
ADVERSE = frozenset({"mt_failure", "sich", "mortality_90d"})
VERDICT_WORDS = {"better": "better", "worse": "worse", "consistent": "consistent",
                 "not_assessable": "not assessable", "too_few": "too few to judge",
                 "none": "no benchmark"}
"""The word printed beside each colour (a colour alone never carries the meaning)."""


@dataclass(frozen=True)
class Cell:
    """One figure of the scorecard with the verdict it earns against the benchmark."""

    text: str
    verdict: str = "none"
    """better / worse / consistent / not_assessable / too_few / none (no comparison)."""

    @property
    def word(self) -> str:
        return VERDICT_WORDS[self.verdict]


@dataclass(frozen=True)
class Row:
    """A measure: label, this month (or the mature cohort), 12 months, benchmark text."""

    group: str
    label: str
    month: Cell
    rolling: Cell
    benchmark: str


def latest_mature_month(mature_until: date, report_first: date) -> date:
    """The first day of the latest calendar month whose cases are all mature on the as-of date
    (their last day on or before `mature_until`), never later than the report month."""
    if (mature_until + timedelta(days=1)).day == 1:  # mature_until is a month's last day
        candidate = mature_until.replace(day=1)
    else:
        candidate = (mature_until.replace(day=1) - timedelta(days=1)).replace(day=1)
    return min(candidate, report_first)


def rate_cell_text(entry: dict) -> str:
    """'66.7% (6/9; 95% CI 29.9–92.5)' or 'no known outcome (0 of n)'."""
    if entry.get("rate") is None:
        return "no known outcome"
    low, high = entry["ci95"]
    return (f"{pct_text(entry['rate'])} ({entry['events']}/{entry['known']};"
            f" 95% CI {100 * low:.1f}–{100 * high:.1f})")


def judged(entry: dict, bench: dict | None, adverse: bool) -> str:
    """The verdict of a rate against a benchmark entry (the same test as the benchmark
    section); 'too_few' below SMALL_N known outcomes; 'none' without a benchmark."""
    if not entry.get("known"):
        return "none"  # nothing known: the cell says so, no verdict
    if entry["known"] < SMALL_N:
        return "too_few"
    if bench is None:
        return "none"
    counted = bench.get("benchmark_events") is not None and not bench.get("benchmark_threshold")
    verdict = compare_with_benchmark(
        entry["events"], entry["known"], bench["benchmark_rate"], unknown=entry["unknown"],
        benchmark_events=bench["benchmark_events"] if counted else None,
        benchmark_total=bench["benchmark_total"] if counted else None, adverse=adverse,
        threshold=bool(bench.get("benchmark_threshold")))
    return verdict.verdict


def find_benchmark(sections: list[dict], metric: str) -> tuple[dict | None, str]:
    """The first selected benchmark with an all-MT figure for the metric, and its text."""
    for section in sections:
        entry = (section.get("by_arm") or {}).get("all_mt", {}).get(metric)
        if entry is not None:
            return entry, f"{section['label']}: {pct_text(entry['benchmark_rate'])}"
    return None, "none selected" if not sections else "no all-MT figure selected"


def rate_row(group: str, label: str, metric: str, month: dict, rolling: dict,
             sections: list[dict]) -> Row:
    bench, text = find_benchmark(sections, metric)
    adverse = metric in ADVERSE
    return Row(group, label, Cell(rate_cell_text(month), judged(month, bench, adverse)),
               Cell(rate_cell_text(rolling), judged(rolling, bench, adverse)), text)


def time_text(entry: dict | None) -> str:
    """'84 min (IQR 67–105; n = 53)' or 'no times recorded'."""
    if not entry or not entry.get("n") or entry.get("median") is None:
        return "no times recorded"
    return (f"{entry['median']:.0f} min (IQR {entry['q1']:.0f}–{entry['q3']:.0f};"
            f" n = {entry['n']})")


def process_row(entry_month: dict, entry_rolling: dict) -> Row:
    """A share of cases meeting a time target, judged against its threshold when it has one."""
    threshold = entry_month["threshold"]
    bench = (None if threshold is None else
             {"benchmark_rate": threshold, "benchmark_events": None, "benchmark_total": None,
              "benchmark_threshold": True})
    text = (f"≥ {pct_text(threshold)} ({entry_month['source']})" if threshold is not None
            else f"no threshold ({entry_month['source']})")
    label = entry_month["label"]
    return Row("Process", label[:1].upper() + label[1:],
               Cell(rate_cell_text(entry_month["rate"]),
                    judged(entry_month["rate"], bench, False)),
               Cell(rate_cell_text(entry_rolling["rate"]),
                    judged(entry_rolling["rate"], bench, False)), text)


def scorecard_rows(data) -> list[Row]:
    """The scorecard of a report (ReportData): procedure, process and 90-day outcome rows."""
    month, rolling = data.stats, data.rolling
    rows = [rate_row("Procedure", label, metric, _procedural(month, metric),
                     _procedural(rolling, metric), data.rolling_benchmarks)
            for metric, label in PROCEDURE_ROWS]
    rows += [Row("Process", f"{label}, median", Cell(time_text(month["times"].get(key))),
                 Cell(time_text(rolling["times"].get(key))), "no published threshold")
             for key, label in TIME_ROWS]
    rows += [process_row(data.process["month"][k], data.process["rolling"][k])
             for k in data.process["month"]]
    cohort = data.cohort
    rows += [rate_row("90-day outcome", label, metric, cohort["arms"]["all_mt"][metric],
                      rolling["arms"]["all_mt"][metric], data.rolling_benchmarks)
             for metric, label in OUTCOME_ROWS]
    return rows


def _procedural(stats: dict, metric: str) -> dict:
    if metric in stats["procedure"]:
        return stats["procedure"][metric]
    return stats["arms"]["all_mt"][metric]
