"""Helpers for the packaging tests: load the scripts in packaging/ (not an importable package)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_packaging_module(name: str):
    """Import packaging/<name>.py under its own name (the scripts import each other that way).

    'packaging' itself is never made importable: it would shadow the PyPI 'packaging' package.
    """
    if name in sys.modules and getattr(sys.modules[name], "__file__", "").startswith(str(PACKAGING)):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def appinfo():
    return load_packaging_module("appinfo")


@pytest.fixture(scope="session")
def iconfile():
    return load_packaging_module("iconfile")


@pytest.fixture(scope="session")
def bundle_filter():
    return load_packaging_module("bundle_filter")
