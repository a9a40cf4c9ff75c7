"""Plain-text renderings of the statistics and the benchmark library (CLI, logs, reports)."""
from __future__ import annotations

from ...stats.benchmark_test import pct
from .sections import METRIC_LABELS

ARM_ORDER = ("all_mt", "rescue_stent", "no_stent", "stent_not_recorded")


def rate_text(r: dict | None) -> str:
    """'16/18 = 88.9% (95% CI 67.2–96.9%), 2 unknown [small numbers]' from a rate dict."""
    if not r or not r.get("known"):
        unknown = r.get("unknown", 0) if r else 0
        waiting = r.get("not_yet_due", 0) if r else 0
        if waiting:
            return f"not yet due for all {waiting} cases ({unknown} unknown)"
        return f"no known outcome ({unknown} unknown)" if unknown else "no cases"
    low, high = r["ci95"]
    text = f"{r['events']}/{r['known']} = {pct(r['rate'])} (95% CI {100 * low:.1f}–{pct(high)})"
    if r.get("unknown"):
        text += f", {r['unknown']} unknown"
    if r.get("not_yet_due"):
        text += f", {r['not_yet_due']} not yet due"
        if r.get("provisional_events"):
            text += f" ({r['provisional_events']} provisional events)"
    bounds = r.get("bounds")
    if bounds:
        text += (f"; if all unknown were best/worst case: {pct(bounds['best_case'])}"
                 f" / {pct(bounds['worst_case'])}")
    return text + (" [small numbers]" if r.get("small_numbers") else "")


def _arms(stats: dict) -> list[str]:
    lines = []
    for arm in ARM_ORDER:
        entry = stats["arms"][arm]
        lines.append(f"{entry['label']} (n = {entry['n']}):")
        lines += [f"  {METRIC_LABELS[m]}: {rate_text(entry[m])}" for m in METRIC_LABELS]
    return lines


def _procedure(stats: dict) -> list[str]:
    labels = {"mt_failure": "MT failure", "first_pass_effect": "First-pass effect (2c-3)",
              "modified_first_pass_effect": "Modified first-pass effect (2b-3)",
              "rescue_stent_share": "Rescue stent among failed MT"}
    lines = [f"{labels[code]}: {rate_text(stats['procedure'][code])}" for code in labels]
    passes = stats["passes"]
    if passes["n"]:
        dist = ", ".join(f"{k}: {v}" for k, v in passes["distribution"].items())
        lines.append(f"Passes: median {passes['median']:g} (IQR {passes['q1']:g}–{passes['q3']:g}),"
                     f" n = {passes['n']}; {dist}")
    for item in stats["times"].values():
        if item["n"]:
            lines.append(f"{item['label']}: median {item['median']:g} min (IQR {item['q1']:g}–"
                         f"{item['q3']:g}), n = {item['n']}, {item['missing']} missing")
    return lines


def _followup(stats: dict) -> list[str]:
    lines = []
    follow = stats["followup"]
    for name, group in [("All", follow["overall"])] + [
            (stats["arms"][a]["label"], follow["arms"][a]) for a in ("rescue_stent", "no_stent")]:
        lines.append(f"{name}: {group['complete']}/{group['due']} due follow-ups complete,"
                     f" {group['missing']} missing, {group['not_yet_due']} not yet due")
    return lines + [follow["note"]]


def _benchmark(section: dict) -> list[str]:
    lines = [f"Benchmark {section['label']} ({section['design_label']}): {section['citation']}"]
    lines += [f"  Warning: {w}" for w in section["warnings"]]
    for metrics in section["by_arm"].values():
        for entry in metrics.values():
            lines.append(f"  {entry['metric_label']} — {entry['arm_label']}: {entry['text']}")
    return lines


def _cusum(stats: dict) -> list[str]:
    return [item["text"] if item["available"] else f"{item['metric']}: {item['reason']}"
            for item in stats["cusum"].values()]


def stats_text(stats: dict) -> str:
    """A readable summary: every rate with its denominator and CI, then the definitions."""
    period = stats["period"]
    head = (f"{stats['cases']} cases ({period['first_case'] or '-'} to {period['last_case'] or '-'}),"
            f" {stats['mt_failed']} with failed MT; as of {stats['as_of']}")
    maturity = stats["maturity"]
    first = [head] + ([f"Not yet due: {maturity['text']}"] if maturity["text"] else [])
    blocks = [first, _arms(stats),
              ["Rescue stent vs no stent:"] + [f"  {c['text']}" for c in stats["comparisons"].values()],
              _procedure(stats), ["Follow-up:"] + _followup(stats)]
    blocks += [_benchmark(section) for section in stats["benchmarks"]]
    blocks.append(["Sequential monitoring (CUSUM):"] + _cusum(stats))
    if stats["warnings"]:
        blocks.append(["Warnings:"] + [f"  {w}" for w in stats["warnings"]])
    defs = stats["definitions"]
    blocks.append(["Definitions:"] + [f"  {k}: {v}" for k, v in defs.items() if k != "codes"])
    return "\n\n".join("\n".join(block) for block in blocks)


def _result_text(result: dict) -> str:
    counts = (f"{result['events']}/{result['total']}" if result["events"] is not None
              else f"n = {result['total']}" if result["total"] else "counts not given")
    derived = ", count derived from the percentage" if result["derived"] else ""
    return (f"    {result['metric_label']} — {result['arm_label']}: {pct(result['rate'])}"
            f" ({counts}{derived})")


def benchmark_text(item: dict) -> str:
    """One library entry: id, citation, design, population, definitions and results."""
    pop = item["population"]
    defs = {k: "not reported" if v == "not_reported" else v for k, v in item["definitions"].items()}
    where = ", ".join(x for x in (pop["country"], pop["region"]) if x) or "population not stated"
    lines = [f"{item['id']} — {item['label']} [{item['source']}]", f"  {item['citation']}",
             f"  {item['design_label']}; {where}; circulation {pop['circulation'].replace('_', ' ')};"
             f" sites {', '.join(pop['occlusion_sites']) or 'not reported'}",
             f"  Definitions: recanalization ≥ {defs['recanalization_threshold']}, good outcome"
             f" {defs['good_outcome']}, sICH {defs['sich']}, mortality {defs['mortality_time_frame']}",
             "  Results:"]
    return "\n".join(lines + [_result_text(r) for r in item["results"]])

