"""Lists the colour operators of every page of a PDF (pypdf): prints one JSON object per page with the
operator counts, the gray levels set, the CMYK values set and every RGB use (rg/RG, or sc/scn/SC/SCN
while an RGB colour space is current). Used by tests/it/print.rs (issue 14)."""
import json
import sys

import pypdf
from pypdf.generic import ContentStream

RGB_NAMES = {"/DeviceRGB", "/CalRGB"}


def space_is_rgb(resources, name):
    """Whether the colour space `name` (a device name or a /ColorSpace resource) is RGB."""
    if name in RGB_NAMES:
        return True
    spaces = resources.get("/ColorSpace", {}) if resources else {}
    space = spaces.get(name)
    if space is None:
        return False
    space = space.get_object()
    if isinstance(space, list):
        kind = space[0]
        if kind in RGB_NAMES:
            return True
        if kind == "/ICCBased":
            return space[1].get_object().get("/N") == 3
        return False
    return space in RGB_NAMES


def page_colours(page, reader):
    resources = page.get("/Resources")
    ops = {}
    gray, cmyk, rgb = [], [], []
    fill_rgb = stroke_rgb = False
    content = ContentStream(page.get_contents(), reader)
    for operands, op in content.operations:
        op = op.decode("latin-1")
        ops[op] = ops.get(op, 0) + 1
        values = [float(v) for v in operands if isinstance(v, (int, float)) or hasattr(v, "as_numeric")]
        if op in ("g", "G"):
            gray.append(values)
        elif op in ("k", "K"):
            cmyk.append(values)
        elif op in ("rg", "RG"):
            rgb.append(op)
        elif op == "cs":
            fill_rgb = space_is_rgb(resources, operands[0])
        elif op == "CS":
            stroke_rgb = space_is_rgb(resources, operands[0])
        elif op in ("sc", "scn") and fill_rgb:
            rgb.append(op)
        elif op in ("SC", "SCN") and stroke_rgb:
            rgb.append(op)
    return {"ops": ops, "gray": gray, "cmyk": cmyk, "rgb": rgb}


def main():
    reader = pypdf.PdfReader(sys.argv[1])
    for page in reader.pages:
        print(json.dumps(page_colours(page, reader)))


main()
