"""A small parser for the LaTeX arithmetic documents write, and the tree it builds.

SymPy's LaTeX parser (Lark backend, SymPy 1.14) rejects most of it — ``\\cdot -0.0105``,
``\\cdot 0.70(1 - 0.70)``, ``\\left[ … \\right]``, ``\\delta_{o1}``,
``\\frac{\\partial L}{\\partial W_{31}}`` — and evaluates the printed structure away, which the reader
needs: an intermediate number is identified by the place it holds in the chain, factor by factor,
against a formula of the same shape. ``parse_math`` gives the tree (Num, Sym, Deriv, Call, Neg, Sum,
Prod, Div, Pow, Group, Vec).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from nn.check.notation import ACCENTS, FUNCTIONS, GREEK, TEXT_WRAPPERS, bold_differentials, unicode_to_latex
from nn.check.reader.element_indices import element_indices
from nn.check.reader.layers import layer_marks


class LatexError(ValueError):
    """A piece of LaTeX the reader cannot read; the message says where in the piece."""



@dataclass(frozen=True)
class Num:
    text: str
    value: float


@dataclass(frozen=True)
class Sym:
    base: str
    sub: str = ""
    tag: str = ""  # "new" (W^{new}, after one step), "old", or ""


@dataclass(frozen=True)
class Deriv:
    top: object
    bottom: object


@dataclass(frozen=True)
class Call:
    name: str  # f, f', sigma, sigmoid, exp, log, tanh, relu, sqrt
    arg: object


@dataclass(frozen=True)
class Neg:
    x: object


@dataclass(frozen=True)
class Sum:
    terms: tuple  # ((sign, node), ...)


@dataclass(frozen=True)
class Prod:
    factors: tuple


@dataclass(frozen=True)
class Div:
    num: object
    den: object


@dataclass(frozen=True)
class Pow:
    base: object
    exp: object


@dataclass(frozen=True)
class Group:
    x: object


@dataclass(frozen=True)
class Vec:
    items: tuple


def _transposed(base: object, exp: object) -> object:
    """``base^exp``; a list of numbers transposed (``[0.6457, 0.4256]^T``, a column vector written in a
    row) is that list: its elements, each in its place, are the same."""
    if exp == Sym("T") and isinstance(base, Vec) and all(_number_item(x) for x in base.items):
        return base
    return Pow(base, exp)


def _number_item(node: object) -> bool:
    return isinstance(node, Num) or (isinstance(node, Neg) and isinstance(node.x, Num))


# Is ``e`` a quantity of the text being read (``e = \\hat y - y``)? Set by ``e_named`` for one example.
_E_NAMED: ContextVar[bool] = ContextVar("e_named", default=False)
_ROMAN = {r"\mathrm", r"\text", r"\textrm", r"\operatorname"}  # \mathrm{e}: Euler's e


@contextmanager
def e_named(named: bool) -> Iterator[None]:
    """While reading a text that names a quantity ``e`` (``euler.names_e``): ``e^2``, ``e^{2}``, ``e²``
    (a whole positive power) are that quantity squared, as ``2e`` and ``\\partial e`` are that quantity.
    A power no error is raised to (``e^{-z}``, ``e^{x}``, ``e^{-0.5}``, ``e^{2.0}``) stays Euler's
    number, and so do ``\\exp`` and ``\\mathrm{e}`` always."""
    token = _E_NAMED.set(named)
    try:
        yield
    finally:
        _E_NAMED.reset(token)


class Unsupported(LatexError):
    """Valid LaTeX that the reader does not evaluate (a sum over an index, an integral)."""


_TOKEN = re.compile(r"(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+(?![\d.]))?)"  # 0.5, 1e-5, 2.5E+3
                    r"|(?P<cmd>\\(?:[A-Za-z]+|.))|(?P<name>[A-Za-z]+\d*)"
                    r"|(?P<space>\s+)|(?P<ch>.)", re.S)
_IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\left", r"\right", r"\big", r"\Big", r"\bigg",
            r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr",
            r"\displaystyle", r"\quad", r"\qquad", r"\boxed",
            r"\mathopen", r"\mathclose", r"\limits", r"\bf", r"\rm", r"\it", "&", "\\\\"}
# size and style switches: how large a formula is set, never what it says (\large x = 2 is x = 2)
_IGNORED |= {r"\tiny", r"\scriptsize", r"\footnotesize", r"\small", r"\normalsize", r"\large", r"\Large",
             r"\LARGE", r"\huge", r"\Huge", r"\textstyle", r"\scriptstyle", r"\scriptscriptstyle",
             r"\medspace", r"\thinspace", r"\thickspace", r"\negthinspace", r"\enspace", r"\>"}
_TIMES = {r"\cdot", r"\times", "*", r"\ast", r"\cdotp"}
_GREEK = set(GREEK)
# \vec{x} is the vector x itself (as \mathbf{x}): the name the document writes without its arrow too
_WRAPPERS = TEXT_WRAPPERS | {"vec", "overrightarrow"}
_ACCENTS = {name: mark for name, mark in ACCENTS.items() if name not in _WRAPPERS}
_FUNCTIONS = set(FUNCTIONS) - {"σ"}
_BARE_ARGUMENT = {"log", "ln", "exp", "tanh", "sin", "cos"}
_LAYER = re.compile(r"\((\d+|[a-z])\)|\[(\d+|[A-Za-z](?:[-+]\d+)?)\]")  # b^{(2)}, W^{[l-1]}: a name's layer
INDEX_LETTERS = "ijklmn"  # the letters a general formula indexes with: w_{oi}, i = 1, 2
_NEW_TAGS = {"new", "updated", "+", "(t+1)", "t+1", "next"}
_SPELLED_UPDATE = re.compile(r"(?<=[\w}₀-₉'])[ \t]*\((?:new|updated|next)\)")  # w₅(new): w₅^{new}
_OLD_TAGS = {"old", "(t)"}


_PYTHON_POWER = re.compile(r"(?<=[\w)\]}.])[ \t]*\*\*[ \t]*(?=[\w(.{-])")
_LETTER_TIMES = re.compile(r"(?<=[\d)]) x (?=[-−]?[\d.(])")  # 0.15 x 0.05, (1 - a) x 0.2
# {\bf u}, {\rm e}, {\mathbf x}: an old-style font switch inside braces, the group one symbol (as \mathbf{u})
_FONT_GROUP = re.compile(r"\{\s*\\(bf|rm|it|sf|tt|bm|boldsymbol|mathbf|mathrm|mathit|mathsf|mathtt)"
                         r"\s*([A-Za-z]\w*|\\[A-Za-z]+)\s*\}")
_FONT_COMMAND = {"bf": "mathbf", "rm": "mathrm", "it": "mathit", "sf": "mathsf", "tt": "mathtt",
                 "bm": "mathbf"}
_BARE_FRAC = re.compile(r"(?<![\\A-Za-z])([dt]?frac)(?=\s*\{)")  # frac{a}{b}: its backslash lost


def _tokens(text: str) -> list[str]:
    text = unicode_to_latex(text)
    text = _FONT_GROUP.sub(_font_command, text) if "{" in text else text  # {\bf u}_1: u_1
    text = _BARE_FRAC.sub(r"\\\1", layer_marks(element_indices(bold_differentials(text))))  # W[1,2], dW
    text = _PYTHON_POWER.sub("^", text) if "**" in text else text  # (t - o)**2, as plain text writes it
    text = _LETTER_TIMES.sub(r" \\times ", text) if " x " in text else text  # 0.15 x 0.05: times
    text = _SPELLED_UPDATE.sub("^{new}", text) if "(" in text else text
    out, previous = [], ""
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "space":
            continue
        tok, before, previous = m.group(0), previous, m.group(0)
        if tok in _IGNORED or (tok == "." and before in (r"\left", r"\right")):  # \left.: no delimiter
            continue
        out.append({r"\|": "|", r"\lvert": "|", r"\rvert": "|", r"\lVert": "|", r"\rVert": "|",
                    r"\{": "(", r"\}": ")", r"\lbrack": "[", r"\rbrack": "]", r"\lbrace": "(",
                    r"\rbrace": ")", r"\lparen": "(", r"\rparen": ")",
                    r"\top": "T", r"\intercal": "T"}.get(tok, tok))  # W^\top: a transpose, as W^T
    return out


def _font_command(m: re.Match[str]) -> str:
    """``{\\bf u}`` → ``\\mathbf{u}``: the braced switch as the command that wraps the one symbol."""
    return f"\\{_FONT_COMMAND.get(m.group(1), m.group(1))}{{{m.group(2)}}}"


def _number(tok: str) -> Num:
    """A number token (``0.5``, ``1e-5``, ``2.5E+3``); one beyond a float's range is not evaluated."""
    value = float(tok)
    if math.isinf(value):
        raise Unsupported(f"the number {tok} is beyond the range of a float (about 1.8e308)")
    return Num(tok, value)


