"""Where things live: the user's data folder, the default registry file and shipped resources."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "IR Thrombectomy Registry"
APP_SLUG = "registry-app"


def resources_dir() -> Path:
    """The shipped resources folder (next to the package, or inside a frozen bundle)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"


def data_dir() -> Path:
    """The user's data folder (REGISTRY_HOME overrides it, for tests and portable installs)."""
    override = os.environ.get("REGISTRY_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))


def default_db() -> str:
    """The registry to open: REGISTRY_DB (file or URL), else registry.sqlite3 in the data folder."""
    return os.environ.get("REGISTRY_DB") or str(data_dir() / "registry.sqlite3")


def backup_dir() -> Path:
    return data_dir() / "backups"


def user_benchmarks_dir() -> Path:
    return data_dir() / "benchmarks"


def staging_dir() -> Path:
    """Where a big import stages the rows it reads (deleted when it is done): the user's own
    folder on disk, not a RAM-backed temporary folder, and never shared with other users."""
    return data_dir() / "import-staging"


def log_dir() -> Path:
    return data_dir() / "logs"
