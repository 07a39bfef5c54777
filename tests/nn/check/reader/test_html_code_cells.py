"""Notebooks and posts rendered to HTML (Quarto, Pandoc, nbconvert, Sphinx, Jekyll's Rouge): the code
cells' language is named by the highlighter's classes, on the <pre> or on a wrapper around it, so the
page's code and its printed outputs are read as a Markdown notebook's are. Values recomputed here."""

from __future__ import annotations

import pytest

from nn.check.reader.html_text import code_language, html_text

A, B, C = 1.5, -2.0, 4.0
D = A * B + C
H = 0.001
SLOPE = ((A + H) * B + C - D) / H


def _cells(code_open: str, code_close: str, output_open: str, output_close: str) -> str:
    code = (f"a = {A}\nb = {B}\nc = {C}\nd = a * b + c\nprint(d)\n")
    nudge = f"h = {H}\nd2 = (a + h) * b + c\nprint(\"slope:\", (d2 - d) / h)\n"
    return ("<html><body><h1>Nudging a</h1>\n"
            f"{code_open}{code}{code_close}\n{output_open}{D}\n{output_close}\n"
            f"<p>Now nudge a.</p>\n{code_open}{nudge}{code_close}\n{output_open}slope: {SLOPE!r}\n"
            f"{output_close}\n</body></html>\n")


RENDERERS = {
    "quarto": ('<div class="cell"><div class="sourceCode cell-code"><pre class="sourceCode python '
               'code-with-copy"><code class="sourceCode python">', "</code></pre></div>",
               '<div class="cell-output cell-output-stdout"><pre><code>', "</code></pre></div></div>"),
    "nbconvert": ('<div class="jp-Cell jp-CodeCell"><div class="highlight hl-ipython3"><pre><span></span>',
                  "</pre></div>", '<div class="jp-OutputArea-output"><pre>', "</pre></div></div>"),
    "sphinx": ('<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>',
               "</pre></div></div>", '<div class="highlight-none notranslate"><div class="highlight"><pre>',
               "</pre></div></div>"),
    "rouge": ('<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight">'
              "<code>", "</code></pre></div></div>", "<pre><code>", "</code></pre>"),
}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_a_rendered_notebooks_code_and_outputs_are_checked(renderer, check_text, number_rows):
    result = check_text(_cells(*RENDERERS[renderer]), "nudge.html")
    rows = number_rows(result)
    assert rows and all(r.verdict == "match" for r in rows)
    printed = sorted(float(r.number.value) for r in rows)
    assert printed == pytest.approx(sorted([D, SLOPE]))


def test_a_wrong_printed_output_is_flagged(check_text, number_rows):
    wrong = f"{SLOPE + 1:.4f}"
    page = _cells(*RENDERERS["quarto"]).replace(f"slope: {SLOPE!r}", f"slope: {wrong}")
    rows = {r.number.value: r.verdict for r in number_rows(check_text(page, "nudge.html"))}
    assert rows == {str(D): "match", wrong: "mismatch"}


@pytest.mark.parametrize(("classes", "attrs", "language"), [
    (["language-python"], {}, "python"), (["highlight-julia", "notranslate"], {}, "julia"),
    (["highlight", "hl-ipython3"], {}, "ipython3"),
    (["sourceCode", "python", "code-with-copy"], {}, "python"),
    (["sourceCode", "cell-code"], {}, ""), (["cell-output"], {}, ""), ([], {"data-lang": "lang-r"}, "r"),
])
def test_the_language_a_highlighter_names(classes, attrs, language):
    assert code_language(classes, attrs) == language


def test_an_output_block_without_a_language_stays_an_output_fence():
    text = html_text(_cells(*RENDERERS["quarto"])).text
    fences = [line for line in text.splitlines() if line.startswith("```")]
    assert fences == ["```python", "```", "```", "```"] * 2
