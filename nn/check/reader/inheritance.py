"""Errors a document inherits from its own earlier numbers: ``2 \\cdot (-0.3775) ≈ -0.7550`` after
``e = 0.6225 - 1 ≈ -0.3775``.

A step of arithmetic checked as written (the printed result against the printed operands) holds when
the document multiplied right; yet its operand may be the document's own earlier number that was
wrong, or right but rounded too coarsely for this result. Then the printed result is not the true
value of what it computes: -0.3775 is -0.37754…, so 2 · (-0.3775) is truly -0.75508…, which reads
-0.7551, not -0.7550. The error is not this line's; it is inherited, and the report names the line it
comes from.

Each checked number gets its TRUE value, in the document's order:

- a quantity the graph computes: the engine's value — also where the document's number for it is
  wrong by that line's own slip; not where the mismatch is unexplained (the graph may be misread);
- arithmetic on printed numbers (a step, a node of constants): the arithmetic with each operand
  replaced by its true value, where each operand is
  - a given (a premise the document assumes) or a bare integer: itself, exactly — unless the given
    restates a number the document computed on an earlier line (the same digits, three significant at
    least, and sign: "using δ = -0.1903"): then that number's true value, with its error (``restates``);
  - a number printed before (``carried``'s rule: enough digits to be recognised, the last line that
    printed it): that line's true value; printed before for several true values, any of them (the
    range that holds them all);
  - a short number never printed before (``0.5``, ``-1.0``): a constant the document chooses, itself;
  - anything else: every value that rounds to it (unknown, so the verdict stays the one as written);
- a number printed again (a repeat, a carried number): the true value where it was first printed;
- a quantity of the graph (before any update) built on givens that restate earlier numbers: the graph's
  node recomputed with those givens at their true values (``restated_givens``); a given's own row whose
  line prints its arithmetic (``\\hat{y} = \\sigma(0.4172) \\approx 0.6028``): that arithmetic.

The true value is a range (interval arithmetic); a number is wrong when no value of its range prints
as the number does (the rule every step uses: half a unit of the last printed digit). A number whose
arithmetic as written holds but whose true range it misses becomes a mismatch naming its origin: the
origin wrong at its own precision → it "inherits" that error; the origin right but rounded, or wrong only
by roundings carried before it (no slip anywhere in its chain) → "carried" (its rounding carried too
far) — or, when the operands exactly as printed do not give it either, this line's own "arithmetic".
A step on givens with the digits of rounded numbers that no rounding of them gives is a slip of its
own too (``beyond_givens``). A given is never flagged: it is true by definition.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from nn.check.diagnoses import CARRIED, INHERITS, number_slip, truncation
from nn.check.precision import parse_printed
from nn.check.quantities import MADE_UP
from nn.check.reader.arithmetic import Step, half_unit, interval
from nn.check.reader.carried import is_distinctive, unsigned
from nn.check.reader.latex import Num
from nn.check.reader.restated_givens import GraphValues
from nn.check.reader.trees import leaves
from nn.check.report import Cause

__all__ = ["Inheritance", "Known", "inherit", "inherited_phrase"]


@dataclass
class Known:
    """A printed number with its true range: where it is, and whether the print misses that range."""

    source: str
    printed: str
    low: float
    high: float
    wrong: bool = False  # the printed number is not what its true range prints
    own: bool = False  # wrong here, by this line's own arithmetic or quantity (not inherited)
    given: bool = False
    premised: bool = False  # its true value rests on a given that may be rounded (``premised``)
    slip: str = ""  # its own slip, found here (operands exact), as the report says it
    origin: Known | None = None  # the earlier number it inherits its error from
    causes: list[str] = field(default_factory=list)  # why it is wrong (its row's, or INHERITS / CARRIED)
    root: Known | None = field(default=None, repr=False)  # its chain's first wrong number, once found
    rebuilt: bool = False  # a number of the graph recomputed from givens that restate earlier numbers
    restates: bool = False  # a given that restates the earlier number ``origin``

    @property
    def unknown(self) -> bool:
        return not (math.isfinite(self.low) and math.isfinite(self.high))

    def first(self) -> Known:
        """The first wrong number of the chain this one inherits from (itself if it is that one)."""
        walked, at = [], self
        while at.root is None and at.origin is not None:
            walked.append(at)
            at = at.origin
        root = at.root or at
        for k in walked:
            k.root = root
        return root

    def exactly(self, value: float) -> bool:
        """Is its true value ``value`` (up to the last bits of floating point)?"""
        slack = 1e-12 * max(1.0, abs(value))
        return value - slack <= self.low and self.high <= value + slack

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2

    def signed(self, negative: bool) -> tuple[float, float]:
        return (-self.high, -self.low) if negative else (self.low, self.high)


@dataclass
class Inheritance:
    """The rows with the inherited errors marked, and how many numbers are wrong on their own."""

    rows: list[dict]
    own: int = 0
    inherited: list[dict] = field(default_factory=list)
    flagged: list[dict] = field(default_factory=list)  # every row made a mismatch here

    def summary(self) -> str:
        """``5 wrong numbers; 12 more inherit them`` (empty when nothing inherits)."""
        return inherited_phrase(self.own, len(self.inherited)) if self.inherited else ""

    def chains(self) -> list[str]:
        """Each inherited number with the chain of lines it inherits from (``--explain``)."""
        return [f"  {r['source']}: {r['document']} ← {r['inherits_chain']}" for r in self.inherited]


def inherited_phrase(own: int, inherited: int) -> str:
    """How many numbers are wrong on their own and how many inherit: ``1 wrong number; 3 more inherit
    them``; with none wrong on its own, ``2 numbers inherit the rounding of earlier lines``."""
    many = "s" if inherited != 1 else ""
    if not own:
        return f"{inherited} number{many} inherit{'' if many else 's'} the rounding of earlier lines"
    return f"{own} wrong number{'s' if own != 1 else ''}; {inherited} more inherit{'' if many else 's'} them"


def _place(source: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", source))


def _negative(printed: str) -> bool:
    return str(printed).lstrip("≈~ ").replace("−", "-").startswith("-")


def _misses(printed: str, approx: bool, low: float, high: float) -> bool:
    """Does no value of [low, high] print as ``printed`` (half a unit of its last digit)?"""
    try:
        result = float(unsigned(printed)) * (-1 if _negative(printed) else 1)
    except ValueError:
        return False
    half = half_unit(unsigned(printed), approx)
    slack = 1e-9 * max(1.0, abs(result)) + 4 * math.ulp(max(abs(low), abs(high), 1e-300))
    return not (low - slack <= result + half and result - half <= high + slack)


class _Propagation:
    """The document's checked numbers in order, each with its true range once its turn comes."""

    def __init__(self, premised: bool = False) -> None:
        self.printed: dict[str, list[Known]] = {}  # digits → the numbers printed so, in order
        self.at: dict[tuple[str, str], Known] = {}  # (source, digits) → the number there
        self.premised = premised  # a given may be rounded: so may every value of the graph
        self.restated: dict[str, Known] = {}  # a leaf whose given restates an earlier number → that number

    def add(self, known: Known, again: bool = False) -> None:
        """A number checked: an operand printed later may be it, unless it is itself printed again."""
        if not again:
            self.printed.setdefault(unsigned(known.printed), []).append(known)
        self.at.setdefault((known.source, unsigned(known.printed)), known)

    def last(self, digits: str) -> Known | None:
        """The last number printed with these digits, preferring one whose true value is known."""
        found = self.printed.get(digits, [])
        return next((k for k in reversed(found) if not k.unknown), found[-1] if found else None)

    def given(self, source: str, printed: str) -> Known:
        """A given: a premise, its printed value exactly; or, when it restates the number the document
        computed on an earlier line (the same digits and sign, ``restates``), that number's true value
        and its error: ``\\delta = -0.1903`` after ``-0.7944 \\times 0.2395 \\approx -0.1903``."""
        earlier = self.last(unsigned(printed))
        while earlier is not None and earlier.restates and earlier.origin is not None:
            earlier = earlier.origin  # a given stated twice restates the number the first restates
        if earlier is None or not restates(printed, earlier):
            return Known(source, printed, *[_value(printed)] * 2, given=True,
                         premised=is_distinctive(unsigned(printed)))
        kept = [c for c in earlier.causes if c not in (CARRIED, "unexplained")]
        return Known(source, printed, earlier.low, earlier.high, wrong=earlier.wrong,
                     premised=earlier.premised, origin=earlier, restates=True,
                     causes=kept + [CARRIED] if earlier.wrong else [])

    def rounding(self, printed: str, value: float) -> Known | None:
        """The earlier number printed alike, wrong only by the roundings carried into it, whose true
        value is ``value``: a quantity printed with it is the document printing that number again (its
        rounding carried), not a slip of its own."""
        return next((k for k in reversed(self.printed.get(unsigned(printed), [])) if _only_rounding(k)
                     and _negative(k.printed) == _negative(printed) and k.exactly(value)), None)

    def candidates(self, digits: str, earlier: Known) -> list[Known]:
        """The numbers printed before with these digits and a known true value (``earlier`` first):
        more than one true value among them, and it is not known which one an operand is."""
        return [earlier] + [k for k in self.printed.get(digits, []) if k is not earlier and not k.unknown
                            and not k.given and _negative(k.printed) == _negative(earlier.printed)]

    def operand(self, number: Num, origins: list[Known], premised: list[Known],
                widened: bool = False) -> tuple[float, float]:
        """The true range of one printed operand (its origin, if any, appended to ``origins``; the
        earlier number it is, if that rests on a given that may be rounded, to ``premised``); a given
        that may be rounded is anything that rounds to it when ``widened``."""
        text, exact = number.text, (number.value, number.value)
        if text == "e" or ("." not in text and "e" not in text.lower()):
            return exact  # e, a bare integer: itself
        earlier = self.last(text)
        if earlier is None:  # never printed before: a short constant is itself, else not known
            return exact if not is_distinctive(text) else _rounded(number)
        if earlier.given:
            premised += [earlier] if earlier.premised else []
            return _rounded(number) if widened and earlier.premised else exact
        if len(candidates := self.candidates(text, earlier)) > 1:  # printed before for several values:
            origins += [k for k in candidates if k.wrong]  # any of them; true is what all of them allow
            premised += [k for k in candidates if k.premised]
            return min(k.signed(_negative(k.printed))[0] for k in candidates), \
                max(k.signed(_negative(k.printed))[1] for k in candidates)
        magnitude = earlier.signed(_negative(earlier.printed))  # the operand is unsigned: ``-(0.2)``
        if not is_distinctive(text) and not Known("", "", *magnitude).exactly(number.value):
            return _rounded(number)  # a short number that may be another: only what it rounds to
        origins.append(earlier)
        premised += [earlier] if earlier.premised else []
        return magnitude  # unknown: an unbounded range, no verdict

    def beyond_givens(self, printed: str, approx: bool, tree: object) -> tuple[list[str], str] | None:
        """A number computed from givens with the digits of rounded numbers (and from exact constants)
        that no value rounding to those givens gives (``0.52 - 0.1 \\times 1.34 = 0.396``: 0.386 with
        0.52 and 1.34 anything that rounds to them is 0.3805 … 0.3915): its causes and why; None when
        some rounding of the givens allows it (the document may compute with more digits than it
        prints)."""
        bounds = interval(tree, leaf=lambda n: self.operand(n, [], [], widened=True))
        if bounds is None or not _misses(printed, approx, *bounds):
            return None
        middle = (bounds[0] + bounds[1]) / 2
        try:
            causes = number_slip(parse_printed(("≈ " if approx else "") + printed.lstrip("≈~ ")), middle)
        except (ValueError, ArithmeticError):
            causes = []
        decimals = len(unsigned(printed).partition(".")[2])
        why = (f"its numbers give {middle:.{decimals + 2}f} (its givens anything that rounds to them: "
               f"{bounds[0]:.{decimals + 2}f} … {bounds[1]:.{decimals + 2}f})")
        return ([c.kind for c in causes] or ["arithmetic"]), "; ".join([c.text for c in causes] + [why])

    def tree(self, row: dict, approx: bool, tree: object) -> Known:
        """A number computed by arithmetic on printed numbers: the arithmetic on their true values."""
        source, printed, own = str(row.get("source", "")), str(row.get("document", "")), _mismatch(row)
        origins: list[Known] = []
        premised: list[Known] = []
        bounds = interval(tree, leaf=lambda n: self.operand(n, origins, premised)) or (-math.inf, math.inf)
        known = Known(source, printed, *bounds, wrong=own, own=own, causes=list(row.get("causes") or []),
                      premised=bool(premised))
        if not (own or known.unknown or not _misses(printed, approx, *bounds)):
            self.judge(known, tree, origins, premised, approx)
        return known

    def judge(self, known: Known, tree: object, origins: list[Known], premised: list[Known],
              approx: bool) -> None:
        """A number whose arithmetic as written holds but misses its true value: it inherits an earlier
        wrong number, carries roundings, or is its own slip (``own_slip``)."""
        erred = [o for o in origins if o.wrong and not _only_rounding(o)]
        moved = erred or [o for o in origins if o.wrong] or \
            [o for o in origins if not o.exactly(_value(o.printed))]
        slip = self.own_slip(known, tree, premised, approx, inherited=bool(erred), moved=bool(moved))
        if slip is not None:
            known.wrong = known.own = True
            known.causes, known.slip = slip
        elif moved:
            known.wrong, known.origin = True, moved[0]
            known.causes = [INHERITS if erred else CARRIED]
        # else not flagged: a given may be a number rounded on purpose (``0.3`` for 0.2816, ``a = 0.6028`` for
        # σ(0.4172)), and the document may compute with more digits than it printed; so may an operand
        # resting on one that has the digits of a rounded number (``premised``)

    def own_slip(self, known: Known, tree: object, premised: list[Known], approx: bool, inherited: bool,
                 moved: bool) -> tuple[list[str], str] | None:
        """This line's own slip, as (causes, what the report says), or None: its printed operands do not
        give it either (when only roundings moved its operands); exact operands, its value cut off; no
        rounding of the givens it rests on allows it."""
        printed = known.printed
        if moved and not inherited:
            slip = _own_slip(printed, approx, tree, known)
            return (["arithmetic"], slip) if slip else None
        if moved:
            return None
        if not premised:
            cut = _cut_off(printed, approx, known)
            return ([c.kind for c in cut], "; ".join(c.text for c in cut)) if cut else None
        if all(k.given for k in premised):
            return self.beyond_givens(printed, approx, tree) or None
        return None


