"""Shared test setup: headless Qt, isolated user data, optional PostgreSQL."""

import os

# Must happen before anything imports Qt: without a display QApplication aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Registries and backups made by the tests skip fsync (storage.engine.NO_FSYNC_ENV); the
# application never sets this. REGISTRY_TEST_NO_FSYNC=0 runs the tests with fsync.
os.environ.setdefault("REGISTRY_TEST_NO_FSYNC", "1")

import pytest  # noqa: E402

PG_ENV = "REGISTRY_TEST_PG_URL"
PG_SKIP_REASON = (
    f"no PostgreSQL server: set {PG_ENV} to a postgresql+psycopg:// URL "
    "(e.g. postgresql+psycopg://app@127.0.0.1:55432/postgres)"
)


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path_factory, monkeypatch):
    """Point every data location at a fresh temp dir so tests never touch real data.

    Returns the temp "home"; ``REGISTRY_DB`` is ``<home>/registry.sqlite3``
    (not created here).
    """
    home = tmp_path_factory.mktemp("registry-home")
    monkeypatch.setenv("REGISTRY_HOME", str(home))
    monkeypatch.setenv("REGISTRY_DB", str(home / "registry.sqlite3"))
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / f"xdg-{name.lower()}"))
    return home


@pytest.fixture
def pg_url():
    """SQLAlchemy URL of a throwaway PostgreSQL server, or skip the test."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    return url


@pytest.fixture(scope="session")
def pg_admin():
    """An AUTOCOMMIT engine on the configured server (None without REGISTRY_TEST_PG_URL)."""
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    from sqlalchemy import create_engine
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _pg_name(kind: str) -> str:
    import secrets
    return f"registry_{kind}_{os.getpid()}_{next(_pg_numbers)}_{secrets.token_hex(3)}"


def _pg_run(admin, statement: str) -> None:
    from sqlalchemy import text
    with admin.connect() as connection:
        connection.execute(text(statement))


def pg_database_url(server_url: str, name: str) -> str:
    """The server's URL with another database name."""
    from sqlalchemy.engine import make_url
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


_pg_numbers = __import__("itertools").count(1)