def _is_number(tok: str) -> bool:
    return tok[:1] in _DIGITS or (tok[:1] == "." and tok[1:2] in _DIGITS)


_DIGITS = set("0123456789")  # only these: str.isdigit() is true of ₁ and ², which float() refuses


def _pairwise(name: str, arg: object) -> Call:
    """``\\max(0, 1, 3, 4)``: max of max of max… two arguments at a time (the engine's max takes two)."""
    if name in ("max", "min") and isinstance(arg, Vec) and len(arg.items) > 2:
        folded = arg.items[0]
        for item in arg.items[1:]:
            folded = Call(name, Vec((folded, item)))
        return folded  # type: ignore[return-value]
    return Call(name, arg)


class _Parser:
    """Recursive descent over the tokens of one side of a claim (see ``parse_math``)."""

    _CLOSE = {"(": ")", "[": "]", "{": "}"}

    def __init__(self, tokens: list[str]) -> None:
        self.toks, self.i = tokens, 0

    def peek(self, k: int = 0) -> str:
        return self.toks[self.i + k] if self.i + k < len(self.toks) else ""

    def take(self) -> str:
        tok = self.peek()
        if not tok:
            raise LatexError("it ends too early")
        self.i += 1
        return tok

    def expect(self, tok: str) -> None:
        got = self.peek()
        if got != tok:
            raise LatexError(f"expected `{tok}`, found {f'`{got}`' if got else 'the end'}")
        self.i += 1

    def whole(self) -> object:
        node = self.expr()
        if self.peek():
            raise LatexError(f"cannot read `{self.peek()}` here")
        return node

    def expr(self) -> object:
        terms = [("+", self.term())]
        while self.peek() in ("+", "-"):
            sign = self.take()
            terms.append((sign, self.term()))
        return terms[0][1] if len(terms) == 1 else Sum(tuple(terms))

    def term(self) -> object:
        factors = [self.unary()]
        while True:
            tok = self.peek()
            if tok in _TIMES:
                self.take()
                factors.append(self.unary())
            elif tok in ("/", r"\div"):
                self.take()
                factors[-1] = _plain_derivative(factors[-1], self.unary())
            elif self.starts_atom(tok):
                factors.append(self.power())
            else:
                break
        return factors[0] if len(factors) == 1 else Prod(tuple(factors))

    def unary(self) -> object:
        if self.peek() == "-":
            self.take()
            return Neg(self.unary())
        if self.peek() == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> object:
        base = self.atom()
        while self.peek() == "^":
            self.take()
            base = _transposed(base, _Parser(self.script(plain_text=True)).whole())
        return base

    @staticmethod
    def starts_atom(tok: str) -> bool:
        if not tok:
            return False
        if tok in ("(", "[", "{", "|") or _is_number(tok) or tok[0].isalpha():
            return True
        return tok.startswith("\\") and tok[1:] in (_GREEK | _WRAPPERS | set(_ACCENTS) | _FUNCTIONS
                                                     | {"frac", "dfrac", "tfrac", "partial", "sum", "prod"})

    def group_tokens(self) -> list[str]:
        """The tokens inside the brackets that open here (the brackets consumed)."""
        open_ = self.take()
        close = self._CLOSE.get(open_)
        if close is None:
            return [open_]
        depth, start = 1, self.i
        while depth:
            tok = self.take()
            depth += (tok == open_) - (tok == close)
        return self.toks[start:self.i - 1]

    def script(self, plain_text: bool = False) -> list[str]:
        """A sub- or superscript: ``{…}`` or one token (``x_1``, ``W^2``); with ``plain_text``, an
        exponent as plain text writes it too: ``e^(−0.3775)``, ``e^-x``, ``e^-0.5``."""
        if self.peek() == "{":
            return self.group_tokens()
        if plain_text and self.peek() == "(":
            return ["(", *self.group_tokens(), ")"]
        if plain_text and self.peek() in ("-", "+") and self.peek(1) not in ("", "{"):
            sign = self.take()
            if self.peek() == "(":  # e^-(z + 1)
                return [sign, "(", *self.group_tokens(), ")"]
            signed = [sign, self.take()]
            while self.peek() == "_":  # e^-net_h1: the name with its subscript
                signed += [self.take(), "{", *self.script(), "}"]
            return signed
        tok = self.take()
        if tok.startswith("\\") and tok[1:] in _WRAPPERS and self.peek() == "{":
            return [tok, "{", *self.group_tokens(), "}"]
        return [tok]

    def atom(self) -> object:
        tok = self.peek()
        if _is_number(tok):
            self.take()
            return _number(tok)
        if tok in ("(", "[", "{"):
            return self.bracketed()
        if tok == "|" and self.peek(1) == "_":  # \right|_{z=3}: at a point the document does not state
            raise Unsupported("a value at a point (`|_{…}`) other than the one the document states")
        if tok == "|":  # |x| and \|x\|: the absolute value (norm) of one number
            self.take()
            start = self.i
            while self.peek() not in ("|", ""):
                self.take()
            inner = self.toks[start:self.i]
            self.expect("|")
            return Call("abs", Group(_Parser(inner).whole()))
        if tok in (r"\frac", r"\dfrac", r"\tfrac"):
            self.take()
            return _fraction(self.script(), self.script())
        if tok == r"\partial":  # \partial L/\partial w_5, written inline
            self.take()
            top = self.symbol()
            self.expect("/")
            self.expect(r"\partial")
            return Deriv(top, self.symbol())
        if tok in (r"\sum", r"\prod", r"\int"):
            raise Unsupported(f"`{tok}` (a sum or product over an index) is not evaluated")
        if tok and (tok[0].isalpha() or (tok.startswith("\\") and self.starts_atom(tok))):
            return self.symbol()
        raise LatexError(f"cannot read `{tok}` here" if tok else "a side is empty")

    def bracketed(self) -> object:
        tokens = self.group_tokens()
        items, depth, start = [], 0, 0
        for k, tok in enumerate(tokens):
            depth += (tok in "([{") - (tok in ")]}")
            if tok == "," and depth == 0:
                items.append(tokens[start:k])
                start = k + 1
        items.append(tokens[start:])
        nodes = [_Parser(t).whole() for t in items]
        return Group(nodes[0]) if len(nodes) == 1 else Vec(tuple(nodes))

    def base(self) -> str:
        tok = self.take()
        if not tok.startswith("\\"):
            return tok
        name = tok[1:]
        if name in _WRAPPERS:
            inner = "".join(t for t in self.script() if t not in ("{", "}")).strip()
            return inner[1:] if inner[1:] in _GREEK and inner[:1] == "\\" else inner  # \mathbf{\alpha}: alpha
        if name in _ACCENTS:
            inner = "".join(self.script())
            return unicodedata.normalize("NFC", inner + _ACCENTS[name])
        if name == "Delta" and self.peek()[:1].isalpha():  # \Delta W: the change of W, one name
            return name + self.take()
        return name

    def euler(self) -> bool:
        """Is the ``e`` here Euler's number (its tokens then taken): ``e^{-z}`` (not a whole power of a
        quantity ``e`` the example names, ``e_named``), and ``\\mathrm{e}`` whatever the example names?"""
        if self.peek() == "e" and self.peek(1) == "^" and not (_E_NAMED.get() and self.whole_power()):
            self.i += 1
            return True
        if self.peek() in _ROMAN and self.toks[self.i + 1:self.i + 4] == ["{", "e", "}"]:
            self.i += 4
            return True
        return False

    def symbol(self) -> object:
        if self.euler():
            return Num("e", math.e)
        base, sub, tag, power, primes = self.base(), "", "", None, ""
        base = _SPELLED_FUNCTIONS.get(base.lower(), base) if len(base) > 2 else base  # \text{Sigmoid}
        while self.peek() in ("_", "^", "'"):
            mark = self.take()
            if mark == "'":
                primes += "'"
                continue
            text = _flat(self.script(plain_text=mark == "^"))
            if mark == "^" and text and set(text.split("\\prime")) == {""}:  # y^{\prime}: as y'
                primes += "'" * text.count("\\prime")
            elif mark == "_":  # w₅_new (w_{5}_{new} in plain text): both parts
                more, tag = _updated_subscript(text, tag)
                sub += more
            elif text.lower() in _NEW_TAGS | _OLD_TAGS:
                tag = "new" if text.lower() in _NEW_TAGS else "old"
            elif (not sub and self.peek() == "_") or _LAYER.fullmatch(text):  # w^{2}_{11}, b^{(2)}: a layer
                base, tag = f"{base}^{text.rstrip('+')}", "new" if text.endswith("+") else tag
            else:
                power = text
        node = self.applied(base, primes, sub, tag)
        if power is not None:
            node = Pow(node, _Parser(_tokens(power)).whole())
        return node

    def whole_power(self) -> bool:
        """Is the ``^`` after this token a whole positive power (``^2``, ``^{2}``), the power a quantity
        (an error ``e``) is raised to?"""
        exponent = self.toks[self.i + 2:self.i + 5]
        if exponent[:1] == ["{"]:
            return len(exponent) == 3 and set(exponent[1]) <= _DIGITS and exponent[2] == "}"
        return bool(exponent) and set(exponent[0]) <= _DIGITS

    def applied(self, base: str, primes: str, sub: str, tag: str) -> object:
        """A function applied to what follows (``f'(z)``, ``\\ln 0.7``), or the symbol itself."""
        name = base + primes
        if base in _FUNCTIONS and self.peek() == "(" and not sub:
            return _pairwise(name, self.bracketed())  # max(0, z): its arguments as a Vec
        if base == "sqrt" and not sub and not primes and self.starts_atom(self.peek()):
            return Call(name, self.atom())  # \sqrt{x}, √2, √x
        bare = _is_number(self.peek()) or _named(self.peek())
        if base in _BARE_ARGUMENT and not sub and not primes and bare:
            return Call(name, self.power())  # \ln 0.7, \exp 2, \log p_i: a function of the factor after it
        if primes and base in _FUNCTIONS:
            raise LatexError(f"`{name}` needs an argument in parentheses")
        return Sym(name, sub, tag)


