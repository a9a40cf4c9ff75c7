"""Workstations saving the same cases at once on PostgreSQL: conflicts, never a lost update."""
from __future__ import annotations

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.postgres
def test_concurrent_writers_lose_no_update(pg_url, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the writer processes import it by name
    import concurrent_writers
    result = concurrent_writers.run(pg_url, writers=3, seconds=2.0, shared=30, hot=2)
    assert result["edits_saved"] > 0
    assert result["conflicts_reported"] > 0  # two hot cases, three writers: they collide
    assert result["lost_updates"] == 0
