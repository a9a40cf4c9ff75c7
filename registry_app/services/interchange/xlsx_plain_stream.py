"""Plain worksheets streamed by regular expressions over their XML, a chunk of whole rows at a
time, giving exactly the rows of the full reader (xlsx_reading.SheetParser) at several times its
speed; anything not plain, or any doubt, hands the sheet to the full reader."""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from lxml import etree

from .xlsx_reading import Book, Merge, SheetParser, inline_value

CHUNK = 1 << 18
"""Compressed-part bytes read at a time; each chunk is cut after its last '</row>'."""
MAX_CARRY = 32 << 20
"""Bytes without a '</row>' held at most (a huge row): past it, the full reader reads the sheet."""
KEPT = 1_000
"""Values one cell reader remembers by their raw text before it forgets them all (flat memory)."""
MAIN = rb"http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"
HEAD = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version=["\']1\.0["\'](?: encoding=["\'](?i:utf-8)["\'])?'
    rb'(?: standalone=["\'](?:yes|no)["\'])?[ \t\r\n]*\?>)?[ \t\r\n]*'
    rb'<[A-Za-z_][\w.:-]*[ \t\r\n][^<>]*?(?<=[ \t\r\n])xmlns="' + MAIN + rb'"')
"""The XML declaration (UTF-8) and a root element whose default namespace is SpreadsheetML's."""
ODD_MARKERS = (b"<!", b"<?", b"mergeCell")
"""Comments, CDATA and DTDs (a comment may hold what looks like a cell), processing
instructions, merged cells (the full reader returns them)."""
ODD_CELL, DEFAULT_NAMESPACE = re.compile(rb"<c[^\w.:\- ]"), re.compile(rb"xmlns[ \t\r\n]*=")
"""A cell without a reference (or with a tab or a line end after its name); another default
namespace than the root's."""
PREFIXED = re.compile(rb":(?:row|c)[ \t\r\n/>]")
"""Rows and cells with a prefix (and the same letters in a text: slower only)."""
ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
ROW_START = re.compile(rb"<row(?:[ \t\r\n]([^>]*))?>")
ROW_REF = re.compile(rb'[ \t\r\n]r[ \t\r\n]*=[ \t\r\n]*"([^"]*)"')
TEXT = rb'<t(?: xml:space="preserve")?(?:/>|>([^<]*)</t>)'
CELL = re.compile(
    rb'<c r="([A-Z]{1,2})[0-9]{1,7}"([^>/]*)'
    rb"(?:/>|>(?:<v>([^<]*)</v>|(<is)(?:/>|>(?:" + TEXT + rb")?</is>))?</c>)")
"""A cell with its reference first: (column letters, its other attributes, <v> text, '<is' when
it has an inline string, the inline string's text); any other cell makes the row not plain."""
ATTRIBUTES = re.compile(rb'(?:[ \t\r\n]+[A-Za-z_][\w.:-]*="[^"&<\t\n\r]*")*[ \t\r\n]*')
ATTRIBUTE = re.compile(rb'([A-Za-z_][\w.:-]*)="([^"]*)"')
ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));")
NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


class NotPlain(Exception):
    """This sheet (or this part of it) is for the full reader."""


def stream_sheet(book: Book, title: str, max_rows: int, formula: Callable[[str], Any],
                 check_size, add: Callable[[tuple[int, list[Any]]], None]) -> list[Merge]:
    """Book.stream's rows and merged ranges: a plain sheet read here, any other by Book.stream,
    which then skips the rows (and size checks) already handed over."""
    handed = [0]

    def counted(item: tuple[int, list[Any]]) -> None:
        add(item)
        handed[0] += 1
    try:
        PlainSheet(book, title, check_size).stream(max_rows, counted)
        return []
    except NotPlain:
        return book.stream(title, max_rows, formula, _skipping(check_size, handed[0]),
                           _skipping(add, handed[0]))


