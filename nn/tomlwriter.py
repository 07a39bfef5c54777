"""Writing TOML: the one place stepgrad turns values into TOML text (``new``, ``extract``).

Everything goes through tomli-w, a well-kept TOML writer, so a name or a formula with quotes,
backslashes, control characters or an inline table is written as TOML that reads back to the
same value. One exception, for the people who read the file: a string with backslashes (LaTeX)
and nothing a literal string cannot hold is written as a literal string, ``'\\frac{dL}{dw}'``
rather than ``"\\\\frac{dL}{dw}"``. Every value written is read back with ``tomllib`` before it is
returned: what stepgrad writes, it reads.

    toml_value("we\\\\ird")              -> '"we\\\\\\\\ird"' (a TOML basic string)
    toml_value(True)                   -> "true"
    toml_assignments({"a": 1, "b": None}) -> ["a = 1"]   (TOML has no null: None is left out)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping

import tomli_w

__all__ = ["toml_value", "toml_key", "toml_assignments", "toml_document"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
# what a TOML literal string '…' cannot hold: its quote, and control characters other than tab
_NOT_LITERAL = re.compile(r"['\x00-\x08\x0a-\x1f\x7f]")


def toml_value(value: object) -> str:
    """``value`` (str, int, float, bool, list, dict) as one TOML value, for after ``key = ``."""
    if isinstance(value, str) and "\\" in value and not _NOT_LITERAL.search(value):
        text = f"'{value}'"  # LaTeX reads best unescaped
    elif isinstance(value, (list, dict)):  # one line (tomli-w spreads lists over lines, tables in sections)
        text = _inline(value)
    else:
        text = tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")
    if not _same(tomllib.loads(f"v = {text}")["v"], value):  # never: the writer's own check
        raise ValueError(f"cannot write {value!r} as TOML")
    return text


def _same(read: object, written: object) -> bool:
    return read == written or (isinstance(read, float) and isinstance(written, float) and read != read
                               and written != written)  # nan reads back as nan


def _inline(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write {value!r} as one line of TOML")


def toml_key(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (``"L1.N1.w1"``, ``"we ird"``)."""
    return key if _BARE_KEY.match(key) else tomli_w.dumps({key: 0}).rstrip("\n").rsplit(" = ", 1)[0]


def toml_assignments(table: Mapping[str, object]) -> list[str]:
    """``key = value`` lines of one table; a None value is left out (TOML has no null)."""
    return [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items() if v is not None]


def toml_document(doc: Mapping[str, object]) -> str:
    """A whole TOML document (tables as sections), as tomli-w writes it, checked by reading it back."""
    text = tomli_w.dumps(doc)
    if tomllib.loads(text) != doc:  # never: the writer's own check
        raise ValueError("cannot write the document as TOML")
    return text
