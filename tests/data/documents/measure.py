"""The reading corpus and its measurement: what `stepgrad check DOC` finds against the truth.

Every folder beside this file is one published worked example:

- the document as published (``document.md`` or ``document.ipynb``, never corrected);
- ``SOURCE.md``: where it comes from, its author and licence, what it computes;
- ``truth.py``: an independent plain-Python recomputation (the math module only) of every number
  the document derives, as ``RECORDS`` of ``(line, printed, true_value, wrong, cause)``; the
  document's givens (inputs, weights, targets, learning rate) are listed apart as ``GIVENS`` of
  ``(line, printed, value)``.

``line`` is the 1-based line of the document file (for a notebook, the line of the ``.ipynb``
file's JSON text; ``cell_of`` turns it into the cell number). ``printed`` is the number as the
document prints it, sign included. ``wrong`` says whether that printed number is wrong at its
printed precision (:func:`agrees`), ``cause`` why, in the small vocabulary ``CAUSES``.

This module is loaded by path (``importlib``), so it imports nothing from the project: the truth
stays independent of the tool it measures. ``measure(folder)`` runs the CLI with no setup and
compares its JSON report with the truth; ``python measure.py`` prints the table.

``python measure.py --corpus tests/data/documents-heldout`` measures another folder of documents
kept the same way: the held-out corpus, which no engineer tunes the reader to.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

CAUSES = frozenset({
    "sign", "factor2", "half", "digit_slip", "transposed_digits", "rounding_carried", "carried_error",
    "truncated", "stale_weights", "updated_weights", "dropped_path", "other_quantity", "float32",
    "premise", "arithmetic", "unknown",
})

# The causes, in short: rounding_carried = built on the document's own earlier number, rounded right
# but too coarse for this one; carried_error = built on the document's own earlier WRONG number;
# truncated = cut off instead of rounded; digit_slip = one digit (or the decimal point) wrong;
# arithmetic = a slip in this very operation not better named; premise = a given that contradicts
# the document's other givens.

# The tool's cause names (row "causes" in `--format json`) in the corpus vocabulary; "carried"
# stands for both kinds of carrying.
TOOL_CAUSES = {
    "carried": "rounding_carried carried_error", "rounding": "rounding_carried", "truncated": "truncated",
    "sign": "sign", "factor2": "factor2", "double": "factor2", "half": "half",
    "digit": "digit_slip", "digit_slip": "digit_slip", "transposed": "transposed_digits",
    "swapped": "transposed_digits", "stale": "stale_weights", "stale_weights": "stale_weights",
    "updated": "updated_weights", "updated_weights": "updated_weights", "dropped_path": "dropped_path",
    "dropped": "dropped_path", "other_quantity": "other_quantity", "float32": "float32",
    "premise": "premise", "arithmetic": "arithmetic", "inherits": "carried_error",
}

_NUMBER = re.compile(r"[-+−]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Record:
    line: int
    printed: str
    true: float
    wrong: bool
    cause: str | None


@dataclass
class Truth:
    folder: Path
    document: Path
    records: list[Record]
    givens: list[tuple[int, str, float]]


def printed_value(text: str) -> float:
    """The value of a number as printed: "−0.0105" (Unicode minus), "≈ 0.59", "5.05e-05"."""
    return float(text.replace("−", "-").lstrip("≈~ ").replace(" ", ""))


def half_unit(text: str) -> float:
    """Half a unit in the last printed place of ``text``."""
    s = text.replace("−", "-").lstrip("≈~ +-")
    mantissa, _, exponent = s.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def agrees(printed: str, true: float) -> bool:
    """Is ``printed`` what ``true`` rounds to at the printed precision (half a unit, a hair of slack)?"""
    p = printed_value(printed)
    return abs(true - p) <= half_unit(printed) * (1 + 1e-9) + 1e-12 * max(1.0, abs(true))


def load_truth(folder: Path) -> Truth:
    spec = importlib.util.spec_from_file_location(f"truth_{folder.name.replace('-', '_')}",
                                                  folder / "truth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    document = next(p for p in sorted(folder.iterdir()) if p.stem == "document")
    records = [Record(*r) for r in module.RECORDS]
    return Truth(folder, document, records, list(getattr(module, "GIVENS", [])))


def documents(corpus: Path = HERE) -> list[Path]:
    """The document folders of ``corpus`` (default: this one): each folder with a ``truth.py``."""
    return sorted(p for p in corpus.iterdir() if (p / "truth.py").is_file())


def cell_of(document: Path) -> dict[int, int]:
    """For a notebook: line of the .ipynb text → cell number (1-based); {} for Markdown."""
    if document.suffix != ".ipynb":
        return {}
    cells, cell = {}, 0
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(r'\s*"cell_type"\s*:', line):
            cell += 1
        cells[number] = cell
    return cells


def self_check(truth: Truth) -> list[str]:
    """Problems in a truth file itself: a printed text not on its line, a verdict its value denies."""
    lines = truth.document.read_text(encoding="utf-8").splitlines()
    problems = []
    for r in truth.records:
        where = f"{truth.folder.name}:{r.line} {r.printed!r}"
        if not 1 <= r.line <= len(lines):
            problems.append(f"{where}: no such line")
            continue
        bare = r.printed.replace("−", "-").lstrip("≈~ ")
        found = [m.group() for m in _NUMBER.finditer(lines[r.line - 1].replace("−", "-"))]
        if bare not in found and bare.lstrip("+-") not in [f.lstrip("+-") for f in found]:
            problems.append(f"{where}: not printed on that line")
        if not math.isfinite(r.true):
            problems.append(f"{where}: true value {r.true} is not finite")
        elif agrees(r.printed, r.true) == r.wrong:
            problems.append(f"{where}: true {r.true!r} {'agrees' if r.wrong else 'disagrees'} but "
                            f"marked {'wrong' if r.wrong else 'right'}")
        if r.wrong and r.cause not in CAUSES:
            problems.append(f"{where}: cause {r.cause!r} not in the vocabulary")
        if not r.wrong and r.cause is not None:
            problems.append(f"{where}: a right number has a cause")
    return problems


SOURCE_FIELDS = ("URL", "Author", "Licence", "Fetched", "What it computes", "Errors found")


def _imports(truth_file: Path) -> set[str]:
    nodes = list(ast.walk(ast.parse(truth_file.read_text(encoding="utf-8"))))
    names = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module or "" for node in nodes if isinstance(node, ast.ImportFrom)}
    return {name.split(".")[0] for name in names}


def _givens_problems(truth: Truth) -> list[str]:
    lines = truth.document.read_text(encoding="utf-8").splitlines()
    problems = []
    for line, printed, value in truth.givens:
        where = f"{truth.folder.name}:{line} given {printed!r}"
        text = lines[line - 1].replace("−", "-") if 1 <= line <= len(lines) else ""
        if printed.replace("−", "-").lstrip("+-") not in text:
            problems.append(f"{where}: not printed on that line")
        elif not math.isclose(printed_value(printed), value, abs_tol=1e-12):
            problems.append(f"{where}: listed as {value!r}")
    return problems


def _cell_problems(truth: Truth) -> list[str]:
    """A notebook's records each fall in a cell (source or outputs) that prints them."""
    if truth.document.suffix != ".ipynb":
        return []
    cells = json.loads(truth.document.read_text(encoding="utf-8"))["cells"]
    cell_of_line = cell_of(truth.document)
    problems = []
    for r in truth.records:
        number = cell_of_line.get(r.line, 0)
        cell = cells[number - 1] if number else {"source": []}
        if r.printed.lstrip("-") not in "".join(cell["source"]) + json.dumps(cell.get("outputs", [])):
            problems.append(f"{truth.folder.name}:{r.line} {r.printed!r}: not in the cell of that line")
    return problems


