"""The held-out corpus (tests/data/documents-heldout): published worked examples kept apart from
the reading corpus so the reader can be measured on documents nobody tuned it to.

Only the truth files are asserted here (measure.soundness: SOURCE.md's fields, a plain-Python
truth, each derived number on the line it names, each verdict agreeing with its value at the
printed precision, causes in the vocabulary, givens printed where listed, notebook records in
their cell). The tool's figures on this corpus are measured with
``python tests/data/documents/measure.py --corpus tests/data/documents-heldout`` and are
deliberately not floors: a floor would invite tuning the reader to these documents.
"""

from __future__ import annotations

import importlib.util
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


def _url(folder: Path) -> str:
    return (folder / "SOURCE.md").read_text(encoding="utf-8").partition("- URL:")[2].split()[0]


def test_heldout_corpus_has_at_least_20_documents_none_shared_with_the_reading_corpus():
    assert len(FOLDERS) >= 20, [f.name for f in FOLDERS]
    tuned = {_url(f) for f in measure.documents()}
    assert [f.name for f in FOLDERS if _url(f) in tuned] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_truth_is_sound(folder: Path):
    assert measure.soundness(folder) == []


def test_soundness_names_every_kind_of_problem(tmp_path: Path):
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "document.md").write_text("x = 2, lr 0.1\ny = 2x = 4.5\n", encoding="utf-8")
    (folder / "SOURCE.md").write_text("- URL: u\n- Author: a\n", encoding="utf-8")
    (folder / "truth.py").write_text(
        "import os\nRECORDS = [(2, '4.5', 4.0, False, None)]\nGIVENS = [(1, '2', 2.0), (2, '0.1', 0.1)]\n",
        encoding="utf-8")
    problems = " | ".join(measure.soundness(folder))
    assert "SOURCE.md names no Licence" in problems and "names no Errors found" in problems
    assert "imports ['os']" in problems
    assert "disagrees but marked right" in problems
    assert "doc:2 given '0.1': not printed on that line" in problems and "doc:1 given" not in problems


def test_soundness_finds_a_notebook_record_outside_its_cell(tmp_path: Path):
    folder = tmp_path / "nb"
    folder.mkdir()
    (folder / "document.ipynb").write_text(
        '{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "source": ["a = 0.5"]\n  },\n'
        '  {\n   "cell_type": "code",\n   "source": ["b"],\n   "outputs": []\n  }\n ]\n}\n', encoding="utf-8")
    (folder / "SOURCE.md").write_text("".join(f"- {name}: …\n" for name in measure.SOURCE_FIELDS),
                                      encoding="utf-8")
    (folder / "truth.py").write_text("RECORDS = [(5, '0.5', 0.5, False, None)]\n", encoding="utf-8")
    assert measure.soundness(folder) == []
    (folder / "truth.py").write_text("RECORDS = [(9, '0.5', 0.5, False, None)]\n", encoding="utf-8")
    assert "nb:9 '0.5': not in the cell of that line" in measure.soundness(folder)


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
    assert "\ndoc " in capsys.readouterr().out
    seen.clear()
    measure.main([str(tmp_path)])
    assert [f for f, _ in seen] == measure.documents() and len(seen) >= 20
