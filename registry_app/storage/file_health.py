"""Whether a registry file may be opened: not an empty file, not damaged (SQLite's quick_check)."""
from __future__ import annotations

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