def soundness(folder: Path) -> list[str]:
    """Everything wrong with a corpus folder as a truth: SOURCE.md's fields, a truth that imports
    more than math, :func:`self_check`, givens not printed where listed, notebook records outside
    the cell that prints them."""
    truth = load_truth(folder)
    source = folder / "SOURCE.md"
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    problems = [f"{folder.name}: SOURCE.md names no {name}" for name in SOURCE_FIELDS if name not in text]
    if not truth.records:
        problems.append(f"{folder.name}: no derived number recorded")
    if not _imports(folder / "truth.py") <= {"math"}:
        problems.append(f"{folder.name}: truth.py imports {sorted(_imports(folder / 'truth.py'))}")
    return problems + self_check(truth) + _givens_problems(truth) + _cell_problems(truth)


@dataclass
class Figures:
    name: str
    derived: int = 0
    wrong: int = 0
    checked: int = 0
    false_alarms: int = 0
    flagged: int = 0
    right_cause: int = 0
    exit_code: int | None = None
    message: str = ""
    problems: list[str] = field(default_factory=list)


ROOT = HERE.parents[2]  # the checkout whose `nn` is measured


def run_check(document: Path, root: Path = ROOT, timeout: float = 120.0) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "nn", "check", str(document), "--format", "json"]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=root)


def _row_line(row: dict, cells: dict[int, int]) -> tuple[str, int] | None:
    """Where a report row says its number is: ("line", n) or ("cell", n)."""
    for key in ("line", "cell"):
        if isinstance(row.get(key), int):
            return key, row[key]
    text = f"{row.get('source') or ''} {row.get('name') or ''}"
    m = re.search(r"\b(line|cell)\s+(\d+)", text)
    return (m.group(1), int(m.group(2))) if m else None


