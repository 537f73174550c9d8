"""The hostile-input suite: files built as an attacker (or a broken web site) would make them,
each with what gongkai must do with it. Used by test_hostile.py, which runs each through the
command line in its own process and through gongkai.read, and writes the table of
docs/limits.md ("The hostile-input suite").

Every file is built here from gongkai's own rendered reports; the big ones are made without
holding their inflated form (a deflate stream of a repeated piece, each piece flushed so that
its compressed bytes repeat too).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gongkai import render

MiB = 1 << 20


@dataclass(frozen=True)
class Case:
    name: str  # the file (or folder) under the suite's folder
    what: str  # what it is, for the table
    expected: str  # what gongkai must do, for the table
    build: Callable[[Path], None]  # writes it under the given folder
    options: tuple[str, ...] = ()  # CLI options it is checked with
    outcome: str = "read"  # "read", "failed" or "skipped": the accounting status it must get
    rules: tuple[str, ...] = ()  # findings it must have (outcome "read")
    reason: str = ""  # a fragment of the error line (outcome "failed" / "skipped")
    folder: bool = False  # checked as a folder holding it (links, pipes, permissions)
    unprivileged: bool = False  # needs a process that cannot read everything
    absent: tuple[str, ...] = ()  # text that must appear nowhere in the output


def _report(seed: int = 3) -> render.ReportData:
    return render.random_report(np.random.default_rng(seed), "2021", year=2024, kind="county_gov")


def _text(seed: int = 3) -> str:
    return render.render_text(_report(seed))


# A .docx of hand-made parts --------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _entry(name: str, raw: bytes, size: int, crc: int, method: int, offset: int) -> tuple[bytes, bytes]:
    """A zip entry's local header and central directory record."""
    n = name.encode()
    local = (
        struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(raw), size, len(n), 0) + n
    )
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(raw),
            size,
            len(n),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        + n
    )
    return local + raw, central


