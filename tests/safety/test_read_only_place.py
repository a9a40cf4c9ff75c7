"""A registry on a read-only drive, share or folder: refused in plain words as read-only (never
called damaged, which would send the coordinator to restore a backup over a sound file), with
nothing created or changed."""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from registry_app.cli.main import main
from registry_app.services import failures
from registry_app.services.registry import open_registry
from registry_app.storage import file_health
from registry_app.storage.file_health import ReadOnlyRegistry
from registry_app.storage.registry_lock import DESKTOP

from ..conftest import copy_registry_file

TRACEBACK_WORDS = ("Traceback", "sqlite3.", "sqlalchemy", "[SQL")


def run(*args):
    return main(list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_folder(demo_10_template, tmp_path):
    """A folder holding a registry of 10 demo cases (in WAL mode, as the application leaves
    it), made read-only for real: by its mode for an ordinary user, by a read-only bind mount
    for root (whom modes do not stop). Returns (folder, registry file)."""
    if sys.platform != "linux":
        pytest.skip("a real read-only folder is made with Linux modes or a bind mount here;"
                    " test_open_registry_refuses_a_place_it_cannot_write covers the refusal")
    folder = tmp_path / "archive"
    folder.mkdir()
    path = copy_registry_file(demo_10_template, folder / "reg.sqlite3")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, path
        folder.chmod(0o755)
        return
    if not (_mount("--bind", str(folder), str(folder))
            and _mount("-o", "remount,bind,ro", str(folder))):
        subprocess.run(["umount", str(folder)], capture_output=True)  # if only the bind took
        pytest.skip("running as root where bind mounts are not allowed (no read-only folder"
                    " can be made); test_open_registry_refuses_a_place_it_cannot_write covers"
                    " the refusal")
    try:
        yield folder, path
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_registry_in_a_read_only_folder_is_refused_as_read_only_not_damaged(
        read_only_folder, tmp_path, capsys):
    folder, path = read_only_folder
    before, names = digest(path), sorted(p.name for p in folder.iterdir())
    capsys.readouterr()
    assert run("--db", str(path), "report", "--month", "2026-10",
               "--pdf", str(tmp_path / "r.pdf")) == failures.EXIT_UNWRITABLE == 7
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"The registry file {path} cannot be written here: the folder {folder} is" \
           " read-only" in lines[0]
    assert "Copy the file to a folder you can write to and open the copy" in lines[0]
    assert "damaged" not in err and "restore" not in err
    assert not any(w in err for w in TRACEBACK_WORDS), err
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == names  # no lock, no -shm, no backup
    assert not (tmp_path / "r.pdf").exists()


def test_its_copy_in_a_writable_folder_opens(read_only_folder, tmp_path):
    """What the message advises works: the same file, copied, opens with its cases."""
    _, path = read_only_folder
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, copy)
    registry = open_registry(str(copy))
    try:
        with registry.reading() as session:
            assert session.connection().exec_driver_sql(
                "SELECT count(*) FROM cases").scalar() == 10
    finally:
        registry.close()


def test_a_new_registry_in_a_read_only_folder_is_not_created(read_only_folder, capsys):
    folder, _ = read_only_folder
    new = folder / "sub" / "new.sqlite3"
    capsys.readouterr()
    assert run("--db", str(new), "stats") == 7
    err = capsys.readouterr().err
    assert f"the folder {folder} is read-only" in err
    assert "Choose a folder you can write to for the new registry" in err
    assert not (folder / "sub").exists()


def test_open_registry_refuses_a_place_it_cannot_write(registry_template, tmp_path,
                                                       monkeypatch):
    """Wherever real read-only folders cannot be made (Windows, root without mounts): the
    refusal comes before the lock file, the health check or any SQLite connection."""
    path = copy_registry_file(registry_template, tmp_path / "reg.sqlite3")
    before = digest(path)
    monkeypatch.setattr(file_health, "can_write", lambda p: p != tmp_path)
    with pytest.raises(ReadOnlyRegistry) as caught:
        open_registry(str(path), hold=DESKTOP)
    assert caught.value.exit_code == 7
    assert f"the folder {tmp_path} is read-only" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.sqlite3"]
    assert digest(path) == before


def test_a_read_only_file_in_a_writable_folder_is_refused(registry_template, tmp_path,
                                                          monkeypatch):
    path = copy_registry_file(registry_template, tmp_path / "reg.sqlite3")
    monkeypatch.setattr(file_health, "can_write", lambda p: p != path)
    with pytest.raises(ReadOnlyRegistry) as caught:
        open_registry(str(path))
    assert "the file is read-only (or belongs to another user)" in caught.value.message
