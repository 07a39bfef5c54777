"""The document is the setup: the graph a document's own givens and definitions state.

Read in the order the document writes them, each claim ``name = …`` whose name is not known yet:

- a **given** when its only value is a number (``x_1 = 0.05``, ``w_5 = 0.40``): a leaf;
- a **definition** when one side is written in known names (``z = w x + b``, ``a = \\sigma(z)``,
  ``E = \\frac{1}{2}(t - a)^2``, ``L = -\\log \\hat{y}``): a node the engine builds from them;
- a **substituted definition** when a side is arithmetic whose numbers are the givens' values
  (``= 0.15 \\cdot 0.05 + 0.20 \\cdot 0.10 + 0.35``): the numbers say which given goes where; when
  they do not (two givens share a value), the node is the arithmetic's own value, said in a note;
- the **learning rate** (η, α, lr), and the **parameters**: the leaves an update names
  (``w^{+}``, ``w^{new}``, ``w_{new}``).

The result is a ``kind = "expression"`` worked example (``[leaves]``, ``[nodes]``, ``[training]``,
``[aliases]`` for the document's spellings), so that checking, ``--explain``, ``stepgrad graph`` and
``stepgrad extract`` work on it as on any worked example. The derivatives the document prints are
the engine's on this graph: of the root, which is the quantity most of them differentiate.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from nn.check.notation import ACCENT_WORDS
from nn.check.reader.arithmetic import arithmetic_name, is_arithmetic
from nn.check.reader.arithmetic import value_of as arithmetic_value
from nn.check.reader.array_code import walk_cells
from nn.check.reader.array_setup import add_arrays, matrix_outputs, root_of_outputs
from nn.check.reader.arrow_updates import arrow_update
from nn.check.reader.claims import Claim, claim_from_piece, split_claims
from nn.check.reader.code_cells import code_claims
from nn.check.reader.definable import computable
from nn.check.reader.derivative_names import derivative_key, over_samples
from nn.check.reader.dual_numbers import dual_claims
from nn.check.reader.earlier_definitions import ClaimFacts
from nn.check.reader.element_names import counted_from_zero, element_engine
from nn.check.reader.element_tables import table_claims
from nn.check.reader.function_letters import function_letters
from nn.check.reader.function_points import Point, at_point, code_functions, point_label, point_of
from nn.check.reader.functions import Functions
from nn.check.reader.functions import head as function_head
from nn.check.reader.goals import Goals
from nn.check.reader.grid_operands import GridOperands, expression_key
from nn.check.reader.hypothetical import Hypotheticals
from nn.check.reader.incomplete import written_derivatives
from nn.check.reader.instances import apply_indexed
from nn.check.reader.iterates import iterate, started
from nn.check.reader.iteration_columns import column_cells, updated_rows
from nn.check.reader.iterations import MAX_STEPS, iteration_cells, slope_variables, updated_columns
from nn.check.reader.julia_repl import read_session
from nn.check.reader.later_sides import next_where
from nn.check.reader.latex import (
    Call,
    Deriv,
    Div,
    Group,
    LatexError,
    Neg,
    Num,
    Pow,
    Prod,
    Sum,
    Sym,
    Vec,
    parse_math,
)
from nn.check.reader.layout import Layout, MathSegment, find_math, table_headers
from nn.check.reader.loss_initials import initial_loss
from nn.check.reader.matrices import MatrixError, canonical_name, whole_grid
from nn.check.reader.matrix_order import Waiting, first_symbolic_definitions
from nn.check.reader.matrix_setup import Element, MatrixGraph
from nn.check.reader.name_lists import element_claims
from nn.check.reader.node_order import dependency_order
from nn.check.reader.own_sections import differ, in_symbols_beside, section_heads
from nn.check.reader.parts import part_name, spelled_parts
from nn.check.reader.percent_sides import percent_pieces
from nn.check.reader.premises import (
    Premise,
    Restated,
    Restatements,
    computes_grid,
    replaced,
    restated,
    restated_grid,
)
from nn.check.reader.prose_heads import prose_heads
from nn.check.reader.prose_values import ProseValue, prose_values
from nn.check.reader.restated_vectors import restate_vectors
from nn.check.reader.softmax_inputs import softmax_of_listed
from nn.check.reader.sources import find_spans
from nn.check.reader.steps import RoundedValues, substituted_update
from nn.check.reader.trees import evaluate, is_numeric, leaves, pair_numbers, plain, printed_number, unwrap
from nn.check.reader.update_names import counted_update, split_index
from nn.check.reader.value_tables import table_values

_LEARNING_RATE = {"eta", "alpha", "lr"}
# Functions the expression language has, by the names documents give them.
_EXPRESSION_FUNCTIONS = {"sigma": "sigmoid", "sigmoid": "sigmoid", "exp": "exp", "log": "log", "ln": "log",
                         "tanh": "tanh", "relu": "relu", "sqrt": "sqrt", "abs": "abs", "max": "max",
                         "min": "min", "sin": "sin", "cos": "cos"}
_SLOPES = {"sigma'": "sigmoid({x}) * (1 - sigmoid({x}))", "sigmoid'": "sigmoid({x}) * (1 - sigmoid({x}))",
           "tanh'": "1 - tanh({x}) ** 2.0"}
_RESERVED = {"exp", "log", "tanh", "sigmoid", "relu", "softplus", "max", "min", "abs", "sqrt", "e", "pi",
             "sin", "cos"}
MAX_INFERRED = 2000  # leaves and nodes inferred from one document


class _NotExpressible(Exception):
    """A tree the expression language cannot state (a derivative, an unknown name or function);
    ``symbol``: the name no given or definition states, when that is why."""

    def __init__(self, what: str, symbol: str | None = None) -> None:
        super().__init__(what)
        self.symbol = symbol  # an unknown name, or "the function f" (an unnamed activation)


def engine_name(sym: Sym) -> str:
    """A document's symbol as an expression name: w_{5} → w_5, \\hat{y} → y_hat, δ_{o1} → delta_o1,
    y' → y_prime."""
    base = unicodedata.normalize("NFD", sym.base)
    marks = [ACCENT_WORDS[c] for c in base if c in ACCENT_WORDS] + ["prime"] * base.count("'")  # y' ≠ y
    base = base.replace("'", "")
    base = "".join(c for c in base if not unicodedata.combining(c))
    base = re.sub(r"\W", "_", _ascii(base) or "v")
    sub = re.sub(r"\W", "", _ascii(sym.sub))
    name = "_".join(part for part in (base.strip("_"), *marks, sub) if part) or "v"
    name = name if name[0].isalpha() else f"v_{name}"
    return f"{name}_" if name in _RESERVED else name


def _ascii(text: str) -> str:
    """``text`` in the letters an engine name may use: accents dropped (é → e), any other letter or
    digit outside ASCII spelled by its code point (আ → u0986), so two different names stay two."""
    out = []
    for c in unicodedata.normalize("NFKD", text):
        if c.isascii():
            out.append(c)
        elif c.isalnum():
            out.append(f"u{ord(c):04x}")
    return "".join(out)