def _cut_off(printed: str, approx: bool, known: Known) -> list[Cause]:
    """A number whose operands are known exactly that is its true value cut off at its last printed
    digit, not rounded (``diagnoses.truncation``: e^{-1.9} = 0.14957 printed 0.149)."""
    try:
        return truncation(parse_printed(("≈ " if approx else "") + printed.lstrip("≈~ ")), known.middle)
    except (ValueError, ArithmeticError):
        return []


def _own_slip(printed: str, approx: bool, tree: object, known: Known) -> str:
    """A number whose true value it misses and which the arithmetic on its operands exactly as printed
    misses too: only operands rounded the other way allow it (``0.6028 \\times 0.3972 = 0.2395``: the
    product is 0.23943, and 0.6028, 0.3972 are σ's 0.602806…, 0.397194…). The slip is this line's
    arithmetic; "" when the printed operands give it."""
    exact = interval(tree, rounded=False)
    if exact is None or not _misses(printed, approx, *exact):
        return ""
    decimals = len(unsigned(printed).partition(".")[2])
    middle = (exact[0] + exact[1]) / 2
    return (f"arithmetic: its numbers as printed give {middle:.{decimals + 2}f}, which reads "
            f"{middle:.{decimals}f}; only operands rounded the other way allow {unsigned(printed)}, and "
            f"their true values give {known.middle:.{decimals}f}")


