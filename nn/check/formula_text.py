"""Reading a document's formula text: LaTeX as documents write it, or plain math.

The text is cut into tokens by one small scanner that knows the documents' notation (``\\hat{y}``,
``w_{oi}``, ``f'(z_o)``, ``\\sigma``, ``\\frac{dL}{dw}``, ``\\left[ \\right]``, ``\\cdot``,
``\\text{…}``, ``W^{\\text{new}}``); every name becomes a placeholder the parser reads as one symbol,
every function a placeholder it reads as one function, and implicit products become explicit. The
result is then read by a well-kept parser: SymPy's LaTeX parser with its Lark backend for LaTeX,
SymPy's ``parse_expr`` for plain math. SymPy is imported here, and this module is imported only by
the checker when an example has formulas, so ``import autograd`` and ``import nn`` stay light.

``read_formula(text, is_name)`` returns a :class:`Formula`: the left side (a quantity's name) and
the right sides (SymPy expressions whose symbols are the document's names, whose functions are
``act``/``act_prime`` for the activation f and its derivative f').
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nn.check.notation import FUNCTIONS, GREEK

__all__ = ["DocName", "Formula", "FormulaSyntaxError", "read_formula", "FormulaEntry", "read_formula_entries",
           "FORMULA_KEYS", "RANDOM_POINTS", "MAX_WORK"]

MAX_COMBINATIONS = 256  # index combinations of one formula
MAX_TEXT = 2000  # characters of one formula's text
RANDOM_POINTS = 5  # points a formula is checked at besides the example's own
# The work of checking all of a file's formulas, bounded before any is read: each index combination
# is evaluated (and, when wrong, diagnosed) at every point, about 5 ms; reading LaTeX takes about
# 0.5 ms per character. Both limits are about 30 s of checking.
MAX_WORK = 6_000  # formulas × index combinations × points
MAX_TOTAL_TEXT = 60_000  # characters of formula text in one file
MAX_NESTING = 20  # parentheses, braces and function calls inside one another
MAX_DIGITS = 1000  # of a number the formula computes before any name's value is known (9^9^9^9 has more)
MAX_EXPONENT = 64  # of a name's power: x^{100000} is no formula a document prints
# The keys a [[formula]] table may hold (same shape as files._TABLES entries).
FORMULA_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "name": ((str,), "a string"),
    "text": ((str,), "a string"),
    "for": ((dict,), "a table of index ranges, e.g. { i = [1, 2] }"),
    "note": ((str,), "a string"),
}



class FormulaSyntaxError(ValueError):
    """Formula text that cannot be read; the message says which part."""


class FormulaTooLargeError(FormulaSyntaxError):
    """Formula text whose numbers or powers are beyond what any document prints (``9^9^9^9``)."""


@dataclass(frozen=True)
class DocName:
    """A name as the document writes it: ``w_{oi}`` is base ``w``, subscript ``oi``.

    ``of`` is set for a derivative ``d(of)/d(self)``; ``updated`` marks ``w^+``, ``W^{new}``.
    """

    base: str
    sub: str = ""
    updated: bool = False
    of: DocName | None = None

    @property
    def text(self) -> str:
        core = f"{self.base}_{self.sub}" if self.sub else self.base
        core += "⁺" if self.updated else ""
        return f"d{self.of.text}/d{core}" if self.of is not None else core

    def indexed(self, values: dict[str, str]) -> DocName:
        """The name with index letters replaced by their values: w_oi with i=1 → w_o1."""
        sub = "".join(values.get(c, c) for c in self.sub)
        of = self.of.indexed(values) if self.of is not None else None
        return DocName(self.base, sub, self.updated, of)


@dataclass(frozen=True)
class Formula:
    """``left`` = ``rights[0]`` (= ``rights[1]`` …): the left side names a quantity."""

    left: DocName
    rights: tuple[Any, ...]  # SymPy expressions
    names: dict[Any, DocName]  # SymPy symbol → the document's name
    text: str
    bound: frozenset[str] = frozenset()  # index letters a \sum runs over


# ---- the [[formula]] tables as written ----------------------------------------------------------
@dataclass(frozen=True)
class FormulaEntry:
    """One ``[[formula]]`` table: the document's label, its text, its index ranges."""

    name: str
    text: str
    ranges: tuple[tuple[str, tuple[str, ...]], ...] = ()
    index: int = 0
    line: int | None = None
    note: str = ""

    def combinations(self, bound: frozenset[str] = frozenset()) -> list[dict[str, str]]:
        """Every assignment of the index letters (``bound``: letters a sum runs over, not rows)."""
        free = [(k, v) for k, v in self.ranges if k not in bound]
        return [dict(zip([k for k, _ in free], values, strict=True))
                for values in itertools.product(*(v for _, v in free))]


