"""The GUI's error dialogs for a busy, full or read-only registry, and what the log may hold."""
from __future__ import annotations

import errno
import os
import sqlite3
import stat

import pytest
from sqlalchemy import event, text

from registry_app.gui.error_dialog import ErrorDialog
from registry_app.gui.errors import show_error
from registry_app.services.cases.editing import create_case

from .conftest import click

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX-only")


def test_a_registry_locked_by_another_program_is_a_plain_message(qapp, modals, registry,
                                                                   make_case, monkeypatch):
    def short_wait(connection, record):  # runs after the engine's own pragmas
        connection.execute("PRAGMA busy_timeout=200")
    event.listen(registry.engine, "connect", short_wait)
    registry.engine.dispose()  # new connections with the short wait
    holder = sqlite3.connect(str(registry.path), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Exception) as caught:
            create_case(registry, make_case("L-1"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    modals.then(click("OK"))
    show_error(None, caught.value)
    assert len(modals.seen) == 1 and modals.seen[0].startswith(
        "The registry is busy: The registry is busy: another program")


def test_a_full_disk_is_a_plain_message(qapp, modals):
    modals.then(click("OK"))
    show_error(None, OSError(errno.ENOSPC, "No space left on device"))
    assert modals.seen == ["The disk is full: The disk is full, so nothing more could be"
                           " written; free some space or choose another place, then try again."]


@POSIX
def test_unexpected_sql_errors_show_and_log_no_values(qapp, modals, registry,
                                                      isolated_user_data):
    old_umask = os.umask(0o022)
    seen = []

    def inspect(dialog):
        assert isinstance(dialog, ErrorDialog)
        seen.append(dialog.text.toPlainText())
        dialog.reject()
    modals.then(inspect)
    try:
        with registry.reading() as session:
            session.execute(text("SELECT * FROM nowhere WHERE mrn = :mrn AND name = :name"),
                            {"mrn": "MRN55501234", "name": "Jane Roe"})
    except Exception as exc:
        show_error(None, exc)
    finally:
        os.umask(old_umask)
    log = isolated_user_data / "logs" / "registry-app.log"
    written = log.read_text()
    assert "SELECT * FROM nowhere WHERE mrn = ?" in written and "no such table" in written
    for shown in (written, seen[0]):
        assert "MRN55501234" not in shown and "Jane Roe" not in shown
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
