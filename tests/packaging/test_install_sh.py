"""packaging/linux/install.sh, run on a stand-in bundle with a throw-away HOME."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import PACKAGING

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("sh") is None,
    reason="install.sh is the Linux installer and needs a POSIX shell")


@pytest.fixture
def bundle(tmp_path):
    """An unpacked 'bundle': install.sh, an executable, the desktop file and one icon."""
    folder = tmp_path / "registry-app-0.1.0"
    (folder / "share" / "applications").mkdir(parents=True)
    (folder / "share" / "icons" / "hicolor" / "48x48" / "apps").mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "install.sh", folder)
    shutil.copy2(PACKAGING / "linux" / "registry-app.desktop", folder / "share" / "applications")
    (folder / "share" / "icons" / "hicolor" / "48x48" / "apps" / "registry-app.png").write_bytes(b"png")
    exe = folder / "registry-app"
    exe.write_text("#!/bin/sh\necho stand-in registry-app \"$@\"\n")
    exe.chmod(0o755)
    return folder


def install(bundle, home, *args):
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(bundle / "install.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_user_install_puts_program_command_menu_entry_and_icon_in_place(bundle, tmp_path):
    home = tmp_path / "home"
    result = install(bundle, home)
    assert result.returncode == 0, result.stderr
    prefix = home / ".local" / "opt" / "registry-app"
    command = home / ".local" / "bin" / "registry-app"
    ran = subprocess.run([str(command), "--version"], capture_output=True, text=True)
    assert ran.stdout.strip() == "stand-in registry-app --version"
    desktop = (home / ".local/share/applications/registry-app.desktop").read_text()
    assert f"Exec={prefix}/registry-app gui" in desktop
    assert f"TryExec={prefix}/registry-app" in desktop
    assert (home / ".local/share/icons/hicolor/48x48/apps/registry-app.png").is_file()


def test_uninstall_removes_the_program_but_keeps_the_registry(bundle, tmp_path):
    home = tmp_path / "home"
    data = home / ".local" / "share" / "registry-app"
    data.mkdir(parents=True)
    (data / "registry.sqlite3").write_bytes(b"the department's cases")
    assert install(bundle, home).returncode == 0
    result = install(bundle, home, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert "registry and backups were left" in result.stdout
    assert not (home / ".local" / "opt" / "registry-app").exists()
    assert not (home / ".local" / "bin" / "registry-app").exists()
    assert not (home / ".local/share/applications/registry-app.desktop").exists()
    assert not (home / ".local/share/icons/hicolor/48x48/apps/registry-app.png").exists()
    assert (data / "registry.sqlite3").read_bytes() == b"the department's cases"


def test_unknown_option_is_refused(bundle, tmp_path):
    result = install(bundle, tmp_path / "home", "--everywhere")
    assert result.returncode == 2 and "unknown option --everywhere" in result.stderr
