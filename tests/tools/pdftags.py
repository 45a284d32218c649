#!/usr/bin/env python3
"""pdftags: the logical structure of a tagged PDF, read back independently of the program that wrote it.

Usage: pdftags.py BOOK.pdf

Prints one JSON object:
  lang        the catalog's /Lang
  marked      the catalog's /MarkInfo /Marked
  tree        the structure tree: each element {"type", "id", "title", "alt", "lang", "text", "kids",
              "annots"}; "text" is the text of the marked content the element and its descendants own, in
              order (pdfminer decodes each marked-content sequence's glyphs through the font's ToUnicode
              map); "annots" counts the annotations (OBJR) it owns
  artifacts   per page, the text drawn inside /Artifact marked content, one string per sequence
  untagged    per page, the text drawn outside any marked content (should be empty)
  outline     the bookmarks: [{"title", "page", "kids"}], page 0-based
  labels      the page labels (pypdf), one per page
  links       per page, the link annotations: [{"page": target page index (0-based), "contents"}]
  objects     counts over every object: transparency groups (/Group /S /Transparency), soft masks
              (/SMask), encryption (/Encrypt in the trailer)
  xmp         the XMP packet's properties, parsed as XML: each property's value as text, or the list of its
              rdf:li values (["lang:value", …] for a language alternative)
Needs: pip install pdfminer.six pypdf
"""
import json
import sys
import xml.etree.ElementTree as ET

from pdfminer.converter import PDFConverter
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


class MarkedText(PDFConverter):
    """Collects the text of each marked-content sequence: by MCID, and the artifacts' and untagged text."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr, sys.stdout)
        self.stack = []
        self.page = 0
        self.by_mcid = {}
        self.artifacts = []
        self.untagged = []

    def begin_page(self, page, ctm):
        self.artifacts.append([])
        self.untagged.append("")

    def end_page(self, page):
        self.page += 1

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        name = tag.name if hasattr(tag, "name") else str(tag)
        self.stack.append((name, mcid))
        if name == "Artifact":
            self.artifacts[-1].append("")

    def end_tag(self):
        if self.stack:
            self.stack.pop()

    def do_tag(self, tag, props=None):
        pass

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        try:
            text = font.to_unichr(cid)
        except Exception:
            text = "\ufffd"
        artifact = any(name == "Artifact" for name, _ in self.stack)
        mcid = next((m for _, m in reversed(self.stack) if m is not None), None)
        if artifact:
            self.artifacts[-1][-1] += text
        elif mcid is not None:
            key = (self.page, mcid)
            self.by_mcid[key] = self.by_mcid.get(key, "") + text
        else:
            self.untagged[-1] += text
        return font.char_width(cid) * fontsize * scaling

    def render_image(self, name, stream):
        pass

    def paint_path(self, gstate, stroke, fill, evenodd, path):
        pass


def marked_text(path):
    rsrc = PDFResourceManager()
    device = MarkedText(rsrc)
    interpreter = PDFPageInterpreter(rsrc, device)
    with open(path, "rb") as f:
        for page in PDFPage.get_pages(f):
            interpreter.process_page(page)
    return device


RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp",
}


def xmp(root):
    """The simple and list properties of every rdf:Description, keyed prefix:name."""
    meta = resolve(root.get("/Metadata"))
    if meta is None:
        return {}
    tree = ET.fromstring(meta.get_data())
    out = {}
    for desc in tree.iter(RDF + "Description"):
        for prop in desc:
            ns, _, name = prop.tag[1:].partition("}")
            key = PREFIXES.get(ns, ns) + ":" + name
            items = list(prop.iter(RDF + "li"))
            if items:
                out[key] = [(li.get(XML_LANG) + ":" if li.get(XML_LANG) else "") + (li.text or "")
                            for li in items]
            elif len(prop) == 0:
                out[key] = prop.text or ""
    return out


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def main(path):
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    device = marked_text(path)

    def page_of(obj, inherited):
        pg = obj.get("/Pg") if isinstance(obj, DictionaryObject) else None
        if isinstance(pg, IndirectObject):
            return page_index.get(pg.idnum, inherited)
        return inherited

    def element(node, page):
        node = resolve(node)
        page = page_of(node, page)
        out = {"type": str(node.get("/S", ""))[1:], "kids": [], "text": "", "annots": 0}
        for key, name in (("/ID", "id"), ("/T", "title"), ("/Alt", "alt"), ("/Lang", "lang")):
            if key in node:
                value = node[key]
                out[name] = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        kids = resolve(node.get("/K"))
        if kids is None:
            kids = []
        elif not isinstance(kids, ArrayObject):
            kids = [kids]
        for kid in kids:
            kid = resolve(kid)
            if isinstance(kid, int):
                out["text"] += device.by_mcid.get((page, kid), "")
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == NameObject("/MCR"):
                out["text"] += device.by_mcid.get((page_of(kid, page), int(kid["/MCID"])), "")
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == NameObject("/OBJR"):
                out["annots"] += 1
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                child = element(kid, page)
                out["kids"].append(child)
                out["text"] += child["text"]
        return out

    tree_root = resolve(root["/StructTreeRoot"]) if "/StructTreeRoot" in root else None
    tree = []
    if tree_root is not None:
        kids = resolve(tree_root.get("/K"))
        kids = kids if isinstance(kids, ArrayObject) else [kids]
        tree = [element(k, None) for k in kids if k is not None]

    def outline(items):
        out = []
        for item in items:
            if isinstance(item, list):
                if out:
                    out[-1]["kids"] = outline(item)
            else:
                out.append({"title": item.title, "page": reader.get_destination_page_number(item),
                            "kids": []})
        return out

    links = []
    for page in reader.pages:
        found = []
        for annot in page.get("/Annots") or []:
            annot = resolve(annot)
            if annot.get("/Subtype") != "/Link":
                continue
            dest = resolve(annot.get("/Dest"))
            target = None
            if isinstance(dest, ArrayObject) and isinstance(dest[0], IndirectObject):
                target = page_index.get(dest[0].idnum)
            found.append({"page": target, "contents": str(annot.get("/Contents", ""))})
        links.append(found)

    groups = smasks = 0
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if isinstance(obj, DictionaryObject):
            group = resolve(obj.get("/Group"))
            if isinstance(group, DictionaryObject) and group.get("/S") == "/Transparency":
                groups += 1
            if "/SMask" in obj and obj.get("/SMask") != "/None":
                smasks += 1
    mark_info = resolve(root.get("/MarkInfo")) or {}
    print(json.dumps({
        "lang": str(root.get("/Lang")),
        "marked": bool(mark_info.get("/Marked", False)),
        "tree": tree,
        "artifacts": device.artifacts,
        "untagged": device.untagged,
        "outline": outline(reader.outline),
        "labels": [reader.page_labels[i] for i in range(len(reader.pages))],
        "links": links,
        "xmp": xmp(root),
        "objects": {"transparency_groups": groups, "soft_masks": smasks,
                    "encrypted": "/Encrypt" in reader.trailer},
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
