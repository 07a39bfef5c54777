"""Numbers a document carries from an earlier line: ``L = (1 - 0.583)^2`` after ``a_2 ≈ 0.583``.

Lecture notes compute step by step and write each step with the numbers of the steps before it
substituted: ``e = 0.6225 - 1``, ``\\frac{7.389}{11.756} = 0.629``, a table cell ``0.105`` beside
``-\\log(0.9) = 0.105``, an update ``0.4 - 0.1 \\cdot (-0.009) ≈ 0.401``. Such an operand is not a new
number: it is the number the document printed (and the reader checked) before. It is checked as that
number: its row says "as on line N" and holds when line N's number holds. A number carried from a
line whose number is wrong is a mismatch here too, with line N's causes and "carried" (the document
carries its own wrong number on), unless line N's mismatch names no cause and is far off (more likely
a misreading than a slip: then it stays listed as not checked). What is computed from it inherits
the error (``inheritance``).

Only a number with enough printed digits to be recognised is carried (``0.583``, ``11.756``,
``-0.080``; not ``0.5`` or ``2.0``, which a document prints for many things), only within one example,
only from a number checked on an earlier line (or earlier on the same line), and only when that line
gives one verdict for it. A number whose sign is written the other way (``e^{-0.333}`` after
``z_2 = 0.333``) is the same number negated. The candidates are found while reading
(``carried_numbers``); their verdicts once the example is checked (``carried_rows``).

The same concept read by meaning (``Repeat``): a claim about a quantity printed again with the same
number, or an operand of arithmetic printed before as one quantity's value (``used_again``:
``0.357 + 0.239 + 0.405 = 1.001``). Its row (``repeat_rows``) is the first line's row, cited here.
An operand restating a value its own line stated before it, with too few digits to be carried
(``dv/da = 1`` … ``so 1 \\cdot 3 = 3``; ``\\hat y = 9.2, L = (10 - 9.2)^2``), is a repeat too, as often
as the line prints it (``times_printed``); a whole number only when every operand of its arithmetic is
one quantity's number (else it may be the formula's constant, the 2 of ``2(y - \\hat y)``).
Each number is checked once: a repeat is never also carried (``carried_numbers`` skips the numbers
already checked on their line, repeats included). A wrong number printed again is flagged again with
its first line's causes and "carried" (``printed_again``); what it is used to compute inherits its
error (``inheritance``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from nn.check.reader.confirmed_families import confirmed_families, family

__all__ = ["Carried", "Repeat", "carried_numbers", "carried_rows", "is_distinctive", "printed_again",
           "repeat_rows", "times_printed", "unsigned", "used_again"]

# A printed decimal number: its sign only when written against it ("(-0.417)", "e^{-0.333}", "= -0.1"),
# never the minus of a subtraction ("1 - 0.583", "3-0.01").
_NUMBER = re.compile(r"(?<![\w.\\])(?:(?<![\w)}\]])([-−]))?(\d+\.\d+)(?![\w.])")


@dataclass(frozen=True)
class Carried:
    """A number printed on ``line`` that is the number checked on line ``first`` (perhaps negated)."""

    line: int
    printed: str  # as printed here, sign included
    first: int
    place: str = ""  # where a notebook has them ("cell 3, line 2"); "" for "line {line}"
    first_place: str = ""

    @property
    def source(self) -> str:
        return self.place or f"line {self.line}"

    @property
    def first_source(self) -> str:
        return self.first_place or f"line {self.first}"


@dataclass(frozen=True)
class Repeat:
    """A number printed again on a later line, known to be the value of ``quantity`` (``after`` steps):
    checked once, on the line ``first``."""

    line: int
    first: int
    quantity: str
    after: int
    printed: str
    place: str = ""  # where a notebook has them ("cell 3, line 2"); "" for "line {line}"
    first_place: str = ""


def used_again(line: int, printed_numbers: list[str | None],
               printed_as: dict[str, dict[tuple[str, int], int]], givens: frozenset[str] = frozenset()
               ) -> list[Repeat]:
    """``0.357 + 0.239 + 0.405 = 1.001`` on ``line``: each operand (``printed_numbers``) printed before
    as one quantity's value and as no other's (``printed_as``: printed → (quantity, after) → line) is
    that number printed again. A whole number (``3 * 2 = 6`` after ``dJ/du = 3`` and ``du/db = 2``) is
    also a formula's constant (the 2 of ``2(y - ŷ)``): it is taken for a quantity only when every
    operand of the arithmetic is one quantity's number or one of the ``givens`` as printed
    (``s = 2 - 4`` after ``\\hat y = 2`` and the given ``y = 4``)."""
    meanings = [_one_printing(printed_as.get(printed or "", {})) for printed in printed_numbers]
    wholes = all(len(meant) == 1 or (not meant and printed in givens)
                 for printed, meant in zip(printed_numbers, meanings))
    found = []
    for printed, meant in zip(printed_numbers, meanings):
        if len(meant) != 1 or not (wholes or "." in (printed or "") or "e" in (printed or "")):
            continue
        (quantity, after), first = next(iter(meant.items()))
        if first <= line:  # on its own line: the caller says whether the line prints it again
            found.append(Repeat(line, first, quantity, after, printed))
    return found


def _one_printing(meant: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """The quantities a number was printed as, those of one chain on one line (``= \\frac{-2}{3}(-9)
    = 6.0``: two arithmetic sides, one number) taken as the first: it is one printed number."""
    if len(meant) > 1 and len(set(meant.values())) == 1:
        first = next(iter(meant.items()))
        return dict([first])
    return meant


def times_printed(text: str, printed: str) -> int:
    """How often the number ``printed`` (its digits, sign left out) stands on its own in ``text``:
    ``so 1*3=3`` after ``dv/da=1``: 1 twice. A number printed again on its own line (an operand that
    restates a value the line stated before it) is a repeat only while the line prints it that often."""
    digits = re.escape(unsigned(printed))
    return len(re.findall(rf"(?<![\w.]){digits}(?![\w.]|\.\d)", text))


def repeat_rows(repeats: list[Repeat], numbers: list[dict]) -> list[dict]:
    """The rows of the repeats: each the row of the number on its first line, cited where it is printed
    again (``repeat_of``), a wrong one flagged again (``printed_again``)."""
    first = {(r["source"], r["quantity"], r["after"], str(r["document"]).lstrip("≈ ")): r for r in numbers}
    rows = []
    for rep in repeats:
        here, there = rep.place or f"line {rep.line}", rep.first_place or f"line {rep.first}"
        row = first.get((there, rep.quantity, rep.after, rep.printed))
        if row is not None:
            rows.append({**row, "name": f"{here}: as on {there}", "source": here, "repeat_of": there,
                         **printed_again(row, there)})
    return rows


def is_distinctive(digits: str) -> bool:
    """Enough printed digits to tell one number from another: two significant digits at least (trailing
    zeros count: they are printed precision) and two decimals or three significant digits."""
    whole, _, decimals = digits.partition(".")
    significant = (whole + decimals).lstrip("0")
    return len(significant) >= 2 and (len(decimals) >= 2 or len(significant) >= 3)


def unsigned(printed: object) -> str:
    """A printed number's digits, its sign and a leading ≈ left out (``≈ −0.3775`` → ``0.3775``)."""
    return str(printed).lstrip("≈~ ").replace("−", "-").lstrip("+-")


