"""Which trailing comment of a code line states the line's value, and which is only a label.

``xpy = x + y   #(4)``, ``# (2)``, ``# step 3``, ``# eq. 5`` number the steps of a derivation: labels,
never results. ``q = x + y  # q becomes 3``, ``# equals 0.5``, ``# evaluates to 2`` state the value in
words. A bare number is a result only when the comment is that number (``# 20.0``, ``# 36.0 (summed)``):
``# 0.01 also works`` says something else about a number, and stays listed, not compared (a tick
after the number, ``# 18.0 ✓``, only confirms it: a result)
(``unread_why``: why a comment's numbers are not a value, for the list of what was not checked).
"""

from __future__ import annotations

import re

__all__ = ["comment_value", "unread_why"]

_LABEL = re.compile(r"^#+\s*(?:\(\s*\d+[a-z]?\s*\)|(?:step|eq\.?|equation|line|no\.?|part|stage)\s*"
                    r"\(?\d+[a-z]?\)?\s*[.:)]?)\s*(?:[:.\-–—]\s*\D.*)?$", re.I)
_SAID = re.compile(r"^#+\s*(?:(?:[A-Za-z_]\w*(?:\.\w+)*|it|this|that)\s+)?(?:becomes|equals|evaluates\s+to|"
                   r"is\s+now|now\s+is|will\s+be|comes\s+out\s+(?:as|to))\s*:?\s*"
                   r"(?=[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:[\s,;)\]]|$))", re.I)
_TICKS = ("✓", "✔", "✅", "☑")  # ``# 18.0 ✓``: the value, marked as confirmed
_BARE = re.compile(r"^#+\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*(?P<rest>.*)$")


def comment_value(comment: str, said: str | None) -> str | None:
    """The value text a trailing comment states, else None. ``said``: what follows the phrase the
    code reader already knows (``# returns 36.0`` → ``36.0``), or None when it knows none."""
    if _LABEL.match(comment):
        return None
    if said is None:
        m = _SAID.match(comment)
        return comment[m.end():] if m else None
    bare = _BARE.match(comment)
    if bare and bare.group("rest") and not bare.group("rest").startswith(("(", "#", ",", ";", *_TICKS)):
        return None  # ``# 0.01 also works``: a number in a remark
    return said


def unread_why(comment: str, on_code: bool) -> str:
    """Why the numbers of a comment that states no value (``comment_value`` is None) are not checked;
    ``on_code``: the comment follows code on its line."""
    if _LABEL.match(comment):
        return "a label numbering a step in a code comment, not a value"
    if not on_code:
        return "in a comment on a line of its own: it states no value of a statement"
    return ("in a remark of a code comment: it says something else about the number, not the value of "
            "its line (a value is written `# 0.5` or `# y becomes 0.5`)")
