"""Crash safety: a writer killed at random moments leaves every committed case whole, nothing half-written."""
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from registry_app.services.cases.editing import find_case_id, get_case
from registry_app.services.registry import open_registry
from registry_app.services.maintenance.registry_check import check_registry

from .forked import Streamed

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")]

ROUNDS = 8

CASE_SOURCE = '''
from datetime import date, datetime, timedelta
from registry_app.domain.case import Case

def deterministic_case(n):
    """Case n of the kill test: every value follows from n, so it can be checked later."""
    day = date(2025, 1, 1) + timedelta(days=n % 150)
    start = datetime(day.year, day.month, day.day, 8, 0) + timedelta(minutes=n % 300)
    passes = [{"pass_number": i + 1, "technique": ("aspiration", "stent_retriever")[(n + i) % 2],
               "device": f"device {n}-{i}", "reperfusion_grade": ("1", "2b", "3")[(n + i) % 3],
               "pass_time": start + timedelta(minutes=10 * (i + 1))} for i in range(1 + n % 3)]
    return Case(values={"case_number": f"K-{n:06d}", "territory": "cerebral",
                        "procedure_date": day, "age": 30 + n % 60, "nihss_admission": n % 40,
                        "puncture_time": start, "notes": "x" * (n % 300)},
                passes=passes, identity={"mrn": f"MRN-{n}"})
'''

JOBS = CASE_SOURCE + '''
from registry_app.services.cases.editing import create_case
from registry_app.services.importing.file_import import import_file
from registry_app.services.registry import open_registry


def writer(path, number):
    registry = open_registry(path, user="writer")
    registry.today = lambda: date(2025, 6, 30)
    number = int(number)
    while True:
        create_case(registry, deterministic_case(number))
        print(number, flush=True)  # only after the commit returned
        number += 1


def importer(path, source):
    registry = open_registry(path, user="importer")

    def progress(label, done, total):
        if label == "Importing cases":  # the first 2,000 cases are inserted, not yet committed
            print("writing", flush=True)
    import_file(registry, source, before_import=None, progress=progress)
    print("done", flush=True)
'''

namespace: dict = {}
exec(CASE_SOURCE, namespace)
deterministic_case = namespace["deterministic_case"]


@pytest.fixture
def jobs(forks):
    """Each killed writer or importer is forked from one interpreter that imported the app."""
    forks.define(JOBS)
    return forks


def kill_after_first_line(child: Streamed, rng: random.Random,
                          longest: float = 0.4) -> list[str]:
    """Wait for the child's first line, let it run a random while, SIGKILL it."""
    first = child.readline()
    assert first, f"the writer died before its first line: {child.forks.errors.read_text()}"
    time.sleep(rng.uniform(0.0, longest))
    rest = child.kill_and_read_rest(signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    return [first.strip()] + rest


def stored_numbers(path: Path) -> list[int]:
    connection = sqlite3.connect(path)
    rows = connection.execute("SELECT case_number FROM cases").fetchall()
    connection.close()
    return sorted(int(r[0].split("-")[1]) for r in rows)


def assert_consistent(path: Path) -> None:
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = connection.execute("SELECT count(*) FROM audit_log WHERE case_id NOT IN"
                                 " (SELECT id FROM cases)").fetchone()[0]
    without_audit = connection.execute("SELECT count(*) FROM cases WHERE id NOT IN"
                                       " (SELECT case_id FROM audit_log)").fetchone()[0]
    connection.close()
    assert (orphans, without_audit) == (0, 0)


def assert_intact(registry, number: int) -> None:
    expected = deterministic_case(number)
    case = get_case(registry, find_case_id(registry, f"K-{number:06d}"))
    for code, value in expected.values.items():
        if value is not None:
            assert case.values[code] == value, (number, code)
    assert [{k: p[k] for k in expected.passes[0]} for p in case.passes] == \
        [{k: p[k] for k in expected.passes[0]} for p in expected.passes], number
    assert case.identity["mrn"] == f"MRN-{number}" and case.values["mt_passes"] == len(expected.passes)


def test_killing_a_writer_never_loses_a_committed_case(tmp_path, jobs, registry_template):
    path, rng = tmp_path / "killed.sqlite3", random.Random(20251123)
    shutil.copy2(registry_template, path)  # a new registry: not what is under test here
    reported: set[int] = set()
    started = time.perf_counter()
    for _ in range(ROUNDS):
        following = max(stored_numbers(path), default=0) + 1
        lines = kill_after_first_line(jobs.stream("writer", str(path), str(following)), rng)
        reported |= {int(line) for line in lines}
        assert_consistent(path)
    stored = stored_numbers(path)
    assert reported <= set(stored) and len(reported) >= ROUNDS
    registry = open_registry(str(path))
    registry.today = lambda: __import__("datetime").date(2025, 6, 30)
    for number in stored:  # committed but unreported cases must be whole too
        assert_intact(registry, number)
    report = check_registry(registry)
    assert report.database == [] and report.cases_checked == len(stored)
    registry.close()
    print(f"{ROUNDS} kills, {len(stored)} cases, {time.perf_counter() - started:.1f} s")


def test_an_import_killed_midway_leaves_all_or_nothing(tmp_path, jobs, registry_template):
    path, source, rng = tmp_path / "import.sqlite3", tmp_path / "many.csv", random.Random(7)
    lines = [f"I-{n:05d},2025-01-{n % 28 + 1:02d},{30 + n % 60}" for n in range(3000)]
    source.write_text("case_number,procedure_date,age\n" + "\n".join(lines) + "\n")
    shutil.copy2(registry_template, path)  # a new registry: not what is under test here
    outcomes = []
    for _ in range(3):
        child = jobs.stream("importer", str(path), str(source))
        kill_after_first_line(child, rng, longest=0.05)  # killed inside the import's transaction
        assert_consistent(path)
        outcomes.append(len(stored_numbers(path)))
        if outcomes[-1]:
            break
    assert set(outcomes) <= {0, 3000} and 0 in outcomes
