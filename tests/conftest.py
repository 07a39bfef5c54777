"""Shared test fixtures: the golden-file check and the documents' reference example.

Golden files live in tests/golden/. ``STEPGRAD_UPDATE_GOLDEN=1 python -m pytest ...`` rewrites them
from the current output; review the change with ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the checkout
DATA = ROOT / "tests" / "data"  # documents and example files the tests read
GOLDEN = ROOT / "tests" / "golden"

# tests/data holds documents, not tests: its published notebooks are read by the checker, never run.
collect_ignore = ["data"]
UPDATE = os.environ.get("STEPGRAD_UPDATE_GOLDEN") == "1"


def check_golden(name: str, actual: str) -> None:
    """Fail with a unified diff unless ``actual`` equals tests/golden/``name`` (or rewrite it)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"no golden file {path}; create it with STEPGRAD_UPDATE_GOLDEN=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "actual"))
        pytest.fail(f"output differs from golden/{name} (STEPGRAD_UPDATE_GOLDEN=1 to accept):\n{diff}")


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """``golden(name, text)``: compare text with tests/golden/name (see ``check_golden``)."""
    return check_golden


@pytest.fixture
def repo_root() -> Path:
    """The checkout's root folder (where pyproject.toml, docs/ and nn/ are)."""
    return ROOT


@pytest.fixture
def data_dir() -> Path:
    """tests/data: the documents and worked-example files the tests read."""
    return DATA


@pytest.fixture
def mazur_head() -> str:
    """tests/data/mazur_2_2_2.toml up to its first [[document]] row: the Mazur 2-2-2 network, its
    parameters and one training step, ready for a test to append its own rows."""
    return (DATA / "mazur_2_2_2.toml").read_text(encoding="utf-8").split("[[document]]")[0]


@pytest.fixture
def seed000_loss():
    """The loss of the bundled reference example (seed 000's 2-2-1 network), before backward."""
    from nn.check import load_example

    return load_example("seed000").loss()


@pytest.fixture(autouse=True)
def no_hook_outlives_its_test():
    """A hook left registered keeps its node alive and sends autograd.jit down the eager path in
    every later test: each test removes what it registers."""
    from autograd.engine import clear_hooks, registered_hooks

    yield
    leaked = registered_hooks()
    clear_hooks()
    assert not leaked, f"hooks left registered on {leaked}: call the function register_hook returned"


def doubling_ratio(run: Callable[[object], object], small: object, large: object, rounds: int = 3) -> float:
    """How much longer ``run(large)`` takes than ``run(small)`` (the input twice as large): the best
    of ``rounds`` interleaved runs each, so that a busy machine slows both alike. A reader linear in
    its input gives about 2, a quadratic one about 4. CPU time of this process, not the wall clock:
    other processes on a busy machine do not count."""
    import gc
    import time

    best = {id(small): float("inf"), id(large): float("inf")}
    for _ in range(rounds):
        for arg in (small, large):
            gc.collect()
            gc.disable()  # the collector's pauses depend on what else lives in the process, not on the reader
            try:
                start = time.process_time()
                run(arg)
                best[id(arg)] = min(best[id(arg)], time.process_time() - start)
            finally:
                gc.enable()
    return best[id(large)] / best[id(small)]


@pytest.fixture
def time_ratio() -> Callable[..., float]:
    """``time_ratio(run, small, large)``: see ``doubling_ratio``."""
    return doubling_ratio


class CpuTimeExceeded(AssertionError):
    """One input took longer than its limit in CPU time."""


@contextmanager
def within_cpu_seconds(seconds: float, what: object = ""):
    """The block takes under ``seconds`` of this thread's CPU time: a bound on the code's own work that
    other processes on a busy machine do not stretch (hypothesis' ``deadline`` is wall-clock time)."""
    import time

    start = time.thread_time()
    try:
        yield
    finally:  # an input that ends in the reader's own error is bounded too
        spent = time.thread_time() - start
        if spent > seconds:
            raise CpuTimeExceeded(f"{spent:.2f} s of CPU time (limit {seconds} s) on {what!r:.200}")


@pytest.fixture
def cpu_limit() -> Callable[..., object]:
    """``with cpu_limit(2.0, input): ...``: see ``within_cpu_seconds``."""
    return within_cpu_seconds


class Notebooks:
    """Notebooks made for a test with nbformat (one definition for every reader test):
    ``stdout(text)`` / ``result(text)`` are a code cell's printed output and its result,
    ``writes(*cells)`` the notebook's JSON text, ``write(tmp_path, *cells)`` a ``lesson.ipynb`` file."""

    def __init__(self) -> None:
        import nbformat

        self.nbformat = nbformat
        self.v4 = nbformat.v4

    def stdout(self, text: str):
        return self.v4.new_output("stream", name="stdout", text=text)

    def result(self, text: str):
        return self.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)

    def writes(self, *cells) -> str:
        return self.nbformat.writes(self.v4.new_notebook(cells=list(cells)))

    def write(self, tmp_path: Path, *cells) -> Path:
        path = tmp_path / "lesson.ipynb"
        path.write_text(self.writes(*cells), encoding="utf-8")
        return path


