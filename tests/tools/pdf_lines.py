"""Prints, for each page of a PDF, its boxes and every straight stroked line (pdfminer): one JSON object per
page, {"media": [x0, y0, x1, y1], "bleed": …, "trim": …, "lines": [[x0, y0, x1, y1], …]}, in PDF user
space (y up). Used by tests/it/print.rs (issue 14)."""
import json
import sys

import pypdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTCurve, LTLine

reader = pypdf.PdfReader(sys.argv[1])
for page, layout in zip(reader.pages, extract_pages(sys.argv[1])):
    lines = []
    for obj in layout:
        if isinstance(obj, (LTLine, LTCurve)) and obj.stroke and len(obj.pts) == 2:
            (x0, y0), (x1, y1) = obj.pts
            lines.append([x0, y0, x1, y1])
    box = lambda b: [float(v) for v in b]
    print(json.dumps({
        "media": box(page.mediabox),
        "bleed": box(page.bleedbox),
        "trim": box(page.trimbox),
        "lines": lines,
    }))
