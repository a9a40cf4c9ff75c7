"""When an import reads a file part by part (staged on disk) instead of whole."""
from __future__ import annotations

from pathlib import Path

STAGED_ABOVE = {".xlsx": 4 << 20, ".xlsm": 4 << 20, ".csv": 5 << 20}
"""File sizes (bytes) above which a file is imported part by part: about 14,000 exported
cases either way (a workbook of 10,000 is 2.8 MB, their CSV file 3.5 MB); smaller files are
read whole, which is faster."""


def read_in_parts(path: str | Path) -> bool:
    """Whether a file is big enough to be imported part by part (memory flat in its rows)."""
    source = Path(path)
    limit = STAGED_ABOVE.get(source.suffix.lower())
    try:
        return limit is not None and source.stat().st_size > limit
    except OSError:
        return False