@pytest.fixture
def notebooks() -> Notebooks:
    """See ``Notebooks``."""
    pytest.importorskip("nbformat")
    return Notebooks()


def central_difference(f: Callable[..., float], point: list[float], k: int, h: float = 1e-6) -> float:
    """∂f/∂(argument k) at ``point`` by a central difference: the plain-Python truth of a derivative."""
    up, down = list(point), list(point)
    up[k] += h
    down[k] -= h
    return (f(*up) - f(*down)) / (2 * h)


@pytest.fixture
def slope() -> Callable[..., float]:
    """``slope(f, [x, y], k)``: see ``central_difference``."""
    return central_difference


@pytest.fixture
def document_file(tmp_path) -> Callable[..., Path]:
    """``document_file(text, name="notes.md")``: a document with that text written to tmp_path/name
    (the suffix decides how it is read: .md, .html, .ipynb, ...)."""
    def write(text: str, name: str = "notes.md") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def check_text(document_file) -> Callable[..., object]:
    """``check_text(text, name="notes.md", setup=None)``: the ``DocumentReport`` of a document with that
    text (``document_file``), read with no setup unless ``setup`` (a path) is given."""
    from nn.check import check_document

    def check(text: str, name: str = "notes.md", setup: object = None):
        return check_document(document_file(text, name), setup)
    return check


def every_number_row(result) -> list:
    """The checker's number rows (report ``Row`` objects) of every example of a document's check."""
    return [r for part in result.all() if part.report for r in part.report.rows if r.kind == "number"]


@pytest.fixture
def number_rows() -> Callable[[object], list]:
    """``number_rows(result)``: see ``every_number_row``."""
    return every_number_row


@pytest.fixture
def rows_by_quantity() -> Callable[[object], dict]:
    """``rows_by_quantity(result)``: (quantity, steps after, number as printed) → the number row
    checking it, over every example of a document's check."""
    def rows(result) -> dict:
        return {(r.number.quantity, r.number.after, r.number.value): r for r in every_number_row(result)}
    return rows


@pytest.fixture
def verdicts_by_quantity(rows_by_quantity) -> Callable[[object], dict]:
    """``verdicts_by_quantity(result)``: (quantity, steps after, number as printed) → its verdict
    ("match" / "mismatch"), over every example (``rows_by_quantity``)."""
    def verdicts(result) -> dict:
        return {key: row.verdict for key, row in rows_by_quantity(result).items()}
    return verdicts


@pytest.fixture
def not_checked() -> Callable[[object], list[tuple[int, str, str]]]:
    """``not_checked(result)``: (line, text, reason) of every number listed as not checked, over every
    example of a document's check."""
    def entries(result) -> list[tuple[int, str, str]]:
        return [(s.line, s.text, s.reason) for part in result.all() for s in part.reading.skipped]
    return entries


@pytest.fixture
def row_dicts() -> Callable[..., list[dict]]:
    """``row_dicts(result, *kinds)``: the JSON rows (``as_dict``) of every example of a document's check,
    in order; only rows of those ``row_kind`` values when kinds are given ("number", "arithmetic",
    "carried", ...)."""
    def rows(result, *kinds: str) -> list[dict]:
        return [r for part in result.all() for r in part.part_dict()["rows"]
                if not kinds or r.get("row_kind") in kinds]
    return rows


def cited_rows(result) -> list[tuple[int, dict]]:
    """(line, JSON row) of every row checked (match or mismatch) that cites a line, over every example."""
    return [(int(r["source"].split()[1]), r) for r in result.as_dict()["rows"]
            if r["verdict"] in ("match", "mismatch") and str(r.get("source", "")).startswith("line ")]


@pytest.fixture
def printed_rows() -> Callable[[object], dict[tuple[int, str], dict]]:
    """``printed_rows(result)``: (line, number as printed, without "≈ ") → the first row checking it
    (``cited_rows``)."""
    def rows(result) -> dict[tuple[int, str], dict]:
        by_printed: dict[tuple[int, str], dict] = {}
        for line, row in cited_rows(result):
            by_printed.setdefault((line, str(row["document"]).lstrip("≈ ")), row)
        return by_printed
    return rows


@pytest.fixture
def document_rows(check_text) -> Callable[[str], dict[int, list[dict]]]:
    """``document_rows(text)``: the rows checked (match or mismatch) of a Markdown document with that
    text, read with no setup, by the line they cite."""
    def rows(text: str) -> dict[int, list[dict]]:
        by_line: dict[int, list[dict]] = {}
        for line, row in cited_rows(check_text(text, "example.md")):
            by_line.setdefault(line, []).append(row)
        return by_line
    return rows
