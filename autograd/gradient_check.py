"""`gradcheck`: compare the engine's gradients with central finite differences, for any function.

Like ``torch.autograd.gradcheck``: a learner who writes a new operation, or doubts a gradient,
calls ``gradcheck(f, [0.3, -1.2])`` and gets the worst disagreement and the input where it
happens, instead of a bare True/False.

The numeric derivative is the central difference (f(x+h) − f(x−h)) / 2h. Its error has two parts:
truncation ≈ h²·|f'''|/6 and rounding ≈ ε·|f|/h (ε = 2⁻⁵² ≈ 2.2e-16). The default step
h = 1e-6·max(1, |x|) makes both about 1e-10 for a function of unit scale, far below the default
tolerance |analytic − numeric| ≤ atol + rtol·|numeric| (atol = 1e-5, rtol = 1e-3, PyTorch's
defaults), so a failure means a wrong gradient, not noise. Near a kink (relu at 0) or a domain
edge (log near 0) the difference itself is meaningless: check at another point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.anomaly import AnomalyError
from autograd.engine import Value

__all__ = ["gradcheck", "GradcheckResult", "InputCheck", "GradcheckError"]


class GradcheckError(AssertionError):
    """Raised by ``gradcheck(..., raise_on_failure=True)`` when a gradient disagrees."""


@dataclass(frozen=True)
class InputCheck:
    """One input's gradient, both ways."""

    index: int
    name: str
    value: float
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float  # |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are 0
    passed: bool

    def __str__(self) -> str:
        mark = "ok  " if self.passed else "FAIL"
        return (
            f"{mark} input {self.index} {self.name} = {self.value:.9g}: analytic {self.analytic:.12g}, "
            f"numeric {self.numeric:.12g}, abs error {self.abs_error:.3g}, rel error {self.rel_error:.3g}"
        )


@dataclass(frozen=True)
class GradcheckResult:
    """What ``gradcheck`` found: ``bool(result)`` is ``result.passed``; ``worst`` names the input."""

    passed: bool
    checks: tuple[InputCheck, ...]
    worst: InputCheck | None  # the input closest to (or furthest past) the tolerance
    eps: float
    atol: float
    rtol: float

    @property
    def max_rel_error(self) -> float:
        return max((c.rel_error for c in self.checks), default=0.0)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        head = "gradcheck passed" if self.passed else "gradcheck FAILED"
        rule = f"tolerance |analytic − numeric| ≤ {self.atol:g} + {self.rtol:g}·|numeric|, step {self.eps:g}"
        lines = [f"{head} ({len(self.checks)} inputs; {rule})"]
        if self.worst is not None:
            lines.append(f"  worst: {self.worst}")
        lines += [f"  {c}" for c in self.checks]
        return "\n".join(lines)

    def __repr__(self) -> str:
        if self.worst is None:
            return f"GradcheckResult(passed={self.passed}, no inputs)"
        w = self.worst
        return (
            f"GradcheckResult(passed={self.passed}, inputs={len(self.checks)}, worst=input {w.index} "
            f"{w.name} = {w.value:.9g}: analytic {w.analytic:.9g} vs numeric {w.numeric:.9g}, "
            f"rel error {w.rel_error:.3g})"
        )


def _scalar(out: object, what: str) -> Value:
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, but {what} returned {type(out).__name__} {out!r}")
    return out


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[float | Value],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_on_failure: bool = False,
) -> GradcheckResult:
    """Check ``f``'s gradient with respect to each input against a central finite difference.

    ``f`` is called as ``f(*values)`` with one fresh ``Value`` per input (``inputs`` may be numbers
    or Values; a Value's label names the input in the report, and the Values given are never
    modified). It must return a Value. The step for input ``x`` is ``eps·max(1, |x|)``.
    An input passes when ``|analytic − numeric| ≤ atol + rtol·|numeric|``. Returns a
    ``GradcheckResult``; with ``raise_on_failure=True`` a failure raises ``GradcheckError`` instead.
    """
    if not eps > 0:
        raise ValueError(f"gradcheck: eps must be positive, got {eps!r}")
    points = [float(x.data if isinstance(x, Value) else x) for x in inputs]
    names = [x.label if isinstance(x, Value) and x.label else f"x{i}" for i, x in enumerate(inputs)]
    for i, x in enumerate(points):
        if not math.isfinite(x):
            raise ValueError(f"gradcheck: input {i} {names[i]} is {x!r}; gradients need finite inputs")

    def leaves(xs: Sequence[float]) -> list[Value]:
        return [Value(x, n) for x, n in zip(xs, names)]

    at = leaves(points)
    out = _scalar(f(*at), "f(inputs)")
    out.backward()
    analytic = [v.grad for v in at]

    checks = []
    for i, x in enumerate(points):
        h = eps * max(1.0, abs(x))
        up, down = list(points), list(points)
        up[i], down[i] = x + h, x - h
        try:
            f_up = _scalar(f(*leaves(up)), f"f at {names[i]} + h").data
            f_down = _scalar(f(*leaves(down)), f"f at {names[i]} - h").data
        except AnomalyError:
            raise
        except (ArithmeticError, ValueError) as e:
            raise ValueError(
                f"gradcheck: f cannot be evaluated at input {i} {names[i]} = {x!r} ± {h:g} ({e}); "
                f"the point is at a domain edge: check at another point or with a smaller eps"
            ) from e
        numeric = (f_up - f_down) / (up[i] - down[i])  # the step actually taken, after rounding
        a = analytic[i]
        err = abs(a - numeric)
        scale = max(abs(a), abs(numeric))
        rel = err / scale if scale > 0 else (0.0 if err == 0 else math.inf)
        if math.isnan(err):
            err = rel = math.inf
        passed = err <= atol + rtol * abs(numeric)
        checks.append(InputCheck(i, names[i], x, a, numeric, err, rel, passed))

    def closeness(c: InputCheck) -> float:  # > 1 means past the tolerance
        return c.abs_error / max(atol + rtol * abs(c.numeric), math.ulp(0.0))

    worst = max(checks, key=closeness, default=None)
    result = GradcheckResult(all(c.passed for c in checks), tuple(checks), worst, eps, atol, rtol)
    if raise_on_failure and not result.passed:
        raise GradcheckError(str(result))
    return result
