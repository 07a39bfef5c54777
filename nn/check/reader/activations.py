"""An activation written by its name in a subscript, and its derivative: ``g_{\\text{ReLU}}(Z)``,
``g'_{\\text{ReLU}}(Z)``, ``g_{softmax}(Z)``, ``\\sigma'(z)``, ``\\text{ReLU}'(Z)``.

Notes in the deep-learning style name the activation of a layer ``g`` and say which one in its
subscript; its derivative is written with a prime. ``activation_call`` recognises the spelling at a
place in a definition's tokens (the matrix reader's, ``matrices``) and says which function is
applied and whether it is differentiated; ``derivative`` gives the element-wise derivative as engine
values (ReLU's is the step 1 where z > 0, else 0). Only a function named in the subscript (or the
function's own name) counts: a bare ``g(z)`` or ``f'(z)`` says nothing of which one it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from autograd import Value
from nn.check.reader.function_letters import letter_key

__all__ = ["activation_call", "derivative"]

# The names documents give the activations, lower case, without backslash → the function.
_NAMES = {"relu": "relu", "sigma": "sigmoid", "sigmoid": "sigmoid", "logistic": "sigmoid",
          "tanh": "tanh", "softmax": "softmax"}
_LETTERS = {"g", "f", r"\phi", r"\varphi", r"\sigma"}  # a letter that stands for "the activation"
_WRAPPERS = {r"\text", r"\mathrm", r"\operatorname", r"\textrm", r"\rm", r"\mathit"}
MAX_SUBSCRIPT = 8  # tokens in a subscript that names a function


def activation_call(tokens: Sequence[str], i: int, letters: Mapping[str, str] | None = None
                    ) -> tuple[int, str, bool] | None:
    """At ``tokens[i]``: an activation named in a subscript or by itself, with a prime or not, then
    ``(``. Returns (the index of that ``(``, the function, differentiated?), else None. ``letters``:
    the function letters the prose binds (``{"f_1": "sigmoid"}``, ``function_letters``), so that
    ``f_1(z)``, ``f'_2(z)`` and ``f_2'(z)`` are that function."""
    if letters and (bound := _bound_letter(tokens, i, letters)) is not None:
        return bound
    j, function, primed = i, None, False
    first = tokens[i] if i < len(tokens) else ""
    if first in _WRAPPERS and tokens[i + 1:i + 2] == ["{"]:  # \text{ReLU}'(z)
        function, j = _function_in(tokens, i + 1)
    elif first.lstrip("\\").lower() in _NAMES:
        function, j = _NAMES[first.lstrip("\\").lower()], i + 1
    elif first not in _LETTERS:
        return None
    else:
        j = i + 1
    while j < len(tokens) and tokens[j] in ("'", "_"):
        if tokens[j] == "'":
            primed, j = True, j + 1
            continue
        named, j = _function_in(tokens, j + 1)
        function = named or None
        if named is None:
            return None
    if function is None or tokens[j:j + 1] != ["("] or (function == "softmax" and primed):
        return None  # a bare g(z) or f'(z): which function it is, the text does not say here
    return j, function, primed


def _bound_letter(tokens: Sequence[str], i: int, letters: Mapping[str, str]) -> tuple[int, str, bool] | None:
    """``f_1(``, ``f'_1(``, ``f_1'(``, ``g^{[2]}(``: a letter the prose binds, with its subscript."""
    if i >= len(tokens) or not any(key.startswith(letter_key(tokens[i])) for key in letters):
        return None
    j, primed, script = i + 1, False, ""
    while j < len(tokens) and tokens[j] in ("'", "_", "^"):
        if tokens[j] == "'":
            primed, j = True, j + 1
            continue
        if script or j + 1 >= len(tokens):
            return None
        mark, j = tokens[j], j + 1
        if tokens[j] != "{":
            script, j = mark + tokens[j], j + 1
            continue
        end = j
        while end < len(tokens) and tokens[end] != "}" and end - j <= MAX_SUBSCRIPT:
            end += 1
        if end >= len(tokens) or tokens[end] != "}":
            return None
        script, j = mark + "".join(tokens[j + 1:end]), end + 1
    function = letters.get(letter_key(tokens[i], script))
    if function is None or tokens[j:j + 1] != ["("]:
        return None
    return j, function, primed


def _function_in(tokens: Sequence[str], j: int) -> tuple[str | None, int]:
    """The function a subscript (``{\\text{ReLU}}``, ``{softmax}``, ``\\sigma``) names, and the index
    after it."""
    if tokens[j:j + 1] != ["{"]:
        word = tokens[j] if j < len(tokens) else ""
        return _NAMES.get(word.lstrip("\\").lower()), j + 1
    depth, k, words = 0, j, []
    while k < len(tokens) and k - j <= MAX_SUBSCRIPT:
        tok = tokens[k]
        depth += (tok == "{") - (tok == "}")
        if tok not in ("{", "}") and tok not in _WRAPPERS:
            words.append(tok.lstrip("\\"))
        k += 1
        if depth == 0:
            return _NAMES.get("".join(words).lower()), k
    return None, k


def _step(v: Value) -> Value:
    return Value(1.0 if v.data > 0 else 0.0)


def _sigmoid_slope(v: Value) -> Value:
    s = v.sigmoid()
    return s * (1 - s)


def _tanh_slope(v: Value) -> Value:
    t = v.tanh()
    return 1 - t * t


_DERIVATIVES: dict[str, Callable[[Value], Value]] = {"relu": _step, "sigmoid": _sigmoid_slope,
                                                     "tanh": _tanh_slope}


def derivative(function: str) -> Callable[[Value], Value]:
    """The element-wise derivative of an activation (KeyError for one that has none, softmax)."""
    return _DERIVATIVES[function]
