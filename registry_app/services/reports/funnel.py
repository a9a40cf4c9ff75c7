"""Funnel plots of the report: the centre and each operator against a target with binomial limits."""
from __future__ import annotations

import numpy as np
from scipy.stats import binom

from ..cases.queries import CaseFilter
from ..registry import Registry
from ..statistics.operators import arms_by_operator

FUNNEL_ARMS = ("all_mt", "rescue_stent")
FUNNEL_METRICS = ("recanalization", "sich", "mortality_90d")
LIMITS = ((0.95, "95%"), (0.998, "99.8%"))
"""Two-sided coverage of the control limits: warning (95%) and alarm (99.8%)."""


def control_limits(n: int, p0: float, coverage: float) -> tuple[float, float]:
    """Exact binomial limits of a rate over n cases: the (1 ± coverage)/2 quantiles of
    Binomial(n, p0), divided by n (scipy.stats.binom.ppf)."""
    tail = (1 - coverage) / 2
    return float(binom.ppf(tail, n, p0)) / n, float(binom.ppf(1 - tail, n, p0)) / n


DENSE_UP_TO = 50
"""Every n up to this is drawn: the limits' steps are widest at small n."""
LOG_STEPS = 150
"""Log-spaced n from DENSE_UP_TO to the largest n: enough for a smooth curve at chart size."""


def curve_ns(n_max: int, plotted: tuple[int, ...] = ()) -> np.ndarray:
    """The n at which the limit curves are drawn: every n up to DENSE_UP_TO, LOG_STEPS
    log-spaced n beyond it up to n_max, and the n of every plotted point, sorted, unique."""
    n_max = max(n_max, 1)
    ns = [np.arange(1, min(n_max, DENSE_UP_TO) + 1), np.asarray(plotted, dtype=np.int64)]
    if n_max > DENSE_UP_TO:
        ns.append(np.rint(np.geomspace(DENSE_UP_TO, n_max, LOG_STEPS)).astype(np.int64))
    return np.unique(np.concatenate(ns).astype(np.int64))


def limit_curves(n_max: int, p0: float,
                 plotted: tuple[int, ...] = ()) -> dict[str, list[tuple[int, float, float]]]:
    """(n, low, high) of each coverage at the n of curve_ns, as drawn: SciPy's exact
    binomial quantiles, one vectorised call per limit."""
    ns = curve_ns(n_max, plotted)
    curves = {}
    for coverage, name in LIMITS:
        tail = (1 - coverage) / 2
        low, high = binom.ppf(tail, ns, p0) / ns, binom.ppf(1 - tail, ns, p0) / ns
        curves[name] = [(int(n), float(lo), float(hi)) for n, lo, hi in zip(ns, low, high)]
    return curves


def _position(rate: float, limits: dict[str, tuple[float, float]]) -> str:
    """'inside', 'above 95%', 'below 99.8%', ... (the outermost limit crossed)."""
    for name in ("99.8%", "95%"):
        low, high = limits[name]
        if rate > high:
            return f"above {name}"
        if rate < low:
            return f"below {name}"
    return "inside"


def funnel_point(label: str, entry: dict, p0: float) -> dict:
    """One plotted point: events/known, rate, both pairs of limits at its n and its position."""
    n = entry["known"]
    limits = {name: control_limits(n, p0, coverage) for coverage, name in LIMITS}
    return {"label": label, "events": entry["events"], "known": n, "rate": entry["rate"],
            "not_yet_due": entry.get("not_yet_due", 0), "limits": limits,
            "position": _position(entry["rate"], limits)}


def _target(benchmarks: list[dict], arm: str, metric: str, centre: dict) -> tuple[float, str, bool]:
    """(rate, its name, external): the first benchmark figure or threshold of this arm and
    measure, else the centre's own 12-month rate (the funnel's usual centre line)."""
    for section in benchmarks:
        entry = section["by_arm"].get(arm, {}).get(metric)
        if entry is not None and 0 < entry["benchmark_rate"] < 1:
            kind = "threshold" if entry.get("benchmark_threshold") else "benchmark"
            return entry["benchmark_rate"], f"{section['label']} ({kind})", True
    return centre["rate"], "centre's 12-month rate", False


def funnel(arm: str, metric: str, centre: dict, operators: dict[str, dict],
           benchmarks: list[dict]) -> dict:
    """One funnel: target, points (the centre when the target is external, then operators)."""
    base = {"arm": arm, "metric": metric, "points": []}
    if not centre["known"] or centre["rate"] is None:
        return {**base, "target": None, "target_label": "", "reason": "no known outcome"}
    p0, label, external = _target(benchmarks, arm, metric, centre)
    if not 0 < p0 < 1:
        return {**base, "target": None, "target_label": label,
                "reason": f"the {label} is {100 * p0:.0f}%: no limits to draw"}
    points = [funnel_point("Centre", centre, p0)] if external else []
    points += [funnel_point(letter, stats[arm][metric], p0)
               for letter, stats in operators.items() if stats[arm][metric]["known"]]
    n_max = max([p["known"] for p in points] + [1])
    return {**base, "target": p0, "target_label": label, "points": points,
            "curves": limit_curves(n_max, p0, tuple(p["known"] for p in points)), "reason": ""}


def operator_arms(registry: Registry, flt: CaseFilter, codes: dict[str, str]) -> dict[str, dict]:
    """Letter -> the arms of compute_stats over that operator's cases (same period), for the
    operators with cases in it."""
    ordered = sorted(codes.items(), key=lambda item: (len(item[1]), item[1]))
    arms = arms_by_operator(registry, flt, [name for name, _ in ordered])
    return {letter: arms[name] for name, letter in ordered if name in arms}


def funnels(registry: Registry, flt: CaseFilter, rolling: dict, codes: dict[str, str]) -> list[dict]:
    """Every funnel of the report over the rolling 12 months (mature outcomes only)."""
    operators = operator_arms(registry, flt, codes)
    return [funnel(arm, metric, rolling["arms"][arm][metric], operators,
                   rolling.get("benchmarks") or [])
            for arm in FUNNEL_ARMS for metric in FUNNEL_METRICS]
