"""Recipes for the tools courses run: nbgrader and otter-grader call ``grade_answers`` in a test.

nbgrader scores an autograder test cell by its output: a number is the cell's partial credit
(``nbgrader.utils.determine_grade``). ``nbgrader_cell`` is the source of such a cell: it grades the
notebook's ``answers`` against the student's key, prints the feedback and ends with the score.

otter-grader scores each test case all or nothing. ``otter_test`` writes an OK-format test (the
``test`` dict of an otter test file) with ``steps`` cases per blank, each worth ``1/steps`` of its
point and passed when the blank's credit reaches that step: a blank with credit 0.75 passes three of
four cases and earns 0.75 of its point. Each case prints the blank's feedback when it fails.

Both recipes only read ``answers`` (a dict of strings the student's notebook defines) and the key;
the course tool runs the notebook, this code never runs anything of a hand-in.
"""

from __future__ import annotations

__all__ = ["nbgrader_cell", "otter_test"]


def nbgrader_cell(key: str, answers: str = "answers") -> str:
    """An nbgrader autograder test cell: ``key`` is a Python expression for the key's path (e.g.
    ``f"/srv/course/keys/{student}.toml"``), ``answers`` the name of the student's answers dict."""
    return (
        "from nn.check.grade import grade_answers\n"
        f"result = grade_answers({key}, {answers})\n"
        "print(result.feedback())\n"
        "result.score  # nbgrader takes this number as the cell's partial credit\n"
    )


def otter_test(
    key: str, blanks: int, name: str = "backprop", steps: int = 4, answers: str = "answers"
) -> dict:
    """An OK-format otter test: ``steps`` cases per blank, each worth 1/steps point (see the module doc)."""
    cases = []
    for i in range(blanks):
        for step in range(1, steps + 1):
            need = step / steps
            code = (
                ">>> from nn.check.grade import grade_answers\n"
                f">>> blank = grade_answers({key}, {answers}).blanks[{i}]\n"
                f">>> blank.credit >= {need!r} or blank.feedback\n"
                "True\n"
            )
            cases.append(
                {
                    "name": f"{name} blank {i + 1}, credit {need:g}",
                    "code": code,
                    "hidden": False,
                    "points": 1 / steps,
                }
            )
    return {
        "name": name,
        "points": None,
        "suites": [{"cases": cases, "scored": True, "setup": "", "teardown": "", "type": "doctest"}],
    }
