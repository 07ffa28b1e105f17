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
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Invalid bytes of a surrogateescape decode, and the start of a UTF-8 sequence cut short.
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRAY_RUN = re.compile("[\udc80-\udcff]+")
_CUT_SEQUENCE = re.compile(rb"[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf]?|[\xf0-\xf4][\x80-\xbf]{0,2}")
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
    """Decode with a BOM if there is one, else UTF-8, else the declared or likeliest code page.

    In order: a byte-order mark; strict UTF-8 (a strict decode almost never succeeds on
    text in another encoding); text that is UTF-8 but for a few stray bytes, decoded as
    UTF-8 with U+FFFD for them (:func:`utf8_verdict`); the charset an HTML page declares
    (a declared UTF-8 has just been contradicted by the bytes, so it is not trusted);
    text mixing UTF-8 with cp1252, decoded piece by piece; Latin-script 8-bit text as
    cp1252; and only then charset-normalizer, for the rest (Cyrillic, Greek, CJK pages).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(data.decode(codec, errors="replace"))
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    verdict = utf8_verdict(data)
    if verdict == "utf-8":
        return normalise_newlines(data.decode("utf-8", errors="replace"))
    declared = declared_charset(data) if html else None
    if verdict == "mixed" and declared in (None, "utf-8", "cp1252"):
        return normalise_newlines(decode_mixed(data))
    if declared and declared != "utf-8":
        try:
            return normalise_newlines(data.decode(declared, errors="replace"))
        except LookupError:  # a codec that is no text encoding ("base64", "rot13"): ignore the label
            pass
    if looks_cp1252(data):
        return normalise_newlines(data.decode("cp1252"))
    return normalise_newlines(_detected(data))


def utf8_verdict(data: bytes) -> str:
    """"utf-8", "mixed" or "legacy": how much of non-UTF-8 ``data`` is UTF-8 after all.

    Valid multi-byte sequences are strong evidence of UTF-8: text in a legacy code page
    forms one only by accident (a capital accented letter right before a curly quote).
    Each run of invalid bytes is evidence against, except the start of a sequence at the
    very end of the data: the file was cut in the middle of a character.  When the valid
    sequences are at least as many as the foreign runs, the stray bytes are damage and
    become U+FFFD; when they are fewer, the text mixes encodings; with none, it is legacy.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    runs = _STRAY_RUN.findall(text)
    stray = sum(len(run) for run in runs)
    good = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    foreign = len(runs)
    if runs and text.endswith(runs[-1]):
        tail = bytes(ord(c) - 0xDC00 for c in runs[-1])
        if _CUT_SEQUENCE.fullmatch(tail):
            foreign -= 1
            good += len(tail) > 1  # lead byte and continuation bytes: surely UTF-8 cut short
    if good == 0:
        return "legacy"
    if foreign <= good:
        return "utf-8"
    # More foreign runs than UTF-8 characters: UTF-8 mixed with cp1252 if those runs read
    # as cp1252 in a mostly-ASCII text; else a legacy multi-byte code page (Shift-JIS,
    # GBK) whose byte pairs form valid UTF-8 now and then.
    foreign_bytes = "".join(runs).encode("utf-8", errors="surrogateescape")
    return "mixed" if _latin_share(data) and not _has_undefined_cp1252(foreign_bytes) else "legacy"


def decode_mixed(data: bytes) -> str:
    """UTF-8 where the bytes are valid UTF-8, cp1252 for the runs that are not.

    Pages assembled from several sources (a UTF-8 template around a paragraph pasted
    from a Windows editor) mix the two; each piece is then read as what it is.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    return _STRAY_RUN.sub(lambda m: bytes(ord(c) - 0xDC00 for c in m[0]).decode("cp1252", errors="replace"), text)


def looks_cp1252(data: bytes) -> bool:
    """Whether 8-bit ``data`` reads as Latin-script text in Windows-1252.

    It must use no byte cp1252 leaves undefined, and at most 30% of its non-space bytes
    may be 8-bit (English, French or German text has a few percent; Cyrillic, Greek or
    Hebrew code pages are mostly 8-bit).  Detectors pick among the Latin code pages
    almost at random on short texts (cp852, cp775, iso8859-13 ...), but on the web,
    bytes 0x80-0x9F are cp1252's curly quotes, dashes, euro sign and ellipsis far more
    often than anything else.
    """
    return _latin_share(data) and not _has_undefined_cp1252(data)


def _latin_share(data: bytes) -> bool:
    """At most 30% of the non-space bytes are 8-bit: a Latin-script text."""
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    nonspace = len(data.translate(None, b" \t\r\n"))
    return high <= 0.3 * max(nonspace, 1)


def _has_undefined_cp1252(data: bytes) -> bool:
    return any(byte in data for byte in _CP1252_UNDEFINED)


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset an HTML page declares in a ``<meta>`` tag, or None.

    Labels are read as browsers read them (WHATWG): "iso-8859-1" and "ascii" mean
    windows-1252, and a UTF-16 label on a page without a UTF-16 BOM means UTF-8.
    """
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = browser_codec(m[1].decode("ascii"))
    except UnicodeDecodeError:
        return None
    if name is not None and (name.startswith(("utf-16", "utf-32")) or name == "utf-8"):
        return "utf-8"
    return name


def browser_codec(label: str) -> str | None:
    """The Python codec for a charset label as browsers read it (WHATWG), or None if unknown:
    servers and pages say "iso-8859-1" or "ascii" for text written in windows-1252, whose
    curly quotes and dashes live in 0x80-0x9F, so those labels mean cp1252."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii", "cp1252") else name


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("utf_8", "ascii") or (encoding in _LATIN_FAMILY and _clean_cp1252(data)):
        encoding = "cp1252"  # English text in a legacy code page is cp1252 far more often than Baltic or Turkish
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")


def _clean_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def replace_lone_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (U+D800-U+DFFF) replaced by U+FFFD.

    No decoder here produces one, but two inputs can: a JSON escape ("\\ud800" is valid
    JSON, not valid Unicode) and a file name that is not UTF-8 (Python maps its bytes to
    U+DC80-U+DCFF).  Neither can be encoded as UTF-8 later, so the ledger could not store
    the document, or print the message that names it.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM character is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
