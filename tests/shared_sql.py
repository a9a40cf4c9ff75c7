"""The tests' registries share their backend's compiled SQL, as one application's session does.

The application opens one registry and keeps its engine: every statement is compiled once
and then taken from the engine's cache. The tests open a fresh registry (a new engine) in
almost every test, so each test compiled the same statements again: about a tenth of the
suite's CPU time. Here every engine made with the same backend and options is given the
first such engine's dialect and compiled-statement cache (SQLAlchemy keys its cache by the
dialect object). Dialects of one backend made with the same options are interchangeable:
the SQLite library and the PostgreSQL test server are the same for the whole run.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy
from sqlalchemy.util import LRUCache

STATEMENTS_KEPT = 5000
"""Enough for every distinct statement of the suite (the default 500 is one engine's)."""

_shared: dict[tuple, tuple[Any, LRUCache]] = {}


def engine_sharing_compiled_sql(url, **options):
    """sqlalchemy.create_engine, but the dialect and statement cache are shared per backend
    and options. A dialect is shared only once a connection has initialised it (its server
    version is known); until then each engine keeps its own and only the cache is shared."""
    engine = _create_engine(url, **options)
    key = (type(engine.dialect), tuple(sorted((k, repr(v)) for k, v in options.items())))
    dialect, cache = _shared.get(key, (None, None))
    if cache is None:
        cache = LRUCache(STATEMENTS_KEPT)
    if dialect is None or dialect.server_version_info is None:
        dialect = engine.dialect
    engine.dialect = dialect
    engine.pool._dialect = dialect
    engine._compiled_cache = cache
    _shared[key] = (dialect, cache)
    return engine


_create_engine = sqlalchemy.create_engine


def share_compiled_sql() -> None:
    """Make the registry's engine factories share compiled SQL for the rest of the run."""
    from registry_app.storage import engine, migrate
    engine.create_engine = engine_sharing_compiled_sql
    migrate.create_engine = engine_sharing_compiled_sql
