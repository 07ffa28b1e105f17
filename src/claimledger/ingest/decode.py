"""Bytes to text: binary sniffing, encoding detection, newline normalisation.

The text returned here is what every later offset points into, so the only changes
made are the ones that must happen before analysis: decoding, dropping a byte-order
mark and turning ``\\r\\n`` / lone ``\\r`` into ``\\n``.
"""

from __future__ import annotations

import codecs
import re

from claimledger.errors import BinaryInput

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or Office document)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\x7fELF", "an executable"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte Latin code pages that charset detection confuses with one another.
_LATIN_FAMILY = frozenset({
    "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2",
    "cp437", "cp850", "cp858",
})
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def binary_kind(data: bytes) -> str | None:
    """What binary data this looks like ("a PNG image", "binary data"), or None for text.

    A UTF-16/32 text starts with its BOM and is full of NUL bytes, so BOMs are checked
    before the NUL test.
    """
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def check_not_binary(data: bytes, origin: str, expected: str) -> None:
    kind = binary_kind(data)
    if kind:
        raise BinaryInput(
            f"{origin} is named like {expected} but holds {kind}.",
            hint="Remove it from the input or give it its real extension.",
        )


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode with a BOM if there is one, else UTF-8, else the declared or detected charset.

    UTF-8 is tried strictly first: it is by far the most common and a strict decode
    almost never succeeds on text in another encoding.  HTML pages may declare their
    charset in a ``<meta>`` tag; anything else goes to charset-normalizer, with
    cp1252 (a superset of latin-1 for printable text) as the last word.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(data.decode(codec, errors="replace"))
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                return normalise_newlines(data.decode(m[1].decode("ascii"), errors="replace"))
            except LookupError:
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("utf_8", "ascii") or (encoding in _LATIN_FAMILY and _clean_cp1252(data)):
        encoding = "cp1252"  # English text in a legacy code page is cp1252 far more often than Baltic or Turkish
    try:
        return normalise_newlines(data.decode(encoding, errors="replace"))
    except LookupError:
        return normalise_newlines(data.decode("cp1252", errors="replace"))


def _clean_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM character is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