def restates(printed: str, earlier: Known) -> bool:
    """Is a given printed as ``printed`` the document's earlier computed number ``earlier`` written
    again (not a premise)? Its digits say so when they are many (three significant digits at least:
    ``0.25`` may be a learning rate as well as a number computed before) and its sign is the same."""
    digits = unsigned(printed)
    significant = digits.replace(".", "").lstrip("0")
    return not earlier.given and not earlier.unknown and len(significant) >= 3 and "e" not in digits.lower() \
        and _negative(printed) == _negative(earlier.printed) and is_distinctive(digits)


def _only_rounding(known: Known) -> bool:
    """Is a wrong number wrong only by the rounding of earlier lines carried on (no slip anywhere in
    its chain)? A number built on it carries that rounding; it inherits no error."""
    return known.causes == [CARRIED]


def _rounded(number: Num) -> tuple[float, float]:
    """Every value that rounds to a printed number."""
    half = half_unit(number.text)
    return number.value - half, number.value + half


def _mismatch(row: dict) -> bool:
    return row.get("verdict") == "mismatch"


def _value(printed: str) -> float:
    try:
        return float(str(printed).lstrip("≈~ ").replace("−", "-"))
    except ValueError:
        return math.nan


def inherit(rows: list[dict], steps: list[Step], trees: dict[str, object],
            givens: Sequence[tuple[str, ...]], graph: GraphValues | None = None) -> Inheritance:
    """``rows`` (the report's numbered rows) with every number whose arithmetic as written holds but
    whose true value it misses made a mismatch naming its origin. ``steps`` are the arithmetic rows'
    steps, in their order; ``trees`` the arithmetic of the graph's nodes of constants (by quantity);
    ``givens`` (source, printed[, quantity]) the premises; ``graph`` the graph's nodes, recomputed where
    a given restates an earlier number (``restated_givens``)."""
    propagation = _Propagation(premised=any(is_distinctive(unsigned(g[1])) for g in givens))
    computed = {(str(r.get("source", "")), unsigned(r.get("document", ""))) for r in rows
                if not _first_source(r)}
    premises = [{"source": g[0], "document": g[1], "given": True, "quantity": g[2] if len(g) > 2 else None}
                for g in givens if (g[0], unsigned(g[1])) not in computed]  # a number its line computes: none
    if any(str(r.get("source", "")).startswith("cell") for r in rows):
        premises = [{**p, "source": ""} for p in premises]  # a notebook's givens cite no cell: taken first
    every = rows + premises
    out = list(rows)
    step_of = dict(zip((k for k, r in enumerate(rows) if r.get("row_kind") == "arithmetic"), steps))
    result = Inheritance(out)
    by_line = line_trees(trees)
    def tree_of(k: int) -> object:
        step = step_of.get(k)
        return step.tree if step is not None else trees.get(str(every[k].get("quantity")))
    for k in _in_order(every, tree_of):
        row = every[k]
        if row.get("given"):
            given = propagation.given(row["source"], row["document"])
            propagation.add(given)
            if not given.given and row.get("quantity"):
                propagation.restated[str(row["quantity"])] = given
            continue
        known = _known(propagation, row, step_of.get(k), trees, graph, by_line)
        propagation.add(known, again=bool(_first_source(row)))
        result.own += known.own
        if known.wrong and (not _mismatch(row) or known.causes == [CARRIED] != row.get("causes")):
            out[k] = _flagged(row, known)
            result.flagged.append(out[k])
            result.inherited += [out[k]] if known.origin is not None else []
    return result


