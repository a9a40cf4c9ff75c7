"""A second desktop application is told who has the registry open, in plain words."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry_app.gui import app as gui_app

from ..conftest import copy_registry_file
from .conftest import click

REPO = Path(__file__).resolve().parents[2]
FIRST_APP = '''
import sys, time
from registry_app.services.registry import open_registry
open_registry(sys.argv[1], user="alice", hold="desktop")
print("open", flush=True)
time.sleep(120)
'''


@pytest.fixture
def quiet_hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_a_second_app_is_refused_naming_the_first(qapp, modals, tmp_path, quiet_hook,
                                                  registry_template):
    path = copy_registry_file(registry_template, tmp_path / "shared.sqlite3")  # not migrated again
    first = subprocess.Popen([sys.executable, "-c", FIRST_APP, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)
    try:
        assert first.stdout.readline() == "open\n", first.stderr.read()
        modals.then(click("Quit"))
        assert gui_app.main(str(path)) == gui_app.EXIT_NOT_OPENED
    finally:
        first.kill()
        first.communicate(timeout=30)
    assert modals.seen[0].startswith("The registry could not be opened")
    assert "alice has it open in the desktop application on" in modals.seen[0]
    assert f"(process {first.pid}," in modals.seen[0]
