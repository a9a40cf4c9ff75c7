"""Turning benchmark timings into RESULTS.md: medians, peak memory, ratios and targets."""
from __future__ import annotations

from pathlib import Path

TARGETS = (
    # (label, check(table) -> (value text, met))
    ("Start-up within 1.5× of a bare PySide6 window", "ratio", "app_window", "bare_window", 1.5),
    ("Case list first page under 150 ms", "limit", "list_first_page", None, 0.150),
    ("Case list filter under 150 ms", "limit", "list_filter", None, 0.150),
    ("`stats` (whole registry) under 300 ms", "limit", "stats_all", None, 0.300),
    ("`stats` within 3× of one SQL aggregate", "ratio", "stats_all", "sql_aggregate", 3.0),
    ("One month's report (xlsx + pdf) under 2 s", "limit", "report_month", None, 2.0),
    ("Full Excel export within 1.3× of bare write-only openpyxl", "ratio", "export_xlsx",
     "raw_openpyxl", 1.3),
    ("Import of 10,000 rows within 2× of read-only iteration + validation", "ratio",
     "import_10k", "raw_read_validate", 2.0),
    ("Memory of the running app under 300 MB", "memory", "app_memory", None, 300.0),
    # Round two: spreadsheets (issue 19)
    ("Full Excel export ≤ 0.7× bare write-only openpyxl", "ratio", "export_xlsx",
     "raw_openpyxl", 0.7),
    ("Import of 10,000 rows ≤ 0.5× read-only openpyxl iteration + validation", "ratio",
     "import_10k", "raw_read_validate", 0.5),
)


def _cell(entry: dict | None) -> str:
    if not entry:
        return "–"
    if "error" in entry:
        return f"error: {entry['error'][:60]}"
    return f"{entry['median_s'] * 1000:,.0f} ms / {entry['peak_mb']:.0f} MB"


def _target_row(table: dict, spec, size: int) -> str:
    label, kind, name, other, limit = spec
    row_size = 10_000 if name.startswith("import") else size
    entry, base = table.get((name, row_size)), table.get((other, row_size)) if other else None
    if not entry or "error" in entry or (other and (not base or "error" in base)):
        return f"| {label} | not measured | ✗ |"
    if kind == "ratio":
        value = entry["median_s"] / base["median_s"]
        return f"| {label} | {value:.2f}× | {'✓' if value <= limit else '✗'} |"
    if kind == "memory":
        return f"| {label} | {entry['peak_mb']:.0f} MB | {'✓' if entry['peak_mb'] <= limit else '✗'} |"
    value = entry["median_s"]
    return f"| {label} | {value * 1000:,.0f} ms | {'✓' if value <= limit else '✗'} |"


def write_results(path: Path, table: dict, machine: dict, runs: int) -> None:
    sizes = sorted({size for (_, size) in table if _ != "import_10k"})
    names = sorted({name for (name, _) in table}, key=list(dict.fromkeys(n for n, _ in table)).index)
    lines = [
        "# Benchmark results", "",
        f"Measured {machine['date']} on {machine['platform']} ({machine['processor']},"
        f" {machine['cpus']} CPUs), Python {machine['python']}.",
        f"Versions: {machine['versions']}.",
        f"Each figure is the median of {runs} runs, each in a fresh process; memory is the peak"
        " resident set size of that process.", "",
        "Run again with `.venv/bin/python benchmarks/run.py` (see README).", "",
        "## Targets at the largest size", "", "| Target | Measured | Met |", "|---|---|---|",
    ]
    lines += [_target_row(table, spec, max(sizes)) for spec in TARGETS]
    lines += ["", "## All timings (median / peak memory)", "",
              "| Scenario | " + " | ".join(f"{s:,} cases" for s in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(_cell(table.get((name, s))) for s in sizes) + " |")
    path.write_text("\n".join(lines) + "\n" + NOTES_MARKER + _keep_notes(path))


NOTES_MARKER = "\n## Notes and before/after\n"


def _keep_notes(path: Path) -> str:
    """Hand-written notes below the marker survive a re-run."""
    if not path.exists() or NOTES_MARKER not in path.read_text():
        return "\n"
    return path.read_text().split(NOTES_MARKER, 1)[1]