@dataclass
class Inferred:
    """What the text states: leaves and nodes (engine names), their lines, and the settings."""

    leaves: dict[str, float] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)  # name → expression text
    values: dict[str, float] = field(default_factory=dict)  # every name's value, as the floats give it
    lines: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # the document's spelling → engine name
    parameters: list[str] = field(default_factory=list)
    learning_rate: float | None = None
    tops: Counter = field(default_factory=Counter)  # how often each name is differentiated
    notes: list[str] = field(default_factory=list)
    displays: list = field(default_factory=list)  # what each code cell printed (``array_setup``)
    array_names: set[str] = field(default_factory=set)  # the arrays the code computes
    array_uncertain: dict[str, float] = field(default_factory=dict)  # computed from rounded printed givens
    root_node: str | None = None  # the root when nothing differentiated is a node (arrays' outputs)
    printed: dict[str, str] = field(default_factory=dict)  # a given's number as printed
    computed: set[str] = field(default_factory=set)  # definitions printed with their own value
    premises: list[Premise] = field(default_factory=list)  # givens their definitions deny (premises.py)
    missing: dict[str, int] = field(default_factory=dict)  # names definitions use, never given: line
    arithmetic: dict[str, object] = field(default_factory=dict)  # a node of printed numbers → its tree
    arithmetic_at: dict[tuple[int, str], str] = field(default_factory=dict)  # (line, as written) → node
    labels: dict[str, str] = field(default_factory=dict)  # a made-up quantity → the document's name for it
    steps: int = 1  # the update steps the document takes (an iteration table's rows)
    redefined: dict[str, int] = field(default_factory=dict)  # a node defined again, differently: line
    # definitions in names nothing states: name → the names used, line, as written (``incomplete``)
    unstated: dict[str, tuple[tuple[str, ...], int, str]] = field(default_factory=dict)
    derivatives: list[tuple[Sym, Sym, int]] = field(default_factory=list)  # every ∂A/∂B written, its line
    side: set[str] = field(default_factory=set)  # nodes only a printed grid is checked against
    parts: dict[str, str] = field(default_factory=dict)  # a formula's part a number is printed for → node
    formulas: dict[str, object] = field(default_factory=dict)  # a node → the formula (tree) defining it
    similarly: list = field(default_factory=list)  # numbers listed after "similarly" (instances.Listed)
    prose: list[ProseValue] = field(default_factory=list)  # what the prose states in words (prose_values)

    def helpers(self) -> set[str]:
        """The nodes made for printed arithmetic and a formula's parts: never the root."""
        return set(self.arithmetic) | set(self.parts.values())

    def known(self, name: str) -> bool:
        return name in self.leaves or name in self.nodes

    def root(self) -> str | None:
        differentiated = [n for n, _ in self.tops.most_common() if n in self.nodes]
        if differentiated:
            return differentiated[0]
        if self.root_node:
            return self.root_node
        computed = [n for n in self.nodes if n not in self.helpers()]
        return computed[-1] if computed else next(reversed(self.nodes), None)

    def unstepped(self) -> str | None:
        """Why a step cannot be taken on this graph (the loss it descends is not in it), else None."""
        top = next(iter(self.tops.most_common(1)), (None, 0))[0]
        if top is not None and top not in self.nodes:
            return f"the document differentiates {top}, which the graph read does not compute"
        if not set(self.nodes) - self.helpers():
            return "the graph read computes no loss to descend"
        root = self.root()
        users = [n for n, e in self.nodes.items() if n not in self.helpers() and root in _names_in(e)]
        if users:  # ∂z/∂w printed most, z feeding p = σ(z): the loss stepped by is not in the graph read
            return f"the graph read descends {root}, which {users[0]} is computed from: not a loss"
        if self.learning_rate is None:
            return "the document states no learning rate (η, α, lr) to step with"
        return None

    def root_differentiated(self) -> bool:
        """Does the document differentiate the root (else the root is only the last node defined)?"""
        return any(n in self.nodes for n in self.tops)

    def example(self) -> dict:
        """The worked example (an expression example dict) this reading infers."""
        training: dict[str, object] = {}
        root, nodes = self.root(), self.ordered_nodes()[0]
        if root in nodes or root in self.leaves:  # a root left out: the loader takes the last node
            training["root"] = root
        parameters = [p for p in self.parameters if p in self.leaves]
        if parameters:
            training["parameters"] = parameters
        if self.learning_rate is not None and parameters:
            training["learning_rate"] = self.learning_rate
            if self.steps > 1:
                training["iterations"] = self.steps
        doc: dict[str, object] = {"network": {"kind": "expression"}, "leaves": dict(self.leaves),
                                  "nodes": nodes, "training": training}
        if self.aliases:
            doc["aliases"] = dict(self.aliases)
        return doc

    def ordered_nodes(self) -> tuple[dict[str, str], dict[str, str]]:
        """The nodes in the order they are computed, and those that cannot be (name → why)."""
        from nn.check.expressions import functions

        return dependency_order(self.nodes, lambda n: n in self.leaves or n in functions())

    def explained(self) -> list[str]:
        """The inferred graph, as ``--explain`` shows it."""
        out = ["The graph read from the document's own givens and definitions:"]
        out += [f"  given {n} = {v:g} (line {self.lines[n]})" for n, v in self.leaves.items()]
        out += [f"  node  {n} = {e} (line {self.lines[n]})" for n, e in self.nodes.items()]
        if self.learning_rate is not None:
            out.append(f"  learning rate {self.learning_rate:g}")
        if self.root() is not None:
            out.append(f"  derivatives are of {self.root()}")
        out += [f"  premise: {p.text()}" for p in self.premises]
        return out + [f"  ({note})" for note in self.notes]


def _names_in(expression: str) -> set[str]:
    """The names an expression of the expression language uses."""
    return set(re.findall(r"[A-Za-z_]\w*", expression))


def _symbol(node: object) -> Sym | None:
    node = unwrap(node)
    return node if isinstance(node, Sym) else None


def _updated(sym: Sym) -> Sym | None:
    """``w_{new}``, ``w_{5,new}``: the symbol written for a weight after its update, as a tagged one."""
    for tag in ("new", "updated", "next"):
        if sym.sub.lower() == tag:
            return Sym(sym.base, "", "new")
        if sym.sub.lower().endswith(tag) and len(sym.sub) > len(tag):
            return Sym(sym.base, sym.sub[:-len(tag)].rstrip(","), "new")
    return sym if sym.tag == "new" else None


def is_update(lhs: Sym, sides: list[object]) -> bool:
    """``w = w - \\eta \\frac{dL}{dw}``, ``w := …``, ``w ← …``: the left side's symbol in its own right
    side is the value after an update, never the given before it."""
    return any(leaf == Sym(lhs.base, lhs.sub) for side in sides for leaf in leaves(side))


def _parsed(claim: Claim) -> tuple[object, list[object]] | None:
    """A claim's left side and the sides that parse, or None when the left side does not."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
    except LatexError:
        return None
    sides = []
    for side in claim.sides[1:]:
        try:
            sides.append(parse_math(side))
        except LatexError:
            continue
    return lhs, sides


def _exponent(node: object) -> float:
    """A power's exponent as the expression language takes it: a plain number of a sane size."""
    exponent = unwrap(node)
    if not isinstance(exponent, (Num, Neg)) or not is_numeric(exponent):
        raise _NotExpressible("a power whose exponent is not a number")
    value = evaluate(exponent, lambda leaf: math.nan)
    if not math.isfinite(value) or abs(value) > 64:
        raise _NotExpressible("a power too large")
    return value


