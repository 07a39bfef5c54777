"""Definitions an example takes from the examples before it: "Suppose the hidden layer uses ReLU instead".

Lecture notes often follow a worked example with a variant: new givens (``x = 1``, ``w_1 = 0.5``), one
definition changed (``h = \\max(0, w_1 x)``), and the rest of the model left as it was (``\\hat y = w_2
h``, ``L = (y - \\hat y)^2`` stated once, an example earlier). Each example is read on its own
(``inference.example_scopes``), so such a variant would know no ``\\hat y`` and no ``L``.

An example takes a definition of the example before it only when it is a variant of it and needs
the definition:

- a variant: the example gives a number to every name the example before gave one (new numbers for
  the same inputs; an exercise with inputs of its own is another model, and takes nothing);
- the example writes the name (a value, a derivative of it) but does not define it, nor give it a
  number unless the example before defines it (there, ``\\hat y = -0.5`` is a result, not an input);
- the definition is the last one of that name in the example before, and its line states nothing
  but definitions in symbols (no number is taken over: every number the example checks is its own);
- every name the definition uses is one the example gives or defines, or itself takes so.

Only the definitions' lines are added to the example's text; its givens and numbers stay its own.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ClaimFacts", "earlier_definitions"]

_SETTINGS = {"eta", "alpha", "lr"}  # a learning rate is a setting, not an input of the model


@dataclass(frozen=True)
class ClaimFacts:
    """What one claim of the document says about names: its line, the name it defines in symbols
    (if any), the name it gives a number (if any), the names it writes, whether it prints a number."""

    line: int
    defines: str | None
    gives: str | None
    names: frozenset[str]
    numbers: bool


def earlier_definitions(scopes: list[tuple[int, int]], facts: list[ClaimFacts]) -> list[set[int]]:
    """For each example (``scopes``: first and last line), the lines of earlier examples whose
    definitions it takes (see the module's docstring); an empty set for the first."""
    return [set()] + [_taken(scope, before, facts) for before, scope in zip(scopes, scopes[1:])]


def _givens(facts: list[ClaimFacts]) -> set[str]:
    return {f.gives for f in facts if f.gives and f.gives not in _SETTINGS}


def _taken(scope: tuple[int, int], before: tuple[int, int], facts: list[ClaimFacts]) -> set[int]:
    inside = [f for f in facts if scope[0] <= f.line <= scope[1]]
    earlier = [f for f in facts if before[0] <= f.line <= before[1]]
    if not _givens(earlier) or not _givens(earlier) <= _givens(inside):
        return set()  # no variant of the example before: a model of its own
    definitions = {f.defines: f for f in earlier if f.defines}  # the last wins
    known = _known(inside, definitions)
    lines = _closure(definitions, _printed(earlier), known, set().union(*(f.names for f in inside)) - known)
    return _grounded(lines, facts, known)


def _printed(facts: list[ClaimFacts]) -> set[int]:
    """The lines printing a number: no definition is taken from them."""
    return {f.line for f in facts if f.numbers or f.gives}


def _known(inside: list[ClaimFacts], definitions: dict[str | None, ClaimFacts]) -> set[str]:
    """The names the example defines, and those it gives that the example before does not define (a
    name it defines, given a number here, is a result: ŷ = -0.5)."""
    known = {f.defines for f in inside if f.defines}
    return known | {f.gives for f in inside if f.gives and f.gives not in definitions}


def _grounded(lines: set[int], facts: list[ClaimFacts], known: set[str]) -> set[int]:
    """The lines whose names all end up given or defined (a name nothing gives drops its line, and
    what that line defines)."""
    while unknown := {line for line in lines if not _names_known(line, facts, known)}:
        lines -= unknown
        known -= {f.defines for f in facts if f.line in unknown}
    return lines


def _closure(definitions: dict[str | None, ClaimFacts], printed: set[int], known: set[str],
             wanted: set[str]) -> set[int]:
    """The lines of the definitions the wanted names need, and of those they need in turn (``known``
    grows with each name taken)."""
    lines: set[int] = set()
    changed = True
    while changed:  # a definition taken may use names only another taken definition gives
        changed = False
        for name in sorted(wanted - known):
            found = definitions.get(name)
            if found is None or found.line in printed or not found.names - {name} <= known | wanted:
                continue
            known.add(name)
            lines.add(found.line)
            wanted |= found.names
            changed = True
    return lines


def _names_known(line: int, facts: list[ClaimFacts], known: set[str]) -> bool:
    """Does every name the claims of ``line`` use end up given or defined in the example?"""
    return all(f.names - {f.defines} <= known for f in facts if f.line == line)
