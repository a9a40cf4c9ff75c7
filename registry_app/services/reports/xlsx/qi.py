"""Workbook sheets to pivot on: Trend (one row per month) and CUSUM (one row per monitored case)."""
from __future__ import annotations

from datetime import date

from ..data import ReportData
from .sheets import Col, list_sheet
from ...statistics.metrics import ARM_LABELS, TREND_METRICS

TREND_PARTS = (("events", "int"), ("known", "int"), ("rate", "pct"), ("ci_low", "pct"),
               ("ci_high", "pct"), ("not_yet_due", "int"))


def _part(metric: str, part: str):
    def value(row: dict):
        entry = row[metric]
        if part in ("ci_low", "ci_high"):
            ci = entry.get("ci95")
            return ci[0 if part == "ci_low" else 1] if ci else None
        return entry.get(part)
    return value


def trend_columns() -> list[Col]:
    """Month, cases, then events / known / rate / CI / not yet due of each trend measure."""
    columns = [Col("month", "period", width=9), Col("cases", "cases", "int", 7)]
    for metric in TREND_METRICS:
        columns += [Col(f"{metric}_{part}", _part(metric, part), kind, 12)
                    for part, kind in TREND_PARTS]
    return columns


def trend_sheet(sheet, data: ReportData) -> None:
    list_sheet(sheet, data, trend_columns(), data.trend,
               "No month to show: the trend covers no period.")


CUSUM_COLUMNS = (
    Col("measure", "measure", width=14), Col("arm", "arm", width=26),
    Col("reference", "reference", width=24), Col("reference_rate", "p0", "pct", 10),
    Col("order", "order", "int", 7), Col("registry_id", "registry_id", width=14),
    Col("case_number", "case_number", width=15), Col("procedure_date", "date", "date", 12),
    Col("adverse_outcome", "outcome", width=10), Col("cusum", "value", "p", 9),
    Col("threshold_h", "threshold", "p", 10), Col("signal", "signal", width=8),
)


def cusum_rows(data: ReportData) -> list[dict]:
    """Each monitored case of each available CUSUM, in chart order (only mature cases)."""
    rows = []
    for metric, entry in data.cusum.items():
        if not entry.get("available"):
            continue
        signals = set(entry.get("signals") or [])
        named = entry.get("cases") or [{}] * len(entry["values"])
        for index, (value, day, adverse, case) in enumerate(
                zip(entry["values"], entry["dates"], entry["outcomes"], named)):
            rows.append({"measure": metric, "arm": ARM_LABELS[entry["arm"]],
                         "reference": entry["benchmark_label"], "p0": entry["p0"],
                         "order": index + 1, "registry_id": case.get("registry_id"),
                         "case_number": case.get("case_number"), "date": date.fromisoformat(day),
                         "outcome": "yes" if adverse else "no", "value": value,
                         "threshold": entry["threshold"],
                         "signal": "SIGNAL" if index in signals else ""})
    return rows


def cusum_sheet(sheet, data: ReportData) -> None:
    reasons = "; ".join(f"{m}: {e['reason']}" for m, e in data.cusum.items()
                        if not e.get("available"))
    list_sheet(sheet, data, CUSUM_COLUMNS, cusum_rows(data),
               f"No CUSUM to show ({reasons})" if reasons else "No case is monitored.")
