"""Read a document itself: its Markdown and LaTeX, its claims, and the rows they make.

Documents about backpropagation print claims of a regular shape::

    $$ \\delta_{o1} = -(0.75 - 0.70) \\cdot 0.70(1 - 0.70) = -0.05 \\cdot 0.70 \\cdot 0.30 = -0.0105 $$
    \\frac{\\partial L}{\\partial W_{31}} = -0.0105 \\cdot 0.59 \\approx -0.006195
    W_{31}^{\\text{new}} = 0.40 - 0.5 \\cdot (-0.006195) = 0.4030975
    \\frac{dL}{dw_{oi}} = 2(y - \\hat{y}) \\cdot f'(z_o) \\cdot a_i \\quad \\text{for } i=1,2

The reader turns them into the worked-example rows the checker already checks: a ``[[document]]``
row for every printed number whose quantity it can name, a ``[[formula]]`` row for every formula,
each citing its line; and it lists every claim or number it could not map, with its line and why
("no quantity named E; add an alias in the setup"). Nothing is dropped silently.

The pieces:

- ``find_math``: the math of a Markdown text, ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``, each with
  its offset (hence its line). markdown-it-py finds code blocks, fences (a ```` ```stepgrad ````
  fence holds the setup), headings and tables (``table_claim``: a row ``| $quantity$ | … | number |``
  is a claim too); code is never read as math. mdit-py-plugins' math rules
  were tried and not used: its dollar and bracket rules both register ``math_inline`` and cannot
  be loaded together, and inline tokens carry no line numbers.
- ``parse_math``: a small parser for the LaTeX arithmetic documents write. SymPy's LaTeX parser
  (Lark backend, SymPy 1.14) rejects most of it — ``\\cdot -0.0105``, ``\\cdot 0.70(1 - 0.70)``,
  ``\\left[ … \\right]``, ``\\delta_{o1}``, ``\\frac{\\partial L}{\\partial W_{31}}`` — and evaluates
  the printed structure away, which the reader needs: an intermediate number is identified by
  the place it holds in the chain, factor by factor, against a formula of the same shape.
- ``read_document``: claims → rows. ``check_document`` then runs the normal checker (a row it
  refuses, such as a formula its parser cannot read, is listed as not checked, not fatal);
  ``extract_document`` gives the worked-example file for ``stepgrad extract``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograd import topological_order
from nn.check.files import HERE, Example, ExampleError, bundled_examples, example_from_dict, prescan
from nn.textfile import read_text_file

__all__ = [
    "MathSegment",
    "LatexError",
    "Skipped",
    "Reading",
    "DocumentReport",
    "find_math",
    "table_claim",
    "is_document",
    "parse_math",
    "read_document",
    "check_document",
    "extract_document",
    "format_document_report",
]

MAX_DOCUMENT_BYTES = 4 * 2**20
MAX_SETUP_BYTES = 2**20  # as the worked-example loader's limit
MAX_INDEX_COMBINATIONS = 1000  # a general formula read for i = 1, 2, …: as the formula checker's
DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".mdown", ".mkd")


def is_document(name: str | Path) -> bool:
    """Is this a Markdown document to read (by its suffix), rather than a worked-example file?"""
    return Path(str(name)).suffix.lower() in DOCUMENT_SUFFIXES


class LatexError(ValueError):
    """A piece of LaTeX the reader cannot read; the message says where in the piece."""


# ---- 1. Markdown: where the math is -------------------------------------------------------------
@dataclass(frozen=True)
class MathSegment:
    text: str  # the LaTeX between the delimiters
    start: int  # offset of ``text`` in the document
    display: bool


def _shown(text: str, most: int = 160) -> str:
    """A piece of a document as a message shows it: on one line, cut to a readable length."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1] + "…"


@dataclass(frozen=True)
class Skipped:
    """A claim or a number that was not checked, and why."""

    line: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"not checked: `{self.text}` on line {self.line}: {self.reason}"


@dataclass
class _Layout:
    """What markdown-it-py says about a document: code to skip, setup fences, headings."""

    masked: str
    setups: list[tuple[int, str]] = field(default_factory=list)  # (line of the fence, TOML)
    headings: list[int] = field(default_factory=list)  # 1-based lines
    table_rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells as written)


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _layout(text: str) -> _Layout:
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    layout = _Layout("")
    row: list[str] | None = None
    for tok in MarkdownIt("commonmark").enable("table").parse(text):
        if tok.type == "heading_open" and tok.map:
            layout.headings.append(tok.map[0] + 1)
        if tok.type == "tr_open" and tok.map:
            row = []
            layout.table_rows.append((tok.map[0] + 1, row))
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            row = None
        if tok.type in ("fence", "code_block", "html_block") and tok.map:
            if tok.type == "fence" and tok.info.strip().split()[:1] == ["stepgrad"]:
                layout.setups.append((tok.map[0] + 1, tok.content))
            for n in range(tok.map[0], min(tok.map[1], len(lines))):
                lines[n] = " " * len(lines[n])
    masked = "\n".join(lines)
    layout.masked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), masked)
    return layout


_CELL_MATH = re.compile(r"^\s*\$([^$]+)\$\s*$")
_CELL_NUMBER = re.compile(r"^\s*`?\s*([-−+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*`?\s*$")


def table_claim(cells: list[str]) -> str | None:
    """A table row ``| $\\delta_{out}$ | `formula` | `0.1385` |`` as the claim ``\\delta_{out} = 0.1385``:
    the first cell names the quantity in math, the last cell holding one number is its value."""
    lhs = _CELL_MATH.match(cells[0]) if cells else None
    values = [m.group(1) for cell in cells[1:] if (m := _CELL_NUMBER.match(cell))]
    return f"{lhs.group(1).strip()} = {values[-1]}" if lhs and values else None


def _closing_dollar(s: str, i: int) -> int | None:
    """The closing ``$`` of an inline ``$…$`` opened at i, or None when it is no math.

    Pandoc's rule (no space inside the dollars, no digit after the closing one: ``$5 and $10`` is
    text), relaxed as MathJax sites write ``$ net_{h1} = 0.3775 $``: spaces inside are allowed when
    the content is plainly LaTeX (it has one of ``\\ _ ^ { } =``).
    """
    k = i + 1
    while k < len(s):
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == "\n" and s[k + 1:k + 2] == "\n":
            return None
        if c == "$":
            break
        k += 1
    else:
        return None
    content = s[i + 1:k]
    if not content.strip() or s[k + 1:k + 2].isdigit():
        return None
    tight = not content[0].isspace() and not content[-1].isspace()
    return k if tight or re.search(r"[\\_^{}=]", content) else None


_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")


def _unquoted(math_text: str, s: str, opened_at: int) -> str:
    """Math spanning lines of a block quote, without the quote's ``>`` marks (blanked: offsets stay)."""
    line_start = s.rfind("\n", 0, opened_at) + 1
    if "\n" not in math_text or not s[line_start:opened_at].lstrip().startswith(">"):
        return math_text
    return _QUOTE_MARKS.sub(lambda m: " " * len(m.group(0)), math_text)


_OPENERS = {"$$": ("$$", True), "\\[": ("\\]", True), "\\(": ("\\)", False)}


