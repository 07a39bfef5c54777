"""Premises the document omits: where the graph read from its text is incomplete.

A document may use quantities it never gives: a 2-2-2 network whose second output's weights are only
in a picture (``net_{o2} = w_7 out_{h1} + w_8 out_{h2} + b_2``, no value for w_7, w_8), or a second
output whose value it prints with no definition at all and then differentiates by a hidden unit
(``\\frac{\\partial E_{o2}}{\\partial out_{h1}}``). The graph read then lacks a path the document
uses: net_{o2} is a given there, not a function of out_{h1}, so every derivative through it would be
computed one path short and reported as wrong. Two kinds of **cut** are found:

- a name the document defines in symbols it never gives a value (``w_7``): the graph has it as a
  given (its printed value) or not at all; the known names its definition uses are its sources;
- a derivative the document writes, ``∂A/∂B``, where A is not computed from B in the graph read.

A number that needs a path through a cut (a derivative of anything computed from the cut by
anything its sources are computed from; a value after a step that moves such a parameter) is not
compared: it is listed as not checked, "premise missing", naming what the document never gives.
Values before any step are computed from the cut's printed value and stay checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nn.check.reader.latex import Deriv, Sym
from nn.check.reader.names import Names, Unmapped
from nn.check.reader.trees import leaves, printed_number, unwrap

__all__ = ["Cut", "Incomplete", "written_derivatives"]

Unstated = dict[str, tuple[tuple[str, ...], int, str]]  # name → the names its definition uses, line, text


@dataclass(frozen=True)
class Cut:
    """A quantity of the graph read that the document computes from ``sources``, but the graph not."""

    name: str
    sources: tuple[str, ...]
    missing: tuple[str, ...]  # the names the document never gives (empty: it never says how)
    line: int
    written: str  # the definition as the document writes it, or the derivative it writes

    def text(self) -> str:
        if self.missing:
            return (f"premise missing: the document never gives {', '.join(self.missing)} (line {self.line}: "
                    f"{self.written}), so the graph read lacks the path from {', '.join(self.sources)} "
                    f"to {self.name}")
        return (f"premise missing: line {self.line} differentiates {self.written}, but the text never says "
                f"how {self.name} is computed from {', '.join(self.sources)}; the graph read has no such "
                "path")


def written_derivatives(lhs: object, sides: list[object], line: int) -> list[tuple[Sym, Sym, int]]:
    """The derivatives ``∂A/∂B`` a claim writes, of one symbol by another (a left side printed as 0
    says the path is absent: it is no sign of one)."""
    found = [leaf for side in sides for leaf in leaves(side) if isinstance(leaf, Deriv)]
    printed = [p for p in map(printed_number, sides) if p is not None]
    if isinstance(lhs, Deriv) and not (printed and all(float(p) == 0 for p in printed)):
        found.append(lhs)
    pairs = []
    for derivative in found:
        top, bottom = unwrap(derivative.top), unwrap(derivative.bottom)
        if isinstance(top, Sym) and isinstance(bottom, Sym) and not top.tag and not bottom.tag:
            pairs.append((top, bottom, line))
    return pairs


class Incomplete:
    """The cuts of one graph read, and which numbers need a path through them."""

    def __init__(self, names: Names, cuts: list[Cut], omitted: dict[str, tuple[int, str]],
                 naming: Callable[[Sym], str] = str, unstated: Unstated | None = None,
                 known: set[str] | None = None) -> None:
        self.names = names
        self.cuts = cuts
        self.omitted = omitted  # a name definitions use and nothing gives → (line, definition written)
        self.unstated = unstated or {}
        self.known = known or set()
        self.naming = naming  # a symbol's engine name
        self.used: dict[str, None] = {}  # the premises missing that kept a number from being checked
        self.stepped_short: dict[str, str] | None = None  # parameter → why its gradient is not the graph's

    @classmethod
    def of(cls, names: Names, unstated: Unstated, known: set[str],
           derivatives: list[tuple[Sym, Sym, int]], naming: Callable[[Sym], str]) -> Incomplete:
        """The cuts of the graph ``names`` built: ``unstated`` holds each definition the inference could
        not state (name → the names it uses, its line, as written), ``known`` the names it did state,
        ``naming`` a symbol's engine name."""
        omitted: dict[str, tuple[int, str]] = {}
        cuts = []
        for name, (uses, line, written) in unstated.items():
            missing = _omitted(name, unstated, known)
            for m in missing:
                omitted.setdefault(m, (line, f"{name} = {written}"))
            sources = tuple(u for u in dict.fromkeys(uses) if u in names.nodes and u != name)
            if name in names.nodes and not names.nodes[name].parents and sources and missing:
                cuts.append(Cut(name, sources, missing, line, f"{name} = {written}"))
        cuts += _unwritten_paths(names, derivatives)
        return cls(names, cuts, omitted, naming, unstated, known)

    def reaches(self, top: str, bottom: str) -> bool:
        return top == bottom or self.names.depends(top, bottom)

    def why(self, quantity: str, after: int = 0) -> str | None:
        """Why a number of ``quantity`` (after ``after`` steps) needs a path the graph lacks, else None."""
        if not self.cuts:
            return None
        if "/" in quantity:
            top, bottom = (part[1:] for part in quantity.split("/", 1))
            return self.through(top, bottom)
        if not after:
            return None
        if self.stepped_short is None:  # the parameters a step moves by a gradient the graph lacks
            self.stepped_short = {p: cut for p in sorted(self.names.params)
                                  if (cut := self.cut_on(self.names.root, p)) is not None}
        for parameter, cut in self.stepped_short.items():
            if self.reaches(quantity, parameter):
                return f"{self.said(cut)}; {quantity} after the step depends on {parameter}'s gradient"
        return None

    def through(self, top: str, bottom: str) -> str | None:
        """Why the derivative of ``top`` by ``bottom`` needs a path the graph lacks, else None."""
        cut = self.cut_on(top, bottom)
        return self.said(cut) if cut is not None else None

    def cut_on(self, top: str, bottom: str) -> Cut | None:
        """The first cut on a path from ``bottom`` to ``top`` the document uses, else None."""
        return next((cut for cut in self.cuts if self.reaches(top, cut.name)
                     and any(self.reaches(s, bottom) for s in cut.sources)), None)

    def said(self, cut: Cut) -> str:
        """The cut's reason, its missing premises noted for the report's first line."""
        self.used.update(dict.fromkeys(cut.missing or (f"how {cut.name} depends on {cut.sources[0]}",)))
        return cut.text()

    def unmapped(self, error: Unmapped) -> str | None:
        """"premise missing" for a name no graph has because the document never gives it, else None."""
        name = self.naming(error.symbol) if isinstance(error.symbol, Sym) else None
        if name in self.omitted:
            line, written = self.omitted[name]
            self.used[name] = None
            return f"premise missing: the document never gives {name} (line {line}: {written})"
        if name in self.unstated and (missing := _omitted(name, self.unstated, self.known)):
            uses, line, written = self.unstated[name]
            self.used.update(dict.fromkeys(missing))
            return (f"premise missing: the document never gives {', '.join(missing)}, which {name} needs "
                    f"(line {line}: {name} = {written})")
        return None

    def unknown_in(self, formulas: list[object]) -> str | None:
        """"premise missing" for a derivative's formula written in names the text never gives a value
        (``\\delta_{o1} w_5 + \\delta_{o2} w_7`` with no w_7): its number needs the path through
        them, which the graph read lacks; else None."""
        unknown: dict[str, None] = {}
        for formula in formulas:
            for leaf in leaves(formula):
                if isinstance(leaf, Sym) and not leaf.tag:
                    try:
                        self.names.resolve(leaf)
                    except Unmapped as e:
                        if isinstance(e.symbol, Sym) and self.sibling(e.symbol):
                            unknown[self.naming(e.symbol)] = None
        if not unknown:
            return None
        self.used.update(unknown)
        return (f"premise missing: the document never gives {', '.join(unknown)}, which the formula on "
                "its line uses: the graph read lacks the path through them")

    def sibling(self, symbol: Sym) -> bool:
        """Is ``symbol`` (``w_7``) never given, but named like quantities the graph has (``w_5``): one
        more of a family the document writes, whose value it left to a figure?"""
        name = self.naming(symbol)
        if not symbol.sub or name in self.known:
            return False
        prefix = name[:len(name) - len(symbol.sub.replace(",", ""))]
        return any(k.startswith(prefix) and k[len(prefix):].isalnum() for k in self.names.nodes)

    def premises(self) -> list[str]:
        """The premises missing (names never given, paths never stated) that kept numbers unchecked."""
        return list(self.used)


