"""The Summary and Benchmarks sheets of the monthly workbook: rates with denominators and CIs."""
from __future__ import annotations

from typing import Sequence

from openpyxl.styles import Alignment, Font

from ..wording import capital
from ..data import ReportData
from .sheets import BOLD, Col, banner, header_row, list_sheet, put
from .territory import territory_pairs
from ...statistics.metrics import ARM_LABELS, ARM_NAMES, OUTCOME_METRICS
from ...statistics.sections import METRIC_LABELS, NOT_RANDOMISED, TEST_NAMES
from registry_app.stats.benchmark_test import TESTS, VERDICT_LABELS

PROCEDURE_LABELS = {"mt_failure": "MT failure", "first_pass_effect": "First-pass effect (2c-3)",
                    "modified_first_pass_effect": "Modified first-pass effect (2b-3)",
                    "rescue_stent_share": "Rescue stent among failed MT"}
RATE_HEADERS = ("Group", "Measure", "Events", "Known (denominator)", "Unknown", "Rate",
                "95% CI low", "95% CI high", "CI method", "Small numbers", "Best case",
                "Worst case", "Not yet due", "Provisional events")
RATE_KINDS = ("text", "text", "int", "int", "int", "pct", "pct", "pct", "text", "text", "pct",
              "pct", "int", "int")
FOLLOWUP_HEADERS = ("Group", "Cases", "Due", "Complete", "Missing", "Not yet due",
                    "Completeness", "95% CI low", "95% CI high")
FOLLOWUP_KINDS = ("text", "int", "int", "int", "int", "int", "pct", "pct", "pct")
RECAN_LABELS = {"recanalized": "Recanalized (≥ 2b)", "not_recanalized": "Not recanalized",
                "unknown": "Recanalization unknown"}
CHANGE_HEADERS = ("Month", "Registry ID", "Case number", "Changed at", "By", "Action", "Field",
                  "Old value", "New value", "Reason")
CHANGE_KEYS = ("month", "registry_id", "case_number", "changed_at", "user", "action", "field",
               "old_value", "new_value", "reason")
SUMMARY_WIDTHS = (44, 30, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12)


def _title(sheet, row: int, text: str, size: int = 12) -> int:
    put(sheet, row, 1, text).font = Font(bold=True, size=size)
    return row + 1


def _table(sheet, row: int, title: str, headers: Sequence[str], rows, kinds,
           note: str | None = None) -> int:
    """A titled block: header row, typed rows and an optional note; returns the next free row."""
    row = _title(sheet, row + 1, title)
    header_row(sheet, row, headers)
    for values in rows:
        row += 1
        for column, (value, kind) in enumerate(zip(values, kinds), start=1):
            put(sheet, row, column, value, kind)
    if note:
        row += 1
        put(sheet, row, 1, note).font = Font(italic=True)
    return row + 1


def _rate_values(group: str, measure: str, entry: dict) -> list:
    ci, bounds = entry.get("ci95") or (None, None), entry.get("bounds") or {}
    return [group, measure, entry["events"], entry["known"], entry["unknown"], entry["rate"],
            ci[0], ci[1], entry["ci_method"], "yes" if entry["small_numbers"] else "no",
            bounds.get("best_case"), bounds.get("worst_case"), entry.get("not_yet_due", 0),
            entry.get("provisional_events", 0)]


def _about(data: ReportData) -> list[tuple[str, object]]:
    labels = ", ".join(b["label"] for b in data.benchmarks) or "none selected"
    return [
        ("Centre", data.centre_text), ("Period from", data.period_from),
        ("Period to", data.period_to), ("Territory", data.territory_label),
        ("Date generated", data.generated_at),
        ("As of (the date the figures are stated for)", data.today),
        ("90-day outcomes counted for procedures up to", data.stats["maturity"]["mature_until"]),
        ("Registry version", f"registry-app {data.app_version}, schema {data.schema_version}"),
        ("Data fingerprint (SHA-256 of the cases in this report)", data.fingerprint),
        ("Sign-off", data.signoff_state), ("Benchmarks", labels),
        ("Operators", capital(data.operators_shown)),
        ("Patient identifiers", "INCLUDED (identified export)" if data.identified
         else "Not included (de-identified: registry ID only)"),
    ]