class _Inference:
    def __init__(self, symbolic: dict[str, int] | None = None) -> None:
        self.found = Inferred()
        self.matrices = MatrixGraph()
        self.waiting = Waiting({})  # matrix definitions read once a later premise is stated
        self.start = 0  # an example continued from a restated given: earlier claims give no premise
        self.operands = GridOperands()  # grids printed for a formula's operands (dW = [dZ][A^T])
        # the names some claim defines in symbols (z = w x + b), and the first line doing so
        self.symbolic = symbolic or {}
        self.ambiguous: set[str] = set()  # names defined in symbols two different ways (later passes skip)
        self.per_line: Counter = Counter()  # arithmetic claims named on each line
        self.functions = Functions()  # L(w) = …, then L(2) = 1
        self.from_zero: set[str] = set()  # the names the document indexes from 0 (θ_0)

    def name_of(self, sym: Sym) -> str:
        name = engine_name(sym)
        spelled = f"{sym.base}_{sym.sub}" if sym.sub else sym.base
        if not self.found.known(name) and (element := element_engine(sym, self.matrices, self.found.known,
                                                                     self.from_zero)):
            self.found.aliases.setdefault(spelled, element)  # X_{12} of a matrix X given whole
            return element
        if spelled != name and (not re.fullmatch(r"[A-Za-z_]\w*", spelled) or spelled in _RESERVED):  # e: e_
            self.found.aliases.setdefault(spelled, name)
        return name

    def expression(self, node: object) -> str:
        """The tree in the expression language, every symbol a known name (else _NotExpressible)."""
        match node:
            case Num(value=v, text=t):
                return t if t[0].isdigit() or t[0] == "." else repr(v)
            case Sym() as sym:
                name = self.name_of(sym)
                if sym.tag or not self.found.known(name):
                    raise _NotExpressible(name, None if sym.tag else name)
                return name
            case Group(x=x):
                return self.expression(x)
            case Neg(x=x):
                return f"-{self.operand(x)}"
            case Sum(terms=ts):
                return " ".join(("" if k == 0 and s == "+" else f"{s} ") + self.operand(t, (Prod, Div))
                                for k, (s, t) in enumerate(ts))
            case Prod(factors=fs):
                return " * ".join(self.operand(f, (Prod,)) for f in fs)
            case Div(num=a, den=b):
                return f"{self.operand(a, (Prod,))} / {self.operand(b)}"
            case Pow(base=Num(text="e"), exp=x):
                return f"exp({self.expression(x)})"
            case Pow(base=a, exp=b):
                return f"{self.operand(a)} ** {_exponent(b)!r}"
            case Call(name=n, arg=a):
                return self.call(n, a)
        raise _NotExpressible(type(node).__name__)

    def call(self, name: str, argument: object) -> str:
        if name in _SLOPES:  # σ'(0.5): the activation's slope at the number, in the language's terms
            return _SLOPES[name].format(x=self.operand(argument))
        function = _EXPRESSION_FUNCTIONS.get(name.lower().rstrip("'") if "'" not in name else "")
        if function is None:
            raise _NotExpressible(f"the function {name}", f"the function {name}")
        args = unwrap(argument).items if isinstance(unwrap(argument), Vec) else (argument,)
        if function == "sqrt" and len(args) == 1:  # the language has powers, not a square root
            return f"{self.operand(args[0])} ** 0.5"
        return f"{function}({', '.join(self.expression(x) for x in args)})"

    def operand(self, node: object, plain: tuple[type, ...] = ()) -> str:
        """The node as an operand: bracketed unless it is a name, a number, a call or one of ``plain``."""
        inner = unwrap(node)
        text = self.expression(inner)
        bare = isinstance(inner, (Sym, Call, *plain)) or (isinstance(inner, Num) and not text.startswith("-"))
        return text if bare or (isinstance(inner, Pow) and text.startswith("exp(")) else f"({text})"

    def value_of(self, node: object) -> float:
        def env(leaf: object) -> float:
            sym = _symbol(leaf)
            if sym is None:
                raise KeyError("not a symbol")
            return self.found.values[self.name_of(sym)]
        return evaluate(node, env, calls=True)

    # -- one claim
    def claim(self, claim: Claim, again: int = 0) -> None:
        """Read one claim; ``again`` (passes 1 and 2) defines only what the first pass could not."""
        if not again:
            for operand in [claim, *self.operands.claims(claim)]:
                self.matrix_expression(operand)
        if self.matrix_claim(claim, again):
            return
        parsed = _parsed(claim)
        if parsed is None:
            return
        lhs, sides = parsed
        if not again:
            self.count_derivatives(lhs, sides)
            self.found.derivatives += written_derivatives(lhs, sides, claim.line)
        if again == 2 and isinstance(unwrap(lhs), Deriv):  # da/dz = a(1 - a) = 0.562 · 0.438: 1 - a
            self.parts_in(sides, claim.line)  # (the last pass: every definition is read by then)
        lhs = self.numbers_or_function(lhs, sides, claim.line)
        if not isinstance(lhs, Sym):
            return
        if not self.iterate_step(claim, lhs, sides, again):
            self.claim_on(claim, lhs, sides, again)
        name = self.name_of(lhs)
        if self.found.known(name) and not lhs.tag:
            self.matrices.scalar(claim.sides[0], name, self.found.values[name])

    def iterate_step(self, claim: Claim, lhs: Sym, sides: list[object], again: int) -> bool:
        """x_2 = 1.92 after "start at x_0 = 3": x after two steps (``iterates``), no name of its own."""
        numbered = iterate(lhs, started(self.found.leaves))
        if numbered is None or numbered[1] < 1:
            return False
        if not again:
            self.parameter(numbered[0], sides, claim.line)
            self.found.steps = max(self.found.steps, min(numbered[1], MAX_STEPS))
        return True

    def claim_on(self, claim: Claim, lhs: Sym, sides: list[object], again: int) -> None:
        """Pass 0 reads the claim; pass 1 defines in symbols what pass 0 could not (``ŷ = σ(z)``
        before z's givens); pass 2 takes what is left from its numbers."""
        name = self.name_of(lhs)
        if again:
            self.define_later(claim, lhs, sides, again == 2)
            return
        updated = self.updated(lhs)
        if updated is not None or is_update(lhs, sides) or self.stepped(lhs, sides):
            self.parameter(self.name_of(self.given_symbol(Sym((updated or lhs).base, (updated or lhs).sub))),
                           sides, claim.line)
        elif lhs.base in _LEARNING_RATE and not lhs.sub:
            number = next((printed_number(s) for s in sides if printed_number(s) is not None), None)
            if number is not None and self.found.learning_rate is None:
                self.found.learning_rate = float(number)
        elif not self.found.known(name := self.name_of(lhs)) and len(self.found.values) < MAX_INFERRED:
            # a name defined in symbols somewhere: that definition comes first, its numbers last
            self.define(name, lhs, sides, claim.line, numbers=not (self.defined_before(name, claim.line)
                                                                   or not all(map(is_numeric, sides))))
        elif self.found.known(name):
            self.unstated(name, sides, claim.line)
            self.redefinition(name, sides, claim.line)
            if name in self.found.formulas and name not in self.found.redefined:  # h = σ(w x) … h = σ(0.5)
                self.parts_in([self.found.formulas[name], *sides], claim.line)
            if name not in self.found.redefined:  # a second exercise's g is no premise of the first's
                restated(self, name, sides, claim.line)  # a given and its definition: do they agree?

    def updated(self, lhs: Sym) -> Sym | None:
        """The symbol an update name is written for (``w_{new}``, ``w^{(1)}``), else None."""
        return _updated(lhs) or self.counted(lhs)

    def counted(self, lhs: Sym) -> Sym | None:
        """``w_5^{(2)}`` for a given w_5: w_5 after 2 steps (``update_names``), else None."""
        counted = counted_update(lhs)
        if counted is None or not self.found.known(self.name_of(self.given_symbol(counted[0]))):
            return None
        self.found.steps = max(self.found.steps, min(counted[1], MAX_STEPS))
        return counted[0]

    def given_symbol(self, sym: Sym) -> Sym:
        """``w5`` as the ``w_5`` the document gives, when it gives no ``w5`` (``update_names``)."""
        split = split_index(sym)
        known = split is not None and not self.found.known(self.name_of(sym))
        return split if known and self.found.known(self.name_of(split)) else sym

    def redefinition(self, name: str, sides: list[object], line: int) -> None:
        """``z = 2x - 1`` … later ``z = z_1 + b`` with another value: from that line on, z is another
        quantity than the graph's (a new exercise reusing the name), recorded in ``redefined``."""
        if name not in self.found.nodes or name in self.found.redefined:
            return
        for side in sides:
            statement = self.statement(side) if not is_numeric(side) else None
            if statement is not None and not math.isclose(statement[1], self.found.values[name],
                                                          rel_tol=1e-9, abs_tol=1e-12):
                self.found.redefined[name] = line
                self.found.notes.append(f"{name} is defined again on line {line} ({statement[0]}), with "
                                        "another value: what follows about it is not compared")
                return

    def define_later(self, claim: Claim, lhs: Sym, sides: list[object], numbers: bool) -> None:
        """A name the first pass left unknown, defined once the givens after it are read; never on a
        name the document defines two ways."""
        name = self.name_of(lhs)
        setting = lhs.base in _LEARNING_RATE and not lhs.sub
        uses = {n for side in sides if not is_numeric(side) for n in _symbol_names(side)}
        if (not setting and _updated(lhs) is None and not is_update(lhs, sides)
                and not uses & self.ambiguous and not self.found.known(name)
                and len(self.found.values) < MAX_INFERRED):
            self.define(name, lhs, sides, claim.line, numbers=numbers)

    def statement(self, side: object) -> tuple[str, float] | None:
        """A side in known names as an expression and its value, or None when it is not one."""
        try:
            return self.expression(side), self.value_of(side)
        except (_NotExpressible, KeyError, ArithmeticError, ValueError):
            return None

    def numbers_or_function(self, lhs: object, sides: list[object], line: int) -> object:
        """``e^{2.0} = 7.389`` and ``L(2) = 1`` are arithmetic nodes; ``L(w) = …`` defines L (returned
        as the left side); any other left side is returned as it is."""
        shown = [printed_number(s) is not None for s in sides]
        printed = any(shown)
        last_shown = max((k for k, is_shown in enumerate(shown) if is_shown), default=-1)
        for k, side in enumerate(sides):  # `= 3 - 0.01 \times 6.0 = 2.94`: arithmetic, whatever its left
            if k < last_shown and is_numeric(side) and is_arithmetic(side):  # a number printed after it
                self.arithmetic(side, side, line)
        if printed and (point := point_of(lhs, self.functions.by_name)) is not None:
            self.at_point(lhs, point, line)  # f'(2) = 4, ∂f/∂x(3, 4) = 24: f of the code at a point
        elif is_numeric(lhs) and is_arithmetic(lhs) and printed:
            self.arithmetic(lhs, lhs, line)
        elif (body := self.functions.at(lhs)) is not None and printed:
            self.arithmetic(lhs, body, line)  # L(2) = 1: L's body at 2
        symbolic = next((s for s in sides if not is_numeric(s)), None)
        if symbolic is not None and (name := self.functions.define(lhs, symbolic)) is not None:
            return name  # L(w) = w^2 - 4w + 5 defines L
        return lhs

    def arithmetic(self, lhs: object, tree: object, line: int) -> None:
        """``e^{2.0} = 7.389``: the arithmetic on the left (``tree``) is a node of constants, its result
        a claim."""
        key = (line, plain(lhs))
        if key in self.found.arithmetic_at or len(self.found.values) >= MAX_INFERRED:
            return
        self.per_line[line] += 1
        name = arithmetic_name(line, self.per_line[line])
        try:
            text, value = self.expression(tree), arithmetic_value(tree)
        except (_NotExpressible, KeyError, ArithmeticError, ValueError):
            return
        if math.isfinite(value):
            self.add_node(name, text, value, line)
            self.found.arithmetic[name] = tree
            self.found.arithmetic_at[key] = name

    def at_point(self, lhs: object, point: Point, line: int) -> None:
        """``f(3, 4) = 42`` is arithmetic; ``f'(2) = 4``: the point's numbers are leaves, the body a node
        over them, and the claim the engine's derivative of that node by the leaf differentiated."""
        if point.index is None:
            self.arithmetic(lhs, at_point(point, []), line)
            if (name := self.found.arithmetic_at.get((line, plain(lhs)))) is not None:
                self.found.labels[name] = point_label(point)
            return
        key = (line, plain(lhs))
        if key in self.found.arithmetic_at or len(self.found.values) + len(point.numbers) >= MAX_INFERRED:
            return
        self.per_line[line] += 1
        name = arithmetic_name(line, self.per_line[line])
        leaves = [f"{name}_{k + 1}" for k in range(len(point.numbers))]
        for leaf, number in zip(leaves, point.numbers):
            self.found.leaves[leaf] = self.found.values[leaf] = number.value
            self.found.lines[leaf] = line
        body = at_point(point, leaves)
        try:
            text, value = self.expression(body), self.value_of(body)
        except (_NotExpressible, KeyError, ArithmeticError, ValueError):
            value = math.nan
        if not math.isfinite(value):
            for leaf in leaves:
                del self.found.leaves[leaf], self.found.values[leaf], self.found.lines[leaf]
            return
        self.add_node(name, text, value, line)
        self.found.arithmetic_at[key] = f"d{name}/d{leaves[point.index]}"
        self.found.labels[self.found.arithmetic_at[key]] = point_label(point)

    def stepped(self, lhs: Sym, sides: list[object]) -> bool:
        """``b = 0.5 - 1.0 \\times 0.2338`` for a given b = 0.5: an update with its numbers in place."""
        name = self.name_of(lhs)
        return name in self.found.leaves and any(
            substituted_update(side, self.found.leaves[name], self.found.learning_rate) for side in sides)

    def defined_before(self, name: str, line: int) -> bool:
        """Does a claim before ``line`` define ``name`` in symbols? Then the numbers printed for it
        on ``line`` are its value, read after that definition (a given stated first is a premise)."""
        return self.symbolic.get(name, line) < line

    def matrix_claim(self, claim: Claim, again: int = 0) -> bool:
        """A name given a grid of numbers (its elements are leaves) or defined over the grids given
        (one node per element): True when the claim is about matrices, read or not."""
        try:
            lhs = unwrap(parse_math(claim.sides[0]))
        except (LatexError, RecursionError):
            return False
        if isinstance(lhs, Deriv):
            return self.derivative_matrix(claim, lhs)
        if not isinstance(lhs, Sym) or lhs.tag or _updated(lhs) is not None:
            return False
        written, shown, engine = claim.sides[0].strip(), plain(lhs), self.name_of(lhs)
        grids = [whole_grid(side) for side in claim.sides[1:]]
        numbers = again == 2 or not (self.defined_before(engine, claim.line)  # its definition comes first
                                     or any(grid is None for grid in grids))
        if computes_grid(claim.sides[1:], grids):  # z = W x + b = [grid], dW = [grid][grid]: computed
            self.found.computed.add(engine)
        missing = None
        for side, grid in zip(claim.sides[1:], grids):
            try:
                if self.matrix_side(claim, (written, shown, engine), side, grid, numbers, again):
                    self.waiting.defined(written, self.matrix_claim)
                    self.matrix_chain(claim, side)
                    return True
            except MatrixError as e:
                missing = missing or e.missing
            except (RecursionError, KeyError, IndexError):
                continue
        if not again and self.waiting.park(claim, missing):
            return True
        return any(grid is not None for grid in grids)

    def derivative_matrix(self, claim: Claim, lhs: Deriv) -> bool:
        """``∂J/∂W_1 = a_0^T δ_1`` where the graph has no J: a matrix the text defines under that name
        (``derivative_names``), one node per element; False when it is not one (its sides are all
        numbers, J is a quantity of the graph, or no side can be read over the matrices known)."""
        key = derivative_key(lhs)
        if key is None or not self.matrices.env or self.matrices.knows(key) \
                or self.found.known(self.name_of(lhs.top)):
            return False
        engine = f"d{self.name_of(lhs.top)}_d{self.name_of(lhs.bottom)}"
        while self.found.known(engine) or any(k.startswith(f"{engine}__") for k in self.found.values):
            engine += "_"
        grid = next((g for g in map(whole_grid, claim.sides[1:]) if g is not None), None)
        printed = grid.shape[0] * grid.shape[1] if grid is not None else 0
        for side in claim.sides[1:]:
            if "\\begin" in side:
                continue
            summed = over_samples(side, printed)  # ∂J/∂b = Σ δ = [grid]: a batch of one sample
            try:
                elements = self.matrices.defined(key, key, engine, summed or side)
            except (MatrixError, RecursionError, KeyError, IndexError):
                continue
            if summed is not None and len(elements) != printed:
                del self.matrices.env[canonical_name(key)]
                continue
            self.add_elements(elements, claim.line)
            return True
        return False

    def matrix_chain(self, claim: Claim, defining: str) -> None:
        """``z_0 = a_0 = x``: each bare name between the left side and the side that defined it names
        the same matrix (its elements nodes equal to the left side's)."""
        for side in claim.sides[1:claim.sides.index(defining)]:
            try:
                name = unwrap(parse_math(side))
            except (LatexError, RecursionError):
                return
            if not isinstance(name, Sym) or name.tag or _updated(name) is not None:
                return
            if self.matrices.knows(side.strip()):
                continue
            try:
                self.add_elements(self.matrices.defined(side.strip(), plain(name), self.name_of(name),
                                                        claim.sides[0]), claim.line)
            except (MatrixError, RecursionError, KeyError, IndexError):
                return
            self.waiting.defined(side.strip(), self.matrix_claim)

    def matrix_expression(self, claim: Claim) -> None:
        """``W^T dZ = [grid]``, ``g'(Z) = [grid]`` (or a grid printed for such an operand): the formula
        on the left a matrix of its own, one node per element, when its shape is the grid's."""
        key = expression_key(claim.sides[0])
        grid = next((g for g in map(whole_grid, claim.sides[1:]) if g is not None), None)
        if key is None or grid is None or not self.matrices.env or self.matrices.knows(key):
            return
        try:
            elements = self.matrices.defined(key, key, f"matrix_{claim.line}_{len(self.matrices.env)}",
                                             claim.sides[0], constant=True)
        except (MatrixError, RecursionError, KeyError, IndexError):
            return
        shape = self.matrices.env[canonical_name(key)].shape
        if sorted(shape) == sorted(grid.shape) and (1 in shape or shape == grid.shape):
            self.add_elements(elements, claim.line)
            self.found.side.update(e.engine for e in elements)
        else:
            del self.matrices.env[canonical_name(key)]

    def matrix_side(self, claim: Claim, names: tuple[str, str, str], side: str, grid, numbers: bool,
                    again: int) -> bool:
        """One side of a matrix claim read: a grid of numbers given (its elements leaves), or a
        definition over the grids known (one node per element); False when it is neither."""
        written, shown, engine = names
        if (grid is not None and len(claim.sides) == 2 and self.matrices.knows(written)
                and restated_grid(self, names, grid, claim.line)):
            return True  # given logits that W x + b does not give: the document's premise
        if grid is not None and grid.values() is not None and not self.matrices.knows(written) and numbers:
            self.add_elements(self.matrices.given(written, shown, engine, grid), claim.line)
            return True
        if again and grid is None and engine in self.ambiguous:
            return False  # defined two ways (a template, then the example's own): never out of order
        if grid is None and self.matrices.env and not self.matrices.knows(written):
            self.add_elements(self.matrices.defined(written, shown, engine, side), claim.line)
            return True
        return False

    def add_elements(self, elements: list[Element], line: int) -> None:
        if len(self.found.values) + len(elements) > MAX_INFERRED:
            raise MatrixError("too many elements")
        for element in elements:
            if element.expression is None:
                self.found.leaves[element.engine] = element.value
            else:
                self.found.nodes[element.engine] = element.expression
            self.found.values[element.engine] = element.value
            self.found.lines[element.engine] = line
            if element.alias != element.engine:
                self.found.aliases.setdefault(element.alias, element.engine)

    def count_derivatives(self, lhs: object, sides: list[object]) -> None:
        """Every derivative printed counts for the quantity it differentiates (the root is the most)."""
        derivatives = [leaf for side in sides for leaf in leaves(side) if isinstance(leaf, Deriv)]
        derivatives += [lhs] if isinstance(lhs, Deriv) else []
        for derivative in derivatives:
            top = _symbol(derivative.top)
            if top is not None:
                self.found.tops[self.name_of(top)] += 1

    def parameter(self, name: str, sides: list[object], line: int) -> None:
        """An update names a parameter; the numbers in its place may give the learning rate."""
        if name not in self.found.parameters:
            self.found.parameters.append(name)
        self.settings_from(sides, line)

    def define(self, name: str, lhs: Sym, sides: list[object], line: int, numbers: bool = True) -> None:
        """``name`` defined by the first side in symbols that the known names state; else (when
        ``numbers``) a leaf of the value its numbers print."""
        if not self.define_by_formula(name, sides, line) and numbers:
            self.define_by_number(name, sides, line)

    def define_by_formula(self, name: str, sides: list[object], line: int) -> bool:
        """The first side in symbols the inference can state becomes the node; False when none."""
        for k, side in enumerate(sides):
            if is_numeric(side):
                continue
            later = [s for s in sides[k + 1:] if is_numeric(s)]
            substituted = next((s for s in later if printed_number(s) is None), None)
            if substituted is not None:
                self.givens_from(side, substituted, line)
            try:
                text = self.expression(side)
                value = self.value_of(side)
            except _NotExpressible as e:
                self.not_stated(side, e, line)
                self.unstated(name, [side], line, e)
                continue
            except (KeyError, ArithmeticError, ValueError):
                continue
            self.add_node(name, text, value, line)
            if any(is_numeric(s) for s in sides):
                self.found.computed.add(name)
            self.found.formulas[name] = side
            self.parts_in(sides[k:], line)
            return True
        return False

    def parts_in(self, sides: list[object], line: int) -> None:
        """The parts of each formula side that a later side of numbers prints (``parts_of``)."""
        for j, formula in enumerate(sides):
            for numbers in [s for s in sides[j + 1:] if not is_numeric(formula) and is_numeric(s)
                            and printed_number(s) is None]:
                self.parts_of(formula, numbers, line)

    def parts_of(self, symbolic: object, substituted: object, line: int) -> None:
        """``= \\frac{1}{1 + 0.7711}`` after ``\\frac{1}{1 + e^{-z}}``: each part of the formula a number
        is printed for becomes a node (``parts``), the number a claim about it."""
        for part in spelled_parts(symbolic, substituted):
            key = plain(part)
            if key in self.found.parts or len(self.found.values) >= MAX_INFERRED:
                continue
            try:
                text, value = self.expression(part), self.value_of(part)
            except (_NotExpressible, KeyError, ArithmeticError, ValueError):
                continue
            if math.isfinite(value):
                name = part_name(line, len(self.found.parts) + 1)
                self.add_node(name, text, value, line)
                self.found.parts[key] = name

    def unstated(self, name: str, sides: list[object], line: int,
                 error: _NotExpressible | None = None) -> None:
        """A definition in names nothing states (``o = v h``, v never given): recorded for
        ``incomplete``, even when the name has a value of its own (a given printed apart)."""
        for side in sides:
            found = error or (self.unexpressible(side) if not is_numeric(side) else None)
            if found is not None and found.symbol is not None:
                self.found.unstated.setdefault(name, (tuple(_symbol_names(side)), line, plain(side)))
                return

    def unexpressible(self, side: object) -> _NotExpressible | None:
        try:
            self.expression(side)
        except _NotExpressible as e:
            return e
        return None

    def not_stated(self, side: object, error: _NotExpressible, line: int) -> None:
        """A definition that uses names (or a function) nothing states: its missing premises."""
        if error.symbol is not None:
            self.unknown_names(side, line)
            if error.symbol.startswith("the function "):
                self.found.missing.setdefault(error.symbol, line)

    def define_by_number(self, name: str, sides: list[object], line: int) -> None:
        """A given (one printed number) or the value of the arithmetic a side prints."""
        numeric = [s for s in sides if is_numeric(s)]
        if numeric:
            self.define_from_numbers(name, numeric[0], line)

    def define_from_numbers(self, name: str, first: object, line: int) -> None:
        """``name`` as the value its numbers print: a leaf, or the arithmetic of known values."""
        if printed_number(first) is not None:
            self.found.printed[name] = printed_number(first)
            self.found.leaves[name] = float(printed_number(first))
            self.found.values[name] = self.found.leaves[name]
            self.found.lines[name] = line
            return
        substituted = self.substituted(first)
        if substituted is not None:
            try:
                self.add_node(name, self.expression(substituted), self.value_of(substituted), line)
                return
            except (_NotExpressible, KeyError, ArithmeticError, ValueError):
                pass
        try:
            value = evaluate(first, lambda leaf: math.nan, calls=True)
        except (KeyError, ArithmeticError, ValueError):
            return
        if math.isfinite(value):
            self.found.leaves[name] = value
            self.found.values[name] = value
            self.found.lines[name] = line
            self.found.notes.append(f"{name} (line {line}) is the value of its arithmetic: its numbers "
                                    "do not say which given goes where")

    def unknown_names(self, side: object, line: int) -> None:
        """The names a definition uses that no given or definition states (yet): its missing premises."""
        for leaf in leaves(side):
            sym = _symbol(leaf)
            if sym is not None and not sym.tag and not self.found.known(name := self.name_of(sym)):
                self.found.missing.setdefault(name, line)

    def settings_from(self, sides: list[object], line: int) -> None:
        """An update ``w - \\eta g = 0.40 - 0.5 \\cdot 0.08``: the learning rate is the number in η's
        place."""
        substituted = next_where(sides, _substituted)
        for k, side in enumerate(sides):
            if not is_numeric(side) and (later := substituted[k]) is not None:
                self.givens_from(side, sides[later], line, settings_only=True)

    def givens_from(self, symbolic: object, substituted: object, line: int,
                    settings_only: bool = False) -> None:
        """``z = w x + b = 0.15 \\cdot 0.05 + 0.35``: each unknown symbol is given the number written in
        its place (w = 0.15, x = 0.05, b = 0.35), when the two sides have the same shape."""
        pairs: list[tuple[object, object | None]] = []
        pair_numbers(substituted, symbolic, pairs)
        for number, meaning in pairs:
            sym = _symbol(meaning) if meaning is not None else None
            printed = printed_number(number)
            if sym is None or sym.tag or printed is None or len(self.found.values) >= MAX_INFERRED:
                continue
            name = self.name_of(sym)
            if name in self.symbolic:
                continue  # defined in symbols elsewhere: no given
            if sym.base in _LEARNING_RATE and not sym.sub:
                if self.found.learning_rate is None:
                    self.found.learning_rate = float(printed)
                continue
            if not self.found.known(name) and not settings_only:
                self.found.leaves[name] = float(printed)
                self.found.values[name] = float(printed)
                self.found.lines[name] = line

    def add_node(self, name: str, text: str, value: float, line: int) -> None:
        self.found.nodes[name] = text
        self.found.values[name] = value
        self.found.lines[name] = line

    def substituted(self, node: object) -> object | None:
        """An arithmetic side with each printed number replaced by the one known quantity whose value it
        prints (``0.15 \\cdot 0.05 + 0.35`` → ``w_1 x_1 + b_1``); None when a number fits none or several.
        The argument of a function (``\\sigma(0.5)``) that several names print is the node among them
        defined last: the net input just computed, not a given that shares its value."""
        helpers = self.found.helpers()
        values = {n: v for n, v in self.found.values.items() if n not in helpers}
        by_value: dict[str, list[str]] = {}
        for n, v in values.items():
            by_value.setdefault(repr(v), []).append(n)
        rounded = RoundedValues(values)
        argument = isinstance(unwrap(node), Call) and printed_number(unwrap(node).arg) is not None
        missing = False

        def swap(leaf: object) -> object:
            nonlocal missing
            sign, number = (-1.0, unwrap(leaf.x)) if isinstance(leaf, Neg) else (1.0, leaf)
            if isinstance(number, Num) and "." in number.text:
                value = sign * number.value
                fits = by_value.get(repr(value)) or rounded.fits(number.text, value)
                nodes = sorted((self.found.lines[n], n) for n in fits if n in self.found.nodes)
                fits = [nodes[-1][1]] if argument and len(fits) > 1 and nodes else fits  # the latest node
                if len(fits) != 1:
                    missing = missing or sign > 0
                    return leaf
                return Sym(fits[0])
            return leaf
        swapped = _map_numbers(node, swap)
        return None if missing or is_numeric(swapped) else swapped