def _omitted(name: str, unstated: Unstated, known: set[str]) -> tuple[str, ...]:
    """The names at the bottom of a definition nothing states: never given, never defined."""
    out: dict[str, None] = {}
    stack, seen = [name], {name}
    while stack:
        for use in unstated[stack.pop()][0]:
            if use in seen or use in known or use == "∂":
                continue
            seen.add(use)
            if _product(use, known):  # bc with b known: c is what is missing
                out.update(dict.fromkeys(c for c in use if c not in known))
            elif use in unstated:
                stack.append(use)
            else:
                out[use] = None
    return tuple(out)


def _product(name: str, known: set[str]) -> bool:
    """``bc`` with b known: an implicit product of one-letter names, no name of its own."""
    return 1 < len(name) <= 4 and name.isalpha() and any(c in known for c in name)


def _unwritten_paths(names: Names, derivatives: list[tuple[Sym, Sym, int]]) -> list[Cut]:
    """The derivatives ``∂A/∂B`` the document writes where the graph read computes A without B."""
    cuts: dict[tuple[str, str], Cut] = {}
    for top, bottom, line in derivatives:
        try:
            a, b = names.resolve(top), names.resolve(bottom)
        except Unmapped:
            continue
        if a.after or b.after or "/" in a.quantity + b.quantity or a.quantity == b.quantity:
            continue
        if a.quantity in names.nodes and b.quantity in names.nodes and not names.depends(a.quantity,
                                                                                        b.quantity):
            cuts.setdefault((a.quantity, b.quantity), Cut(a.quantity, (b.quantity,), (), line,
                                                          f"{a.quantity} by {b.quantity}"))
    return list(cuts.values())