def _first_source(row: dict) -> str:
    """Where a number printed again was first printed ("" for a number printed the first time)."""
    return str(row.get("repeat_of") or row.get("carried_from") or "")


MAX_LINE_ARITHMETIC = 64  # the arithmetic of one line put in the order of its results up to this many


def _in_order(rows: list[dict], tree_of: Callable[[int], object]) -> list[int]:
    """The rows' indices in the document's order: on one line, givens, quantities, arithmetic (each
    after the arithmetic of its line whose result it uses), then numbers printed again."""
    def phase(k: int) -> int:
        if rows[k].get("given"):
            return 0
        if _first_source(rows[k]):
            return 3
        return 2 if rows[k].get("row_kind") == "arithmetic" or tree_of(k) is not None else 1
    numbered = [k for k, r in enumerate(rows) if r.get("given") or (r.get("verdict") in ("match", "mismatch")
                and r.get("row_kind") in ("number", "arithmetic", "carried"))]
    keyed = sorted((_place(str(rows[k].get("source", ""))), phase(k), k) for k in numbered)
    ordered: list[int] = []
    for _, group in groupby(keyed, key=lambda key: key[:2]):
        ks = [k for _, _, k in group]
        ordered += _results_first(ks, rows, tree_of) if len(ks) <= MAX_LINE_ARITHMETIC else ks
    return ordered


