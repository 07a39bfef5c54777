"""Where the math of a Markdown document is (nn/check/reader/layout.py)."""

from __future__ import annotations

import re

from nn.check.reader.layout import find_math


def test_find_math_gives_every_delimiter_with_its_line_and_skips_code_and_prices():
    text = ("intro $a = 1$ and \\(b = 2\\)\n"
            "$$ c = 3 $$\n"
            "\\[\n d = 4 \n\\]\n"
            "costs $5 and $10; `$e = 5$` is code\n"
            "```\n$f = 6$\n```\n"
            "escaped \\$g = 7\\$ is text\n")
    segments, problems = find_math(text)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = [(s.text.strip(), sum(1 for x in starts if x <= s.start), s.display) for s in segments]
    assert found == [("a = 1", 1, False), ("b = 2", 1, False), ("c = 3", 2, True), ("d = 4", 3, True)]
    assert problems == []


def test_an_unclosed_delimiter_is_reported_not_swallowed():
    segments, problems = find_math("ok $x = 1$\n$$ y = 2\nmore text\n")
    assert [s.text for s in segments] == ["x = 1"]
    assert len(problems) == 1 and "never closed" in problems[0][1]


def test_a_table_under_a_gradient_header_claims_derivatives_not_values():
    from nn.check.reader.layout import read_layout, table_claim, table_headers

    text = ("| Variable | Gradient (∂L/∂Variable) |\n| --- | --- |\n| w | -2 |\n| `b₁` | -8 |\n\n"
            "| Variable | Gradient |\n|---|---|\n| w₁ | -8 |\n\n"
            "| quantity | value |\n|---|---|\n| $\\delta_o$ | 0.1385 |\n| out_o2 | 0.7729 |\n")
    layout = read_layout(text)
    headers = table_headers(layout.table_rows)
    claims = [table_claim(cells, headers[line]) for line, cells in layout.table_rows if line in headers]
    assert claims == ["\\frac{\\partial L}{\\partial w} = -2", "\\frac{\\partial L}{\\partial b₁} = -8", None,
                      "\\delta_o = 0.1385", "out_o2 = 0.7729"]
