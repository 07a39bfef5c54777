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
from collections import Counter
from dataclasses import dataclass, field

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
_ASSIGNED = re.compile(r"^([A-Za-z]\w*)\s*=(?!=)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:f0)?")
_TUPLE_OUTPUT = re.compile(r"^\(\s*([^()]*?)\s*,?\s*\)$")
_PLAIN = re.compile(r"^[\w\s.+\-*/^()]*$")  # the characters of plain arithmetic in Julia
MAX_SESSION_LINES = 100_000


@dataclass
class Session:
    """What a text's transcripts define (functions by name) and claim (one math segment per number)."""

    functions: dict[Sym, Function]
    segments: list[MathSegment]
    unread: list[tuple[int, str, str]] = field(default_factory=list)  # (line, output, why not read)


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
    entries = list(_entries(lines))
    reader = _Reader(session, Counter(m.group(1) for e in entries if (m := _defined(e.code))))
    for entry in entries:
        claims = reader.read(entry)
        for value, k, printed, column in claims:
            session.segments.append(MathSegment(f"{value} = {printed}", starts[k] + column, False))
        if not claims:
            session.unread += [(k + 1, line.strip(), _why_not(entry.code)) for k, line in entry.output
                               if _NUMBER.search(line) and not _defined(entry.code)]
    return session


def _why_not(code: str) -> str:
    return (f"the output of `julia> {code.strip()[:60]}`: not a value of a function of plain arithmetic "
            "at numbers (or its first derivative) printed as one number or a tuple of numbers")


def _defined(code: str) -> re.Match | None:
    return _DEFINITION.match(_uncommented(code).rstrip(";").strip())


class _Reader:
    """One session read in order: the functions as now defined (a name defined twice is two functions,
    ``fv1`` and ``fv2``), slopes (df → f for ``df(x) = gradient(f, x)[1]``), numbers bound to names."""

    def __init__(self, session: Session, definitions: Counter) -> None:
        self.session, self.definitions, self.seen = session, definitions, Counter()
        self.current: dict[Sym, Function] = {}
        self.slopes: dict[Sym, Sym] = {}
        self.bound: dict[str, str] = {}

    def read(self, entry: _Entry) -> list[tuple[str, int, str, int]]:
        """The claims an input and its output make: (left side, output line, printed, column)."""
        code = _uncommented(entry.code)
        if (m := _BINDING.match(code)) is not None:
            self.bound[m.group(1)] = m.group(2)
            return []
        if (m := _ASSIGNED.match(code)) is not None:  # x = something else: no longer that number
            self.bound.pop(m.group(1), None)
        if self.define(code) or code.endswith(";") or not entry.output:
            return []
        values = _values(_substituted(code, self.bound), self.current, self.slopes, entry.line,
                         self.session.functions)
        numbers = _output_numbers(entry.output)
        if values is None or numbers is None or len(values) != len(numbers):
            return []
        return [(value, *number) for value, number in zip(values, numbers)]

    def define(self, code: str) -> bool:
        m = _defined(code)
        if m is None:
            return False
        self.seen[m.group(1)] += 1
        version = "" if self.definitions[m.group(1)] < 2 else f"v{self.seen[m.group(1)]}"
        _define(m, version, self.current, self.slopes, self.session.functions)
        return True


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


def _define(m: re.Match, version: str, current: dict[Sym, Function], slopes: dict[Sym, Sym],
            named: dict[Sym, Function]) -> None:
    """``f(x) = 3x^2 + 1`` (a function, named ``f`` + ``version`` in the claims) or
    ``df(x) = gradient(f, x)[1]`` (f's slope); a definition not read makes its name unknown."""
    name, arguments, body = m.group(1), m.group(2), m.group(3).strip()
    head = _symbol(name)
    args = [_ARGUMENT.match(a.strip()) for a in arguments.split(",")] if arguments.strip() else []
    if head is None:
        return
    current.pop(head, None)
    slopes.pop(head, None)
    if not args or any(a is None for a in args):
        return
    symbols = [_symbol(a.group(1)) for a in args]
    slope = _SLOPE_OF.match(body) or re.fullmatch(r"([A-Za-z]\w*)'\(\s*([A-Za-z]\w*)\s*\)", body)
    if slope is not None and len(symbols) == 1:
        of, at = slope.groups()[-2:]
        if at == args[0].group(1) and _symbol(of) in current:
            slopes[head] = _symbol(of)
        return
    function = _function(Sym(head.base + version, head.sub), symbols, body)
    if function is not None:
        current[head] = named[function.name] = function


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


def _values(code: str, current: dict[Sym, Function], slopes: dict[Sym, Sym], line: int,
            named: dict[Sym, Function]) -> list[str] | None:
    """The left sides (``f(2)``, ``f'(2)``, ``\\frac{\\partial q}{\\partial a}(1, 3)``) of the values
    an input computes, in the order it prints them; None when any is not read. ``current``: the
    functions by the name the session calls them; ``named``: by the name the claims write."""
    out: list[str] = []
    for k, part in enumerate(_top_level_split(code)):
        sides = _value(part.strip(), current, slopes, f"{line + 1}{k + 1}", named)
        if sides is None:
            return None
        out += sides
    return _checked(out, named) if out else None


def _value(code: str, current: dict[Sym, Function], slopes: dict[Sym, Sym], tag: str,
           named: dict[Sym, Function]) -> list[str] | None:
    m = _GRADIENT.match(code)
    if m is not None:
        parts = [p.strip() for p in _top_level_split(m.group(2))]
        function = _callee(parts[0], current, tag, named)
        if function is None or len(parts) != len(function.arguments) + 1:
            return None
        if m.group(1) == "derivative" and len(parts) != 2:
            return None
        first = range(1) if m.group(3) else range(len(function.arguments))  # gradient(f, 2)[1]: one
        return [_slope_text(function, k, ", ".join(parts[1:])) for k in first]
    m = re.fullmatch(r"\((.+)\)'\((.*)\)", code)  # (x -> x^2)'(3)
    if m is not None:
        function = _callee(m.group(1), current, tag, named)
        one = function is not None and len(function.arguments) == 1
        return [_slope_text(function, 0, m.group(2))] if one else None
    m = re.fullmatch(r"([A-Za-z]\w*)('?)\((.*)\)", code)
    name = _symbol(m.group(1)) if m is not None else None
    if name in slopes and not m.group(2):  # df(2) for df(x) = gradient(f, x)[1]
        return [_slope_text(current[slopes[name]], 0, m.group(3))] if slopes[name] in current else None
    if name not in current:
        return None
    function = current[name]
    if m.group(2):
        return [_slope_text(function, 0, m.group(3))]
    return [f"{_written(function.name)}({m.group(3)})"]


def _callee(code: str, current: dict[Sym, Function], tag: str, named: dict[Sym, Function]) -> Function | None:
    """``f`` (a function defined above) or ``x -> x^2`` (named for this input), else None."""
    m = _LAMBDA.match(code)
    if m is None:
        name = _symbol(code)
        return current.get(name) if name is not None else None
    function = _function(Sym(f"anon{tag}"), [_symbol(a.strip()) for a in m.group(1).split(",")],
                         m.group(2).strip())
    if function is not None:
        named[function.name] = function
    return function


def _slope_text(function: Function, k: int, at: str) -> str:
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

