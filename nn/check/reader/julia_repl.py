"""Julia REPL transcripts: the functions they define and the numbers they print, as the text's claims.

Julia's autodiff documentation (Zygote, Flux, ForwardDiff) and course notes show a session::

    julia> f(x) = 3x^2 + 2x + 1
    julia> f(2), f'(2)
    (17, 14)
    julia> gradient((a, b) -> a * b, 2, 3)
    (3.0, 2.0)

A one-line definition ``f(x) = …`` (``f(x::Real)``, ``f(x, y)``) of plain arithmetic is a function
(``functions.Function``), its body written as the text's math (``3x^2`` is 3·x², as in Julia). An
input then shows its output on the lines below it; each value it computes — ``f(2)``; a derivative:
``f'(2)``, ``gradient(f, 2)`` (one per argument), ``derivative(f, 2)``, ``(x -> x^2)'(3)``,
``df(2)`` for ``df(x) = gradient(f, x)[1]`` — is paired with one number of the output, in order, and
becomes the claim ``f'(2) = 14`` written where that number is printed (``function_points`` checks
it). An input whose values do not line up with its output's numbers gives no claim; nothing is run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nn.check.reader.function_points import Point, point_of
from nn.check.reader.functions import Function
from nn.check.reader.latex import LatexError, Sym, parse_math
from nn.check.reader.layout import MathSegment
from nn.check.reader.trees import leaves

__all__ = ["Session", "read_session"]

_PROMPT = re.compile(r"^[ \t]*julia>[ \t]?(.*)$")
_DEFINITION = re.compile(r"^(?:function\s+)?([A-Za-z]\w*)\(([^()]*)\)\s*=(?!=)\s*(.+)$")
_ARGUMENT = re.compile(r"^([A-Za-z]\w*)(?:::\w+)?$")
_LAMBDA = re.compile(r"^\(?\s*([A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*)*)\s*\)?\s*->\s*(.+)$")
_SLOPE_OF = re.compile(r"^(?:\w+\.)?(gradient|derivative)\(\s*([A-Za-z]\w*)\s*,\s*([A-Za-z]\w*)\s*\)"
                       r"(?:\[1\])?$")
_GRADIENT = re.compile(r"^(?:\w+\.)?(gradient|derivative)\((.*)\)(\[1\])?$")
_BINDING = re.compile(r"^([A-Za-z]\w*)\s*=(?!=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*;?$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:f0)?")
_TUPLE_OUTPUT = re.compile(r"^\(\s*([^()]*?)\s*,?\s*\)$")
_PLAIN = re.compile(r"^[\w\s.+\-*/^()]*$")  # the characters of plain arithmetic in Julia
MAX_SESSION_LINES = 100_000


@dataclass
class Session:
    """What a text's transcripts define (functions by name) and claim (one math segment per number)."""

    functions: dict[Sym, Function]
    segments: list[MathSegment]


@dataclass(frozen=True)
class _Entry:
    line: int  # 0-based line of the prompt
    code: str
    output: list[tuple[int, str]]  # (0-based line, text) of each output line


def read_session(text: str) -> Session:
    """The transcripts' functions and claims (empty when the text has no ``julia>`` prompt)."""
    session = Session({}, [])
    if "julia>" not in text:
        return session
    lines = text.split("\n")[:MAX_SESSION_LINES]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    slopes: dict[Sym, Sym] = {}  # df → f, for df(x) = gradient(f, x)[1]
    bound: dict[str, str] = {}  # x → 2.0, for x = 2.0
    for entry in _entries(lines):
        code = _uncommented(entry.code)
        if (m := _BINDING.match(code)) is not None:
            bound[m.group(1)] = m.group(2)
            continue
        bound = {k: v for k, v in bound.items() if not re.match(rf"{k}\s*=[^=]", code)}  # bound again
        if _define(code, session.functions, slopes) or code.endswith(";") or not entry.output:
            continue
        code = _substituted(code, bound)
        values = _values(code, session.functions, slopes, entry.line)
        numbers = _output_numbers(entry.output)
        if values is None or numbers is None or len(values) != len(numbers):
            continue
        for value, (k, printed, column) in zip(values, numbers):
            session.segments.append(MathSegment(f"{value} = {printed}", starts[k] + column, False))
    return session


