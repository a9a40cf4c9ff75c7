"""Several workstations writing to one PostgreSQL registry at once: lost updates and throughput.

Run from the repository root against a server you may create databases on:
    .venv/bin/python benchmarks/concurrent_writers.py --pg-url postgresql+psycopg://app@host:port/postgres
Makes a throwaway database with 200 demo cases, runs `--writers` processes (each its own
registry connection and user, as separate workstations) for `--seconds`, each entering new
cases and editing shared ones (so they collide), then checks the registry against what every
writer was told it saved and prints one JSON line. Exit 1 when an update was lost.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

SHARED_CASES = 200
HOT_CASES = 20  # the edits go to these (this month's follow-ups), so writers collide
EDIT_SHARE = 0.8  # four edits of a shared case for each new case entered
THINK_S = (0.0, 0.05)  # time between opening a case and saving it


def _admin_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _database(url: str, name: str, create: bool) -> str:
    """Create (or drop) a database beside the given one; returns its SQLAlchemy URL."""
    import psycopg
    from sqlalchemy.engine import make_url
    with psycopg.connect(_admin_url(url), autocommit=True) as connection:
        verb = "CREATE" if create else "DROP"
        connection.execute(f'{verb} DATABASE "{name}"' + ("" if create else " WITH (FORCE)"))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def seed(url: str, count: int) -> list[int]:
    from registry_app.services.demo.generator import fill_demo
    from registry_app.services.cases.queries import CaseFilter, case_ids
    from registry_app.services.registry import open_registry
    registry = open_registry(url, user="seed")
    fill_demo(registry, count, seed=3)
    ids = case_ids(registry, CaseFilter(), "procedure_date", False)
    registry.close()
    return ids


def writer(url: str, number: int, hot: list[int], seconds: float, out) -> None:
    """One workstation: edit shared cases and enter new ones until the time is up."""
    from registry_app.domain.errors import StaleRecord
    from registry_app.services.cases.editing import get_case, save_case
    from registry_app.services.demo.generator import iter_demo_cases
    from registry_app.services.registry import open_registry
    registry = open_registry(url, user=f"writer-{number}")
    rng, saved, conflicts, latencies = random.Random(number), [], 0, []
    fresh = iter_demo_cases(100_000, 100 + number, registry.today(), 1)
    deadline, entered = time.perf_counter() + seconds, 0
    while time.perf_counter() < deadline:
        if rng.random() < EDIT_SHARE:
            case = get_case(registry, rng.choice(hot))
            value = rng.choice([v for v in range(43) if v != case.values.get("nihss_24h")])
            case.values["nihss_24h"] = value
            time.sleep(rng.uniform(*THINK_S))
        else:
            entered += 1
            case = next(fresh)
            case.values["case_number"] = f"W{number}-{entered:05d}"
            value = None
        start = time.perf_counter()
        try:
            result = save_case(registry, case, None)
        except StaleRecord:
            conflicts += 1
            continue
        latencies.append(time.perf_counter() - start)
        saved.append((result.case_id, result.version, value))
    registry.close()
    out.put({"writer": number, "saved": saved, "conflicts": conflicts, "latencies": latencies})


def check(url: str, reports: list[dict]) -> dict:
    """Every save a writer was told succeeded is in the registry: no two saves of one case
    from the same version, each in the audit trail, the final value the last one written."""
    from sqlalchemy import func, select
    from registry_app.services.registry import open_registry
    from registry_app.storage.schema import AuditRow, CaseRow
    edits = [(case_id, version, value) for r in reports for case_id, version, value in r["saved"]
             if value is not None]
    versions = [(case_id, version) for case_id, version, _ in edits]
    duplicated = len(versions) - len(set(versions))
    registry = open_registry(url, user="checker")
    with registry.reading() as session:
        audited = dict(session.execute(
            select(AuditRow.case_id, func.count()).where(
                AuditRow.action == "update", AuditRow.field == "nihss_24h",
                AuditRow.user.like("writer-%")).group_by(AuditRow.case_id)).all())
        final = {row.id: (row.version, row.nihss_24h) for row in session.scalars(select(CaseRow))}
    registry.close()
    last: dict[int, tuple[int, int]] = {}
    for case_id, version, value in edits:
        if version > last.get(case_id, (0, 0))[0]:
            last[case_id] = (version, value)
    wrong_final = sum(1 for case_id, kept in last.items() if final[case_id] != kept)
    per_case = {}
    for case_id, _, _ in edits:
        per_case[case_id] = per_case.get(case_id, 0) + 1
    unaudited = sum(1 for case_id, n in per_case.items() if audited.get(case_id, 0) != n)
    return {"edits_saved": len(edits), "same_version_saved_twice": duplicated,
            "final_value_not_last_saved": wrong_final, "cases_audit_mismatch": unaudited,
            "lost_updates": duplicated + wrong_final + unaudited}


def run(pg_url: str, writers: int = 4, seconds: float = 60.0, shared: int = SHARED_CASES,
        hot: int = HOT_CASES) -> dict:
    """The whole benchmark on a throwaway database beside pg_url; the JSON-ready result."""
    name = f"bench_writers_{uuid.uuid4().hex[:8]}"
    url = _database(pg_url, name, create=True)
    try:
        hot_ids = seed(url, shared)[:hot]
        context = multiprocessing.get_context("spawn")
        out = context.Queue()
        workers = [context.Process(target=writer, args=(url, n, hot_ids, seconds, out))
                   for n in range(1, writers + 1)]
        for process in workers:
            process.start()
        reports = [out.get() for _ in workers]
        for process in workers:
            process.join()
        return summarise(reports, writers, seconds) | check(url, reports)
    finally:
        _database(pg_url, name, create=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    result = run(args.pg_url, args.writers, args.seconds)
    print(json.dumps(result))
    return 1 if result["lost_updates"] else 0


def summarise(reports: list[dict], writers: int, seconds: float) -> dict:
    latencies = [s for r in reports for s in r["latencies"]]
    saves = sum(len(r["saved"]) for r in reports)
    return {"writers": writers, "seconds": seconds, "saves": saves,
            "saves_per_second": round(saves / seconds, 1),
            "conflicts_reported": sum(r["conflicts"] for r in reports),
            "save_median_ms": round(statistics.median(latencies) * 1000, 1),
            "save_p95_ms": round(statistics.quantiles(latencies, n=20)[-1] * 1000, 1)}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
