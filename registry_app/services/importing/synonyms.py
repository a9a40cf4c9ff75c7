"""Column-name synonyms for imports, read from resources/import_synonyms.toml (not code)."""
from __future__ import annotations

import logging
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from ...paths import resources_dir

FILE_NAME = "import_synonyms.toml"
LANGUAGES = ("en", "de", "fr", "es", "zh")
log = logging.getLogger(__name__)


def fold(text: str) -> str:
    """'Gefäß' → 'gefass', 'Côté' → 'cote': accents dropped, ß as ss (text already normalised)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def synonyms_file() -> Path:
    return resources_dir() / FILE_NAME


@lru_cache(maxsize=4)
def load_synonyms(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Field code → every name listed for it, all languages together.

    A missing or unreadable table is logged and gives no synonyms (codes and labels still work).
    """
    source = path or synonyms_file()
    try:
        table = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("Import synonyms not read from %s: %s", source, exc)
        return {}
    return {code: tuple(name for names in by_language.values() for name in names)
            for code, by_language in table.items() if isinstance(by_language, dict)}


def synonym_index(codes: set[str], normalise) -> dict[str, str]:
    """Folded, normalised name → field code, for these fields; a name listed under two fields
    is left out (it would be a guess)."""
    found: dict[str, set[str]] = {}
    for code, names in load_synonyms().items():
        if code in codes:
            for name in names:
                found.setdefault(fold(normalise(name)), set()).add(code)
    return {name: next(iter(owners)) for name, owners in found.items() if len(owners) == 1}