def _results_first(ks: list[int], rows: list[dict], tree_of: Callable[[int], object]) -> list[int]:
    """The rows of one line, each after the others whose printed result it uses as an operand (in
    their order otherwise, and as they stand where they use each other's)."""
    operands = {k: {n.text for n in leaves(tree_of(k)) if isinstance(n, Num)} for k in ks}
    result = {k: unsigned(rows[k].get("document", "")) for k in ks}
    pending, ordered = list(ks), []
    while pending:
        waiting = {result[k] for k in pending}
        ready = next((k for k in pending if not operands[k] & (waiting - {result[k]})), pending[0])
        pending.remove(ready)
        ordered.append(ready)
    return ordered


def _known(propagation: _Propagation, row: dict, step: Step | None, trees: dict[str, object],
           graph: GraphValues | None = None, by_line: dict[int, list[object]] | None = None) -> Known:
    """One row's number with its true range (unbounded when it is not known)."""
    source, printed = str(row.get("source", "")), str(row.get("document", ""))
    if _first_source(row):
        return _again(propagation, row)
    if step is not None and step.tree is not None:
        return propagation.tree(row, step.approx, step.tree)
    if (tree := trees.get(str(row.get("quantity")))) is not None:
        return propagation.tree(row, printed.lstrip().startswith(("≈", "~")), tree)
    if (tree := _given_computed(row, by_line or {})) is not None:
        return propagation.tree(row, printed.lstrip().startswith(("≈", "~")), tree)
    engine = row.get("engine")
    causes = list(row.get("causes") or [])
    own = _mismatch(row) and not {INHERITS, CARRIED} & set(causes)
    if row.get("row_kind") != "number" or not isinstance(engine, (int, float)) or not math.isfinite(engine) \
            or (_mismatch(row) and not _explained(causes) and not _inherits_known(propagation, row)):
        return Known(source, printed, -math.inf, math.inf, wrong=_mismatch(row), own=own, causes=causes)
    known = Known(source, printed, float(engine), float(engine), wrong=_mismatch(row), own=own, causes=causes,
                  premised=propagation.premised)
    rebuilt = _rebuilt(propagation, row, graph) if not _mismatch(row) and graph is not None else None
    if rebuilt is not None:
        return rebuilt
    if own and (rounded := propagation.rounding(printed, float(engine))) is not None:
        known.own, known.origin, known.causes = False, rounded, [CARRIED]
    return known


