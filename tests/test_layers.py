"""The non-GUI layers must not import Qt (nor the GUI package)."""

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "registry_app"
QT_MODULES = ("PySide6", "shiboken6")
QT_FREE_MODULES = [
    "registry_app.domain",
    "registry_app.stats",
    "registry_app.storage",
    "registry_app.services",
    "registry_app.cli.main",
]
QT_FREE_PACKAGES = ["domain", "stats", "storage", "services", "cli"]
# The CLI may start the GUI lazily; the lower layers may not know it exists.
GUI_FREE_PACKAGES = ["domain", "stats", "storage", "services"]

PROBE = """
import importlib, json, sys
found = {{}}
for name in sys.argv[1:]:
    importlib.import_module(name)
    found[name] = sorted(m for m in sys.modules if m.split(".")[0] in {qt!r})
print(json.dumps(found))
""".format(qt=set(QT_MODULES))


def qt_modules_loaded_by(*modules: str) -> dict[str, list[str]]:
    """Import the modules in turn in one fresh interpreter; return, for each, the Qt modules
    loaded once it was imported (so a leak shows first under the module that caused it)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        cwd=SRC.parent,
        timeout=120,
    )
    assert result.returncode == 0, f"importing {modules} failed:\n{result.stderr}"
    return json.loads(result.stdout)


def test_importing_the_layers_does_not_load_qt():
    loaded = qt_modules_loaded_by(*QT_FREE_MODULES)
    assert loaded == {module: [] for module in QT_FREE_MODULES}


def test_probe_detects_qt():
    """Guards the test above against passing vacuously: a leak shows under its module and
    stays visible under the modules imported after it (a light one: importing the
    statistics would load SciPy for nothing)."""
    pytest.importorskip("PySide6.QtCore")
    after = "registry_app.domain.vocab"
    loaded = qt_modules_loaded_by("registry_app.domain.errors", "PySide6.QtCore", after)
    assert loaded["registry_app.domain.errors"] == []
    assert "PySide6.QtCore" in loaded["PySide6.QtCore"]
    assert "PySide6.QtCore" in loaded[after]


@functools.cache
def imported_names(path: Path, root: Path = SRC.parent) -> tuple[str, ...]:
    """Absolute dotted names imported by a source file (relative ones resolved); each file
    parsed once per test process (several checks read the same files)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = resolve(node, package)
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return tuple(names)


def resolve(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def source_files(package: str) -> list[Path]:
    root = SRC / package
    assert root.is_dir(), f"registry_app/{package} does not exist"
    return sorted(root.rglob("*.py"))


def is_within(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == top or name.startswith(top + ".") for top in forbidden)


def offending_imports(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """``file: name`` for every import of a forbidden package under ``package``."""
    return [
        f"{path.relative_to(SRC.parent)}: {name}"
        for path in source_files(package)
        for name in imported_names(path)
        if is_within(name, forbidden)
    ]


@pytest.mark.parametrize("package", QT_FREE_PACKAGES)
def test_sources_do_not_import_qt(package):
    assert offending_imports(package, QT_MODULES) == []


@pytest.mark.parametrize("package", GUI_FREE_PACKAGES)
def test_sources_do_not_import_gui(package):
    assert offending_imports(package, ("registry_app.gui",)) == []


def test_import_resolution_handles_relative_imports():
    """The AST walk must see ``from ..gui import x`` as registry_app.gui."""
    tree = ast.parse("from ..gui import x\nfrom . import y\nfrom .a import b\n")
    package = "registry_app.services"
    assert [resolve(node, package) for node in tree.body] == [
        "registry_app.gui",
        "registry_app.services",
        "registry_app.services.a",
    ]


def test_import_names_catch_every_spelling(tmp_path):
    pkg = tmp_path / "registry_app" / "services"
    pkg.mkdir(parents=True)
    source = pkg / "mod.py"
    source.write_text(
        "import PySide6.QtCore\nfrom shiboken6 import isValid\n"
        "from registry_app import gui\nfrom .. import gui as g\nimport os\n"
    )
    names = imported_names(source, root=tmp_path)
    assert [n for n in names if is_within(n, QT_MODULES)] == [
        "PySide6.QtCore", "shiboken6", "shiboken6.isValid"
    ]
    assert sum(is_within(n, ("registry_app.gui",)) for n in names) == 2
    assert not is_within("PySide6_Addons", QT_MODULES)
