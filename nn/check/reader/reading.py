"""Reading a document: its claims, in order, into the checker's rows (``read_document``).

A ``[[document]]`` row for every printed number whose quantity the reader can name, a ``[[formula]]``
row for every formula, each citing its line; every claim or number it could not map is listed, with
its line and why ("no quantity named E; add an alias in the setup"). Nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograd import topological_order
from nn.check.example import Example, ExampleError, row_reason
from nn.check.files import example_from_dict
from nn.check.notation import GREEK
from nn.check.reader.arithmetic import Step, substituted_steps, terms_allow, within_rounding
from nn.check.reader.arithmetic import value_of as arithmetic_value
from nn.check.reader.array_code import half_unit
from nn.check.reader.arrow_assignments import arrow_assignments
from nn.check.reader.arrow_updates import arrow_update
from nn.check.reader.carried import (
    Carried,
    Repeat,
    carried_numbers,
    is_distinctive,
    times_printed,
    unsigned,
    used_again,
)
from nn.check.reader.change_ratios import change_ratio
from nn.check.reader.claims import Claim, Skipped, claim_from_piece, shown, split_claims
from nn.check.reader.code_graph import CodeReading, read_code
from nn.check.reader.code_outputs import code_cells, comment_remarks
from nn.check.reader.computed_rows import computed_claim
from nn.check.reader.concluded import concluded
from nn.check.reader.copied_columns import CopiedColumns
from nn.check.reader.copied_terms import copied_numerator
from nn.check.reader.deep_arrays import deep_chains, printed_lines
from nn.check.reader.derivative_names import derivative_key
from nn.check.reader.dual_numbers import dual_claims
from nn.check.reader.earlier_definitions import earlier_definitions
from nn.check.reader.element_lists import ElementLists
from nn.check.reader.element_tables import table_claims
from nn.check.reader.euler import names_e_in
from nn.check.reader.formula_tables import TableArithmetic
from nn.check.reader.functions import head as function_head
from nn.check.reader.goals import Goals
from nn.check.reader.grid_arithmetic import side_lines
from nn.check.reader.grid_operands import GridOperands, exact_size, expression_key
from nn.check.reader.html_text import HtmlText, html_text, is_html
from nn.check.reader.hypothetical import Hypotheticals
from nn.check.reader.implicit import split_products
from nn.check.reader.implied_terms import chain_meanings, update_meanings
from nn.check.reader.incomplete import Incomplete
from nn.check.reader.index_sums import sums_over_lists
from nn.check.reader.inference import (
    blank_lines,
    claim_facts,
    engine_name,
    example_scopes,
    infer_setup,
    is_update,
    only_lines,
    scope_claims,
)
from nn.check.reader.iterates import iterate, started
from nn.check.reader.iteration_columns import column_cells
from nn.check.reader.iterations import MAX_STEPS, IterationCell, iteration_cells
from nn.check.reader.julia_repl import read_session
from nn.check.reader.later_sides import next_where
from nn.check.reader.latex import (
    Call,
    Deriv,
    LatexError,
    Num,
    Prod,
    Sym,
    Unsupported,
    Vec,
    e_named,
    parse_math,
)
from nn.check.reader.layout import Layout, find_math, read_layout, table_headers
from nn.check.reader.matrices import ELIDED, MatrixError, canonical_name, element_chains, find_grid, is_elided
from nn.check.reader.name_lists import element_claims
from nn.check.reader.names import LEARNING_RATE, Names, Ref, Unmapped, same
from nn.check.reader.notebook import NotebookError, NotebookText, is_notebook, read_notebook
from nn.check.reader.nudges import nudge_step
from nn.check.reader.output_labels import labelled_outputs
from nn.check.reader.own_arithmetic import OwnArithmetic
from nn.check.reader.own_sections import NO_VALUES
from nn.check.reader.page_encoding import declared_encoding
from nn.check.reader.parts import steps_between
from nn.check.reader.percent_sides import percent_pieces
from nn.check.reader.premises import Premise, Restatements, continued, in_use
from nn.check.reader.prose_derivatives import ProseDerivative, prose_derivatives
from nn.check.reader.prose_heads import prose_heads
from nn.check.reader.prose_updates import prose_updates
from nn.check.reader.restated_lists import restated_numbers, with_data_spans
from nn.check.reader.setup_block import alias_table, document_setup, for_loader, inferred_setup, loader_takes
from nn.check.reader.sources import outside_math
from nn.check.reader.stated_results import restated_rows
from nn.check.reader.steps import near, substituted_update
from nn.check.reader.trees import (
    evaluate,
    factors,
    index_letters,
    is_numeric,
    leaves,
    map_leaves,
    numbers,
    operands,
    pair_numbers,
    plain,
    printed_number,
    unwrap,
    with_index,
)
from nn.check.reader.unaccounted import Tally, unread_reason
from nn.check.reader.unlisted import PROSE_REASON, prose_numbers, unlisted_outputs
from nn.check.reader.update_names import counted_update
from nn.check.reader.updated_values import UpdatedValues
from nn.check.reader.value_tables import table_values
from nn.check.reader.weighted_terms import meanings as weighted_meanings
from nn.check.reader.zero_roots import root_step
from nn.textfile import read_text_file

MAX_DOCUMENT_BYTES = 4 * 2**20
MAX_PAGE_BYTES = 16 * 2**20  # a web page carries its scripts and styles: larger than the text it shows
_DECIMAL = re.compile(r"\d?\.\d")  # a printed number (the 1 of W_1 is a name's)
_FLOAT = re.compile(r"[-−+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")  # 1e400: a side in scientific notation
MAX_INDEX_COMBINATIONS = 1000  # a general formula read for i = 1, 2, …: as the formula checker's


def _symbol_name(written: str) -> str | None:
    """A grid operand that is one symbol or a derivative, as the report names it (``\\delta_1`` → δ_1,
    ``∂J/∂W_1``); else None."""
    try:
        name = unwrap(parse_math(written))
    except (LatexError, RecursionError):
        return None
    if isinstance(name, Sym) and not name.tag:
        return plain(name)
    return derivative_key(name)  # ∂J/∂W_1 a document defines (``derivative_names``)

@dataclass(frozen=True)
class Given:
    """A number the inferred graph starts from (a leaf), where the document states it."""

    line: int
    printed: str
    quantity: str


# A heading after an update that starts computing with the updated values.
_AFTER_UPDATE = re.compile(r"(?i)\b(?:new|updated|after (?:the |one |an? )?(?:update|step)|iteration 2|"
                           r"second (?:iteration|pass|step|forward)|next (?:iteration|step|pass)|epoch 2)\b")


_LEFT_SIDE = "the value of the left side"
# A number and its unit: `-10.8 \text{ °F/km}`, `2.5\,\mathrm{m/s}` (a \text starting with no digit; a \mathrm
# holding more than a name, so `3\mathrm{x}` stays 3·x)
_UNIT = re.compile(r"^\s*([-−+]?\s*(?:\d+\.?\d*|\.\d+))(?:\s|\\[,;: ]|~)*"
                   r"(?:\\(?:text|mbox)\{\s*[^{}\d\s][^{}]*\}|\\mathrm\{[^{}]*[^{}\w][^{}]*\})\s*$")


def _table_rows(split: list, layout: Layout, headers: dict[int, list[str]],
                root: str | None = None) -> tuple[list, list]:
    """The claims table rows state (``| $\\delta_o$ | 0.13 |``, ``value_tables``; a computation and its
    value), and the math segments left once the cells read as one row's claim are taken out. A
    ``Gradient`` column's numbers are derivatives of ``root``."""
    rows = [(value.line, None, [(0, claim)], {}) for value in table_values(layout.table_rows, headers)
            if (claim := value.claim(root)) is not None]
    computed = {line: found for line, cells in layout.table_rows
                if line in headers and (found := computed_claim(cells)) is not None}
    rows += [(line, None, [(0, found[0])], {}) for line, found in computed.items()]
    cells = {line: row for line, row in layout.table_rows if line in computed}
    return [item for item in split if not _in_computed(item[0], item[1], computed, cells)], rows


def _in_computed(line: int, seg: object, computed: dict[int, tuple[str, int, int]],
                 rows: dict[int, list[str]]) -> bool:
    """Is this math segment a computation or value cell of a row read whole (``computed_rows``)?"""
    if line not in computed or seg is None:
        return False
    cells = rows.get(line, [])
    _, a, b = computed[line]
    return any(seg.text.strip() in cells[k] for k in (a, b) if k < len(cells))