def _given_computed(row: dict, by_line: dict[int, list[object]]) -> object | None:
    """The arithmetic a line prints for a given's number: ``\\hat{y} = \\sigma(0.4172) \\approx 0.6028``
    read as a claim about the given ŷ (the engine's value is the given itself, so its row checks
    nothing): its true value is that of the line's one arithmetic on printed numbers that the number
    rounds (``trees``'s nodes of constants by line, ``line_trees``). None for any other row."""
    if row.get("kind") != "input" or row.get("row_kind") != "number":
        return None
    line = _place(str(row.get("source", "")))[:1]
    printed = str(row.get("document", ""))
    approx = printed.lstrip().startswith(("≈", "~"))
    fitting = [tree for tree in by_line.get(line[0] if line else -1, [])
               if (bounds := interval(tree)) is not None and not _misses(printed, approx, *bounds)]
    return fitting[0] if len(fitting) == 1 else None


def line_trees(trees: dict[str, object]) -> dict[int, list[object]]:
    """The nodes of constants by the line they are printed on (their names say it: ``arithmetic_443_1``)."""
    by_line: dict[int, list[object]] = {}
    for name, tree in trees.items():
        if (m := re.fullmatch(rf"{MADE_UP}(\d+)_\d+", name)) is not None:
            by_line.setdefault(int(m.group(1)), []).append(tree)
    return by_line


def _rebuilt(propagation: _Propagation, row: dict, graph: GraphValues) -> Known | None:
    """A number of the graph (before any update) built on givens that restate the document's earlier
    numbers: its true range, the node computed from their true values (``restated_givens``); flagged
    when its printed number misses it, inheriting the error (or the rounding) of the first of them.
    None when it is built on no such given."""
    quantity = str(row.get("quantity") or "")
    used = _restated_under(propagation, row, graph)
    bounds = _true_range(graph, quantity, used) if used else None
    if bounds is None:
        return None
    source, printed = str(row.get("source", "")), str(row.get("document", ""))
    known = Known(source, printed, *bounds, premised=propagation.premised, rebuilt=True)
    if _misses(printed, printed.lstrip().startswith(("≈", "~")), known.low, known.high):
        moved = [k for k in used.values() if not k.exactly(_value(k.printed))]
        if not moved:
            return None
        erred = [k for k in moved if k.wrong and not _only_rounding(k)]
        known.wrong, known.origin = True, (erred or moved)[0]
        known.causes = [INHERITS if erred else CARRIED]
    return known


def _restated_under(propagation: _Propagation, row: dict, graph: GraphValues) -> dict[str, Known]:
    """The restated givens a graph's number (before any update) is built on, by name; empty when it is
    built on none, or on one whose true value is unknown."""
    quantity = str(row.get("quantity") or "")
    if row.get("after") or not graph.has(quantity):
        return {}
    leaves = graph.leaves_of(quantity)
    used = {name: k for name, k in propagation.restated.items() if name in leaves}
    return {} if any(k.unknown for k in used.values()) else used


