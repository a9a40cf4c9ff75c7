"""Shared test setup: headless Qt, isolated user data, optional PostgreSQL."""

import os

# Must happen before anything imports Qt: without a display QApplication aborts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` skip (with the reason) when no server is configured."""
    if item.get_closest_marker("postgres") and not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
