"""Build the Linux desktop bundle and its tarball: ``python3 packaging/build_linux.py``.

1. makes sure the project's venv (``.venv``, or REGISTRY_VENV) exists with the project and
   PyInstaller (the ``package`` extra of pyproject.toml) installed;
2. runs PyInstaller on packaging/registry_app.spec (one folder: dist/registry-app/);
3. strips symbols from the shared objects that can safely be stripped;
4. adds the .desktop file, the icons, install.sh and LICENSE to that folder;
5. checks that no bundled Qt library or plugin lost a Qt library it links to;
6. writes dist/registry-app-<version>-linux-<machine>.tar.gz and prints the sizes.

Options: ``--clean`` (PyInstaller rebuilds from scratch), ``--python PATH`` (build with this
interpreter, which must already have the project; the pinned PyInstaller is added if missing).
Exit status 0 on success.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

ROOT = appinfo.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / appinfo.APP_SLUG
LINUX_FILES = appinfo.PACKAGING / "linux"
# Libraries the bundle takes from the system on purpose (OpenGL, X11 and D-Bus plumbing).
QT_OWN = ("libQt6", "libicu", "libpyside6", "libshiboken6")


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def say(message: str) -> None:
    print(f"build_linux: {message}", flush=True)


# The build environment ---------------------------------------------------------------


def package_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The ``package`` optional dependencies (PyInstaller, pinned)."""
    with pyproject.open("rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]
    return list(extras["package"])


def venv_python() -> Path:
    """The venv interpreter with the project installed, set up by run.py's own code."""
    sys.path.insert(0, str(ROOT))
    import run  # run.py at the repository root: creates .venv and installs the project
    try:
        return run.prepare("test", dict(os.environ))
    except run.BootstrapError as exc:
        raise BuildError(str(exc)) from exc


def ensure_package_extra(python: Path) -> None:
    """pip-install the pinned PyInstaller unless that exact version is already there."""
    wanted = package_requirements()
    pins = [r.split("==", 1)[1] for r in wanted if r.lower().startswith("pyinstaller==")]
    probe = [str(python), "-c", "import PyInstaller; print(PyInstaller.__version__)"]
    found = subprocess.run(probe, capture_output=True, text=True).stdout.strip()
    if pins and found == pins[0]:
        return
    say(f"installing {' '.join(wanted)} into {python.parent.parent}")
    if subprocess.call([str(python), "-m", "pip", "install", "--quiet", *wanted]) != 0:
        raise BuildError("pip could not install the package extra (see above)")


# PyInstaller and the extra files ---------------------------------------------------------


def run_pyinstaller(python: Path, clean: bool) -> None:
    command = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(appinfo.SPEC)]
    if clean:
        command.insert(3, "--clean")
    say("running PyInstaller (1-3 minutes)")
    if subprocess.call(command, cwd=ROOT) != 0:
        raise BuildError("PyInstaller failed (see above)")


def add_desktop_files(bundle: Path = BUNDLE) -> None:
    """share/applications, share/icons/hicolor, install.sh and LICENSE inside the bundle."""
    share = bundle / "share"
    apps = share / "applications"
    apps.mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX_FILES / f"{appinfo.APP_SLUG}.desktop", apps)
    for size in appinfo.ICON_PNG_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(appinfo.icon_png(size), target / f"{appinfo.APP_SLUG}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(appinfo.ICON_SVG, scalable / f"{appinfo.APP_SLUG}.svg")
    shutil.copy2(LINUX_FILES / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)
    shutil.copy2(ROOT / "LICENSE", bundle / "LICENSE")


# Stripping -------------------------------------------------------------------------------------


def strippable(path: Path) -> bool:
    """Shared objects that auditwheel did not patch: stripping those (numpy's and SciPy's
    OpenBLAS, Pillow's codecs) leaves ELF files that no longer load."""
    if any(part.endswith(".libs") for part in path.parts):
        return False
    dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
    return dynamic.returncode == 0 and ".libs" not in dynamic.stdout


def strip_symbols(bundle: Path = BUNDLE) -> None:
    """Drop symbol tables from the Python runtime and extension modules (about 45 MiB).

    PyInstaller's own strip=True is all-or-nothing and breaks the wheels' vendored
    libraries, so the spec leaves it off and the safe files are stripped here. The
    executable is left alone: its Python archive is appended to it.
    """
    if shutil.which("strip") is None or shutil.which("readelf") is None:
        say("strip/readelf not found (package binutils): the bundle is not stripped")
        return
    files = [p for p in shared_objects(bundle / "_internal") if strippable(p)]
    for path in files:
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
    say(f"stripped {len(files)} shared objects")


# Checking the bundle ------------------------------------------------------------------------


def shared_objects(bundle: Path) -> list[Path]:
    return [p for p in bundle.rglob("*.so*") if p.is_file() and not p.is_symlink()]


def missing_libraries(path: Path, bundle: Path) -> list[str]:
    """Sonames `ldd` cannot find for one bundled file, as the frozen app would load it."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(bundle / "_internal")}
    result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
    return [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]


def check_libraries(bundle: Path = BUNDLE) -> None:
    """Fail when the Qt filtering in the spec dropped a library something still links to;
    list system libraries missing on this machine (users need them installed)."""
    if shutil.which("ldd") is None:
        say("ldd not found: skipping the library check")
        return
    broken, system = [], set()
    for path in shared_objects(bundle):
        for soname in missing_libraries(path, bundle):
            if soname.startswith(QT_OWN):
                broken.append(f"{path.relative_to(bundle)} needs {soname}")
            else:
                system.add(soname)
    if system:
        say("not installed on this machine, so not bundled (the user's machine must have"
            f" them for a window): {', '.join(sorted(system))}")
    if broken:
        raise BuildError("the bundle misses Qt libraries that it links to:\n  "
                         + "\n  ".join(broken) + "\nAdjust the filters in registry_app.spec.")


# The tarball and sizes --------------------------------------------------------------------------


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def make_tarball(version: str, bundle: Path = BUNDLE) -> Path:
    tarball = DIST / appinfo.tarball_name(version, platform.machine())
    say(f"writing {tarball.relative_to(ROOT)}")
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=f"{appinfo.APP_SLUG}-{version}")
    return tarball


def mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def build(python: Path | None, clean: bool) -> Path:
    started = time.monotonic()
    version = appinfo.version()
    python = python or venv_python()
    ensure_package_extra(python)
    run_pyinstaller(python, clean)
    strip_symbols()
    add_desktop_files()
    check_libraries()
    tarball = make_tarball(version)
    say(f"registry-app {version}: folder {BUNDLE.relative_to(ROOT)} {mib(folder_size(BUNDLE))},"
        f" tarball {tarball.name} {mib(tarball.stat().st_size)},"
        f" built in {time.monotonic() - started:.0f} s")
    return tarball


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch")
    parser.add_argument("--python", type=Path, help="interpreter to build with (default: the venv)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("build_linux: this builds the Linux bundle; see packaging/windows for Windows.",
              file=sys.stderr)
        return 2
    try:
        build(args.python, args.clean)
    except BuildError as exc:
        print(f"build_linux: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
