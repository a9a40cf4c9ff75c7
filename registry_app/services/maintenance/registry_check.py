"""`registry-app check`: database integrity, foreign keys, schema, statistics summary, every case."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import DatabaseError

from ...domain.case import saved_id
from ...domain.validation import validate_case
from ..cases.data_queries import list_queries
from ...storage import stats_summary
from ...storage.integrity import foreign_key_problems, integrity_problems, schema_problems
from ...storage.stored_forms import malformed_values
from ..failures import EXIT_PROBLEMS
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..cases.queries import CaseFilter, count_cases, iter_cases
from ..registry import Registry

EXIT_CLEAN = 0


@dataclass(frozen=True)
class CaseProblem:
    """One validation error of a stored case."""

    case_id: int
    case_number: str
    field: str
    message: str


@dataclass
class CheckReport:
    """What `check_registry` found: database problems, case errors and a count of warnings."""

    database: list[str] = field(default_factory=list)
    case_problems: list[CaseProblem] = field(default_factory=list)
    cases_checked: int = 0
    warnings: int = 0
    open_queries: int = 0
    """Broken consistency rules saved with a comment (not errors: each has an open query)."""
    backend: str = "sqlite"

    @property
    def clean(self) -> bool:
        return not self.database and not self.case_problems

    @property
    def exit_code(self) -> int:
        return EXIT_CLEAN if self.clean else EXIT_PROBLEMS

    def cases_with_problems(self) -> int:
        return len({p.case_id for p in self.case_problems})

    def summary(self) -> str:
        checks = ("SQLite integrity and foreign keys" if self.backend == "sqlite"
                  else "links between tables")
        database = ("no database problems" if not self.database
                    else _n(len(self.database), "database problem"))
        return (f"Checked {checks}, the schema version and {_n(self.cases_checked, 'case')}:"
                f" {database}; {_n(len(self.case_problems), 'error')} in"
                f" {_n(self.cases_with_problems(), 'case')};"
                f" {_n(self.warnings, 'warning')} (not listed)"
                + self._queries_text())

    def _queries_text(self) -> str:
        count = self.open_queries
        if not count:
            return "."
        return (f"; {count} broken rule{'s' if count != 1 else ''} held by open queries (not"
                " errors; 'registry-app queries' lists them).")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def check_registry(registry: Registry, progress: Progress = no_progress,
                   cancel: CancelToken | None = None) -> CheckReport:
    """Run every check (the cases are not validated when stored values cannot be read: they
    could not be loaded); the registry is only read."""
    report = CheckReport(backend=registry.engine.dialect.name)
    progress("Checking the database file", 0, 0)
    try:
        report.database = integrity_problems(registry.engine)
        report.database += foreign_key_problems(registry.engine) + schema_problems(registry.engine)
        malformed = malformed_problems(registry)
        report.database += malformed
        if malformed:
            return report  # the cases cannot be read as they are
        report.database += summary_problems(registry)
        _check_cases(registry, report, progress, cancel)
    except DatabaseError as exc:  # damage quick_check at open did not see (e.g. in an index)
        report.database.append(f"Reading the registry failed ({exc.orig}); it is damaged:"
                               " restore a good backup with 'registry-app restore FILE'.")
    return report


def malformed_problems(registry: Registry) -> list[str]:
    """Values another program stored in a form their column cannot hold (SQLite), each named;
    then why the cases were not validated (loading them would fail on those values)."""
    found, total = malformed_values(registry.engine)
    if not total:
        return []
    more = [f"... and {total - len(found)} more such values."] if total > len(found) else []
    their = "its" if total == 1 else "their"
    return [value.text() for value in found] + more + [
        f"Cases not validated: {_n(total, 'stored value')} cannot be read as {their} column's"
        " kind, so the cases were not loaded; correct them first."]


def summary_problems(registry: Registry) -> list[str]:
    """The statistics summary differs from the cases (it should never; see stats_summary), or
    its triggers come from another version of the code (the statistics then scan the cases)."""
    with registry.reading() as session:
        state = stats_summary.summary_state(session)
        if state == "different":
            return ["Statistics summary: its triggers were made by another version of the"
                    " program, so the statistics scan the cases instead (correct, but slower)."
                    " Renew them with 'registry-app check --rebuild-summary'."]
        if state != "kept":
            return []
        differing = stats_summary.mismatches(session.connection())
    if not differing:
        return []
    return [f"Statistics summary: {_n(differing, 'row')} differ from the cases, so the"
            " statistics may be wrong (the cases themselves are not affected). Rebuild it with"
            " 'registry-app check --rebuild-summary'."]


def rebuild_summary(registry: Registry) -> None:
    """Count the statistics summary again from the cases; triggers of another version of the
    program (or missing ones, on SQLite) are made again from this code first."""
    with registry.transaction() as session:
        if stats_summary.summary_state(session) in ("different", "missing"):
            stats_summary.install(session.connection())
        else:
            stats_summary.rebuild(session.connection())


def _check_cases(registry: Registry, report: CheckReport, progress: Progress,
                 cancel: CancelToken | None) -> None:
    settings, today = registry.settings(), registry.today()
    total = count_cases(registry, CaseFilter())
    held = {(q.case_id, q.rule, q.fields) for q in list_queries(registry)}
    for case in iter_cases(registry, CaseFilter(), with_identity=True, sort="case_number"):
        check_cancel(cancel)
        for issue in validate_case(case, settings, today):
            if issue.is_soft and (case.id, issue.rule, issue.field) in held:
                report.open_queries += 1
            elif issue.is_error:
                report.case_problems.append(CaseProblem(saved_id(case), case.values["case_number"],
                                                        issue.field, issue.message))
            else:
                report.warnings += 1
        report.cases_checked += 1
        if report.cases_checked % 500 == 0 or report.cases_checked == total:
            progress("Checking cases", report.cases_checked, total)
