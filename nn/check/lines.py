"""Where each table and key of a TOML text is, for messages that name the line.

At the bottom of nn.check: the loader, the formula reader and the document reader all use it.
"""

from __future__ import annotations

import re

__all__ = ["LineIndex", "line_of"]

_HEADER = re.compile(r"^\s*\[(\[?)\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-.]+))\s*=""")


class LineIndex:
    """Where each table and key is, found in one pass over the text (a lookup is O(1)).

    ``line(table, key, index)``: the line of ``key`` in ``[table]`` (the ``index``-th
    ``[[table]]``), or of the table's header when ``key`` is None.
    """

    def __init__(self, text: str) -> None:
        self.headers: dict[tuple[str, int | None], int] = {}
        self.keys: dict[tuple[str | None, int | None, str], int] = {}
        current: tuple[str | None, int | None] = (None, None)
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if m := _HEADER.match(line):
                name = m.group(2).strip("\"'")
                counts[name] = counts.get(name, 0) + 1
                current = (name, counts[name])
                self.headers.setdefault((name, counts[name]), number)
                self.headers.setdefault((name, None), number)
            elif m := _KEY.match(line):
                key = next(g for g in m.groups() if g is not None)
                for k in {key, key.split(".")[0]}:
                    self.keys.setdefault((current[0], current[1], k), number)
                    self.keys.setdefault((current[0], None, k), number)

    def line(self, table: str | None, key: str | None = None, index: int | None = None) -> int | None:
        if key is None:
            return self.headers.get((table, index)) if table is not None else None
        return self.keys.get((table, index, key))


def line_of(text: str, table: str | None, key: str | None = None, index: int | None = None) -> int | None:
    """The 1-based line of ``[table]`` (the ``index``-th ``[[table]]``) or of ``key`` inside it."""
    return LineIndex(text).line(table, key, index)
