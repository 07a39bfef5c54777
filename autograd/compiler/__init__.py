"""The compiler: trace once, replay at hand-written speed (``jit``).

``recording`` runs the function once on stand-ins for its numbers and keeps the graph and its
guards; ``codegen`` writes the graph's forward and backward pass (and an optimizer's step) as
Python; ``compiled`` is what ``jit(fn)`` returns: the cache of recorded shapes, the guards, and
the eager fallback; ``vectorize`` the same over a batch, as numpy array code. ``jit`` (here, above
both) chooses between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograd.compiler.codegen import MAX_TERMS, Update
from autograd.compiler.compiled import Compiled, Recorded
from autograd.compiler.recording import JitError, JitWarning
from autograd.engine import Value

__all__ = ["jit", "Compiled", "Recorded", "JitError", "JitWarning", "Update", "MAX_TERMS"]


def jit(fn: Callable[..., Value] | None = None, *, update: Update | None = None, eager: bool = False,
        name: str | None = None, vectorize: bool = False) -> Any:
    """Compile ``fn`` (plain numbers in, a loss Value out) into a replayable forward and backward.

    ``update``: an optimizer step to fuse after the gradients (``nn.train_step`` passes one).
    ``eager=True``: where recording finds ``fn`` using the data in plain Python, warn once and run
    such calls eagerly instead of raising ``JitError``. Usable as ``@jit`` or ``@jit(eager=True)``.
    ``vectorize=True``: the returned function takes each data argument as a sequence over a batch
    and runs numpy array code over the whole batch (``autograd.compiler.vectorize``; loads numpy);
    it returns the loss summed over the batch and leaves the summed gradients in ``.grad``.
    """
    if vectorize:
        if update is not None:
            raise JitError("jit(vectorize=True) takes no update: step the optimizer after the call "
                           "(nn.train_step(..., vectorize=True) does)")
        try:
            from autograd.compiler.vectorize import Vectorized
        except ImportError as e:  # numpy is an optional dependency
            raise JitError(f"jit(vectorize=True) needs numpy ({e}): pip install 'stepgrad[fast]'") from None

        if fn is None:
            return lambda f: Vectorized(f, eager, name)
        return Vectorized(fn, eager, name)
    if fn is None:
        return lambda f: Compiled(f, update, eager, name)
    return Compiled(fn, update, eager, name)
