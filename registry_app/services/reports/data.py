"""Everything a monthly audit report shows, gathered once for both the workbook and the PDF."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Sequence

from ... import __version__
from ...domain.case import Case
from ...domain.errors import ValueProblem
from ...domain.settings import DEFAULT_SETTINGS, RegistrySettings
from ...domain.vocab import TERRITORY
from ...storage.migrate import stored_revision
from ..collector import collector_paused
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..cases.queries import CaseFilter, count_cases, distinct_values, list_rows
from ..registry import Registry
from ..cases.loading import load_month_cases, of_territory
from .queries import query_rows
from .lists import (codes_of_operators, followup_worklist, operator_shown, quality_list,
                    review_list)
from .fingerprint import report_inputs
from .signoff import (REPORT_TERRITORY, SCOPE_ALL, Signoff, changes_after_signoff, figure_changes, fingerprint,
                      get_signoff, month_bounds, parse_month)
from ..statistics import compute_stats

TREND_MONTHS = 12
"""The trend (and the CUSUM) covers this many months before the report month, plus the month."""
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
TERRITORY_LABELS = {c.code: c.label for c in TERRITORY}
STEPS = 5


@dataclass
class ReportData:
    """The content of one monthly report; both formats render exactly this."""

    month: str
    period_from: date
    period_to: date
    territory: str
    centre: str
    logo_path: str
    generated_at: datetime
    today: date
    app_version: str
    schema_version: str
    fingerprint: str
    """The report fingerprint (report_fingerprint): every case of every territory the report
    shows, the as-of date, the definitions and the benchmark ids."""
    month_fingerprint: str
    """The month's cases as a sign-off fingerprints them (its scope, for an old sign-off)."""
    identified: bool
    stats: dict
    trend: list[dict]
    trend_from: date
    cusum: dict
    cases: list[Case]
    followup: list[dict]
    review: list[dict]
    quality: list[dict]
    changes: list[dict]
    signoff: Signoff | None
    other_territories: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    territory_sections: list = field(default_factory=list)
    """report_territory.TerritorySection per limb/coronary territory with cases in the month."""
    rolling: dict = field(default_factory=dict)
    """compute_stats of the 12 months ending with the report month (benchmarks compared)."""
    rolling_from: date | None = None
    cohort: dict = field(default_factory=dict)
    """compute_stats of the latest mature month: its 90-day outcomes are all due."""
    cohort_from: date | None = None
    cohort_to: date | None = None
    process: dict = field(default_factory=dict)
    """{'month': ..., 'rolling': ...}: statistics.process measures of the two periods."""
    benchmark_ids: tuple[str, ...] = ()
    settings: RegistrySettings = DEFAULT_SETTINGS
    """The registry's settings the figures were computed with."""
    previous_followup: dict = field(default_factory=dict)
    """Follow-up completeness of the 12 months ending with the previous month."""
    verify: dict = field(default_factory=dict)
    """What `verify` needs to recompute the report fingerprint (report_fingerprint)."""
    funnels: list[dict] = field(default_factory=list)
    """report_funnel.funnels over the rolling 12 months: the centre and operators (letters)."""
    operator_names: bool = False
    """Operators are shown by name (the user asked); otherwise as letters A, B, C..."""
    operator_codes: dict[str, str] = field(default_factory=dict)
    """Operator -> how this report shows it (a letter, or the name with operator_names)."""
    queries: list[dict] = field(default_factory=list)
    """report_queries.query_rows: open data queries of the month's cases."""
    figure_changes: list[dict] = field(default_factory=list)
    """signoff.figure_changes: key figures of the month (or the month before) stored at sign-off
    that differ from the same figures now."""

    @property
    def period_text(self) -> str:
        """'November 2025'."""
        return f"{MONTH_NAMES[self.period_from.month - 1]} {self.period_from.year}"

    @property
    def rolling_benchmarks(self) -> list[dict]:
        return self.rolling.get("benchmarks") or []

    @property
    def month_state(self) -> str:
        """'future', 'incomplete' (the month is not over on the as-of date) or 'complete'."""
        if self.period_from > self.today:
            return "future"
        return "incomplete" if self.period_to >= self.today else "complete"

    @property
    def operators_shown(self) -> str:
        """How the report shows operators, in words (the cover and the Summary sheet say it)."""
        return ("by name (asked for)" if self.operator_names else
                "as letters A, B, C... (sorted names; one lettering for the whole report)")

    @property
    def territory_label(self) -> str:
        return TERRITORY_LABELS.get(self.territory, self.territory)

    @property
    def centre_text(self) -> str:
        return self.centre or "Centre name not set (registry settings)"

    @property
    def benchmarks(self) -> list[dict]:
        return self.stats.get("benchmarks") or []

    @property
    def quality_cases(self) -> int:
        """Number of cases with at least one data-quality problem."""
        return len({row["case_number"] for row in self.quality})

    @property
    def signoff_state(self) -> str:
        """Whether the month is signed off and whether its data changed since."""
        if self.signoff is None:
            return "Not signed off"
        when = (f"{self.signoff.signed_at:%Y-%m-%d %H:%M} by {self.signoff.signed_by}"
                f" (fingerprint of {self.signoff.scope_text})")
        same = self.signoff.fingerprint == self.month_fingerprint
        return (f"Signed off {when}; data " +
                ("unchanged since (same fingerprint)" if same else
                 "CHANGED since sign-off (fingerprint differs; see changes after sign-off)"))


