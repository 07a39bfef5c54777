"""Iterates numbered by their step: after "start at $u_0 = 2$", $u_1$, $u_2$ … are u after one, two …
gradient steps on the document's function, checked against the engine's steps (``iterates``); a
network's w_1, w_2 (no w_0) stay two weights. Plain-Python truth."""

from __future__ import annotations

from nn.check import check_document
from nn.check.reader.iterates import iterate, started
from nn.check.reader.latex import Sym

ETA, U0 = 0.25, 2.0


def h(u: float) -> float:  # h(u) = (u - 1)^2 + 3
    return (u - 1) ** 2 + 3


def dh(u: float) -> float:
    return 2 * (u - 1)


def _iterates(n: int) -> list[float]:
    us = [U0]
    for _ in range(n):
        us.append(us[-1] - ETA * dh(us[-1]))
    return us


def _verdicts(tmp_path, printed: list[str]) -> dict[str, str]:
    lines = ["# Descent on h", "", "We minimise $h(u) = (u - 1)^2 + 3$.", "",
             f"Start at $u_0 = {U0:g}$ with the learning rate $\\eta = {ETA}$.", ""]
    lines += [f"- step {k}: $u_{k} = {value}$" for k, value in enumerate(printed, 1)]
    doc = tmp_path / "descent.md"
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    return {str(r["document"]): r["verdict"] for r in rows if r.get("row_kind") == "number"
            and int(r["source"].split()[-1]) >= 7}


def test_each_iterate_is_the_parameter_after_its_steps(tmp_path):
    us = _iterates(3)
    assert us == [2.0, 1.5, 1.25, 1.125]
    verdicts = _verdicts(tmp_path, ["1.5", "1.25", "1.125"])
    assert verdicts == {"1.5": "match", "1.25": "match", "1.125": "match"}


def test_a_wrong_iterate_is_flagged(tmp_path):
    verdicts = _verdicts(tmp_path, ["1.5", "1.20", "1.125"])  # u_2 = 1.25
    assert verdicts["1.20"] == "mismatch" and verdicts["1.5"] == "match"


def test_only_a_started_name_with_a_digit_index_is_an_iterate():
    assert started({"x_0", "x", "w_1", "w_2", "b"}) == {"x"}
    assert iterate(Sym("x", "3"), {"x"}) == ("x", 3)
    assert iterate(Sym("w", "2"), {"x"}) is None  # no w_0: w_1, w_2 are two weights
    assert iterate(Sym("x", "t"), {"x"}) is None and iterate(Sym("x", "3", "new"), {"x"}) is None
    assert iterate(Sym("x", "01"), {"x"}) is None


def test_an_iterates_update_reads_its_numbers_at_the_step_before(tmp_path):
    us = _iterates(2)
    assert dh(us[1]) == 1.0 and us[2] == 1.25
    lines = ["# Descent on h", "", "We minimise $h(u) = (u - 1)^2 + 3$.", "",
             f"Start at $u_0 = {U0:g}$ with the learning rate $\\eta = {ETA}$.", "",
             "$h'(u_1) = 2(1.5 - 1) = 1$", "", "$u_2 = 1.5 - 0.25 \\cdot 1.4 = 1.15$", ""]
    doc = tmp_path / "operands.md"
    doc.write_text("\n".join(lines), encoding="utf-8")
    rows = check_document(doc).as_dict()["rows"]
    at = {(int(r["source"].split()[-1]), str(r["document"])): r["verdict"] for r in rows
          if r.get("row_kind") == "number"}
    assert at[(7, "1")] == "match"  # h'(u_1): the gradient after one step
    assert at[(9, "1.4")] == "mismatch" and at[(9, "1.15")] == "mismatch"  # h'(u_1) = 1, u_2 = 1.25
    assert at[(9, "1.5")] == "match"  # u_1, the step before


def test_indexed_givens_from_zero_with_no_step_written_are_no_traceback(tmp_path):
    """w_0, w_1, w_2 all given and used: read as iterates of w (w_0 is given), a restated w_1 has no
    value before a step to compare a substituted update with — listed, never a KeyError."""
    doc = tmp_path / "indexed.md"
    doc.write_text("# Indexed\n\n" + "".join(f"$w_{{{k}}} = 0.5$\n\n" for k in range(3))
                   + "".join(f"$z_{{{k}}} = 2 w_{{{k}}} = 1.0$\n\n" for k in range(3)), encoding="utf-8")
    result = check_document(doc)
    rows = [r for r in result.as_dict()["rows"] if r.get("verdict") in ("match", "mismatch")]
    assert rows and all(r["verdict"] == "match" and float(r["document"]) == 2 * 0.5 for r in rows)
