"""HTML pages as documents (nn/check/reader/html_text.py, html_tokens.py): a blog post's MathJax,
a KaTeX-rendered page, MathJax 2's scripts, entities, tables, code; the report cites the page's
lines; hostile pages give a reading or one line, in time linear in their length.

The pages are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

import json
import math
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nn.check import ExampleError, read_document
from nn.check.reader.html_text import html_text, is_html
from nn.check.reader.layout import is_document
from nn.cli import main

X1, X2, W1, W2, B, T = 0.7, -0.4, 0.25, 0.5, 0.1, 1.0
Z = W1 * X1 + W2 * X2 + B
A = 1 / (1 + math.exp(-Z))
E = 0.5 * (T - A) ** 2
DE_DW1 = -(T - A) * A * (1 - A) * X1
E_SLIP = f"{E:.4f}"[:-2] + f"{E:.4f}"[-1] + f"{E:.4f}"[-2]  # the post's slip: its last two digits swapped


def _minus(x: float, digits: int) -> str:
    return f"{x:.{digits}f}".replace("-", "&minus;")


BLOG = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Backprop by hand, part {X1}</title>
  <script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
  <style>.post {{ max-width: 40em; }} /* {W2} */</style>
</head>
<body>
  <nav><a href="/">Home</a> &middot; <a href="/2024/">2024</a></nav>
  <article class="post">
    <h1>One neuron, by hand</h1>
    <p>We feed one example through a single sigmoid neuron. The givens:</p>
    <table>
      <thead><tr><th>Quantity</th><th>Value</th></tr></thead>
      <tbody>
        <tr><td>\\(x_1\\)</td><td>{X1}</td></tr>
        <tr><td>\\(x_2\\)</td><td>{_minus(X2, 1)}</td></tr>
        <tr><td>\\(w_1\\)</td><td>{W1}</td></tr>
        <tr><td>\\(w_2\\)</td><td>{W2}</td></tr>
        <tr><td>\\(b\\)</td><td>{B}</td></tr>
        <tr><td>\\(t\\)</td><td>{T:g}</td></tr>
      </tbody>
    </table>
    <!-- draft: z was {Z + 1:.2f}
         before the fix -->
    <h2>Forward pass</h2>
    <p>The net input is \\(z = w_1 x_1 + w_2 x_2 + b
    = {W1} \\times {X1} + {W2} \\times ({_minus(X2, 1)}) + {B} = {Z:.3f}\\).</p>
    <p>The output is
    $$a = \\sigma(z) = \\frac{{1}}{{1 + e^{{-z}}}} = {A:.4f}$$
    and the error is \\(E = \\frac{{1}}{{2}}(t - a)^2 = {E_SLIP}\\).</p>
    <h2>Backward pass</h2>
    <p>\\(\\frac{{\\partial E}}{{\\partial w_1}} = -(t - a)\\,a(1 - a)\\,x_1 = {_minus(DE_DW1, 4)}\\)</p>
  </article>
  <footer>&copy; 2024 &lt;someone&gt;</footer>
</body>
</html>
"""


def _line(page: str, text: str) -> int:
    return next(k for k, line in enumerate(page.split("\n"), 1) if text in line)


def _cited(rows) -> dict[tuple[str, str], tuple[str, str]]:
    """(quantity, number as printed) → (line cited, verdict) of each of ``number_rows``."""
    return {(r.number.quantity, r.number.value): (r.source, r.verdict) for r in rows}


def test_a_blog_post_is_checked_from_its_mathjax_and_its_givens_table_citing_the_pages_lines(
        document_file, check_text, number_rows):
    assert E_SLIP != f"{E:.4f}" and abs(float(E_SLIP) - E) > 0.5e-4
    rows = _cited(number_rows(check_text(BLOG, "post.html")))
    assert rows[("z", f"{Z:.3f}")] == (f"line {_line(BLOG, f'= {Z:.3f}')}", "match")
    assert rows[("a", f"{A:.4f}")] == (f"line {_line(BLOG, f'= {A:.4f}$$')}", "match")
    assert rows[("E", E_SLIP)] == (f"line {_line(BLOG, E_SLIP)}", "mismatch")
    derivative = next(v for (q, value), v in rows.items() if value == f"{DE_DW1:.4f}")
    assert derivative == (f"line {_line(BLOG, 'partial w_1')}", "match")
    assert not any(value == f"{Z + 1:.2f}" or value == str(X1) and source == "line 5"
                   for (_, value), (source, _) in rows.items())  # the comment and the title are not read


