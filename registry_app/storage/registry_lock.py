"""A cross-process lock beside a registry file, naming who holds it (desktop app, restore, upgrade).

The lock is an OS lock (flock / msvcrt) on ``<registry>.lock``, which also records the
holder's user, computer, process id and purpose. The OS drops the lock when its process
dies, so a stale lock is simply taken over. Readers (statistics, export, report, check)
never take it: only the desktop application (for its whole session), a restore and a
schema upgrade do. Within one process the lock is re-entrant: a restore started from the
desktop application runs under the application's own lock.
"""
from __future__ import annotations

import json
import os
import socket
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from ..domain.errors import RegistryError

DESKTOP, RESTORE, UPGRADE = "desktop", "restore", "upgrade"
DOING = {DESKTOP: "has it open in the desktop application", RESTORE: "is restoring it",
         UPGRADE: "is upgrading its schema"}
WINDOWS_LOCK_OFFSET = 1 << 20
"""Windows locks a byte range: one byte far past the holder text, which stays readable."""


@dataclass(frozen=True)
class Holder:
    """Who holds a registry's lock."""

    user: str
    host: str
    pid: int
    purpose: str
    since: str

    def describe(self) -> str:
        doing = DOING.get(self.purpose, "is using it")
        return f"{self.user} {doing} on {self.host} (process {self.pid}, since {self.since})"

    def is_dead_here(self) -> bool:
        return self.host == socket.gethostname() and not pid_alive(self.pid)


class RegistryInUse(RegistryError):
    """The registry is locked by another program."""

    def __init__(self, action: str, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another program is using it"
        super().__init__(f"{action} refused: {who}; close it there and try again (nothing"
                         " was changed).")
        self.holder = holder


def lock_path(registry: Path) -> Path:
    return registry.with_name(registry.name + ".lock")


def pid_alive(pid: int) -> bool:
    """Whether a process of this computer is running (True when it cannot be told)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def read_holder(registry: Path) -> Holder | None:
    """The holder recorded beside a registry (None when free or unreadable)."""
    try:
        data = json.loads(lock_path(registry).read_text(encoding="utf-8") or "null")
        return Holder(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def _os_lock(fd: int) -> bool:
    """Take the OS lock without waiting: True taken, False held by a live process.

    OSError when the file system cannot lock (then the recorded holder decides).
    """
    try:
        if sys.platform == "win32":  # not os.name: mypy narrows the msvcrt stubs on this
            import msvcrt
            os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _os_unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


class RegistryLock:
    """The lock of one registry file, held by this process."""

    def __init__(self, registry: Path, purpose: str, user: str) -> None:
        self.registry, self.purpose, self.user = registry, purpose, user
        self.fd: int | None = None

    def acquire(self, action: str) -> None:
        """Take the lock, or RegistryInUse naming the holder (a dead holder's lock is taken over)."""
        self.registry.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(self.registry), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            taken = _os_lock(fd)
        except OSError:  # no OS locking here: trust the record unless its process is gone
            holder = read_holder(self.registry)
            taken = holder is None or holder.is_dead_here()
        if not taken:
            os.close(fd)
            raise RegistryInUse(action, read_holder(self.registry))
        self.fd = fd
        self._record(fd)

    def _record(self, fd: int) -> None:
        holder = Holder(self.user, socket.gethostname(), os.getpid(), self.purpose,
                        datetime.now().strftime("%Y-%m-%d %H:%M"))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(holder.__dict__).encode("utf-8"))

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            os.ftruncate(fd, 0)
            _os_unlock(fd)
        except OSError:
            pass  # closing the file releases the lock anyway
        finally:
            os.close(fd)


_HELD: dict[Path, list] = {}
"""This process's locks by registry file, with how many holders share each."""


def acquire(registry: Path, purpose: str, user: str, action: str) -> Path:
    """Hold the registry's lock (re-entrant within this process); returns the key for release."""
    key = Path(registry).resolve()
    if key in _HELD:
        _HELD[key][1] += 1
        return key
    lock = RegistryLock(key, purpose, user)
    lock.acquire(action)
    _HELD[key] = [lock, 1]
    return key


def release(key: Path) -> None:
    entry = _HELD.get(key)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] <= 0:
        del _HELD[key]
        entry[0].release()


def held_here(registry: Path) -> bool:
    return Path(registry).resolve() in _HELD


@contextmanager
def hold(registry: Path, purpose: str, user: str, action: str) -> Iterator[None]:
    """The registry's lock for the duration of a step (restore, upgrade)."""
    key = acquire(registry, purpose, user, action)
    try:
        yield
    finally:
        release(key)
