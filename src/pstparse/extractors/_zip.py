"""Safety checks for zip-based documents (DOCX today; ODT, XLSX or EPUB would reuse them).

An Office document is a zip archive of XML parts. Before any third-party parser sees it,
:func:`check_zip` makes sure that it really is a zip, that it holds the parts the format
requires, that it cannot expand into an unreasonable amount of memory (zip bomb) and that
none of its XML parts declares entities (XML entity expansion, "billion laughs").

Every problem is reported as one :class:`~pstparse.model.errors.InputError` with a one-line
message; no ``zipfile``, ``zlib`` or decoding exception escapes.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from io import BytesIO

from pstparse.model.errors import InputError

MAX_TOTAL_UNCOMPRESSED: int = 200 * 1024 * 1024
"""Largest total uncompressed size (bytes) of all members together.

Real strategy documents, images included, stay far below; anything larger is refused
before a single member is inflated.
"""

MAX_RATIO: int = 100
"""Largest compression ratio (uncompressed / compressed) allowed for a large member.

XML compresses around 10:1 and images barely at all; 100:1 leaves ample room while a
zip bomb typically reaches 1000:1 or more.
"""

RATIO_MIN_SIZE: int = 1024 * 1024
"""Members smaller than this (bytes, uncompressed) are exempt from :data:`MAX_RATIO`.

Small parts such as an empty header compress extremely well and harm nobody.
"""

MAX_XML_BYTES: int = 32 * 1024 * 1024
"""Largest total uncompressed size (bytes) of the XML members.

The XML is what gets parsed, and a parsed tree takes some 15 times its text in memory:
32 MiB of XML (thousands of pages of Word text) is about 500 MiB of memory and a
minute of reading. Images and other binary members only count towards
:data:`MAX_TOTAL_UNCOMPRESSED`.
"""

MAX_MEMBERS: int = 10_000
"""Largest number of members: a document with more is not a document but an attack."""

_XML_SNIFF: int = 512
"""How many leading bytes of a member are read to decide whether it is XML."""

_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_DOCTYPE = re.compile(r"<!DOCTYPE\b", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)


def check_zip(
    data: bytes,
    *,
    kind: str,
    required: Iterable[str] = (),
    path: str | None = None,
) -> None:
    """Refuse ``data`` unless it is a safe zip archive holding every ``required`` member.

    ``kind`` names the expected format in messages (e.g. ``"DOCX"``). Checks, in order:
    the bytes are a zip archive; it has at most :data:`MAX_MEMBERS` members; the total
    declared uncompressed size stays within :data:`MAX_TOTAL_UNCOMPRESSED`; no member over
    :data:`RATIO_MIN_SIZE` compresses better than :data:`MAX_RATIO`; every required member
    is present; the XML members total at most :data:`MAX_XML_BYTES`; no XML member
    carries a ``<!DOCTYPE`` with ``<!ENTITY`` declarations.

    Declared sizes can be trusted once checked because :mod:`zipfile` stops reading a
    member at its declared size and verifies its CRC.

    Raises:
        InputError: on any failed check or unreadable archive.
    """
    try:
        if not zipfile.is_zipfile(BytesIO(data)):
            if data.startswith(b"PK\x03\x04"):
                # Members but no central directory: the usual sign of a cut-off download.
                raise InputError(f"corrupt {kind} archive (truncated zip)", path=path)
            raise InputError(f"not a {kind} file (not a zip archive)", path=path)
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_sizes(infos, path=path)
            names = {info.filename for info in infos}
            for member in required:
                if member not in names:
                    raise InputError(f"not a {kind} file (no {member} in the archive)", path=path)
            xml_total = 0
            for info in infos:
                if not info.filename.endswith("/"):
                    xml_total += _check_xml_member(zf, info, path=path)
                    if xml_total > MAX_XML_BYTES:
                        raise InputError(
                            f"{kind} too large: its XML parts exceed the "
                            f"{_size(MAX_XML_BYTES)} limit",
                            path=path,
                        )
    except InputError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        IndexError,
        KeyError,
        OverflowError,
    ) as exc:
        # zipfile reports a damaged central directory with whatever its parsing trips on.
        raise InputError(f"corrupt {kind} archive ({_one_line(exc)})", path=path) from exc
    except RuntimeError as exc:
        # zipfile raises a bare RuntimeError for encrypted members.
        raise InputError(f"unreadable {kind} archive ({_one_line(exc)})", path=path) from exc
    except (NotImplementedError, OSError, ValueError) as exc:
        raise InputError(f"unreadable {kind} archive ({_one_line(exc)})", path=path) from exc


def _check_sizes(infos: list[zipfile.ZipInfo], *, path: str | None) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"zip bomb suspected: {len(infos)} members (limit {MAX_MEMBERS})", path=path
        )
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(
                "zip bomb suspected: uncompressed size exceeds the "
                f"{_size(MAX_TOTAL_UNCOMPRESSED)} limit",
                path=path,
            )
        if info.file_size > RATIO_MIN_SIZE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise InputError(
                    f"zip bomb suspected: {info.filename} compresses {ratio:.0f}:1 "
                    f"(limit {MAX_RATIO}:1)",
                    path=path,
                )


def _check_xml_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, path: str | None) -> int:
    """Refuse an XML member whose document type declaration defines entities.

    Returns the member's size if it is XML, else 0. Whether a member is XML is judged
    from its content, not its name, because the package's content types (not the
    extension) decide what a parser will read as XML. A member over
    :data:`MAX_XML_BYTES` is refused before it is inflated.
    """
    with zf.open(info) as fh:
        head = fh.read(_XML_SNIFF)
        if not _looks_like_xml(head):
            return 0
        if info.file_size > MAX_XML_BYTES:
            return info.file_size
        body = head + fh.read()
    text = _decode(body)
    doctype = _DOCTYPE.search(text)
    if doctype and _ENTITY.search(text, doctype.end()):
        raise InputError(
            f"XML entity declarations are not allowed ({info.filename} has a <!DOCTYPE "
            "with <!ENTITY>: possible entity-expansion attack)",
            path=path,
        )
    return info.file_size


def _looks_like_xml(head: bytes) -> bool:
    if head.startswith(_BOMS_UTF16):
        return True
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    # NUL bytes go too, for UTF-16 without BOM. A head of nothing but white space may
    # still be XML: a prolog without declaration may start with any amount of it.
    stripped = head.lstrip(b" \t\r\n\x00")
    return not stripped or stripped.startswith(b"<")


def _decode(body: bytes) -> str:
    # Markup keywords are ASCII: dropping NUL bytes turns UTF-16/32 (either byte order)
    # into their ASCII skeleton, and Latin-1 maps every other byte one to one.
    return body.replace(b"\x00", b"").decode("latin-1")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MiB"
    return f"{count} bytes"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
