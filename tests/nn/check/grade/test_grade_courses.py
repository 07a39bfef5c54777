"""The recipes for nbgrader and otter-grader, run through real installs of both (dev extra).

nbgrader: a notebook with the student's answers and the recipe's test cell is executed (nbclient,
as nbgrader's autograde does) and scored by nbgrader's own ``determine_grade``. otter-grader: the
recipe's OK test is parsed and run by otter's own ``OKTestFile``. The scores must be the credit
``grade_answers`` gives, blank by blank.
"""

from pathlib import Path

import pytest

from nn.check.grade import Student, grade_answers, load_exercise, write_class
from nn.check.grade.courses import nbgrader_cell, otter_test
from nn.check.grade.exercise import answer_text


@pytest.fixture(scope="module")
def sheet_and_key(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    sheet = write_class(load_exercise("seed000"), [Student("alice", seed=11)], out)[0]
    return sheet, out / "keys" / "alice.toml"


def slipped_answers(sheet) -> dict[str, str]:
    """Right, except blank 2 with its sign flipped (later answers stay right) and blank 4 blank."""
    answers = {str(i + 1): a for i, a in enumerate(sheet.answers)}
    answers["2"] = answers["2"][1:] if answers["2"].startswith("-") else "-" + answers["2"]
    del answers["4"]
    return answers


def test_grade_answers_scores_what_a_test_cell_gives_it(sheet_and_key):
    sheet, key = sheet_and_key
    result = grade_answers(key, {str(i + 1): a for i, a in enumerate(sheet.answers)})
    assert result.status == "graded" and result.score == len(sheet.answers) == 10
    slipped = grade_answers(key, slipped_answers(sheet))
    rules = [b.rule for b in slipped.blanks]
    assert rules[1] == "sign" and rules[3] == "blank"
    assert set(rules[:1] + rules[2:3] + rules[4:]) == {"right"}
    assert slipped.score == pytest.approx(8 + 0.5)  # the exercise's own [exercise.credit]: sign = 0.5
    claimed = grade_answers(key, {"student": "bob", "1": sheet.answers[0]})
    assert claimed.status == "not graded" and "'bob'" in claimed.message
    floats = grade_answers(key, {"1": float(sheet.answers[0]), "2": None})
    assert floats.blanks[0].rule == "right" and floats.blanks[1].rule == "blank"
    assert "not a number" in floats.blanks[1].feedback


def test_the_nbgrader_recipe_cell_through_nbgrader(sheet_and_key):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    utils = pytest.importorskip("nbgrader.utils")
    sheet, key = sheet_and_key
    answers = slipped_answers(sheet)
    nb = nbformat.v4.new_notebook()
    student = nbformat.v4.new_code_cell(f"answers = {answers!r}")
    test = nbformat.v4.new_code_cell(nbgrader_cell(repr(str(key))))
    test.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": "backprop",
        "points": 10,
        "schema_version": 3,
    }
    nb.cells = [student, test]
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    score, points = utils.determine_grade(nb.cells[1])
    expected = grade_answers(key, answers)
    assert (score, points) == (pytest.approx(expected.score), 10.0)
    printed = "".join(o.get("text", "") for o in nb.cells[1].outputs if o.output_type == "stream")
    assert "The sign is wrong" in printed and "left blank" in printed


def test_the_otter_recipe_test_through_otter(sheet_and_key):
    ok_test = pytest.importorskip("otter.test_files.ok_test")
    sheet, key = sheet_and_key
    answers = slipped_answers(sheet)
    spec = otter_test(repr(str(key)), blanks=10)
    test_file = ok_test.OKTestFile.from_spec(spec, path=str(Path("tests") / "backprop.py"))
    test_file.run({"answers": answers})
    expected = grade_answers(key, answers)
    assert test_file.possible == pytest.approx(10)
    assert test_file.score == pytest.approx(expected.score)  # credits 1, 0.5, 0.75 and 0 in quarter steps
    failed = [r.message for r in test_file.test_case_results if not r.passed]
    assert any("The sign is wrong" in m for m in failed)


def test_answer_text_keeps_the_asked_digits():
    assert answer_text(-0.0105, 4) == "-0.01050"
    assert answer_text(0.40309751, 4) == "0.4031"
    assert answer_text(9.99996, 4) == "10.00"
    assert answer_text(-0.0000508, 3) == "-0.0000508"
