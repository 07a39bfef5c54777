"""Where a claim's arithmetic on bare numbers is read, claim by claim, for ``reading``.

``arithmetic`` checks one chain of numbers-only sides and ``grid_arithmetic`` printed grids combined
element by element; ``OwnArithmetic`` decides, for each claim the reader meets, which of its sides
are such arithmetic: a claim with no left side or one the reader cannot read
(``= 0.2 + 0.4 = 0.6``, ``\\tanh\\left(\\begin{bmatrix}…\\end{bmatrix}\\right) = …``), a claim about a
quantity the graph does not have (``\\text{sum} = 1.05 + 1.19 ≈ 2.24``), the sides beside a vector
(``e = [0.8, -0.3] \\begin{bmatrix}…\\end{bmatrix} = 0.8 \\times 0.327 - 0.3 \\times 0.010 = 0.259``).
A display block that starts with ``=`` continues the claim before it. Every step is kept with its
verdict and explained (``record``); the steps between the sides of a quantity's claim are
``parts.steps_between``'s (a number standing for part of a formula).
"""

from __future__ import annotations

from dataclasses import replace

from nn.check.reader.arithmetic import Step, chain_steps
from nn.check.reader.claims import Claim
from nn.check.reader.grid_arithmetic import grid_steps, product_steps, side_lines
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.matrices import whole_grid
from nn.check.reader.trees import is_numeric, unwrap

__all__ = ["OwnArithmetic"]


class OwnArithmetic:
    """The steps read so far, the claim being read as written, and the last side read."""

    def __init__(self, explained: list[str]) -> None:
        self.steps: list[Step] = []
        self.explained = explained
        self.written = ""  # the claim being read, as written (its lines kept)
        self.last_side: tuple[str, int] | None = None  # the last side read and the line it starts on
        self.restated: dict[str, tuple[str, int]] = {}  # a formula's left side → its last side, this section
        self.held: dict[str, int] = {}  # a result printed by a step that holds → its line
        self.pending: tuple[str, tuple[str, int]] | None = None  # a name = grid arithmetic, no result yet

    def start(self, written: str) -> None:
        self.written = written

    def section(self) -> None:
        """A heading: a formula written again after it is about something else."""
        self.restated.clear()
        self.pending = None

    def done(self, claim: Claim) -> None:
        found = side_lines(self.written or claim.text, claim.line, claim.sides)
        self.last_side = found[-1]
        self.continued(claim, found[-1])

    def continued(self, claim: Claim, last: tuple[str, int] | None) -> None:
        """``W_1 = [W] - 0.01 [dW]`` in one display and ``W_1 = [result]`` in the very next claim: one chain
        of element-wise arithmetic on the grids, its result checked (a name's grid arithmetic with no
        result of its own waits one claim for it)."""
        pending, self.pending = self.pending, None
        key = " ".join(claim.sides[0].split())
        if len(claim.sides) != 2 or last is None or not isinstance(unwrap(_quiet(claim.sides[0])), Sym):
            return
        if whole_grid(claim.sides[1]) is None:
            if "\\begin" in claim.sides[1]:
                self.pending = (key, last)
        elif pending is not None and pending[0] == key:
            self.record(grid_steps([pending[1], last], [False, claim.approx[1]]))

    def of_sides(self, claim: Claim, lhs: object | None = None,
                 sides: list[object | None] | None = None) -> bool:
        """A claim that names no quantity (or none the graph has): its sides' arithmetic, step by step,
        grid by grid when they print grids. False when it has none."""
        if sides is None:
            sides = [_quiet(side) for side in claim.sides[1:]]
        before = lhs
        if lhs is None and not claim.sides[0].strip() and self.last_side is not None:
            before = _quiet(self.last_side[0])  # `$$ = 0.3 + 0.2 $$` continues the claim before it
        steps = chain_steps(claim.line, [before, *sides], claim.approx)
        if "\\begin" in claim.text:
            found = side_lines(self.written or claim.text, claim.line, claim.sides)
            continued = []
            if not claim.sides[0].strip():
                found[0] = self.last_side
            elif claim.text.lstrip().startswith("="):  # `$$ = [0.05 + 0 …] $$` after `A x = [A][x]`
                continued = product_steps([self.last_side, found[0]])
            steps = (steps + product_steps(found) if steps else grid_steps(found, claim.approx)) + continued
        return self.record(steps)

    def beside_grids(self, claim: Claim, named: bool) -> set[int]:
        """A claim printing grids: the sides (indexes of ``claim.sides``) read as arithmetic, grids
        combined element by element or numbers beside them; the left side too when it is ``named``
        nothing (a formula over grids)."""
        texts = claim.sides if not named else ["", *claim.sides[1:]]
        found = side_lines(self.written or claim.text, claim.line, texts)
        key = " ".join(claim.sides[0].split())
        if not named and key in self.restated:  # W^T δ = [0.2·0.5 + …] … W^T δ = [0.1]: one chain
            found[0] = self.restated[key]
        if not named and found[-1] is not None:
            self.restated[key] = found[-1]
        steps = grid_steps(found, claim.approx)
        read = {k for k, side in enumerate(texts) if steps and "\\begin" in side}
        trees = [None] + [_quiet(side) if "\\begin" not in side else None for side in claim.sides[1:]]
        numeric = chain_steps(claim.line, trees, claim.approx)
        read |= {k for k, tree in enumerate(trees) if numeric and tree is not None and is_numeric(tree)}
        self.record(steps + numeric)
        return read

    def unchecked(self, rows: list[dict], repeats: list) -> list[Step]:
        """The steps whose number no row checks already (a number is checked once)."""
        taken = {(int(str(r["source"]).split()[-1]), str(r["value"]).lstrip("≈ ")) for r in rows
                 if str(r.get("source", "")).startswith("line ")}
        taken |= {(r.line, r.printed) for r in repeats}
        return [step for step in self.steps if (step.line, step.printed) not in taken and not step.copied]

    def record(self, steps: list[Step]) -> bool:
        """Keep the steps, each with its verdict; False when there is none."""
        for step in steps:
            if step.holds:
                self.held.setdefault(step.printed, step.line)
            elif self.held.get(step.printed, step.line) != step.line:  # the number of an earlier line
                step = replace(step, carried_from=self.held[step.printed])
            self.steps.append(step)
            verdict = "holds" if step.holds else f"does not hold: its numbers give {step.should_read()}"
            self.explained.append(f"    line {step.line}: {step.text}: the document's own arithmetic "
                                  f"{verdict}")
        return bool(steps)


def _quiet(side: str) -> object | None:
    try:
        return parse_math(side)
    except (LatexError, RecursionError):
        return None