@pytest.fixture(scope="session")
def pg_template(pg_admin):
    """template(key, fill) -> name of a database made once per worker and filled by
    fill(url); tests copy it with `pg_clone` (a copy costs far less than migrating and filling)."""
    made: dict[str, str] = {}

    def template(key: str, fill) -> str:
        if key not in made:
            name = _pg_name("template")
            _pg_run(pg_admin, f'CREATE DATABASE "{name}"')
            fill(pg_database_url(os.environ[PG_ENV], name))
            made[key] = name
        return made[key]
    yield template
    for name in made.values():
        _pg_run(pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_clone(pg_url, pg_admin):
    """clone(template name) -> URL of this test's own copy of it, dropped after the test."""
    made: list[str] = []

    def clone(template: str) -> str:
        name = _pg_name("test")
        _pg_run(pg_admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        made.append(name)
        return pg_database_url(pg_url, name)
    yield clone
    for name in made:
        _pg_run(pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_registry_url(pg_template, pg_clone):
    """URL of a fresh PostgreSQL registry at the newest schema (a copy of one migrated once)."""
    def migrate(url: str) -> None:
        from registry_app.services.registry import open_registry
        open_registry(url, user="tester").close()
    return pg_clone(pg_template("migrated", migrate))


def pytest_configure(config):
    """A pytest-xdist worker leaves without tearing its interpreter down: once its results are
    sent and the exit handlers have run, freeing every module, Qt object and registry copy
    one by one only delays the end of the run (about 3 s per worker, the suite's last
    seconds). The registries opened by the tests share their backend's compiled SQL
    (tests/shared_sql.py)."""
    from .shared_sql import share_compiled_sql
    share_compiled_sql()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        import atexit
        atexit.register(_leave_at_once)  # registered first, so it runs after the other handlers


def _leave_at_once() -> None:
    import sys
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(0)


def pytest_collection_modifyitems(items):
    """Tests marked ``slow`` first (otherwise in collection order): spread over the
    pytest-xdist workers, a long test then never runs alone at the end of the suite."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` skip (with the reason) when no server is configured."""
    if item.get_closest_marker("postgres") and not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)


TODAY = __import__("datetime").date(2025, 6, 30)
NOW = __import__("datetime").datetime(2025, 6, 30, 14, 30)
"""The clock of the `registry` fixture: tests never read the wall clock."""


def valid_case_values(number: str = "C-0001", **overrides):
    """Values of a complete, valid cerebral case (failed MT, rescue stent, outcome known)."""
    from datetime import date, datetime
    values = dict(
        case_number=number, territory="cerebral", procedure_date=date(2025, 1, 10),
        operator="OP1", age=67, sex="F", prestroke_mrs=0, nihss_admission=14, aspects=8,
        occlusion_site="M1", occlusion_side="left", tandem_lesion=False, ivt=True,
        ivt_agent="alteplase", onset_type="witnessed",
        onset_time=datetime(2025, 1, 10, 8, 0), door_time=datetime(2025, 1, 10, 9, 10),
        imaging_time=datetime(2025, 1, 10, 9, 30), puncture_time=datetime(2025, 1, 10, 10, 15),
        first_pass_time=datetime(2025, 1, 10, 10, 40), reperfusion_time=datetime(2025, 1, 10, 11, 30),
        end_time=datetime(2025, 1, 10, 11, 45), first_line_technique="stent_retriever",
        reperfusion_scale="eTICI", reperfusion_after_mt="1", rescue_stent=True,
        rescue_reason="failed_mt", stent_device="Enterprise 2", antiplatelet_regimen="tirofiban",
        final_reperfusion="2b67", procedural_complications=("none",), sich=False,
        sich_definition="heidelberg", heidelberg_class="none", mrs_90d=2,
        followup_date=date(2025, 4, 10), followup_method="phone", discharge_date=date(2025, 1, 20),
        discharge_mrs=3, discharge_destination="rehab",
    )
    values.update(overrides)
    return values


def two_passes():
    from datetime import datetime
    return [
        {"pass_number": 1, "technique": "stent_retriever", "device": "Solitaire X",
         "reperfusion_grade": "0", "pass_time": datetime(2025, 1, 10, 10, 40)},
        {"pass_number": 2, "technique": "combined", "device": "Solitaire X + React 71",
         "reperfusion_grade": "1", "pass_time": datetime(2025, 1, 10, 11, 0)},
    ]


def case_factory():
    """Factory of valid cases: make_case("C-1", mrs_90d=6, ...) with two passes by default."""
    from registry_app.domain.case import Case

    def factory(number: str = "C-0001", passes=None, identity=None, **overrides):
        return Case(values=valid_case_values(number, **overrides),
                    passes=two_passes() if passes is None else passes,
                    identity=identity or {})
    return factory


@pytest.fixture
def make_case():
    """Factory of valid cases: make_case("C-1", mrs_90d=6, ...) with two passes by default."""
    return case_factory()


def built_once(tmp_path_factory, key: str, build):
    """Path of a registry file made by build(path) once for the whole run: under pytest-xdist
    the first worker that needs it builds it while the others wait, then all copy it (never
    change it). `key` names what the file holds."""
    import sqlite3

    from filelock import FileLock
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    folder = root / "built-once"
    folder.mkdir(exist_ok=True)
    path = folder / f"{key}.sqlite3"
    with FileLock(str(folder / f"{key}.lock")):
        if not path.exists():
            building = folder / f"{key}.building" / "registry.sqlite3"
            building.parent.mkdir(exist_ok=True)
            build(building)
            connection = sqlite3.connect(building)  # everything into the main file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
            os.replace(building, path)
    return path


@pytest.fixture(scope="session")
def registry_template(tmp_path_factory):
    """An empty registry at the newest schema, made once: fresh registries are copies of it
    (migrating a new file costs about 0.2 s, copying it a few milliseconds)."""
    from registry_app.services.registry import open_registry
    return built_once(tmp_path_factory, "template",
                      lambda path: open_registry(str(path), user="tester").close())


@pytest.fixture(scope="session")
def filled_template(registry_template, tmp_path_factory):
    """template(key, fill) -> path of a registry file made once per run: a copy of the
    migrated template filled by fill(path). Tests copy it (`copy_registry_file`) and never
    change it."""
    import shutil

    def build(fill):
        def made(path) -> None:
            shutil.copy2(registry_template, path)
            fill(str(path))
        return made

    def template(key: str, fill):
        return built_once(tmp_path_factory, f"filled-{key}", build(fill))
    return template


def copy_registry_file(source, target):
    """Copy a closed registry file with its write-ahead log, if any (modes too: the registry
    is owner-only); returns the target."""
    import shutil
    from pathlib import Path
    source, target = Path(source), Path(target)
    for suffix in ("", "-wal", "-shm"):
        part = source.with_name(source.name + suffix)
        if part.exists():
            shutil.copy2(part, target.with_name(target.name + suffix))
    return target


def open_on_test_clock(location):
    """A registry opened with the tests' fixed clock (today 2025-06-30)."""
    from registry_app.services.registry import open_registry
    reg = open_registry(str(location), user="tester")
    reg.today = lambda: TODAY
    reg.now = lambda: NOW
    return reg


def filled_with(fill):
    """A `filled_template` fill that opens the registry on the tests' clock and calls fill(registry)."""
    def fill_path(path: str) -> None:
        reg = open_on_test_clock(path)
        try:
            fill(reg)
        finally:
            reg.close()
    return fill_path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_registry(request):
    """A fresh registry on each backend (a copy of the template on SQLite, a copy of a
    PostgreSQL database migrated once otherwise) whose clock is the tests' fixed clock."""
    if request.param == "sqlite":
        return request.getfixturevalue("registry")
    registry = open_on_test_clock(request.getfixturevalue("pg_registry_url"))
    request.addfinalizer(registry.close)
    return registry


@pytest.fixture
def filled_copy(request, tmp_path, filled_template):
    """copy(backend, key, fill) -> this test's open copy, on the tests' clock, of a registry
    filled by fill(location) once: per run on SQLite ('sqlite'), per worker on PostgreSQL
    ('postgresql', a database copied from a template). Closed after the test."""
    def copy(backend: str, key: str, fill):
        if backend == "sqlite":
            location = str(copy_registry_file(filled_template(key, fill),
                                              tmp_path / "registry.sqlite3"))
        else:
            template = request.getfixturevalue("pg_template")(key, fill)
            location = request.getfixturevalue("pg_clone")(template)
        registry = open_on_test_clock(location)
        request.addfinalizer(registry.close)
        return registry
    return copy


@pytest.fixture
def registry(tmp_path, registry_template):
    """A fresh SQLite registry whose 'today' is fixed at 2025-06-30."""
    import shutil

    from registry_app.services.registry import open_registry
    target = tmp_path / "registry.sqlite3"
    shutil.copy2(registry_template, target)  # mode too: the registry is owner-only
    reg = open_registry(str(target), user="tester")
    reg.today = lambda: TODAY
    reg.now = lambda: NOW
    yield reg
    reg.close()
