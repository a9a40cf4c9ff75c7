"""Export files written whole or not at all: a '.partial' file beside the target, renamed when complete."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from ...domain.errors import RegistryError
from ...private_files import create_private

PARTIAL = ".partial"
EXIT_EXPORT_FAILED = 7
"""As every file that cannot be written (services.failures.EXIT_UNWRITABLE)."""


class ExportFailed(RegistryError):
    """The export file could not be written; any earlier export of that name is left as it was."""

    exit_code = EXIT_EXPORT_FAILED


def partial_path(path: Path) -> Path:
    """Where a file is written before it is complete: 'cases.csv' → 'cases.csv.partial'."""
    return path.with_name(path.name + PARTIAL)


def check_folder(path: Path) -> None:
    """ExportFailed in one sentence when the target's folder does not exist."""
    if not path.parent.is_dir():
        raise ExportFailed(f"Export file: the folder '{path.parent}' does not exist; choose an"
                           " existing folder.")


@contextmanager
def atomic_files(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Yield the '.partial' paths to write; on success each replaces its target, on any
    failure they are removed and the targets (earlier exports) are untouched."""
    check_folder(targets[0])
    partials = [partial_path(t) for t in targets]
    for leftover in partials:  # from an export that was killed before it finished
        leftover.unlink(missing_ok=True)
    try:
        for partial in partials:  # owner-only from the start: an export can hold identifiers
            create_private(partial)
        yield partials
        for partial in partials:
            _sync(partial)
        for partial, target in zip(partials, targets):
            os.replace(partial, target)
    except OSError as exc:
        _remove(partials)
        raise ExportFailed(f"Export file: '{targets[0].name}' could not be written"
                           f" ({exc.strerror or exc}); an earlier export of that name was left"
                           " as it was.") from exc
    except BaseException:
        _remove(partials)
        raise


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