class _DocReader:
    """Reads the claims of one document, in order, into rows, formulas and what was not checked."""

    def __init__(self, names: Names, text: str, given_lines: dict[str, int] | None = None,
                 definition_lines: dict[str, int] | None = None, unstepped: str | None = None,
                 arithmetic: tuple[dict[tuple[int, str], str], dict[str, object]] = ({}, {}),
                 displays: list | None = None, array_names: set[str] | None = None,
                 uncertain: dict[str, float] | None = None) -> None:
        self.names = names
        self.arithmetic_at, self.arithmetic = arithmetic  # `e^{2.0} = 7.389`: (line, text) → node → tree
        self.redefined: dict[str, int] = {}  # a name defined again, differently: from that line on
        self.cases: dict[int, set[str]] = {}  # line → the givens restated on it with another value
        self.parts: dict[str, str] = {}  # a formula's part (in symbols) a number is printed for → its node
        self.similarly: list = []  # numbers listed after "similarly" (instances.Listed)
        self.labels: dict[str, str] = {}  # a made-up quantity → the document's name for it (Inferred.labels)
        self.prose: list = []  # what the prose states in words (``prose_values.ProseValue``)
        self.graph: object = None  # the example's network: an expression graph is evaluated at a nudge
        self.unstepped = unstepped  # why the inferred graph cannot take a step, if it cannot
        self.displays = displays or []  # what code cells printed (``array_setup.ArraySetup.displays``)
        self.array_names = array_names or set()  # the arrays the code computes
        self.uncertain = uncertain or {}  # elements computed from printed (rounded) givens: their slack
        self.given_lines = given_lines or {}  # an inferred graph's givens: name → the line stating it
        self.definition_lines = definition_lines or {}  # and its definitions
        self.givens: list[Given] = []
        self.repeats: list[Repeat] = []
        self.written_formula = False  # the claim being read writes a formula: no implied_terms
        self.params_started: set[str] = set()  # parameters started as x_0 = 3: x_k is x after k steps
        self.steps_run = 0  # the steps the example takes
        self.updated = False  # an update claim was read: a later "new forward pass" uses its values
        self.untaken: dict[str, int] = {}  # parameters updated in print by a step the graph cannot take
        self.stepped: set[str] = set()  # the names written as updated (W := W - …): later grids are after it
        self.after = 0  # the steps taken before the section being read
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.rows: list[dict] = []
        self.formulas: list[dict] = []
        self.skipped: list[Skipped] = []
        self.explained: list[str] = []
        self.templates: dict[tuple[str, int], list[list[object]]] = {}  # symbolic sides by quantity
        self.identities: dict[str, tuple[Ref, int]] = {}  # a formula's right side → its quantity, line
        self.seen: dict[tuple, int] = {}  # (quantity, after, printed) → the line first checked
        self.printed_as: dict[str, dict[tuple[str, int], int]] = {}  # printed → (quantity, after) → line
        self.columns = CopiedColumns()  # the numbers checked, by line and place: columns copied later
        self.copying: list[tuple[int, list[str | None]]] = []  # (line, an arithmetic's operands as printed)
        self.own = OwnArithmetic(self.explained)  # arithmetic on bare numbers, checked as printed
        self.operands = GridOperands()  # grids printed for a formula's operands (dW = [dZ][A^T])
        self.lists = ElementLists()  # a grid of sums worked out element by element after it
        self.element_names: dict[str, str] | None = None  # engine name → its element's name (A^[1][2])
        self.raw = ""  # the piece being read, as written
        self.written: Claim | str | None = None  # the claim read from it
        self.origin = 0
        self.seen_again = 0  # numbers found checked already on their own line
        self.text_lines = text.split("\n")
        self.on_line: Counter = Counter()  # (line, digits) → the times a row or repeat took that number
        self.printed_times: dict[tuple[int, str], int] = {}  # (line, digits) → the times the line prints it
        self.gap: tuple[Ref, str | None] | None = None  # the claim being read needs premises never given
        self.incomplete: Incomplete | None = None  # where the graph read lacks a path the text uses

    def printed_more(self, line: int, printed: str) -> bool:
        """Is ``printed`` on ``line`` once more than the rows and repeats there took it (an operand
        restating the value the line stated before it: ``dv/da = 1 … so 1 \\cdot 3 = 3``)? Takes it."""
        text = self.text_lines[line - 1] if 0 < line <= len(self.text_lines) else ""
        if is_distinctive(unsigned(printed)):  # carried_numbers finds it, as any number carried
            return False
        key = line, unsigned(printed)
        if key not in self.printed_times:  # once a line and number: a line may hold thousands
            self.printed_times[key] = times_printed(text, printed)
        if self.on_line[key] >= self.printed_times[key]:
            return False
        self.on_line[line, unsigned(printed)] += 1
        return True

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def tally(self) -> Tally:
        """How much has been recorded: a segment that adds nothing to it was not read."""
        return Tally(len(self.rows) + len(self.formulas), len(self.skipped), len(self.givens),
                     len(self.repeats), len(self.own.steps), self.seen_again)

    # -- recording
    def skip(self, line: int, text: str, reason: str) -> None:
        short = shown(text)
        self.skipped.append(Skipped(line, short, reason))
        self.explained.append(f"    not checked: `{short}`: {reason}")

    def row(self, ref: Ref, printed: str, claim: Claim, approx: bool, name: str, how: str) -> None:
        step = f" after {ref.after} step" if ref.after else ""
        shown = f"≈ {printed}" if approx else printed
        reason = self.uncompared(ref, printed, claim, f"{name}{step}") \
            or self.unarithmetic(ref, printed, name)
        if reason is not None:
            self.skip(claim.line, printed, reason)
            return
        if how == _LEFT_SIDE and self.restated(ref, printed):
            self.cases.setdefault(claim.line, set()).add(ref.quantity)
            self.skip(claim.line, printed, f"{name} is a given ({self.names.data[ref.quantity]:g}) restated "
                      "with another value: another case or a step, not compared with the given")
            return
        if not ref.after and self.given_lines.get(ref.quantity) in (claim.line, self.origin):
            self.givens.append(Given(claim.line, printed, ref.quantity))
            self.on_line[claim.line, unsigned(printed)] += 1
            self.explained.append(f"    {shown}: {how} → {ref.quantity} (a given: the graph starts from it)")
            return
        key = (ref.quantity, ref.after, printed)
        if key in self.seen:  # every number is checked once, where it is first printed
            first = self.seen[key]
            self.seen_again += 1
            if first != claim.line or self.printed_more(claim.line, printed):
                self.repeats.append(Repeat(claim.line, first, ref.quantity, ref.after, printed))
            self.explained.append(f"    {shown}: {how} → {ref.quantity}{step} (the same number as on line "
                                  f"{first}: checked there)")
            return
        self.seen[key] = claim.line
        self.on_line[claim.line, unsigned(printed)] += 1
        self.printed_as.setdefault(printed, {}).setdefault((ref.quantity, ref.after), claim.line)
        row = {"name": f"line {claim.line}: {name}", "value": shown, "kind": ref.kind,
               "quantity": ref.quantity}
        if ref.after:
            row["after"] = ref.after
        row["source"] = f"line {claim.line}"
        self.rows.append(row)
        self.columns.add(claim.line, printed, ref.quantity, ref.after)
        self.explained.append(f"    {shown}: {how} → {ref.quantity}{step} ([[document]] row)")

    def uncompared(self, ref: Ref, printed: str, claim: Claim, name: str) -> str | None:
        """Why the graph read cannot say what this number should be (a step it does not take, a path
        it lacks, a name defined again), else None."""
        if ref.after and self.unstepped:
            return f"{name}: {self.unstepped}"
        missing = self.incomplete.why(ref.quantity, ref.after) if self.incomplete else None
        missing = missing or (self.gap[1] if self.gap is not None and self.gap[0] == ref else None)
        if missing is not None:
            return f"{name}: {missing}"
        again = self.redefined_in(ref.quantity, claim.line)
        if again is not None:
            return (f"{name}: {again} is defined again, differently, before this line: another quantity of "
                    "the same name, not compared with the graph's")
        upstream = self.redefined_upstream(ref.quantity, claim.line)
        if upstream is not None:
            return (f"{name}: it is computed from {upstream}, which is defined again, differently, before "
                    "this line: the graph's value is of the first definition, not compared")
        return None

    def unarithmetic(self, ref: Ref, printed: str, name: str) -> str | None:
        """Why a number printed for arithmetic on printed numbers is not compared with it, else None."""
        tree = self.arithmetic.get(ref.quantity)
        if tree is None:
            return None
        if not near(float(printed), printed, arithmetic_value(tree)) and within_rounding(tree, printed):
            return (f"{name}: the arithmetic of its rounded numbers allows it "
                    f"(exactly {arithmetic_value(tree):.6g})")
        copied = copied_numerator(tree, printed)
        return f"{name}: {copied}" if copied is not None else None

    def unmapped(self, error: Unmapped) -> str:
        """Why a symbol names no quantity: a premise the document never gives, a given it states that
        nothing uses, or the error's own."""
        return (self.incomplete.unmapped(error) if self.incomplete else None) or self.unused_given(error) \
            or str(error)

    def unused_given(self, error: Unmapped) -> str | None:
        """A given the text states (``x_2 = 7``) that no computation of its graph uses: the graph has no
        such node, so there is nothing to check the number against (no alias would help)."""
        name = engine_name(error.symbol) if isinstance(error.symbol, Sym) else None
        if name not in self.given_lines:
            return None
        return (f"{name} is stated (line {self.given_lines[name]}) but used by no computation the document "
                "defines: nothing to check it against")

    def redefined_in(self, quantity: str, line: int) -> str | None:
        """The name, among a quantity's (``dL/dz``: L and z), defined again differently before ``line``."""
        names = [part.removeprefix("d") for part in quantity.split("/")] if "/" in quantity else [quantity]
        return next((n for n in names if self.redefined.get(n, line + 1) <= line), None)

    def redefined_upstream(self, quantity: str, line: int) -> str | None:
        """A name defined again differently before ``line`` that the quantity (or, for ``dL/dz``, L or z)
        is computed from in the graph: the graph computes it from the name's first definition."""
        names = [part.removeprefix("d") for part in quantity.split("/")] if "/" in quantity else [quantity]
        again = [r for r, at in self.redefined.items() if at <= line]
        return next((r for n in names for r in again if self.names.depends(n, r)), None)

    def restated(self, ref: Ref, printed: str) -> bool:
        """Is this a given the graph was inferred from, printed with a value it does not have?"""
        if ref.after or ref.quantity not in self.given_lines or ref.quantity not in self.names.data:
            return False
        return not near(float(printed), printed, self.names.data[ref.quantity])

    def in_section(self, ref: Ref) -> Ref:
        """A quantity as the section being read means it: after the update once one was made."""
        if ref.after or not self.after or ref.kind == "input":
            return ref
        return Ref(ref.quantity, self.after, ref.kind)

    # -- the document
    def read(self, text: str, layout: Layout) -> None:
        segments, problems = find_math(text, layout.masked)
        segments = prose_heads(text, segments)  # Softmax $\approx [0.9, 0.1]$
        hypothetical = Hypotheticals(text, segments)
        self.goals = Goals(text, segments)
        transcript = read_session(text)  # julia> f'(2) then 14
        segments += outside_math(text, segments) + transcript.segments + dual_claims(text, segments)
        for line, output, why in transcript.unread:
            self.skip(line, output, why)
        using_updated = UpdatedValues(text, segments)
        segments += self.prose_claims(text, segments, layout.masked)
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
        headers = table_headers(layout.table_rows)
        split, rows = _table_rows(split, layout, headers, self.names.root)
        rows += self.in_words()
        for line, seg, pieces, ranges in sorted(split + rows, key=lambda item: item[0]):
            while line >= next_heading:
                if self.updated and _AFTER_UPDATE.search(layout.heading_texts.get(next_heading, "")):
                    self.after = 1
                    self.explained.append(f"line {next_heading}: after the update: the values after one step")
                section, next_heading = {}, next(headings)
                self.own.section()
            section |= ranges
            self.using_updated(using_updated, seg, line)
            before = self.tally()
            ranges_here = {**section, **by_line.get(line, {})}
            self.pieces(line, seg, pieces, ranges_here, by_line, hypothetical, layout)
            if self.tally() == before and (why := unread_reason(pieces, ranges, line)) is not None:
                self.skip(line, seg.text if seg is not None else pieces[0][1], why)  # nothing silent
        for cell in iteration_cells(layout.table_rows, headers) + column_cells(layout.table_rows, headers):
            self.iteration(cell)
        for computed in table_claims(layout.table_rows, headers):
            self.tabled(computed)
        for listed in self.similarly:
            self.listed(listed)
        self.columns_copied()
        listed = {(s.line, s.text) for s in self.skipped}
        for step in self.own.steps:  # a ratio whose numerator was copied from another line
            if step.copied and (step.line, step.printed) not in listed:
                self.skip(step.line, step.text, step.copied)

    def pieces(self, line: int, seg: object, pieces: list, ranges: dict, by_line: dict,
               hypothetical: Hypotheticals, layout: Layout) -> None:
        """Read the claims of one segment (or table row), each at the line it starts on."""
        for offset, piece in pieces:
            lead = len(piece) - len(piece.lstrip())
            at = self.line(seg.start + offset + lead) if seg is not None else line
            case = hypothetical.covers(seg.start + offset) if seg is not None else None
            goal = self.goals.covers(seg.start + offset) if seg is not None else None
            if goal is not None and self.goal(piece, at, goal):
                continue
            piece = arrow_update(piece, at, layout)  # w_2 \to -0.861 under "Update"
            for part in percent_pieces(piece):  # = 40/45 = 0.889 = 88.9\%: the percentage a claim of its own
                self.piece(part, at, {**ranges, **by_line.get(at, {})}, case)

    def goal(self, piece: str, line: int, words: str) -> bool:
        """A goal ("our goal is z = 150") for a quantity the graph computes, or gives another value:
        listed, never compared (``reader.goals``); True when it is so."""
        claim = claim_from_piece(piece, line, {})
        if not isinstance(claim, Claim) or len(claim.sides) != 2:
            return False
        try:
            lhs = unwrap(parse_math(claim.sides[0]))
            ref = self.resolve_head(lhs)
            value = printed_number(parse_math(claim.sides[1]))
        except (LatexError, Unmapped, RecursionError):
            return False
        node = self.names.nodes.get(ref.quantity) if ref is not LEARNING_RATE else None
        if isinstance(lhs, Deriv) or node is None or value is None:
            return False
        if not node.parents and not self.restated(ref, value):
            return False  # "our target is y = 1": the given itself
        self.skip(line, claim.text, f"a goal ({words} …): where the text wants {plain(lhs)} to go, "
                  "not its value")
        return True

    def prose_claims(self, text: str, segments: list, masked: str) -> list:
        """The claims prose states as math segments: derivatives ("the gradient is 6") and updates ("the
        new weight w_1 is 0.447"); a derivative that cannot be read as stated is listed."""
        found = []
        for said in prose_derivatives(text, segments, self.names.root, masked):
            why = self.prose_unread(said)
            if why is None:
                found.append(said.segment())
            else:
                self.skip(self.line(said.start), said.claim, why)
        return found + [said.segment() for said in prose_updates(text, segments, masked)
                        if self.is_parameter(said.name)]

    def using_updated(self, using: UpdatedValues, seg: object, line: int) -> None:
        """"With a_new = 1.97: f = …" after an update: from here on, the values after one step."""
        if seg is not None and self.updated and not self.after and using.opens(seg.start):
            self.after = 1
            self.explained.append(f"line {line}: computed with an updated value: the values after a step")

    def listed(self, item) -> None:
        """A number listed after "similarly": the instance of an indexed formula it is read as."""
        if item.name is None:
            self.skip(item.line, item.printed, item.why)
            return
        text = f"{item.name} = {item.printed}"
        self.explained.append(f"line {item.line}: {item.printed}: listed after \"similarly\": {item.name}")
        claim = Claim(item.line, text, [item.name, item.printed], [False, False], {})
        self.row(Ref(item.name, 0, "activation"), item.printed, claim, False, item.name, _LEFT_SIDE)

    def in_words(self) -> list:
        """The claims the prose states in words (``prose_values``), as rows; what it leaves unread is
        listed."""
        rows = []
        for value in self.prose:
            if value.why_not:
                self.skip(value.line, f"{value.name}", value.why_not)
            elif (said := value.claim()) is not None:
                rows.append((value.line, None, [(0, said)], {}))
        return rows

    def is_parameter(self, written: str) -> bool:
        try:
            return self.names.resolve(parse_math(written)).kind in ("weight", "bias")
        except (LatexError, Unmapped):
            return False

    def prose_unread(self, said: ProseDerivative) -> str | None:
        """Why a derivative stated in prose is not read as its claim: of a quantity by itself, or at
        another point than the example's (the gradient at $x = 2$ when x is 3); else None."""
        try:
            lhs = unwrap(parse_math(said.claim.partition(" = ")[0]))
            top, bottom = self.names.resolve(lhs.top), self.names.resolve(lhs.bottom)
        except (LatexError, Unmapped, AttributeError):
            return None  # read as written: its reason is listed there
        if top.quantity == bottom.quantity:
            return f"the graph read here computes nothing from {top.quantity} to take the derivative of"
        try:
            here = said.point is None or near(float(said.point), said.point, self.names.value(bottom))
        except (KeyError, ValueError):
            here = False
        return None if here else (f"a derivative at {said.name} = {said.point}, not the point the example "
                                  "computes at")

    def tabled(self, cell: TableArithmetic) -> None:
        """A cell of a formula column: the formula at its row's numbers, as arithmetic."""
        text = f"{plain(cell.tree)} = {cell.printed}"
        claim = Claim(cell.line, text, [plain(cell.tree), cell.printed], [False, False], {})
        self.explained.append(f"line {cell.line}: {text} (a column's formula at its row's numbers)")
        name = self.arithmetic_at.get((cell.line, plain(cell.tree)))
        if name is None:
            self.skip(cell.line, text, "a column's formula at its row's numbers that cannot be computed")
            return
        self.row(Ref(name, 0, "activation"), cell.printed, claim, False, plain(cell.tree), _LEFT_SIDE)

    def iteration(self, cell: IterationCell) -> None:
        """A number of an iteration table: its column's quantity after the row's steps."""
        text = f"{cell.header} = {cell.value}"
        claim = Claim(cell.line, text, [cell.header, cell.value], [False, False], {})
        self.explained.append(f"line {cell.line}: {text} (an iteration table: after {cell.after} steps)")
        try:
            lhs = parse_math(cell.header)
            ref = self.resolve_head(lhs)
        except (LatexError, Unmapped) as e:
            self.skip(cell.line, claim.text, f"a column of an iteration table: {e}")
            return
        node = self.names.nodes.get(ref.quantity) if ref is not LEARNING_RATE else None
        given = (ref.quantity in self.given_lines or (node is not None and not node.parents)) \
            and ref.kind not in ("weight", "bias")
        if ref is LEARNING_RATE or ref.after or given:
            self.skip(cell.line, text, "a column of an iteration table that the graph neither computes "
                      "nor steps")
            return
        if cell.after > MAX_STEPS:
            self.skip(cell.line, text, f"after {cell.after} steps: only the first {MAX_STEPS} are run")
            return
        if cell.start is not None and ref.quantity in self.names.params and not near(
                float(cell.start), cell.start, self.names.data[ref.quantity]):
            self.skip(cell.line, text, "a parameter in columns counted from step 1 whose first number is not "
                      "its start: before or after each step is not said")
            return
        self.row(Ref(ref.quantity, cell.after, ref.kind), cell.value, claim, False, plain(lhs),
                 f"its column, after {cell.after} steps")

    def piece(self, piece: str, line: int, ranges: dict[str, list[int]], case: str | None = None) -> None:
        self.raw = piece.lstrip()  # as written, for the lines of a grid's rows
        self.origin = line  # the line the claim starts on (a grid's rows may be on the next ones)
        claim = claim_from_piece(piece, line, ranges)
        self.written = claim  # the claim as the text writes it (its sides' lines can be found in raw)
        if claim is None:
            return
        self.explained.append(f"line {line}: {shown(piece)}")
        if isinstance(claim, str):
            self.skip(line, piece, claim)
            return
        each = element_claims(claim, self.spelled)
        if each is not None and any(self.knows_side(one.sides[0]) for one in each):
            for one in each:  # `[w_1, w_2] = [0.15, 0.20]`: one claim per name (``name_lists``)
                self.piece(one.text, line, ranges, case)
            return
        self.own.start(piece.lstrip())
        worked = self.lists.steps(line, claim.sides, piece.lstrip().startswith("="))  # 1. $0.2 - 0.4 = …$
        if worked is None:
            self.lists.grid(claim.sides)
        self.own.record(worked or [])
        operands = self.operands.claims(claim)  # dW = [dZ][A^T]: each grid is its operand's
        self.claim(claim, line, case)
        self.own.done(claim)
        for operand in operands:
            self.grid_operand(operand, case)

    def grid_operand(self, claim: Claim, case: str | None) -> None:
        """A grid printed in place of an operand of the formula (``A^T``, ``W``): checked as that
        operand's elements when the graph has a matrix of exactly its size under that name."""
        key = _symbol_name(claim.sides[0]) or expression_key(claim.sides[0]) or canonical_name(claim.sides[0])
        try:
            found = element_chains(key, claim.sides[1:])
        except MatrixError:
            return
        if found is not None and exact_size([n for n, _ in found[0]], self.names_element):
            self.explained.append(f"  {claim.text[:60]}…: a grid printed for {claim.sides[0].strip()}")
            self.claim(claim, claim.line, case)

    def names_element(self, name: str) -> bool:
        return self.names.find(name, "") is not None

    def matrix_definition(self, claim: Claim, lhs: object) -> bool:
        """``Z = W X + b`` (no number in it) for a matrix the graph has element by element: the
        definition the graph was built from, not a claim to compare."""
        name = plain(unwrap(lhs)) if isinstance(unwrap(lhs), Sym) else ""
        if not name or _DECIMAL.search(" ".join(claim.sides[1:])) or not (
                self.names_element(f"{name}[1]") or self.names_element(f"{name}[1,1]")):
            return False
        self.explained.append(f"    `{shown(claim.text)}`: a definition over matrices; the graph is built "
                              "from it, element by element")
        return True

    def matrix_expression(self, claim: Claim) -> bool:
        """``W^T dZ = [grid]``, ``g'(Z) = [grid]``: each element checked against the matrix the inference
        made of the formula (False when it made none)."""
        key = expression_key(claim.sides[0])
        if key is None or any(canonical_name(s) in key for s in self.stepped):
            return False
        try:
            found = element_chains(key, claim.sides[1:])
        except MatrixError:
            return False
        if found is None or not exact_size([n for n, _ in found[0]], self.names_element):
            return False
        self.elements(claim, found, lambda name: (name, Sym(name)))
        return True

    def claim(self, claim: Claim, line: int, case: str | None) -> None:
        if self.printed_value(claim) or self.matrix_expression(claim):
            return
        try:
            lhs = parse_math(claim.sides[0])
        except LatexError as e:
            if self.own.of_sides(claim):  # "= 0.2 + 0.4 = 0.6", "\tanh(\begin{bmatrix}…) = …"
                return
            self.skip(line, claim.text, f"malformed LaTeX on the left side: {e}" if claim.sides[0].strip()
                      else "no left side says which quantity it is (a line that starts with `=`)")
            return
        if case is not None and not isinstance(unwrap(lhs), Deriv):
            self.in_case(claim, lhs, line, case)
            return
        self.note_update(claim, lhs)
        if self.grids(claim, lhs) or self.matrix_definition(claim, lhs):
            return
        sides = [self.parse_side(claim, k) for k in range(1, len(claim.sides))]
        if all(side is None and _FLOAT.fullmatch(text.strip()) for side, text in zip(sides, claim.sides[1:])):
            return  # `x = 1e400`: each number is listed as beyond a float, nothing to add
        sides = [split_products(n, self.knows) if n is not None else None for n in sides]  # bc: b·c
        letters = sorted((set().union(*(index_letters(n) for n in [lhs, *sides] if n is not None)))
                         & set(claim.ranges))
        if letters:
            self.general(claim, lhs, sides, letters)
        else:
            self.concrete(claim, lhs, sides)

    def in_case(self, claim: Claim, lhs: object, line: int, case: str) -> None:
        """A claim in a hypothetical case (``if v = 11.001 then J = 33.003``): checked at the nudge."""
        step = nudge_step(claim, lhs, case, self.resolve_head, self.names, self.graph)
        if step is None or not self.own.record([step]):
            nudge = case.startswith(f"{plain(lhs)} = ")
            sides = [self.parse_side(claim, k) for k in range(1, len(claim.sides))]
            worked = self.own.record(steps_between(claim, sides, set(), self.side_lines(claim)))
            written = "; its arithmetic is checked as written" if worked else ""
            self.skip(line, claim.text, f"{'the nudge of' if nudge else 'not the example: in'} a "
                      f"hypothetical case (if {case}){written}")

    def spelled(self, sym: Sym) -> bool:
        """Does the graph name this symbol as the text spells it (``X_1``, not ``x_1`` folded)?"""
        return any(s in self.names.lookup for s in ([f"{sym.base}_{sym.sub}", f"{sym.base}{sym.sub}"]
                                                    if sym.sub else [sym.base]))

    def knows_side(self, side: str) -> bool:
        """Does the graph name the symbol this side is (``w_1``)?"""
        try:
            symbol = unwrap(parse_math(side))
        except (LatexError, RecursionError):
            return False
        return isinstance(symbol, Sym) and self.knows(symbol.base, symbol.sub)

    def knows(self, base: str, sub: str) -> bool:
        """Does the graph name this symbol (so ``bc`` is b·c when b and c are its quantities)?"""
        return any(self.names.find(b, sub) is not None for b in (GREEK.get(base, base), base))

    def note_update(self, claim: Claim, lhs: object) -> None:
        """``W_2 := W_2 - \\eta …``: what the document prints for W_2 from here on is after a step."""
        symbol, written = unwrap(lhs), claim.sides[0].strip()
        if not isinstance(symbol, Sym) or not any(written in s for s in claim.sides[1:]):
            return
        if any(re.match(re.escape(written) + r"\s*[-+−]", s.strip()) for s in claim.sides[1:]):
            self.stepped.add(plain(symbol))  # W := W - …, whatever the rest of the side
            return
        sides = []
        for side in claim.sides[1:]:
            try:
                sides.append(parse_math(side))
            except LatexError:
                continue
        if is_update(symbol, sides):
            self.stepped.add(plain(symbol))

    def printed_value(self, claim: Claim) -> bool:
        """A value a code cell printed (``attn_scores = tensor([[…]])``, ``x.sum() = 1.0``): checked
        against the version the code had bound when it printed, element by element; False when the
        claim is no such print."""
        written = claim.sides[0].strip()
        displays = [d for d in self.displays if d[0] <= claim.line <= d[1]]
        shown = next((s for _, _, _, spans in displays for a, b, s in spans if a <= claim.line <= b), None)
        if shown is None:
            shown = next((d[2].get(re.sub(r"\s+", "", written)) for d in displays), None)
        if shown is None:
            if displays and re.sub(r"\W.*", "", written) in self.array_names and "[" in claim.text:
                self.skip(claim.line, claim.text, "printed by a cell whose prints are not paired with its "
                          "code (a print in a loop or a function, or a label not found)")
                return True
            return False
        if shown.reason:
            self.skip(claim.line, claim.text, f"{written} is not known: {shown.reason}")
        elif not shown.shape:
            self.concrete(claim, Sym(shown.element(())), [self.parse_side(claim, k)
                                                           for k in range(1, len(claim.sides))], written)
        else:
            self.printed_array(claim, written, shown)
        return True

    def printed_array(self, claim: Claim, written: str, shown) -> None:
        """A printed array, each element a row of the element the code computed (``array_setup.Shown``)."""
        try:
            found = element_chains(written, claim.sides[1:])
        except MatrixError as e:
            deep = deep_chains(written, claim.sides[1:], shown.shape)  # tensor([[[…]]]): C order
            if deep is None:
                self.skip(claim.line, claim.text, str(e))
                return
            found = (deep, [])
        labels = shown.labels(written)
        chains = self.shown_elements(claim, found[0]) if found is not None else []
        elided = found is not None and len(chains) < len(found[0])
        complete = found is not None and len(chains) == len(found[0]) == len(labels)
        if found is None or any(name not in labels for name, _ in chains) or not (complete or elided):
            self.skip(claim.line, claim.text, f"the print does not show the {len(labels)} elements of the "
                      f"code's {written} (shape {shown.shape})")
            return
        lines = printed_lines(self.raw, claim.line, [cells[0] for _, cells in chains])  # a row a line
        for (name, cells), line in zip(chains, lines):
            if self.undetermined(claim, labels[name], name, cells):
                continue
            element = Claim(line, f"{name} = {' = '.join(cells)}", [name, *cells],
                            [False] * (len(cells) + 1), {})
            self.concrete(element, Sym(labels[name]), [self.parse_side(element, k)
                                                       for k in range(1, len(cells) + 1)], name)

    def grids(self, claim: Claim, lhs: object) -> bool:
        """A claim whose sides print vectors or matrices, checked element by element (``W_1[1,2]``,
        ``∂L/∂W_1[1,2]`` for a derivative by a matrix); False when no side is a grid."""
        by = _derivative_by(lhs)
        try:
            found = element_chains(plain(by if by is not None else lhs), claim.sides[1:])
        except MatrixError as e:
            self.skip(claim.line, claim.text, str(e))
            return True
        if found is None:
            return False
        if by is not None:  # its sides' arithmetic too (`∂L/∂W = -0.19 [0.6 0.4] = […]`): each number once
            self.element_derivatives(claim, unwrap(lhs), found, self.own.beside_grids(claim, named=True))
            return True
        read = self.own.beside_grids(claim, named=isinstance(unwrap(lhs), Sym))  # [0.2] + [0.1] = [0.3]
        if not isinstance(unwrap(lhs), Sym):
            if not read:
                self.skip(claim.line, claim.text, "a vector or matrix equated with an expression, not a "
                          "name: only a named one (Z = …) is checked element by element")
            return True
        chains, others = found
        if plain(lhs) in self.stepped:
            self.skip(claim.line, claim.text, f"{plain(lhs)} after its update: the graph read from the text "
                      "does not step vectors or matrices")
            return True
        for k in others:
            if _DECIMAL.search(claim.sides[k + 1]) and k + 1 not in read \
                    and claim.sides[k + 1] not in self.operands.aligned:
                self.skip(claim.line, claim.sides[k + 1], "a formula over vectors or matrices; its printed "
                          "elements are checked")
        self.elements(claim, found, lambda name: (name, Sym(name)))
        return True

    def elements(self, claim: Claim, found: tuple[list, list[int]], named) -> None:
        """Each element of the grids a claim prints, checked as its own claim on the line where its
        numbers are printed (a grid written over several lines: each row on its line)."""
        chains, others = found
        grid_sides = [k + 1 for k in range(len(claim.sides) - 1) if k not in others]
        lines = _cell_lines(self.raw, claim, grid_sides)
        shown = {name for name, _ in self.shown_elements(claim, chains)}
        for e, (name, cells) in enumerate(chains):
            if name not in shown:  # printed after `...`: listed by shown_elements
                continue
            shown_lhs, lhs = named(name)
            for line, group in itertools.groupby(range(len(cells)), key=lambda g: lines[g][e]):
                ks = list(group)
                approx = [False] + [claim.approx[grid_sides[g]] for g in ks]
                text = f"{shown_lhs} = {' = '.join(cells[g] for g in ks)}"
                element = Claim(line, text, [shown_lhs, *(cells[g] for g in ks)], approx, {})
                self.concrete(element, lhs, [self.parse_side(element, k) for k in range(1, len(ks) + 1)])

    def element_derivatives(self, claim: Claim, lhs: Deriv, found: tuple[list, list[int]],
                            read: set[int] = frozenset()) -> None:
        """``∂L/∂W = [[…]]``: each element the derivative of the top by that element of W (the sides
        ``read`` as the document's own arithmetic are not listed)."""
        for k in found[1]:
            if _DECIMAL.search(claim.sides[k + 1]) and k + 1 not in read:
                self.skip(claim.line, claim.sides[k + 1], "a formula over vectors or matrices; its printed "
                          "elements are checked")
        self.elements(claim, found, lambda name: (f"∂{plain(lhs.top)}/∂{name}", Deriv(lhs.top, Sym(name))))

    def undetermined(self, claim: Claim, engine: str, name: str, cells: list[str]) -> bool:
        """An element computed from numbers a print rounded, whose printed digits those numbers do not
        settle (its value could round either way): listed, never compared."""
        slack = self.uncertain.get(engine)
        if slack is None:
            return False
        value = self.names.data.get(engine)
        for cell in cells:
            try:
                printed = float(cell.replace("−", "-"))
            except ValueError:
                return False
            half = half_unit(cell)
            off = abs(printed - value) if value is not None else math.inf
            if not (off + slack <= half * (1 + 1e-3) or off > half + 2 * slack + 1e-6 * abs(printed)):
                self.skip(claim.line, f"{name} = {cell}", "computed from numbers the notebook printed "
                          "rounded: they do not settle its last printed digit")
                return True
        return False

    def shown_elements(self, claim: Claim, chains: list[tuple[str, list[str]]]
                       ) -> list[tuple[str, list[str]]]:
        """The elements whose place the print shows; those printed after a `...` listed as not checked."""
        kept = []
        for name, cells in chains:
            if any(is_elided(c) for c in cells):
                self.skip(claim.line, " = ".join(c.lstrip(ELIDED) for c in cells), "printed after `...` "
                          "(numpy and torch elide long arrays): its place in the array is not known")
            else:
                kept.append((name, cells))
        return kept

    def parse_side(self, claim: Claim, k: int) -> object | None:
        try:
            node = parse_math(_UNIT.sub(r"\1", claim.sides[k]))  # `-10.8 \text{ °F/km}`: the number
        except LatexError as e:
            malformed = "" if isinstance(e, Unsupported) else "malformed LaTeX: "
            self.skip(claim.line, claim.sides[k], f"{malformed}{e}")
            return None
        if isinstance(unwrap(node), Vec):
            self.skip(claim.line, claim.sides[k], "a list of numbers; only single numbers are checked")
            return None
        return node

    # -- a claim about one quantity
    def concrete(self, claim: Claim, lhs: object, sides: list[object | None],
                 label: str | None = None) -> None:
        """The claim's numbers as rows of the quantity ``lhs`` names (``label``: the name the row shows,
        when not ``lhs``'s own)."""
        try:
            ref = self.resolve_head(lhs)
            if (claim.line, plain(lhs)) in self.arithmetic_at:  # 1*3 = 3 after dv/da = 1: 1 is dv/da
                self.operands_again(claim, lhs)
        except Unmapped as e:
            if (claim.line, plain(lhs)) not in self.arithmetic_at:
                before = len(self.rows), len(self.skipped)
                self.skip(claim.line, claim.text, self.unmapped(e))
                self.arithmetic_sides(claim, sides)
                line_text = self.text_lines[claim.line - 1] if claim.line <= len(self.text_lines) else ""
                if self.own.record(steps_between(claim, sides, self.taken_since(before[0]),
                                                 self.side_lines(claim))
                                  + change_ratio(line_text, claim) + root_step(line_text, claim)):
                    skipped = self.skipped[before[1]]
                    self.skipped[before[1]] = replace(skipped, reason=f"{skipped.reason}; its arithmetic is "
                                                      "checked as written")
                return
            name = self.arithmetic_at[(claim.line, plain(lhs))]  # e^{2.0} = 7.389; f'(2) = 4 (a slope)
            ref = Ref(name, 0, "derivative" if "/" in name else "activation")
            label = label or self.labels.get(name)
            self.operands_again(claim, lhs)
        if ref is LEARNING_RATE:
            self.skip(claim.line, claim.text, "the learning rate is a setting of the setup "
                      f"({self.names.learning_rate:g}), not a computed quantity")
            return
        ref = self.when(claim, lhs, sides, ref)
        if ref is None:
            return
        if (case := self.another_case(ref, claim.line)) is not None:
            self.skip(claim.line, claim.text, f"{plain(lhs)} for another case: {case} is restated on this "
                      f"line with another value than the graph's ({self.names.data[case]:g}); its arithmetic "
                      "is checked as written")
            self.arithmetic_sides(claim, sides)
            return
        if ref.after:
            self.updated = True
        if ref.after and self.unstepped:  # the step's own arithmetic is all that can be checked
            self.skip(claim.line, claim.text, f"{plain(lhs)} after {ref.after} step: {self.unstepped}")
            self.untaken.setdefault(ref.quantity, claim.line)
            self.arithmetic_sides(claim, sides)
            return
        if (moved := self.after_untaken_step(ref)) is not None:
            self.skip(claim.line, claim.text, f"{plain(lhs)} is computed after the update of {moved} (line "
                      f"{self.untaken[moved]}), a step the graph read cannot take: not compared with "
                      "its value before the step")
            self.arithmetic_sides(claim, sides)
            return
        self.explained.append(f"    left side {plain(lhs)} → {ref.quantity}"
                              f"{f' after {ref.after} step' if ref.after else ''}")
        self.read_sides(claim, lhs, sides, ref, label)

    def another_case(self, ref: Ref, line: int) -> str | None:
        """The given restated with another value on this line that the quantity is computed from
        (``p = 0.2``, then ``I = -\\ln(0.2) = 1.61`` in one table row), if any: the line is another case
        than the graph's, and the quantity's number is not the graph's."""
        restated = sorted(self.cases.get(line, ()))
        return next((g for g in restated if g != ref.quantity and self.names.depends(ref.quantity, g)), None)

    def operands_again(self, claim: Claim, arithmetic: object) -> None:
        """The operands of arithmetic printed before as one quantity's value (``carried.used_again``); a
        column of them is looked for once every number is read (``columns_copied``)."""
        givens = frozenset(g.printed for g in self.givens)
        printed = [printed_number(n) for n in operands(arithmetic)]
        self.copying.append((claim.line, printed))
        for rep in used_again(claim.line, printed, self.printed_as, givens):
            if rep.first == rep.line and not self.printed_more(rep.line, rep.printed):
                continue
            self.repeats.append(rep)
            self.explained.append(f"    {rep.printed}: the number of line {rep.first} ({rep.quantity}), "
                                  "used again")

    def columns_copied(self) -> None:
        """The operands of arithmetic that copy a column of numbers checked on earlier lines, in order
        (``copied_columns``), each checked as its row's number; none taken twice."""
        had = {(r.line, r.first, r.quantity, r.printed) for r in self.repeats}
        for line, printed in self.copying:
            for _, rep in self.columns.copies(line, printed):
                if (rep.line, rep.first, rep.quantity, rep.printed) not in had:
                    had.add((rep.line, rep.first, rep.quantity, rep.printed))
                    self.repeats.append(rep)
                    self.explained.append(f"line {line}: {rep.printed}: the number of line {rep.first} "
                                          f"({rep.quantity}), copied with its column")

    def after_untaken_step(self, ref: Ref) -> str | None:
        """The parameter whose printed update (a step the graph cannot take) this forward value follows
        from, if any: its printed value is after that step, the graph's before it. Derivatives and δs
        are left alone: backpropagation takes them at the forward pass's point, before the update."""
        if not self.untaken or ref.after or ref.kind in ("gradient", "derivative") \
                or re.fullmatch(r"(?:delta_|δ_?).+", ref.quantity):
            return None
        follows = (p for p in self.untaken if p == ref.quantity or self.names.depends(ref.quantity, p))
        return next(follows, None)

    def when(self, claim: Claim, lhs: object, sides: list[object | None], ref: Ref) -> Ref | None:
        """The quantity before or after a step, as the claim means it; None (listed) when it is a
        value after a step the graph does not take."""
        if (not ref.after and ref.kind in ("weight", "bias") and isinstance(unwrap(lhs), Sym)
                and self.is_step(unwrap(lhs), ref, [s for s in sides if s is not None])):
            return Ref(ref.quantity, self.after + 1, ref.kind)  # w := w - η ∂L/∂w: the weight after the step
        ref = self.in_section(ref)
        if not ref.after and plain(lhs) in self.stepped:  # w11 = w11 - η … read before: this is after it
            if ref.kind not in ("weight", "bias") and not self.unstepped:
                self.skip(claim.line, claim.text, f"{plain(lhs)} after its update: the graph read from the "
                          "text does not step it")
                return None
            return Ref(ref.quantity, 1, ref.kind)
        return ref

    def read_sides(self, claim: Claim, lhs: object, sides: list[object | None], ref: Ref,
                   label: str | None = None) -> None:
        """Each side of a claim about one quantity: a formula, its value, or arithmetic whose numbers
        stand for quantities (``label``: the name its rows show, when not ``lhs``'s own)."""
        at = len(self.rows), len(self.skipped)
        self.gap = self.premise_gap(ref, sides)  # a derivative using names never given
        try:
            self.sides_of(claim, lhs, sides, ref, label)
        finally:
            self.gap = None
        worked = sides and sides[0] is not None and is_numeric(sides[0]) and printed_number(sides[0]) is None
        between = steps_between(claim, sides, self.taken_since(at[0]), self.side_lines(claim),
                                lhs if worked and is_numeric(lhs) else None)  # = 2·(0.8·0.9) = 2·0.72
        self.own.record(between)  # the numbers standing for parts of its formula, written in numbers
        checked = {(s.line, s.printed) for s in between}
        self.skipped[at[1]:] = [s for s in self.skipped[at[1]:] if (s.line, s.text) not in checked]

    def taken_since(self, first: int) -> set[tuple[int, str]]:
        """(line, printed) of the rows from ``first`` on: numbers a row checks already."""
        return {(int(r["source"].split()[-1]), str(r["value"]).lstrip("≈ ")) for r in self.rows[first:]}

    def sides_of(self, claim: Claim, lhs: object, sides: list[object | None], ref: Ref,
                 label: str | None = None) -> None:
        meanings: list[list[object | None]] = []
        lines = self.side_lines(claim)
        self.written_formula = any(n is not None and not is_numeric(n) for n in sides)  # its numbers' own
        for k, node in enumerate(sides, 1):
            if node is None:
                continue
            claim = claim if lines[k] == claim.line else replace(claim, line=lines[k])
            if not is_numeric(node):
                if ref.kind not in ("weight", "bias") and unwrap(lhs) in leaves(node):  # dJ/du = dJ/dv·dJ/du
                    self.skip(claim.line, claim.sides[k], f"its right side holds {plain(lhs)} itself: an "
                              "equation, not a formula for it (a slip in a symbol?)")
                    continue
                self.formula(claim, lhs, claim.sides[k], node, {}, [ref])
                meanings.append(factors(node))
                continue
            printed = printed_number(node)
            if printed is not None and self.terms_give(ref, printed, sides[:k - 1]):
                self.skip(claim.line, printed, f"{label or plain(lhs)}: the terms printed before it on its "
                          "line give it, and their rounding holds the engine's value")
                meanings.append([lhs])
            elif printed is not None:
                self.printed_side(claim, ref, label or plain(lhs), sides[k - 2] if k > 1 else None, printed,
                                  claim.approx[k])
                meanings.append([lhs])
            else:
                before = sides[k - 2] if k > 1 else lhs if is_numeric(lhs) else None  # 2·(0.8·0.9) = 2·0.72
                meanings.append(self.align(claim, lhs, ref, node, meanings, before))

    def premise_gap(self, ref: Ref, sides: list[object | None]) -> tuple[Ref, str | None] | None:
        """A derivative whose own formula uses names the text never gives: its numbers are not
        compared (``incomplete.unknown_in``)."""
        if not self.incomplete or ref.kind not in ("gradient", "derivative", "delta"):
            return None
        return ref, self.incomplete.unknown_in([s for s in sides if s is not None and not is_numeric(s)])

    def printed_side(self, claim: Claim, ref: Ref, name: str, before: object | None, printed: str,
                     approx: bool) -> None:
        """A side printing the claim's value: a row, unless the side before it is a ratio whose
        numerator was copied from another element's line (``copied_terms``)."""
        copied = copied_numerator(before, printed) if before is not None else None
        if copied is not None:  # p_2 = e^{2}/(e^{2} + e^{1}) = 0.27: the printed number is another's
            self.skip(claim.line, printed, f"{name}: {copied}")
        else:
            self.row(ref, printed, claim, approx, name, _LEFT_SIDE)

    def terms_give(self, ref: Ref, printed: str, before: list[object | None]) -> bool:
        """Is ``printed`` the arithmetic of the numbers-only side just before it, and does that
        arithmetic at its rounding hold the engine's value (``arithmetic.terms_allow``)? Only when the
        engine's value does not print as ``printed`` (a number that matches is compared)."""
        terms = before[-1] if before else None
        if terms is None or not is_numeric(terms) or printed_number(terms) is not None \
                or not self.from_rounded_givens(ref.quantity, printed):
            return False
        try:
            engine = self.names.value(ref)
        except (KeyError, Unmapped, ArithmeticError, ValueError):
            return False
        return not near(float(printed), printed, engine) and terms_allow(terms, printed, engine)

    def from_rounded_givens(self, quantity: str, printed: str) -> bool:
        """Does the engine compute ``quantity`` from a given the document printed rounded at the
        number's own precision (``h_1 = 0.6271`` under ``z = 0.4714``)? Then its last digit is not
        the engine's to decide; from exact givens (``w = 0.5``) it is (a rounding carried is a slip)."""
        node = self.names.nodes.get(quantity)
        places = len(printed.lower().partition("e")[0].partition(".")[2])
        return node is not None and "e" not in printed.lower() and any(
            3 <= len(repr(leaf.data).partition(".")[2]) <= places
            for leaf in topological_order(node) if not leaf.parents and "e" not in repr(leaf.data))

    def side_lines(self, claim: Claim) -> list[int]:
        """The line each side of the claim starts on: a chain written over several lines (an ``align``
        of ``&= …`` rows) cites each number where it is printed. Found once per claim, in one pass."""
        if not isinstance(self.written, Claim) or claim.text != self.written.text or "\n" not in self.raw:
            return [claim.line] * len(claim.sides)
        found = side_lines(self.raw, self.origin, self.written.sides)
        return [at[1] if at is not None else self.origin for at in found]

    def arithmetic_sides(self, claim: Claim, sides: list[object | None]) -> None:
        """A claim whose quantity cannot be checked: each side of arithmetic on printed numbers
        (``3 - 0.01 \\times 6.0``) is still checked against the number printed after it."""
        printed = next_where(sides, lambda s: s is not None and printed_number(s) is not None)
        lines: list[int] = []
        for k, node in enumerate(sides):
            name = self.arithmetic_at.get((claim.line, plain(node))) if node is not None else None
            result = printed_number(sides[printed[k]]) if printed[k] is not None else None
            if name is not None and result is not None:
                self.explained.append(f"    {plain(node)}: arithmetic on printed numbers → {name}")
                lines = lines or self.side_lines(claim)
                self.operands_again(replace(claim, line=lines[k + 1]), node)
                at = printed[k] + 1  # the side's place in the claim (the left side is its place 0)
                where = lines[at]  # the line the result is printed on
                self.row(Ref(name, 0, "activation"), result, replace(claim, line=where), claim.approx[at],
                         plain(node), _LEFT_SIDE)

    def resolve_head(self, lhs: object) -> Ref:
        """The quantity a left side names; ``L(w)`` names the function L when nothing else does."""
        try:
            return self.names.resolve(lhs)
        except Unmapped:
            if (numbered := self.iterated(lhs)) is not None:
                return numbered
            if function_head(lhs) is None:
                raise
            return self.names.resolve(function_head(lhs).name)

    def iterated(self, node: object) -> Ref | None:
        """x_1, ∂f/∂x_1 and f'(x_1) (f the root): x and its gradient after a step (``iterates``)."""
        node = unwrap(node)
        if isinstance(node, Call) and node.name == f"{self.names.root}'":  # f'(x_1), f the root
            node = Deriv(Sym(self.names.root), unwrap(node.arg))
        if isinstance(node, Deriv):
            found = self.iterate(node.bottom)
            try:
                top = self.names.resolve(node.top).quantity
            except Unmapped:
                return None
            if found is None or top != self.names.root:
                return None
            return Ref(f"d{top}/d{found.quantity}", found.after, "gradient")
        return self.iterate(node)

    def iterate(self, lhs: object) -> Ref | None:
        """x_2 after "start at x_0 = 3": the parameter x after two steps (``iterates``)."""
        found = iterate(unwrap(lhs), self.params_started)
        if found is None or found[1] > self.steps_run:
            return None
        return Ref(found[0], found[1], self.names.kind(found[0], found[1]))

    def is_step(self, lhs: Sym, ref: Ref, sides: list[object]) -> bool:
        """``w := w - \\eta g``, or the same with its numbers in place (``0.5 - 1.0 \\times 0.23``)."""
        if is_update(lhs, sides):
            return True
        try:
            before, rate = self.names.value(ref), self.names.learning_rate or None
        except KeyError:  # a quantity with no value before the step (an iterate x_k): no numbers to match
            return False
        return any(substituted_update(s, before, rate) for s in sides)

    # -- a general formula: w_{oi} for i = 1, 2
    def general(self, claim: Claim, lhs: object, sides: list[object | None], letters: list[str]) -> None:
        ranges = {c: claim.ranges[c] for c in letters}
        if math.prod(len(v) for v in ranges.values()) > MAX_INDEX_COMBINATIONS:
            self.skip(claim.line, claim.text, f"more than {MAX_INDEX_COMBINATIONS} index combinations")
            return
        combos = [dict(zip(letters, values)) for values in itertools.product(*ranges.values())]
        try:
            refs = [self.names.resolve(lhs, idx) for idx in combos]
        except Unmapped as e:
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
        text = f"{_formula_head(claim.sides[0], lhs)} = {side}"
        combos = combos or [{}]
        try:
            for idx in combos:
                for leaf in leaves(node):
                    if not isinstance(leaf, Num):
                        self.names.resolve(leaf, idx)
        except Unmapped as e:
            self.skip(claim.line, text, self.unmapped(e))
            return
        missing = next(filter(None, (self.incomplete.why(r.quantity, r.after) for r in refs)), None) \
            if self.incomplete else None
        if missing is not None:
            self.skip(claim.line, text, missing)
            return
        again = next(filter(None, (self.redefined_in(r.quantity, claim.line)
                                   or self.redefined_upstream(r.quantity, claim.line) for r in refs)), None)
        if again is not None:
            self.skip(claim.line, text, f"{again} is defined again, differently, by this line: the graph "
                      "holds its first definition, so the formula is not checked against it")
            return
        if not ranges and any(self.definition_lines.get(r.quantity) == claim.line for r in refs):
            self.explained.append(f"    formula `{text}`: a definition, the graph is built from it")
        elif (value := self.substituted_value(node)) is not None:
            self.explained.append(f"    formula `{text}`: {value} is a value printed before, substituted: "
                                  "it holds at the document's point only, where its number is checked")
        else:
            row: dict[str, object] = {"name": f"line {claim.line}: {plain(lhs)}", "text": text}
            if ranges:
                row["for"] = ranges
            row["source"] = f"line {claim.line}"
            self.formulas.append(row)
            self.explained.append(f"    formula `{text}` ([[formula]] row)")
        for ref, idx in zip(refs, combos):
            concrete = with_index(node, idx) if idx else node
            self.templates.setdefault((ref.quantity, ref.after), []).append(factors(concrete))
            self.identities.setdefault(self.canonical(concrete), (ref, claim.line))

    def substituted_value(self, node: object) -> str | None:
        """A number in a formula that the document printed before as a quantity's value (``-0.18 \\times
        h_1`` after ``\\partial L/\\partial \\hat y = -0.18``), if any: the formula is written at the
        document's point, not as an identity to check at other points."""
        return next((n.text for n in leaves(node) if isinstance(n, Num) and "." in n.text
                     and (n.text in self.printed_as or f"-{n.text}" in self.printed_as)), None)

    def canonical(self, node: object) -> str:
        """An expression in the engine's names, brackets dropped: one formula always reads the same."""
        def name(leaf: object) -> object:
            try:
                ref = self.names.resolve(leaf)
            except Unmapped:
                return leaf
            return Sym(f"{ref.quantity}@{ref.after}")
        return plain(map_leaves(node, name))

    # -- intermediate numbers: -0.05 · 0.70 · 0.30
    def align(self, claim: Claim, lhs: object, ref: Ref, node: object,
              earlier: list[list[object | None]], before: object | None = None) -> list[object | None]:
        """Pair each factor with the factor of an earlier side (or formula) of the same shape; a number
        no quantity is found for, checked as the arithmetic of the side ``before`` it that holds its
        place (1.296 of ``\\frac{1.296}{3.636}`` as ``\\exp(0.259)``)."""
        best, best_pairs = self.best_pairing(ref, factors(node), earlier)
        if not self.chained(ref, best):  # ∂E/∂w = ∂E/∂a · ∂b/∂z · …: labels that give no ∂E/∂w
            best, best_pairs = [None] * len(best), [(number, None) for number, _ in best_pairs]
        steps = {id(leaf): step for number, step in substituted_steps(before, node, lambda _: claim.line)
                 for leaf in leaves(number)} if before is not None else {}
        done: set[int] = set()
        for number, meaning in best_pairs:  # with a step: checked as the chain (read_sides)
            step = steps.get(id(leaves(number)[0]))
            if step is None or not (meaning is None or is_numeric(meaning) or not self.names_one(meaning)):
                self.intermediate(claim, lhs, number, meaning,
                                  ref.after if ref.kind not in ("weight", "bias") else 0)
            done.update(id(leaf) for leaf in leaves(number))
        for number in numbers(node):
            if not {id(leaf) for leaf in leaves(number)} <= done and id(leaves(number)[0]) not in steps:
                self.skip(claim.line, printed_number(number) or plain(number), f"an intermediate number of "
                          f"{plain(lhs)}: no formula of the same shape says which quantity it stands for")
        return best

    def chained(self, ref: Ref, meanings: list[object | None]) -> bool:
        """Do the factors, when all are derivatives (a chain rule), multiply to the left side's value in
        the engine? A chain whose labels do not (a label naming another neuron) says nothing of what
        its numbers stand for; any other pairing is taken as it is."""
        if len(meanings) < 2 or not all(isinstance(unwrap(m), Deriv) for m in meanings):
            return True
        try:
            refs = [self.names.resolve(m) for m in meanings]
        except Unmapped:
            return False  # a label naming no derivative of the graph (∂net_h1/∂w_5, net_h1 not from w_5)
        try:
            return same(math.prod(self.names.value(r) for r in refs), self.names.value(ref))
        except (KeyError, ArithmeticError):
            return True  # a factor's engine value is not at hand here: its label stands

    def best_pairing(self, ref: Ref, fs: list[object], earlier: list[list[object | None]]
                     ) -> tuple[list[object | None], list[tuple[object, object | None]]]:
        """The earlier side (or formula) whose factors name quantities for most of the numbers ``fs``
        prints, with the pairs (number, what it stands for)."""
        templates = self.templates.get((ref.quantity, ref.after)) or self.templates.get((ref.quantity, 0), [])
        candidates = [*reversed(earlier[-MAX_EARLIER_SIDES:]), *reversed(templates)]
        candidates += self.weighted_sum(ref, fs) + self.implied(ref, fs)
        best: list[object | None] = [None] * len(fs)
        best_pairs: list[tuple[object, object | None]] = []
        for meanings in candidates:
            if len(meanings) != len(fs) or self.circular(meanings, ref):
                continue
            pairs: list[tuple[object, object | None]] = []
            for f, m in zip(fs, meanings):
                pair_numbers(f, m, pairs)
            if _named(pairs) > _named(best_pairs):
                best, best_pairs = meanings, pairs
        return best, best_pairs

    def implied(self, ref: Ref, fs: list[object]) -> list[list[object]]:
        """The chain rule's two factors or an update's terms, when no formula of that shape is written
        (``implied_terms``)."""
        if ref is LEARNING_RATE or self.written_formula:  # a formula written (even a slip) says it
            return []
        node = Prod(tuple(fs)) if len(fs) > 1 else fs[0]
        before = ref.after - 1 if ref.quantity in self.params_started else 0  # x_2 = x_1 - η f'(x_1)
        found = update_meanings(self.names, ref.quantity, ref.after, node, before) if ref.after else \
            chain_meanings(self.names, ref.quantity, node)
        return [found] if found is not None else []

    def names_one(self, meaning: object) -> bool:
        """Does ``meaning`` name one quantity of the graph (its symbol, a formula, its engine value)?"""
        return self.meaning(meaning)[0] is not None

    def weighted_sum(self, ref: Ref, fs: list[object]) -> list[list[object]]:
        """``0.1 \\cdot 2.6 + (-0.2) \\cdot 0`` printed for an element of ``W a + b``: each input's number
        paired with that input (``weighted_terms``), as a formula of the same shape would."""
        value = self.names.nodes.get(ref.quantity) if ref is not LEARNING_RATE and not ref.after else None
        if value is None or len(fs) != 1:
            return []
        if self.element_names is None:
            self.element_names = {}
            for alias, target in self.names.lookup.items():
                if "[" in alias:
                    self.element_names.setdefault(target, alias)
        shown = self.element_names

        def name(v: object) -> str | None:
            label = getattr(v, "label", "")
            return shown.get(label, label) if label in self.names.nodes else None

        tree = weighted_meanings(fs[0], value, name)
        return [[tree]] if tree is not None else []

    def circular(self, meanings: list[object | None], ref: Ref) -> bool:
        """Does a product of several factors have the left side's own quantity among them (``dJ/du =
        dJ/dv \\cdot dJ/du``, a slip for dv/du)? Then it cannot say what its numbers stand for."""
        if len(meanings) < 2:
            return False
        for m in meanings:
            try:
                if m is not None and self.in_section(self.names.resolve(m)) == ref:
                    return True
            except Unmapped:
                continue
        return False

    def intermediate(self, claim: Claim, lhs: object, number: object, meaning: object | None,
                     at: int = 0) -> None:
        """A number standing for ``meaning``; ``at``: the step a computed quantity's claim is after (its
        operands are too: f'(x_1) = 2 · 2.4 is at x after one step)."""
        printed = printed_number(number) or plain(number)
        if meaning is None:
            self.skip(claim.line, printed, f"an intermediate number of {plain(lhs)}: no formula of the same "
                      "shape says which quantity it stands for")
            return
        if is_numeric(meaning):
            try:
                value = evaluate(meaning, lambda leaf: math.nan)
            except (KeyError, ArithmeticError, ValueError):
                value = math.nan
            if not same(value, float(printed)):
                self.skip(claim.line, printed, f"the formula has the constant {plain(meaning)} here")
            return
        ref, how = self.meaning(meaning)
        if ref is not None and ref is not LEARNING_RATE:
            ref = self.in_section(ref)
            if at > ref.after and ref.kind != "input":
                ref = Ref(ref.quantity, at, ref.kind)
        if ref is None:
            self.skip(claim.line, printed, f"an intermediate number standing for {plain(meaning)}: {how}")
        elif ref is LEARNING_RATE:
            lr = self.names.learning_rate
            verdict = "as the setup's" if same(float(printed), lr) else f"but the setup's is {lr:g}"
            self.skip(claim.line, printed, f"stands for the learning rate {plain(meaning)}, a setting, not a "
                      f"computed quantity ({verdict})")
        else:
            self.row(ref, printed, claim, False, plain(meaning), f"stands for {plain(meaning)} ({how})")

    def meaning(self, node: object) -> tuple[Ref | None, str]:
        try:
            return self.names.resolve(node), "its symbol"
        except Unmapped:
            pass
        if (numbered := self.iterated(node)) is not None:
            return numbered, "its step"
        found = self.identities.get(self.canonical(node))
        if found is not None:
            return found[0], f"the document's formula on line {found[1]}"
        if not self.after and plain(node) in self.parts:  # 1 + e^{-z}: a part of a formula
            return Ref(self.parts[plain(node)], 0, "activation"), "a part of the document's formula"
        ref, how = self.names.identify(node)
        return ref, (f"{how} is the engine's {ref.quantity}" if ref is not None else how)