def _counts(data: ReportData) -> list[tuple[str, object]]:
    s, arms = data.stats, data.stats["arms"]
    others = ", ".join(f"{k} {v}" for k, v in data.other_territories.items()) or "none"
    by_status = {k: sum(r["status"] == k for r in data.followup)
                 for k in ("due", "overdue", "missing")}
    since = f"procedures {data.trend_from:%Y-%m} to {data.month}"
    return [
        (f"Cases ({data.territory})", s["cases"]), ("Failed thrombectomy", s["mt_failed"]),
        (ARM_LABELS["rescue_stent"], arms["rescue_stent"]["n"]),
        (ARM_LABELS["no_stent"], arms["no_stent"]["n"]),
        ("Other territories this month (not in this report)", others),
        *territory_pairs(data),  # the limb / coronary sections, when the month has any
        ("Cases for morbidity and mortality review", len(data.review)),
        ("Cases with data-quality problems", data.quality_cases),
        (f"Follow-up due now ({since})", by_status["due"]),
        (f"Follow-up overdue ({since})", by_status["overdue"]),
        (f"Follow-up missing: lost ({since})", by_status["missing"]),
        ("Cases changed after sign-off (entries)", len(data.changes)),
    ]


def _pairs(sheet, row: int, title: str, pairs) -> int:
    row = _title(sheet, row + 1, title)
    for label, value in pairs:
        put(sheet, row, 1, label).font = BOLD
        put(sheet, row, 2, value, "int")
        row += 1
    return row


def _rates(data: ReportData) -> list[list]:
    arms = data.stats["arms"]
    return [_rate_values(ARM_LABELS[arm], capital(METRIC_LABELS[m]), arms[arm][m])
            for arm in ARM_NAMES for m in OUTCOME_METRICS]


def _procedure(data: ReportData) -> list[list]:
    proc = data.stats["procedure"]
    return [_rate_values(ARM_LABELS["all_mt"], PROCEDURE_LABELS[m], proc[m])
            for m in PROCEDURE_LABELS]


def _followup(data: ReportData) -> list[list]:
    section = data.stats["followup"]
    groups = [(ARM_LABELS[a], section["arms"][a]) for a in ARM_NAMES]
    groups += [(RECAN_LABELS[k], v) for k, v in section["by_recanalization"].items()]
    return [[label, g["cases"], g["due"], g["complete"], g["missing"], g["not_yet_due"],
             g["completeness"]["rate"], *(g["completeness"]["ci95"] or (None, None))]
            for label, g in groups]


def _comparisons(data: ReportData) -> list[list]:
    rows = []
    for metric, result in data.stats["comparisons"].items():
        rows.append([capital(METRIC_LABELS[metric]), TEST_NAMES.get(result["test"], "no test"),
                     result["p_value"], result["text"]])
    return rows