def _substituted(code: str, bound: dict[str, str]) -> str:
    """``f(x)`` after ``x = 2.0``: the number in the name's place."""
    return re.sub(r"[A-Za-z]\w*", lambda m: bound.get(m.group(0), m.group(0)), code) if bound else code


def _entries(lines: list[str]):
    """Each prompt's input and the lines it printed (up to a blank line, the next prompt or a fence)."""
    k = 0
    while k < len(lines):
        m = _PROMPT.match(lines[k])
        if m is None:
            k += 1
            continue
        output, j = [], k + 1
        while j < len(lines) and lines[j].strip() and not _PROMPT.match(lines[j]) \
                and not lines[j].lstrip().startswith(("```", "~~~")):
            output.append((j, lines[j]))
            j += 1
        yield _Entry(k, m.group(1).strip(), output)
        k = j


def _uncommented(code: str) -> str:
    return code.split("#", 1)[0].strip()


def _define(code: str, functions: dict[Sym, Function], slopes: dict[Sym, Sym]) -> bool:
    """``f(x) = 3x^2 + 1`` (a function) or ``df(x) = gradient(f, x)[1]`` (f's slope): True when the
    input defines a name, read or not."""
    m = _DEFINITION.match(code.rstrip(";").strip())
    if m is None:
        return False
    name, arguments, body = m.group(1), m.group(2), m.group(3).strip()
    head = _symbol(name)
    args = [_ARGUMENT.match(a.strip()) for a in arguments.split(",")] if arguments.strip() else []
    if head is None or not args or any(a is None for a in args):
        return True
    symbols = [_symbol(a.group(1)) for a in args]
    slope = _SLOPE_OF.match(body) or re.fullmatch(r"([A-Za-z]\w*)'\(\s*([A-Za-z]\w*)\s*\)", body)
    if slope is not None and len(symbols) == 1:
        of, at = slope.groups()[-2:]
        if at == args[0].group(1) and _symbol(of) in functions:
            slopes[head] = _symbol(of)
        return True
    function = _function(head, symbols, body)
    if function is not None:
        functions[head] = function
    else:
        functions.pop(head, None)
    return True


def _function(head: Sym, arguments: list[Sym | None], body: str) -> Function | None:
    """A function of plain arithmetic in its own arguments only (a global name's value is unknown)."""
    if not _PLAIN.match(body) or "." in re.sub(r"\d\.\d|\d\.(?!\w)|\.\d", "", body) \
            or any(a is None for a in arguments) or len(set(arguments)) != len(arguments):
        return None
    try:
        tree = parse_math(body)
    except (LatexError, RecursionError):
        return None
    used = {leaf for leaf in leaves(tree) if isinstance(leaf, Sym)}
    if not used <= set(arguments):
        return None
    return Function(head, tuple(arguments), tree)


def _symbol(name: str) -> Sym | None:
    """A Julia name as the one symbol the text's math reads (``xs`` would be x·s: None)."""
    try:
        node = parse_math(name)
    except (LatexError, RecursionError):
        return None
    return node if isinstance(node, Sym) and not node.tag else None


def _values(code: str, functions: dict[Sym, Function], slopes: dict[Sym, Sym], line: int) -> list[str] | None:
    """The left sides (``f(2)``, ``f'(2)``, ``\\frac{\\partial q}{\\partial a}(1, 3)``) of the values
    an input computes, in the order it prints them; None when any is not read."""
    out: list[str] = []
    for k, part in enumerate(_top_level_split(code)):
        sides = _value(part.strip(), functions, slopes, f"{line + 1}_{k + 1}")
        if sides is None:
            return None
        out += sides
    return out or None


