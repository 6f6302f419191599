"""Small generated documents for the demo projects' attachments: a one-page PDF with a few lines of text and a
PNG picture (a site photo's stand-in), both valid files that a browser or PDF reader opens."""

import struct
import unicodedata
import zlib


def _ascii(text: str) -> str:
    """The text without diacritics, case kept (the PDF standard fonts have no Vietnamese letters)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").encode("latin-1", "replace").decode(
        "latin-1")


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF; text in Helvetica with its diacritics removed (the standard fonts lack them)."""
    rows = [_ascii(title)] + [_ascii(line) for line in lines]
    stream = "BT /F1 16 Tf 60 780 Td (" + _escape(rows[0]) + ") Tj /F1 11 Tf"
    for row in rows[1:]:
        stream += " 0 -22 Td (" + _escape(row) + ") Tj"
    stream += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def png(width: int = 160, height: int = 100, seed: int = 0) -> bytes:
    """A small picture: a sky-to-field gradient with a roof, enough to show as a thumbnail."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if y > height * 0.6:
                pixel = (60 + (x + seed) % 40, 140 + y % 30, 60)
            elif abs(x - width // 2) < (y - height * 0.25) and y > height * 0.25:
                pixel = (170, 60, 40)
            else:
                pixel = (120 + y, 170 + y // 2, 230)
            row += bytes(min(255, c) for c in pixel)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
