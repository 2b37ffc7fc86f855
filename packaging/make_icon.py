"""Draw the application icon: ``resources/icons/proofreader.png`` and ``.ico``.

The icon files are committed assets (the build does not run this script); keep this
script so the icon can be redrawn or changed by anyone, with nothing but PySide6:

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py

The picture: a gazette page with a ruled table on a blue tile, one row marked red (the
row whose figures don't add up) and a green tick (corrected). Each size is drawn from the
vectors, not scaled from a big bitmap, so the 16 px icon stays crisp. The ``.ico`` holds
16-256 px images: 32-bit DIBs up to 128 px (read by every Windows tool, including
resource compilers) and a PNG for 256 px, as Windows Vista and later expect.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
PNG_SIZE = 256
OUT_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int):
    """The icon as a ``QImage`` of ``size`` x ``size`` pixels (ARGB32, transparent corners)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 64.0, size / 64.0)  # draw on a 64 x 64 grid
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1d5c99"))
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    p.setBrush(QColor("#fbfaf5"))
    p.drawRect(QRectF(14, 8, 36, 48))  # the page
    thin = max(0.9, 64.0 / size)  # at least one device pixel wide
    p.setPen(QPen(QColor("#6b7a8c"), thin))
    for y in (18, 26, 34, 42, 50):  # table rows
        p.drawLine(QPointF(18, y), QPointF(46, y))
    p.drawLine(QPointF(27, 18), QPointF(27, 50))  # column rule
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#d64541"))
    p.drawRect(QRectF(18, 34.6, 28, 6.8))  # the row that doesn't add up
    p.setBrush(QColor("#2e9d57"))
    p.drawEllipse(QRectF(36, 36, 24, 24))
    tick = QPainterPath(QPointF(41.5, 48.5))
    tick.lineTo(46.5, 53.5)
    tick.lineTo(55, 43)
    pen = QPen(QColor("white"), 3.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)
    p.end()
    return image


def png_bytes(image) -> bytes:
    """``image`` encoded as PNG."""
    from PySide6.QtCore import QBuffer, QIODevice

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data())


def dib_bytes(image) -> bytes:
    """``image`` as an ICO entry's DIB: BITMAPINFOHEADER, BGRA rows bottom-up, AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    mask_rows = []
    mask_stride = ((size + 31) // 32) * 4
    for y in reversed(range(size)):
        row = bytearray()
        mask = bytearray(mask_stride)
        for x in range(size):
            argb = image.pixel(x, y)
            a, r, g, b = argb >> 24 & 255, argb >> 16 & 255, argb >> 8 & 255, argb & 255
            row += bytes((b, g, r, a))
            if a == 0:
                mask[x // 8] |= 0x80 >> (x % 8)
        rows.append(bytes(row))
        mask_rows.append(bytes(mask))
    return header + b"".join(rows) + b"".join(mask_rows)


def ico_bytes(sizes: list[int]) -> bytes:
    """A Windows ``.ico`` holding one image per size."""
    blobs = [png_bytes(draw(s)) if s >= 256 else dib_bytes(draw(s)) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for size, blob in zip(sizes, blobs):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # image plugins need an application
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "proofreader.png").write_bytes(png_bytes(draw(PNG_SIZE)))
    (OUT_DIR / "proofreader.ico").write_bytes(ico_bytes(ICO_SIZES))
    for name in ("proofreader.png", "proofreader.ico"):
        print(f"{OUT_DIR / name}  {(OUT_DIR / name).stat().st_size} bytes")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