def _value(code: str, functions: dict[Sym, Function], slopes: dict[Sym, Sym], tag: str) -> list[str] | None:
    m = _GRADIENT.match(code)
    if m is not None:
        parts = [p.strip() for p in _top_level_split(m.group(2))]
        function = _callee(parts[0], functions, tag)
        if function is None or len(parts) != len(function.arguments) + 1:
            return None
        at = ", ".join(parts[1:])
        if m.group(1) == "derivative" and len(parts) != 2:
            return None
        first = range(1) if m.group(3) else range(len(function.arguments))  # gradient(f, 2)[1]: one
        return _checked([_slope_text(function, k, at, functions) for k in first], functions)
    m = re.fullmatch(r"\((.+)\)'\((.*)\)", code)  # (x -> x^2)'(3)
    if m is not None:
        function = _callee(m.group(1), functions, tag)
        return None if function is None or len(function.arguments) != 1 else \
            [_slope_text(function, 0, m.group(2), functions)]
    m = re.fullmatch(r"([A-Za-z]\w*)('?)\((.*)\)", code)
    if m is None or _symbol(m.group(1)) is None:
        return None
    name = _symbol(m.group(1))
    if name in slopes and not m.group(2):  # df(2) for df(x) = gradient(f, x)[1]
        return _checked([_slope_text(functions[slopes[name]], 0, m.group(3), functions)], functions)
    if name not in functions:
        return None
    function = functions[name]
    if m.group(2):
        return _checked([_slope_text(function, 0, m.group(3), functions)], functions)
    return _checked([f"{_written(name)}({m.group(3)})"], functions)


def _callee(code: str, functions: dict[Sym, Function], tag: str) -> Function | None:
    """``f`` (a function defined above) or ``x -> x^2`` (named for this input), else None."""
    m = _LAMBDA.match(code)
    if m is None:
        name = _symbol(code)
        return functions.get(name) if name is not None else None
    head = Sym(f"anon{tag.replace('_', '')}")
    function = _function(head, [_symbol(a.strip()) for a in m.group(1).split(",")], m.group(2).strip())
    if function is not None:
        functions[head] = function
    return function


def _slope_text(function: Function, k: int, at: str, functions: dict[Sym, Function]) -> str:
    """f's derivative by its k-th argument at ``at``, as the text's math writes it."""
    name = _written(function.name)
    if len(function.arguments) == 1:
        return f"{name}'({at})"
    return f"\\frac{{\\partial {name}}}{{\\partial {_written(function.arguments[k])}}}({at})"


def _written(sym: Sym) -> str:
    return f"{sym.base}_{{{sym.sub}}}" if sym.sub else sym.base


def _checked(texts: list[str], functions: dict[Sym, Function]) -> list[str] | None:
    """The claims' left sides when each reads as a function of ``functions`` at numbers."""
    for text in texts:
        try:
            point: Point | None = point_of(parse_math(text), functions)
        except (LatexError, RecursionError):
            return None
        if point is None:
            return None
    return texts


def _top_level_split(code: str) -> list[str]:
    """``f(1), f'(1)`` → [f(1), f'(1)]: the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for k, c in enumerate(code):
        depth += c in "([{"
        depth -= c in ")]}"
        if c == "," and depth == 0:
            parts.append(code[start:k])
            start = k + 1
    parts.append(code[start:])
    return [p for p in parts if p.strip()]


def _output_numbers(output: list[tuple[int, str]]) -> list[tuple[int, str, int]] | None:
    """The numbers an input printed: one number, or a tuple of numbers (``(14.0,)``, ``(53, 5)``), each
    with its line and column; None for any other output (a vector, a named tuple, text)."""
    if len(output) != 1:
        return None
    k, line = output[0]
    body = line.strip()
    m = _TUPLE_OUTPUT.match(body)
    items = [s.strip() for s in m.group(1).split(",")] if m else [body]
    if not items or not all(_NUMBER.fullmatch(s) for s in items):
        return None
    found, column = [], 0
    for item in items:
        column = line.index(item, column)
        found.append((k, item.removesuffix("f0"), column))
        column += len(item)
    return found