def _map_numbers(node: object, fn) -> object:
    match node:
        case Num():
            return fn(node)
        case Neg(x=x) if isinstance(unwrap(x), Num) and (signed := fn(node)) is not node:
            return signed  # -0.1225 prints z_2 = -0.1225, not the negation of a 0.1225
        case Neg(x=x):
            return Neg(_map_numbers(x, fn))
        case Group(x=x):
            return Group(_map_numbers(x, fn))
        case Sum(terms=ts):
            return Sum(tuple((s, _map_numbers(t, fn)) for s, t in ts))
        case Prod(factors=fs):
            return Prod(tuple(_map_numbers(f, fn) for f in fs))
        case Div(num=a, den=b):
            return Div(_map_numbers(a, fn), _map_numbers(b, fn))
        case Pow(base=Num(text="e") as a, exp=b):  # e^{-0.3775}: the exponent is an argument
            return Pow(a, _map_numbers(b, fn))
        case Pow(base=a, exp=b):
            return Pow(_map_numbers(a, fn), b)
        case Call(name=n, arg=a):
            return Call(n, _map_numbers(a, fn))
    return node


def _claims(text: str, layout: Layout) -> list[Claim]:
    """The document's concrete claims, in order, each with its line (general formulas left out): its
    math's and the values its tables state by name (``value_tables``)."""
    tables = [claim_from_piece(v.claim(), v.line, {}) for v in table_values(layout.table_rows,
                                                                            table_headers(layout.table_rows))
              if not v.gradient]
    claims = sorted([*_math_claims(text, layout), *(c for c in tables if isinstance(c, Claim))],
                    key=lambda claim: claim.line)
    uses = Counter(name for claim in claims for name in set(_claim_names(claim)))
    variables = {engine_name(a) for claim in claims if (f := _function_head(claim)) for a in f.arguments}
    out = []
    for claim in claims:  # `[w_1, w_2] = [0.15, 0.20]`: one claim per name (``name_lists``)
        each = element_claims(claim, lambda sym: uses[engine_name(sym)] > (not sym.sub))  # w: its own too
        points = each is not None and all(_given(c) is not None and _given(c)[0] in variables for c in each)
        out += each if each is not None and not points else [claim]  # (w_1, w_2) = (0, 0): L's point
    defined = {name for claim in out if (name := _defined_name(claim)) is not None}
    return [_indexed_given(claim, uses, defined) for claim in out]