def find_math(text: str, masked: str | None = None) -> tuple[list[MathSegment], list[tuple[int, str]]]:
    """Every math segment of a Markdown text, and every unclosed delimiter (offset, message)."""
    s = masked if masked is not None else _layout(text).masked
    segments: list[MathSegment] = []
    problems: list[tuple[int, str]] = []
    i = 0
    while i < len(s):
        opener = s[i:i + 2]
        if opener in _OPENERS:
            close, display = _OPENERS[opener]
            j = s.find(close, i + 2)
            if j < 0:
                problems.append((i, f"`{opener}` is never closed with `{close}`"))
                i += 2
                continue
            segments.append(MathSegment(_unquoted(text[i + 2:j], s, i), i + 2, display))
            i = j + 2
        elif s[i] == "\\":
            i += 2
        elif s[i] == "$" and (j := _closing_dollar(s, i)) is not None:
            segments.append(MathSegment(text[i + 1:j], i + 1, False))
            i = j + 1
        else:
            i += 1
    return segments, problems


# ---- 2. LaTeX arithmetic: tokens and a small parser ---------------------------------------------
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


class _Unsupported(LatexError):
    """Valid LaTeX that the reader does not evaluate (a sum over an index, an integral)."""


_UNICODE = {"−": "-", "–": "-", "·": r"\cdot ", "⋅": r"\cdot ", "×": r"\times ", "≈": r"\approx ",
            "∂": r"\partial ", "δ": r"\delta ", "η": r"\eta ", "α": r"\alpha ", "σ": r"\sigma ",
            "θ": r"\theta ", "ŷ": r"\hat{y}", "ε": r"\epsilon ", "λ": r"\lambda ", "∑": r"\sum ",
            "′": "'", "Σ": r"\sum ", "μ": r"\mu "}
_TOKEN = re.compile(r"(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<cmd>\\(?:[A-Za-z]+|.))|(?P<name>[A-Za-z]+\d*)"
                    r"|(?P<space>\s+)|(?P<ch>.)", re.S)
_IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\left", r"\right", r"\big", r"\Big", r"\bigg",
            r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\Biggl", r"\Biggr",
            r"\displaystyle", r"\quad", r"\qquad",
            r"\mathopen", r"\mathclose", r"\limits", r"\bf", r"\rm", r"\it", "&", "\\\\"}
_TIMES = {r"\cdot", r"\times", "*", r"\ast", r"\cdotp"}
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "lambda",
          "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "varphi", "chi", "psi", "omega",
          "Delta", "Theta", "Phi"}
_WRAPPERS = {"mathbf", "mathrm", "text", "textrm", "operatorname", "boldsymbol", "mathit", "mbox",
             "mathsf", "bm", "textit", "textbf"}
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
            "widetilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}
_ACTIVATION_CALLS = {"f", "g", "sigma", "sigmoid", "tanh", "relu", "ReLU"}
_FUNCTIONS = {"f", "g", "sigma", "sigmoid", "exp", "log", "ln", "tanh", "relu", "ReLU", "sqrt", "softmax"}
_NUMERIC_FUNCTIONS = {
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)), "sigma": lambda x: 1.0 / (1.0 + math.exp(-x)),
    "exp": math.exp, "log": math.log, "ln": math.log, "tanh": math.tanh, "relu": lambda x: max(x, 0.0),
    "ReLU": lambda x: max(x, 0.0), "sqrt": math.sqrt, "abs": abs,
}
_GREEK_CHARS = {"delta": "δ", "sigma": "σ", "eta": "η", "alpha": "α", "theta": "θ", "epsilon": "ε",
                "lambda": "λ", "mu": "μ"}
_LAYER = re.compile(r"\((\d+|[a-z])\)")  # b^{(2)}, W^{(l)}: part of the name, not a power
_NEW_TAGS = {"new", "updated", "+", "(t+1)", "next"}
_OLD_TAGS = {"old", "(t)"}


def _tokens(text: str) -> list[str]:
    for u, latex in _UNICODE.items():
        text = text.replace(u, latex)
    out = []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "space":
            continue
        tok = m.group(0)
        if tok in _IGNORED or (tok == "." and out and out[-1] in (r"\left", r"\right")):
            continue
        out.append({r"\|": "|", r"\lvert": "|", r"\rvert": "|", r"\lVert": "|", r"\rVert": "|",
                    r"\{": "(", r"\}": ")", r"\lbrack": "[", r"\rbrack": "]", r"\lbrace": "(",
                    r"\rbrace": ")", r"\lparen": "(", r"\rparen": ")"}.get(tok, tok))
    return out


def _is_number(tok: str) -> bool:
    return tok[:1].isdigit() or (tok[:1] == "." and tok[1:2].isdigit())


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
                factors[-1] = Div(factors[-1], self.unary())
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
            base = Pow(base, _Parser(self.script()).whole())
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

    def script(self) -> list[str]:
        """A sub- or superscript: ``{…}`` or one token (``x_1``, ``W^2``)."""
        if self.peek() == "{":
            return self.group_tokens()
        tok = self.take()
        if tok.startswith("\\") and tok[1:] in _WRAPPERS and self.peek() == "{":
            return [tok, "{", *self.group_tokens(), "}"]
        return [tok]

    def atom(self) -> object:
        tok = self.peek()
        if _is_number(tok):
            self.take()
            return Num(tok, float(tok))
        if tok in ("(", "[", "{"):
            return self.bracketed()
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
            raise _Unsupported(f"`{tok}` (a sum or product over an index) is not evaluated")
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
            return "".join(t for t in self.script() if t not in ("{", "}")).strip()
        if name in _ACCENTS:
            inner = "".join(self.script())
            return unicodedata.normalize("NFC", inner + _ACCENTS[name])
        return name

    def symbol(self) -> object:
        if self.peek() == "e" and self.peek(1) == "^":  # e^{-z}: Euler's number
            self.take()
            return Num("e", math.e)
        base, sub, tag, power, primes = self.base(), "", "", None, ""
        while self.peek() in ("_", "^", "'"):
            mark = self.take()
            if mark == "'":
                primes += "'"
                continue
            text = _flat(self.script())
            if mark == "_":
                sub = text
            elif text.lower() in _NEW_TAGS | _OLD_TAGS:
                tag = "new" if text.lower() in _NEW_TAGS else "old"
            elif (not sub and self.peek() == "_") or _LAYER.fullmatch(text):  # w^{2}_{11}, b^{(2)}: a layer
                base, tag = f"{base}^{text.rstrip('+')}", "new" if text.endswith("+") else tag
            else:
                power = text
        name = base + primes
        if base in _FUNCTIONS and self.peek() == "(" and not sub:
            node: object = Call(name, Group(_Parser(self.group_tokens()).whole()))
        elif primes and base in _FUNCTIONS:
            raise LatexError(f"`{name}` needs an argument in parentheses")
        else:
            node = Sym(name, sub, tag)
        if power is not None:
            node = Pow(node, _Parser(_tokens(power)).whole())
        return node


def _flat(tokens: list[str]) -> str:
    """A subscript as a name part: ``{\\text{target}}`` → target, ``{o1}`` → o1, ``{1,2}`` → 12."""
    out = []
    for tok in tokens:
        if tok in ("{", "}", ",", "_") or (tok.startswith("\\") and tok[1:] in _WRAPPERS):
            continue
        out.append(tok[1:] if tok.startswith("\\") and tok[1:] in _GREEK else tok)
    return "".join(out)


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
    return node if isinstance(node, (Sym, Call)) else None


def _fraction(num: list[str], den: list[str]) -> object:
    top, bottom = _deriv_operand(num), _deriv_operand(den)
    if top is not None and bottom is not None:
        return Deriv(top, bottom)
    return Div(_Parser(num).whole(), _Parser(den).whole())


def parse_math(latex: str) -> object:
    """One side of a claim as a tree (Num, Sym, Deriv, Call, Neg, Sum, Prod, Div, Pow, Group, Vec).

    Raises LatexError with what could not be read.
    """
    try:
        return _Parser(_tokens(latex)).whole()
    except RecursionError:
        raise LatexError("it is nested too deeply") from None