def carried_numbers(masked: str, checked: list[tuple[int, str]], givens: list[tuple[int, str]],
                    listed: dict[tuple[int, int], list[int]] | None = None) -> list[Carried]:
    """The numbers of ``masked`` (the text, code blanked) not checked on their own line that repeat a
    number ``checked`` (line, printed) on an earlier line or earlier on theirs. ``givens`` are numbers
    the graph starts from: accounted for on their line, never carried from. ``listed``: the numbers
    (line, column of the digits) of a list restating earlier lines' lists (``restated_lists``), with
    those lines: carried from the last of them that checked it, though too short to be recognised alone."""
    listed = listed or {}
    lines_of: dict[str, list[int]] = {}
    taken: dict[tuple[int, str], int] = {}  # (line, number as printed, sign included) → how many
    for line, printed in sorted(checked):
        lines_of.setdefault(unsigned(printed), []).append(line)
        taken[line, _signed_text(printed)] = taken.get((line, _signed_text(printed)), 0) + 1
    for line, printed in givens:
        taken[line, _signed_text(printed)] = taken.get((line, _signed_text(printed)), 0) + 1
    found = []
    for number, text in enumerate(masked.splitlines(), 1):
        seen: dict[str, int] = {}
        for m in _NUMBER.finditer(text):
            digits = m.group(2)
            printed = ("-" if m.group(1) else "") + digits  # `-1.0 \times 0.2338 = -0.2338`: two numbers
            seen[printed] = seen.get(printed, 0) + 1
            lines = lines_of.get(digits, [])
            restating = [n for n in listed.get((number, m.start(2)), []) if n in lines]
            if seen[printed] <= taken.get((number, printed), 0) or not (is_distinctive(digits) or restating):
                continue
            at = bisect.bisect_right(lines, number)  # the last line checking it up to this one
            if restating:
                found.append(Carried(number, printed, restating[-1]))
            elif at:
                found.append(Carried(number, printed, lines[at - 1]))
    return found


