"""Workstations saving the same cases at once on PostgreSQL: conflicts, never a lost update."""
from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
WRITER_IMPORTS = ["concurrent_writers", "registry_app.services.cases.editing",
                  "registry_app.services.demo.generator", "registry_app.services.registry"]


@pytest.fixture
def writers_forked_from_one_interpreter(monkeypatch):
    """The writer processes are forked from one server that imported the app once, instead of
    each starting Python and importing it (multiprocessing's 'forkserver', where the benchmark
    uses 'spawn'): still one process and one registry connection per writer. The server is
    stopped (and so reaped, its CPU counted) after the test."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WRITER_IMPORTS)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: context)
    yield
    forkserver._forkserver._stop()


@pytest.mark.postgres
def test_concurrent_writers_lose_no_update(pg_url, monkeypatch, writers_forked_from_one_interpreter):
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the writer processes import it by name
    import concurrent_writers
    result = concurrent_writers.run(pg_url, writers=3, seconds=2.0, shared=30, hot=2)
    assert result["edits_saved"] > 0
    assert result["conflicts_reported"] > 0  # two hot cases, three writers: they collide
    assert result["lost_updates"] == 0
