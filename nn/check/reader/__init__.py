"""The document reader: a Markdown document's own text → the checker's rows → a report.

Documents about backpropagation print claims of a regular shape::

    $$ \\delta_{o1} = -(0.75 - 0.70) \\cdot 0.70(1 - 0.70) = -0.05 \\cdot 0.70 \\cdot 0.30 = -0.0105 $$
    \\frac{\\partial L}{\\partial W_{31}} = -0.0105 \\cdot 0.59 \\approx -0.006195
    W_{31}^{\\text{new}} = 0.40 - 0.5 \\cdot (-0.006195) = 0.4030975
    \\frac{dL}{dw_{oi}} = 2(y - \\hat{y}) \\cdot f'(z_o) \\cdot a_i \\quad \\text{for } i=1,2

One module per job, in the order a document flows through them:

- ``layout``: where the math is (markdown-it-py for code, fences, headings, tables; ``find_math``);
- ``latex``: the LaTeX tokenizer and parser, and the tree it builds; ``trees``: what a tree says
  (printed numbers, leaves, value);
- ``claims``: a math segment split into claims ``lhs = side ≈ side`` and index ranges;
- ``names``: from a document's symbol to the engine's quantity (``Names``);
- ``setup_block``: the worked example read against (``--setup`` or a ```` ```stepgrad ```` block);
- ``reading``: claims → rows (``read_document``, ``Reading``);
- ``checking``: the rows through the checker (``check_document``);
- ``report``: ``DocumentReport`` and ``format_document_report``;
- ``extract``: the worked-example file a document reads as (``extract_document``).
"""

from nn.check.reader.checking import check_document
from nn.check.reader.extract import extract_document
from nn.check.reader.layout import is_document
from nn.check.reader.reading import Reading, document_example, read_document
from nn.check.reader.report import DocumentReport, format_document_report

__all__ = ["check_document", "read_document", "document_example", "extract_document",
           "format_document_report", "is_document", "Reading", "DocumentReport"]
