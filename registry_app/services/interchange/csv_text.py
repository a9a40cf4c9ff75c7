"""How the bytes of a CSV file are taken as text: the encoding, binary files refused, the separator."""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from ...domain.errors import RegistryError

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
"""Tried in this order after UTF-16: the first that decodes the whole file is its encoding."""
DELIMITERS = ",;\t"
"""The separator is the one the first line holds most of (the first of these on a tie)."""
ZIP_MAGIC = b"PK\x03\x04"
HEAD = 65536
"""Bytes at the start of a file looked at to tell text from binary."""
CHUNK = 1 << 20


class UnreadableFile(RegistryError):
    """The file could not be read as a spreadsheet."""


def looks_binary(raw: bytes) -> bool:
    """Whether bytes are not text: a NUL byte, or many control characters near the start."""
    head = raw[:HEAD]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > max(8, len(head) // 100)


def chosen_encoding(head: bytes, decodes: Callable[[str], bool], path: Path) -> str:
    """The encoding of a file starting with `head` (its first HEAD bytes): UTF-16 with its BOM
    (Excel's "Unicode text") when it decodes, binary refused, else the first of ENCODINGS
    for which `decodes(encoding)` (the whole file decodes) holds."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and decodes("utf-16"):
        return "utf-16"
    if looks_binary(head):
        hint = " It looks like an Excel workbook: name it .xlsx." if head.startswith(ZIP_MAGIC) else ""
        raise UnreadableFile(f"Import file: '{path.name}' is not a CSV text file.{hint}")
    for encoding in ENCODINGS:
        if decodes(encoding):
            return encoding
    raise UnreadableFile(f"Import file: '{path.name}' is not a text file.")  # pragma: no cover


def refuse_empty(path: Path) -> None:
    raise UnreadableFile(f"Import file: '{path.name}' is empty.")


def delimiter(counts: dict[str, int]) -> str:
    """The separator from how often each of DELIMITERS is on the first line."""
    return max(DELIMITERS, key=counts.__getitem__)


def first_line_counts(line: str) -> dict[str, int]:
    return {mark: line.count(mark) for mark in DELIMITERS}


# The same rules over a file read in chunks (its text is never held whole) ####################

def chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while block := source.read(CHUNK):
            yield block


def streamed_encoding(path: Path) -> str:
    """`chosen_encoding` of the file, each encoding tried by decoding it chunk by chunk;
    UnreadableFile for a file of nothing but blanks, as for the whole bytes."""
    if all(not block.strip() for block in chunks(path)):
        refuse_empty(path)
    with path.open("rb") as source:
        head = source.read(HEAD)
    return chosen_encoding(head, lambda encoding: _decodes(encoding, chunks(path)), path)


def _decodes(encoding: str, blocks: Iterable[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for block in blocks:
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def streamed_delimiter(path: Path, encoding: str) -> str:
    """`delimiter` of the file's first line (counted chunk by chunk)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    with open_text(path, encoding) as text:
        while block := text.read(CHUNK):
            line = block.split("\n", 1)[0]
            for mark in DELIMITERS:
                counts[mark] += line.count(mark)
            if len(line) < len(block):
                break
    return delimiter(counts)


def open_text(path: Path, encoding: str) -> TextIO:
    """The file as text whose lines end at '\n' only, untranslated (as io.StringIO splits the
    decoded whole text for the csv reader)."""
    return path.open(encoding=encoding, newline="\n")