def months_before(first: date, months: int) -> date:
    """The first day of the month `months` before the month starting at `first`."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _signal_cases(registry: Registry, cusum: dict) -> dict:
    """CUSUM sections with signal cases, and every monitored case (`cases`, in chart order),
    named by registry ID and case number."""
    result = {}
    for metric, entry in cusum.items():
        ids = entry.get("signal_case_ids") or []
        every = entry.get("case_ids") or []
        found = _named(registry, list(dict.fromkeys([*ids, *every])))
        result[metric] = {**entry, "signal_cases": [found[i] for i in ids if i in found],
                          "cases": [found.get(i, {}) for i in every]}
    return result


def _named(registry: Registry, ids: list[int], chunk: int = 900) -> dict[int, dict]:
    """Registry ID, case number and date by case id (read in chunks of SQL parameters)."""
    found: dict[int, dict] = {}
    for start in range(0, len(ids), chunk):
        found.update(list_rows(registry, ids[start:start + chunk],
                               ("registry_id", "case_number", "procedure_date")))
    return found


def _other_territories(registry: Registry, flt: CaseFilter, territory: str) -> dict[str, int]:
    counts = {code: count_cases(registry, replace(flt, territory=code))
              for code in TERRITORY_LABELS if code != territory}
    return {code: n for code, n in counts.items() if n}


def logo_problem(path: str) -> str | None:
    """Why the configured logo cannot be shown, or None when it can (or none is set)."""
    if not path:
        return None
    logo = Path(path)
    if not logo.is_file():
        return f"Logo: the file {path} was not found; the report is shown without a logo."
    if logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif", ".bmp"):
        return f"Logo: {logo.name} is not a PNG, JPEG, GIF or BMP image; it was left out."
    return None


def check_territory(territory: str) -> None:
    """The monthly report is the cerebral one; limb and coronary cases have their own sections
    in it (report_territory), so no other territory can be asked for."""
    if territory == REPORT_TERRITORY:
        return
    why = ("there is no separate report of them" if territory in TERRITORY_LABELS
           else f"'{territory}' is not a territory")
    raise ValueProblem("Territory: the monthly report covers cerebral cases, with its own section"
                       f" for limb and coronary cases; {why}.")


def _header(registry: Registry, month: str, territory: str, identified: bool,
            now: datetime | None, operator_names: bool = False) -> dict:
    check_territory(territory)
    settings = registry.settings()
    first, last = month_bounds(month)
    return dict(month=month, period_from=first, period_to=last, territory=territory,
                centre=settings.center_name.strip(), logo_path=settings.logo_path.strip(),
                generated_at=now or datetime.now().replace(microsecond=0),
                today=registry.today(), app_version=__version__,
                schema_version=stored_revision(registry.engine) or "unknown",
                identified=identified, operator_names=operator_names)


def build_report_data(registry: Registry, month: str, benchmark_ids: Sequence[str] = (), *,
                      identified: bool = False, territory: str = REPORT_TERRITORY,
                      now: datetime | None = None, progress: Progress = no_progress,
                      cancel: CancelToken | None = None,
                      operator_names: bool = False) -> ReportData:
    """Gather a month's report: only the month's cases are loaded as cases; the trend and
    CUSUM over the preceding 12 months come from the statistics service (light rows).
    Operators are letters A, B, C... unless `operator_names` asks for their names."""
    month = parse_month(month)
    head = _header(registry, month, territory, identified, now, operator_names)
    with collector_paused():
        return _gather(registry, head, benchmark_ids, progress, cancel)


def _gather(registry: Registry, head: dict, benchmark_ids: Sequence[str], progress: Progress,
            cancel: CancelToken | None) -> ReportData:
    month, territory, identified = head["month"], head["territory"], head["identified"]
    flt = CaseFilter(date_from=head["period_from"], date_to=head["period_to"], territory=territory)
    progress("Computing the month's statistics", 0, STEPS)
    stats = compute_stats(registry, flt, benchmark_ids)
    _step(progress, cancel, "Computing the 12-month trend", 1)
    window_from = months_before(head["period_from"], TREND_MONTHS)
    window = compute_stats(registry, replace(flt, date_from=window_from), benchmark_ids)
    extra = _scorecard_stats(registry, head, flt, stats, benchmark_ids)
    _step(progress, cancel, "Loading the month's cases", 2)
    in_month = load_month_cases(registry, head["period_from"], head["period_to"], None)
    cases = of_territory(in_month, territory)
    _step(progress, cancel, "Checking follow-up and data quality", 3)
    settings = registry.settings()
    window_flt = replace(flt, date_from=window_from)
    lists: dict[str, Any] = dict(followup=followup_worklist(registry, window_flt, settings),
                 quality=quality_list(cases, settings, registry.today()),
                 queries=query_rows(registry, cases, identified))
    _step(progress, cancel, "Listing changes after sign-off", 4)
    signoff = get_signoff(registry, month)
    inputs = report_inputs(registry, month, window_from, head["period_to"], head["today"],
                           [b["id"] for b in stats.get("benchmarks") or []])
    scope = signoff.scope if signoff else SCOPE_ALL
    own = [c for c in in_month if scope in (SCOPE_ALL, c.territory)]  # as a sign-off covers them
    shown = distinct_values(registry, replace(window_flt, territory=None), "operator")
    codes = codes_of_operators(shown, head["operator_names"])  # one for every list and plot
    lists["review"] = review_list(cases + [c for c in in_month if c.territory != territory],
                                  settings, codes)
    data = ReportData(**head, fingerprint=inputs["fingerprint"], verify=inputs,
                      month_fingerprint=fingerprint(own),
                      stats=stats,
                      trend=window["trend"]["month"], trend_from=window_from,
                      cusum=_signal_cases(registry, window["cusum"]), cases=cases, **lists,
                      changes=changes_after_signoff(registry, month, identified),
                      signoff=signoff, figure_changes=figure_changes(registry, month),
                      other_territories=_other_territories(registry, flt, territory),
                      benchmark_ids=tuple(benchmark_ids), settings=settings,
                      operator_codes=codes, **extra)
    from .funnel import funnels
    data.funnels = funnels(registry, replace(flt, date_from=data.rolling_from), data.rolling,
                           codes)
    _add_territory_sections(registry, data, in_month)
    data.warnings = _warnings(data)
    progress("Report data ready", STEPS, STEPS)
    return data


def _add_territory_sections(registry: Registry, data: ReportData,
                            in_month: list[Case]) -> None:
    """Give the report a section per limb/coronary territory with cases in its month (taken
    from `in_month`, every territory's cases of the month); those territories are then no
    longer listed as 'other territories (not in this report)'."""
    from ..benchmarks.library import library
    from ..statistics.territories import OTHER_TERRITORIES
    from .territory import build_section
    codes = [t for t in OTHER_TERRITORIES if t != data.territory and data.other_territories.get(t)]
    benchmarks = library() if codes else None  # read once for all sections
    data.territory_sections = [build_section(registry, t, data.period_from, data.period_to,
                                             data.trend_from, data.identified, benchmarks,
                                             in_month)
                               for t in codes]
    for section in data.territory_sections:  # operators as the rest of the report shows them
        for row in section.cases:
            row["operator"] = operator_shown(data.operator_codes, row.get("operator"))
    data.other_territories = {k: n for k, n in data.other_territories.items()
                              if k not in codes}


def _scorecard_stats(registry: Registry, head: dict, flt: CaseFilter, stats: dict,
                     benchmark_ids: Sequence[str]) -> dict:
    """The rolling 12 months, the latest mature month and the process measures of both."""
    from .scorecard import latest_mature_month
    first = head["period_from"]
    rolling_from = months_before(first, 11)
    rolling_flt = replace(flt, date_from=rolling_from)
    mature_until = date.fromisoformat(stats["maturity"]["mature_until"])
    cohort_from = latest_mature_month(mature_until, first)
    cohort_to = month_bounds(f"{cohort_from:%Y-%m}")[1]
    cohort = (stats if cohort_from == first else
              compute_stats(registry, replace(flt, date_from=cohort_from, date_to=cohort_to)))
    return dict(rolling=compute_stats(registry, rolling_flt, benchmark_ids),
                rolling_from=rolling_from, cohort=cohort,
                previous_followup=compute_stats(registry, replace(
                    flt, date_from=months_before(first, 12),
                    date_to=first - timedelta(days=1)))["followup"], cohort_from=cohort_from,
                cohort_to=cohort_to,
                process=month_and_rolling_process(registry, flt, rolling_flt))


def month_and_rolling_process(registry: Registry, flt: CaseFilter,
                              rolling_flt: CaseFilter) -> dict:
    """compute_process of the month and of the rolling 12 months ending with it, from one
    query: the month's cases are the rolling cases operated from the month's first day."""
    from ..statistics.process import load_process_cases, process_section
    from ..statistics.process_counts import month_and_rolling_counts
    if flt.date_from is not None:  # one aggregate of the stored derived columns, if current
        counted = month_and_rolling_counts(registry, rolling_flt, flt.date_from)
        if counted is not None:
            return counted
    rolling = load_process_cases(registry, rolling_flt)
    month = [c for c in rolling if c.get("procedure_date") >= flt.date_from]
    return {"month": process_section(month), "rolling": process_section(rolling)}


def _step(progress: Progress, cancel: CancelToken | None, label: str, done: int) -> None:
    check_cancel(cancel)
    progress(label, done, STEPS)


def _warnings(data: ReportData) -> list[str]:
    warnings = list(data.stats.get("warnings") or [])
    problem = logo_problem(data.logo_path)
    warnings += [problem] if problem else []
    if not data.cases:
        warnings.append(f"No {data.territory} cases were recorded with a procedure date in"
                        f" {data.period_text}.")
    return warnings