# ---- trees: printing, numbers, evaluation --------------------------------------------------------
def plain(node: object) -> str:
    """A tree written plainly, for names and explanations: W31, ∂L/∂W31, -0.0105·0.59."""
    match node:
        case Num(text=t):
            return t
        case Sym(base=b, sub=s, tag=t):
            b = _GREEK_CHARS.get(b, b)
            return f"{b}{'_' + s if s else ''}{' (new)' if t == 'new' else ''}"
        case Deriv(top=a, bottom=b):
            return f"∂{plain(a)}/∂{plain(b)}"
        case Call(name=n, arg=a):
            return f"{n}{plain(a)}"
        case Group(x=x):
            return f"({plain(x)})"
        case Vec(items=xs):
            return "[" + ", ".join(plain(x) for x in xs) + "]"
    return _plain_operation(node)


def _plain_operation(node: object) -> str:
    """-x, a + b, a·b, a/b, a^b, with brackets where precedence needs them."""
    match node:
        case Neg(x=x):
            return f"-{_bracketed(x, (Sum, Neg))}"
        case Sum(terms=ts):
            return "".join((f" {s} " if k else ("-" if s == "-" else "")) + _bracketed(t, (Sum,) if k else ())
                           for k, (s, t) in enumerate(ts))
        case Prod(factors=fs):
            return "·".join(_bracketed(f, (Sum, Neg) if k else (Sum,)) for k, f in enumerate(fs))
        case Div(num=a, den=b):
            return f"{_bracketed(a, (Sum, Neg))}/{_bracketed(b, (Sum, Neg, Prod, Div))}"
        case Pow(base=a, exp=b):
            return f"{_bracketed(a, (Sum, Neg, Prod, Div, Pow))}^{_bracketed(b, (Sum, Prod, Div))}"
    return "?"


def _bracketed(node: object, kinds: tuple[type, ...]) -> str:
    return f"({plain(node)})" if isinstance(node, kinds) else plain(node)


def _unwrap(node: object) -> object:
    while isinstance(node, Group):
        node = node.x
    return node


def printed_number(node: object) -> str | None:
    """The number as printed when the tree is one (signed) number: "-0.0105", "5.05e-5"; else None."""
    node = _unwrap(node)
    sign = ""
    while isinstance(node, Neg):
        sign = "" if sign else "-"
        node = _unwrap(node.x)
    if isinstance(node, Num) and node.text[0] in "0123456789.":
        return sign + node.text
    if isinstance(node, Prod) and len(node.factors) == 2 and isinstance(node.factors[0], Num):
        power = node.factors[1]
        if isinstance(power, Pow) and power.base == Num("10", 10.0):
            exp = printed_number(power.exp)
            if exp is not None and re.fullmatch(r"-?\d+", exp):
                return f"{sign}{node.factors[0].text}e{exp}"
    return None


def leaves(node: object) -> list[object]:
    """The numbers and quantity references of a tree, left to right."""
    match node:
        case Num() | Sym() | Deriv():
            return [node]
        case Call(name=n, arg=a):
            return [node] if n.rstrip("'") in ("f", "g", "sigma", "sigmoid") and _quantity_call(node) else \
                leaves(a)
        case Neg(x=x) | Group(x=x):
            return leaves(x)
        case Sum(terms=ts):
            return [leaf for _, t in ts for leaf in leaves(t)]
        case Prod(factors=fs) | Vec(items=fs):
            return [leaf for f in fs for leaf in leaves(f)]
        case Div(num=a, den=b) | Pow(base=a, exp=b):
            return leaves(a) + leaves(b)
    return []


def numbers(node: object) -> list[object]:
    """The printed numbers of a numeric tree, each with its sign: -0.0105·0.59 → [-0.0105, 0.59].

    Whole numbers written without a decimal point (the 1 of 1 − a, the ½ of ½(y − ŷ)²) and
    exponents are the formula's constants, not numbers it claims.
    """
    node = _unwrap(node)
    if (text := printed_number(node)) is not None:
        return [node] if "." in text or "e" in text else []
    match node:
        case Neg(x=x) | Call(arg=x) | Pow(base=x):
            return numbers(x)
        case Sum(terms=ts):
            return [n for _, t in ts for n in numbers(t)]
        case Prod(factors=fs) | Vec(items=fs):
            return [n for f in fs for n in numbers(f)]
        case Div(num=a, den=b):
            return numbers(a) + numbers(b)
    return []


def _is_reference(node: object) -> bool:
    """Does the tree name one quantity (a symbol, a derivative, f(z))?"""
    node = _unwrap(node)
    return isinstance(node, (Sym, Deriv)) or (isinstance(node, Call) and _quantity_call(node))


def _quantity_call(node: Call) -> bool:
    """f(z_o), f'(z_o), σ(z): an activation of one symbol names a quantity (a node, its slope)."""
    return node.name.rstrip("'") in _ACTIVATION_CALLS and isinstance(_unwrap(node.arg), Sym)


def is_numeric(node: object) -> bool:
    return all(isinstance(leaf, Num) for leaf in leaves(node))


def evaluate(node: object, env) -> float:
    """The tree's value; ``env(leaf)`` gives a quantity's value (or raises KeyError)."""
    match node:
        case Num(value=v):
            return v
        case Sym() | Deriv():
            return env(node)
        case Call(name=n, arg=a):
            if n in _NUMERIC_FUNCTIONS and not _quantity_call(node):
                return _NUMERIC_FUNCTIONS[n](evaluate(a, env))
            return env(node)
        case Neg(x=x):
            return -evaluate(x, env)
        case Group(x=x):
            return evaluate(x, env)
        case Sum(terms=ts):
            return sum(evaluate(t, env) * (-1.0 if s == "-" else 1.0) for s, t in ts)
        case Prod(factors=fs):
            return math.prod(evaluate(f, env) for f in fs)
        case Div(num=a, den=b):
            return evaluate(a, env) / evaluate(b, env)
        case Pow(base=a, exp=b):
            return evaluate(a, env) ** evaluate(b, env)
    raise KeyError(plain(node))


def factors(node: object) -> list[object]:
    """The top-level factors of one side: -(0.75 - 0.70)·0.70(1 - 0.70) → [-(…), 0.70, (1 - 0.70)]."""
    node = _unwrap(node)
    return list(node.factors) if isinstance(node, Prod) else [node]


# ---- 3. splitting math into claims ----------------------------------------------------------------
_DEPTH_TOKEN = re.compile(r"\\left\s*(?:\\[{]|\\langle|\\l[a-z]+|.)|\\right\s*(?:\\[}]|\\rangle|\\r[a-z]+|.)"
                          r"|\\[{}]|\\[A-Za-z]+|\\.|.", re.S)
_SEPARATOR = re.compile(r"(?<!\\)[,;]|\\q?quad(?![A-Za-z])|\\\\"
                        r"|\\(?:Rightarrow|implies|Longrightarrow|iff|forall|therefore|because)(?![A-Za-z])|\\(?:text|mbox|textrm|mathrm)\s*\{([^{}]*)\}")
_RELATION = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])|:=|\\coloneqq(?![A-Za-z])|"
                       r"\\equiv(?![A-Za-z])|=|\\(?:leq?|geq?|neq?|lt|gt)(?![A-Za-z])|[<>≠≤≥]")
