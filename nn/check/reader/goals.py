"""Goals: "our goal is $z = 150$", "we want $a = 0.9$", "the desired output is $o = 1$".

A document that explains optimisation states where it wants a quantity to go before it computes
where the quantity is: "we have $z = x y = -6$; our goal is $z = 150$, so we nudge x along
the gradient". The goal is not a value of z: compared with the forward pass it would be a false
alarm, and taken as a given it would replace the computed z. A math segment whose sentence says,
right before it, that it is a goal (goal, aim, objective, target value, desired, "we want …",
"we would like … to be", "to make/get/reach/push …") holds goals: ``Goals.covers(offset)`` gives the
words that said so. What a goal claim is for is the reader's to say (``reader.reading``: a goal
for a quantity the graph computes, or gives another value, is listed, never compared; a goal that
is the only statement of a name, "our target is $y = 1$", is that name's given, as before).

``Goals(text, segments)`` looks at most ``_LOOK_BACK`` characters before each segment, never past the
segment before it or its sentence's start: linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from nn.check.reader.layout import MathSegment

__all__ = ["Goals"]

_LOOK_BACK = 60
_OPEN = r"(?:\\\(|\\\[|\$\$?)?\s*$"
_GOAL = re.compile(
    r"(?i)(?:\b(?:goal|aim|objective|target\s+value|desired(?:\s+\w+)?)\s+(?:is|was|would\s+be|of|to\s+be)\b"
    r"|\b(?:we|you|i|they)\s+(?:want|wanted|would\s+like|wish|hope|aim)\b"
    r"|\bin\s+order\s+to\b|\bdesired\b|\b(?:to|and)\s+(?:make|push|drive|bring|reach|achieve)\b)"
    r"(?P<gap>[^.!?$]{0,40})" + _OPEN)
_NOT_A_GOAL = re.compile(r"(?i)\b(?:comput|calculat|find|know|check|see|show|deriv|evaluat|determin|"
                         r"work\s+out|understand|verify|recall|remember|note|start|begin|use|read|updat|minimi|"
                         r"maximi|optimi|reduc|lower|decreas|increas|train|learn|fit|defin|writ)")
_SENTENCE_START = re.compile(r"[.!?:](?:\s|$)|\n[ \t]*\n")


class Goals:
    """The math segments of a text that state goals: their offsets, each with the words saying so."""

    def __init__(self, text: str, segments: Sequence[MathSegment]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.words: list[str] = []
        previous_end = 0
        for seg in sorted(segments, key=lambda s: s.start):
            window = text[max(previous_end, seg.start - _LOOK_BACK):seg.start]
            previous_end = max(previous_end, seg.start + len(seg.text))
            cut = [m.end() for m in _SENTENCE_START.finditer(window)]
            window = window[cut[-1]:] if cut else window
            m = _GOAL.search(window)
            if m is None or _NOT_A_GOAL.search(m.group("gap")):
                continue
            self.starts.append(seg.start)
            self.ends.append(seg.start + len(seg.text))
            self.words.append(" ".join(m.group(0).split()).rstrip("$\\[( "))

    def covers(self, offset: int) -> str | None:
        """The words saying the segment holding ``offset`` is a goal ("our goal is"), else None."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.words[k] if k >= 0 and offset < self.ends[k] else None