def _signed_text(printed: str) -> str:
    text = printed.lstrip("≈~ ").replace("−", "-").lstrip("+")
    return text if not text.startswith("-") else "-" + text.lstrip("-")


def carried_rows(carried: list[Carried], rows: list[dict]) -> list[dict]:
    """The report rows of the carried numbers that the row checking their number first found right;
    none where no such row was checked, or where that line's number was not found right."""
    checked: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        if row.get("verdict") in ("match", "mismatch"):
            key = (str(row.get("source")), unsigned(str(row.get("document", ""))))
            checked.setdefault(key, []).append(row)
    out = []
    confirmed = confirmed_families(rows, _NAMING_NOTHING)
    for c in carried:
        firsts = checked.get((c.first_source, unsigned(c.printed)), [])
        if not firsts or len({r["verdict"] for r in firsts}) != 1 \
                or not all(_believed(r, confirmed) for r in firsts):
            continue
        first = firsts[0]
        origin = first.get("repeat_of") or c.first_source  # a repeat's number: where it was checked
        sign = -1.0 if str(first["document"]).lstrip("≈~ ").replace("−", "-").startswith("-") \
            != c.printed.startswith("-") else 1.0
        engine = first.get("engine")
        out.append({**first, "name": f"{c.source}: as on {origin}", "document": c.printed,
                    "should_read": _signed(first.get("should_read"), sign),
                    "engine": sign * engine if isinstance(engine, (int, float)) else engine,
                    "source": c.source, "carried_from": origin, "row_kind": "carried",
                    **printed_again(first, origin)})
    return out


_NAMING_NOTHING = {"unexplained", "arithmetic", "carried"}  # causes that say no more than "it differs"


def _believed(row: dict, confirmed: set[str] = frozenset()) -> bool:
    """Is a row's verdict one to carry on? A match is; a mismatch when a diagnosis names what went
    wrong or it is a near miss (within 10%): a number far from its value with no cause named is more
    likely a misreading (a false alarm) than a slip, and is not repeated wherever the number is —
    unless it is one element of an indexed family whose reading the document confirms (``confirmed``:
    ``confirmed_families``), the document's own number then."""
    if row["verdict"] != "mismatch" or set(row.get("causes") or []) - _NAMING_NOTHING:
        return True
    if row.get("row_kind") == "number" and family(row.get("quantity")) in confirmed:
        return True
    printed, engine = _number(row.get("document")), row.get("engine")
    return isinstance(engine, (int, float)) and printed is not None \
        and abs(printed - engine) <= 0.1 * max(abs(printed), abs(engine))


def _number(text: object) -> float | None:
    try:
        return float(str(text).lstrip("≈~ ").replace("−", "-"))
    except ValueError:
        return None


def printed_again(row: dict, first: str) -> dict:
    """A wrong number printed again on a later line: its causes where it was first printed, and
    "carried" here (the document carries its own wrong number on); nothing for a right number."""
    if row["verdict"] != "mismatch":
        return {}
    causes = [c for c in row.get("causes") or [] if c not in ("carried", "unexplained")]
    return {"causes": [*causes, "carried"],
            "diagnosis": f"carried: the number printed on {first}, printed again "
                         f"({row.get('diagnosis')} there)"}


def _signed(text: object, sign: float) -> object:
    if sign > 0 or not isinstance(text, str):
        return text
    return text[1:] if text.startswith("-") else f"-{text}"