def _skipping(call, count: int):
    """`call`, its first `count` calls skipped (those the plain reading already made)."""
    if call is None or not count:
        return call
    left = [count]

    def skipped(*args: Any) -> None:
        if left[0]:
            left[0] -= 1
            return
        call(*args)
    return skipped


class PlainSheet:
    """One sheet read chunk by chunk; SheetParser numbers the rows, sizes and places the cells,
    and converts each distinct raw text of a kind and style once (CellReader)."""

    def __init__(self, book: Book, title: str, check_size) -> None:
        self.book, self.title = book, title
        self.parser = SheetParser(book, str, check_size)
        self.readers = _Readers(self.parser)
        self.columns = _Columns(self.parser)

    def stream(self, max_rows: int, add: Callable[[tuple[int, list[Any]]], None]) -> None:
        """Hand every row to `add`; NotPlain as soon as something is not plain (or not
        well-formed: lxml checks each chunk before its rows are read)."""
        checker = etree.XMLParser(target=_Nothing(), resolve_entities=False, no_network=True)
        first = True
        for chunk in self._chunks():
            if odd(chunk, self._head(chunk) if first else 0):
                raise NotPlain(self.title)
            first = False
            self._check(checker.feed, chunk)
            if self._rows(chunk, add, max_rows):
                return
        self._check(checker.close)

    @staticmethod
    def _check(call, *args: Any) -> None:
        try:
            call(*args)
        except etree.XMLSyntaxError as exc:
            raise NotPlain(str(exc)) from exc

    @staticmethod
    def _head(chunk: bytes) -> int:
        found = HEAD.match(chunk)
        if found is None:
            raise NotPlain("the sheet's root is not SpreadsheetML's")
        return found.end()

    def _chunks(self) -> Iterator[bytes]:
        """The sheet's XML in chunks cut after their last '</row>' (the rest after the last
        one at the end); blocks without a row end are gathered, joined once one comes."""
        pending: list[bytes] = []
        with self.book.archive.open(self.book.paths[self.title]) as source:
            while block := source.read(CHUNK):
                edge = pending[-1][-5:] + block[:5] if pending else b""
                if b"</row>" not in block and b"</row>" not in edge:
                    pending.append(block)
                    if len(pending) * CHUNK > MAX_CARRY:
                        raise NotPlain("a row too long")
                    continue
                data = b"".join([*pending, block])
                cut = data.rfind(b"</row>") + 6
                yield data[:cut]
                pending = [data[cut:]]
        yield b"".join(pending)

    def _rows(self, chunk: bytes, add, max_rows: int) -> bool:
        """Hand the chunk's rows over; True once past the row after `max_rows`."""
        parser = self.parser
        for attributes, body in self._split(chunk):
            try:
                cells = self._cells(attributes, body, max_rows)
            except NotPlain:
                raise
            except Exception as exc:  # noqa: BLE001 - the full reader gives the file's error
                raise NotPlain(repr(exc)) from exc
            if cells is not None:
                parser.end_row(cells, add, max_rows)
            if parser.counter > max_rows:
                return True
        return False

    @staticmethod
    def _split(chunk: bytes) -> Iterator[tuple[bytes, bytes]]:
        """(attributes, cells' XML) of each row: a piece up to '</row>' holding one row start
        is cut where it ends; any other piece (self-closing rows) is read by ROW."""
        *pieces, last = chunk.split(b"</row>")
        for piece in pieces:
            start = piece.find(b"<row")
            if start >= 0 and piece.find(b"<row", start + 4) < 0:
                found = ROW_START.match(piece, start)
                if found is not None:
                    yield found[1] or b"", piece[found.end():]
                    continue
            yield from ROW.findall(piece + b"</row>")
        yield from ROW.findall(last)

    def _cells(self, attributes: bytes, body: bytes, max_rows: int) -> list[tuple[int, Any]] | None:
        """The row numbered (SheetParser.begin_row) and its (column, value) cells; None for a
        row the full reader skips."""
        if b"&" in attributes or b"'" in attributes or attributes.count(b'"') % 2:
            raise NotPlain("odd row attributes")
        ref = ROW_REF.search(b" " + attributes)
        if not self.parser.begin_row(ref[1].decode() if ref else None, max_rows):
            return None
        readers, columns = self.readers, self.columns
        cells = [(columns[letters], readers[kinds + inline][text + inline_text])
                 for letters, kinds, text, inline, inline_text in CELL.findall(body)]
        if len(cells) != body.count(b"<c "):
            raise NotPlain("a cell these expressions do not read")
        return cells


