"""Warning when a SQLite registry lies on a network share (pure parts with fake inputs)."""
import pytest

from registry_app.storage.network_share import (DRIVE_REMOTE, filesystem_of, is_unc_path,
                                                network_share_warning, parse_mount_output,
                                                parse_proc_mounts)

PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
//fileserver/ir /mnt/ir cifs rw,vers=3.0 0 0
server:/export/home /home/shared nfs4 rw 0 0
user@host:/data /media/my\\040share fuse.sshfs rw 0 0
tmpfs /mnt/ir/cache tmpfs rw 0 0
"""

MAC_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
//coordinator@nas._smb._tcp.local/Registry on /Volumes/Registry (smbfs, nodev, nosuid, mounted by coordinator)
nas:/exports on /Volumes/nfs share (nfs, asynchronous)
"""


@pytest.mark.parametrize("path, expected", [
    (r"\\server\share\registry.sqlite3", True),
    ("//server/share/registry.sqlite3", True),
    (r"\\?\UNC\server\share\registry.sqlite3", True),
    (r"\\?\C:\data\registry.sqlite3", False),
    (r"\\.\pipe\x", False),
    (r"C:\data\registry.sqlite3", False),
])
def test_unc_paths(path, expected):
    assert is_unc_path(path) is expected


def test_proc_mounts_are_parsed_with_escaped_spaces():
    mounts = parse_proc_mounts(PROC_MOUNTS)
    assert ("/mnt/ir", "cifs") in mounts and ("/media/my share", "fuse.sshfs") in mounts


def test_macos_mount_output_is_parsed():
    mounts = parse_mount_output(MAC_MOUNT)
    assert mounts == [("/", "apfs"), ("/Volumes/Registry", "smbfs"), ("/Volumes/nfs share", "nfs")]


def test_the_longest_mount_point_wins():
    mounts = parse_proc_mounts(PROC_MOUNTS)
    assert filesystem_of("/mnt/ir/cache/x.db", mounts) == ("/mnt/ir/cache", "tmpfs")
    assert filesystem_of("/mnt/ir/registry.sqlite3", mounts) == ("/mnt/ir", "cifs")
    assert filesystem_of("/mnt/irregular/x.db", mounts) == ("/", "ext4")


@pytest.mark.parametrize("path, kind", [
    ("/mnt/ir/registry.sqlite3", "cifs"), ("/home/shared/reg.db", "nfs4"),
    ("/media/my share/reg.db", "fuse.sshfs"),
])
def test_linux_network_file_systems_warn(path, kind):
    warning = network_share_warning(path, platform="linux", mounts=parse_proc_mounts(PROC_MOUNTS))
    assert warning and kind in warning and "network share" in warning and "PostgreSQL" in warning


@pytest.mark.parametrize("path", ["/home/me/registry.sqlite3", "/mnt/ir/cache/reg.db"])
def test_local_disks_do_not_warn(path):
    assert network_share_warning(path, platform="linux", mounts=parse_proc_mounts(PROC_MOUNTS)) is None


def test_macos_smb_volume_warns():
    warning = network_share_warning("/Volumes/Registry/reg.sqlite3", platform="darwin",
                                    mounts=parse_mount_output(MAC_MOUNT))
    assert warning and "smbfs" in warning


def test_windows_unc_and_mapped_network_drive_warn_local_drive_does_not():
    asked = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return DRIVE_REMOTE if root.upper() == "Z:\\" else 3

    assert "network share" in network_share_warning(r"\\srv\ir\reg.sqlite3", platform="win32",
                                                    drive_type=drive_type)
    assert "network drive (Z:)" in network_share_warning(r"Z:\registry\reg.sqlite3",
                                                         platform="win32", drive_type=drive_type)
    assert network_share_warning(r"C:\Users\me\reg.sqlite3", platform="win32",
                                 drive_type=drive_type) is None
    assert asked == ["Z:\\", "C:\\"]


def test_this_computer_temp_folder_is_not_a_share(tmp_path):
    assert network_share_warning(tmp_path / "registry.sqlite3") is None
