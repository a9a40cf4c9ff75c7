"""Whether a registry file may be opened: writable, not an empty file, not damaged (SQLite's quick_check)."""
from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import RegistryError
from .backup import quick_check_file


class EmptyRegistryFile(RegistryError):
    """The registry file is empty (0 bytes), so it is not a registry."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"The file {path} is empty (0 bytes), so it holds no registry and was"
                         " not opened; restore a backup into it with 'registry-app restore"
                         " FILE', or delete the empty file to start a new registry.")
        self.path = path


class DamagedRegistry(RegistryError):
    """SQLite's quick check found damage in the registry file."""

    def __init__(self, path: Path, problems: list[str], backup: Path | None = None,
                 folder: Path | None = None) -> None:
        self.path, self.problems, self.backup = path, problems, backup
        found = "; ".join(problems[:3])
        if backup is not None:
            advice = (f"restore the newest good backup with: registry-app restore \"{backup}\"")
        elif folder is not None:
            advice = (f"there is no good backup in {folder}, so keep this file and restore a"
                      " copy from elsewhere with 'registry-app restore FILE'")
        else:
            advice = "restore a good backup with 'registry-app restore FILE'"
        super().__init__(f"The registry file {path} is damaged (SQLite's check reports: {found}),"
                         f" so it was not opened and nothing was changed; {advice}.")


class ReadOnlyRegistry(RegistryError):
    """The registry file, or the folder it is in or would be created in, cannot be written."""

    exit_code = 7  # services.failures.EXIT_UNWRITABLE: the disk or the place is unwritable

    def __init__(self, path: Path, where: str) -> None:
        self.path = path
        advice = ("Copy the file to a folder you can write to and open the copy, or ask for"
                  " write access" if path.exists() else
                  "Choose a folder you can write to for the new registry")
        super().__init__(f"The registry file {path} cannot be written here: {where}. The"
                         " application writes to its registry from the moment it opens it (the"
                         " lock that keeps two programs from writing at once, the audit trail,"
                         f" backups), so nothing was opened, created or changed. {advice}.")


def check_writable(path: Path | None) -> None:
    """ReadOnlyRegistry when the registry file, or the folder holding it (or the nearest
    existing folder of a file still to be created), cannot be written by this account.

    Checked before anything is opened: SQLite cannot even read a registry in WAL mode from a
    read-only folder, which its quick check would otherwise report as damage."""
    if path is None:
        return
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not can_write(folder):
        raise ReadOnlyRegistry(path, f"the folder {folder} is read-only (a read-only drive or"
                                     " share, or a folder of another user)")
    if path.exists() and not can_write(path):
        raise ReadOnlyRegistry(path, "the file is read-only (or belongs to another user)")


def can_write(path: Path) -> bool:
    """Whether this account may write the file, or create files in the folder (a read-only
    drive, share or file, or another user's, says no; on Windows only the file's read-only
    attribute is seen)."""
    return os.access(path, os.W_OK | os.X_OK if path.is_dir() else os.W_OK)


def check_file_health(path: Path | None) -> None:
    """EmptyRegistryFile or DamagedRegistry for a file that must not be opened; else nothing.

    A file that does not exist yet is fine (it becomes a new registry).
    """
    if path is None or not path.exists():
        return
    if path.stat().st_size == 0:
        raise EmptyRegistryFile(path)
    problems = quick_check_file(path)
    if problems:
        raise DamagedRegistry(path, problems)
