"""Plain-text rendering of the limb and coronary statistics (CLI, logs): n/N and CI with every rate."""
from __future__ import annotations

from ....stats.benchmark_test import pct
from ..text import rate_text


def _rate_line(entry: dict) -> str:
    text = f"  {entry['label']}: {rate_text(entry)}"
    if entry.get("not_yet_due"):
        text += f"; {entry['not_yet_due']} not yet due"
    return text


def _groups(stats: dict) -> list[list[str]]:
    blocks = []
    for group in stats["groups"]:
        lines = [f"{group['title']}:"]
        lines += [_rate_line(stats["rates"][key]) for key in group["metrics"]]
        blocks.append(lines)
    return blocks


def _breakdown(entry: dict) -> list[str]:
    head = (f"{entry['title']} (among {entry['population_words']}: {entry['recorded']} of"
            f" {entry['population']} recorded")
    head += ", several per case possible):" if entry["multiple"] else "):"
    lines = [head]
    for item in entry["items"]:
        if item["count"]:
            lines.append(f"  {item['label']}: {rate_text(item['share'])}")
    if entry["recorded"] and len(lines) == 1:
        lines.append("  none of the listed values")
    return lines


def _benchmark(section: dict) -> list[str]:
    lines = [f"Benchmark {section['label']} ({section['design_label']}): {section['citation']}"]
    lines += [f"  Warning: {w}" for w in section["warnings"]]
    for entry in section["metrics"].values():
        lines.append(f"  {entry['metric_label']} — the study: {entry['study_definition']}."
                     f" Compared with: {entry['registry_label']} ({entry['cohort_words']})."
                     f" {entry['text']}")
    lines += [f"  Not compared: {item['metric_label']} — {item['reason']}."
              for item in section["not_compared"]]
    return lines


def _trend(stats: dict) -> list[str]:
    trend = stats["trend"]
    rows = trend[trend["by"]]
    lines = [f"Trend by {trend['by']} (" + "; ".join(trend["labels"][k] for k in trend["metrics"])
             + "):"]
    for row in rows:
        parts = [_short(row[key]) for key in trend["metrics"]]
        lines.append(f"  {row['period']}: {row['cases']} cases; " + "; ".join(parts))
    if trend["undated_cases"]:
        lines.append(f"  {trend['undated_cases']} case(s) without a procedure date not shown.")
    return lines


def _short(entry: dict) -> str:
    if not entry["known"]:
        return "–"
    low, high = entry["ci95"]
    return f"{entry['events']}/{entry['known']} {pct(entry['rate'])} ({100 * low:.1f}–{pct(high)})"


def territory_text(stats: dict) -> str:
    """A readable summary: every rate with n/N and its 95% CI, benchmarks, trend, definitions."""
    period = stats["period"]
    head = (f"{stats['territory_label']}: {stats['cases']} cases"
            f" ({period['first_case'] or '-'} to {period['last_case'] or '-'})")
    blocks = [[head], *_groups(stats)]
    blocks += [_breakdown(entry) for entry in stats["breakdowns"].values()]
    blocks += [_benchmark(section) for section in stats["benchmarks"]] or [
        ["No benchmark of this territory is in the library."]]
    blocks.append(_trend(stats))
    if stats["warnings"]:
        blocks.append(["Warnings:"] + [f"  {w}" for w in stats["warnings"]])
    blocks.append(["Definitions:"] + [f"  {k}: {v}" for k, v in stats["definitions"].items()])
    return "\n\n".join("\n".join(block) for block in blocks)


def territory_benchmark_text(item: dict) -> str:
    """One limb or coronary library entry: citation, design, population, definition, results."""
    pop = item["population"]
    where = ", ".join(x for x in (pop["country"], pop["region"]) if x) or "population not stated"
    lines = [f"{item['id']} — {item['label']} [{item['source']}] ({item['territory']})",
             f"  {item['citation']}", f"  {item['design_label']}; {where}",
             f"  Technical success as defined by the study:"
             f" {item['definitions']['technical_success']}", "  Results:"]
    for result in item["results"]:
        counts = (f"{result['events']}/{result['total']}" if result["events"] is not None
                  else f"n = {result['total']}" if result["total"] else "counts not given")
        lines.append(f"    {result['metric_label']}: {pct(result['rate'])} ({counts})")
    return "\n".join(lines)