MAX_EARLIER_SIDES = 32  # a side's numbers are paired with at most this many sides before it (linear time)


def _named(pairs: list[tuple[object, object | None]]) -> int:
    """How many numbers a pairing says a quantity (not a number printed before) for."""
    return sum(m is not None and not is_numeric(m) for _, m in pairs)


def _cell_lines(raw: str, claim: Claim, grid_sides: list[int]) -> list[list[int]]:
    """For each grid side of a claim, the line each of its cells is printed on (row-major), found by
    searching the cells in order in the claim's text as written (one pass over it)."""
    out, at, line = [], 0, claim.line
    for k in grid_sides:
        side = claim.sides[k]
        start = raw.find(side, at) if side else -1
        grid = find_grid(side)
        if start < 0 or grid is None:
            out.append([])
            continue
        line += raw.count("\n", at, start)
        lines, pos = [], 0
        for row in grid.cells:
            for cell in row:
                found = side.find(cell, pos)
                if found >= 0:
                    line += side.count("\n", pos, found)
                    pos = found + len(cell)
                lines.append(line)
        line += side.count("\n", pos)
        at = start + len(side)
        out.append(lines)
    size = max(map(len, out), default=0)
    return [[lines[e] if e < len(lines) else claim.line for e in range(size)] for lines in out]


