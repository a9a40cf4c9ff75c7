"""Safety-test fixtures: processes forked from one interpreter per test (see forked.py), and a
small registry made by the command line."""
import os

import pytest

from registry_app.cli.main import main

from ..conftest import copy_registry_file
from .forked import Forks


def _cli_demo_10(path: str) -> None:
    assert main(["--db", path, "demo", "--cases", "10"]) == 0


@pytest.fixture
def demo_10_template(filled_template):
    """A registry given 10 demo cases by the command line, made once per run: copy it."""
    return filled_template("cli-demo-10", _cli_demo_10)


@pytest.fixture
def demo_10_db(demo_10_template, tmp_path):
    """This test's copy of the registry of 10 demo cases made by the command line."""
    return str(copy_registry_file(demo_10_template, tmp_path / "reg.sqlite3"))


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
