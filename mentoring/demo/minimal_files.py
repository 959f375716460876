"""Small real documents written in memory for the demo library: PDF, DOCX and PNG without extra
libraries (XLSX is written by openpyxl).

The PDF uses Arial (Liberation Sans, its metric twin, on Linux) without embedding it: Cyrillic letters
are named through the encoding, and a ToUnicode map lets viewers search and copy the text. The DOCX is
the smallest package Word and LibreOffice open: content types, the relationship and the document.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

# --- PDF --------------------------------------------------------------------------------------------

_ASCII = "".join(chr(code) for code in range(32, 127))
_EXTRA = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя«»–—№"
# Advance widths (1/1000 em) of Arial, taken from Liberation Sans Regular and Bold.
_REGULAR_WIDTHS = (
    "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,"
    "278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,"
    "667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,"
    "222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584,667,656,667,542,677,667,"
    "667,923,604,719,719,583,656,833,722,778,719,667,722,611,635,760,667,740,667,917,938,792,885,656,719,"
    "1010,722,556,573,531,365,583,556,556,669,458,559,559,438,583,688,552,556,542,556,500,458,500,823,500,"
    "573,521,802,823,625,719,521,510,750,542,556,556,556,1000,1073"
)
_BOLD_WIDTHS = (
    "278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,"
    "333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,"
    "667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,"
    "278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584,722,719,722,567,712,667,"
    "669,904,626,719,719,610,702,833,722,778,719,667,722,611,622,854,667,730,703,1005,1019,870,979,719,711,"
    "1031,719,556,618,615,417,635,556,556,709,497,615,615,500,635,740,604,611,604,611,556,490,556,875,556,"
    "615,581,833,844,729,854,615,552,854,583,556,556,556,1000,1115"
)
_CODES = {char: code for code, char in enumerate(_ASCII, start=32)} | {
    char: code for code, char in enumerate(_EXTRA, start=128)
}
_LAST_CODE = 127 + len(_EXTRA)
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = 595, 842, 56


def _widths(table: str) -> dict[str, int]:
    return dict(zip(_ASCII + _EXTRA, (int(width) for width in table.split(",")), strict=True))


_WIDTHS = {"F1": _widths(_REGULAR_WIDTHS), "F2": _widths(_BOLD_WIDTHS)}


@dataclass(frozen=True)
class PdfLine:
    text: str
    size: float = 11
    bold: bool = False
    color: tuple[float, float, float] = (0, 0, 0)


def _pdf_bytes(text: str) -> str:
    """A PDF string in our one-byte encoding; characters it lacks become «?»."""
    out: list[str] = []
    for char in text:
        code = _CODES.get(char, _CODES["?"])
        out.append(f"\\{code:03o}" if code > 126 or char in "()\\" else char)
    return "".join(out)


def _text_width(text: str, font: str, size: float) -> float:
    widths = _WIDTHS[font]
    return sum(widths.get(char, 556) for char in text) * size / 1000


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines or [""]


def _font_objects(name: str, descriptor: int) -> tuple[str, str]:
    bold = name == "F2"
    base = "Arial,Bold" if bold else "Arial"
    differences = " ".join(f"/uni{ord(char):04X}" for char in _EXTRA)
    widths = " ".join(str(_WIDTHS[name].get(chr(code), 556)) for code in range(32, 127))
    widths += " " + " ".join(str(_WIDTHS[name][char]) for char in _EXTRA)
    font = (
        f"<< /Type /Font /Subtype /TrueType /BaseFont /{base} /FirstChar 32 /LastChar {_LAST_CODE} "
        f"/Widths [{widths}] /FontDescriptor {descriptor} 0 R "
        f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 {differences}] >> "
        "/ToUnicode 3 0 R >>"
    )
    flags = 32 | (1 << 18 if bold else 0)
    described = (
        f"<< /Type /FontDescriptor /FontName /{base} /Flags {flags} /FontBBox [-665 -325 2000 1040] "
        f"/ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 /StemV {120 if bold else 80} >>"
    )
    return font, described


def _to_unicode() -> bytes:
    pairs = "\n".join(f"<{code:02X}> <{ord(char):04X}>" for char, code in sorted(_CODES.items()))
    body = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Demo-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(_CODES)} beginbfchar\n{pairs}\nendbfchar\nendcmap\n"
        "CMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    return body.encode("ascii")


def pdf_document(lines: list[PdfLine], *, title: str, shapes: list[str] | None = None) -> bytes:
    """An A4 PDF with the lines wrapped to the page width (new pages as needed); `shapes` are raw
    drawing operators painted on the first page before the text (colour swatches of a brand book)."""
    pages: list[list[str]] = [[]]
    y: float = _PAGE_HEIGHT - _MARGIN
    for line in lines:
        font = "F2" if line.bold else "F1"
        leading = line.size * 1.35
        for part in _wrap(line.text, font, line.size, _PAGE_WIDTH - 2 * _MARGIN):
            if y - leading < _MARGIN:
                pages.append([])
                y = _PAGE_HEIGHT - _MARGIN
            y -= leading
            red, green, blue = line.color
            pages[-1].append(
                f"BT {red:g} {green:g} {blue:g} rg /{font} {line.size:g} Tf {_MARGIN} {y:.1f} Td "
                f"({_pdf_bytes(part)}) Tj ET"
            )
        y -= line.size * 0.4
    objects: list[bytes] = []

    def add(body: bytes | str) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # 1, filled in below
    page_tree = add("")  # 2
    to_unicode = _to_unicode()
    add(b"<< /Length %d >>\nstream\n" % len(to_unicode) + to_unicode + b"endstream")  # 3
    regular_font, regular_descriptor = _font_objects("F1", 5)
    add(regular_font)  # 4
    add(regular_descriptor)  # 5
    bold_font, bold_descriptor = _font_objects("F2", 7)
    add(bold_font)  # 6
    add(bold_descriptor)  # 7
    page_ids: list[int] = []
    for number, operators in enumerate(pages):
        drawing = [*(shapes or [])] if number == 0 else []
        content = zlib.compress("\n".join([*drawing, *operators]).encode("latin-1"))
        stream = add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"
        )
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> /Contents {stream} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {page_tree} 0 R >>".encode("latin-1")
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects[page_tree - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode("latin-1")
    info = add(f"<< /Title <FEFF{title.encode('utf-16-be').hex().upper()}> /Producer (Nastavnichestvo) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, info, xref)
    )
    return out.getvalue()


# --- DOCX -------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


@dataclass(frozen=True)
class DocxParagraph:
    text: str
    bold: bool = False
    size: int = 12  # points
    align: str = ""  # "", "center", "right", "both"


def docx_document(paragraphs: list[DocxParagraph]) -> bytes:
    """A DOCX of plain paragraphs in Times New Roman."""
    body: list[str] = []
    for paragraph in paragraphs:
        properties = f'<w:pPr><w:jc w:val="{paragraph.align}"/></w:pPr>' if paragraph.align else ""
        run = (
            '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
            f'{"<w:b/>" if paragraph.bold else ""}<w:sz w:val="{paragraph.size * 2}"/></w:rPr>'
        )
        body.append(
            f'<w:p>{properties}<w:r>{run}<w:t xml:space="preserve">{escape(paragraph.text)}</w:t></w:r></w:p>'
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" '
        'w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


# --- PNG --------------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_logo(*, size: int = 256, first: tuple[int, int, int], second: tuple[int, int, int]) -> bytes:
    """Two overlapping circles, the mentor and the mentee, on a white square (RGB PNG)."""
    radius = size * 0.3
    centers = ((size * 0.38, size * 0.5, first), (size * 0.62, size * 0.5, second))
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # no filter
        for x in range(size):
            inside = [
                color for cx, cy, color in centers if (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius**2
            ]
            if len(inside) == 2:
                pixel = tuple((a + b) // 2 for a, b in zip(inside[0], inside[1], strict=True))
            elif inside:
                pixel = inside[0]
            else:
                pixel = (255, 255, 255)
            rows.extend(pixel)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
