"""Tests for the registry_app.stats package surface: exports, immutability, purity."""

import ast
import dataclasses
import json
import pathlib

import pytest

import registry_app.stats as stats

ALLOWED_IMPORTS = {"__future__", "collections", "dataclasses", "datetime", "functools", "math",
                   "numpy", "operator", "registry_app", "scipy", "typing"}


def test_public_names_exported():
    for name in stats.__all__:
        assert hasattr(stats, name), name
    assert {"rate", "compare_arms", "compare_with_benchmark", "cusum_path", "cusum_threshold",
            "median_iqr", "distribution", "period_key", "periods_between",
            "missing_bounds"} <= set(stats.__all__)


@pytest.mark.parametrize("result", [
    stats.rate(4, 11),
    stats.compare_arms(16, 18, 4, 11),
    stats.compare_with_benchmark(8, 18, 0.396),
    stats.cusum_path([True, False], p0=0.1, h=2.0),
    stats.median_iqr([1, 2, 3]),
])
def test_results_frozen_and_json_ready(result):
    field = dataclasses.fields(result)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, field, None)
    json.dumps(result.to_dict())


def module_imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(pathlib.Path(stats.__file__).parent.glob("*.py")),
                         ids=lambda p: p.name)
def test_modules_pure_and_documented(path):
    assert module_imports(path) <= ALLOWED_IMPORTS
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and "\n" not in doc.strip()