def test_the_page_becomes_markdown_like_text_line_by_line():
    page = html_text(BLOG)
    lines = page.text.split("\n")
    assert len(lines) == len(page.lines) and page.lines == sorted(page.lines)
    header = lines.index("| Quantity | Value |")
    assert lines[header + 1] == "| --- | --- |" and page.line(header + 1) == page.line(header + 2)
    assert lines[header + 3] == f"| $x_2$ | −{abs(X2)} |"  # &minus; is −, \(…\) in a cell is $…$
    assert f"{X1}" not in "".join(lines[:header])
    assert "max-width" not in page.text and "draft" not in page.text
    assert "# One neuron, by hand" in lines and "## Backward pass" in lines
    assert "© 2024 <someone>" in lines


def _katex(tex: str, rendered: str, display: bool = False, mathml: bool = True) -> str:
    """KaTeX's output for ``tex``: its MathML (with the TeX as an annotation) and its HTML rendering."""
    source = ('<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics>'
              f'<mrow><mi>{rendered}</mi></mrow><annotation encoding="application/x-tex">{tex}</annotation>'
              '</semantics></math></span>') if mathml else ""
    html = (f'<span class="katex-html" aria-hidden="true"><span class="base"><span class="mord">{rendered}'
            '</span></span></span>')
    span = f'<span class="katex">{source}{html}</span>'
    return f'<span class="katex-display">{span}</span>' if display else span


def test_a_katex_page_reads_each_formula_once_from_its_tex_source(document_file, check_text, number_rows):
    u, v = 1.5, -2.0
    f = u * v + u
    page = "\n".join([
        "<html><body>", "<p>Let " + _katex(f"u = {u}", f"u={u}") + " and " + _katex(f"v = {v}", f"v=−{-v}")
        + ".</p>",
        "<p>" + _katex(f"f = u v + u = {u} \\cdot ({v}) + {u} = {f}", f"f=uv+u={f}", display=True) + "</p>",
        "<p>Then " + _katex("f = 7.25", "f=7.25", mathml=False) + ".</p>",
        "</body></html>", ""])
    text = html_text(page)
    assert text.text.split("\n")[2] == f"\\[f = u v + u = {u} \\cdot ({v}) + {u} = {f}\\]"
    assert text.text.count(f"{f}") == 1  # in the TeX only: the rendered duplicate is not read
    assert text.unread == [(4, "f=7.25", "the page holds it only as drawn or rendered (no source): not read")]
    result = check_text(page, "post.html")
    rows = _cited(number_rows(result))
    assert rows[("f", f"{f}")] == ("line 3", "match")
    assert sum(value == f"{f}" for _, value in rows) == 1
    assert any(s.line == 4 and "rendered" in s.reason for s in result.reading.skipped)


def test_mathjax_2_scripts_are_read_and_their_rendered_spans_are_not(document_file, check_text, number_rows):
    p, q = 0.2, 0.35
    page = "\n".join([
        "<p>Take",
        f'<span class="MathJax_Preview">p={p}</span><span class="MathJax" id="MathJax-Element-1-Frame">'
        f'<nobr><span class="math"><span class="mi">p</span><span class="mn">{p}</span></span></nobr></span>'
        f'<script type="math/tex" id="MathJax-Element-1">p = {p}</script> and',
        f'<script type="math/tex">q = {q}</script>.</p>',
        f'<div class="MathJax_Display"><span class="MathJax">{p * q + q:.2f}</span></div>'
        f'<script type="math/tex; mode=display">r = p q + q = {p * q + q:.2f}</script>',
    ])
    text = html_text(page)
    assert text.text.split("\n") == ["Take", f"\\(p = {p}\\) and", f"\\(q = {q}\\).",
                                     f"\\[r = p q + q = {p * q + q:.2f}\\]"]
    rows = _cited(number_rows(check_text(page, "post.html")))
    assert rows[("r", f"{p * q + q:.2f}")] == ("line 4", "match")