def read_formula_entries(reader: Any, rows: object) -> list[FormulaEntry]:
    """Check the ``[[formula]]`` tables of a parsed file (``reader`` is files._Reader)."""
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(t, dict) for t in rows):
        raise reader.fail("formula must be an array of tables, written [[formula]]", None, "formula")
    from nn.check.lines import line_of

    entries = []
    work, characters = 0, 0
    for i, row in enumerate(rows, 1):
        reader.check_keys("formula", row, i)
        for key in ("name", "text"):
            if key not in row:
                raise reader.fail(f"[[formula]] #{i}: missing key {key!r}", "formula", None, i)
        text = reader.text
        entries.append(FormulaEntry(
            name=row["name"], text=row["text"], ranges=_ranges(reader, row.get("for", {}), i),
            index=i, line=line_of(text, "formula", "text", i) if text is not None else None,
            note=row.get("note", ""),
        ))
        work += len(entries[-1].combinations()) * (RANDOM_POINTS + 1)
        characters += len(row["text"])
        if work > MAX_WORK or characters > MAX_TOTAL_TEXT:
            what = (f"{work:,} evaluations (formulas × index combinations × {RANDOM_POINTS + 1} points); the "
                    f"limit is {MAX_WORK:,}" if work > MAX_WORK else
                    f"{characters:,} characters of formula text; the limit is {MAX_TOTAL_TEXT:,}")
            raise reader.fail(f"[[formula]] #{i}: the formulas up to this one need {what} (about 30 s of "
                              "checking); split the file", "formula", None, i, onward=True)
    return entries


