"""An HTML page (a blog post, lecture notes saved from the browser) as a document to read.

``stepgrad check post.html`` reads what a reader of the page sees, as the Markdown-like text the rest
of the reader reads: tags dropped, entities unescaped (``&minus;`` is −, ``&lt;`` is <), the contents
of ``<head>``, ``<script>``, ``<style>``, ``<svg>`` and comments blanked; math kept as written
(``\\(…\\)``, ``$…$`` in the text, MathJax's ``<script type="math/tex">``, the TeX source KaTeX and
Wikipedia keep in ``<annotation encoding="application/x-tex">``) and the rendered duplicates of
math (KaTeX's ``katex-html``, MathJax 2's ``MathJax`` spans) skipped, so no number is read twice;
``<pre>`` as a fenced code block, ``<code>`` as a code span, headings as ``#`` lines, list items as
``-`` lines, table rows as pipe rows (the first with its ``|---|`` line), ``w<sub>1</sub>`` as
``w_1`` and ``x<sup>2</sup>`` as ``x^2``.

Each line of the text knows the page's line it came from (``HtmlText.lines``): where a block starts
mid-line or a table needs its ``|---|`` line, a line is added, and the report cites the page's lines.
Math a page holds only as rendered output (MathML with no TeX source, KaTeX without its MathML) and
the text of drawings are listed as not read (``unread``), never dropped silently. Nothing is executed;
one pass of the standard library's ``html.parser``, linear in the page's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nn.check.reader.html_tokens import Token, tokens

__all__ = ["HTML_SUFFIXES", "HtmlText", "html_text", "is_html"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_HIDDEN = frozenset({"head", "title", "style", "script", "template", "svg", "canvas", "iframe", "object",
                     "select", "textarea", "button", "math-field"})
_LISTED = frozenset({"svg"})  # hidden, but the numbers in them are listed as not read
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
                     "blockquote", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "table", "thead",
                     "tbody", "tfoot", "caption", "details", "summary", "form", "fieldset", "center",
                     "address", "body", "html"})
_VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "area", "base", "col", "embed", "param",
                   "source", "track", "keygen"})
_HEADINGS = {f"h{k}": k for k in range(1, 7)}
# Rendered math whose source is kept beside it (KaTeX's MathML, MathJax 2's script): skipped.
_RENDERED = re.compile(r"^(?:katex-html|MathJax(?:_\w+)?|MJX_\w+|mjx-\w+)$")
# An element closes the open one of these names that it cannot sit in (``<td>a<td>b``, ``<li>a<li>b``).
_IMPLIED = {"tr": ("td", "th", "tr"), "td": ("td", "th"), "th": ("td", "th"), "li": ("li",),
            "dt": ("dt", "dd"), "dd": ("dt", "dd"), "p": ("p",)}


_WRAPPERS = 4  # how many elements up a <pre> looks for the language its highlighter names
_LANGUAGE_PREFIXES = ("language-", "lang-", "highlight-", "hl-")  # Prism, Rouge, Sphinx, nbconvert
# Pandoc and Quarto name the language as a class beside "sourceCode": only a language's name counts
_LANGUAGES = frozenset({"python", "py", "python3", "ipython", "ipython3", "pycon", "julia", "jl", "r", "bash",
                        "sh", "console", "shell", "javascript", "js", "text", "c", "cpp", "matlab", "octave"})


def code_language(classes: list[str], attrs: dict[str, str]) -> str:
    """The code language an element's classes (or ``data-lang``) name: ``language-python`` (Prism,
    highlight.js, Rouge), ``highlight-python`` (Sphinx), ``hl-ipython3`` (Jupyter's nbconvert),
    ``sourceCode python`` (Pandoc, Quarto); "" when none."""
    named = [c.split("-", 1)[1] for c in classes + (attrs.get("data-lang") or "").split()
             if c.startswith(_LANGUAGE_PREFIXES) and "`" not in c]
    if not named and "sourceCode" in classes:
        named = [c for c in classes if c.lower() in _LANGUAGES]
    return next((n for n in named if n), "")


def is_html(name: str | Path) -> bool:
    return Path(str(name)).suffix.lower() in HTML_SUFFIXES


@dataclass
class HtmlText:
    """The page as text, the page's line of each of its lines, and what it holds but cannot be read."""

    text: str
    lines: list[int] = field(default_factory=list)  # text line k (1-based) came from page line lines[k - 1]
    unread: list[tuple[int, str, str]] = field(default_factory=list)  # (page line, text, why)

    def line(self, k: int) -> int:
        """The page's line of the text's line ``k``."""
        return self.lines[k - 1] if 0 < k <= len(self.lines) else k

    def shifted(self) -> bool:
        """Does any line of the text sit on another line than the page's?"""
        return any(page != k for k, page in enumerate(self.lines, 1))


@dataclass
class _Open:
    tag: str
    close: str = ""  # what its end writes
    capture: list[str] | None = None  # its text, collected apart (math, sub/sup, a drawing's text)
    tex: str | None = None  # a <math>'s TeX annotation
    display: bool = False  # display math (or, for an <annotation>, the TeX source)
    listed: bool = False  # hidden, and its numbers are listed as not read
    line: int = 0
    count: int = 0  # a table's rows, a row's cells
    language: str = ""  # the code language its class names (a highlighter's wrapper of a <pre>)


_HEAD_CONTENT = frozenset({"meta", "link", "title", "style", "script", "base", "noscript", "template"})


def html_text(page: str) -> HtmlText:
    """The page as the text the reader reads (see the module's docstring)."""
    reader = _PageText()
    for token in tokens(page):
        reader.take(token)
    return reader.finish()


class _PageText:
    """One pass over the page's tokens; every lookup is at the top of a stack (linear in its length)."""

    def __init__(self) -> None:
        self.out: list[str] = []  # the line being written
        self.done: list[str] = []
        self.lines: list[int] = []
        self.src = 1  # the page's line being read
        self.line_src = 1  # the page's line of the line being written
        self.stack: list[_Open] = []
        self.count: dict[str, int] = {}
        self.hidden: int | None = None  # stack depth of the outermost hidden element
        self.captures: list[_Open] = []
        self.maths: list[_Open] = []
        self.tables: list[_Open] = []
        self.rows: list[_Open] = []
        self.sourced = False  # the KaTeX formula being read kept its TeX source
        self.pre = 0
        self.one_line = 0  # inside a heading or a table row: the page's line breaks are spaces
        self.pending = False  # a block ended: what follows starts a line
        self.fence_opened = False  # a fence line was written: the code starts on the next line
        self.unread: list[tuple[int, str, str]] = []

    # ---- writing ----------------------------------------------------------------------------
    def _newline(self, inserted: bool) -> None:
        line = "".join(self.out)
        if self.tables and not inserted and not line.strip():  # a table's rows stay together
            self.out, self.line_src = [], self.src
            return
        self.done.append(line if self.pre else line.strip())
        self.lines.append(self.line_src)
        self.out = []
        self.line_src = self.src

    def _break(self) -> None:
        """What follows starts a line of its own (a line is added when this one holds text)."""
        if "".join(self.out).strip():
            self._newline(inserted=True)
        else:
            self.out = []
        self.pending = self.fence_opened = False

    def _at(self, line: int) -> None:
        """Catch up with the page's line ``line`` (a tag spanning lines, a blanked comment)."""
        while self.src < line:
            self._source_newline()

    def _source_newline(self) -> None:
        self.src += 1
        if self.captures:
            self.captures[-1].capture.append(" ")
        elif self.one_line:
            self._space()
        else:
            self._newline(inserted=False)
            self.pending = self.fence_opened = False

    def _write(self, text: str) -> None:
        for k, piece in enumerate(text.split("\n")):
            if k:
                self._source_newline()
            if not piece:
                continue
            if self.captures:
                self.captures[-1].capture.append(piece)
                continue
            if self.fence_opened or (self.pending and piece.strip()):
                self._break()
            self.out.append(_cell(piece) if self.rows else piece)

    def _space(self) -> None:
        if self.captures:
            self.captures[-1].capture.append(" ")
        elif self.out and not self.out[-1].endswith(" "):
            self.out.append(" ")

    def _markup(self, text: str) -> None:
        """Write what the text needs (``## ``, a fence, ``|``), not a piece of the page."""
        if self.captures:
            self.captures[-1].capture.append(text)
        else:
            self.out.append(text)

    # ---- the page's tokens --------------------------------------------------------------------
    def take(self, token: Token) -> None:
        self._at(token.line)
        if token.kind == "start":
            self._start(token.text, token.attrs, token.closed)
        elif token.kind == "end":
            self._end(token.text)
        elif token.kind == "text" and self.hidden is None:
            self._write(token.text.replace("\xa0", " "))
        elif token.kind == "raw" and self.captures and self.hidden is None:  # <script type="math/tex">
            self._write(token.text)
        elif token.kind == "unfinished":
            self.unread.append((token.line, _shown(token.text), "a tag never closed: not read"))
        else:  # a comment, hidden text
            self._blank(token.text)

    def _start(self, tag: str, attrs: dict[str, str], closed: bool) -> None:
        if closed and tag not in _VOID and self.hidden is None:  # <div/>, <br/>
            self._void(tag)
            return
        if self.hidden is not None and self.hidden == len(self.stack) and self.stack[-1].tag == "head" \
                and tag not in _HEAD_CONTENT:
            self._end("head")  # a page with no </head>: its body starts here
        if self.hidden is not None:
            if tag not in _VOID:
                self._push(_Open(tag))
            return
        self._implied(tag)
        if tag in _VOID:
            self._void(tag)
        else:
            self._open(tag, attrs)

    def _end(self, tag: str) -> None:
        if self.count.get(tag):
            while self.stack and self._pop().tag != tag:
                pass

    def _blank(self, data: str) -> None:
        """Hidden text: only its line breaks are kept (the text of a listed element is kept to list)."""
        if self.hidden is not None and self.stack[self.hidden - 1].listed:
            self.stack[self.hidden - 1].capture.append(" ".join(data.split()) + " ")
        for _ in range(data.count("\n")):
            self.src += 1
            if not self.one_line and not self.captures:
                self._newline(inserted=False)

    # ---- opening and closing elements --------------------------------------------------------
    def _push(self, element: _Open) -> None:
        element.line = self.src
        self.stack.append(element)
        self.count[element.tag] = self.count.get(element.tag, 0) + 1

    def _implied(self, tag: str) -> None:
        closes = _IMPLIED.get(tag, ("p",) if tag in _BLOCKS or tag in _HEADINGS or tag == "pre" else ())
        while self.stack and self.stack[-1].tag in closes:
            self._pop()

    def _void(self, tag: str) -> None:
        if tag in ("br", "hr"):
            self._break()
            self.pending = tag == "hr"

    def _open(self, tag: str, attrs: dict[str, str]) -> None:
        classes = (attrs.get("class") or "").split()
        captured = self._captured_element(tag, attrs)
        if self.captures and not (tag == "annotation" and self.captures[-1].tag == "math"):
            self._push(_Open(tag))  # inside math: its text only (captures never nest deeper)
        elif captured is not None and tag == "script":
            self._capture(captured)
        elif tag in _HIDDEN or any(_RENDERED.match(c) for c in classes):
            self._hide(_Open(tag, listed=tag in _LISTED or tag == "mjx-container"
                             or ("katex-html" in classes and not self.sourced)))
        elif captured is not None:
            if tag == "math":
                self.maths.append(captured)
            self._capture(captured)
        else:
            if "katex" in classes:
                self.sourced = False
            self._push(_Open(tag, "katex-display" if "katex-display" in classes else
                             self._opening(tag, attrs, classes), language=code_language(classes, attrs)))

    def _captured_element(self, tag: str, attrs: dict[str, str]) -> _Open | None:
        """The element when its text is collected apart: math, MathJax's TeX script, sub and sup."""
        kind = (attrs.get("type") or "").lower().replace(" ", "")
        if tag == "script":
            return _Open(tag, display="mode=display" in kind) if kind.startswith("math/tex") else None
        if tag == "math":
            return _Open(tag, display=attrs.get("display") == "block"
                         or any(o.close == "katex-display" for o in self.stack[-3:]))
        if tag == "annotation" and self.maths:
            return _Open(tag, display=(attrs.get("encoding") or "").lower() in _TEX)
        return _Open(tag) if tag in ("sub", "sup") else None

    def _opening(self, tag: str, attrs: dict[str, str], classes: list[str]) -> str:
        """Write what the element starts with; return what its end writes."""
        if tag in _HEADINGS or tag == "tr":
            self._break()
            self._markup("#" * _HEADINGS[tag] + " " if tag in _HEADINGS else "|")
            self.one_line += 1
            if tag == "tr":
                self.rows.append(_Open(tag))
            return "\n"
        if tag == "pre" or (tag == "code" and self.fence_opened):
            return self._fence(tag, attrs, classes)
        if tag == "code" and not self.pre:
            self._markup("`")
            return "`"
        if tag in ("td", "th"):
            self._space()
            if self.rows:
                self.rows[-1].count += 1
            return " |"
        if tag == "li":
            self._break()
            self._markup("- ")
        elif tag in _BLOCKS:
            self._break()
        if tag == "table":
            self.tables.append(_Open(tag))
        return "\n" if tag in _BLOCKS or tag == "li" else ""

    def _fence(self, tag: str, attrs: dict[str, str], classes: list[str]) -> str:
        """``<pre>`` opens a fence; its ``<code class="language-python">`` names the fence's language."""
        language = code_language(classes, attrs) or next(  # else a highlighter's wrapper around it
            (o.language for o in reversed(self.stack[-_WRAPPERS:]) if o.language), "")
        if tag == "code":
            if language and "".join(self.out) == "```":
                self.out.append(language)
            return ""
        self._break()
        self.out.append("```" + language)
        self.pre += 1
        self.fence_opened = True
        return "```"

    def _pop(self) -> _Open:
        element = self.stack.pop()
        self.count[element.tag] -= 1
        if self.hidden is not None and len(self.stack) < self.hidden:
            self.hidden = None
            if element.listed:
                self._list(element, "the page holds it only as drawn or rendered (no source): not read")
        elif self.hidden is None:
            if element.capture is not None:
                self.captures.pop()
                self._captured(element)
            else:
                self._close(element)
        return element

    def _close(self, element: _Open) -> None:
        if element.tag == "pre":
            self._break()
            self.pre -= 1
            self.out.append("```")
            self.pending = True
        elif element.tag == "code" and not self.pre:
            self._markup("`")
        elif element.tag in _HEADINGS or element.tag == "tr":
            self.one_line -= 1
            if element.tag == "tr" and self.rows:
                self._row_done(self.rows.pop().count)
            self.pending = True
        elif element.close == "\n":
            self.pending = True
            if element.tag == "table" and self.tables:
                self.tables.pop()
        elif element.close and element.close != "katex-display":
            self._markup(element.close)

    def _row_done(self, cells: int) -> None:
        """After a table's first row, its ``|---|`` line."""
        if self.tables and not self.captures:
            self.tables[-1].count += 1
            if self.tables[-1].count == 1:
                self._newline(inserted=True)
                self.out.append("|" + " --- |" * max(1, cells))

    def _hide(self, element: _Open) -> None:
        if element.listed:
            element.capture = []
        self._push(element)
        self.hidden = len(self.stack)

    def _capture(self, element: _Open) -> None:
        element.capture = []
        self._push(element)
        self.captures.append(element)

    def _captured(self, element: _Open) -> None:
        """A captured element ends: its text goes where it belongs."""
        text = "".join(element.capture or []).strip()
        if element.tag == "annotation":
            if element.display and self.maths and text:
                self.maths[-1].tex = text
        elif element.tag == "math":
            self.maths.pop()
            if element.tex is not None:
                self.sourced = True
                self._math(element.tex, element.display)
            else:
                self._list(element, "math the page holds as MathML only, with no TeX source: not read", text)
        elif element.tag == "script":
            self._math(text, element.display)
        elif text:  # sub, sup
            mark = "_" if element.tag == "sub" else "^"
            self._write(mark + (text if len(text) == 1 else "{" + text + "}"))

    def _math(self, tex: str, display: bool) -> None:
        if tex.strip():
            self._write(("\\[" if display else "\\(") + " ".join(tex.split()) + ("\\]" if display else "\\)"))

    def _list(self, element: _Open, why: str, text: str | None = None) -> None:
        text = " ".join((text if text is not None else "".join(element.capture or [])).split())
        if re.search(r"\d", text):
            self.unread.append((element.line, _shown(text), why))

    def finish(self) -> HtmlText:
        while self.stack:
            self._pop()
        self._newline(inserted=False)
        return HtmlText("\n".join(self.done), self.lines, sorted(self.unread))


def _shown(text: str) -> str:
    text = " ".join(text[:200].split())
    return text[:80] + ("…" if len(text) > 80 else "")


_CELL_DELIMITERS = re.compile(r"\\[()\[\]]")


def _cell(text: str) -> str:
    """Text in a table cell: ``|`` escaped, math between ``$`` (as the reader's tables take it)."""
    return _CELL_DELIMITERS.sub("$", text.replace("|", "\\|"))


_TEX = ("application/x-tex", "text/x-tex", "application/x-latex")
