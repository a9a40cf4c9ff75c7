"""Case digests read from stored columns equal those of loaded cases, byte for byte."""
from datetime import date, datetime, timedelta, timezone

import pytest

from sqlalchemy import update

from registry_app.services.cases.editing import create_case as save, find_case_id
from registry_app.domain.case import Case
from registry_app.services.cases.loading import MULTICHOICE_CODES, _values, read_stored_rows
from registry_app.services.cases.queries import CaseFilter
from registry_app.services.reports.digests import digests_of_rows, window_digests
from registry_app.services.reports.signoff import CanonicalWriter
from registry_app.services.reports.fingerprint import report_inputs, window_cases
from registry_app.services.reports.signoff import case_digests
from registry_app.storage.schema import cases_table

from ..conftest import case_factory, filled_with
from ..services.test_stats_aggregated import pg_registry  # noqa: F401

FIRST, LAST = date(2025, 1, 1), date(2025, 3, 31)


def _cohort(registry, make_case):
    """Cases with every field kind: dates, datetimes, choices, None, yes/no, floats, passes."""
    def create_case(registry, case):  # broken consistency rules become open queries
        save(registry, case, query_comment="made by the digest test")
    create_case(registry, make_case("C-3", identity={"mrn": "111", "patient_name": "Ann A",
                                                     "birth_date": date(1950, 2, 3)}))
    create_case(registry, make_case("C-1", procedure_date=date(2025, 2, 1), ivt=False,
                                    procedural_complications=("dissection", "perforation"),
                                    onset_time=None, passes=[]))
    create_case(registry, make_case("C-2", procedure_date=date(2025, 3, 31), sich=None,
                                    mrs_90d=None, followup_date=None, followup_method=None))
    create_case(registry, make_case("OUT-1", procedure_date=date(2025, 4, 1)))
    create_case(registry, make_case("L-1", territory="limb", symptom_duration_h=2.5,
                                    passes=[]))
    create_case(registry, make_case("L-2", territory="limb", symptom_duration_h=0.1,
                                    passes=[]))


def _fill_cohort(registry) -> None:
    _cohort(registry, case_factory())


@pytest.fixture
def cohort(filled_copy):
    """This test's copy of a registry holding the `_cohort` cases (made once by create_case)."""
    return filled_copy("sqlite", "digests-cohort", filled_with(_fill_cohort))


def _store(registry, number, **stored):
    """Write stored values directly (as an old import or a database tool may have left them)."""
    with registry.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.id == find_case_id(
            registry, number)).values(**stored))


def _both(registry):
    return window_digests(registry, FIRST, LAST), case_digests(window_cases(registry, FIRST, LAST))


def test_digests_from_stored_columns_equal_those_of_the_loaded_cases(cohort):
    registry = cohort
    _store(registry, "C-2", procedural_complications=";none;;dissection;", tandem_lesion=None,
           end_time=datetime(2025, 3, 31, 23, 59, 59, 999999))
    _store(registry, "L-1", symptom_duration_h=-0.0)
    _store(registry, "L-2", symptom_duration_h=1e-7, procedural_complications="")
    fast, plain = _both(registry)
    assert list(fast.items()) == list(plain.items())  # same keys, same order, same digests
    assert sorted(fast) == ["C-1", "C-2", "C-3", "L-1", "L-2"] and "OUT-1" not in fast


def _rows_with(registry, code, values):
    """The stored rows of `registry` (holding `_cohort`) with `code` set to `values` in turn
    (values PostgreSQL or an old registry could hold), and the cases load_case_rows would
    make of them."""
    canonical = CanonicalWriter()
    rows, passes = read_stored_rows(registry, CaseFilter(date_from=FIRST, date_to=LAST),
                                    canonical.codes, canonical.pass_codes)
    column = 2 + canonical.codes.index(code)
    rows = [(*row[:column], value, *row[column + 1:]) for row, value in zip(rows, values * 9)]
    split = tuple(i for i, c in enumerate(canonical.codes) if c in MULTICHOICE_CODES)
    cases = [Case(values=_values(canonical.codes, split, row[2:]), id=row[0],
                  passes=[dict(zip(canonical.pass_codes, p)) for p in passes.get(row[0], [])])
             for row in rows]
    return rows, passes, canonical, cases, column


