"""The tokens of an HTML page, in one pass: start and end tags, text, raw text, comments.

Why not the standard library's ``html.parser``: on a page that leaves a construct unfinished
(``<a<a<a…``, ``</</…``, ``<![CDATA[`` with no end) it looks for the construct's end again from
each ``<``, which takes time growing with the square of the page's length. Here each construct's end
is looked for once: when it is missing, the construct runs to the end of the page (as a browser
reads it) and the pass ends. Tokens follow HTML5's rules as far as reading a page's text needs:
a tag name runs to a space, ``/`` or ``>``; quoted attribute values may hold ``>``; ``<script>``,
``<style>``, ``<textarea>`` and ``<title>`` hold raw text up to their end tag; ``<!…>`` and ``<?…>``
are comments; a ``<`` that starts no tag is text. Entities in text and attribute values are
unescaped (``html.unescape``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Token", "tokens"]

_TAG_START = re.compile(r"<(?:([A-Za-z][^\s/>]*)|/([A-Za-z][^\s/>]*)|(!--)|([!?/]))")
_TAG_REST = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ATTRIBUTE = re.compile(r"""([^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "noembed", "noframes")
_RAW_END = {name: re.compile(rf"</{name}(?=[\s/>]|$)", re.I) for name in _RAW_TEXT}


@dataclass
class Token:
    kind: str  # "start", "end", "text", "raw" (a script's or style's text), "comment", "unfinished"
    line: int  # the page's line it starts on
    text: str = ""  # the tag's name (lower case), or the text
    attrs: dict[str, str] = field(default_factory=dict)
    closed: bool = False  # a start tag written ``<br/>``


def tokens(page: str) -> Iterator[Token]:
    """The page's tokens, in order (linear in the page's length)."""
    pos, line, end = 0, 1, len(page)
    while pos < end:
        at = page.find("<", pos)
        at = end if at < 0 else at
        if at > pos:
            yield Token("text", line, html.unescape(page[pos:at]))
            line += page.count("\n", pos, at)
        if at == end:
            return
        m = _TAG_START.match(page, at)
        if m is None:  # "a < b": text
            yield Token("text", line, "<")
            pos = at + 1
            continue
        token, pos = _tag(page, m)
        token.line = line
        yield token
        line += page.count("\n", at, pos)
        if token.kind == "start" and token.text in _RAW_END and not token.closed:
            close = _RAW_END[token.text].search(page, pos)
            stop = close.start() if close else end
            yield Token("raw", line, page[pos:stop])
            line += page.count("\n", pos, stop)
            pos = stop
        if token.kind == "unfinished":
            return


def _tag(page: str, m: re.Match) -> tuple[Token, int]:
    """The token a ``<`` starts (its line set by the caller) and where the page goes on after it."""
    end = len(page)
    if m.group(1):
        rest = _TAG_REST.match(page, m.end())
        if rest is None:  # no ">" closes it: the rest of the page is an unfinished tag
            return Token("unfinished", 0, page[m.start():]), end
        body = page[m.end():rest.end() - 1]
        closed = body.rstrip().endswith("/")
        return Token("start", 0, m.group(1).lower(), _attributes(body), closed), rest.end()
    if m.group(3):  # <!-- … -->; "<!-->" is an empty comment
        close = page.find("-->", m.end()) if not page.startswith(">", m.end()) else m.end() - 2
        stop = end if close < 0 else close + 3
        return Token("comment", 0, page[m.end():stop]), stop
    close = page.find(">", m.end())
    stop = end if close < 0 else close + 1
    if m.group(2):
        if close < 0:
            return Token("unfinished", 0, page[m.start():]), end
        return Token("end", 0, m.group(2).lower()), stop
    return Token("comment", 0, page[m.end():stop]), stop  # <!DOCTYPE …>, <?xml …?>, <![CDATA[…]]>


def _attributes(body: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(body):
        value = next((v for v in m.group(2, 3, 4) if v is not None), "")
        attrs.setdefault(m.group(1).lower(), html.unescape(value))
    return attrs
