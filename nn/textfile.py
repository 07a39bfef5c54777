"""Reading a user's file (parameters, worked examples) so that every failure is one clear error.

The loaders parse text only (JSON, TOML): nothing read is ever executed or unpickled. Before
reading, the path must be a regular file of sensible size, so a directory, a device such as
/dev/zero, a named pipe or a multi-gigabyte file gives an error instead of a hang or a crash.
"""

from __future__ import annotations

import reprlib
import stat
from collections.abc import Callable
from pathlib import Path

__all__ = ["read_text_file", "short_repr"]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxlong = 40
_short.maxother = 60


def short_repr(value: object) -> str:
    """repr() cut to a readable length: a hostile 5,000-digit number must not flood the message."""
    return _short.repr(value)


def missing_file(path: str | Path) -> str:
    """The one wording for a file that is not there, whatever it was meant to be."""
    return f"file {str(path)!r} does not exist"


def read_text_file(path: Path, where: str, kind: str, limit: int, error: type[Exception],
                   declared: Callable[[bytes], str | None] | None = None) -> str:
    """The file's text (UTF-8, a byte-order mark allowed), or ``error`` with a one-line reason.

    ``where`` names the file in messages (e.g. "example file 'x.toml'"), ``kind`` says what it
    should be (e.g. "worked-example .toml"), ``limit`` is the largest size accepted, in bytes;
    ``declared`` gives the codec the bytes declare for themselves (a web page's ``<meta charset>``),
    None for UTF-8.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(missing_file(path)) from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the name
        raise error(f"{where} cannot be read: {getattr(e, 'strerror', None) or e}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{where} is a directory; give the {kind} file itself") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{where} is not a regular file (a device, pipe or socket); give the {kind} file")
    if info.st_size > limit:
        raise error(f"{where} is {info.st_size:,} bytes: too large for a {kind} file (limit {limit:,})")
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as e:
        raise error(f"{where} cannot be read: {e.strerror or e}") from None
    if len(raw) > limit:  # it grew after stat()
        raise error(f"{where} is too large for a {kind} file (limit {limit:,} bytes)")
    encoding = (declared(raw) if declared is not None else None) or "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as e:
        named = "UTF-8" if encoding == "utf-8-sig" else f"{encoding} (the encoding it declares)"
        raise error(
            f"{where} is not {named} text (byte {e.start} is {raw[e.start]:#04x}); is it the right file?"
        ) from None
