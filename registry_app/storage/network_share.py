"""Noticing a SQLite registry on a network share, where file locking is unreliable."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath
from typing import Callable

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "smb2", "sshfs", "fuse.sshfs", "afpfs", "webdav",
    "davfs", "fuse.davfs2", "ncpfs", "9p", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph",
    "lustre", "gpfs", "afs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse",
})
DRIVE_REMOTE = 4
MAC_MOUNT = re.compile(r"^(?P<source>.+?) on (?P<point>.+) \((?P<fstype>[^,)]+)")
ADVICE = ("SQLite files on network shares can be damaged when the share is slow or several"
          " computers write at once. Keep the registry on this computer's own disk, or move it"
          " to a PostgreSQL server when several workstations need it.")


def is_unc_path(text: str) -> bool:
    r"""A Windows network path: \\server\share\..., also written //server/share."""
    lowered = text.replace("/", "\\").lower()
    if lowered.startswith("\\\\?\\unc\\"):
        return True
    return lowered.startswith("\\\\") and not lowered.startswith(("\\\\?\\", "\\\\.\\"))


def _unescape_mount(text: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) from the text of /proc/mounts."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((_unescape_mount(parts[1]), parts[2].lower()))
    return mounts


def parse_mount_output(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) from the output of macOS/BSD `mount`."""
    found = (MAC_MOUNT.match(line) for line in text.splitlines())
    return [(m.group("point"), m.group("fstype").strip().lower()) for m in found if m]


def filesystem_of(path: str, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (mount point, type) holding a path: the longest mount point that contains it."""
    best = None
    for point, fstype in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, fstype)
    return best


def _mounts() -> list[tuple[str, str]]:
    try:
        if sys.platform.startswith("linux"):
            return parse_proc_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
        output = subprocess.run(["mount"], capture_output=True, text=True, timeout=5).stdout
        return parse_mount_output(output)
    except (OSError, subprocess.SubprocessError):
        return []


def _windows_drive_type(root: str) -> int:
    import ctypes
    return ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]


def network_share_warning(path: str | os.PathLike, *, platform: str | None = None,
                          mounts: list[tuple[str, str]] | None = None,
                          drive_type: Callable[[str], int] | None = None) -> str | None:
    """A plain warning when the registry file lies on a network share, else None.

    `platform`, `mounts` and `drive_type` default to this computer's; tests pass fakes.
    """
    text, platform = str(path), platform or sys.platform
    if platform.startswith("win"):
        return _windows_warning(text, drive_type or _windows_drive_type)
    found = filesystem_of(os.path.abspath(text), _mounts() if mounts is None else mounts)
    if found and found[1] in NETWORK_FILESYSTEMS:
        return (f"The registry file {text} lies on a network share ({found[1]} mounted at"
                f" {found[0]}). {ADVICE}")
    return None


def _windows_warning(text: str, drive_type: Callable[[str], int]) -> str | None:
    if is_unc_path(text):
        return f"The registry file {text} lies on a network share. {ADVICE}"
    drive = PureWindowsPath(text).drive
    if drive and drive_type(drive + "\\") == DRIVE_REMOTE:
        return f"The registry file {text} lies on a network drive ({drive}). {ADVICE}"
    return None
