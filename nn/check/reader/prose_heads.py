"""A vector function named in the prose just before the math that prints its value.

    Softmax $\\approx [0.9999, 0.00005, 0.00005]$ — almost all probability on class 1.
    the softmax is $[0.090, 0.245, 0.665]$

The math starts with its relation (or is the value alone, after "is"): its left side is the word
before it. ``prose_heads`` gives such a segment that word as its left side, written as the reader
knows it (``softmax``), so the vector is read as that function's value (``softmax_inputs``). Only the
names in ``HEADS`` are taken: a word of prose is any other thing ("sum", "result"), and which
quantity it is the text does not say. The segment's start moves back by the length of what is put
in front (never beyond the word itself), so every number keeps its line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nn.check.reader.layout import MathSegment

__all__ = ["HEADS", "prose_heads"]

HEADS = {"softmax": "softmax"}  # a word of prose → the left side it is written as
_RELATION = re.compile(r"^\s*(?:=|\\approx|≈)")
_VALUE = re.compile(r"^\s*\[")
_BEFORE = re.compile(r"(?i)\b(?P<word>[a-z]+)(?P<is>\s+is)?\s*:?\s*\$+$")


def prose_heads(text: str, segments: list[MathSegment]) -> list[MathSegment]:
    """The segments, each one whose left side is a word of ``HEADS`` just before it given that left
    side (see the module)."""
    return [_headed(text, seg) for seg in segments]


_WINDOW = 80  # the word, "is", a colon and the spaces before the math: searched only this far back


def _headed(text: str, seg: MathSegment) -> MathSegment:
    window = max(0, seg.start - _WINDOW)  # never the whole line: one line may hold thousands of segments
    line_start = max(window, text.rfind("\n", window, seg.start) + 1)
    m = _BEFORE.search(text, line_start, seg.start)
    if m is None or m.group("word").lower() not in HEADS:
        return seg
    if _RELATION.match(seg.text):
        head = f"{HEADS[m.group('word').lower()]} "
    elif m.group("is") and _VALUE.match(seg.text):
        head = f"{HEADS[m.group('word').lower()]} = "
    else:
        return seg
    if seg.start - len(head) < m.start():
        return seg
    return replace(seg, text=head + seg.text, start=seg.start - len(head))
