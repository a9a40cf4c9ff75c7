"""Benchmark files: reading the shipped and user folders, and writing a user's benchmark as TOML."""
from __future__ import annotations

import math
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Mapping

from ...domain.benchmarks import Benchmark, BenchmarkError, LibraryLoad, parse_benchmark

def _problem(where: str, problem: str) -> BenchmarkError:
    return BenchmarkError(f"{where}: {problem}")


def default_shipped_dir() -> Path:
    """`<repo>/resources/benchmarks`, found from this file's location."""
    return Path(__file__).resolve().parents[3] / "resources" / "benchmarks"


def load_benchmark_file(path: str | os.PathLike[str], source: str = "shipped") -> Benchmark:
    """Read and validate one benchmark file; the file must be named `<id>.toml`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BenchmarkError(f"{path.name}: the file is not valid TOML ({exc}).") from exc
    except OSError as exc:
        raise BenchmarkError(f"{path.name}: the file could not be read ({exc.strerror}).") from exc
    benchmark = parse_benchmark(data, source, origin=path.name)
    if path.stem != benchmark.id:
        raise BenchmarkError(f"{path.name}: the file name must match the id ('{benchmark.id}.toml').")
    return benchmark


def _load_folder(folder: Path, source: str, known: dict[str, Benchmark], load: LibraryLoad) -> None:
    for path in sorted(folder.glob("*.toml")):
        try:
            benchmark = load_benchmark_file(path, source)
        except BenchmarkError as exc:
            load.errors.append(str(exc))
            continue
        if benchmark.id in known:
            other = "a shipped benchmark" if known[benchmark.id].source == "shipped" else "another file"
            load.errors.append(f"{path.name}: the id '{benchmark.id}' is already used by {other}; "
                               "give this benchmark a different id.")
            continue
        known[benchmark.id] = benchmark
        load.benchmarks.append(benchmark)


def load_library(shipped_dir: str | os.PathLike[str] | None = None,
                 user_dir: str | os.PathLike[str] | None = None) -> LibraryLoad:
    """Load shipped and user benchmarks; every broken file is reported, none hides the rest."""
    load = LibraryLoad()
    known: dict[str, Benchmark] = {}
    shipped = Path(shipped_dir) if shipped_dir is not None else default_shipped_dir()
    if not shipped.is_dir():
        load.errors.append(f"The benchmark folder {shipped} was not found.")
    else:
        _load_folder(shipped, "shipped", known, load)
    if user_dir is not None and Path(user_dir).is_dir():
        _load_folder(Path(user_dir), "user", known, load)
    return load


def save_user_benchmark(benchmark_dict: Mapping[str, Any], user_dir: str | os.PathLike[str],
                        shipped_dir: str | os.PathLike[str] | None = None,
                        overwrite: bool = False) -> Path:
    """Validate a user benchmark and write it as `<user_dir>/<id>.toml`; returns the path."""
    benchmark = parse_benchmark(benchmark_dict, "user")
    shipped = Path(shipped_dir) if shipped_dir is not None else default_shipped_dir()
    if (shipped / f"{benchmark.id}.toml").exists():
        raise _problem(f"benchmark '{benchmark.id}'.id", "is already used by a shipped benchmark; choose another id.")
    target = Path(user_dir) / f"{benchmark.id}.toml"
    if target.exists() and not overwrite:
        raise _problem(f"benchmark '{benchmark.id}'.id", "a user benchmark with this id already exists.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, benchmark_to_toml(benchmark))
    return target


def _write_atomically(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# A small TOML writer for this flat schema
# ---------------------------------------------------------------------------

_TOP_SCALARS = ("id", "short_name", "title", "territory", "design", "verification", "notes")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BenchmarkError(f"{value!r} cannot be written to a benchmark file.")
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise BenchmarkError(f"{value!r} cannot be written to a benchmark file.")


def _toml_lines(table: Mapping[str, Any]) -> list[str]:
    return [f"{key} = {_toml_value(value)}" for key, value in table.items() if value is not None]


def benchmark_to_toml(benchmark: Benchmark) -> str:
    """The benchmark as TOML text in the file schema (without `source`)."""
    data = benchmark.to_dict()
    top = {key: data[key] for key in _TOP_SCALARS}
    lines = _toml_lines(top)
    for table in ("citation", "population", "definitions"):
        lines += ["", f"[{table}]", *_toml_lines(data[table])]
    for result in data["results"]:
        lines += ["", "[[results]]", *_toml_lines(result)]
    return "\n".join(lines) + "\n"