def _ranges(reader: Any, table: dict, i: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    label = f"[[formula]] #{i}"
    out = []
    count = 1
    for letter, values in table.items():
        if len(letter) != 1 or not letter.isalpha():
            raise reader.fail(f"{label}: index {letter!r} in `for` must be one letter, "
                              "e.g. for = { i = [1, 2] }", "formula", "for", i)
        ok = isinstance(values, list) and values and all(
            isinstance(v, (int, str)) and not isinstance(v, bool) for v in values)
        if not ok:
            raise reader.fail(f"{label}: for.{letter} must be a non-empty list of integers or strings, "
                              f"e.g. {letter} = [1, 2]", "formula", "for", i)
        count *= len(values)
        out.append((letter, tuple(str(v) for v in values)))
    if count > MAX_COMBINATIONS:
        raise reader.fail(f"{label}: `for` gives {count} index combinations; at most {MAX_COMBINATIONS}",
                          "formula", "for", i)
    return tuple(out)


# ---- the scanner --------------------------------------------------------------------------------
_GREEK = tuple(sorted(GREEK, key=len, reverse=True))  # the longest first: \varepsilon before \epsilon
_GREEK_LETTER = GREEK
_PRIME = r"(?:'|\^\s*\{?\s*\\prime\s*\}?|′)"
_SUPER_UPDATED = r"\^\s*(?:\+|\{\s*\+\s*\}|\{\s*(?:\\text|\\mathrm)?\s*\{?\s*(?P<when>new|old)\s*\}?\s*\})"
_SUB = r"_\s*(?:\{(?P<sub>[^{}]*)\}|(?P<sub1>[A-Za-z0-9]+))"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+|\\[,;:!]|\\q?quad\b|\\left\b|\\right\b|\\[bB]igg?[lr]?\b|\\displaystyle\b|\$)
    |(?P<func>(?:\\(?:operatorname|text|mathrm)\s*\{{\s*)?\\?(?P<fname>exp|log|ln|tanh|sigmoid|sigma|σ|relu|ReLU|max|min|sqrt|f|g)\s*\}}?\s*(?P<prime>{_PRIME})?(?=\s*\())
    |(?P<name>(?:\\hat\s*\{{\s*(?P<hat>[A-Za-z])\s*\}}|\\hat\s*(?P<hat1>[A-Za-z])|\\(?P<greek>{"|".join(_GREEK)})(?![A-Za-z])
              |\\(?:text|mathrm|mathit)\s*\{{(?P<textname>[A-Za-z]+)\}}|(?P<word>[^\W\d_]+))
              (?:{_SUB})?\s*(?:{_SUPER_UPDATED}|(?P<plus>⁺))?)
    |(?P<sum>\\sum\s*_\s*(?:\{{\s*(?P<sumidx>[A-Za-z])\s*(?:=\s*(?P<sumfrom>\d+)\s*)?\}}|(?P<sumidx1>[A-Za-z]))
             (?:\s*\^\s*(?:\{{\s*(?P<sumto>\d+)\s*\}}|(?P<sumto1>\d)))?)
    |(?P<number>\d+(?:\.\d*)?|\.\d+)
    |(?P<times>\\cdot\b|\\times\b|\\ast\b|[·×*])
    |(?P<frac>\\[dt]?frac\b)
    |(?P<op>[-+/^=(){{}}\[\],−])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # name, func, number, times, frac, op
    text: str
    name: DocName | None = None
    function: str = ""


def _normalise(text: str) -> str:
    """Unicode spellings the parsers do not read, and qualifiers such as ``\\quad \\text{for } i=1,2``."""
    text = text.replace("−", "-").replace("ŷ", "\\hat{y}").replace("∂", "\\partial ")
    text = re.sub(r"(\\q?quad\s*)?\\text\s*\{\s*(for|where|with|if)\b.*$", "", text, flags=re.S)
    return text.strip().rstrip(".,;").strip()


def _name_of(m: re.Match[str]) -> DocName:
    hat = m["hat"] or m["hat1"]
    base = unicodedata.normalize("NFC", hat + "\u0302") if hat else None
    base = base or (m["greek"] and _GREEK_LETTER[m["greek"]]) or m["textname"] or m["word"]
    sub = m["sub"] if m["sub"] is not None else (m["sub1"] or "")
    sub = re.sub(r"[\s,{}]", "", sub.replace("\\text", "").replace("\\mathrm", ""))
    plus = re.search(r"\^\s*\{?\s*\+", m.group(0)) is not None
    updated = m["when"] == "new" or m["plus"] is not None or plus
    return DocName(base, sub, updated)


def _split_word(token: _Token, is_name: Callable[[DocName], bool]) -> list[_Token]:
    """``net_{h1}`` is one name when the network knows it; otherwise ``ab`` is a times b."""
    name = token.name
    assert name is not None
    if len(name.base) == 1 or is_name(name) or not name.base.isalpha():
        return [token]
    letters = [DocName(c) for c in name.base[:-1]] + [DocName(name.base[-1], name.sub, name.updated)]
    if not all(is_name(n) for n in letters):
        return [token]  # an unknown word is reported whole, not as its first letter
    return [_Token("name", n.text, n) for n in letters]


def _sum_token(m: re.Match[str]) -> _Token:
    """``\\sum_k`` (over the range ``for`` gives k) or ``\\sum_{k=1}^{2}`` (over 1, 2)."""
    letter = m["sumidx"] or m["sumidx1"]
    to = m["sumto"] or m["sumto1"]
    if (m["sumfrom"] is None) != (to is None):
        raise FormulaSyntaxError(f"cannot read {m.group(0)!r}: write \\sum_{{{letter}=1}}^{{2}} or "
                                 f"\\sum_{letter} with the range of {letter} in `for`")
    values = tuple(str(v) for v in range(int(m["sumfrom"]), int(to) + 1)) if to is not None else ()
    return _Token("sum", m.group(0), DocName(letter), function=",".join(values))


def _scan(text: str, is_name: Callable[[DocName], bool]) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaSyntaxError(f"cannot read {text[pos:pos + 20]!r} (at character {pos + 1})")
        pos = m.end()
        kind = next(k for k in ("space", "func", "name", "sum", "number", "times", "frac", "op") if m[k])
        if kind == "space":
            continue
        if kind == "func":
            base = FUNCTIONS[m["fname"]]
            if m["prime"]:
                if base != "act":
                    raise FormulaSyntaxError(f"cannot read {m.group(0)!r}: only the activation f' or σ' "
                                             "may carry a prime")
                base = "act_prime"
            tokens.append(_Token("func", m.group(0), function=base))
        elif kind == "name":
            tokens += _split_word(_Token("name", m.group(0), _name_of(m)), is_name)
        elif kind == "sum":
            tokens.append(_sum_token(m))
        else:
            tokens.append(_Token(kind, m.group(0)))
    return tokens


# ---- derivatives: \frac{dL}{dw}, \frac{\partial L}{\partial w}, dL/dw ---------------------------
_DIFF = re.compile(r"^\s*(?:\\partial\b|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\}|d(?=[^a-z]|[a-z]_|[a-z]$)"
                   r"|d(?=\\))\s*")


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The balanced ``{…}`` group starting at ``start`` (after spaces): its inside and its end."""
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j], j + 1
    raise FormulaSyntaxError(f"unbalanced braces: a '{{' at character {i + 1} is never closed")


def _single_name(text: str) -> DocName | None:
    m = _TOKEN.fullmatch(text.strip())
    return _name_of(m) if m is not None and m.lastgroup == "name" or (m and m["name"]) else None


def _derivatives(text: str) -> tuple[str, dict[str, DocName]]:
    """Replace every derivative by a placeholder name ``𝔇k``; return the text and the derivatives."""
    found: dict[str, DocName] = {}
    out, pos = [], 0
    for m in re.finditer(r"\\[dt]?frac\b", text):
        if m.start() < pos:
            continue
        top = _group(text, m.end())
        bottom = top and _group(text, top[1])
        if not (top and bottom and _DIFF.match(top[0]) and _DIFF.match(bottom[0])):
            continue
        of, wrt = _single_name(_DIFF.sub("", top[0], 1)), _single_name(_DIFF.sub("", bottom[0], 1))
        if of is None or wrt is None:
            raise FormulaSyntaxError(f"cannot read the derivative {text[m.start():bottom[1]]!r}: write it as "
                                     "\\frac{dA}{dB} with one name above and one below")
        key = f"𝔇{_placeholder(len(found))}"
        found[key] = DocName(wrt.base, wrt.sub, wrt.updated, of)
        out += [text[pos:m.start()], f" {key} "]
        pos = bottom[1]
    text = "".join(out) + text[pos:]
    plain = re.compile(r"(?:\\partial\s*|∂|\bd)\s*(?P<a>[^\W\d]\w*)\s*/\s*"
                       r"(?:\\partial\s*|∂|d)\s*(?P<b>[^\W\d]\w*⁺?)")

    def replace(m: re.Match[str]) -> str:
        key = f"𝔇{_placeholder(len(found))}"
        of, wrt = _plain_name(m["a"]), _plain_name(m["b"])
        found[key] = DocName(wrt.base, wrt.sub, wrt.updated, of)
        return f" {key} "

    return plain.sub(replace, text), found


def _plain_name(word: str) -> DocName:
    updated = word.endswith("⁺")
    word = word.rstrip("⁺")
    if word in ("y_hat", "yhat"):
        return DocName("ŷ")
    base, _, sub = word.partition("_")
    return DocName(_GREEK_LETTER.get(base, base), sub, updated)


# ---- emitting parser input ----------------------------------------------------------------------
_OPENS = ("name", "number", "func", "frac")
_CLOSES = ("name", "number")


def _placeholder(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _explicit_products(tokens: list[_Token]) -> list[_Token]:
    """Juxtaposition is a product: ``2(y − ŷ)a_1`` → ``2 · (y − ŷ) · a_1`` (a function keeps its call)."""
    out: list[_Token] = []
    for t in tokens:
        if out:
            prev = out[-1]
            closes = prev.kind in _CLOSES or prev.text in (")", "]", "}")
            opens = t.kind in _OPENS or t.text in ("(", "[")
            if closes and opens:
                out.append(_Token("times", "*"))
        out.append(t)
    return out


def _split_sides(tokens: list[_Token]) -> list[list[_Token]]:
    sides: list[list[_Token]] = [[]]
    depth = 0
    for t in tokens:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(t.text, 0)
        if t.text == "=" and depth == 0:
            sides.append([])
        else:
            sides[-1].append(t)
    return sides


@functools.cache
def _lark_parser() -> Any:
    from sympy.parsing.latex.lark.latex_parser import LarkLaTeXParser

    return LarkLaTeXParser(transform=False)


def _closing(tokens: list[_Token], start: int) -> int:
    """The index of the ``)`` that closes the ``(`` at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(tokens[i].text, 0)
        if depth == 0:
            return i
    raise FormulaSyntaxError(f"unbalanced parentheses after {tokens[start - 1].text!r}")


def _arguments(tokens: list[_Token]) -> list[list[_Token]]:
    args: list[list[_Token]] = [[]]
    depth = 0
    for t in tokens:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(t.text, 0)
        if t.text == "," and depth == 0:
            args.append([])
        else:
            args[-1].append(t)
    if not all(args):
        raise FormulaSyntaxError("a function call has an empty argument")
    return args


def _latex_expr(tokens: list[_Token], names: dict[str, DocName], calls: dict[str, Any]) -> Any:
    """One side (or a call's argument) read by SymPy's Lark parser, calls read first as atoms.

    A call ``f'(z_o)`` becomes one placeholder symbol, its arguments read on their own: the parser
    then never has to guess whether ``a(1 - a)`` calls ``a``, and has far less to try.
    """
    import sympy

    parts = []
    toks = _explicit_products(tokens)
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "func":
            end = _closing(toks, i + 1)
            args = [_latex_expr(a, names, calls) for a in _arguments(toks[i + 2:end])]
            key = _key(len(names) + len(calls))
            calls[key] = _call(t.function, args)
            parts.append(key)
            i = end + 1
            continue
        parts.append(_latex_token(t, names, len(calls)))
        i += 1
    expr = _read_latex("".join(parts))  # short input: the Earley parser's time grows with its length
    return expr.xreplace({sympy.Symbol(k): v for k, v in calls.items()})


_KEYS = "abcfghjklmnpqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"  # one letter each; d, e, i mean things


def _key(n: int) -> str:
    """The ``n``-th placeholder: a single letter while they last (the parser reads those fastest)."""
    return _KEYS[n] if n < len(_KEYS) else f"V_{{{_placeholder(n)}}}"


def _latex_token(t: _Token, names: dict[str, DocName], calls: int) -> str:
    if t.kind == "name":
        assert t.name is not None
        key = next((k for k, v in names.items() if v == t.name), None)
        if key is None:
            key = _key(len(names) + calls)
            names[key] = t.name
        return key
    if t.kind == "times":
        return "*"
    if t.kind == "frac":
        return t.text + " "
    return {"[": "(", "]": ")"}.get(t.text, t.text)


def _calls_a_name(expr: Any) -> bool:
    """A reading is wrong when it calls a name (``a(1 - a)`` is a product: calls are read apart)."""
    import sympy

    return bool(expr.atoms(sympy.core.function.AppliedUndef))


def _resolve_ambiguity(tree: Any) -> Any:
    """The Lark parser keeps every reading of an ambiguous text; keep the one that means the same.

    Readings that call a name are dropped; the rest must agree, else the text is ambiguous and the
    user is asked for parentheses.
    """
    from lark import Tree

    if not isinstance(tree, Tree):
        return tree
    tree.children = [_resolve_ambiguity(c) for c in tree.children]
    if tree.data != "_ambig":
        return tree
    readings = []
    for alternative in tree.children:
        try:
            expr = _transformed(alternative)
        except FormulaTooLargeError:
            raise
        except Exception:  # noqa: BLE001 - a reading the transformer refuses is no reading
            continue
        if not isinstance(expr, (tuple, Tree)) and not _calls_a_name(expr):
            readings.append((alternative, expr))
    if not readings:
        return tree.children[0]
    first = readings[0][1]
    for _, other in readings[1:]:
        if (first - other).expand() != 0:
            raise FormulaSyntaxError(f"ambiguous: it reads as {first} or as {other}; "
                                     "add parentheses or \\cdot")
    return readings[0][0]


def _read_latex(side: str) -> Any:
    from lark.exceptions import LarkError

    try:
        tree = _lark_parser().doparse(side)
    except LarkError as e:
        column = getattr(e, "column", None)
        near = side[max(0, column - 12):column + 12] if isinstance(column, int) and column > 0 else side
        raise FormulaSyntaxError(f"cannot read {near!r}") from None
    tree = _resolve_ambiguity(tree)
    try:
        expr = _transformed(tree)
    except (TypeError, ValueError, AttributeError, LarkError) as e:
        if isinstance(e, FormulaSyntaxError):
            raise
        raise FormulaSyntaxError(f"cannot read {side!r}") from None
    return expr


def _transformed(tree: Any) -> Any:
    """The parse tree as a SymPy expression: built unevaluated, its size checked, then evaluated."""
    import sympy
    from sympy.parsing.latex.lark.transformer import TransformToSymPyExpr

    with sympy.evaluate(False):
        expr = TransformToSymPyExpr().transform(tree)
    if not isinstance(expr, sympy.Expr):
        raise FormulaSyntaxError("cannot read it as one expression")
    return _evaluated(expr)


def _to_sympy(expr: Any, names: dict[str, DocName], functions: dict[str, str]) -> tuple[Any, dict]:
    """Placeholders back to the document's names (symbols) and to the functions they stand for."""
    import sympy

    symbols = {}
    subs = {}
    for key, name in names.items():
        symbol = sympy.Symbol(name.text)
        symbols[symbol] = name
        subs[sympy.Symbol(key)] = symbol
    expr = expr.xreplace(subs)
    for _ in range(MAX_NESTING + 1):  # innermost calls first: an argument may call another function
        calls = {f: _call(functions[type(f).__name__], list(f.args))
                 for f in expr.atoms(sympy.core.function.AppliedUndef) if type(f).__name__ in functions}
        if not calls:
            break
        expr = expr.xreplace(calls)
    return expr, symbols


def _function(name: str) -> Any:
    import sympy

    return {"exp": sympy.exp, "log": sympy.log, "tanh": sympy.tanh, "sqrt": sympy.sqrt, "abs": sympy.Abs,
            "max": sympy.Max, "min": sympy.Min, "relu": lambda x: sympy.Max(0, x),
            "act": sympy.Function("act"), "act_prime": sympy.Function("act_prime")}[name]


_VARIADIC = ("max", "min")  # max(a, b, …): two or more arguments; every other function takes one


def _call(name: str, args: list[Any]) -> Any:
    """``name(*args)`` as SymPy, its number of arguments checked first (``exp()`` is no formula)."""
    shown = {"act": "the activation", "act_prime": "the activation's derivative"}.get(name, name)
    if name in _VARIADIC and len(args) < 2:
        raise FormulaSyntaxError(f"{shown} takes two or more arguments, got {len(args)}")
    if name not in _VARIADIC and len(args) != 1:
        raise FormulaSyntaxError(f"{shown} takes one argument, got {len(args)}")
    import sympy

    if not all(isinstance(a, sympy.Expr) for a in args):  # log(()), exp(A()): no expression inside
        raise FormulaSyntaxError(f"an argument of {shown} is not an expression")
    try:
        return _function(name)(*args)
    except (TypeError, ValueError, AttributeError) as e:
        raise FormulaSyntaxError(f"cannot apply {shown}: {e}") from None


def _read_plain(tokens: list[_Token], names: dict[str, DocName], functions: dict[str, str]) -> Any:
    from tokenize import TokenError

    from sympy.parsing.sympy_parser import parse_expr

    parts = []
    for t in _explicit_products(tokens):
        if t.kind == "name":
            assert t.name is not None
            key = next((k for k, v in names.items() if v == t.name), None) or f"V_{_placeholder(len(names))}"
            names[key] = t.name
            parts.append(key)
        elif t.kind == "func":
            key = f"F_{_placeholder(len(functions))}"
            functions[key] = t.function
            parts.append(key)
        elif t.kind in ("times", "number"):
            parts.append("*" if t.kind == "times" else t.text)
        elif t.text in "+-/()[],^":
            parts.append({"[": "(", "]": ")", "^": "**"}.get(t.text, t.text))
        else:
            raise FormulaSyntaxError(f"cannot read {t.text!r} in plain math")
    import sympy

    local = {k: sympy.Symbol(k) for k in names} | {k: sympy.Function(k) for k in functions}
    shown = " ".join(t.text for t in tokens)
    try:  # unevaluated: 9^9^9^9 is not computed before its size is checked
        with warnings.catch_warnings():  # 2*(): SymPy warns, then bounded() refuses the tuple
            warnings.simplefilter("ignore", DeprecationWarning)
            expr = parse_expr(" ".join(parts), local_dict=local, evaluate=False,
                              global_dict={"Integer": sympy.Integer, "Float": sympy.Float,
                                           "Rational": sympy.Rational, "Symbol": sympy.Symbol,
                                           "Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow})
    except TokenError:
        raise FormulaSyntaxError(f"cannot read {shown!r}: unbalanced parentheses") from None
    except (SyntaxError, TypeError, ValueError) as e:
        raise FormulaSyntaxError(f"cannot read {shown!r}: {e}") from None
    if not isinstance(expr, sympy.Expr):  # (x_1, x_2) is a tuple
        raise FormulaSyntaxError(f"cannot read {shown!r} as one expression")
    return _evaluated(expr)


def _evaluated(expr: Any) -> Any:
    """An expression built unevaluated, its size checked (``bounded``), then evaluated."""
    bounded(expr)
    try:
        return expr.doit()
    except (TypeError, ValueError, AttributeError) as e:  # a part SymPy cannot compute with
        raise FormulaSyntaxError(f"cannot read {sympy_text(expr)!r}: {e}") from None


def sympy_text(expr: Any) -> str:
    return str(expr)[:60]


def bounded(expr: Any) -> None:
    """Refuse, before SymPy computes anything, a number of more than MAX_DIGITS digits (``9^9^9^9``,
    ``2^{100000}``) or a name raised to a power beyond MAX_EXPONENT. One pass over the unevaluated
    tree, children first; each constant is computed only once its parts are known to be small."""
    import sympy

    values: dict[Any, Any] = {}  # node → its value, for the constant nodes (None: not constant)
    stack: list[tuple[Any, bool]] = [(expr, False)]
    while stack:
        node, ready = stack.pop()
        if node in values:
            continue
        if not ready:
            stack.append((node, True))
            stack += [(a, False) for a in node.args if a not in values]
            continue
        if not isinstance(node, sympy.Expr):  # 2*(), f(()): a tuple where a number belongs
            raise FormulaSyntaxError(f"{sympy_text(node)!r} is not an expression")
        args = [values.get(a) for a in node.args]
        if isinstance(node, sympy.Pow) and args[1] is not None:
            _check_power(node, args[0], args[1])
        constant = node.is_Number or (all(a is not None for a in args)
                                      and isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow)))
        values[node] = (node if node.is_Number else node.func(*args)) if constant else None


def _check_power(node: Any, base: Any, exponent: Any) -> None:
    """``base ** exponent`` (base None: a name's power) within MAX_EXPONENT and MAX_DIGITS."""
    import math

    try:
        n = abs(float(exponent))
    except OverflowError:
        n = math.inf
    if base is None:
        if n > MAX_EXPONENT:
            raise FormulaTooLargeError(f"a power of {sympy_text(node.args[1])}: at most {MAX_EXPONENT}")
        return
    if base in (0, 1, -1):
        return
    size = abs(float(base)) if abs(base) < 10**300 else math.inf
    digits = n * abs(math.log10(size)) if size not in (0.0, math.inf) else math.inf
    if digits > MAX_DIGITS:
        raise FormulaTooLargeError(f"{sympy_text(node)} has more than {MAX_DIGITS} digits; no formula "
                                   "needs that number")


def _expand_sums(tokens: list[_Token], ranges: dict[str, tuple[str, ...]]) -> tuple[list[_Token], set[str]]:
    """``\\sum_k a_k b_k`` → ``(a_1 b_1 + a_2 b_2)``: the summand runs to the end of its group
    (or to a ``+``, ``-`` or ``=`` outside parentheses), written once per value of k."""
    out: list[_Token] = []
    bound: set[str] = set()
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind != "sum":
            out.append(t)
            i += 1
            continue
        assert t.name is not None
        letter = t.name.base
        values = tuple(t.function.split(",")) if t.function else ranges.get(letter, ())
        if not values:
            raise FormulaSyntaxError(f"the sum over {letter} needs its range: give it in `for` "
                                     f"({letter} = [1, 2]) or write \\sum_{{{letter}=1}}^{{2}}")
        end = _summand_end(tokens, i + 1)
        inner, more = _expand_sums(tokens[i + 1:end], ranges)
        if not inner:
            raise FormulaSyntaxError(f"the sum over {letter} has nothing to sum")
        out.append(_Token("op", "("))
        for k, v in enumerate(values):
            out += ([_Token("op", "+")] if k else []) + [_Token("op", "(")]
            out += [_indexed_token(x, {letter: v}) for x in inner] + [_Token("op", ")")]
        out.append(_Token("op", ")"))
        bound |= {letter} | more
        i = end
    return out, bound


def _summand_end(tokens: list[_Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        text = tokens[j].text
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text, 0)
        if depth < 0 or (depth == 0 and text in ("+", "-", "=") and j > start):
            return j
    return len(tokens)


def _indexed_token(t: _Token, values: dict[str, str]) -> _Token:
    if t.name is None or t.kind != "name":
        return t
    return _Token(t.kind, t.text, t.name.indexed(values), t.function)


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(ch, 0)
        out.append(depth)
    return out


def is_latex(text: str) -> bool:
    return "\\" in text or "{" in text


def read_formula(text: str, is_name: Callable[[DocName], bool] = lambda n: False,
                 ranges: dict[str, tuple[str, ...]] | None = None) -> Formula:
    """Read ``left = right`` (or ``left = right = right …``) in LaTeX or plain math.

    ``ranges`` gives the values of index letters, for sums written ``\\sum_k``."""
    if len(text) > MAX_TEXT:
        raise FormulaSyntaxError(f"the text has {len(text):,} characters; a formula has at most {MAX_TEXT:,}")
    if max(_depths(text), default=0) > MAX_NESTING:
        raise FormulaSyntaxError(f"parentheses or braces nested more than {MAX_NESTING} deep")
    try:
        return _read_formula(text, is_name, ranges or {})
    except (RecursionError, MemoryError):
        raise FormulaSyntaxError("the formula is nested too deeply to read") from None


def _read_formula(text: str, is_name: Callable[[DocName], bool],
                  ranges: dict[str, tuple[str, ...]]) -> Formula:
    latex = is_latex(text)
    normal = _normalise(text)
    replaced, derivatives = _derivatives(normal)
    tokens = _scan(replaced, lambda n: n.base in derivatives or is_name(n))
    tokens = [_Token("name", t.text, derivatives[t.name.base]) if t.name and t.name.base in derivatives
              else t for t in tokens]
    tokens, bound = _expand_sums(tokens, ranges)
    sides = _split_sides(tokens)
    if len(sides) < 2 or not all(sides):
        raise FormulaSyntaxError("a formula needs a left side, '=' and a right side, e.g. "
                                 "\\frac{dL}{d\\hat{y}} = 2(y - \\hat{y})")
    left = sides[0]
    if len(left) != 1 or left[0].kind != "name":
        raise FormulaSyntaxError(f"the left side {' '.join(t.text for t in left)!r} must name one quantity "
                                 "(dL/dw_11, \\delta_o, z_1 or a parameter w_11 for an update)")
    assert left[0].name is not None
    rights, symbols = [], {}
    for side in sides[1:]:
        names: dict[str, DocName] = {}
        functions: dict[str, str] = {}
        raw = _latex_expr(side, names, {}) if latex else _read_plain(side, names, functions)
        expr, found = _to_sympy(raw, names, functions)
        rights.append(expr)
        symbols |= found
    return Formula(left[0].name, tuple(rights), symbols, text, frozenset(bound))