def zip_of(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive of (name, stored bytes, declared size, crc, method) entries, written as
    given: the declared size may lie."""
    body, directory = b"", b""
    for name, raw, size, crc, method in entries:
        local, central = _entry(name, raw, size, crc, method, len(body))
        body += local
        directory += central
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    return body + directory + end


def _deflated(parts: list[tuple[bytes, int]]) -> tuple[bytes, int, int]:
    """Raw deflate of the concatenation of (piece, times) without building it: each piece is
    compressed once after a full flush, which makes its compressed bytes the same every time.
    Gives the stream, the inflated size and its CRC-32."""
    out, size, crc = [], 0, 0
    for piece, times in parts:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        once = c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH)
        out.append(once * times)
        size += len(piece) * times
        for _ in range(times):
            crc = zlib.crc32(piece, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    out.append(end.flush())
    return b"".join(out), size, crc


def docx_of(
    document: list[tuple[bytes, int]], *, declare: int | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A .docx whose word/document.xml is the concatenation of (piece, times), declared as
    ``declare`` bytes (its true size unless given)."""
    raw, size, crc = _deflated(document)
    entries = [("[Content_Types].xml", CONTENT_TYPES, len(CONTENT_TYPES), zlib.crc32(CONTENT_TYPES), 0)]
    for name, data in (extra or {}).items():
        entries.append((name, data, len(data), zlib.crc32(data), 0))
    entries.append(("word/document.xml", raw, size if declare is None else declare, crc, 8))
    return zip_of(entries)


def _xml_docx(xml: bytes) -> bytes:
    return docx_of([(xml, 1)])


def _document(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + prolog
        + b"<w:document "
        + W
        + b"><w:body>"
        + body
        + b"</w:body></w:document>"
    )


def _para(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"


# The cases ---------------------------------------------------------------------------------------


def _tiny_tables(d: Path) -> None:
    head = _document(b"")[: -len(b"</w:body></w:document>")]
    table = b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    (d / "tiny_tables.docx").write_bytes(
        docx_of([(head, 1), (table * 1000, 40), (b"</w:body></w:document>", 1)])
    )


def _one_line(d: Path) -> None:
    line = _text().replace("\n", " ").encode("utf-8")
    (d / "one_line.txt").write_bytes(line * (3 * MiB // len(line) + 1))


def _xml_gib(d: Path) -> None:
    head = _document(b"")[: -len(b"</w:body></w:document>")]
    para = _para("本年度无") * 2000
    times = 1000 * MiB // len(para)
    (d / "xml_1000mib.docx").write_bytes(docx_of([(head, 1), (para, times), (b"</w:body></w:document>", 1)]))


def _zip_bomb(d: Path) -> None:
    # 1 GiB of spaces inside an element that says it holds 1 MiB
    (d / "zip_bomb.docx").write_bytes(
        docx_of([(_document(b"")[:-22], 1), (b" " * MiB, 1024), (b"</w:body></w:document>", 1)], declare=MiB)
    )


def _laughs(d: Path) -> None:
    prolog = b'<!DOCTYPE w:document [<!ENTITY a "' + b"ha" * 10 + b'">'
    for k in range(1, 10):
        prolog += f'<!ENTITY {chr(97 + k)} "'.encode() + f"&{chr(96 + k)};".encode() * 10 + b'">'
    prolog += b"]>"
    (d / "laughs.docx").write_bytes(_xml_docx(_document(_para("&j;"), prolog)))


def _entity(d: Path) -> None:
    prolog = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    (d / "entity.docx").write_bytes(_xml_docx(_document(_para("&x;"), prolog)))


def _xinclude(d: Path) -> None:
    body = b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
    (d / "xinclude.docx").write_bytes(_xml_docx(_document(body)))


def _slip(d: Path) -> None:
    xml = render.render_docx_xml(_report()).encode("utf-8")
    evil = b"written outside"
    (d / "slip.docx").write_bytes(
        docx_of(
            [(xml, 1)], extra={"../../../../tmp/gongkai-slip.txt": evil, "/tmp/gongkai-slip-abs.txt": evil}
        )
    )


def _deep(d: Path) -> None:
    (d / "deep.html").write_text(
        "<table><tr><td>" * 100_000 + "1" + "</td></tr></table>" * 100_000, encoding="utf-8"
    )


def _spans(d: Path) -> None:
    cell = '<td rowspan="999999999" colspan="999999999">1</td>'
    (d / "spans.html").write_text(
        "<table>" + ("<tr>" + cell * 20 + "</tr>") * 20 + "</table>", encoding="utf-8"
    )


def _first_count_printed_as(printed: str) -> str:
    """The text layout of a report (one cell a line) with the first count of table 3's
    一、本年新收 row printed as ``printed``."""
    lines = _text().split("\n")
    start = next(k for k, line in enumerate(lines) if "本年新收" in line)
    k = next(k for k in range(start + 1, len(lines)) if lines[k].strip().isdigit())
    lines[k] = lines[k].replace(lines[k].strip(), printed)
    return "\n".join(lines)


def _big_number(d: Path) -> None:
    (d / "big_number.txt").write_text(_first_count_printed_as("99999999999999999999"), encoding="utf-8")


def _implausible(d: Path) -> None:
    (d / "implausible.txt").write_text(_first_count_printed_as("123456789012345"), encoding="utf-8")


def _gbk_line(d: Path) -> None:
    lines = _text().encode("utf-8").split(b"\n")
    lines[3] = "这一行是GBK编码的文字".encode("gbk")
    (d / "gbk_line.txt").write_bytes(b"\n".join(lines))


def _utf16(d: Path) -> None:
    (d / "utf16.txt").write_bytes(_text().encode("utf-16"))
    (d / "utf16.html").write_bytes(render.render_html(_report()).encode("utf-16"))


def _random(d: Path) -> None:
    rng = np.random.default_rng(7)
    for suffix in ("txt", "html", "docx", "pdf"):
        (d / f"random.{suffix}").write_bytes(rng.integers(0, 256, 65536, dtype=np.uint8).tobytes())


def _too_big(d: Path) -> None:
    text = _text().encode("utf-8")
    (d / "too_big.txt").write_bytes(text * (2 * MiB // len(text) + 1))


def _slow(d: Path) -> None:
    (d / "slow.txt").write_text(_text())


def _locked_file(d: Path) -> None:
    (d / "locked.txt").write_text(_text())
    (d / "locked.txt").chmod(0)


def _locked_folder(d: Path) -> None:
    (d / "locked").mkdir()
    (d / "locked" / "report.txt").write_text(_text())
    (d / "locked").chmod(0)


def _links(d: Path) -> None:
    (d / "dangling.txt").symlink_to(d / "gone.txt")
    (d / "loop").mkdir()
    (d / "loop" / "back").symlink_to(d / "loop")


def _pipe(d: Path) -> None:
    os.mkfifo(d / "pipe.txt")


CASES = (
    Case(
        "tiny_tables.docx",
        "a 13 KB .docx of 40,000 one-cell tables",
        "read in linear time; findings capped",
        _tiny_tables,
        outcome="read",
    ),
    Case(
        "one_line.txt",
        "3 MB of report text on one line (no line breaks)",
        "read in linear time",
        _one_line,
    ),
    Case(
        "xml_1000mib.docx",
        "a 3.8 MB .docx whose document.xml is 1,000 MiB",
        "refused before it is inflated",
        _xml_gib,
        outcome="failed",
        reason="more than 64 MiB",
    ),
    Case(
        "zip_bomb.docx",
        "a 1 MB .docx that says 1 MiB and inflates to 1 GiB",
        "refused after at most 8 MiB inflated",
        _zip_bomb,
        outcome="failed",
        reason="ParseError",
    ),
    Case(
        "laughs.docx",
        "billion laughs (entities nested ten deep)",
        "no expansion",
        _laughs,
        outcome="read",
        absent=("hahaha",),
    ),
    Case(
        "entity.docx",
        "an external entity naming /etc/passwd",
        "nothing read from the file system",
        _entity,
        outcome="read",
        absent=("root:",),
    ),
    Case(
        "xinclude.docx",
        "an XInclude of /etc/passwd",
        "nothing read from the file system",
        _xinclude,
        outcome="read",
        absent=("root:",),
    ),
    Case(
        "slip.docx",
        "a report whose zip holds entries named ../../tmp/… and /tmp/…",
        "read; nothing written",
        _slip,
        outcome="read",
    ),
    Case("deep.html", "100,000 nested tables", "read, nesting bounded", _deep, outcome="read"),
    Case(
        "spans.html",
        "400 cells of rowspan and colspan 999999999",
        "read, spans clamped",
        _spans,
        outcome="read",
    ),
    Case(
        "big_number.txt",
        "a report with 99999999999999999999 in a count",
        "the cell is text, named; no false identity error",
        _big_number,
        outcome="read",
        rules=("cell.text",),
        absent=("1e+20", "1.0000000000000002e+20"),
    ),
    Case(
        "implausible.txt",
        "a report with 123456789012345 in a count",
        "the cell is text, named",
        _implausible,
        outcome="read",
        rules=("cell.implausible",),
    ),
    Case(
        "gbk_line.txt",
        "a UTF-8 report with one line in GBK",
        "read as UTF-8; the line named",
        _gbk_line,
        outcome="read",
        rules=("parse.encoding_repaired",),
    ),
    Case("utf16.txt", "a report in UTF-16 with its byte order mark", "read", _utf16, outcome="read"),
    Case(
        "random.txt",
        "64 KB of random bytes as .txt (and .html, .docx, .pdf)",
        "a clear error naming the file",
        _random,
        outcome="failed",
        reason="random.txt",
    ),
    Case(
        "too_big.txt",
        "a 2 MB text file with --max-bytes 1M",
        "not read: past the size limit",
        _too_big,
        options=("--max-bytes", "1M"),
        outcome="failed",
        reason="FileTooLargeError",
    ),
    Case(
        "slow.txt",
        "a report with --time-limit 0.000001",
        "a failed input: past the time limit",
        _slow,
        options=("--time-limit", "0.000001"),
        outcome="failed",
        reason="TimeLimitError",
    ),
    Case(
        "locked.txt",
        "a report the user may not read",
        "a failed input with the OS error",
        _locked_file,
        folder=True,
        unprivileged=True,
        outcome="failed",
        reason="PermissionError",
    ),
    Case(
        "locked",
        "a folder the user may not list",
        "a failed input with the OS error",
        _locked_folder,
        folder=True,
        unprivileged=True,
        outcome="failed",
        reason="PermissionError",
    ),
    Case(
        "dangling.txt",
        "a link to nothing (and a link loop, loop/back)",
        "failed (the loop skipped)",
        _links,
        folder=True,
        outcome="failed",
        reason="a link to nothing",
    ),
    Case(
        "pipe.txt", "a named pipe called .txt", "skipped, never opened", _pipe, folder=True, outcome="skipped"
    ),
)
