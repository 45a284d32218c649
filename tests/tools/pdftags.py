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
  rules       the machine-checkable rules of PDF/UA-1 (ISO 14289-1) and PDF/A-2a (ISO 19005-2) this script
              can decide, named by clause as veraPDF's profiles number them, each with the list of its
              violations (empty: the rule holds). No veraPDF here: this is the independent subset.
Needs: pip install pdfminer.six pypdf
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


class MarkedText(PDFTextDevice):
    """Collects the text of each marked-content sequence: by MCID, and the artifacts' and untagged text."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.stack = []
        self.page = 0
        self.by_mcid = {}
        self.artifacts = []
        self.untagged = []
        self.untagged_graphics = []
        self.nesting = []
        self.notdef = 0

    def begin_page(self, page, ctm):
        self.artifacts.append([])
        self.untagged.append("")

    def end_page(self, page):
        self.page += 1

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        name = tag.name if hasattr(tag, "name") else str(tag)
        in_artifact = any(n == "Artifact" for n, _ in self.stack)
        in_tagged = any(m is not None for _, m in self.stack)
        if name == "Artifact" and in_tagged:
            self.nesting.append("page %d: an artifact inside tagged content" % (self.page + 1))
        if mcid is not None and in_artifact:
            self.nesting.append("page %d: tagged content inside an artifact" % (self.page + 1))
        self.stack.append((name, mcid))
        if name == "Artifact":
            self.artifacts[-1].append("")

    def end_tag(self):
        if self.stack:
            self.stack.pop()

    def do_tag(self, tag, props=None):
        pass

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        if cid == 0:
            self.notdef += 1
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

    def marked(self):
        return any(n == "Artifact" or m is not None for n, m in self.stack)

    def render_image(self, name, stream):
        if not self.marked():
            self.untagged_graphics.append("page %d: an image" % (self.page + 1))

    def paint_path(self, gstate, stroke, fill, evenodd, path):
        if not self.marked():
            self.untagged_graphics.append("page %d: a path" % (self.page + 1))


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


STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3
H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot
Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())
LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def truth(value):
    """Whether a PDF boolean (pypdf's BooleanObject, or None) is true."""
    return getattr(value, "value", value) is True


def rules(path, reader, root, device, tree):
    """The independent subset of veraPDF's PDF/UA-1 and PDF/A-2a rules: clause -> violations."""
    out = {}

    def rule(name, violations):
        out[name] = list(violations)

    with open(path, "rb") as f:
        head = f.read(16)
    rule("A 6.1.2 header", [] if head.startswith(b"%PDF-1.7") and head[9:10] == b"%"
         and all(b >= 128 for b in head[10:14]) else ["header %r" % head])
    rule("A 6.1.3 trailer", ([] if "/ID" in reader.trailer else ["no /ID"])
         + (["encrypted"] if "/Encrypt" in reader.trailer else []))
    intents = resolve(root.get("/OutputIntents")) or []
    pdfa = [resolve(i) for i in intents if resolve(i).get("/S") == "/GTS_PDFA1"]
    rule("A 6.2.3 output intent", [] if pdfa and "/DestOutputProfile" in pdfa[0]
         else ["no GTS_PDFA1 output intent with a profile"])
    meta = resolve(root.get("/Metadata"))
    packet = meta.get_data() if meta is not None else b""
    header = packet[:packet.find(b"?>") + 2]
    rule("A 6.6.2.1 XMP packet header", [h for h in ("bytes=", "encoding=")
                                        if h.encode() in header] + ([] if header else ["no packet"]))
    mark = resolve(root.get("/MarkInfo")) or {}
    rule("UA 6.2, A 6.7.2.2 Marked", [] if truth(mark.get("/Marked")) else ["/Marked is not true"])
    rule("UA 7.1-4 Suspects", ["/Suspects is true"] if truth(mark.get("/Suspects")) else [])
    rule("UA 7.1-1,2 artifacts and tagged content apart", device.nesting)
    rule("UA 7.1-3 content tagged or artifact",
         ["page %d: %r" % (i + 1, t) for i, t in enumerate(device.untagged) if t.strip()]
         + device.untagged_graphics)
    prefs = resolve(root.get("/ViewerPreferences")) or {}
    rule("UA 7.1-10 DisplayDocTitle", [] if truth(prefs.get("/DisplayDocTitle"))
         else ["no /DisplayDocTitle true"])
    tree_root = resolve(root.get("/StructTreeRoot")) or {}
    role_map = {str(k)[1:]: str(v)[1:] for k, v in (resolve(tree_root.get("/RoleMap")) or {}).items()}
    rule("UA 7.1-7, A 6.7.3.4 standard types not remapped",
         ["%s remapped" % k for k in role_map if k in STANDARD])

    def standard(kind):
        seen = set()
        while kind not in STANDARD and kind in role_map and kind not in seen:
            seen.add(kind)
            kind = role_map[kind]
        return kind if kind in STANDARD else None

    elements = []

    def walk(node, parent):
        elements.append((node, parent))
        for kid in node["kids"]:
            walk(kid, node)
    for node in tree:
        walk(node, None)
    rule("UA 7.1-5, A 6.7.3.4 types standard or role-mapped",
         [e["type"] for e, _ in elements if standard(e["type"]) is None])
    rule("UA 7.1-12 parent entries", [e["type"] for e, _ in elements if not e["parent"]])
    nesting = []
    kinds = {"LI": {"L"}, "LBody": {"LI"}, "TOCI": {"TOC"}}
    allowed = {"L": {"L", "LI", "Caption"}, "LI": {"Lbl", "LBody"}, "TOC": {"TOC", "TOCI", "Caption"}}
    for e, parent in elements:
        kind = standard(e["type"])
        if kind in kinds and (parent is None or standard(parent["type"]) not in kinds[kind]):
            nesting.append("%s outside %s" % (kind, "/".join(sorted(kinds[kind]))))
        for kid in e["kids"]:
            if kind in allowed and standard(kid["type"]) not in allowed[kind]:
                nesting.append("%s inside %s" % (kid["type"], kind))
    rule("UA 7.2-17..20, 26..28 lists and contents", nesting)
    langs = [str(root.get("/Lang"))] + [e["lang"] for e, _ in elements if "lang" in e]
    rule("UA 7.2-29, A 6.7.4 language tags", [l for l in langs if not LANG.match(l)])
    rule("UA 7.2-34 document language", [] if root.get("/Lang") else ["no catalog /Lang"])
    rule("UA 7.3 figures have alternative text",
         ["a figure" for e, _ in elements if standard(e["type"]) == "Figure" and not e.get("alt")])
    levels = [int(standard(e["type"])[1]) for e, _ in elements
              if re.match(r"^H[1-6]$", standard(e["type"]) or "")]
    skips = ["H%d after H%d" % (b, a) for a, b in zip(levels, levels[1:]) if b > a + 1]
    rule("UA 7.4.2 heading levels not skipped",
         skips + ([] if not levels or levels[0] == 1 else ["first heading H%d" % levels[0]]))
    annots, tabs = [], []
    for i, page in enumerate(reader.pages):
        found = [resolve(a) for a in page.get("/Annots") or []]
        if found and page.get("/Tabs") != "/S":
            tabs.append("page %d" % (i + 1))
        annots += [("page %d" % (i + 1), a) for a in found]
    rule("UA 7.18.3 tab order", tabs)
    rule("UA 7.18.1-2, 7.18.5-2 annotations described",
         [p for p, a in annots if not str(a.get("/Contents", ""))])
    in_links = sum(e["annots"] for e, _ in elements if standard(e["type"]) == "Link")
    links = sum(1 for _, a in annots if a.get("/Subtype") == "/Link")
    rule("UA 7.18.5-1 links in Link elements",
         [] if in_links == links else ["%d of %d links in a Link element" % (in_links, links)])
    fonts = []
    for num in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font":
            if obj.get("/Subtype") == "/Type0" and "/ToUnicode" not in obj:
                fonts.append("%s has no ToUnicode" % obj.get("/BaseFont"))
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/FontDescriptor":
            if not any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.append("%s is not embedded" % obj.get("/FontName"))
    rule("UA 7.21.4.1, 7.21.7 fonts embedded with Unicode maps", fonts)
    rule("UA 7.21.8 no .notdef", ["%d .notdef glyphs" % device.notdef] if device.notdef else [])
    return out


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
        out = {"type": str(node.get("/S", ""))[1:], "kids": [], "text": "", "annots": 0,
               "parent": "/P" in node}
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
    checked = rules(path, reader, root, device, tree)
    print(json.dumps({
        "rules": checked,
        "lang": str(root.get("/Lang")),
        "marked": truth(mark_info.get("/Marked")),
        "tree": tree,
        "artifacts": device.artifacts,
        "untagged": device.untagged,
        "outline": outline(reader.outline),
        "labels": [reader.page_labels[i] for i in range(len(reader.pages))],
        "label_ranges": len(resolve(resolve(root.get("/PageLabels") or {}).get("/Nums") or [])) // 2,
        "links": links,
        "xmp": xmp(root),
        "objects": {"transparency_groups": groups, "soft_masks": smasks,
                    "encrypted": "/Encrypt" in reader.trailer},
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