def odd(chunk: bytes, start: int) -> bool:
    """Whether a chunk of sheet XML (from `start`) holds what these expressions would read
    otherwise than the full reader, or miss. Formulas, rich text, cells without a reference CELL
    reads and the like inside a row make that row's cell count differ (_cells); error and
    ISO-date cells are converted by SheetParser.text_value as the full reader converts them."""
    return (any(chunk.find(marker, start) >= 0 for marker in ODD_MARKERS)
            or ODD_CELL.search(chunk, start) is not None
            or DEFAULT_NAMESPACE.search(chunk, start) is not None
            or PREFIXED.search(chunk, start) is not None)


class _Nothing:
    """An lxml parser target that keeps nothing: the parser only checks the XML."""

    def close(self) -> None:
        return None


class _Columns(dict):
    """Column numbers by letters, as SheetParser.column_of finds them."""

    def __init__(self, parser: SheetParser) -> None:
        super().__init__()
        self.parser = parser

    def __missing__(self, letters: bytes) -> int:
        column = self[letters] = self.parser.column_of(letters.decode() + "1")
        return column


class _Readers(dict):
    """A CellReader by a cell's attributes after its reference, '<is' added for a cell with
    an inline string."""

    def __init__(self, parser: SheetParser) -> None:
        super().__init__()
        self.parser = parser

    def __missing__(self, key: bytes) -> CellReader:
        if len(self) >= KEPT:
            self.clear()
        reader = self[key] = CellReader(self.parser, key)
        return reader


class CellReader(dict):
    """The values of cells of one kind and style, with or without an inline string (<is>), by
    their raw text: each converted once by SheetParser's rules (text_value, inline_value)."""

    def __init__(self, parser: SheetParser, key: bytes) -> None:
        super().__init__()
        attributes, inline = (key[:-3], True) if key.endswith(b"<is") else (key, False)
        if ATTRIBUTES.fullmatch(attributes) is None:
            raise NotPlain("cell attributes these expressions do not read")
        found = dict(ATTRIBUTE.findall(attributes))
        self.kind = found.get(b"t", b"n").decode()
        style = found.get(b"s")
        self.style = style.decode() if style is not None else None
        self.parser, self.inline = parser, inline

    def __missing__(self, raw: bytes) -> Any:
        if len(self) >= KEPT:
            self.clear()
        if self.kind == "inlineStr":
            value = inline_value(xml_text(raw)) if self.inline else None
        else:  # a <v> text (an inline string beside another kind is no value)
            value = None if self.inline else self.parser.text_value(self.kind, xml_text(raw),
                                                                    self.style)
        self[raw] = value
        return value


def xml_text(raw: bytes) -> str:
    """Element text as an XML parser gives it: line ends normalised to '\\n' (a literal
    carriage return only), then the five named entities and character references replaced."""
    text = raw.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        if len(ENTITY.findall(text)) != text.count("&"):
            raise NotPlain("an entity these expressions do not read")
        text = ENTITY.sub(_entity, text)
    return text


def _entity(found: re.Match) -> str:
    name, decimal, hexadecimal = found.groups()
    if name:
        return NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise NotPlain("a character XML cannot hold")
    return chr(code)