_APPROX = {r"\approx", "≈", r"\simeq"}
_ALIGNMENT = re.compile(r"^(?:\s|&|\\\\)+|(?:\s|&|\\\\)+$")  # `&=` and `\\` of align environments
_EQUAL = {"=", ":=", r"\coloneqq", r"\equiv"}
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}(?:\{[^{}]*\})?|\\(?:tag|label)\s*\{[^{}]*\}"
                          r"|\\nonumber|\\notag")
_INDEX_LETTERS = "ijklmn"
_RANGE = re.compile(rf"(?<![A-Za-z\\])([{_INDEX_LETTERS}])\s*(?:=|\\in)\s*\\?\{{?\s*"
                    rf"(\d+(?:\s*,\s*\d+)*)\s*\\?\}}?")
_RANGE_ONLY = re.compile(rf"^\s*(?:[{_INDEX_LETTERS}]\s*(?:=|\\in)\s*\\?\{{?\s*\d+(?:\s*,\s*\d+)*\s*\\?\}}?"
                         rf"\s*(?:,|\\text\{{\s*and\s*\}})?\s*)+$")


def _depths(text: str) -> list[int]:
    """The bracket depth at each character (the brackets themselves count as outside)."""
    depths, depth = [0] * len(text), 0
    for m in _DEPTH_TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(r"\right") or tok in (")", "]", "}", r"\}"):
            depth = max(0, depth - 1)
        depths[m.start():m.end()] = [depth] * (m.end() - m.start())
        if tok.startswith(r"\left") or tok in ("(", "[", "{", r"\{"):
            depth += 1
    return depths


def index_ranges(text: str) -> dict[str, list[int]]:
    """``i = 1, 2`` / ``j \\in \\{1, 2\\}`` → {"i": [1, 2], ...}."""
    return {m.group(1): [int(v) for v in re.split(r"\s*,\s*", m.group(2))] for m in _RANGE.finditer(text)}


def _continues(text: str, at: int) -> bool:
    """Does the line after ``\\\\`` continue the claim (``&= …``, ``\\\\ \\\\ &= …``)?"""
    rest = re.sub(r"^(?:\s|&|\\\\)*", "", text[at:])
    return _RELATION.match(rest) is not None


def split_claims(text: str) -> tuple[list[tuple[int, str]], dict[str, list[int]]]:
    """A math segment's pieces (offset, text) between separators, and the index ranges it states."""
    text = _ENVIRONMENT.sub(lambda m: " " * len(m.group(0)), text)
    if _RANGE_ONLY.match(text):
        return [], index_ranges(text)
    depths = _depths(text)
    pieces, ranges, start = [], {}, 0
    for m in _SEPARATOR.finditer(text):
        if depths[m.start()] != 0:
            continue
        word = m.group(1)
        if word is not None:
            after = text[m.end():].lstrip()[:1]
            if after in ("(", "_", "^") or not re.fullmatch(r"[A-Za-z .,:;]*", word):
                continue
        if m.group(0) == "\\\\" and _continues(text, m.end()):
            continue
        pieces.append((start, text[start:m.start()]))
        start = m.end()
        if (word is not None and re.match(r"\s*(for|where|with)\b", word)) or m.group(0) == r"\forall":
            found = index_ranges(text[m.end():])
            if found:
                ranges |= found
                start = len(text)
                break
    pieces.append((start, text[start:]))
    return [(o, p) for o, p in pieces if p.strip()], ranges


@dataclass
class Claim:
    """``lhs = side1 ≈ side2 …`` as written, with its line."""

    line: int
    text: str
    sides: list[str]
    approx: list[bool]  # approx[k]: the relation before sides[k] is ≈ (approx[0] unused)
    ranges: dict[str, list[int]]


def claim_from_piece(piece: str, line: int, ranges: dict[str, list[int]]) -> Claim | str | None:
    """A Claim, None when the piece has no relation, or a reason when it is no equality."""
    depths = _depths(piece)
    sides, approx, start = [], [False], 0
    for m in _RELATION.finditer(piece):
        if depths[m.start()] != 0:
            continue
        rel = m.group(0)
        if rel not in _APPROX and rel not in _EQUAL:
            return f"an inequality ({rel}); only equalities are checked"
        sides.append(piece[start:m.start()])
        approx.append(rel in _APPROX)
        start = m.end()
    if not sides:
        return None
    sides.append(piece[start:])
    return Claim(line, " ".join(piece.split()), [_ALIGNMENT.sub("", s) for s in sides], approx, ranges)


# ---- 4. naming: from a document's symbol to the engine's quantity --------------------------------
class _Unmapped(Exception):
    """A symbol that names no quantity; the message says which and what to do."""


@dataclass(frozen=True)
class Ref:
    """A quantity the checker knows (``dL/dW31``, ``a_h1``, ``W31`` after one step), and its kind."""

    quantity: str
    after: int = 0
    kind: str = "value"


LEARNING_RATE = Ref("learning rate", 0, "setting")
_LEARNING_RATE_SYMBOLS = {"eta", "alpha", "lr"}
_TARGET_WORDS = {"target", "true", "t", "label", "actual", "truth", ""}


