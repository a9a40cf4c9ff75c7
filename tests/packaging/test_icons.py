"""The application icon: the ICO/ICNS writers and the committed icon files."""
from __future__ import annotations

import struct
import zlib

import pytest

from .conftest import load_packaging_module


def tiny_png(width: int, height: int) -> bytes:
    """A valid, fully transparent RGBA PNG of the given size (standard library only)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    rows = b"".join(b"\x00" + b"\x00" * 4 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def pngs():
    return {size: tiny_png(size, size) for size in (16, 32, 64, 128, 256, 512, 1024)}


def test_ico_directory_lists_each_size_and_256_as_zero(iconfile, pngs):
    data = iconfile.ico_bytes(pngs)
    assert struct.unpack("<HHH", data[:6]) == (0, 1, 5)  # 16, 32, 64, 128, 256 (ICO has no 512)
    assert iconfile.read_ico(data) == [(16, 16), (32, 32), (64, 64), (128, 128), (256, 256)]
    last_entry = data[6 + 16 * 4: 6 + 16 * 5]
    assert last_entry[:2] == b"\x00\x00"  # width and height bytes: 0 means 256


def test_ico_entries_point_at_the_png_data(iconfile, pngs):
    data = iconfile.ico_bytes({16: pngs[16], 32: pngs[32]})
    for index, size in enumerate((16, 32)):
        length, offset = struct.unpack("<II", data[6 + 16 * index + 8: 6 + 16 * index + 16])
        assert data[offset:offset + length] == pngs[size]


def test_icns_has_one_element_per_type_with_matching_pixels(iconfile, pngs):
    data = iconfile.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found = iconfile.read_icns(data)
    assert found == {kind: (size, size) for kind, size in iconfile.ICNS_TYPES.items()}


def test_icns_with_some_sizes_only_holds_those(iconfile, pngs):
    found = iconfile.read_icns(iconfile.icns_bytes({16: pngs[16], 256: pngs[256]}))
    assert found == {"icp4": (16, 16), "ic08": (256, 256), "ic13": (256, 256)}


def test_writers_reject_an_image_of_the_wrong_size(iconfile, pngs):
    with pytest.raises(iconfile.IconFormatError, match="32px image is"):
        iconfile.ico_bytes({32: pngs[16]})
    with pytest.raises(iconfile.IconFormatError, match="no image of a usable size"):
        iconfile.ico_bytes({20: tiny_png(20, 20)})


def test_readers_reject_other_files(iconfile, pngs):
    with pytest.raises(iconfile.IconFormatError):
        iconfile.read_ico(b"\x00\x00\x02\x00\x01\x00" + b"\x00" * 16)  # a cursor, not an icon
    with pytest.raises(iconfile.IconFormatError):
        iconfile.read_icns(b"icns\x00\x00\x00\x20" + b"\x00" * 8)  # length says 32, file is 16
    with pytest.raises(iconfile.IconFormatError):
        iconfile.png_size(b"GIF89a" + b"\x00" * 30)


def test_committed_ico_and_icns_hold_every_size(appinfo, iconfile):
    ico = iconfile.read_ico(appinfo.ICON_ICO.read_bytes())
    assert ico == [(size, size) for size in iconfile.ICO_SIZES]
    icns = iconfile.read_icns(appinfo.ICON_ICNS.read_bytes())
    assert set(icns) == set(iconfile.ICNS_TYPES)


@pytest.mark.parametrize("size", (16, 24, 32, 48, 64, 128, 256, 512))
def test_committed_png_has_its_size(appinfo, iconfile, size):
    assert iconfile.png_size(appinfo.icon_png(size).read_bytes()) == (size, size)


def test_svg_renders_an_opaque_tile_with_transparent_corners(appinfo, qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer
    make_icons = load_packaging_module("make_icons")
    renderer = QSvgRenderer(str(appinfo.ICON_SVG))
    assert renderer.isValid()
    image = QImage.fromData(make_icons.render_png(renderer, 64), "PNG")
    assert (image.width(), image.height()) == (64, 64)
    assert image.pixelColor(32, 32).alpha() == 255  # the artery, in the middle
    assert image.pixelColor(0, 0).alpha() == 0  # outside the rounded square