def summary_sheet(sheet, data: ReportData) -> None:
    """Centre, period, counts, per-arm rates with CIs, follow-up, comparisons, definitions."""
    top = banner(sheet, data)
    row = _title(sheet, top, f"Monthly audit report — {data.period_text}", 14)
    sheet.freeze_panes = f"A{row}"
    row = _pairs(sheet, row, "About this report", _about(data))
    row = _pairs(sheet, row, "Counts", _counts(data))
    row = _table(sheet, row, "Outcome rates per arm (rates are events / known outcomes)",
                 RATE_HEADERS, _rates(data), RATE_KINDS)
    row = _table(sheet, row, "Procedure", RATE_HEADERS, _procedure(data), RATE_KINDS)
    row = _table(sheet, row, "Follow-up completeness", FOLLOWUP_HEADERS, _followup(data),
                 FOLLOWUP_KINDS, data.stats["followup"]["note"])
    row = _table(sheet, row, "Rescue stent vs no stent after failed MT",
                 ("Measure", "Test", "p-value", "Result"), _comparisons(data),
                 ("text", "text", "p", "text"), NOT_RANDOMISED)
    changes = [[c[k] for k in CHANGE_KEYS] for c in data.changes] or [["None"]]
    row = _table(sheet, row, "Cases changed after sign-off", CHANGE_HEADERS, changes,
                 ("text",) * 10)
    definitions = [[k, v] for k, v in data.stats["definitions"].items() if isinstance(v, str)]
    row = _table(sheet, row, "Definitions", ("Definition", "Text"), definitions, ("text", "text"))
    _table(sheet, row, "Notes and warnings", ("Note",), [[w] for w in data.warnings] or [["None"]],
           ("text",))
    for column, width in enumerate(SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    for cells in sheet.iter_rows(min_col=1, max_col=1):
        if not cells[0].font.italic:
            cells[0].alignment = Alignment(wrap_text=True, vertical="top")


# Benchmarks ##########################################################

BENCHMARK_COLUMNS = (
    Col("Benchmark", "label", width=18), Col("Citation", "citation", width=40),
    Col("Design", "design", width=24), Col("Measure", "measure", width=26),
    Col("Arm", "arm", width=26), Col("Centre events", "events", "int", 9),
    Col("Centre known", "known", "int", 9), Col("Centre unknown", "unknown", "int", 9),
    Col("Centre rate", "rate", "pct", 9), Col("Centre 95% CI low", "ci_low", "pct", 9),
    Col("Centre 95% CI high", "ci_high", "pct", 9),
    Col("Benchmark rate", "benchmark_rate", "pct", 10),
    Col("Benchmark events", "benchmark_events", "int", 9),
    Col("Benchmark total", "benchmark_total", "int", 9), Col("Test", "test", width=24),
    Col("Difference", "difference", "pct", 9), Col("Difference 95% CI low", "diff_low", "pct", 9),
    Col("Difference 95% CI high", "diff_high", "pct", 9), Col("p-value", "p_value", "p", 9),
    Col("p-value (Holm)", "p_holm", "p", 9),
    Col("Verdict", "verdict", width=14), Col("Too few cases", "too_small", width=9),
    Col("Definition warnings", "definition_warnings", width=60),
    Col("Benchmark definitions", "definitions", width=60),
    Col("Population warnings", "population", width=40),
)


def _benchmark_rows(section: dict) -> list[dict]:
    definitions = "; ".join(f"{k}: {v}" for k, v in section["definitions"].items() if v)
    rows = []
    for arm_entries in section["by_arm"].values():
        for e in arm_entries.values():
            c, ci = e["center"], e["center"]["ci95"] or (None, None)
            rows.append({"label": section["label"], "citation": section["citation"],
                         "design": section["design_label"], "measure": e["metric_label"],
                         "arm": e["arm_label"], "events": c["events"], "known": c["known"],
                         "unknown": c["unknown"], "rate": c["rate"], "ci_low": ci[0],
                         "ci_high": ci[1], "benchmark_rate": e["benchmark_rate"],
                         "benchmark_events": e["benchmark_events"],
                         "benchmark_total": e["benchmark_total"], "p_value": e["p_value"],
                         "verdict": VERDICT_LABELS.get(e["verdict"], e["verdict"]),
                         "test": TESTS.get(e["test"], e["test"]), "p_holm": e.get("p_holm"),
                         "difference": e["difference"],
                         "diff_low": (e["difference_ci95"] or (None, None))[0],
                         "diff_high": (e["difference_ci95"] or (None, None))[1],
                         "too_small": "yes" if e["too_small"] else "no",
                         "definition_warnings": e["definition_warnings"],
                         "definitions": definitions, "population": section["warnings"]})
    return rows


def benchmarks_sheet(sheet, data: ReportData) -> None:
    rows = [row for section in data.benchmarks for row in _benchmark_rows(section)]
    note = ("No benchmark selected: choose one for the report (--benchmark ID) or set a default"
            " benchmark in the registry settings.")
    list_sheet(sheet, data, BENCHMARK_COLUMNS, rows, note)
