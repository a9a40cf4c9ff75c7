"""Safety-test fixtures: processes forked from one interpreter per worker (see forked.py)."""
import pytest

from .forked import Forks


@pytest.fixture(scope="session")
def fork_server(tmp_path_factory):
    """The worker's fork server, started once and ended with the session."""
    server = Forks(tmp_path_factory.mktemp("fork-server"))
    yield server
    server.close()


@pytest.fixture
def forks(fork_server):
    """The fork server for this test; the jobs a failing test left running are ended after it."""
    yield fork_server
    fork_server.end_leftovers()