_SPELLED_FUNCTIONS = {f.lower(): f for f in FUNCTIONS if len(f) > 2 and f.isascii()}


def _named(tok: str) -> bool:
    """Does a bare function's argument start with a name (``\\log p_i``, ``\\log \\hat{y}``)?"""
    return bool(tok) and (tok[0].isalpha() or tok in (r"\hat", r"\bar", r"\tilde", r"\mathbf", r"\text"))


def _updated_subscript(sub: str, tag: str) -> tuple[str, str]:
    """``w_{new}``, ``w_{5,new}`` (flattened ``5new``): the weight after an update, as ``w^{new}``."""
    for word in ("new", "updated", "next"):
        if sub.lower().endswith(word):
            return sub[:-len(word)], "new"
    return sub, tag


def _flat(tokens: list[str]) -> str:
    """A subscript as a name part: ``{\\text{target}}`` → target, ``{o1}`` → o1, ``{1,2}`` → 12."""
    out = []
    for tok in tokens:
        if tok in ("{", "}", ",", "_") or (tok.startswith("\\") and tok[1:] in _WRAPPERS):
            continue
        out.append(tok[1:] if tok.startswith("\\") and tok[1:] in _GREEK else tok)
    return "".join(out)


def _plain_derivative(top: object, bottom: object) -> object:
    """``dL/dz``, ``dy_pred/dz`` as plain text writes a derivative: two names each led by a d;
    any other quotient as it is."""
    parts = []
    for node in (top, bottom):
        if not (isinstance(node, Sym) and not node.tag and len(node.base) > 1 and node.base[0] == "d"
                and node.base[1].isalpha()):
            return Div(top, bottom)
        parts.append(Sym(node.base[1:], node.sub))
    return Deriv(*parts)