def _true_range(graph: GraphValues, quantity: str, used: dict[str, Known]) -> tuple[float, float] | None:
    """The node's value with the restated givens at the low and the high ends of their true ranges."""
    low = graph.value(quantity, {name: k.low for name, k in used.items()})
    high = graph.value(quantity, {name: k.high for name, k in used.items()})
    return None if low is None or high is None else (min(low, high), max(low, high))


def _explained(causes: list[str]) -> bool:
    """Is a mismatch explained by this line's own slip (so the engine's value is the number's true
    value)? Unexplained, or inherited from an earlier line, the graph may be read wrong there."""
    return bool(causes) and not {"unexplained", INHERITS, CARRIED} & set(causes)


def _inherits_known(propagation: _Propagation, row: dict) -> bool:
    """Is a mismatch the error of earlier numbers whose true values are known? The graph read with the
    document's own numbers gives the document's number, so it is read right, and the engine's value
    is the true one."""
    origins = [(str(s), unsigned(str(v))) for s, v in row.get("origins") or ()]
    return INHERITS in (row.get("causes") or ()) and bool(origins) and all(
        (k := propagation.at.get(o)) is not None and not k.unknown for o in origins)


def _again(propagation: _Propagation, row: dict) -> Known:
    """A number printed again: the true range where it was first printed, and its error if any."""
    source, printed = str(row.get("source", "")), str(row.get("document", ""))
    first = propagation.at.get((_first_source(row), unsigned(printed)))
    if first is None:
        return Known(source, printed, -math.inf, math.inf, wrong=_mismatch(row))
    known = Known(source, printed, *first.signed(_negative(first.printed) != _negative(printed)),
                  wrong=first.wrong, premised=first.premised)
    if first.wrong:
        known.origin = first
        known.causes = [c for c in first.causes if c not in (CARRIED, "unexplained")] + [CARRIED]
    return known


MAX_LINKS = 8  # the lines of a chain shown before its first wrong number


def _chain(known: Known) -> str:
    """The lines a number inherits from, back to the first wrong one (the middle of a long chain cut)."""
    links, origin = [], known.origin
    while origin is not None and len(links) < MAX_LINKS:
        links.append(origin)
        origin = origin.origin
    first = links[-1].first() if links else None
    if first is not None and first is not links[-1]:
        links.append(first)
    shown = [f"{k.source} ({k.printed})" for k in links]
    if origin is not None and first is not None and first is not origin:
        shown.insert(len(shown) - 1, "…")
    return " ← ".join(shown)


def _restating(known: Known) -> str:
    """``, line 5's number restated`` for a given that restates an earlier number; else ""."""
    return f", {known.origin.source}'s number restated" if known.restates and known.origin is not None else ""


def _flagged(row: dict, known: Known) -> dict:
    """The row of a number whose arithmetic as written holds but whose true value it misses: a mismatch
    naming the earlier number it inherits (or whose rounding it carries)."""
    true = known.middle
    decimals = len(unsigned(str(row.get("document", ""))).partition(".")[2])
    origin = known.origin
    if origin is None:
        why = known.slip
    elif _mismatch(row):  # a quantity's own mismatch that is an earlier number's rounding printed again
        why = (f"carried: the number of {origin.source}, printed again, wrong only by the roundings carried "
               "into it there")
    elif _first_source(row):
        why = f"carried: the number of {origin.source}, printed again"
    elif INHERITS in known.causes:
        why = f"inherits the error of {origin.source} ({origin.printed}{_restating(origin)})"
    else:
        why = f"carried: {origin.source} prints {origin.printed}, too coarse for this number"
    holds = "" if _first_source(row) or _mismatch(row) or known.own else "its arithmetic as written holds, "
    true_is = "its true value is"
    if known.rebuilt and origin is not None:  # a number of the graph, computed from a restated given
        holds, true_is = f"right from {origin.source}'s number, ", "the engine gives"
    value = ({"should_read": f"{true:.{decimals}f}", "engine": true,
              "diagnosis": f"{why}; {holds}{true_is} {true:.{decimals + 2}f}"}
             if math.isfinite(true) else {"diagnosis": why})  # a repeat of a number whose value is not known
    return {**row, "verdict": "mismatch", "causes": known.causes, **value,
            **({"inherits_from": origin.source, "inherits_chain": _chain(known)} if origin else {})}
