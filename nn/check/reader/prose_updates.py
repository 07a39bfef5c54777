"""Updates stated in words: "the new weight $w_1$ is 0.447", "$b$ is updated to 0.2662", "the updated
value of w2 = 0.4931", "w_2 becomes -0.861".

Blogs often give the result of a gradient step in a sentence. The sentence names the parameter (in
code, in math or bare: ``w2`` is w_2) and prints one number right after *is*, *=*, *:*, *becomes* or
*is updated to*; a name is read only with *new* / *updated* before it or *updated to* / *becomes* after
it. Each becomes the math claim ``w_{2}^{new} = 0.4931``, read at the number's line (the value after
one step); whether the name is a parameter the graph steps is the reader's to say
(``ProseUpdate.name``), and a name that is none is left alone, as the sentence was before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nn.check.reader.arrow_updates import updated_name
from nn.check.reader.layout import MathSegment
from nn.check.reader.prose_derivatives import latex_name

__all__ = ["ProseUpdate", "prose_updates"]

_NAME = (r"(?:`[^`\n]{1,16}`|\$[^$\n]{1,24}\$|\\\([^\n]{1,24}?\\\)"
         r"|[A-Za-z\u0370-\u03ff][\w\u2080-\u2089']{0,8})")
_NUMBER = r"[-−+]?(?:\d+(?:\.\d+)?|\.\d+)"
_OPEN = r"\s*(?:about|approximately|≈|~)?\s*(?:\*\*|__|`|\$|\\\()?\s*"
_END = r"(?![\w.]*\s*(?:[×·^/(+\\]|\*(?!\*)|-\s*\d))"  # not the start of more arithmetic
_NEW_BEFORE = re.compile(
    rf"(?i)\b(?:new|updated)\s+(?:value\s+(?:of\s+)?)?(?:(?:the\s+)?(?:weight|bias|parameter)\s+)?"
    rf"(?P<name>{_NAME})\s*(?:\*\*|__)?\s*(?:is|=|:|becomes)(?:\s+now)?{_OPEN}(?P<number>{_NUMBER}){_END}")
_UPDATED_AFTER = re.compile(
    rf"(?i)(?<![\w$`])(?P<name>{_NAME})\s+(?:is\s+updated\s+to|becomes|is\s+now\s+updated\s+to|"
    rf"gets\s+updated\s+to){_OPEN}(?P<number>{_NUMBER}){_END}")
_NOT_NAMES = {"it", "this", "that", "which", "loss", "error", "cost", "value", "weight", "bias", "the", "and"}


class ProseUpdate:
    """One update a sentence states: its claim in LaTeX, the name, where its number is."""

    def __init__(self, claim: str, start: int, name: str) -> None:
        self.claim, self.start, self.name = claim, start, name

    def segment(self) -> MathSegment:
        return MathSegment(self.claim, self.start, False)


def prose_updates(text: str, segments: Sequence[MathSegment], masked: str | None = None) -> list[ProseUpdate]:
    """The updates stated in the prose of ``text`` (a number inside a formula is the formula's own;
    ``masked``: the text with its code blanked, where nothing is prose)."""
    spans = sorted((seg.start, seg.start + len(seg.text)) for seg in segments)
    found: dict[int, ProseUpdate] = {}
    for pattern in (_NEW_BEFORE, _UPDATED_AFTER):
        for m in pattern.finditer(text):
            start = m.start("number")
            if masked is not None and masked[m.start():m.start() + 3] != text[m.start():m.start() + 3]:
                continue
            if start in found or any(a <= start < b and text[a:b].strip() != m.group("number")
                                     for a, b in spans):
                continue
            name = latex_name(m.group("name"))
            updated = updated_name(name) if name.lower() not in _NOT_NAMES else None
            if updated is not None:
                found[start] = ProseUpdate(f"{updated} = {m.group('number').replace('−', '-')}", start, name)
    return sorted(found.values(), key=lambda u: u.start)