def scope_claims(text: str, layout: Layout) -> list[Claim]:
    """The claims ``infer_setup`` reads from a text: its math's, its tables', its code's."""
    return [*_claims(text, layout), *code_claims(text)]


def _indexed_given(claim: Claim, uses: Counter, defined: set[str]) -> Claim:
    """``w1 = 0.5`` given in prose for the ``w_1`` the formulas use (no formula defines ``w1``): the
    claim about ``w_1`` (``update_names.split_index``); any other claim as it is."""
    given = _given(claim)
    if given is None or given[0] in defined:
        return claim
    try:
        split = split_index(unwrap(parse_math(claim.sides[0])))
    except (LatexError, RecursionError):
        return claim
    if split is None or split.tag or not uses[engine_name(split)]:
        return claim
    return replace(claim, sides=[f"{split.base}_{{{split.sub}}}", *claim.sides[1:]])


def _function_head(claim: Claim):
    """``L(w_1, w_2) = …``: the function a claim defines (``functions.head``), else None."""
    try:
        return function_head(parse_math(claim.sides[0])) if len(claim.sides) > 1 else None
    except (LatexError, RecursionError):
        return None


def _claim_names(claim: Claim) -> list[str]:
    """The engine names of the symbols a claim writes, its derivatives' too."""
    return [engine_name(sym) for sym in _claim_symbols(claim)]