def _formula_head(written: str, lhs: object) -> str:
    """A formula's left side as the formula checker reads it: an update one step on as ``w_5^{new}``
    (``w₅(new)``, ``w_5^{(1)}``: ``update_names``), else as written."""
    sym = unwrap(lhs)
    counted = counted_update(sym) if isinstance(sym, Sym) else None
    if counted is not None and counted[1] == 1:
        sym = replace(counted[0], tag="new")
    if not isinstance(sym, Sym) or sym.tag != "new" or not re.fullmatch(r"[A-Za-z]+", sym.base):
        return written
    return f"{sym.base}_{{{sym.sub}}}^{{new}}" if sym.sub else f"{sym.base}^{{new}}"


def _derivative_by(lhs: object) -> Sym | None:
    """The symbol a derivative ``∂L/∂W`` is by, when both its top and its bottom are symbols."""
    node = unwrap(lhs)
    if isinstance(node, Deriv) and isinstance(unwrap(node.top), Sym) and isinstance(unwrap(node.bottom), Sym):
        return unwrap(node.bottom)
    return None


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
    givens: list[Given] = field(default_factory=list)  # the givens an inferred graph starts from
    repeats: list[Repeat] = field(default_factory=list)  # numbers checked where first printed
    parts: list[Reading] = field(default_factory=list)  # the document's further examples, each read apart
    arithmetic: list[Step] = field(default_factory=list)  # its arithmetic on bare numbers, step by step
    premises: list[Premise] = field(default_factory=list)  # givens their own definitions deny
    carried: list[Carried] = field(default_factory=list)  # numbers repeating one checked before
    omitted: list[str] = field(default_factory=list)  # premises the text omits that kept numbers unchecked
    trees: dict[str, object] = field(default_factory=dict)  # a node of constants' arithmetic, by name
    stated: list[tuple[int, str, str]] = field(default_factory=list)  # (line, value, name) of each given
    in_symbols: bool = False  # a section of its own with no values (own_sections): nothing to check at

    def worked_example(self) -> dict:
        """The setup with the rows read: what ``example_from_dict`` takes."""
        doc = dict(self.setup)
        if self.rows:
            doc["document"] = [for_loader(r) for r in self.rows]
        if self.formulas:
            doc["formula"] = [for_loader(r) for r in self.formulas]
        return doc

    def keep_what_loads(self) -> None:
        """Move each row the checker's loader refuses to the not-checked list, with its message."""
        try:  # the common case: every row loads, checked in one build of the example
            example_from_dict(self.worked_example(), self.setup_where)
            return
        except ExampleError:
            pass
        for table, rows in (("document", self.rows), ("formula", self.formulas)):
            kept = []
            for row in rows:
                try:
                    example_from_dict({**self.setup, table: [for_loader(row)]}, self.setup_where)
                except ExampleError as e:
                    self.refuse(row, f"the checker cannot take it: {row_reason(e.reason, table, e.index)}")
                    continue
                kept.append(row)
            rows[:] = kept

    def drop_refused(self, error: ExampleError) -> bool:
        """The checker refused row ``[[table]] #k`` (the error's fields say which): list it as not
        checked. False when the error is not about one of the rows read."""
        rows = {"document": self.rows, "formula": self.formulas}.get(error.table or "")
        if rows is None or error.index is None or not 0 < error.index <= len(rows):
            return False
        reason = row_reason(error.reason, error.table, error.index)
        end = len(rows) if error.onward else error.index  # a budget spent: this row and every one after
        gone = rows[error.index - 1:end]
        del rows[error.index - 1:end]
        self.refuse_all(gone, f"the checker cannot read it: {reason}")
        return True

    def refuse(self, row: dict, reason: str) -> None:
        self.refuse_all([row], reason)

    def refuse_all(self, rows: list[dict], reason: str) -> None:
        """List rows as not checked, with the reason (the list kept in line order: sorted once)."""
        for row in rows:
            text = row.get("text") or f"{row['name'].split(': ', 1)[-1]} = {row['value']}"
            source = row["source"]
            place = "" if source.startswith("line ") else source  # a notebook's "cell 3, line 2"
            self.skipped.append(Skipped(int(source.split()[-1]), shown(str(text)), reason, place))
        self.skipped.sort(key=lambda s: s.line)


