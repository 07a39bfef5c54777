"""Committed notebooks carry no outputs, so their diffs show only what a person wrote.

nbmake (``--nbmake`` in pyproject's addopts) executes each notebook as its own test; this module
checks the files as committed. ``make strip`` removes outputs with nbstripout.
"""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def unstripped(nb: nbformat.NotebookNode) -> list[str]:
    """What ``make strip`` would remove: outputs, execution counts, saved widget state."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has execution count {cell.execution_count}")
    if "widgets" in nb.metadata:
        problems.append("the notebook metadata holds saved widget state")
    return problems


def test_there_are_notebooks_to_check():
    assert [p.name for p in NOTEBOOKS if p.name == "03_training.ipynb"] == ["03_training.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_valid_and_stripped(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    problems = unstripped(nb)
    assert not problems, f"notebooks/{path.name}: {'; '.join(problems)}; run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_the_default_python3_kernel(path):
    # "python3" is ipykernel's own kernel, which Jupyter starts with the interpreter it runs in
    # (the .venv's python under `make test`); a named kernel would need installing on every machine.
    assert nbformat.read(path, as_version=4).metadata.kernelspec.name == "python3"


def test_the_check_finds_outputs_counts_and_widget_state():
    nb = nbformat.v4.new_notebook()
    executed = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    executed.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), executed, nbformat.v4.new_code_cell("x = 1")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    assert unstripped(nb) == [
        "cell 1 has 1 output(s)",
        "cell 1 has execution count 3",
        "the notebook metadata holds saved widget state",
    ]
    nb.cells[1].outputs = []
    nb.cells[1].execution_count = None
    del nb.metadata["widgets"]
    assert unstripped(nb) == []


# ---- notebook 03's progress bars: what a static view (GitHub, nbconvert) shows ----------------------
TRAINING = Path(__file__).parent.parent / "notebooks" / "03_training.ipynb"


def code_cells(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_training_notebook_draws_no_widget_progress_bar():
    code = "\n".join(code_cells(TRAINING))
    assert not [w for w in ("tqdm.auto", "tqdm.notebook", "ipywidgets", "trange") if w in code]
    assert "tqdm(" not in code and code.count("progress_bar(range(") == 2


def test_a_saved_progress_bar_shows_its_final_state():
    from nbclient import NotebookClient

    setup = next(c for c in code_cells(TRAINING) if "def progress_bar" in c)
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell(setup),
                nbformat.v4.new_code_cell('for _ in progress_bar(range(50), desc="demo"):\n    pass')]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "display_data", outputs
    assert set(outputs[0].data) == {"text/plain"}  # no widget: every viewer shows this text
    text = outputs[0].data["text/plain"]
    assert text.startswith("demo: 100%|█") and "50/50" in text, text
