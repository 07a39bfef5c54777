"""'Did you mean …?' for a misspelt name: the few closest names, never the whole list."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``names`` closest to ``word``, best first: names it begins, then difflib's
    ratio (at least 0.6); case is ignored, ties go in alphabetical order."""
    folded = word.casefold()
    scored = []
    for name in dict.fromkeys(names):
        other = name.casefold()
        ratio = difflib.SequenceMatcher(None, folded, other).ratio()
        prefix = bool(folded) and other.startswith(folded)
        if prefix or ratio >= 0.6:
            scored.append((not prefix, -ratio, name))
    return [name for *_, name in sorted(scored)[:n]]


def did_you_mean(word: str, names: Iterable[str], n: int = 3) -> str:
    """``"did you mean mazur?"`` or ``"did you mean W11, W12 or W21?"``; "" when nothing is close."""
    found = closest(word, names, n)
    if not found:
        return ""
    listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]
    return f"did you mean {listed}?"
