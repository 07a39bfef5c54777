"""The order in which an inferred graph's nodes are computed.

A document defines its quantities in the order its text explains them, which is not always the
order they are computed in (a weight's update written before the output it uses is restated). The
worked-example loader computes nodes top to bottom, so the inferred nodes are put in dependency
order; a node that uses a name nothing defines, or that depends on itself, cannot be computed and
is left out with the reason, instead of stopping the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")  # not the e of 1e-5


def dependency_order(nodes: Mapping[str, str], known: Callable[[str], bool]
                     ) -> tuple[dict[str, str], dict[str, str]]:
    """``nodes`` (name → expression) in an order where each node comes after the nodes it uses, and
    the nodes left out (name → why). ``known(name)`` says whether a name that is not a node is
    defined otherwise (a leaf, a function, a constant). Linear in the total size of the expressions."""
    uses = {name: [n for n in dict.fromkeys(_NAME.findall(text)) if n in nodes and n != name]
            for name, text in nodes.items()}
    left_out = {name: f"{name} uses itself" for name, text in nodes.items() if name in _NAME.findall(text)}
    for name, text in nodes.items():
        missing = next((n for n in _NAME.findall(text) if n not in nodes and not known(n)), None)
        if missing is not None and name not in left_out:
            left_out[name] = f"{name} uses {missing}, which nothing defines"
    ordered: dict[str, str] = {}
    state: dict[str, int] = {}  # 1: being placed, 2: placed or left out
    for start in nodes:
        _place(start, nodes, uses, state, ordered, left_out)
    return ordered, left_out


def _place(start: str, nodes: Mapping[str, str], uses: dict[str, list[str]], state: dict[str, int],
           ordered: dict[str, str], left_out: dict[str, str]) -> None:
    """Place ``start`` after everything it uses (an explicit stack: no recursion on long chains)."""
    stack = [(start, 0)]
    while stack:
        name, k = stack.pop()
        if k == 0:
            if state.get(name):
                if state[name] == 1:  # reached again while its own inputs are being placed: a cycle
                    left_out.setdefault(name, f"{name} depends on itself through other definitions")
                continue
            state[name] = 1
        if k < len(uses[name]):
            stack.append((name, k + 1))
            stack.append((uses[name][k], 0))
            continue
        state[name] = 2
        blocked = next((u for u in uses[name] if u in left_out), None)
        if blocked is not None:
            left_out.setdefault(name, f"{name} uses {blocked}, which cannot be computed")
        elif name not in left_out:
            ordered[name] = nodes[name]