def _deriv_operand(tokens: list[str]) -> object | None:
    """``\\partial L`` / ``dL`` / ``d\\hat{y}`` → the symbol after the d, or None."""
    if not tokens:
        return None
    first = tokens[0]
    if first == r"\partial":
        rest = tokens[1:]
    elif first.startswith("d") and first.isalpha() and (len(first) > 1 or len(tokens) > 1):
        rest = ([first[1:]] if len(first) > 1 else []) + tokens[1:]
    else:
        return None
    try:
        node = _Parser(rest).whole()
    except LatexError:
        return None
    return node if isinstance(node, (Sym, Call)) else _named_with_arguments(node)


_VECTORISED = {"vec", "vect", "vech"}


def _named_with_arguments(node: object) -> Sym | None:
    """``J(W, b)``, ``L(\\hat{y}, y)`` after a ``\\partial``: the function named with the symbols it
    depends on is its name (``∂J(W, b)/∂W`` is ``∂J/∂W``); None for anything else."""
    if not (isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[0], Sym)
            and isinstance(node.factors[1], (Group, Vec))):
        return None
    inside = node.factors[1]
    if node.factors[0].base in _VECTORISED:
        raise Unsupported(f"`∂{node.factors[0].base}(…)` is a Jacobian of a matrix made a vector; "
                          "its elements are checked only where the document writes them one by one")
    items = inside.items if isinstance(inside, Vec) else (inside.x,)
    return node.factors[0] if all(isinstance(x, Sym) for x in items) else None