class Names:
    """The example's graph, read once: every node's name, aliases, value, gradient and local slope."""

    def __init__(self, example: Example, aliases: dict[str, str] | None = None) -> None:
        root = example.loss()
        root.backward()
        order = topological_order(root)
        self.root = root.label or "L"
        self.learning_rate = example.learning_rate
        self.nodes = {n.label: n for n in order if n.label}
        self.params = {name for name, _ in example.network.named_parameters()}
        self.biases = {n.parents[-1].label for n in order if n.op == "wsum" and len(n.parents) % 2 == 1}
        self.data = {k: n.data for k, n in self.nodes.items()}
        self.grad = {k: n.grad for k, n in self.nodes.items()}
        self.slope = {(k, n.parents[0].label): n.local_grads[0] for k, n in self.nodes.items()
                      if len(n.parents) == 1 and n.parents[0].label}
        root.zero_grad()
        known = example.aliases() if hasattr(example, "aliases") else example.node_aliases()
        known = {**known, **(aliases or {})}
        self.lookup = {k: k for k in self.nodes} | {a: t for a, t in known.items() if t in self.nodes}
        self.folded: dict[str, set[str]] = {}
        for name, target in self.lookup.items():
            self.folded.setdefault(name.casefold(), set()).add(target)

    def find(self, base: str, sub: str) -> str | None:
        """The node a symbol names: exact spellings first (W_31, W31), then ignoring case (A_h1 → a_h1)."""
        spellings = [f"{base}_{sub}", f"{base}{sub}"] if sub else [base]
        for s in spellings:
            if s in self.lookup:
                return self.lookup[s]
        for s in spellings:
            hits = self.folded.get(s.casefold(), set())
            if len(hits) == 1:
                return next(iter(hits))
        if base.casefold() == "y" and sub.casefold() in _TARGET_WORDS and "y" in self.nodes:
            return "y"
        return None

    def kind(self, name: str, after: int) -> str:
        if name in self.params:
            return "bias" if name in self.biases else "weight"
        if name == self.root:
            return "loss"
        node = self.nodes[name]
        if not node.parents:
            return "input"
        return "net_input" if node.op == "wsum" else "activation"

    def value(self, ref: Ref) -> float:
        """The engine's value of a quantity before any update (KeyError when there is none)."""
        q = ref.quantity
        if ref is LEARNING_RATE:
            return self.learning_rate
        if ref.after:
            raise KeyError(q)
        if "/" not in q:
            return self.data[q]
        top, bottom = (part[1:] for part in q.split("/", 1))
        return self.grad[bottom] if top == self.root else self.slope[(top, bottom)]

    # -- from a tree to a Ref
    def resolve(self, node: object, idx: dict[str, int] | None = None) -> Ref:
        node = _unwrap(node)
        if isinstance(node, Sym):
            return self._symbol(node, idx or {})
        if isinstance(node, Deriv):
            return self._derivative(node, idx or {})
        if isinstance(node, Call) and _quantity_call(node):
            return self._activation(node, idx or {})
        raise _Unmapped(f"`{plain(node)}` is not one quantity")

    def _name(self, sym: Sym, idx: dict[str, int]) -> str:
        sub = "".join(str(idx.get(c, c)) for c in sym.sub)
        name = self.find(_GREEK_CHARS.get(sym.base, sym.base), sub) or self.find(sym.base, sub)
        if name is None:
            shown = plain(Sym(sym.base, sub))
            generic = [c for c in sym.sub if c in _INDEX_LETTERS and c not in idx]
            hint = (f" (`{sym.sub}` is a general index: state its range near the formula, e.g. "
                    f"`{generic[0]} = 1, 2`)" if generic else "")
            raise _Unmapped(f"no quantity named {shown}{hint}; add an alias in the setup")
        return name

    def _symbol(self, sym: Sym, idx: dict[str, int]) -> Ref:
        if sym.base in _LEARNING_RATE_SYMBOLS and not sym.sub:
            return LEARNING_RATE
        if sym.base == "delta":
            z = self._neuron_input(sym, idx)
            return Ref(f"d{self.root}/d{z}", 0, "delta" if self.nodes[z].op == "wsum" else "gradient")
        name = self._name(sym, idx)
        if sym.tag == "new" and name not in self.params:
            raise _Unmapped(f"{name} is no parameter, so no update changes it")
        after = 1 if sym.tag == "new" else 0
        return Ref(name, after, self.kind(name, after))

    def _neuron_input(self, sym: Sym, idx: dict[str, int]) -> str:
        for base in ("z", "Z", "net"):
            try:
                return self._name(Sym(base, sym.sub), idx)
            except _Unmapped:
                continue
        raise _Unmapped(f"no neuron {plain(Sym('delta', sym.sub))} (no net input z_{sym.sub}); "
                        "add an alias in the setup")

    def _derivative(self, node: Deriv, idx: dict[str, int]) -> Ref:
        top, bottom = self.resolve(node.top, idx), self.resolve(node.bottom, idx)
        for r in (top, bottom):
            if r.after or "/" in r.quantity or r is LEARNING_RATE:
                raise _Unmapped(f"`{plain(node)}` is not a derivative of one node by another")
        if top.quantity == self.root:
            return Ref(f"d{self.root}/d{bottom.quantity}", 0, "gradient")
        return Ref(f"d{top.quantity}/d{bottom.quantity}", 0, "derivative")

    def _activation(self, node: Call, idx: dict[str, int]) -> Ref:
        z = self.resolve(node.arg, idx).quantity
        outs = [a for (a, parent) in self.slope if parent == z]
        if len(outs) != 1:
            raise _Unmapped(f"`{plain(node)}`: {z} feeds {'no' if not outs else 'more than one'} activation")
        if node.name.endswith("'"):
            return Ref(f"d{outs[0]}/d{z}", 0, "derivative")
        return Ref(outs[0], 0, self.kind(outs[0], 0))

    def identify(self, node: object) -> tuple[Ref | None, str]:
        """The one quantity an expression of quantities equals in the engine (W31·δ_o1 → dL/da_h1).

        Only the engine's exact value of the expression is compared (never a printed number), and
        only an unambiguous answer counts: a derivative of the loss by a node, else a local slope,
        else a node's value; zero identifies nothing.
        """
        try:
            target = evaluate(node, lambda leaf: self.value(self.resolve(leaf)))
        except (KeyError, _Unmapped, ArithmeticError, ValueError):
            return None, "it uses a quantity the reader cannot evaluate"
        if target == 0 or not math.isfinite(target):
            return None, f"it is {target:g}, which names no single quantity"
        classes = [
            [Ref(f"d{self.root}/d{k}", 0, "gradient") for k, g in self.grad.items()
             if k != self.root and self.nodes[k].parents and _same(g, target)],
            [Ref(f"d{a}/d{z}", 0, "derivative") for (a, z), s in self.slope.items() if _same(s, target)],
            [Ref(k, 0, self.kind(k, 0)) for k, v in self.data.items()
             if self.nodes[k].parents and _same(v, target)],
        ]
        for refs in classes:
            if len(refs) == 1:
                return refs[0], "its engine value"
            if len(refs) > 1:
                return None, f"its value fits {', '.join(r.quantity for r in refs)} alike"
        return None, "no single quantity of the network has its value"


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _map_leaves(node: object, fn) -> object:
    """The tree with every symbol, derivative and f(z) replaced by ``fn(leaf)``; brackets dropped."""
    match node:
        case Sym() | Deriv():
            return fn(node)
        case Call(name=n, arg=a):
            return fn(node) if _quantity_call(node) else Call(n, _map_leaves(a, fn))
        case Neg(x=x):
            return Neg(_map_leaves(x, fn))
        case Group(x=x):
            return _map_leaves(x, fn)
        case Sum(terms=ts):
            return Sum(tuple((s, _map_leaves(t, fn)) for s, t in ts))
        case Prod(factors=fs):
            return Prod(tuple(_map_leaves(f, fn) for f in fs))
        case Div(num=a, den=b):
            return Div(_map_leaves(a, fn), _map_leaves(b, fn))
        case Pow(base=a, exp=b):
            return Pow(_map_leaves(a, fn), _map_leaves(b, fn))
        case Vec(items=xs):
            return Vec(tuple(_map_leaves(x, fn) for x in xs))
    return node


def _with_index(node: object, idx: dict[str, int]) -> object:
    """A general formula's tree at one index: w_{oi} with i = 2 → w_{o2}."""
    def fill(leaf: object) -> object:
        match leaf:
            case Sym(base=b, sub=s, tag=t):
                return Sym(b, "".join(str(idx.get(c, c)) for c in s), t)
            case Deriv(top=a, bottom=b):
                return Deriv(fill(a), fill(b))
            case Call(name=n, arg=a):
                return Call(n, Group(_map_leaves(a, fill)))
        return leaf
    return _map_leaves(node, fill)


def _index_letters(node: object) -> set[str]:
    letters: set[str] = set()

    def collect(leaf: object) -> object:
        match leaf:
            case Sym(sub=s):
                letters.update(c for c in s if c in _INDEX_LETTERS)
            case Deriv(top=a, bottom=b):
                collect(a)
                collect(b)
            case Call(arg=a):
                _map_leaves(a, collect)
        return leaf
    _map_leaves(node, collect)
    return letters


