"""Windows .ico and macOS .icns containers written from PNG images (standard library only)."""
from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, with the pixel size of each (@2x types included).
ICNS_TYPES = {
    "icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512,
    "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512, "ic10": 1024,
}
ICNS_SIZES = tuple(sorted(set(ICNS_TYPES.values())))


class IconFormatError(ValueError):
    """An icon file or PNG image whose header is not what it should be."""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise IconFormatError("not a PNG image (bad signature or no IHDR chunk)")
    return struct.unpack(">II", data[16:24])


def _square_pngs(pngs: dict[int, bytes], wanted: tuple[int, ...]) -> list[tuple[int, bytes]]:
    """The wanted sizes present in `pngs`, each checked to be a square PNG of that size."""
    chosen = [(size, pngs[size]) for size in wanted if size in pngs]
    for size, data in chosen:
        if png_size(data) != (size, size):
            raise IconFormatError(f"the {size}px image is {png_size(data)}, not {size}x{size}")
    if not chosen:
        raise IconFormatError(f"no image of a usable size (wanted one of {wanted})")
    return chosen


# Windows .ico -------------------------------------------------------------------------


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG-compressed image per size (Windows Vista and later)."""
    images = _square_pngs(pngs, ICO_SIZES)
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        byte_size = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", byte_size, byte_size, 0, 0, 1, 32,
                               len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def read_ico(data: bytes) -> list[tuple[int, int]]:
    """(width, height) of every image in an .ico, checked against its PNG header."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1 or count == 0:
        raise IconFormatError("not an .ico file (bad ICONDIR header)")
    sizes = []
    for index in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index: 22 + 16 * index])
        declared = (width or 256, height or 256)
        if png_size(data[offset:offset + length]) != declared:
            raise IconFormatError(f"image {index} does not match its directory entry")
        sizes.append(declared)
    return sizes


# macOS .icns --------------------------------------------------------------------------


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .icns with one PNG element per type whose pixel size is available."""
    _square_pngs(pngs, ICNS_SIZES)
    body = b""
    for kind, size in ICNS_TYPES.items():
        if size in pngs:
            body += kind.encode("ascii") + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_icns(data: bytes) -> dict[str, tuple[int, int]]:
    """{element type: (width, height)} of an .icns, checked against each PNG header."""
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise IconFormatError("not an .icns file (bad magic or length)")
    found, position = {}, 8
    while position < len(data):
        kind = data[position:position + 4].decode("ascii")
        length = struct.unpack(">I", data[position + 4:position + 8])[0]
        if length < 8 or position + length > len(data):
            raise IconFormatError(f"element {kind} has a bad length")
        found[kind] = png_size(data[position + 8:position + length])
        expected = ICNS_TYPES.get(kind)
        if expected and found[kind] != (expected, expected):
            raise IconFormatError(f"element {kind} should be {expected}px, not {found[kind]}")
        position += length
    return found
