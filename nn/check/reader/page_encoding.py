"""The character encoding a web page declares: ``<meta charset="windows-1252">`` or the HTTP-equivalent
``<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">``.

Looked for in the page's first 1,024 bytes, as a browser's pre-scan does (one regular-expression
pass over a bounded prefix: constant time whatever the page's size). A byte-order mark wins over any
declaration; labels are read as browsers read them (``iso-8859-1``, ``latin1`` and ``us-ascii`` are
windows-1252, a page declaring UTF-16 is UTF-8); a label Python has no codec for is no declaration
(the page is then read as UTF-8). Nothing is guessed from the bytes themselves: a page whose bytes
its encoding does not decode is refused with one line (``nn.textfile.read_text_file``).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["declared_encoding"]

PRESCAN_BYTES = 1024
_META = re.compile(rb"<meta\b[^>]{0,512}?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
_AS_BROWSERS_READ = {"iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252",
                     "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-32": "utf-8"}


def declared_encoding(raw: bytes) -> str | None:
    """The Python codec of the encoding the page declares in its first 1,024 bytes (``cp1252``,
    ``utf-8``, ...), ``utf-8-sig`` for a UTF-8 byte-order mark, None when it declares none Python knows."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    found = _META.search(raw[:PRESCAN_BYTES])
    if found is None:
        return None
    try:
        info = codecs.lookup(found.group(1).decode("ascii"))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64: no character encoding of a page
        return None
    name = _AS_BROWSERS_READ.get(info.name, info.name)
    return "utf-8-sig" if name == "utf-8" else name