# ---- 5. reading: claims → rows ---------------------------------------------------------------------
class _DocReader:
    """Reads the claims of one document, in order, into rows, formulas and what was not checked."""

    def __init__(self, names: Names, text: str) -> None:
        self.names = names
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.rows: list[dict] = []
        self.formulas: list[dict] = []
        self.skipped: list[Skipped] = []
        self.explained: list[str] = []
        self.templates: dict[tuple[str, int], list[list[object]]] = {}  # symbolic sides by quantity
        self.identities: dict[str, tuple[Ref, int]] = {}  # a formula's right side → its quantity, line
        self.seen: dict[tuple, int] = {}  # (quantity, after, printed) → the line first checked

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    # -- recording
    def skip(self, line: int, text: str, reason: str) -> None:
        shown = _shown(text)
        self.skipped.append(Skipped(line, shown, reason))
        self.explained.append(f"    not checked: `{shown}`: {reason}")

    def row(self, ref: Ref, printed: str, claim: Claim, approx: bool, name: str, how: str) -> None:
        step = f" after {ref.after} step" if ref.after else ""
        shown = f"≈ {printed}" if approx else printed
        first = self.seen.setdefault((ref.quantity, ref.after, printed), claim.line)
        if first != claim.line or any(r["source"] == f"line {first}" and r["quantity"] == ref.quantity
                                      and r.get("after", 0) == ref.after and r["value"].endswith(printed)
                                      for r in self.rows):
            self.explained.append(f"    {shown}: {how} → {ref.quantity}{step} (the same number as on line "
                                  f"{first}: checked there)")
            return
        row = {"name": f"line {claim.line}: {name}", "value": shown, "kind": ref.kind,
               "quantity": ref.quantity}
        if ref.after:
            row["after"] = ref.after
        row["source"] = f"line {claim.line}"
        self.rows.append(row)
        self.explained.append(f"    {shown}: {how} → {ref.quantity}{step} ([[document]] row)")

    # -- the document
    def read(self, text: str, layout: _Layout) -> None:
        segments, problems = find_math(text, layout.masked)
        for offset, message in problems:
            line = self.line(offset)
            self.explained.append(f"line {line}:")
            self.skip(line, text[offset:offset + 40].split("\n")[0], f"malformed LaTeX: {message}")
        headings, section = iter(layout.headings + [math.inf]), {}
        next_heading = next(headings)
        pending = [(self.line(seg.start), seg) for seg in segments]
        by_line: dict[int, dict[str, list[int]]] = {}
        split = []
        for line, seg in pending:
            pieces, ranges = split_claims(seg.text)
            by_line.setdefault(line, {}).update(ranges)
            split.append((line, seg, pieces, ranges))
        rows = [(line, None, [(0, claim)], {}) for line, cells in layout.table_rows
                if (claim := table_claim(cells)) is not None]
        for line, seg, pieces, ranges in sorted(split + rows, key=lambda item: item[0]):
            while line >= next_heading:
                section, next_heading = {}, next(headings)
            section |= ranges
            for offset, piece in pieces:
                lead = len(piece) - len(piece.lstrip())
                at = self.line(seg.start + offset + lead) if seg is not None else line
                self.piece(piece, at, {**section, **by_line.get(line, {}), **by_line.get(at, {})})

    def piece(self, piece: str, line: int, ranges: dict[str, list[int]]) -> None:
        claim = claim_from_piece(piece, line, ranges)
        if claim is None:
            return
        self.explained.append(f"line {line}: {_shown(piece)}")
        if isinstance(claim, str):
            self.skip(line, piece, claim)
            return
        try:
            lhs = parse_math(claim.sides[0])
        except LatexError as e:
            self.skip(line, claim.text, f"malformed LaTeX on the left side: {e}")
            return
        sides = [self.parse_side(claim, k) for k in range(1, len(claim.sides))]
        letters = sorted((set().union(*(_index_letters(n) for n in [lhs, *sides] if n is not None)))
                         & set(claim.ranges))
        if letters:
            self.general(claim, lhs, sides, letters)
        else:
            self.concrete(claim, lhs, sides)

    def parse_side(self, claim: Claim, k: int) -> object | None:
        try:
            node = parse_math(claim.sides[k])
        except LatexError as e:
            malformed = "" if isinstance(e, _Unsupported) else "malformed LaTeX: "
            self.skip(claim.line, claim.sides[k], f"{malformed}{e}")
            return None
        if isinstance(_unwrap(node), Vec):
            self.skip(claim.line, claim.sides[k], "a list of numbers; only single numbers are checked")
            return None
        return node

    # -- a claim about one quantity
    def concrete(self, claim: Claim, lhs: object, sides: list[object | None]) -> None:
        try:
            ref = self.names.resolve(lhs)
        except _Unmapped as e:
            self.skip(claim.line, claim.text, str(e))
            return
        if ref is LEARNING_RATE:
            self.skip(claim.line, claim.text, "the learning rate is a setting of the setup "
                      f"({self.names.learning_rate:g}), not a computed quantity")
            return
        self.explained.append(f"    left side {plain(lhs)} → {ref.quantity}"
                              f"{f' after {ref.after} step' if ref.after else ''}")
        meanings: list[list[object | None]] = []
        for k, node in enumerate(sides, 1):
            if node is None:
                continue
            if not is_numeric(node):
                self.formula(claim, lhs, claim.sides[k], node, {}, [ref])
                meanings.append(factors(node))
                continue
            printed = printed_number(node)
            if printed is not None:
                self.row(ref, printed, claim, claim.approx[k], plain(lhs), "the value of the left side")
                meanings.append([lhs])
            else:
                meanings.append(self.align(claim, lhs, ref, node, meanings))

    # -- a general formula: w_{oi} for i = 1, 2
    def general(self, claim: Claim, lhs: object, sides: list[object | None], letters: list[str]) -> None:
        ranges = {c: claim.ranges[c] for c in letters}
        if math.prod(len(v) for v in ranges.values()) > MAX_INDEX_COMBINATIONS:
            self.skip(claim.line, claim.text, f"more than {MAX_INDEX_COMBINATIONS} index combinations")
            return
        combos = [dict(zip(letters, values)) for values in itertools.product(*ranges.values())]
        try:
            refs = [self.names.resolve(lhs, idx) for idx in combos]
        except _Unmapped as e:
            self.skip(claim.line, claim.text, str(e))
            return
        shown = ", ".join(f"{c} = {', '.join(map(str, v))}" for c, v in ranges.items())
        self.explained.append(f"    left side {plain(lhs)} for {shown} → "
                              f"{', '.join(r.quantity for r in refs)}")
        for k, node in enumerate(sides, 1):
            if node is None:
                continue
            if is_numeric(node):
                self.skip(claim.line, claim.sides[k], f"a number in a general formula ({shown})")
                continue
            self.formula(claim, lhs, claim.sides[k], node, ranges, refs, combos)

    def formula(self, claim: Claim, lhs: object, side: str, node: object, ranges: dict[str, list[int]],
                refs: list[Ref], combos: list[dict[str, int]] | None = None) -> None:
        text = f"{claim.sides[0]} = {side}"
        combos = combos or [{}]
        try:
            for idx in combos:
                for leaf in leaves(node):
                    if not isinstance(leaf, Num):
                        self.names.resolve(leaf, idx)
        except _Unmapped as e:
            self.skip(claim.line, text, str(e))
            return
        row: dict[str, object] = {"name": f"line {claim.line}: {plain(lhs)}", "text": text}
        if ranges:
            row["for"] = ranges
        row["source"] = f"line {claim.line}"
        self.formulas.append(row)
        self.explained.append(f"    formula `{text}` ([[formula]] row)")
        for ref, idx in zip(refs, combos):
            concrete = _with_index(node, idx) if idx else node
            self.templates.setdefault((ref.quantity, ref.after), []).append(factors(concrete))
            self.identities.setdefault(self.canonical(concrete), (ref, claim.line))

    def canonical(self, node: object) -> str:
        """An expression in the engine's names, brackets dropped: one formula always reads the same."""
        def name(leaf: object) -> object:
            try:
                ref = self.names.resolve(leaf)
            except _Unmapped:
                return leaf
            return Sym(f"{ref.quantity}@{ref.after}")
        return plain(_map_leaves(node, name))

    # -- intermediate numbers: -0.05 · 0.70 · 0.30
    def align(self, claim: Claim, lhs: object, ref: Ref, node: object,
              earlier: list[list[object | None]]) -> list[object | None]:
        """Pair each factor with the factor of an earlier side (or formula) of the same shape."""
        fs = factors(node)
        candidates = [*reversed(earlier), *reversed(self.templates.get((ref.quantity, ref.after), []))]
        best: list[object | None] = [None] * len(fs)
        best_pairs: list[tuple[object, object | None]] = []
        for meanings in candidates:
            if len(meanings) != len(fs):
                continue
            pairs: list[tuple[object, object | None]] = []
            for f, m in zip(fs, meanings):
                _pair(f, m, pairs)
            if sum(m is not None for _, m in pairs) > sum(m is not None for _, m in best_pairs):
                best, best_pairs = meanings, pairs
        done: set[int] = set()
        for number, meaning in best_pairs:
            self.intermediate(claim, lhs, number, meaning)
            done.update(id(leaf) for leaf in leaves(number))
        for number in numbers(node):
            if not {id(leaf) for leaf in leaves(number)} <= done:
                self.skip(claim.line, printed_number(number) or plain(number), f"an intermediate number of "
                          f"{plain(lhs)}: no formula of the same shape says which quantity it stands for")
        return best

    def intermediate(self, claim: Claim, lhs: object, number: object, meaning: object | None) -> None:
        printed = printed_number(number) or plain(number)
        if meaning is None:
            self.skip(claim.line, printed, f"an intermediate number of {plain(lhs)}: no formula of the same "
                      "shape says which quantity it stands for")
            return
        if is_numeric(meaning):
            value = evaluate(meaning, lambda leaf: math.nan)
            if not _same(value, float(printed)):
                self.skip(claim.line, printed, f"the formula has the constant {plain(meaning)} here")
            return
        ref, how = self.meaning(meaning)
        if ref is None:
            self.skip(claim.line, printed, f"an intermediate number standing for {plain(meaning)}: {how}")
        elif ref is LEARNING_RATE:
            lr = self.names.learning_rate
            verdict = "as the setup's" if _same(float(printed), lr) else f"but the setup's is {lr:g}"
            self.skip(claim.line, printed, f"stands for the learning rate {plain(meaning)}, a setting, not a "
                      f"computed quantity ({verdict})")
        else:
            self.row(ref, printed, claim, False, plain(meaning), f"stands for {plain(meaning)} ({how})")

    def meaning(self, node: object) -> tuple[Ref | None, str]:
        try:
            return self.names.resolve(node), "its symbol"
        except _Unmapped:
            pass
        found = self.identities.get(self.canonical(node))
        if found is not None:
            return found[0], f"the document's formula on line {found[1]}"
        ref, how = self.names.identify(node)
        return ref, (f"{how} is the engine's {ref.quantity}" if ref is not None else how)


