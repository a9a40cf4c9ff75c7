"""Names, identifiers and the version shared by the PyInstaller spec and the build scripts.

The Inno Setup script (windows/registry_app.iss) repeats these values;
tests/packaging checks that both agree with registry_app itself.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"

APP_SLUG = "registry-app"
"""Executable, bundle folder and .desktop name (registry_app.paths.APP_SLUG)."""
DISPLAY_NAME = "IR Thrombectomy Registry"
"""The name users see (registry_app.paths.APP_NAME; the Windows install folder)."""
PUBLISHER = "The registry_app authors"
BUNDLE_ID = "org.registryapp.registry"
"""macOS CFBundleIdentifier."""
WINDOWS_APP_ID = "6BDF6AA0-E091-4EF6-BC89-6617D493AF9C"
"""Inno Setup AppId: fixed forever, so that a new version upgrades the old one in place."""

LAUNCHER = PACKAGING / "launcher.py"
SPEC = PACKAGING / "registry_app.spec"
ICON_SVG = ICONS / "registry-app.svg"
ICON_ICO = ICONS / "registry-app.ico"
ICON_ICNS = ICONS / "registry-app.icns"
ICON_PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_png(size: int) -> Path:
    return ICONS / f"registry-app-{size}.png"


def version(root: Path = ROOT) -> str:
    """registry_app.__version__, read from the source without importing the package."""
    text = (root / "registry_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
    if not match:
        raise RuntimeError("registry_app/__init__.py has no __version__ = '...' line")
    return match.group(1)


def tarball_name(app_version: str, machine: str = "x86_64") -> str:
    """'registry-app-0.1.0-linux-x86_64.tar.gz'."""
    return f"{APP_SLUG}-{app_version}-linux-{machine}.tar.gz"
