"""Grading a class: an exercise per student, every hand-in graded, the class's mistakes at a glance.

- ``exercise``: an exercise file (a worked example + ``[exercise]``: ranges, digits, credit) and
  one student's well-conditioned draw (``draw_sheet``): the sheet to hand out and the answer key;
- ``roster``: the roster in, ``sheets/``, ``keys/`` and ``class.toml`` out (``write_class``);
- ``handin``: reading hand-ins (.md sheet, .toml, .ipynb, a CSV row per student), never executed;
- ``scoring``: the partial-credit rules and each blank's feedback;
- ``grader``: each hand-in against its own key (``grade_handins``), one student's failure never the
  class's;
- ``courses``: recipes for nbgrader and otter-grader (a test cell that calls ``grade_answers``);
- ``classreport``: the report: HTML (a table and a chart), CSV, JSON and a page per student.

``nn.check.grade_handins`` is ``grader.grade_handins``; ``stepgrad new --exercise`` and ``stepgrad
grade`` are the commands.
"""

from nn.check.grade.exercise import Exercise, ExerciseError, Sheet, draw_sheet, load_exercise
from nn.check.grade.grader import (
    ClassResult,
    StudentResult,
    grade_answers,
    grade_handins,
    load_class,
    load_key,
)
from nn.check.grade.roster import Student, read_roster, write_class
from nn.check.grade.scoring import CREDIT, RULES

__all__ = [
    "Exercise",
    "ExerciseError",
    "Sheet",
    "draw_sheet",
    "load_exercise",
    "ClassResult",
    "StudentResult",
    "grade_handins",
    "grade_answers",
    "load_class",
    "load_key",
    "Student",
    "read_roster",
    "write_class",
    "CREDIT",
    "RULES",
]