def _pair(number: object, meaning: object | None, out: list[tuple[object, object | None]]) -> None:
    """Pair the printed numbers of ``number`` with what they stand for in ``meaning``, as far as the
    two trees have the same shape (brackets aside)."""
    n = _unwrap(number)
    m = _unwrap(meaning) if meaning is not None else None
    if isinstance(n, Neg) and isinstance(m, Neg) and _is_reference(m.x):  # e^{-0.3775}, e^{-net_{h1}}
        _pair(n.x, m.x, out)
        return
    if printed_number(n) is not None:
        out.append((n, m))
        return
    match n, m:
        case Neg(x=a), Neg(x=b):
            _pair(a, b, out)
        case Sum(terms=ts), Sum(terms=us) if [s for s, _ in ts] == [s for s, _ in us]:
            for (_, a), (_, b) in zip(ts, us):
                _pair(a, b, out)
        case Prod(factors=fs), Prod(factors=gs) if len(fs) == len(gs):
            for a, b in zip(fs, gs):
                _pair(a, b, out)
        case (Div(num=a1, den=b1), Div(num=a2, den=b2)) | (Pow(base=a1, exp=b1), Pow(base=a2, exp=b2)):
            _pair(a1, a2, out)
            _pair(b1, b2, out)
        case Call(name=f, arg=a), Call(name=g, arg=b) if f == g:
            _pair(a, b, out)


# ---- 6. the setup, the reading, the check ---------------------------------------------------------
_ROW_TABLES = ("document", "formula")


def _for_loader(row: dict) -> dict:
    """A row as a worked-example file holds it: its line is in its name (and set as its source after
    loading), since the file's own line would be the TOML's."""
    return {k: v for k, v in row.items() if k != "source"}


def _parse_toml(text: str, where: str) -> dict:
    """A setup's TOML, read as the worked-example loader reads it (pre-scanned, one-line errors)."""
    prescan(text, where)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ExampleError(f"{where} is not valid TOML: {e}") from None
    except (RecursionError, MemoryError):
        raise ExampleError(f"{where} is nested too deeply to be a worked example") from None
    except ValueError as e:
        raise ExampleError(f"{where} cannot be read: {e}") from None


def _setup_file(setup: str | Path) -> tuple[dict, str, str]:
    """A bundled example's name or a .toml path → (parsed TOML, text, where)."""
    path = Path(setup)
    if path.suffix != ".toml" and str(setup) in bundled_examples():
        path = HERE / f"{setup}.toml"
    where = f"example file {str(path)!r}"
    text = read_text_file(path, where, "worked-example .toml", MAX_SETUP_BYTES, ExampleError)
    return _parse_toml(text, where), text, where


def _setup(layout: _Layout, setup: str | Path | None, where: str) -> tuple[dict, str, str, list[str]]:
    """The worked example the document is read against: ``--setup`` or a ```stepgrad block."""
    notes: list[str] = []
    if setup is not None:
        doc, text, setup_where = _setup_file(setup)
        if layout.setups:
            notes.append(f"the ```stepgrad block on line {layout.setups[0][0]} is not used: --setup is given")
    elif layout.setups:
        line, text = layout.setups[0]
        text = "\n" * line + text  # so that the loader's line numbers are the document's
        setup_where = f"{where} (its ```stepgrad block)"
        doc = _parse_toml(text, setup_where)
        if len(layout.setups) > 1:
            notes.append(f"only the first ```stepgrad block (line {line}) is used")
    else:
        raise ExampleError(f"{where}: no setup: give --setup EXAMPLE (a worked-example .toml with the "
                           "network, the data and the training rule) or put one in a ```stepgrad block")
    own = {t: len(doc[t]) for t in _ROW_TABLES if isinstance(doc.get(t), list) and doc[t]}
    if own:
        notes.append(f"the setup's own {' and '.join(f'{n} [[{t}]] rows' for t, n in own.items())} are not "
                     "used: the rows are read from the document")
    return {k: v for k, v in doc.items() if k not in _ROW_TABLES}, text, setup_where, notes