def _row_value(row: dict) -> float | None:
    m = _NUMBER.search(str(row.get("document", "")).replace("−", "-"))
    return float(m.group()) if m else None


def _tool_causes(row: dict) -> set[str]:
    return {cause for c in row.get("causes") or [] for cause in TOOL_CAUSES.get(c, c).split()}


def compare(truth: Truth, report: dict) -> Figures:
    """Match the report's rows to the truth by line (or notebook cell) and printed value."""
    cells = cell_of(truth.document)
    figures = Figures(truth.folder.name, derived=len(truth.records),
                      wrong=sum(r.wrong for r in truth.records))
    rows = [row for row in report.get("rows", []) if row.get("verdict") in ("match", "mismatch")]
    used: set[int] = set()
    alarmed: set[int] = set()  # the records (right numbers) some row calls wrong

    def at(row: dict, r: Record) -> bool:
        where, value = _row_line(row, cells), _row_value(row)
        want = printed_value(r.printed)
        if where is None or value is None or abs(value - want) > 1e-12 * max(1, abs(want)):
            return False
        kind, n = where
        return (kind == "line" and n == r.line) or (kind == "cell" and cells.get(r.line) == n)

    for k, r in enumerate(truth.records):
        for i, row in enumerate(rows):
            if i in used or not at(row, r):
                continue
            used.add(i)
            figures.checked += 1
            flagged = row["verdict"] == "mismatch"
            if flagged and not r.wrong:
                alarmed.add(k)
            if flagged and r.wrong:
                figures.flagged += 1
                figures.right_cause += r.cause in _tool_causes(row)
            break
    for i, row in enumerate(rows):  # a further row on a right number that calls it wrong is an alarm too
        if i in used or row["verdict"] != "mismatch":
            continue
        same = [k for k, r in enumerate(truth.records) if at(row, r)]
        if same and not any(truth.records[k].wrong for k in same):
            alarmed.add(same[0])
    figures.false_alarms = len(alarmed)
    return figures


def measure(folder: Path, root: Path = ROOT) -> Figures:
    truth = load_truth(folder)
    done = run_check(truth.document, root)
    figures = Figures(folder.name, derived=len(truth.records), wrong=sum(r.wrong for r in truth.records))
    figures.exit_code = done.returncode
    if "Traceback" in done.stderr or done.returncode not in (0, 1, 2):
        figures.problems.append(f"exit {done.returncode}: {done.stderr.strip()[-300:]}")
        return figures
    if done.returncode == 2:
        figures.message = done.stderr.strip()
        if len(figures.message.splitlines()) != 1:
            figures.problems.append(f"exit 2 with {len(figures.message.splitlines())} lines of message")
        return figures
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as e:
        figures.problems.append(f"exit {done.returncode} but no JSON report: {e}")
        return figures
    measured = compare(truth, report)
    measured.exit_code = done.returncode
    return measured


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def table(all_figures: list[Figures]) -> str:
    header = (f"{'document':38} {'numbers':>7} {'wrong':>5} {'checked':>7} {'false al.':>9} "
              f"{'flagged':>7} {'cause ok':>8}  exit")
    lines = [header, "-" * len(header)]
    total = Figures("total")
    for f in all_figures:
        lines.append(f"{f.name:38} {f.derived:7} {f.wrong:5} {percent(f.checked, f.derived):>7} "
                     f"{f.false_alarms:9} {percent(f.flagged, f.wrong):>7} "
                     f"{percent(f.right_cause, f.flagged):>8}  {f.exit_code}")
        for name in ("derived", "wrong", "checked", "false_alarms", "flagged", "right_cause"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
    lines.append("-" * len(header))
    lines.append(f"{'total':38} {total.derived:7} {total.wrong:5} {percent(total.checked, total.derived):>7} "
                 f"{total.false_alarms:9} {percent(total.flagged, total.wrong):>7} "
                 f"{percent(total.right_cause, total.flagged):>8}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python measure.py [--corpus FOLDER] [CHECKOUT]`: measure the `nn` of CHECKOUT (default: this
    one) on the documents of FOLDER (default: this corpus; e.g. tests/data/documents-heldout)."""
    corpus, argv = HERE, list(argv)
    if "--corpus" in argv[:-1]:
        at = argv.index("--corpus")
        corpus = Path(argv.pop(at + 1)).resolve()
        del argv[at]
    root = Path(argv[0]).resolve() if argv else ROOT
    all_figures = [measure(folder, root) for folder in documents(corpus)]
    print(table(all_figures))
    for f in all_figures:
        for p in f.problems:
            print(f"{f.name}: {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