def test_zero_and_minus_zero_floats_keep_their_own_text(cohort):
    """SQLite stores -0.0 as 0.0 (PostgreSQL keeps it)."""
    rows, passes, canonical, cases, column = _rows_with(cohort, "symptom_duration_h",
                                                        (0.0, -0.0))
    fast = digests_of_rows(rows, passes, canonical)
    assert fast == case_digests(cases)
    assert fast != digests_of_rows([(*row[:column], 0.0, *row[column + 1:]) for row in rows],
                                   passes, canonical)


@pytest.mark.parametrize("code, values", [
    ("onset_time", (datetime(999, 1, 2, 3, 4), None, datetime(2025, 1, 2, 3, 4))),
    ("imaging_time", (None, datetime(2025, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=2))))),
    ("door_time", (datetime(2025, 1, 2, 3, 4, 59, 999999), None))])
def test_times_are_written_as_before_whatever_their_year_and_zone(cohort, code, values):
    rows, passes, canonical, cases, _ = _rows_with(cohort, code, values)
    assert digests_of_rows(rows, passes, canonical) == case_digests(cases)


def test_identifiers_do_not_enter_the_digests(cohort):
    registry = cohort
    before = window_digests(registry, FIRST, LAST)
    from registry_app.storage.schema import CaseIdentityRow
    with registry.transaction() as session:
        session.execute(update(CaseIdentityRow.__table__).values(mrn="999", patient_name="Bob"))
    assert window_digests(registry, FIRST, LAST) == before == _both(registry)[1]


def test_the_report_fingerprint_is_the_same_from_stored_columns(cohort):
    registry = cohort
    _store(registry, "C-1", discharge_date=None, door_time=datetime(2025, 2, 1, 0, 0, 30))
    fast = report_inputs(registry, "2025-03", FIRST, LAST, date(2025, 6, 30), ["b1"])
    plain = report_inputs(registry, "2025-03", FIRST, LAST, date(2025, 6, 30), ["b1"],
                          window_cases(registry, FIRST, LAST))
    assert fast == plain and len(fast["cases"]) == 5


def test_an_empty_window_has_no_digests(registry):
    assert window_digests(registry, FIRST, LAST) == {} == case_digests([])


def test_month_and_rolling_process_equal_two_separate_computations(demo, ctx):
    from registry_app.services.reports.data import month_and_rolling_process
    from registry_app.services.statistics.process import compute_process
    month = CaseFilter(date_from=date(2025, 5, 1), date_to=date(2025, 5, 31), territory="cerebral")
    rolling = CaseFilter(date_from=date(2024, 6, 1), date_to=date(2025, 5, 31),
                         territory="cerebral")
    shared = month_and_rolling_process(demo, month, rolling)
    assert shared == {"month": compute_process(demo, month),
                      "rolling": compute_process(demo, rolling)}
    assert shared["month"] != shared["rolling"]


def test_the_report_data_fingerprints_equal_those_of_loaded_cases(demo, ctx):
    from registry_app.services.reports.data import build_report_data
    from registry_app.services.reports.signoff import fingerprint, month_cases
    data = build_report_data(demo, ctx.full_month, now=ctx.now)
    every = window_cases(demo, data.trend_from, data.period_to)
    assert data.verify["cases"] == case_digests(every) and len(every) > 300
    assert data.month_fingerprint == fingerprint(month_cases(demo, ctx.full_month, None))
    assert data.cases == month_cases(demo, ctx.full_month, with_identity=True)


@pytest.mark.postgres
def test_digests_from_stored_columns_equal_those_of_the_loaded_cases_on_postgresql(
        pg_registry, make_case):  # noqa: F811
    _cohort(pg_registry, make_case)
    _store(pg_registry, "L-1", symptom_duration_h=-0.0, procedural_complications=";a;;b;")
    _store(pg_registry, "C-2", end_time=datetime(2025, 3, 31, 23, 59, 59, 999999))
    fast, plain = _both(pg_registry)
    assert list(fast.items()) == list(plain.items()) and len(fast) == 5