@dataclass
class Reading:
    """What a document says, as worked-example rows; what could not be read, with its line."""

    document: str
    setup: dict
    setup_text: str
    setup_where: str
    rows: list[dict] = field(default_factory=list)
    formulas: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def worked_example(self) -> dict:
        """The setup with the rows read: what ``example_from_dict`` takes."""
        doc = dict(self.setup)
        if self.rows:
            doc["document"] = [_for_loader(r) for r in self.rows]
        if self.formulas:
            doc["formula"] = [_for_loader(r) for r in self.formulas]
        return doc

    def keep_what_loads(self) -> None:
        """Move each row the checker's loader refuses to the not-checked list, with its message."""
        for table, rows in (("document", self.rows), ("formula", self.formulas)):
            kept = []
            for row in rows:
                try:
                    example_from_dict({**self.setup, table: [_for_loader(row)]}, self.setup_where)
                except ExampleError as e:
                    self.refuse(row, f"the checker cannot take it: {str(e).split(': ', 1)[-1]}")
                    continue
                kept.append(row)
            rows[:] = kept

    def drop_refused(self, message: str) -> bool:
        """The checker refused row ``[[table]] #k`` (its message says which): list it as not checked."""
        m = re.search(r"\[\[(document|formula)\]\] #(\d+)", message)
        rows = {"document": self.rows, "formula": self.formulas}.get(m.group(1)) if m else None
        if rows is None or not 0 < int(m.group(2)) <= len(rows):
            return False
        reason = message.split("): ", 1)[-1] if "): " in message else message
        self.refuse(rows.pop(int(m.group(2)) - 1), f"the checker cannot read it: {reason}")
        return True

    def refuse(self, row: dict, reason: str) -> None:
        text = row.get("text") or f"{row['name'].split(': ', 1)[-1]} = {row['value']}"
        self.skipped.append(Skipped(int(row["source"].split()[-1]), _shown(str(text)), reason))
        self.skipped.sort(key=lambda s: s.line)

    def toml(self) -> str:
        """The worked-example file: the setup as written, then every row read, each with its line."""
        out = [f"# Read from {self.document} by `stepgrad extract`; review before relying on it.", ""]
        out.append(_without_rows(self.setup_text, _loader_takes("aliases")).strip("\n") + "\n")
        for table, rows in (("document", self.rows), ("formula", self.formulas)):
            for row in rows:
                out += ["", f"[[{table}]]"] + [f"{k} = {_toml_value(v)}" for k, v in _for_loader(row).items()]
        if self.skipped:
            out += ["", "# Not checked:"] + [f"# {s}" for s in grouped(self.skipped)]
        return "\n".join(out) + "\n"


def _toml_value(v: object) -> str:
    if isinstance(v, str):
        if "\\" in v and "\n" not in v and "'''" not in v and not v.endswith("''"):
            return f"'{v}'" if "'" not in v else f"'''{v}'''"  # LaTeX reads best unescaped
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return str(v)


_ROW_HEADER = re.compile(r"^\s*\[\[\s*(document|formula)\s*\]\]")
_ALIASES_HEADER = re.compile(r"^\s*\[\s*aliases\s*\]")
_ANY_HEADER = re.compile(r"^\s*\[")


def _without_rows(text: str, keep_aliases: bool) -> str:
    """A setup's text without its [[document]] and [[formula]] tables, and with its [aliases]
    commented out when the worked-example loader does not take them (the rows read use the
    engine's names, so the file loads as it is)."""
    out, skipping, commenting = [], False, False
    for line in text.splitlines():
        if _ANY_HEADER.match(line):
            skipping = bool(_ROW_HEADER.match(line))
            commenting = not keep_aliases and bool(_ALIASES_HEADER.match(line))
            if commenting:
                out.append("# [aliases] read the document; the rows below use the engine's names:")
        if skipping:
            continue
        out.append(f"# {line}" if commenting and line.strip() else line)
    return "\n".join(out)


def read_document(path: str | Path, setup: str | Path | None = None) -> Reading:
    """Read a Markdown document's claims into worked-example rows (see the module's docstring).

    ``setup`` is a bundled example's name or a .toml path holding the network, the data and the
    training rule; without it, the document's own ```stepgrad block is used. Raises ExampleError
    (one line, naming the file) when the document or the setup cannot be used.
    """
    where = f"document {str(path)!r}"
    text = read_text_file(Path(path), where, "Markdown document", MAX_DOCUMENT_BYTES, ExampleError)
    layout = _layout(text)
    setup_doc, setup_text, setup_where, notes = _setup(layout, setup, where)
    aliases = setup_doc.pop("aliases", None) if not _loader_takes("aliases") else setup_doc.get("aliases")
    example = example_from_dict(setup_doc, setup_where, None, setup_text)
    names = Names(example, _alias_table(aliases, setup_where))
    reader = _DocReader(names, text)
    reader.read(text, layout)
    reading = Reading(str(path), setup_doc, setup_text, setup_where, reader.rows, reader.formulas,
                      reader.skipped, reader.explained, notes)
    reading.keep_what_loads()
    return reading


def _loader_takes(table: str) -> bool:
    try:
        example_from_dict({table: {}}, "probe")
    except ExampleError as e:
        return "unknown table" not in str(e)
    return True


def _alias_table(aliases: object, where: str) -> dict[str, str]:
    """``[aliases]``: the document's name = the engine's name, e.g. ``E = "L"``."""
    if aliases is None:
        return {}
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise ExampleError(f"{where}: [aliases] must map names to names, e.g. E = \"L\"")
    return {str(k): v for k, v in aliases.items()}


@dataclass
class DocumentReport:
    reading: Reading
    report: object | None  # the CheckReport; None when nothing could be checked

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    def as_dict(self) -> dict[str, object]:
        checked = self.report.as_dict() if self.report is not None else {"rows": []}
        return {"document": self.reading.document, "setup": self.reading.setup_where, **checked,
                "formulas_read": len(self.reading.formulas),
                "not_checked": [{"line": s.line, "text": s.text, "reason": s.reason}
                                for s in self.reading.skipped]}


def check_document(path: str | Path, setup: str | Path | None = None) -> DocumentReport:
    """Read a document and check every claim it makes (``stepgrad check DOCUMENT.md``)."""
    from nn.check import check_example

    reading = read_document(path, setup)
    while True:
        if not reading.rows and not reading.formulas:
            return DocumentReport(reading, None)
        try:
            return DocumentReport(reading, check_example(_rows_example(reading, path)))
        except ExampleError as e:
            if not reading.drop_refused(str(e)):
                raise


def extract_document(path: str | Path, setup: str | Path | None = None) -> str:
    """The worked-example file a document reads as (``stepgrad extract``): every row the checker
    takes, the rest as comments, so that ``stepgrad check`` runs on it as it is."""
    return check_document(path, setup).reading.toml()


def _rows_example(reading: Reading, path: str | Path) -> Example:
    """The worked example of the setup and the rows read, each row citing its line of the document."""
    example = example_from_dict(reading.worked_example(), f"the rows read from {path}")
    if all(hasattr(n, "source") for n in example.document):
        example.document = [replace(n, source=row["source"])
                             for n, row in zip(example.document, reading.rows)]
    example.name = Path(path).stem
    example.title = example.title or f"{Path(path).name}, read from its text"
    return example


def format_document_report(result: DocumentReport, explain: bool = False) -> str:
    """The checker's table, then what was not checked; with ``explain``, how each claim was read."""
    from nn.check import format_report

    reading = result.reading
    lines = [f"{reading.document}: read with the setup from {reading.setup_where}"]
    lines += [f"  ({n})" for n in reading.notes]
    lines.append("")
    if explain:
        lines += ["How each claim was read:", *reading.explained, ""]
    if result.report is None:
        lines.append("No claim of the document could be checked.")
    else:
        lines.append(format_report(result.report, width=0))
    if reading.skipped:
        lines += ["", f"Not checked ({len(reading.skipped)}):", *[f"  {s}" for s in grouped(reading.skipped)]]
    return "\n".join(lines)


MAX_LISTED = 200  # "not checked" entries listed one by one; the rest are counted


def grouped(entries: list[str]) -> list[str]:
    """The entries in order, each said once with how often it occurs (a sum of 3,000 equal terms is
    one line, "(× 3000)"), at most MAX_LISTED of them and then how many more."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry] = counts.get(entry, 0) + 1
    lines = [entry if n == 1 else f"{entry} (× {n})" for entry, n in counts.items()]
    if len(lines) > MAX_LISTED:
        lines = lines[:MAX_LISTED] + [f"… and {len(lines) - MAX_LISTED} more not listed"]
    return lines
