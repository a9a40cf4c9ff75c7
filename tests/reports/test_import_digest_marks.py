"""An import's new cases marked as a set mark exactly what the row-by-row triggers would."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import text

from registry_app.domain.errors import Cancelled
from registry_app.services.importing.file_import import import_file
from registry_app.services.interchange.exporting import export_registry
from registry_app.services.progress import CancelToken
from registry_app.storage import digest_marks

from ..conftest import copy_registry_file, open_on_test_clock
from .test_report_kept_digests import BACKENDS, _fill_and_keep, assert_in_step, demo, raw  # noqa: F401

KEY = "kept-digests-80"

GONE = "SELECT case_number FROM cases WHERE id % 3 = 0"
EDITED = "SELECT case_number FROM cases WHERE id % 3 = 1 AND id % 2 = 0"


@contextmanager
def _row_by_row(connection):
    """What the import did before: the triggers left in place, nothing marked as a set."""
    yield lambda ids: None


def _marks(registry) -> dict[int, int]:
    """Every case id's mark."""
    with registry.reading() as session:
        return dict(session.execute(text("SELECT case_id, mark FROM case_marks")).all())


def _numbers(registry, sql: str) -> list[str]:
    with registry.reading() as session:
        return list(session.scalars(text(sql)))


def _prepare(registry, gone: list[str], edited: list[str]) -> None:
    """Delete some cases and edit others, by number."""
    for number in gone:
        raw(registry, "DELETE FROM cases WHERE case_number = :n", n=number)
    for number in edited:
        raw(registry, "UPDATE cases SET mrs_90d = 0 WHERE case_number = :n", n=number)


@pytest.fixture(params=BACKENDS)
def twins(request, tmp_path):
    """Two identical copies of the kept-digests demo registry."""
    if request.param == "sqlite":
        template = request.getfixturevalue("filled_template")(KEY, _fill_and_keep)
        locations = [str(copy_registry_file(template, tmp_path / f"twin-{i}.sqlite3"))
                     for i in range(2)]
    else:
        template = request.getfixturevalue("pg_template")(KEY, _fill_and_keep)
        locations = [request.getfixturevalue("pg_clone")(template) for _ in range(2)]
    registries = [open_on_test_clock(location) for location in locations]
    for registry in registries:
        request.addfinalizer(registry.close)
    return registries


def test_an_import_marks_what_the_row_by_row_triggers_would(twins, tmp_path, monkeypatch):
    by_triggers, set_wise = twins
    export = tmp_path / "all.xlsx"
    export_registry(by_triggers, export)
    kept = assert_in_step(by_triggers)
    gone, edited = _numbers(by_triggers, GONE), _numbers(by_triggers, EDITED)
    assert gone and edited
    for registry in twins:  # the ids gone keep their marks: the new cases get some of them
        _prepare(registry, gone, edited)
    assert _marks(by_triggers) == _marks(set_wise)
    with monkeypatch.context() as patched:
        patched.setattr(digest_marks, "added_as_a_set", _row_by_row)
        expected = import_file(by_triggers, export, write_rejects=False)
    assert expected.created == len(gone) and expected.updated > 0

    marked: list[list[int]] = []
    marking = digest_marks._mark_new_cases
    monkeypatch.setattr(digest_marks, "_mark_new_cases", lambda connection, ids: (
        marked.append(sorted(ids)), marking(connection, ids)))
    report = import_file(set_wise, export, write_rejects=False)
    assert (report.created, report.updated) == (expected.created, expected.updated)
    assert _marks(set_wise) == _marks(by_triggers)
    sqlite = set_wise.engine.dialect.name == "sqlite"  # PostgreSQL's triggers mark per statement
    assert marked == ([sorted(_ids(set_wise, gone))] if sqlite else [])
    for registry in twins:
        assert assert_in_step(registry) == kept
        with registry.reading() as session:
            assert digest_marks.marks_kept(session.connection())


def _ids(registry, numbers: list[str]) -> list[int]:
    with registry.reading() as session:
        return [session.scalar(text("SELECT id FROM cases WHERE case_number = :n"), {"n": n})
                for n in numbers]


def test_a_cancelled_import_leaves_the_mark_triggers_and_the_marks(demo, tmp_path):  # noqa: F811
    export = tmp_path / "all.xlsx"
    export_registry(demo, export)
    raw(demo, "DELETE FROM cases")
    before, token = _marks(demo), CancelToken()

    def progress(label, done, total):
        if label == "Importing cases":
            token.cancel()
    with pytest.raises(Cancelled):
        import_file(demo, export, progress=progress, cancel=token, before_import=None,
                    write_rejects=False)
    assert _marks(demo) == before
    with demo.reading() as session:
        assert digest_marks.marks_kept(session.connection())
    import_file(demo, export, write_rejects=False)
    assert _marks(demo) != before and assert_in_step(demo)