def read_document(path: str | Path, setup: str | Path | None = None) -> Reading:
    """Read a Markdown document's claims into worked-example rows (see the module's docstring).

    ``setup`` is a bundled example's name or a .toml path holding the network, the data and the
    training rule; without it, the document's own ```stepgrad block is used. Raises ExampleError
    (one line, naming the file) when the document or the setup cannot be used.
    """
    where = f"document {str(path)!r}"
    notebook = _notebook(path)
    page = _page(path, where)
    text = notebook.text if notebook else page.text if page else read_text_file(
        Path(path), where, "Markdown document", MAX_DOCUMENT_BYTES, ExampleError)
    printed = notebook.raw if notebook else text  # the outputs as printed, for the last net (unlisted)
    own_setup = setup is not None or read_layout(text).setups
    code = None if own_setup else read_code(notebook.raw if notebook else text)
    if notebook is None and not own_setup:
        text = labelled_outputs(text)  # `print(y)` then `tensor([[…]])`: y = tensor([[…]]), as in a notebook
    if code is not None:  # the code's outputs are read with the code, not as prose
        text = blank_lines(text, code.owned)
    try:
        reading = _read_prose(path, text, setup, where, notebook)
    except ExampleError:
        if code is None:
            raise
        reading = _unread_prose(path, text, where)
    if code is not None:
        code_part = _code_part(path, code, where)
        code_part.rows += restated_rows([g for part in [reading, *reading.parts] for g in part.givens],
                                        code.setup)
        reading = _with_code(reading, code_part)
    else:  # numbers in code comments that state no value: listed (the code reader lists its own)
        listed = {(s.line, s.text) for s in reading.skipped}
        reading.skipped += [Skipped(x.line, x.printed, x.reason) for x in comment_remarks(code_cells(text))
                            if (x.line, x.printed) not in listed]
        reading.skipped.sort(key=lambda s: s.line)
    _list_unrecorded_outputs(reading, printed)
    return _on_page(_cited(reading, notebook), page)


