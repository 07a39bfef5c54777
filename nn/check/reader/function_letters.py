"""The activation a letter stands for, as the prose says it: "the activation functions $f_1(z)$ and
$f_2(z)$ used here are sigmoid", "where $g$ is the ReLU", "$h(x)$ is tanh".

Notes in matrix form name each layer's activation with a letter (``f_1``, ``g^{[2]}``) and say once,
in words, which function it is; the formulas then write ``a_1 = f_1(z_1)`` and ``f'_2(z_2)``.
``function_letters(text)`` reads those sentences: a sentence (up to its full stop, within one line)
naming exactly one activation in words and writing one or more function letters in math
(``$f_1(z)$``, ``$g$``, ``$\\phi_2$``) binds each letter, subscript and all, to that function. A
sentence naming two functions ("sigmoid in the hidden layer, softmax at the output") binds nothing:
which letter is which, the sentence does not say by its words alone. ``letter_key`` spells a letter
as the matrix reader sees it, so ``f'_2`` and ``f_2'`` find the same binding. Linear in the text.
"""

from __future__ import annotations

import re

__all__ = ["function_letters", "letter_key"]

_WORDS = {"sigmoid": "sigmoid", "logistic": "sigmoid", "tanh": "tanh", "relu": "relu"}
_WORD = re.compile(r"(?<![\w\\])(sigmoid|logistic|tanh|relu)(?![\w'])", re.I)
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?!\s|$))*(?:[.!?]|$)")
_INLINE = re.compile(r"\$([^$\n]{1,40})\$")
# a function letter with an optional subscript and an optional argument: f_1(z), g, \phi_{2}, g^{[1]}(z)
_LETTER = re.compile(r"\s*(f|g|h|\\phi|\\varphi)\s*"
                     r"((?:_\s*(?:\{[^{}]{1,8}\}|\w)|\^\s*\{\s*[\[(]\w{1,3}[\])]\s*\})?)\s*"
                     r"(?:\(\s*\\?[A-Za-z]\w*(?:_\{?\w{1,3}\}?)?\s*\))?\s*")


def letter_key(letter: str, script: str = "") -> str:
    """One spelling of a function letter and its subscript or layer mark: ``f_{1}`` → ``f_1``,
    ``\\phi`` → ``phi``, ``g^{[2]}`` → ``g^[2]``."""
    return re.sub(r"[{}\s\\]", "", letter + script)


def function_letters(text: str) -> dict[str, str]:
    """Each function letter the prose binds to one activation (``{"f_1": "sigmoid"}``)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "$" not in line or not _WORD.search(line):
            continue
        for sentence in _SENTENCE.finditer(line):
            words = {_WORDS[w.lower()] for w in _WORD.findall(_INLINE.sub(" ", sentence.group()))}
            if len(words) != 1:
                continue
            function = words.pop()
            for math in _INLINE.finditer(sentence.group()):
                letter = _LETTER.fullmatch(math.group(1))
                if letter is not None:
                    out.setdefault(letter_key(letter.group(1), letter.group(2)), function)
    return out
