"""Before the TOML reader: refuse, in one linear pass, text that no worked example has and that
would make the reader (or the checker) use unbounded time or memory. ``LIMITS`` bounds every
size a worked example may have (the loader checks the ones the text does not show).
"""

from __future__ import annotations

import re

from nn.check.example import ExampleError

__all__ = ["LIMITS", "prescan"]

# The bounds of a worked example
LIMITS = {
    "key parts": 16,  # a.b.c = 1 has 3; parameter names have 3 (L1.N1.w1)
    "nesting": 16,  # [ and { inside one value
    "number digits": 400,  # a number literal; an integer of 5,000 digits is refused
    "list entries": 10_000,
    "parameters": 10_000,  # of a template network
    "nodes": 10_000,  # of an expression example
    "work": 4_000_000,  # iterations × graph nodes: about a minute of checking
}


_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_TRIPLE = re.compile(r'""".*?"""|\'\'\'.*?\'\'\'')  # a multi-line string opened and closed on one line
_KEY_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")  # a dot not inside a number: a dotted key's
_DIGITS = re.compile(rf"[0-9_]{{{LIMITS['number digits'] + 1},}}")


def prescan(text: str, where: str) -> None:
    """Refuse, in one linear pass, text that a worked example never has and that would make the
    TOML reader or the loader blow up: a key of thousands of dotted parts, deep nesting of
    arrays or inline tables, a number of thousands of digits, a list of more entries than
    ``LIMITS`` allows. Strings are skipped (a printed value is a string)."""
    depth = 0
    entries = [0]
    in_text = False  # inside a multi-line string: prose, not keys
    for number, line in enumerate(text.splitlines(), 1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_text = not in_text
            continue
        if in_text:
            continue
        code = _STRING.sub('""', _TRIPLE.sub('""', line)).split("#", 1)[0]
        if _DIGITS.search(code):
            raise ExampleError(f"{where}, line {number}: a number of more than {LIMITS['number digits']} "
                               "digits; no worked example needs one")
        if depth == 0 and code.lstrip().startswith("["):
            value = ""
        elif depth == 0 and "=" in code:
            value = code.split("=", 1)[1]
        else:
            value = code
        dots = len(_KEY_DOT.findall(code))  # in a header, a key, or a key inside an inline table
        if dots >= LIMITS["key parts"]:
            raise ExampleError(f"{where}, line {number}: a key of {dots + 1} dotted parts "
                               f"(at most {LIMITS['key parts']}); is this a worked example?")
        for ch in value:
            if ch in "[{":
                depth += 1
                entries.append(0)
                if depth > LIMITS["nesting"]:
                    raise ExampleError(f"{where}, line {number}: arrays or tables nested too deeply (more "
                                       f"than {LIMITS['nesting']} levels); no worked example needs that")
            elif ch in "]}" and depth:
                depth -= 1
                entries.pop()
            elif ch == "," and depth:
                entries[-1] += 1
                if entries[-1] >= LIMITS["list entries"]:
                    raise ExampleError(f"{where}, line {number}: a list of more than "
                                       f"{LIMITS['list entries']:,} entries; no worked example needs that")
