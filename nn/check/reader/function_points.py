"""A document's functions at a point: defined in its code, valued or differentiated where the text says.

``def f(x, y): return x*x*y + y + 2`` (or ``f = lambda x: x**2``) in a code block defines f as the
math the inference reads (``code_cells.code_math``), as ``f(x, y) = x^2 y + y + 2`` in the text does
(``functions``). The text then prints its value at a point, ``f(3, 4) = 42``, or a derivative there:
``f'(2) = 4``, ``\\frac{\\partial f}{\\partial x}(3, 4) = 24``, ``\\frac{df}{dx}(1)``,
``\\frac{d}{dx} f(2)``. ``point_of`` reads which function, which argument is differentiated (none for
a value) and at which numbers; ``at_point`` gives the body over named leaves holding those numbers,
so the derivative is the engine's, d(body)/d(the leaf in that argument's place). A function of one
letter that is also an activation's (f, g) is only read so when the document defines it as a
function; nothing of the code is run.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from nn.check.reader.code_cells import code_math
from nn.check.reader.code_outputs import fences
from nn.check.reader.functions import Function
from nn.check.reader.latex import Call, Deriv, Div, Group, LatexError, Num, Prod, Sym, Vec, parse_math
from nn.check.reader.trees import map_leaves, plain, unwrap

__all__ = ["Point", "code_functions", "point_of", "at_point", "point_label"]

MAX_CODE_CHARS = 200_000  # one code block; a longer one is not read for functions
_PYTHON = {"code", "python", "py", "python3", "py3", "ipython", "ipython3"}  # a notebook's cells are ```code


@dataclass(frozen=True)
class Point:
    """A function at numbers: ``index`` is the argument differentiated, None for the value itself."""

    function: Function
    index: int | None
    numbers: tuple[Num, ...]


def code_functions(text: str) -> list[Function]:
    """Every function the text's code blocks define with one ``return`` of plain arithmetic
    (``def``, or ``name = lambda …``), in order; a name defined twice differently is left out (which
    one the text means depends on the order the code ran in)."""
    lines = text.split("\n")
    found: dict[str, list[Function | None]] = {}
    for k, end, info in fences(lines):
        body = "\n".join(lines[k + 1:end])
        if info not in _PYTHON or len(body) > MAX_CODE_CHARS:
            continue
        try:
            tree = ast.parse(body)
        except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
            continue
        for statement in tree.body:
            for name, defined in _definitions(statement):
                found.setdefault(name, []).append(defined)
    return [fs[0] for fs in found.values() if fs[0] is not None and all(f == fs[0] for f in fs)]


def _definitions(statement: ast.stmt) -> list[tuple[str, Function | None]]:
    """``def f(x): return …`` / ``f = lambda x: …``: the name and the function (None when its body is
    not one return of plain arithmetic); [] for any other statement."""
    if isinstance(statement, ast.FunctionDef):
        body = [s for s in statement.body if not _docstring(s)]
        returned = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
        return [(statement.name, _function(statement.name, statement.args, returned))]
    if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name) and isinstance(statement.value, ast.Lambda)):
        lam = statement.value
        return [(statement.targets[0].id, _function(statement.targets[0].id, lam.args, lam.body))]
    return []


def _docstring(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _function(name: str, args: ast.arguments, returned: ast.expr | None) -> Function | None:
    if returned is None or args.vararg or args.kwarg or args.kwonlyargs or args.defaults or args.posonlyargs:
        return None
    math = code_math(returned)
    try:
        head = unwrap(parse_math(name))
        arguments = tuple(unwrap(parse_math(a.arg)) for a in args.args)
        body = parse_math(math) if math is not None else None
    except (LatexError, RecursionError):
        return None
    if body is None or not isinstance(head, Sym) or not all(isinstance(a, Sym) for a in arguments):
        return None
    if not arguments or len(set(arguments)) != len(arguments):
        return None
    return Function(head, arguments, body)


def point_of(node: object, functions: dict[Sym, Function]) -> Point | None:
    """``f(3, 4)``, ``f'(2)``, ``∂f/∂x(3, 4)``, ``df/dx(1)``, ``d/dx f(2)`` for a function of
    ``functions``: the function, the argument differentiated and the numbers; None for anything else."""
    factors = _factors(unwrap(node))
    if len(factors) == 3 and _is_d_by(factors[0]) and isinstance(factors[1], Sym):  # d/dx h(2)
        return _by(functions.get(factors[1]), Sym(factors[0].den.base[1:], factors[0].den.sub), factors[2])
    if len(factors) != 2:
        return None
    first, inside = factors
    if _is_d_by(first) and isinstance(inside, Call) and "'" not in inside.name:  # d/dx f(2)
        return _by(functions.get(Sym(inside.name)), Sym(first.den.base[1:], first.den.sub), inside.arg)
    if isinstance(first, Deriv) and isinstance(first.top, Sym):  # ∂f/∂x (3, 4)
        return _by(functions.get(first.top), first.bottom, inside)
    if isinstance(first, Sym) and not first.sub and not first.tag:  # f(2), f'(2), h'(2)
        primes = len(first.base) - len(first.base.rstrip("'"))
        function = functions.get(Sym(first.base.rstrip("'")))
        if function is None or primes > 1 or (primes and len(function.arguments) != 1):
            return None
        return _at(function, 0 if primes else None, inside)
    return None


def _factors(node: object) -> tuple[object, ...]:
    """A call as (name, what the brackets hold): ``f'(2)`` read as a Call is the same as ``h'(2)``."""
    if isinstance(node, Call):
        return Sym(node.name), node.arg
    if isinstance(node, Prod) and isinstance(node.factors[-1], (Group, Vec)):
        return node.factors
    if isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[1], Call):
        return node.factors
    return ()


def _is_d_by(node: object) -> bool:
    """``\\frac{d}{dx}``: the derivative by x of what follows."""
    return (isinstance(node, Div) and node.num == Sym("d") and isinstance(node.den, Sym)
            and node.den.base.startswith("d") and len(node.den.base) > 1)


def _by(function: Function | None, by: object, inside: object) -> Point | None:
    if function is None or by not in function.arguments:
        return None
    return _at(function, function.arguments.index(by), inside)


def _at(function: Function, index: int | None, inside: object) -> Point | None:
    inside = unwrap(inside)
    items = tuple(unwrap(x) for x in (inside.items if isinstance(inside, Vec) else (inside,)))
    if len(items) != len(function.arguments) or not all(isinstance(x, Num) for x in items):
        return None
    return Point(function, index, items)


def point_label(point: Point) -> str:
    """The point in the document's own names: ``df/dx(3, 4)`` for a derivative, ``f(3, 4)`` a value (the
    graph's names for it are made up: one node and its leaves per point)."""
    name, at = plain(point.function.name), f"({', '.join(n.text for n in point.numbers)})"
    if point.index is None:
        return f"{name}{at}"
    return f"d{name}/d{plain(point.function.arguments[point.index])}{at}"


def at_point(point: Point, leaf_names: list[str]) -> object:
    """The function's body with each argument replaced by the leaf of ``leaf_names`` in its place (the
    leaves hold ``point.numbers``); a value reads the numbers themselves."""
    if point.index is None:
        values = dict(zip(point.function.arguments, point.numbers))
    else:
        values = {a: Sym(name) for a, name in zip(point.function.arguments, leaf_names)}

    def put(leaf: object) -> object:
        return values.get(leaf, leaf) if isinstance(leaf, Sym) else leaf
    return Group(map_leaves(point.function.body, put))
