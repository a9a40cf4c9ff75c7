#!/usr/bin/env python3
"""Set up and run the registry: ``python3 run.py app|test [ARGS...]``.

``app``   starts the desktop application (``registry-app gui``); any ARGS are
          passed to ``registry-app`` instead, e.g. ``app demo --cases 200``.
``test``  runs the pytest suite headless (QT_QPA_PLATFORM=offscreen), on every
          core (pytest-xdist, one worker more than the cores); ARGS go to pytest.

Both first make sure that the virtual environment exists (``.venv``, or the
directory named by REGISTRY_VENV), that the project is installed in it
(reinstalled whenever ``pyproject.toml`` changes) and, on Linux, that the
system libraries Qt loads are present (REGISTRY_SKIP_LIBCHECK=1 skips that).

Standard library only: this runs on a bare Python 3.11+ before anything is
installed. Exit codes: the child's own, 2 for usage or venv problems, 3 for
missing system libraries or no display.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXTRAS = "test,postgres"
MARKER_NAME = ".registry-app-install"
USAGE = "usage: python3 run.py app [REGISTRY-APP ARGS...] | test [PYTEST ARGS...]"

# Shared objects Qt loads on every platform plugin, by soname -> Debian package.
OFFSCREEN_LIBS = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}

# Extra objects the xcb platform plugin (a real window) needs.
WINDOW_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

HEADLESS_PLATFORMS = ("offscreen", "minimal")


class BootstrapError(Exception):
    """A problem the user has to fix; ``code`` is the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# Virtual environment --------------------------------------------------------


def venv_dir(env: dict[str, str]) -> Path:
    """The venv directory: REGISTRY_VENV if set, else ``<repo>/.venv``."""
    return Path(env.get("REGISTRY_VENV") or ROOT / ".venv")


def venv_python(venv: Path, windows: bool = os.name == "nt") -> Path:
    """The interpreter inside ``venv`` (Scripts\\python.exe on Windows)."""
    if windows:
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def has_ensurepip() -> bool:
    """False on Debian/Ubuntu without python3-venv, where venv cannot add pip."""
    return importlib.util.find_spec("ensurepip") is not None


def no_ensurepip_error() -> BootstrapError:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return BootstrapError(
        "Cannot create the virtual environment: this Python has no 'ensurepip'.\n"
        "On Debian/Ubuntu install it with:  sudo apt-get install python3-venv"
        f"  (or python{version}-venv)",
        2,
    )


def ensure_venv(venv: Path) -> Path:
    """Return the venv's interpreter, creating the venv if there is none."""
    python = venv_python(venv)
    if python.exists():
        return python
    if venv.exists() and any(venv.iterdir()):
        raise BootstrapError(
            f"{venv} exists but has no {python.relative_to(venv)}; "
            "delete it and run again.",
            2,
        )
    create_venv(venv)
    upgrade_pip(python)
    return python


def create_venv(venv: Path) -> None:
    if not has_ensurepip():
        raise no_ensurepip_error()
    say(f"creating virtual environment in {venv}")
    existed = venv.exists()
    result = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True
    )
    if result.returncode == 0:
        return
    if not existed:
        shutil.rmtree(venv, ignore_errors=True)
    output = result.stdout + result.stderr
    if "ensurepip" in output:
        raise no_ensurepip_error()
    raise BootstrapError(f"'python -m venv' failed:\n{output.strip()}", 2)


