"""Files that can hold patient identifiers, created readable and writable by their owner only."""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

PRIVATE_MODE = 0o600
"""Owner read/write only (POSIX; Windows keeps the folder's access list)."""


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags, PRIVATE_MODE)


def _narrow(fd: int) -> None:
    """An existing file keeps its mode when opened: narrow it to the owner as well."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, PRIVATE_MODE)


def open_private(path: str | os.PathLike, mode: str = "w", **kwargs: Any) -> IO:
    """open() for identified exports, reports, rejects files and their temporary files:
    a new file is created 0600, and an existing one is narrowed to 0600 before writing."""
    handle = open(path, mode, opener=_opener, **kwargs)
    try:
        _narrow(handle.fileno())
    except OSError:
        handle.close()
        raise
    return handle


def create_private(path: str | os.PathLike) -> Path:
    """Create the file (empty) or narrow an existing one to 0600, without truncating it; for
    libraries that open the path themselves afterwards (openpyxl, reportlab, logging, QSettings)
    and keep the mode of the file they overwrite."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE)
    try:
        _narrow(fd)
    finally:
        os.close(fd)
    return target
