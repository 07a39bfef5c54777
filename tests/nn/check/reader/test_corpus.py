"""The reading corpus (tests/data/documents): published worked examples read with no setup.

Two kinds of assertion:

- the truth files themselves are sound: every derived number sits on the line it names, every
  number marked right rounds from its true value at the printed precision and every number marked
  wrong does not, every cause is in the vocabulary, the document and its SOURCE.md are there;
- the tool never crashes on a corpus document (exit 0, 1, or 2 with one line), and its figures
  against the truth are measured and printed. Floors on those figures are set once the reader
  (issue 20) is merged; until then they are reported, not asserted.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).resolve().parents[3] / "data" / "documents"


def _load_measure():
    spec = importlib.util.spec_from_file_location("corpus_measure", DOCUMENTS / "measure.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


measure = _load_measure()
FOLDERS = measure.documents()


def test_corpus_has_at_least_20_documents():
    assert len(FOLDERS) >= 20, [f.name for f in FOLDERS]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_truth_is_self_consistent(folder: Path):
    truth = measure.load_truth(folder)
    assert truth.records, "a document in the corpus derives at least one number"
    assert truth.document.suffix in (".md", ".ipynb")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for field in ("URL", "Author", "Licence", "Fetched", "What it computes"):
        assert field in source, f"SOURCE.md names no {field}"
    assert measure.self_check(truth) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_truth_is_independent_of_the_tool(folder: Path):
    """A truth file is plain Python: it imports the math module or nothing, never the project."""
    tree = ast.parse((folder / "truth.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported <= {"math"}, imported


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_givens_are_printed_where_listed(folder: Path):
    truth = measure.load_truth(folder)
    lines = truth.document.read_text(encoding="utf-8").splitlines()
    for line, printed, value in truth.givens:
        assert printed.replace("−", "-").lstrip("+-") in lines[line - 1].replace("−", "-"), (line, printed)
        assert math.isclose(measure.printed_value(printed), value, abs_tol=1e-12), (line, printed)


NOTEBOOKS = [f for f in FOLDERS if (f / "document.ipynb").is_file()]


@pytest.mark.parametrize("folder", NOTEBOOKS, ids=[f.name for f in NOTEBOOKS])
def test_notebook_records_fall_in_the_cell_that_prints_them(folder: Path):
    """cell_of (line of the .ipynb text → cell) puts each record in a cell whose text prints it."""
    truth = measure.load_truth(folder)
    cells = json.loads(truth.document.read_text(encoding="utf-8"))["cells"]
    cell_of = measure.cell_of(truth.document)
    for r in truth.records:
        cell = cells[cell_of[r.line] - 1]
        text = "".join(cell["source"]) + json.dumps(cell.get("outputs", []))
        assert r.printed.lstrip("-") in text, (r.line, r.printed, cell_of[r.line])


def test_precision_rule():
    assert measure.agrees("0.6225", 0.62245933)
    assert not measure.agrees("0.2395", 0.23943)
    assert measure.agrees("-0.0105", -0.010500000000000011)
    assert measure.agrees("0.3", 0.25) and not measure.agrees("0.2", 0.2500001)
    assert measure.agrees("5.05e-05", 5.0499e-05) and not measure.agrees("5.05e-05", 5.06e-05)
    assert measure.agrees("≈ −0.75", -0.7504)


def test_self_check_catches_a_wrong_verdict(tmp_path: Path):
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "document.md").write_text("z = 0.1 + 0.2 = 0.3\ny = 0.59\n", encoding="utf-8")
    (folder / "truth.py").write_text(
        "RECORDS = [(1, '0.3', 0.1 + 0.2, False, None), (2, '0.59', 0.5963, False, None),\n"
        "           (2, '0.6', 0.6, False, None), (1, '0.3', 0.31, True, 'no_such_cause')]\n",
        encoding="utf-8")
    problems = measure.self_check(measure.load_truth(folder))
    assert len(problems) == 4, problems
    assert "disagrees but marked right" in problems[0]
    assert "not printed on that line" in problems[1]
    assert "not in the vocabulary" in " ".join(problems)


def test_compare_matches_rows_by_line_and_value(tmp_path: Path):
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "document.md").write_text("a = 0.5\nb = 0.25 and 0.7\n", encoding="utf-8")
    (folder / "truth.py").write_text(
        "RECORDS = [(1, '0.5', 0.5, False, None), (2, '0.25', 0.25, False, None),\n"
        "           (2, '0.7', 0.75, True, 'rounding_carried')]\n", encoding="utf-8")
    report = {"rows": [
        {"source": "line 1", "document": "0.5", "verdict": "mismatch", "causes": []},
        {"source": "line 2", "document": "≈ 0.7", "verdict": "mismatch", "causes": ["carried"]},
        {"source": "line 3", "document": "0.25", "verdict": "match", "causes": []},
    ]}
    figures = measure.compare(measure.load_truth(folder), report)
    assert (figures.derived, figures.wrong, figures.checked) == (3, 1, 2)
    assert (figures.false_alarms, figures.flagged, figures.right_cause) == (1, 1, 1)


FLOOR_CHECKED = 1525  # of 1,613 derived numbers (1,532 today, 95.0%)
CEILING_FALSE_ALARMS = 0
FLOOR_FLAGGED = 266  # of 270 wrong numbers (269 today, 99.6%)
FLOOR_RIGHT_CAUSE = 235  # of the flagged ones (239 today, 88.8%)


def test_tool_on_the_corpus_never_crashes_and_reports_figures(capsys):
    all_figures = [measure.measure(folder) for folder in FOLDERS]
    with capsys.disabled():
        print("\n" + measure.table(all_figures))
    problems = [f"{f.name}: {p}" for f in all_figures for p in f.problems]
    assert problems == []
    for f in all_figures:
        assert f.exit_code in (0, 1, 2), f.name
    # Floors against regression, at what the reader reaches today with no setup (README, issue 20's
    # 90% / 95% / 75% targets, met on this corpus the reader was built against; the held-out corpus
    # is far below them). Raise them as the reader improves.
    total = sum(f.checked for f in all_figures), sum(f.false_alarms for f in all_figures)
    flagged, right = sum(f.flagged for f in all_figures), sum(f.right_cause for f in all_figures)
    assert total[0] >= FLOOR_CHECKED and total[1] <= CEILING_FALSE_ALARMS, total
    assert flagged >= FLOOR_FLAGGED and right >= FLOOR_RIGHT_CAUSE, (flagged, right)