def _list_unrecorded_outputs(reading: Reading, text: str) -> None:
    """Each number printed in a code output that no part of the reading recorded: listed (unlisted)."""
    outputs = [out for cell in code_cells(text) for out in cell.outputs]
    if not outputs:
        return
    parts, k = [reading], 0
    while k < len(parts):
        parts += parts[k].parts
        k += 1
    missed = unlisted_outputs(outputs, parts)
    if missed:
        reading.skipped = sorted(reading.skipped + missed, key=lambda s: s.line)


def _unread_prose(path: str | Path, text: str, where: str) -> Reading:
    """The text's numbers when it states no givens of its own (its code does): each listed, none read."""
    masked = read_layout(text).masked
    segments, _ = find_math(text, masked)
    segments += outside_math(text, segments)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    reason = "the text around the code states no givens of its own: its numbers are not read"
    skipped = [Skipped(bisect.bisect_right(starts, seg.start), shown(seg.text), reason)
               for seg in segments if re.search(r"\d", seg.text)]
    in_math = {bisect.bisect_right(starts, seg.start) for seg in segments}  # prose lines beside: below
    prose = [(k, line) for k, line in enumerate(masked.split("\n"), 1) if k not in in_math]
    skipped = sorted(skipped + [Skipped(k, n, f"{PROSE_REASON} ({reason.split(': ')[0]})")
                                for k, n in prose_numbers(prose)], key=lambda s: s.line)
    return Reading(str(path), {}, "", f"{where} (its text)", skipped=skipped)