def upgrade_pip(python: Path) -> None:
    say("upgrading pip")
    command = [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"]
    if subprocess.call(command) != 0:
        say("warning: could not upgrade pip; continuing with the bundled one")


# Installing the project -----------------------------------------------------


def install_digest(pyproject: bytes, extras: str) -> str:
    """Fingerprint of what was installed: pyproject.toml plus the extras."""
    return hashlib.sha256(pyproject + b"\0" + extras.encode()).hexdigest()


def needs_install(marker: Path, digest: str) -> bool:
    try:
        return marker.read_text(encoding="utf-8").strip() != digest
    except OSError:
        return True


def ensure_installed(python: Path, venv: Path) -> None:
    """``pip install -e .[test,postgres]`` unless the marker says it is current."""
    digest = install_digest((ROOT / "pyproject.toml").read_bytes(), EXTRAS)
    marker = venv / MARKER_NAME
    if not needs_install(marker, digest):
        return
    require_pip(python, venv)
    say("installing registry_app and its dependencies (new venv or pyproject.toml changed)")
    code = subprocess.call(
        [str(python), "-m", "pip", "install", "-e", f"{ROOT}[{EXTRAS}]"]
    )
    if code != 0:
        raise BootstrapError(f"pip install failed (exit {code}); see above.", code)
    marker.write_text(digest + "\n", encoding="utf-8")


def require_pip(python: Path, venv: Path) -> None:
    if subprocess.call([str(python), "-c", "import pip"]) != 0:
        raise BootstrapError(
            f"{venv} has no pip (created without python3-venv?). "
            "Delete it and run again.",
            2,
        )


# System libraries (Linux) ----------------------------------------------------


def wants_window(env: dict[str, str]) -> bool:
    """True when Qt will open a real window rather than render offscreen."""
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform:
        return platform not in HEADLESS_PLATFORMS
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def required_libs(command: str, env: dict[str, str]) -> dict[str, str]:
    if command == "app" and wants_window(env):
        return {**OFFSCREEN_LIBS, **WINDOW_LIBS}
    return dict(OFFSCREEN_LIBS)


def parse_ldconfig(output: str) -> set[str]:
    """Sonames listed by ``ldconfig -p``."""
    return {line.split()[0] for line in output.splitlines() if "=>" in line}


def ldconfig_sonames() -> set[str] | None:
    """Sonames in the linker cache, or None when ldconfig cannot be run."""
    for ldconfig in (shutil.which("ldconfig"), "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if not ldconfig:
            continue
        try:
            result = subprocess.run([ldconfig, "-p"], capture_output=True, text=True)
        except OSError:
            continue
        if result.returncode == 0:
            return parse_ldconfig(result.stdout)
    return None


def library_name(soname: str) -> str:
    """'libxcb-util.so.1' -> 'xcb-util', the name ctypes.util.find_library takes."""
    return soname.removeprefix("lib").split(".so")[0]


def present_sonames(sonames: list[str]) -> set[str]:
    cached = ldconfig_sonames()
    if cached is not None:
        return cached
    return {s for s in sonames if ctypes.util.find_library(library_name(s))}


def missing_packages(required: dict[str, str], present: set[str]) -> list[str]:
    """Debian packages providing the required sonames that are not present."""
    missing = [pkg for soname, pkg in required.items() if soname not in present]
    return list(dict.fromkeys(missing))


def apt_command(packages: list[str], is_root: bool) -> str:
    prefix = "" if is_root else "sudo "
    return f"{prefix}apt-get install --no-install-recommends {' '.join(packages)}"


def check_system_libs(command: str, env: dict[str, str]) -> None:
    if not sys.platform.startswith("linux") or env.get("REGISTRY_SKIP_LIBCHECK"):
        return
    required = required_libs(command, env)
    missing = missing_packages(required, present_sonames(list(required)))
    if missing:
        is_root = getattr(os, "geteuid", lambda: -1)() == 0
        raise BootstrapError(
            "Qt needs system libraries that are missing. On Debian/Ubuntu run:\n"
            f"  {apt_command(missing, is_root)}",
            3,
        )


def has_no_display(env: dict[str, str], platform: str = sys.platform) -> bool:
    """Linux with neither a display nor a Qt platform chosen: Qt would abort."""
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


# Commands ---------------------------------------------------------------------


def prepare(command: str, env: dict[str, str]) -> Path:
    """Check the system, then return the venv interpreter with the project installed."""
    check_system_libs(command, env)
    venv = venv_dir(env)
    python = ensure_venv(venv)
    ensure_installed(python, venv)
    return python


def run_app(args: list[str], env: dict[str, str]) -> int:
    if has_no_display(env):
        raise BootstrapError(
            "No display: set DISPLAY, run under xvfb-run, or QT_QPA_PLATFORM=offscreen.",
            3,
        )
    python = prepare("app", env)
    return run_child([str(python), "-m", "registry_app", *(args or ["gui"])], env)


def test_environment(env: dict[str, str]) -> dict[str, str]:
    """The tests' environment: headless Qt, and Python allowed to keep compiled modules.
    With PYTHONDONTWRITEBYTECODE set, every pytest worker and every registry-app subprocess
    a test starts compiles the project (and pytest rewrites each test module) again: about
    15 s of the suite's CPU on 2 cores."""
    kept = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, "QT_QPA_PLATFORM": "offscreen"}


def run_tests(args: list[str], env: dict[str, str]) -> int:
    env = test_environment(env)
    python = prepare("test", env)
    return run_child([str(python), "-m", "pytest", *pytest_args(args)], env, cwd=ROOT)


def parallel(cores: int | None = None) -> list[str]:
    """pytest-xdist options: one worker more than the cores (tests that wait on a subprocess,
    the PostgreSQL server or a timer leave a core free), idle workers taking tests from the
    others' queues. Measured on 2 cores: 3 workers stealing work 152 s, 2 workers 161 s
    (176 s with the default distribution), 4 workers 165 s."""
    return ["-n", str((cores or os.cpu_count() or 1) + 1), "--dist", "worksteal"]


def pytest_args(args: list[str], cores: int | None = None) -> list[str]:
    """ARGS with the suite spread over the cores, unless they choose the workers themselves
    (``-n 0`` runs in this process, ``-p no:xdist`` without the plugin)."""
    if any(a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in args):
        return list(args)
    return [*parallel(cores), *args]


def run_child(command: list[str], env: dict[str, str], cwd: Path | None = None) -> int:
    """Run a child process; a signal death becomes the shell's 128+N status."""
    try:
        code = subprocess.call(command, env=env, cwd=cwd)
    except KeyboardInterrupt:
        return 130
    return 128 - code if code < 0 else code


def say(message: str) -> None:
    print(f"run.py: {message}", file=sys.stderr, flush=True)


COMMANDS = {"app": run_app, "test": run_tests}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        wants_help = bool(argv) and argv[0] in ("-h", "--help", "help")
        print(USAGE, file=sys.stdout if wants_help else sys.stderr)
        return 0 if wants_help else 2
    try:
        if sys.version_info < (3, 11):
            raise BootstrapError("Python 3.11 or newer is required.", 2)
        return COMMANDS[argv[0]](argv[1:], dict(os.environ))
    except BootstrapError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return error.code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
