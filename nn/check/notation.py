"""The notation documents write, in one table both LaTeX readers share.

The document reader (``nn/check/reader/latex.py``) and the formula reader (``formula_text.py``) read
the same symbols; they take them from here so that a letter, an operator or a function one of them
knows, the other knows too:

- ``GREEK``: a LaTeX command → its Unicode letter (``\\delta`` → δ), with ``\\ell`` → ℓ;
- ``UNICODE_OPERATORS``: the Unicode operators and letters of plain-text math as LaTeX
  (− · × ≈ → ∂ σ ŷ …); ``SUBSCRIPTS`` / ``SUPERSCRIPTS``: ₀-₉ ⁰-⁹ and the script letters;
  ``unicode_to_latex`` applies them all (``w₁ = 0.4`` → ``w_{1} = 0.4``);
- ``ACCENTS``: ``\\hat`` and its kin → the combining mark (``\\hat{y}`` → ŷ);
- ``TEXT_WRAPPERS``: commands whose argument is a name as written (``\\text{target}``, ``\\mathrm{d}``);
- ``FUNCTIONS``: a function's name → what it is (``act`` for the network's activation f, g, σ);
  ``ACTIVATIONS`` name a node's activation when applied to one quantity (``f(z_o)``, ``σ(z)``);
  ``NUMERIC_FUNCTIONS`` are evaluated on numbers (``σ(2)``, ``e^{-2}``, ``\\log 0.5``).
"""

from __future__ import annotations

import math
import re
import unicodedata

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Delta": "Δ", "Theta": "Θ", "Phi": "Φ", "ell": "ℓ",
}

# Unicode as plain-text math writes it → LaTeX. Σ and ∑ are sums; the letters come from GREEK.
UNICODE_OPERATORS = {
    "−": "-", "–": "-", "·": r"\cdot ", "⋅": r"\cdot ", "×": r"\times ", "∗": "*", "≈": r"\approx ",
    "→": r"\to ", "∂": r"\partial ", "′": "'", "∑": r"\sum ", "Σ": r"\sum ", "∇": r"\nabla ",
    "⊙": r"\odot ", "∘": r"\circ ", "∈": r"\in ", "⁄": "/", "∕": "/", "＝": "=", "½": r"\frac{1}{2}",
    "¼": r"\frac{1}{4}", "√": r"\sqrt ", "¾": r"\frac{3}{4}", "ŷ": r"\hat{y}", "ȳ": r"\bar{y}",
    **{letter: f"\\{name} " for name, letter in GREEK.items() if name not in ("varepsilon", "varphi")},
}

SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", "0123456789+-=()aeoxhklmnpstijruv"))
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
                        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW"))  # a⁽ᴸ⁾: layer L

ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
           "widetilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}

ACCENT_WORDS = {mark: word for word, mark in ACCENTS.items()
                if not word.startswith("wide") and word != "overline"}


def spelled_accents(name: str) -> str:
    """``ŷ`` → ``y_hat``, ``x̄_1`` → ``x_bar_1``: a name's accents spelled as words, as the graph read from
    a document names it; any other name as it is."""
    base, sep, sub = name.partition("_")
    decomposed = unicodedata.normalize("NFD", base)
    words = [ACCENT_WORDS[c] for c in decomposed if c in ACCENT_WORDS]
    if not words:
        return name
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join([letters, *words, *([sub] if sep else [])])


TEXT_WRAPPERS = {"mathbf", "mathrm", "text", "textrm", "operatorname", "boldsymbol", "mathit", "mbox",
                 "mathsf", "bm", "textit", "textbf", "mathcal", "mathscr", "mathtt", "texttt"}

# A function as documents apply it → what it is ("act": the network's activation, f or σ).
FUNCTIONS = {"exp": "exp", "log": "log", "ln": "log", "tanh": "tanh", "sigmoid": "act", "sigma": "act",
             "σ": "act", "f": "act", "g": "act", "relu": "relu", "ReLU": "relu", "max": "max", "min": "min",
             "sqrt": "sqrt", "abs": "abs", "softmax": "softmax", "sin": "sin", "cos": "cos"}
ACTIVATIONS = {"f", "g", "sigma", "sigmoid", "tanh", "relu", "ReLU"}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _sigmoid_slope(x: float) -> float:
    return _sigmoid(x) * (1.0 - _sigmoid(x))


NUMERIC_FUNCTIONS = {
    "sigmoid": _sigmoid, "sigma": _sigmoid, "exp": math.exp, "log": math.log, "ln": math.log,
    "tanh": math.tanh, "relu": lambda x: max(x, 0.0), "ReLU": lambda x: max(x, 0.0), "sqrt": math.sqrt,
    "abs": abs, "sin": math.sin, "cos": math.cos,
    # an activation's slope at a number: σ'(0.5), tanh'(1)
    "sigmoid'": _sigmoid_slope, "sigma'": _sigmoid_slope,
    "tanh'": lambda x: 1.0 - math.tanh(x) ** 2,
}

_SUB_RUN = re.compile("[" + "".join(SUBSCRIPTS) + "]+")
_SUP_RUN = re.compile("[" + "".join(SUPERSCRIPTS) + "]+")


_BOLD_DIFFERENTIAL = re.compile(r"(?<![A-Za-z\\])d\\(?:mathbf|boldsymbol|bm)\s*\{([A-Za-z])\}")


def bold_differentials(text: str) -> str:
    """``d\\mathbf{W}`` (the gradient of a bold matrix, as backprop notes write it) → ``dW``, the name
    the plain spelling gives (``\\mathbf{W}`` is ``W``); anything else as it is. Linear in the text."""
    return _BOLD_DIFFERENTIAL.sub(r"d\1", text) if "d\\" in text else text


def unicode_to_latex(text: str) -> str:
    """Plain-text math as LaTeX: ``w₁₂`` → ``w_{12}``, ``x²`` → ``x^{2}``, ``σ(z) · 0.5 − 1`` →
    ``\\sigma (z) \\cdot  0.5 - 1``; anything else as it is. Linear in the text."""
    text = _SUB_RUN.sub(lambda m: "_{" + "".join(SUBSCRIPTS[c] for c in m.group(0)) + "}", text)
    text = _SUP_RUN.sub(lambda m: "^{" + "".join(SUPERSCRIPTS[c] for c in m.group(0)) + "}", text)
    if any(c in UNICODE_OPERATORS for c in text):
        text = "".join(UNICODE_OPERATORS.get(c, c) for c in text)
    return text
