"""The benchmark library: shipped studies plus the department's own, listed, found and added."""
from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Mapping

from ...domain.benchmarks import ARMS, DESIGNS, METRICS, Benchmark, BenchmarkError, LibraryLoad, parse_benchmark
from .files import default_shipped_dir, load_library, save_user_benchmark
from ...domain.errors import NotFound, ValueProblem
from ...paths import user_benchmarks_dir

PathLike = str | os.PathLike[str]


class InvalidBenchmark(ValueProblem):
    """The benchmark is not valid; the message names the field and the problem."""


def _folders(user_dir: PathLike | None) -> tuple[Path, Path]:
    return default_shipped_dir(), Path(user_dir) if user_dir is not None else user_benchmarks_dir()


def library(user_dir: PathLike | None = None) -> LibraryLoad:
    """Shipped and user benchmarks, with one plain message per file that could not be read.

    Read again only when a file in either folder was added, removed or changed (the user
    folder's place is not part of the key: what is read from it depends on its files alone)."""
    shipped, user = _folders(user_dir)
    key = (shipped, _files(shipped), _files(user))
    loaded = _LOADED.get(key)
    if loaded is None:
        loaded = load_library(shipped, user)
        _LOADED.clear()
        _LOADED[key] = loaded
    return LibraryLoad(list(loaded.benchmarks), list(loaded.errors))


_LOADED: dict[tuple, LibraryLoad] = {}
"""The last library read, by its folders and their files (see _files)."""


def _files(folder: Path) -> tuple:
    """(name, digest of the content) of each benchmark file in the folder: reading the files
    is quick, parsing and checking them is not (and a modification time can be too coarse)."""
    if not folder.is_dir():
        return ()
    found: list[tuple[str, bytes | None]] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            found.append((path.name, hashlib.blake2b(path.read_bytes()).digest()))
        except OSError:  # unreadable: load_library reports it in plain words
            found.append((path.name, None))
    return tuple(found)


def list_benchmarks(user_dir: PathLike | None = None) -> list[Benchmark]:
    return library(user_dir).benchmarks


def get_benchmark(benchmark_id: str, user_dir: PathLike | None = None,
                  loaded: LibraryLoad | None = None) -> Benchmark:
    """One benchmark by id; NotFound names the known ids when there is no such benchmark."""
    loaded = loaded or library(user_dir)
    found = loaded.get(benchmark_id)
    if found is None:
        known = ", ".join(sorted(b.id for b in loaded.benchmarks)) or "none"
        raise NotFound(f"Benchmark: '{benchmark_id}' is not in the library. Known benchmarks: {known}.")
    return found


def territory_benchmarks(territory: str, user_dir: PathLike | None = None,
                         loaded: LibraryLoad | None = None) -> list[Benchmark]:
    """The library's benchmarks that studied this territory (cerebral, limb or coronary)."""
    loaded = loaded or library(user_dir)
    return [b for b in loaded.benchmarks if b.territory == territory]


def get_benchmarks(ids: Iterable[str], user_dir: PathLike | None = None) -> list[Benchmark]:
    """Several benchmarks in the order asked, each id checked (NotFound for the first unknown)."""
    ids = list(ids)
    if not ids:
        return []
    loaded = library(user_dir)
    return [get_benchmark(i, loaded=loaded) for i in dict.fromkeys(ids)]


def save_benchmark(data: Mapping[str, Any], user_dir: PathLike | None = None,
                   overwrite: bool = False) -> Benchmark:
    """Validate and store a user benchmark (overwrite=True edits an existing user benchmark)."""
    shipped, user = _folders(user_dir)
    try:
        save_user_benchmark(data, user, shipped, overwrite=overwrite)
        return parse_benchmark(data, "user")
    except BenchmarkError as exc:
        raise InvalidBenchmark(f"The benchmark was not saved. {exc}") from exc


def add_benchmark_file(path: PathLike, user_dir: PathLike | None = None,
                       overwrite: bool = False) -> Benchmark:
    """Read a benchmark TOML file, validate it like a shipped one and add it to the user library."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidBenchmark(f"{path.name}: the file could not be read ({exc.strerror}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InvalidBenchmark(f"{path.name}: the file is not valid TOML ({exc}).") from exc
    except UnicodeDecodeError as exc:
        raise InvalidBenchmark(f"{path.name}: the file is not UTF-8 text.") from exc
    return save_benchmark(data, user_dir, overwrite=overwrite)


def citation_text(benchmark: Benchmark) -> str:
    """'Authors. Journal Year;volume:pages. doi:… PMID …' with the parts that are known."""
    c = benchmark.citation
    text = f"{c.authors.rstrip('.')}. {c.journal}"  # 'et al.' ends in its own full stop
    text += f" {c.year}" if c.year else ""
    text += f";{c.volume_pages}" if c.volume_pages else ""
    text += "."
    text += f" doi:{c.doi}" if c.doi else ""
    text += f" PMID {c.pmid}" if c.pmid else ""
    return text


def result_summary(result) -> dict:
    """A result as listed: metric, arm, counts (events/total) or only the rate."""
    ci = result.ci95()
    return {"metric": result.metric, "metric_label": METRICS[result.metric].label,
            "arm": result.arm, "arm_label": ARMS[result.arm], "events": result.events,
            "total": result.total, "rate": result.rate, "ci95": list(ci) if ci else None,
            "derived": result.derived, "source_text": result.source_text, "note": result.note}


def benchmark_summary(benchmark: Benchmark) -> dict:
    """JSON-ready listing of one benchmark: citation, design, population, definitions, results."""
    population = asdict(benchmark.population)
    population["occlusion_sites"] = list(benchmark.population.occlusion_sites)
    return {"id": benchmark.id, "label": benchmark.label, "title": benchmark.title,
            "source": benchmark.source, "territory": benchmark.territory,
            "citation": citation_text(benchmark), "citation_fields": asdict(benchmark.citation),
            "design": benchmark.design, "design_label": DESIGNS[benchmark.design],
            "verification": benchmark.verification, "population": population,
            "definitions": asdict(benchmark.definitions), "notes": benchmark.notes,
            "results": [result_summary(r) for r in benchmark.results]}


def library_summary(user_dir: PathLike | None = None, territory: str | None = None) -> dict:
    """{'benchmarks': [...], 'errors': [...]} for `registry-app benchmarks --json`
    (only the benchmarks of one territory when `territory` is given)."""
    loaded = library(user_dir)
    chosen = [b for b in loaded.benchmarks if territory is None or b.territory == territory]
    return {"benchmarks": [benchmark_summary(b) for b in chosen],
            "errors": list(loaded.errors)}

