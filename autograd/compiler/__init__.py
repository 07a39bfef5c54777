"""The compiler: trace once, replay at hand-written speed (``jit``).

``recording`` runs the function once on stand-ins for its numbers and keeps the graph and its
guards; ``codegen`` writes the graph's forward and backward pass (and an optimizer's step) as
Python; ``compiled`` is what ``jit(fn)`` returns: the cache of recorded shapes, the guards, and
the eager fallback.
"""

from autograd.compiler.api import jit
from autograd.compiler.codegen import MAX_TERMS, Update
from autograd.compiler.compiled import Compiled, Recorded
from autograd.compiler.recording import JitError, JitWarning

__all__ = ["jit", "Compiled", "Recorded", "JitError", "JitWarning", "Update", "MAX_TERMS"]