def _with_code(prose: Reading | None, code: Reading) -> Reading:
    """The code's example beside the text's: first when the text's checks nothing."""
    if prose is None:
        return code
    if not prose.rows and not prose.formulas and not prose.parts:
        if prose.skipped:
            code.parts.append(prose)
        return code
    prose.parts.append(code)
    prose.notes.append(f"example {len(prose.parts) + 1} is the graph of the document's code")
    return prose


def _read_prose(path: str | Path, text: str, setup: str | Path | None, where: str,
                notebook: NotebookText | None) -> Reading:
    """The document's text (its math, prose and tables) read into rows, example by example."""
    text = sums_over_lists(text)  # \sum_j e^{z_j} over a listed z: its terms written out
    text = concluded(text)  # "So: \(0.527\)" after a derivation: the value of its left side
    text = arrow_assignments(text)  # $w \leftarrow 4 - 2.5$, then "so w = 1.5": the value after the step
    layout = read_layout(text)
    if setup is None and not layout.setups:
        restated = Restatements()
        scopes = example_scopes(text, layout, restated)
        many = len(scopes) > 1
        going_on = continued(text, layout.headings, scopes, restated) if many else {}  # a premise restated
        taken = earlier_definitions(scopes, claim_facts(text, layout)) if many else []
        scopes, parts = _examples(path, text, scopes, taken, where, going_on,  # a variant keeps the model
                                  restated.sections)
        if len(scopes) > 1:
            for k, ((a, b), part) in enumerate(zip(scopes, parts), 1):
                part.notes.insert(0, f"example {k} of {len(scopes)}: lines {a}–{b}")
            if parts:
                parts[0].parts = parts[1:]
                return parts[0]
    return _read_text(path, text, setup, where, layout)


def _examples(path: str | Path, text: str, scopes: list[tuple[int, int]], taken: list[set[int]],
              where: str, going_on: dict | None = None, sections: set[int] = frozenset()
              ) -> tuple[list[tuple[int, int]], list[Reading]]:
    """Each example of the document read apart, with the lines of earlier definitions it ``taken``
    (``earlier_definitions``), going on from a given restated where ``going_on`` says (by example:
    ``premises.continued``). A section that cannot stand alone (its definitions use values an
    earlier section gives) goes on the example before it (the first, on the one after) — unless it
    is a section of its own in symbols (``sections``: the lines such sections start or end at,
    ``own_sections``): its formulas are then listed, never read at another section's numbers. One
    example left: none read here (the document is read as one). Lines read again after a merge are
    counted: past three times the document's, it is read as one (linear in its length)."""
    scopes, taken, parts, k = list(scopes), list(taken), [], 0
    going = [(going_on or {}).get(j) for j in range(len(scopes))]
    budget = 3 * (text.count("\n") + 1)
    while len(scopes) > 1 and k < len(scopes):
        a, b = scopes[k]
        budget -= b - a + 1
        if budget < 0:
            return [], []
        try:
            parts.append(_read_text(path, only_lines(text, a, b, taken[k]), None, where,
                                    continuing=_continuing(text, going[k], b)))
            k += 1
        except ExampleError:
            if _in_symbols(scopes, k, sections):
                parts.append(_symbols_only(path, only_lines(text, a, b), where))
                k += 1
                continue
            j = max(k - 1, 0)  # onto the example before it (the first: the one after goes on it)
            scopes[j:j + 2] = [(scopes[j][0], scopes[j + 1][1])]
            taken[j:j + 2] = [taken[j] | taken[j + 1]]
            going[j:j + 2] = going[j:j + 1]  # it goes on as the earlier one did
            if k:
                parts.pop()
                k -= 1
    return (scopes, parts) if len(scopes) > 1 else ([], [])


