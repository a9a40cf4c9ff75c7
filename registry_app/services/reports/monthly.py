"""Monthly audit reports: one call writes the workbook and/or PDF safely (for the GUI and CLI)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ...domain.errors import RegistryError
from ...private_files import PRIVATE_MODE
from ..progress import CancelToken, Progress, check_cancel, no_progress
from ..registry import Registry, save_settings
from .data import ReportData, build_report_data, collector_paused
from .signoff import REPORT_TERRITORY


class ReportFileError(RegistryError):
    """The report file could not be written."""


@dataclass(frozen=True)
class ReportResult:
    """What was written: the month, the files, the fingerprint and the notes to show."""

    month: str
    cases: int
    fingerprint: str
    xlsx: Path | None = None
    pdf: Path | None = None
    identified: bool = False
    warnings: list[str] = field(default_factory=list)


def check_target(path: str | os.PathLike, suffix: str) -> Path:
    """The output path, or ReportFileError in plain words (wrong ending, no such folder)."""
    target = Path(path).expanduser()
    label = "Excel report" if suffix == ".xlsx" else "PDF report"
    if target.suffix.lower() != suffix:
        raise ReportFileError(f"{label}: '{target.name}' must end in {suffix}.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise ReportFileError(f"{label}: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise ReportFileError(f"{label}: {folder} is a file, not a folder.")
    if target.is_dir():
        raise ReportFileError(f"{label}: {target} is a folder, not a file name.")
    return target


def remember_centre(registry: Registry, name: str | None, logo: str | None) -> bool:
    """Store the centre's name and logo in the registry settings (audited) when given and
    different from what is stored; True when something was saved. Once is enough: every
    later report prints them."""
    from dataclasses import replace
    settings = registry.settings()
    changes: dict[str, Any] = {}
    if name is not None and name.strip() and name.strip() != settings.center_name:
        changes["center_name"] = name.strip()
    if logo is not None:
        path = str(Path(logo).expanduser().resolve()) if logo.strip() else ""
        if path != settings.logo_path:
            changes["logo_path"] = path
    if changes:
        save_settings(registry, replace(settings, **changes))
    return bool(changes)


def write_safely(target: Path, writer: Callable[[ReportData, Path], object],
                 data: ReportData) -> Path:
    """Write to a temporary file beside the target, then replace it (no half-written reports)."""
    temp = target.with_name(f".{target.stem}-{secrets.token_hex(4)}.part{target.suffix}")
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
        os.close(fd)  # owner-only from the start: a workbook can hold identifiers
    except OSError as exc:
        raise ReportFileError(f"Report file: cannot write in {target.parent}"
                              f" ({exc.strerror or exc}).") from exc
    try:
        writer(data, temp)
        os.replace(temp, target)
    except OSError as exc:
        raise ReportFileError(f"Report file: cannot write {target}"
                              f" ({exc.strerror or exc}).") from exc
    finally:
        temp.unlink(missing_ok=True)
    return target


def generate_report(registry: Registry, month: str, *, xlsx: str | os.PathLike | None = None,
                    pdf: str | os.PathLike | None = None, benchmark_ids: Sequence[str] = (),
                    identified: bool = False, territory: str = REPORT_TERRITORY,
                    progress: Progress = no_progress, cancel: CancelToken | None = None,
                    operator_names: bool = False) -> ReportResult:
    """Build the month's report once and write the workbook and/or the PDF.

    The PDF is always de-identified; `identified` adds name, MRN and date of birth to the
    workbook's Cases sheet and marks every sheet with a banner. Operators are letters A, B,
    C... in both files unless `operator_names` asks for their names.
    """
    if xlsx is None and pdf is None:
        raise ReportFileError("Report: name an Excel (.xlsx) or PDF (.pdf) file to write.")
    targets = (check_target(xlsx, ".xlsx") if xlsx is not None else None,
               check_target(pdf, ".pdf") if pdf is not None else None)
    with collector_paused():  # the report's objects all live until both files are written
        data = build_report_data(registry, month, benchmark_ids, identified=identified,
                                 territory=territory, progress=progress, cancel=cancel,
                                 operator_names=operator_names)
        _write_files(data, targets, progress, cancel)
        result = ReportResult(data.month, len(data.cases), data.fingerprint, targets[0],
                              targets[1], identified, list(data.warnings))
        del data  # freed now: the collector's first pass when it resumes need not walk it
    return result


def _write_files(data: ReportData, targets: tuple[Path | None, Path | None],
                 progress: Progress, cancel: CancelToken | None) -> None:
    if targets[0] is not None:
        from .xlsx.workbook import write_report_xlsx
        check_cancel(cancel)
        progress("Writing the workbook", 0, 1)
        write_safely(targets[0], write_report_xlsx, data)
    if targets[1] is not None:
        from .pdf.document import write_report_pdf
        check_cancel(cancel)
        progress("Writing the PDF", 0, 1)
        write_safely(targets[1], write_report_pdf, data)