def test_entities_sub_and_sup_and_code():
    page = ("<p>a &minus;0.5 &#8722;2 &#x2212;3 &times; 4 &lt; 5 &amp;&nbsp;6 &frac12;</p>\n"
            "<p>w<sub>1</sub> = 0.4, w<sub>12</sub> = 0.1, x<sup>2</sup>, e<sup>&minus;z</sup></p>\n"
            "<p>inline <code>b = 0.5</code></p>\n"
            '<pre><code class="language-python">w = 0.4\n'
            "    x = w * 2</code></pre>\n<p>after</p>")
    text = html_text(page)
    assert text.text.split("\n") == [
        "a −0.5 −2 −3 × 4 < 5 & 6 ½", "w_1 = 0.4, w_{12} = 0.1, x^2, e^{−z}", "inline `b = 0.5`",
        "```python", "w = 0.4", "    x = w * 2", "```", "after"]
    assert text.lines == [1, 2, 3, 4, 4, 5, 5, 6]


def test_a_row_written_over_several_lines_is_one_row_with_its_cells_in_order():
    page = ("<table>\n<tr>\n<th>name</th>\n<th>value</th>\n</tr>\n"
            "<tr>\n<td>w</td>\n<td>0.5</td>\n</tr>\n</table>")
    text = html_text(page)
    rows = [(text.line(k), line) for k, line in enumerate(text.text.split("\n"), 1) if line]
    assert rows == [(2, "| name | value |"), (5, "| --- | --- |"), (6, "| w | 0.5 |")]


def test_math_held_only_as_mathml_or_drawn_is_listed_not_dropped(document_file):
    page = ("<p>x = 0.5 so</p>\n<p><math><mi>y</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></math></p>\n"
            "<svg><text>w = 0.3</text></svg>\n<mjx-container class=\"MathJax\"><mjx-assistive-mml><math>"
            "<mn>7</mn></math></mjx-assistive-mml></mjx-container>")
    unread = [(line, text) for line, text, _ in html_text(page).unread]
    assert unread == [(2, "y=12"), (3, "w = 0.3"), (4, "7")]
    reading = read_document(document_file(page, "post.html"))
    assert {(s.line, s.text) for s in reading.skipped} >= {(2, "y=12"), (3, "w = 0.3"), (4, "7")}


