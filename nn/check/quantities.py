"""What the checker computes (a quantity) and how (a convention): shared by the checker and the
diagnoses, below both."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Quantity", "Convention", "MADE_UP", "made_up"]

MADE_UP = "arithmetic_"  # how the names the reader makes up for a document's own arithmetic start


@dataclass(frozen=True)
class Quantity:
    """``of`` None: the value of ``node``; otherwise the derivative d(of)/d(node)."""

    node: str
    of: str | None = None

    def __str__(self) -> str:
        return self.node if self.of is None else f"d{self.of}/d{self.node}"


def made_up(q: Quantity | str) -> bool:
    """A quantity of nodes the reader named itself (``arithmetic_8_1``): its name means nothing to the
    reader of a report, the row's own name (the document's) says what it is."""
    names = (q.node, q.of) if isinstance(q, Quantity) else (q,)
    return all(n.startswith(MADE_UP) for n in names if n is not None)


@dataclass(frozen=True)
class Convention:
    """How a run computes: the example's own settings, or one alternative to them."""

    loss_scale: float = 1.0
    hidden_deltas: str = "old_weights"
    update_biases: bool = True
    ascent: bool = False  # the update adds η·dL/dθ instead of subtracting it
    rate: float | None = None  # the learning rate the update uses instead of the example's (1: η left out)
    carried: tuple[tuple[int, str, float], ...] = ()  # (step, node, gradient used instead)
    carried_local: tuple[tuple[int, str, str, float], ...] = ()  # (step, node, parent, local derivative)
    forced: tuple[tuple[int, str, float], ...] = ()  # (step, node, value used instead in the forward pass)
    rounding: int | None = None  # every gradient rounded to 10**rounding as the pass reaches it
    params: tuple[tuple[int, str, float], ...] = ()  # (step, parameter, its value from that step on)
