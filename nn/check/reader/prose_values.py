"""Givens and results stated in words: "the learning rate is 0.5", "gradient for w2: 0.069".

Prose outside math, code and tables is read for a few idioms any author uses:

- the **learning rate**: "with a learning rate of 0.5", "the learning rate is 0.5", "step size: 0.1",
  "learning rate (η) = 0.1" — the claim ``\\eta = 0.5``;
- a **name and its number** after a colon: "w5: 0.40", "`b_o`: 0.6";
- the **target**: "target 0.01", "the target value is 1" — the claim about the one target-like name
  (``t``, ``y``, ``target``, ``y_true``, …) the document uses and never gives.

A gradient in words ("gradient for w2: 0.069") is ``prose_derivatives``' to read, never read here as a
value of w2.

A name is read only when the document uses it elsewhere (a known quantity or a given name). What
stays ambiguous — a target with several candidate names, "the output is 0.751", "the loss is 0.3"
(which quantity is meant is not said) — is listed with its line and why, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from nn.check.reader.latex import Sym
from nn.check.reader.name_lists import one_symbol
from nn.check.reader.update_names import split_index

__all__ = ["ProseValue", "prose_values", "target_like"]

_NUMBER = r"([-−+]?(?:\d+\.?\d*|\.\d+))(?![\w%]|\.\d)"
_NAME = r"`?([A-Za-z](?:_\{?[A-Za-z0-9]{1,6}\}?|[0-9₀-₉]{1,3})?)`?"
_VERBS = r"(?:\s+(?:is|was|of|equals|equal to|set to|to be|be)\b|\s*[=:])*\s*"
_LEARNING_RATE = re.compile(rf"(?i)\b(?:learning[ -]rate|step[ -]size)(?:\s*\((?:η|α|eta|alpha|lr)\))?"
                            rf"{_VERBS}{_NUMBER}")
_GRADIENT = re.compile(rf"(?i)\bgradients?\s+(?:for|of|with respect to|w\.r\.t\.?|wrt|on)\s+{_NAME}"
                       rf"{_VERBS}{_NUMBER}")  # prose_derivatives' to read: never a value of the name
_COLON = re.compile(rf"(?:^|(?<=[\s,;(]))(?<![\w`]){_NAME}\s*:\s*{_NUMBER}")
_TARGET = re.compile(rf"(?i)\b(?:the\s+)?target(?:\s+(?:value|output))?{_VERBS}{_NUMBER}")
_UNNAMED = re.compile(rf"(?i)\b(?:the\s+)(output|prediction|loss|error|cost)\s+(?:is|was|equals|=|:|of)\s*"
                      rf"{_NUMBER}")
_UNSAID = "which quantity \"the {}\" is, the text does not say (name it in math, e.g. `y = 0.75`)"
_TARGET_BASES = {"t", "y", "target"}
_TARGET_SUBS = {"target", "true", "t", "label", "actual"}


@dataclass(frozen=True)
class ProseValue:
    """A number the prose states: its line, the quantity (LaTeX) — or why it is not read."""

    line: int
    name: str
    value: str
    why_not: str = ""  # not read: the reason (``name`` is then the words as written)

    def claim(self) -> str | None:
        return None if self.why_not else f"{self.name} = {self.value}"


def _used_name(written: str, used: Callable[[Sym], bool]) -> str | None:
    """The name as LaTeX when the document uses it elsewhere (``w2`` for its ``w_2`` too), else None."""
    sym = one_symbol(written)
    if sym is not None and not used(sym):
        sym = split_index(sym)
    if sym is None or not used(sym):
        return None
    return f"{sym.base}_{{{sym.sub}}}" if sym.sub else sym.base


def target_like(sym: Sym) -> bool:
    """``t``, ``y``, ``target``, ``y_true``, ``t_1``: a name a target is written with."""
    return (sym.base == "target" or sym.sub in _TARGET_SUBS
            or sym.base in _TARGET_BASES and (not sym.sub or sym.sub.isdigit()))


def _lines(masked: str, table_lines: Collection[int]) -> list[tuple[int, str]]:
    return [(k, line) for k, line in enumerate(masked.split("\n"), 1)
            if k not in table_lines and not line.lstrip().startswith("|")]


def prose_values(prose: str, table_lines: Collection[int], used: Callable[[Sym], bool],
                 unstated: list[Sym]) -> list[ProseValue]:
    """What the prose states (see the module's docstring), line by line. ``prose``: the document with
    its math and code blanked; ``used(sym)``: does the document use the name elsewhere; ``unstated``:
    the names it uses and never gives (the target's candidates)."""
    targets = [sym for sym in unstated if target_like(sym)]
    out: list[ProseValue] = []
    for line, text in _lines(prose, table_lines):
        if not any(c.isdigit() for c in text):
            continue
        out += [ProseValue(line, "\\eta", m.group(1).replace("−", "-"))
                for m in _LEARNING_RATE.finditer(text)]
        for m in _COLON.finditer(text):
            if (name := _used_name(m.group(1), used)) is not None and not _GRADIENT.search(text[:m.end()]):
                out.append(ProseValue(line, name, m.group(2).replace("−", "-")))
        out += _targets(line, text, targets)
        out += [ProseValue(line, m.group(0).strip(), m.group(2), why_not=_UNSAID.format(m.group(1)))
                for m in _UNNAMED.finditer(text)]
    return out


def _targets(line: int, text: str, targets: list[Sym]) -> list[ProseValue]:
    out = []
    for m in _TARGET.finditer(text):
        value = m.group(1).replace("−", "-")
        if len(targets) == 1:
            sym = targets[0]
            out.append(ProseValue(line, f"{sym.base}_{{{sym.sub}}}" if sym.sub else sym.base, value))
        else:
            candidates = ", ".join(sorted({f"{s.base}_{s.sub}" if s.sub else s.base for s in targets}))
            why = (f"the target could be any of {candidates}" if targets else
                   "no name of the document's formulas is a target it never gives")
            out.append(ProseValue(line, m.group(0).strip(), value, why_not=why))
    return out
