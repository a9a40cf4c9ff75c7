"""The import contracts hold (.importlinter), and its no-cycles contract does catch a cycle."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("importlinter.cli", reason="import-linter is a dev dependency: pip install -e .[dev]")

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".importlinter"
LINT = ("import sys; from importlinter.cli import lint_imports;"
        " sys.exit(lint_imports(config_filename=sys.argv[1], limit_to_contracts=tuple(sys.argv[2:]), no_cache=True))")


def lint(config: Path, *contracts: str, path: Path = ROOT) -> int:
    """lint-imports in a child process (it sets up logging, which the GUI tests' log file needs)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", LINT, str(config), *contracts], env=env, cwd=path,
                          capture_output=True, timeout=300).returncode


def test_the_packages_have_no_import_cycles():
    assert lint(CONFIG, "no-cycles") == 0


def test_the_no_cycles_contract_fails_on_a_cycle(tmp_path):
    """Guards the test above against passing vacuously: the same contract type, one cycle."""
    package = tmp_path / "cyclic_reports"
    package.mkdir()
    (package / "__init__.py").write_text('"""A package whose two modules import each other."""\n')
    (package / "document.py").write_text("from . import sections\n")
    (package / "sections.py").write_text("from .document import __name__ as document_name\n")
    config = tmp_path / "contracts.ini"
    config.write_text(textwrap.dedent("""
        [importlinter]
        root_package = cyclic_reports

        [importlinter:contract:no-cycles]
        name = No cycles
        type = acyclic_siblings
        ancestors =
            cyclic_reports
    """))
    assert lint(config, "no-cycles", path=tmp_path) == 1