def _claim_symbols(claim: Claim) -> list[Sym]:
    """The symbols a claim writes (untagged), its derivatives' too."""
    symbols = []
    for side in claim.sides:
        try:
            tree = parse_math(side)
        except (LatexError, RecursionError):
            continue
        for leaf in leaves(tree):
            parts = [leaf.top, leaf.bottom] if isinstance(leaf, Deriv) else [leaf]
            symbols += [p for p in map(_symbol, parts) if p is not None and not p.tag]
    return symbols


def _math_claims(text: str, layout: Layout):
    """The claims of the document's math and of its numbers written outside math, in order."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    segments = prose_heads(text, find_math(text, layout.masked)[0])  # Softmax $\approx [0.9, 0.1]$
    hypothetical = Hypotheticals(text, segments)
    found = segments + _written_outside_math(text, segments) + read_session(text).segments  # julia> f'(2)
    found += dual_claims(text, segments)  # (3 + 4ε)(5 + 7ε) = 15 + 41ε
    claims = list(_claims_of(sorted(found, key=lambda s: s.start), starts, hypothetical, layout))
    goals = Goals(text, segments)
    stated = {claim.sides[0].strip() for claim, at in claims if goals.covers(at) is None}
    for claim, at in claims:  # "our goal is z = 150": never z's value when the text states z elsewhere
        if goals.covers(at) is None or claim.sides[0].strip() not in stated:
            yield claim


def _claims_of(found: list[MathSegment], starts: list[int], hypothetical: Hypotheticals, layout: Layout):
    """Each claim of the segments, with the offset it starts at."""
    for segment in found:
        pieces, ranges = split_claims(segment.text)
        if ranges:
            continue  # a general formula (w_{oi} for i = 1, 2) defines no one node
        for offset, piece in pieces:
            if hypothetical.covers(segment.start + offset) is not None:
                continue  # "if a = 5.001 then v = 11.001": a nudged case, not the example
            lead = len(piece) - len(piece.lstrip())
            line = bisect.bisect_right(starts, segment.start + offset + lead)
            for part in percent_pieces(arrow_update(piece, line, layout)):  # 0.889 = 88.9\%: two claims
                claim = claim_from_piece(part, line, {})
                if isinstance(claim, Claim):
                    yield claim, segment.start + offset


def _written_outside_math(text: str, segments: list[MathSegment]) -> list[MathSegment]:
    """Givens and definitions written in prose, code spans or bare ``[ ]`` lines (``x = 1``,
    ``ŷ = w × x = 1 × 1 = 1``); never a printed output, which is a result, not a premise."""
    delimited = [(seg.start - 2, seg.start + len(seg.text) + 2) for seg in segments]
    return [MathSegment(span.text, span.start, span.kind == "brackets")
            for span in find_spans(text, delimited) if span.stated and span.kind != "output"]


def infer_setup(text: str, layout: Layout, later: dict[str, int] | None = None) -> Inferred:
    """The graph the document's own statements give (see the module's docstring).

    Givens may be stated after the definitions that use them (``h = \\sigma(w_1 x)`` … "let
    ``x = 1, w_1 = 0.5``"): the plain givens of names no side defines are read first, then every
    claim in order. ``later``: a given stated twice whose value is the one on the line named
    (an example continued from a restated premise, ``premises.continued``)."""
    claims = sorted([*_claims(text, layout), *code_claims(text)], key=lambda claim: claim.line)
    prose = _prose(text, layout, claims)
    stated = [claim_from_piece(said, value.line, {}) for value in prose
              if (said := value.claim()) is not None]
    claims = sorted(claims + [c for c in stated if isinstance(c, Claim)], key=lambda claim: claim.line)
    defined = _computable_definitions(claims)
    inference = _Inference(_first_definitions(claims))
    inference.functions.by_name.update({f.name: f for f in code_functions(text)})  # def f(x): …
    inference.functions.by_name.update(read_session(text).functions)  # julia> f(x) = 3x^2
    inference.ambiguous = _defined_twice(claims)
    inference.from_zero = counted_from_zero(claim.text for claim in claims)
    inference.matrices.letters = function_letters(text)  # "f_1(z) and f_2(z) are sigmoid"
    inference.waiting = Waiting(first_symbolic_definitions(claims))
    inference.start = min((later or {}).values(), default=0)
    _plain_givens(inference, claims, defined, later or {})
    for again in (0, 1, 2):  # a definition stated before the givens it uses is read on the second
        for claim in claims:
            try:
                inference.claim(claim, again)
            except RecursionError:
                continue
    initial_loss(inference.found)  # Loss = …, then dL/dw: L is the loss
    _tables(inference, layout)
    _element_spellings(inference, claims)
    apply_indexed(inference.found, claims, engine_name, layout.masked)  # e_{12} from e_{ij} = …
    softmax_of_listed(inference.found, claims, engine_name)  # \text{softmax} = [0.098, 0.659, 0.242]
    restate_vectors(inference.found)  # y_pred = [0.098, …]: the softmax printed before, restated
    add_arrays(inference.found, walk_cells(text))  # numpy/torch arrays a notebook's code computes
    elements = inference.matrices.elements()
    root_of_outputs(inference.found, matrix_outputs(inference.found.nodes, elements,
                                                    inference.found.helpers()))  # Y = XW + b: all of Y
    replaced(inference.found)
    inference.found.prose = prose
    return inference.found


def _element_spellings(inference: _Inference, claims: list[Claim]) -> None:
    """An element of a matrix given whole spelled by its indices (``W_{12}``, ``W[1,2]``) in any claim,
    also one the graph was not built from (a restated ``z_1 = W_{11} x_1 + W_{12} x_2``): that element."""
    for claim in claims:
        for sym in _claim_symbols(claim):
            if sym.sub and not inference.found.known(engine_name(sym)):
                inference.name_of(sym)  # an element: its spelling becomes an alias of the element


def _prose(text: str, layout: Layout, claims: list[Claim]) -> list[ProseValue]:
    """What the prose states in words (``prose_values``): its names are those the claims use."""
    symbols = {engine_name(s): s for claim in claims for s in _claim_symbols(claim)}
    stated = {g[0] for claim in claims if (g := _given(claim)) is not None}
    stated |= {n for claim in claims if (n := _defined_name(claim)) is not None}
    chars = list(layout.masked)
    for segment in find_math(text, layout.masked)[0]:
        chars[segment.start:segment.start + len(segment.text)] = " " * len(segment.text)
    table_lines = {line for line, _ in layout.table_rows}
    return prose_values("".join(chars), table_lines, lambda sym: engine_name(sym) in symbols,
                        [s for name, s in symbols.items() if name not in stated])


def _first_definitions(claims: list[Claim]) -> dict[str, int]:
    """Each name a claim defines in symbols, and the first line that does."""
    first: dict[str, int] = {}
    for claim in claims:
        if (found := _defined_name(claim, False)) is not None:
            first.setdefault(found, claim.line)
    return first


def _plain_givens(inference: _Inference, claims: list[Claim], defined: set[str],
                  later: dict[str, int]) -> None:
    """The plain givens of names no side defines, read before every claim (of a name in ``later``,
    the one stated on its line)."""
    for claim in claims:
        given = _given(claim)
        if given is not None and later.get(given[0], claim.line) != claim.line:
            continue
        if given is not None and given[0] in _LEARNING_RATE:
            continue  # a setting, read in order below
        if given is not None and inference.counted(unwrap(parse_math(claim.sides[0]))) is not None:
            continue  # w^{(1)} = 0.6 for a given w: an update, read in order below
        if given is not None and given[0] not in defined and not inference.found.known(given[0]):
            inference.found.leaves[given[0]] = inference.found.values[given[0]] = given[1]
            inference.found.lines[given[0]] = claim.line
            inference.matrices.scalar(claim.sides[0], given[0], given[1])
            start = _started(given[0])
            if start is not None and start not in defined and not inference.found.known(start):
                inference.found.leaves[start] = inference.found.values[start] = given[1]
                inference.found.lines[start] = claim.line  # w_0 = 0 before any w = …: w starts at 0


def _tables(inference: _Inference, layout: Layout) -> None:
    """Iteration tables (the steps), formula columns (arithmetic) and ``New w`` columns (a step)."""
    headers = table_headers(layout.table_rows)
    cells = iteration_cells(layout.table_rows, headers) + column_cells(layout.table_rows, headers)
    inference.found.steps = max([inference.found.steps, *(c.after for c in cells
                                                          if c.after <= MAX_STEPS)])  # and x_k's (iterates)
    for cell in table_claims(layout.table_rows, headers):  # | $x$ | $\hat y = 3x$ |: 3·1 = 3
        body = inference.functions.at(cell.tree)  # | z | f(z) |: the body of the f the document defines
        inference.arithmetic(cell.tree, body if body is not None else cell.tree, cell.line)
    for line, variable in slope_variables(cells):  # | w | dL/dw | over several steps: w is stepped
        if inference.found.known(name := engine_name(variable)):
            inference.parameter(name, [], line)
    for line, column in updated_columns(headers) + updated_rows(layout.table_rows, headers):  # `New $w$`
        try:
            updated = unwrap(parse_math(column))
        except (LatexError, RecursionError):
            continue
        if isinstance(updated, Sym) and inference.found.known(name := engine_name(updated)):
            inference.parameter(name, [], line)


def _defined_twice(claims: list[Claim]) -> set[str]:
    """The names two claims define in symbols differently (``z = 2x - 1``, later ``z = z_1 + b``): a
    definition read out of order must not build on either."""
    texts: dict[str, set[str]] = {}
    for claim in claims:
        name = _defined_name(claim, False) or _formula_name(claim)
        if name is not None:
            side = next((s for s in claim.sides[1:] if not _numeric_text(s) or _unread_formula(s)), "")
            texts.setdefault(name, set()).add("".join(side.split()))
    return {name for name, seen in texts.items() if len(seen) > 1}


def _unread_formula(side: str) -> bool:
    """A side in symbols the scalar reader cannot parse (``(W^T δ) \\odot g'(z)``), no grid of numbers."""
    return "\\begin" not in side and bool(re.search(r"[A-Za-z]", side)) and _numeric_text(side) \
        and not _parses(side)


def _parses(side: str) -> bool:
    try:
        parse_math(side)
    except (LatexError, RecursionError):
        return False
    return True


def _formula_name(claim: Claim) -> str | None:
    """The name a claim defines by a formula over matrices the scalar reader cannot parse."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
    except (LatexError, RecursionError):
        return None
    if isinstance(lhs, Sym) and not lhs.tag and any(_unread_formula(s) for s in claim.sides[1:]):
        return engine_name(lhs)
    return None


def _started(name: str) -> str | None:
    """``w_0``, ``theta_0``: the name whose starting value it gives (w, theta), else None."""
    return name[:-2] if name.endswith("_0") and len(name) > 2 else None


def _computable_definitions(claims: list[Claim]) -> set[str]:
    """The names a claim defines in symbols that all come from givens (``u = bc`` with c given
    nowhere is none: a value printed for u is then its given)."""
    rules: list[tuple[str, frozenset[str]]] = []
    givens: set[str] = set()
    for claim in claims:
        given = _given(claim)
        if given is not None:
            givens.add(given[0])
        name = _defined_name(claim)
        try:
            sides = [parse_math(side) for side in claim.sides[1:]] if name is not None else []
        except (LatexError, RecursionError):
            continue
        substituted = next_where(sides, _substituted)
        for k, side in enumerate(sides):
            if is_numeric(side):
                continue
            symbols = frozenset(_symbol_names(side))
            rules.append((name, symbols))
            if substituted[k] is not None:
                givens |= symbols  # `z = w x + b = 0.15 \cdot 0.05 + 0.35`: the numbers give w, x, b
    return computable(rules, givens)


def _substituted(side: object) -> bool:
    """A side of numbers that is no number printed alone: arithmetic with the numbers in place."""
    return is_numeric(side) and printed_number(side) is None


def _symbol_names(node: object) -> list[str]:
    """The engine names of a side's symbols (a derivative is never computable: it names itself)."""
    out = []
    for leaf in leaves(node):
        if isinstance(leaf, Call):
            out += _symbol_names(leaf.arg)
        elif isinstance(leaf, Sym):
            out.append(engine_name(leaf) if not leaf.tag else "∂")
        elif isinstance(leaf, Deriv):
            out.append("∂")
    return out


def _defined_name(claim: Claim, renaming: bool = True) -> str | None:
    """The name a claim defines with a side in symbols (``z = w x + b``), if any; with ``renaming``
    False, a side that is one other name (``b^{[2]} = b_3``) or an update (``w = w - η g``) defines
    nothing."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
        lhs = function_head(lhs).name if function_head(lhs) is not None else lhs  # L(w) = … defines L
        if not isinstance(lhs, Sym) or lhs.tag:
            return None
        for side in claim.sides[1:]:
            tree = parse_math(side)
            if not is_numeric(tree) and (renaming or not (isinstance(unwrap(tree), Sym)
                                                          or is_update(lhs, [tree]))):
                return engine_name(lhs)
    except (LatexError, RecursionError):
        return None
    return None


def _given(claim: Claim) -> tuple[str, float] | None:
    """``x = 2``: a symbol and the one number it is given, else None."""
    try:
        lhs = unwrap(parse_math(claim.sides[0]))
        sides = [unwrap(parse_math(s)) for s in claim.sides[1:]]
    except (LatexError, RecursionError):
        return None
    if not isinstance(lhs, Sym) or lhs.tag or len(sides) != 1 or printed_number(sides[0]) is None:
        return None
    return engine_name(lhs), float(printed_number(sides[0]))


def example_scopes(text: str, layout: Layout, restated: Restatements | None = None) -> list[tuple[int, int]]:
    """The document's examples as (first line, last line): a new one starts at the section that
    restates a given with another value (``x = 2`` … ``## Two layers`` … ``x = 1``), or at a section of
    its own (``own_sections``). ``restated`` collects the givens restated, by the line a scope starts
    on, every plain given and the sections of their own (``premises.Restatements``)."""
    bounds: list[int] = [1]
    stated: dict[str, tuple[object, int]] = {}  # name → its given value or definition's text, its line
    givens: list[tuple[int, str]] = []  # (line, name) of every plain given
    heads = section_heads(text, layout)  # headings, and lines opening a numbered exercise
    own: dict[int, int] = {}  # a bound that starts a section of its own (own_sections) → the line redefining
    definitions: dict[str, str] = {}  # every name defined in symbols → its latest definition's text
    printing: list[int] = []  # the lines of claims that print a number
    for claim in _claims(text, layout):
        if any(_numeric_text(side) for side in claim.sides[1:]):
            printing.append(claim.line)
        found = _statement(claim, givens, restated)
        if found is None:
            continue
        name, value = found
        if name in stated and _changed(stated[name][0], value):
            bounds.append(_table_start(layout, _section_start(heads, bounds[-1], claim.line)))
            first = stated[name]
            if bounds[-1] in heads[1] and isinstance(value, str) and isinstance(first[0], str) and differ(
                    first[0], value, lambda sym: definitions.get(engine_name(sym))):
                own.setdefault(bounds[-1], claim.line)
            if restated is not None and isinstance(value, float):
                restated.add(bounds[-1], Restated(name, claim.sides[1].strip(), claim.line, float(first[0]),
                                                  first[1]))
            stated = {n: (v, line) for n, (v, line) in stated.items() if line >= bounds[-1]}
        stated[name] = (value, claim.line)
        if isinstance(value, str):
            definitions[name] = value
    bounds = _restating(bounds, givens, own, printing)
    if restated is not None:
        restated.sections |= set(own) & set(bounds)
    ends = [b - 1 for b in bounds[1:]] + [text.count("\n") + 1]
    return [(a, b) for a, b in zip(bounds, ends) if a <= b]


def _statement(claim: Claim, givens: list[tuple[int, str]], restated: Restatements | None
               ) -> tuple[str, object] | None:
    """What a claim states, for ``example_scopes``: a given (its name and value, recorded in ``givens``),
    a definition in symbols (its name and its side's text), else None."""
    found = _given(claim)
    if found is not None:
        givens.append((claim.line, found[0]))
        if restated is not None:
            restated.givens.append((claim.line, found[0]))
        return found
    name = _defined_name(claim)
    if name is None:
        return None
    if restated is not None:
        restated.defined.add(name)
    return name, " ".join(next(s for s in claim.sides[1:] if not _numeric_text(s)).split())


def _changed(before: object, after: object) -> bool:
    """Another value of a given, or another text of a definition (never a given become a definition)."""
    return before != after and _numeric_text(str(after)) == _numeric_text(str(before))


def _restating(bounds: list[int], givens: list[tuple[int, str]], own: dict[int, int] | None = None,
               printing: list[int] | None = None) -> list[int]:
    """The boundaries after which the document restates a given of the example before: a new example
    states its own givens; a loss simplified or a formula rewritten starts none. A section of its own
    (``own``: the bound → the line on which it defines a name of the text before as another function,
    ``own_sections``) starts one when that line is in the section it opens, and one of the two is in
    symbols (no given, no number printed: ``printing`` the lines that print one) and the other gives
    numbers."""
    own = own or {}
    kept = [bounds[0]]
    for k, b in enumerate(bounds[1:], 1):
        end = bounds[k + 1] if k + 1 < len(bounds) else float("inf")
        before = {name for line, name in givens if kept[-1] <= line < b}
        after = {name for line, name in givens if b <= line < end}
        if before & after or (own.get(b, end) < end and in_symbols_beside(
                (before, _prints(printing or [], kept[-1], b)), (after, _prints(printing or [], b, end)))):
            kept.append(b)
    return kept


def _prints(lines: list[int], first: int, end: float) -> bool:
    """Does a claim on a line first ≤ line < end print a number (``lines`` sorted)?"""
    k = bisect.bisect_left(lines, first)
    return k < len(lines) and lines[k] < end


def _numeric_text(side: str) -> bool:
    try:
        return is_numeric(parse_math(side))
    except (LatexError, RecursionError):
        return True


def _table_start(layout: Layout, line: int) -> int:
    """The line of the header of the table holding ``line`` (an example never starts inside a table:
    its rows need their header), else ``line``."""
    start, previous = None, -10
    for row, _ in layout.table_rows:
        if row > line:
            break
        start = row if start is None or row > previous + 2 else start  # a table's rows follow each other
        previous = row
    return start if start is not None and line <= previous else line


def _section_start(heads: tuple[list[int], dict[int, int]], after: int, line: int) -> int:
    """Where the section holding ``line`` starts: its outermost heading (or numbered exercise,
    ``own_sections.section_heads``) since ``after``."""
    lines, levels = heads
    headings = [h for h in lines if after < h <= line]
    if not headings:
        return line
    top = min(levels.get(h, 6) for h in headings)
    return max(h for h in headings if levels.get(h, 6) == top)


def only_lines(text: str, first: int, last: int, keep: set[int] | None = None) -> str:
    """The text with every line outside first..last (and not in ``keep``) blanked (offsets and line
    numbers kept)."""
    lines, keep = text.split("\n"), keep or set()
    return "\n".join(line if first <= k <= last or k in keep else " " * len(line)
                     for k, line in enumerate(lines, 1))


def claim_facts(text: str, layout: Layout) -> list[ClaimFacts]:
    """What each claim of the document defines, gives and writes (``earlier_definitions``)."""
    facts = []
    for claim in _claims(text, layout):
        given = _given(claim)
        facts.append(ClaimFacts(claim.line, _defined_name(claim), given[0] if given else None,
                                frozenset(_claim_names(claim)),
                                any(_numeric_text(side) for side in claim.sides[1:])))
    return facts


def blank_lines(text: str, lines: set[int]) -> str:
    """The text with the given lines (1-based) blanked (offsets and line numbers kept)."""
    if not lines:
        return text
    rows = text.split("\n")
    return "\n".join(" " * len(line) if k in lines else line for k, line in enumerate(rows, 1))