def test_the_commands_take_a_page(tmp_path, capsys, document_file):
    path = document_file(BLOG, "post.html")
    assert is_html(path) and is_document(path) and is_document("notes.HTM")
    assert main(["check", str(path)]) == 1  # the post's E is wrong
    out = capsys.readouterr().out
    assert f"line {_line(BLOG, E_SLIP)}: E = E" in out
    assert main(["check", str(path), "--explain"]) == 1
    assert "x_1" in capsys.readouterr().out
    assert main(["check", str(path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    slip = f"line {_line(BLOG, E_SLIP)}"
    assert any(r["source"] == slip and r["verdict"] == "mismatch" for r in data["rows"])
    assert main(["graph", str(path), "-o", str(tmp_path / "g.svg")]) == 0
    assert (tmp_path / "g.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert main(["extract", str(path), "-o", str(tmp_path / "post.toml")]) == 0
    example = tomllib.loads((tmp_path / "post.toml").read_text(encoding="utf-8"))
    assert example["leaves"]["x_1"] == pytest.approx(X1) or X1 in example["leaves"].values()


HOSTILE = [
    "<div>" * 100_000 + "w = 0.5" + "</div>" * 50_000,
    "<td><tr><li><math><annotation encoding='application/x-tex'>x = 1" * 20_000,
    "<a" * 100_000, "</" * 100_000, "<![CDATA[>" * 50_000, "<!--x>" * 50_000, "<?" * 100_000,
    '<p title="' + "a" * 1_000_000 + '">x = 1</p>', '<p title="' + "a>" * 500_000,
    "<script>" + "a<b\n" * 50_000, "<pre>" * 50_000 + "</code>" * 50_000,
    "<table>" + "<tr><td>1" * 50_000, "&" * 100_000 + "&#" * 100_000,
]


@pytest.mark.parametrize("page", HOSTILE)
def test_hostile_pages_become_text_in_bounded_time(cpu_limit, page):
    with cpu_limit(5.0, page[:60]):
        text = html_text(page)
    assert len(text.text.split("\n")) == len(text.lines)


@pytest.mark.parametrize("page", [p[:3000] for p in HOSTILE])
def test_hostile_pages_give_a_reading_or_one_line(cpu_limit, page, document_file):
    path = document_file(page, "post.html")
    with cpu_limit(20.0, page[:60]):
        try:
            read_document(path)
        except ExampleError as e:
            assert "\n" not in str(e) and "post.html" in str(e)


def test_a_page_that_is_no_text_gives_one_line(tmp_path, capsys):
    path = tmp_path / "junk.html"
    path.write_bytes(bytes(range(256)) * 100)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "junk.html" in err and "UTF-8" in err


@pytest.mark.parametrize("meta", ['<meta charset="windows-1252">', "<meta charset=ISO-8859-1>",
                                  '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=latin1">'])
def test_a_page_in_the_latin_1_it_declares_is_read_and_bytes_it_does_not_decode_give_one_line(
        tmp_path, capsys, meta):
    """A page saved in windows-1252 (é, ×, · and the non-breaking space are one byte each) is read by
    the charset its <meta> declares; a byte windows-1252 has no character for (0x81) is one line."""
    u, v = 1.5, 0.4
    page = (f"<html><head>{meta}<title>Caf\u00e9 r\u00e9sum\u00e9</title></head><body>\n"
            f"<p>Take \\(u = {u}\\) and \\(v = {v}\\)\u00a0\u00b7 so \\(p = u v = {u} \\times {v}"
            f" = {u * v + 0.1:g}\\) (\u00d7 by hand).</p>\n</body></html>\n")
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("cp1252"))
    assert main(["check", str(path)]) == 1  # read: 0.7 is not 1.5 × 0.4 = 0.6
    out = capsys.readouterr().out
    assert f"{u * v + 0.1:g}" in out and "mismatch" in out
    path.write_bytes(page.encode("cp1252").replace(b"\xd7", b"\x81"))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "latin.html" in err and "cp1252 (the encoding it declares)" in err
    assert "byte " in err and "0x81" in err


def test_a_page_declaring_no_charset_is_read_as_utf_8(tmp_path, capsys):
    path = tmp_path / "plain.html"
    path.write_bytes("<p>Caf\u00e9: \\(w = 2\\)</p>\n".encode("cp1252"))
    assert main(["check", str(path)]) == 2
    assert "is not UTF-8 text (byte 6 is 0xe9)" in capsys.readouterr().err


@pytest.mark.parametrize("unit", [
    "<p>Take \\(w_{1} = 0.5\\) and <b>x</b> = 2.</p>\n",
    '<span class="katex"><span class="katex-mathml"><math><annotation encoding="application/x-tex">w = 1'
    '</annotation></math></span><span class="katex-html">w=1</span></span>\n',
    "<table><tr><td>w</td><td>0.5</td></tr>\n",
    "<div><span>" * 10 + "\n",
    "<a" * 100, "<!--" + "x\n" * 50, "&minus;" * 100,
])
def test_turning_a_page_into_text_takes_time_linear_in_its_length(time_ratio, unit):
    small, large = unit * 4000, unit * 8000
    ratio = time_ratio(html_text, small, large)
    assert ratio < 3.2, f"doubling the page multiplied the time by {ratio:.1f}"


PIECES = [
    "<", ">", "</", "<!--", "-->", "<!", "<?", "<p>", "</p>", "<div class=\"katex\">",
    "<span class='katex-html'>",
    "<math>", "</math>", "<annotation encoding=\"application/x-tex\">", "</annotation>", "<table>", "<tr>",
    "<td>", "</td>", "</tr>", "<pre>", "</pre>", "<code>", "</code>", "<sub>", "</sub>", "<sup>", "<h2>",
    "</h2>", "<script>", "</script>", "<script type=\"math/tex\">", "<style>", "<head>", "<body>", "<svg>",
    "<li>", "<br>", "<br/>", "\n", " ", "&minus;", "&amp;", "&#8722;", "&", "\"", "'", "=", "$", "\\(",
    "\\)", "$$", "w_1", "0.5", "-0.25", "x", "\\sigma", "|",
]


@settings(max_examples=1500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=200)))
def test_any_text_becomes_text_with_a_page_line_for_each_line(cpu_limit, page):
    with cpu_limit(2.0, page):
        text = html_text(page)
    assert len(text.text.split("\n")) == len(text.lines)
    assert all(1 <= line <= page.count("\n") + 1 for line in text.lines) and text.lines == sorted(text.lines)
