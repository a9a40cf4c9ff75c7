"""Safety-test fixtures: processes forked from one interpreter per test (see forked.py)."""
import os

import pytest

from .forked import Forks


@pytest.fixture
def forks(tmp_path_factory):
    """This test's fork server, so its jobs and their output share nothing with another
    test's; the jobs a failing test left running are ended after it."""
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork (POSIX): these processes are forked from one interpreter")
    server = Forks(tmp_path_factory.mktemp("fork-server"))
    yield server
    server.end_leftovers()
    server.close()