def _in_symbols(scopes: list[tuple[int, int]], k: int, sections: set[int]) -> bool:
    """Is example ``k`` (which cannot be read alone) a section of its own in symbols: one that starts
    at, or ends before, a boundary ``own_sections`` drew?"""
    return scopes[k][0] in sections or (k + 1 < len(scopes) and scopes[k + 1][0] in sections)


def _symbols_only(path: str | Path, text: str, where: str) -> Reading:
    """A section of its own with no values (``own_sections``): each claim it writes listed as not
    checked, "a formula in symbols: no values in its section"; arithmetic on bare numbers in it
    (``1.8 \\times (-6) = -10.8``) is still checked as written."""
    layout = read_layout(text)
    own, skipped = OwnArithmetic([]), []
    for claim in scope_claims(text, layout):
        if len(claim.sides) > 1:
            written = "; its arithmetic is checked as written" if own.of_sides(claim) else ""
            skipped.append(Skipped(claim.line, shown(claim.text), NO_VALUES + written))
    return Reading(str(path), {}, "", f"{where} (a section in symbols)", skipped=skipped,
                   arithmetic=own.steps, in_symbols=True)


def _code_part(path: str | Path, code: CodeReading, where: str) -> Reading:
    """The document's code as an example of its own: its graph, its rows, what was not checked."""
    import tomli_w

    setup_text = "# The graph of the document's code (stepgrad extract).\n" + tomli_w.dumps(code.setup)
    setup_where = f"{where} (the graph of its code)"
    reading = Reading(str(path), code.setup, setup_text, setup_where, code.rows, [], code.skipped,
                      code.explained, [f"the graph is read from the document's code "
                                       f"({len(code.setup['leaves'])} leaves, {len(code.setup['nodes'])} "
                                       "nodes; --explain shows it)", *code.notes],
                      [Given(line, printed, leaf) for line, printed, leaf in code.givens])
    if reading.rows:
        reading.keep_what_loads()
    return reading


def _cited(reading: Reading, notebook: NotebookText | None) -> Reading:
    """A notebook's reading (and its other examples') citing cells, not the lines of its text."""
    if notebook is not None:
        for part in [reading, *reading.parts]:
            _cite_cells(part, notebook)
    return reading


Continuing = tuple[str, dict[str, int], list[Premise]]


def _continuing(text: str, going_on: tuple[int, dict[str, int], list[Premise]] | None, last: int
                ) -> Continuing | None:
    """The text an example continued from a restated given is inferred from (from the line its
    example starts on), the line each restated given takes its value from, and the premises the
    restatement makes; None for an example of its own."""
    if going_on is None:
        return None
    start, later, premises = going_on
    return only_lines(text, start, last), later, premises


def _read_text(path: str | Path, text: str, setup: str | Path | None, where: str,
               layout: Layout | None = None, continuing: Continuing | None = None) -> Reading:
    """One example of a document's text read into rows (see ``read_document``); ``continuing``: the
    text its graph is inferred from when it goes on from a given restated (``_continuing``). When the
    example names a quantity ``e`` (``e = \\hat y - y``), its ``e^2`` is that quantity's (``euler``)."""
    layout = layout or read_layout(text)
    with e_named(names_e_in(text, lambda: scope_claims(text, layout))):
        return _read_example(path, text, setup, where, layout, continuing)


def _read_example(path: str | Path, text: str, setup: str | Path | None, where: str, layout: Layout,
                  continuing: Continuing | None) -> Reading:
    """``_read_text`` once ``e`` is settled."""
    graph: list[str] = []
    premises: list[Premise] = []
    every_node = False  # the root is only the last node defined: every node is a quantity
    side: set[str] = set()  # nodes only a printed grid is checked against (W^T dZ = [grid])
    given_lines: dict[str, int] = {}
    definition_lines: dict[str, int] = {}
    displays: list = []
    array_names: set[str] = set()
    uncertain: dict[str, float] = {}
    unstepped = None
    arithmetic: tuple[dict, dict] = ({}, {})
    redefined: dict[str, int] = {}
    parts: dict[str, str] = {}
    inferred = None
    if setup is None and not layout.setups:
        source, later, restatement = continuing or (text, {}, [])
        inferred = infer_setup(source, read_layout(source) if continuing else layout, later)
        inferred.premises += in_use(inferred, restatement)
        setup_doc, setup_text, setup_where, notes = inferred_setup(inferred, where)
        graph = inferred.explained()
        given_lines = {name: inferred.lines[name] for name in inferred.leaves}
        definition_lines = {name: inferred.lines[name] for name in inferred.nodes}
        premises = inferred.premises
        every_node = not inferred.root_differentiated()
        side = inferred.side
        unstepped = inferred.unstepped()
        arithmetic = (inferred.arithmetic_at, inferred.arithmetic)
        displays, array_names, uncertain = inferred.displays, inferred.array_names, inferred.array_uncertain
        redefined = inferred.redefined
        parts = inferred.parts
    else:
        setup_doc, setup_text, setup_where, notes = document_setup(layout, setup, where)
    aliases = setup_doc.pop("aliases", None) if not loader_takes("aliases") else setup_doc.get("aliases")
    example = example_from_dict(setup_doc, setup_where, None, setup_text)
    names = Names(example, alias_table(aliases, setup_where), every_node, side)
    reader = _DocReader(names, text, given_lines, definition_lines, unstepped, arithmetic, displays,
                        array_names, uncertain)
    reader.redefined, reader.parts = redefined, parts
    reader.similarly = inferred.similarly if inferred is not None else []
    reader.labels = inferred.labels if inferred is not None else {}
    reader.prose = inferred.prose if inferred is not None else []
    reader.graph = example.network  # a nudge is the graph evaluated at the nudged value
    if inferred is not None:
        reader.params_started, reader.steps_run = started(inferred.leaves) & names.params, inferred.steps
        known = set(inferred.leaves) | set(inferred.nodes)
        reader.incomplete = Incomplete.of(names, inferred.unstated, known, inferred.derivatives, engine_name)
    reader.read(text, layout)
    reading = Reading(str(path), setup_doc, setup_text, setup_where, reader.rows, reader.formulas,
                      reader.skipped, graph + reader.explained, notes, reader.givens, reader.repeats,
                      premises=premises, arithmetic=reader.own.unchecked(reader.rows, reader.repeats),
                      omitted=reader.incomplete.premises() if reader.incomplete else [], trees=arithmetic[1])
    reading.keep_what_loads()
    reading.stated = [(line, repr(inferred.leaves[name]), name) for name, line in given_lines.items()
                      if isinstance(inferred.leaves.get(name), float)] if inferred is not None else []
    reading.carried = carried_numbers(with_data_spans(layout.masked, text), _checked_numbers(reader),
                                      [(g.line, g.printed) for g in reader.givens], restated_numbers(text))
    return reading


def _checked_numbers(reader: _DocReader) -> list[tuple[int, str]]:
    """(line, printed) of every number the example checks: its rows, repeats and own arithmetic."""
    rows = [(int(r["source"].split()[-1]), str(r["value"])) for r in reader.rows
            if str(r.get("source", "")).split()[-1:] and str(r["source"]).split()[-1].isdigit()]
    repeats = [(r.line, r.printed) for r in reader.repeats]
    return rows + repeats + [(s.line, s.printed) for s in reader.own.steps]


def _notebook(path: str | Path) -> NotebookText | None:
    """A notebook's markdown cells and outputs as a document (``reader.notebook``), else None."""
    if not is_notebook(path):
        return None
    try:
        return read_notebook(path)
    except NotebookError as e:
        raise ExampleError(str(e)) from None


def _page(path: str | Path, where: str) -> HtmlText | None:
    """An HTML page as the text the reader reads (``reader.html_text``), else None."""
    if not is_html(path):
        return None
    page = read_text_file(Path(path), where, "HTML page", MAX_PAGE_BYTES, ExampleError, declared_encoding)
    try:
        return html_text(page)
    except (AssertionError, ValueError, RecursionError) as e:  # the parser's own assertions on junk
        raise ExampleError(f"{where} cannot be read as HTML ({type(e).__name__}); is it a web page?") \
            from None


def _on_page(reading: Reading, page: HtmlText | None) -> Reading:
    """An HTML page's reading citing the page's lines (a line added for a heading or a table's
    ``|---|`` row is its page line's), with the math the page holds only rendered listed."""
    if page is None:
        return reading
    if page.shifted():
        for part in [reading, *reading.parts]:
            _cite_page_lines(part, page.line)
    reading.skipped = sorted(reading.skipped + [Skipped(line, text, why) for line, text, why in page.unread],
                             key=lambda s: s.line)
    return reading


_LINE_CITED = re.compile(r"\b(lines? )(\d+)([–-]?)(\d+)?")


def _cite_page_lines(reading: Reading, line: Callable[[int], int]) -> None:
    def moved(item, *names: str):
        return replace(item, **{n: line(getattr(item, n)) for n in names if getattr(item, n) is not None})

    def cited(text: str) -> str:  # "given on line 12", "lines 3–10"
        return _LINE_CITED.sub(lambda m: m.group(1) + str(line(int(m.group(2)))) + m.group(3)
                               + (str(line(int(m.group(4)))) if m.group(4) else ""), text)

    for row in reading.rows + reading.formulas:
        row["name"], row["source"] = cited(row["name"]), cited(row["source"])
    reading.skipped = [replace(moved(s, "line"), reason=cited(s.reason)) for s in reading.skipped]
    reading.carried = [moved(c, "line", "first") for c in reading.carried]
    reading.repeats = [moved(r, "line", "first") for r in reading.repeats]
    reading.arithmetic = [moved(s, "line", "carried_from") for s in reading.arithmetic]
    reading.premises = [moved(p, "line", "definition_line") for p in reading.premises]
    reading.givens = [moved(g, "line") for g in reading.givens]
    reading.stated = [(line(k), value, name) for k, value, name in reading.stated]
    reading.notes, reading.explained = list(map(cited, reading.notes)), list(map(cited, reading.explained))


def _cite_cells(reading: Reading, notebook: NotebookText) -> None:
    """Rows and entries of a notebook cite its cells ("cell 3, line 2"), not the lines of its text."""
    for row in reading.rows + reading.formulas:
        line = int(row["source"].split()[-1])
        row["name"] = row["name"].replace(f"line {line}:", f"{notebook.where(line)}:", 1)
        row["source"] = notebook.where(line)
    def cited(reason: str) -> str:  # "depends on torch.randn at line 40" → "… in cell 4, line 2"
        return re.sub(r"\bat line (\d+)\b", lambda m: f"in {notebook.where(int(m.group(1)))}", reason)
    reading.skipped = [replace(s, place=notebook.where(s.line), reason=cited(s.reason))
                       for s in reading.skipped]
    reading.carried = [replace(c, place=notebook.where(c.line), first_place=notebook.where(c.first))
                       for c in reading.carried]
    reading.repeats = [replace(r, place=notebook.where(r.line), first_place=notebook.where(r.first))
                       for r in reading.repeats]
    reading.arithmetic = [replace(s, place=notebook.where(s.line)) for s in reading.arithmetic]
    reading.premises = [replace(p, place=notebook.where(p.line),
                                definition_place=notebook.where(p.definition_line)) for p in reading.premises]


def with_graph(reading: Reading) -> Reading:
    """The document's first example that has a graph (a section in symbols has none)."""
    return next((part for part in [reading, *reading.parts] if not part.in_symbols), reading)


def document_example(path: str | Path, setup: str | Path | None = None) -> Example:
    """The worked example a document reads as, without its rows: its setup, or the graph inferred
    from its text (what ``stepgrad graph notes.md`` draws; the first example of several with a graph)."""
    reading = with_graph(read_document(path, setup))
    example = example_from_dict(dict(reading.setup), reading.setup_where, Path(path))
    example.name = Path(path).stem
    example.title = example.title or f"{Path(path).name}, read from its text"
    return example
