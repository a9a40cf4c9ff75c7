"""The import contracts hold (.importlinter), and its no-cycles contract does catch a cycle."""
import textwrap
from pathlib import Path

import pytest

cli = pytest.importorskip("importlinter.cli", reason="import-linter is a dev dependency: pip install -e .[dev]")

CONFIG = Path(__file__).resolve().parents[1] / ".importlinter"


def lint(config: Path, *contracts: str) -> int:
    return cli.lint_imports(config_filename=str(config), limit_to_contracts=contracts, no_cache=True)


def test_the_packages_have_no_import_cycles():
    assert lint(CONFIG, "no-cycles") == 0


def test_the_no_cycles_contract_fails_on_a_cycle(tmp_path, monkeypatch):
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
    monkeypatch.syspath_prepend(str(tmp_path))
    assert lint(config, "no-cycles") == 1
