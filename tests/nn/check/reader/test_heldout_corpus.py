"""The held-out corpus (tests/data/documents-heldout): published worked examples kept apart from
the reading corpus so the reader can be measured on documents nobody tuned it to.

Only the truth files are asserted here (each derived number sits on the line it names, each
verdict agrees with its value at the printed precision, causes are in the vocabulary, givens are
printed where listed, nothing imported but math). The tool's figures on this corpus are measured
with ``python tests/data/documents/measure.py --corpus tests/data/documents-heldout`` and are
deliberately not floors: a floor would invite tuning to these documents.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3] / "data"
HELDOUT = DATA / "documents-heldout"


def _load_measure():
    spec = importlib.util.spec_from_file_location("heldout_measure", DATA / "documents" / "measure.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


measure = _load_measure()
FOLDERS = measure.documents(HELDOUT)


def test_heldout_corpus_has_at_least_8_documents_none_shared_with_the_corpus():
    assert len(FOLDERS) >= 8, [f.name for f in FOLDERS]
    tuned = {(f / "SOURCE.md").read_text(encoding="utf-8").partition("- URL:")[2].split()[0]
             for f in measure.documents() if (f / "SOURCE.md").is_file()}
    for folder in FOLDERS:
        url = (folder / "SOURCE.md").read_text(encoding="utf-8").partition("- URL:")[2].split()[0]
        assert url not in tuned, folder.name


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_truth_is_self_consistent(folder: Path):
    truth = measure.load_truth(folder)
    assert truth.records, "a held-out document derives at least one number"
    assert truth.document.suffix in (".md", ".ipynb")
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for field in ("URL", "Author", "Licence", "Fetched", "What it computes", "Errors found"):
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
    truth = measure.load_truth(folder)
    cells = json.loads(truth.document.read_text(encoding="utf-8"))["cells"]
    cell_of = measure.cell_of(truth.document)
    for r in truth.records:
        cell = cells[cell_of[r.line] - 1]
        text = "".join(cell["source"]) + json.dumps(cell.get("outputs", []))
        assert r.printed.lstrip("-") in text, (r.line, r.printed, cell_of[r.line])


def test_measure_reads_another_corpus_folder(tmp_path: Path, monkeypatch, capsys):
    """`measure.py --corpus FOLDER CHECKOUT` lists FOLDER's documents, not the default corpus."""
    folder = tmp_path / "corpus" / "doc"
    folder.mkdir(parents=True)
    (folder / "document.md").write_text("a = 0.5\n", encoding="utf-8")
    (folder / "truth.py").write_text("RECORDS = [(1, '0.5', 0.5, False, None)]\n", encoding="utf-8")
    seen = []
    monkeypatch.setattr(measure, "measure", lambda f, root: seen.append((f, root)) or measure.Figures(f.name))
    assert measure.main(["--corpus", str(tmp_path / "corpus"), str(tmp_path)]) == 0
    assert seen == [(folder, tmp_path)]
    assert "doc " in capsys.readouterr().out
    seen.clear()
    measure.main([str(tmp_path)])
    assert [f for f, _ in seen] == measure.documents() and len(seen) >= 20