def _fraction(num: list[str], den: list[str]) -> object:
    top, bottom = _deriv_operand(num), _deriv_operand(den)
    if top is not None and bottom is not None:
        return Deriv(top, bottom)
    return Div(_Parser(num).whole(), _Parser(den).whole())


def parse_math(latex: str) -> object:
    """One side of a claim as a tree (Num, Sym, Deriv, Call, Neg, Sum, Prod, Div, Pow, Group, Vec).

    Raises LatexError with what could not be read. The trees are immutable, so a side read again
    (readers of one document parse the same sides many times) is taken from a bounded cache.
    """
    parse = _parsed if len(latex) <= _CACHED_LENGTH else _parsed.__wrapped__  # memory stays bounded
    tree, error = parse(latex, _E_NAMED.get())
    if error is not None:
        raise error[0](*error[1])
    return tree


_CACHED_LENGTH = 400  # the sides kept in the cache: at most 4,096 of at most this many characters


@functools.lru_cache(maxsize=4096)
def _parsed(latex: str, e_named: bool) -> tuple[object, tuple[type, tuple] | None]:
    """(tree, None), or (None, (the LatexError's class, its arguments)) to raise afresh each time."""
    token = _E_NAMED.set(e_named)
    try:
        return _Parser(_tokens(latex)).whole(), None
    except RecursionError:
        return None, (LatexError, ("it is nested too deeply",))
    except LatexError as e:
        return None, (type(e), e.args)
    finally:
        _E_NAMED.reset(token)


