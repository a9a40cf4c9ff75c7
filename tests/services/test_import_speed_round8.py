"""Round eight's import speed tricks give what the plain way gives: the sheet scan's cheap
searches refuse and accept exactly the sheets the per-cell scan did."""
import re
import zipfile

import pytest

from registry_app.services.interchange import xlsx_fast
from registry_app.services.interchange.xlsx_fast import NeedsFullReader, check_parts

RELS = (b'<Relationships><Relationship Id="r1" Target="worksheets/sheet1.xml" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
AWKWARD = (b"<f", b":f", b":c", b"<c>", b"mergeCell", b' t="e"', b' t="d"', b"<r>")
CELL_REF = re.compile(rb'<c r="([A-Z]{1,2})(\d{1,7})"')
WIDE_REF = re.compile(rb'<c r="[A-Z]{3}')


def _per_cell_scan(sheet: bytes, max_area: int) -> bool:
    """Round seven's scan of one sheet part, every cell reference read: whether it is plain."""
    if any(marker in sheet for marker in AWKWARD) or WIDE_REF.search(sheet):
        return False
    refs = CELL_REF.findall(sheet)
    cells = sheet.count(b"<c ") + sheet.count(b"<c\n") + sheet.count(b"<c\t")
    row = max((int(r) for _, r in refs), default=0)
    col = max((xlsx_fast._column(c) for c, _ in refs), default=0)
    return cells == len(refs) and cells <= max_area and row * col <= max_area


def _rows(*cells: str) -> bytes:
    return ("<worksheet><sheetData><row r=\"1\">" + "".join(cells)
            + "</row></sheetData></worksheet>").encode()


def _cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


SHEETS = {
    "plain": _rows(_cell("A1"), _cell("B1", "09:05 a: b"), _cell("CM10001")),
    "empty": b"<worksheet><sheetData/></worksheet>",
    **{f"marker {m!r}": _rows(_cell("A1"), f"<c r=\"B1\">{m.decode()}</c>") for m in AWKWARD},
    "marker in text": _rows(_cell("A1", "see :f here")),
    "tab cell": _rows('<c\tr="A1"><v>1</v></c>'),
    "newline cell": _rows('<c\nr="A1"><v>1</v></c>'),
    "two spaces": _rows('<c  r="A1"><v>1</v></c>'),
    "type first": _rows('<c t="n" r="A1"><v>1</v></c>'),
    "lower-case ref": _rows('<c r="a1"><v>1</v></c>'),
    "wide ref": _rows(_cell("A1"), _cell("AAA1")),
    "eight digits": _rows(_cell("A12345678")),
    "row 20,000 to CM": _rows(_cell("A1"), _cell("CM20000")),
    "row 20,000 to ZZ": _rows(_cell("A1"), _cell("ZZ20000")),
    "row 17,000 to ZZ": _rows(_cell("ZZ1"), _cell("A17000")),
    "row 2,000,000 in A": _rows(_cell("A2000000")),
    "row 2,000,000 and B": _rows(_cell("A2000000"), _cell("B1")),
    "a cell far down, one far right": _rows(_cell("A9999999"), _cell("ZZ2")),
}


@pytest.mark.parametrize("name", list(SHEETS))
def test_the_sheet_scan_accepts_exactly_what_the_per_cell_scan_accepted(tmp_path, name):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", SHEETS[name])
    try:
        check_parts(path)
        plain = True
    except NeedsFullReader:
        plain = False
    assert plain == _per_cell_scan(SHEETS[name], xlsx_fast.MAX_AREA), name


def test_a_sheet_cut_into_chunks_is_scanned_as_a_whole(tmp_path, monkeypatch):
    """Chunks are cut after a '>': a long sheet scanned 64 bytes at a time gives the same
    answers (cells and rows summed over the chunks)."""
    monkeypatch.setattr(xlsx_fast, "CHUNK", 64)
    for name in ("plain", "wide ref", "row 20,000 to ZZ", "tab cell"):
        test_the_sheet_scan_accepts_exactly_what_the_per_cell_scan_accepted(tmp_path, name)


def _completeness_every_field(case) -> float:
    """Round seven's completeness: every case field tested for the territory, case by case."""
    from registry_app.domain import derived
    from registry_app.domain.fields import CASE_FIELDS
    wanted = [f for f in CASE_FIELDS if (f.required or f.recommended)
              and f.applies_to(case.territory)]
    if not wanted:
        return 1.0
    return sum(1 for f in wanted if derived._filled_for_completeness(case, f.code)) / len(wanted)


def test_completeness_from_the_territorys_codes_equals_every_field_tested(make_case):
    from datetime import date

    from registry_app.domain import derived
    from registry_app.services.demo.generator import demo_cases
    cases = demo_cases(300, 11, date(2026, 6, 1))
    bare = make_case("B-1")
    bare.values, bare.passes = dict.fromkeys(bare.values), []
    lost = make_case("L-1", mrs_90d=None, lost_to_followup="moved")
    odd = make_case("O-1", territory="venous")  # not in the vocabulary: worked out each time
    passes_only = make_case("P-1", mt_passes=None, reperfusion_after_mt=None)
    passes_only.passes = [{"pass_number": 1, "reperfusion_grade": "2b"}]
    cases += [bare, lost, odd, passes_only]
    assert {c.territory for c in cases} >= {"cerebral", "limb", "coronary", "venous"}
    assert [derived.completeness(c) for c in cases] == [_completeness_every_field(c)
                                                         for c in cases]
    assert "venous" not in derived._COMPLETENESS_CODES
    assert len({derived.completeness(c) for c in cases}) >= 5  # the cases differ
