//! Tagged PDF: how each page item is marked in the content stream ([`mark`]) and the structure tree in
//! reading order ([`tree`]), from the typeset lines (role, story, block, the items that draw them), the
//! figures and links the typesetter recorded, the outline (heading levels) and the model (what each block
//! is).
//!
//! ```text
//! Document (/Lang zh-CN)
//! ├─ Sect: the title page — Title, P (subtitle), P (each imprint line)
//! ├─ Sect: the contents — P (目录), TOC → TOCI → Reference → Link (annotation, entry text)
//! ├─ Sect per story — P#column-1, P#kicker-1, H1 (headline), P#subheadline-1, P#byline-1,
//! │    P (paragraphs, dateline included; the end mark; the editor credit; an editor's note),
//! │    H2/H3/… (chapters, sections, subheads: their outline level), Figure (alt text), Caption,
//! │    BlockQuote → P, L → LI → LBody; strong and emphasised runs as Strong and Em inside
//! └─ Sect: the colophon — P per line
//! ```
//!
//! Running heads (`Header`), folios (`PageNumber`), the column tag's frame and emphasis dots (`Layout`)
//! are artifacts, outside the tree.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::tagging::{
    ArtifactType, BBox, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagId,
    TagKind, TagTree,
};

use crate::model::{Block, Book};
use crate::style::{InlineRole, Role};
use crate::typeset::{
    Document, FigureInfo, Item, LineInfo, Link, OutlineEntry, Page, Point, headline_text,
};

/// How one page item is marked in the content stream.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mark {
    /// Real content: a marked-content sequence of its own, a leaf of the tree (a paragraph's plain runs
    /// on a page share one: [`shares`]).
    Content,
    /// Not part of the text: marked as an artifact of this kind.
    Artifact(ArtifactType),
}

/// What drew each item of `page`: the line (index into `page.lines`) or figure (index into
/// `page.figures`) it belongs to, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    /// A placed line.
    Line(usize),
    /// A placed image.
    Figure(usize),
    /// Nothing recorded (drawn as an artifact).
    None,
}

/// The owner of every item of `page` (indices past the page's items, in a page edited after typesetting,
/// are ignored).
pub(super) fn owners(page: &Page) -> Vec<Owner> {
    let mut owners = vec![Owner::None; page.items.len()];
    for (i, line) in page.lines.iter().enumerate() {
        for item in line.items.clone() {
            if let Some(owner) = owners.get_mut(item) {
                *owner = Owner::Line(i);
            }
        }
    }
    for (i, figure) in page.figures.iter().enumerate() {
        if let Some(owner) = owners.get_mut(figure.item) {
            *owner = Owner::Figure(i);
        }
    }
    owners
}

/// How `item`, drawn by `owner` on `page`, is marked: a glyph run of a running head or folio is a
/// header or page-number artifact; frames and dots are layout artifacts; other runs and figures are
/// content.
pub(super) fn mark(page: &Page, owner: Owner, item: &Item) -> Mark {
    match (owner, item) {
        (Owner::Line(i), Item::Run(_)) => match page.lines[i].role {
            Role::RunningHead => Mark::Artifact(ArtifactType::Header),
            Role::Folio => Mark::Artifact(ArtifactType::PageNumber),
            _ => Mark::Content,
        },
        (Owner::Figure(_), Item::Image { .. }) => Mark::Content,
        (Owner::None, Item::Run(_) | Item::Image { .. }) => Mark::Artifact(ArtifactType::Other),
        _ => Mark::Artifact(ArtifactType::Layout),
    }
}

/// The line of `item`, drawn by `owner` on `page`, when its marked-content sequence may be shared by
/// the plain runs that follow it in its paragraph ([`shares`]): a plain run (no inline role) of a body
/// line in a story's block.
pub(super) fn may_share(page: &Page, owner: Owner, item: &Item) -> Option<usize> {
    let (Owner::Line(i), Item::Run(run)) = (owner, item) else {
        return None;
    };
    let line = &page.lines[i];
    let plain = run.inline.is_none() && line.role == Role::Body;
    (plain && line.story.is_some() && line.block.is_some()).then_some(i)
}

/// The line of `item`, drawn by `owner` on `page` right after a run of line `last` that may share its
/// marked-content sequence ([`may_share`]), when it goes on in that sequence: a plain run of the same
/// line or of the next lines of the same paragraph (same story, block and role, not a paragraph's
/// start). One sequence for a paragraph's lines on a page, not one per run, makes the page's content and
/// the structure tree smaller (issue 13); the element owns the same text.
pub(super) fn shares(page: &Page, (last, owner): (usize, Owner), item: &Item) -> Option<usize> {
    let i = may_share(page, owner, item)?;
    let (a, b) = (&page.lines[last], &page.lines[i]);
    let same = i == last
        || (i > last
            && !b.paragraph_start
            && (a.story, a.block, a.role) == (b.story, b.block, b.role));
    same.then_some(i)
}

/// The content tag of a content item: a span for text, `Other` for an image.
pub(super) fn content_tag(item: &Item) -> ContentTag<'static> {
    match item {
        Item::Run(_) => ContentTag::Span(SpanTag::empty()),
        _ => ContentTag::Other,
    }
}

/// What one page's content was marked as, for [`tree`].
#[derive(Debug, Default)]
pub(super) struct PageMarks {
    /// Per line of the page, the identifiers of the marked-content sequences its runs begin, with their
    /// inline roles (none for a line whose runs all go on in a sequence an earlier line began:
    /// [`shares`]).
    pub lines: Vec<Vec<(Option<InlineRole>, Identifier)>>,
    /// Per figure of the page, its image's identifier and its box on the page (pt).
    pub figures: Vec<Option<(Identifier, Option<BBox>)>>,
    /// Per link of the page, its annotation's identifier.
    pub links: Vec<Identifier>,
}

impl PageMarks {
    /// Empty marks for `page`.
    pub(super) fn new(page: &Page) -> PageMarks {
        PageMarks {
            lines: vec![Vec::new(); page.lines.len()],
            figures: vec![None; page.figures.len()],
            links: Vec::new(),
        }
    }

    /// Records `id`, the marked content of `item` drawn by `owner` at `at` on page `pi`.
    pub(super) fn record(
        &mut self,
        owner: Owner,
        (pi, at, item): (usize, Point, &Item),
        id: Identifier,
    ) {
        match (owner, item) {
            (Owner::Line(i), Item::Run(run)) => self.lines[i].push((run.inline, id)),
            (Owner::Figure(i), Item::Image { width, height, .. }) => {
                let rect = krilla::geom::Rect::from_xywh(at.x, at.y, *width, *height);
                self.figures[i] = Some((id, rect.map(|r| BBox::new(pi, r))));
            }
            (Owner::Figure(i), _) => self.figures[i] = Some((id, None)),
            _ => {}
        }
    }
}

/// Which part of the book a line belongs to: a section of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sect {
    TitlePage,
    Contents,
    Story(usize),
    Colophon,
}

/// A container between a section and its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// `BlockQuote` of a story's block.
    Quote(usize, usize),
    /// `L` of a story's block.
    List(usize, usize),
    /// `TOC`.
    Toc,
}

/// An element being filled: its tag, its key (lines with the same key continue it), its leaves.
struct Elem {
    key: (Sect, Option<usize>, Role, usize),
    kind: ElemKind,
    children: Vec<Node>,
}

/// What an element becomes when it is closed.
enum ElemKind {
    /// A group of this tag.
    Plain(TagKind),
    /// A list item: `LI → LBody`.
    ListItem,
    /// A contents entry: `TOCI → Reference → Link` (the annotation first).
    TocEntry(Option<Identifier>),
}

/// What the tree reads of one page: its lines, figures and links (indices into them are the page's).
#[derive(Clone, Copy)]
pub(super) struct Sheet<'a> {
    /// The page's placed lines.
    pub lines: &'a [LineInfo],
    /// The page's images.
    pub figures: &'a [FigureInfo],
    /// The page's links.
    pub links: &'a [Link],
}

impl<'a> Sheet<'a> {
    /// What the tree reads of `page`.
    pub(super) fn of(page: &'a Page) -> Sheet<'a> {
        Sheet {
            lines: &page.lines,
            figures: &page.figures,
            links: &page.links,
        }
    }
}

/// A drawn page's lines, figures and links, taken from it, with the marks its content got: one page of
/// the tree for a [`Builder`] on another thread.
pub(super) struct Drawn {
    /// The page's placed lines.
    pub lines: Vec<LineInfo>,
    /// The page's images.
    pub figures: Vec<FigureInfo>,
    /// The page's links.
    pub links: Vec<Link>,
    /// What the page's content was marked as.
    pub marks: PageMarks,
}

impl Drawn {
    /// The page as the tree reads it.
    pub(super) fn sheet(&self) -> Sheet<'_> {
        Sheet {
            lines: &self.lines,
            figures: &self.figures,
            links: &self.links,
        }
    }
}

/// Builds the tree in reading order, page by page ([`Builder::page`]): sections, containers and
/// elements are closed as lines move on.
pub(super) struct Builder<'a> {
    /// The bookmark of each heading block, by story and block (the first in the outline's order, as a
    /// search would find it): looked up for each of its lines, not searched for (quadratic in the
    /// headings of a story).
    headings: HashMap<(usize, usize), &'a OutlineEntry>,
    book: &'a Book,
    root: Vec<Node>,
    sect: Option<(Sect, TagGroup)>,
    container: Option<(Container, TagGroup)>,
    elem: Option<Elem>,
    /// Paragraphs begun so far in the current block (splits quotes and lists into their paragraphs).
    part: usize,
}

/// The structure tree of `doc` (typeset from `book`), from the marks each page's content got; `/Lang`
/// on the document element is the book's language.
pub(super) fn tree(doc: &Document, book: &Book, marks: &[PageMarks]) -> TagTree {
    let mut b = Builder::new(&doc.outline, book);
    for (page, page_marks) in doc.pages.iter().zip(marks) {
        b.page(Sheet::of(page), page_marks);
    }
    b.finish()
}

impl<'a> Builder<'a> {
    /// A builder for a document with `outline` (the typeset document's bookmarks, for heading levels),
    /// typeset from `book`, before its first page.
    pub(super) fn new(outline: &'a [OutlineEntry], book: &'a Book) -> Builder<'a> {
        let mut headings = HashMap::new();
        for (s, story) in outline.iter().enumerate() {
            index_headings(s, &story.children, &mut headings);
        }
        Builder {
            headings,
            book,
            root: Vec::new(),
            sect: None,
            container: None,
            elem: None,
            part: 0,
        }
    }

    /// Adds the next page, `page`, whose content got `marks`: its lines and figures in the order their
    /// items were placed.
    pub(super) fn page(&mut self, page: Sheet<'_>, marks: &PageMarks) {
        let mut units: Vec<(usize, Owner)> = (page.lines.iter().enumerate())
            .map(|(i, l)| (l.items.start, Owner::Line(i)))
            .chain((page.figures.iter().enumerate()).map(|(i, f)| (f.item, Owner::Figure(i))))
            .collect();
        units.sort_by_key(|(at, _)| *at);
        for (_, unit) in units {
            match unit {
                Owner::Line(i) => self.line(page, i, marks),
                Owner::Figure(i) => self.figure(page, i, marks),
                Owner::None => {}
            }
        }
    }

    /// The tree of the pages added, `/Lang` on the document element the book's language.
    pub(super) fn finish(mut self) -> TagTree {
        self.close_sect();
        TagTree::from(self.root).with_lang(Some(self.book.meta.language.clone()))
    }

    /// Adds line `i` of `page`.
    fn line(&mut self, page: Sheet<'_>, i: usize, marks: &PageMarks) {
        let line = &page.lines[i];
        let Some(sect) = sect_of(line) else { return };
        let leaves = leaves(&marks.lines[i]);
        let link = page.links.iter().position(|l| l.lines.contains(&i));
        let (container, kind) = self.place(sect, line, link);
        // quotes and lists hold several paragraphs: each starts an element of its own
        if self.container.as_ref().map(|c| c.0) != container {
            self.part = 0;
        }
        if line.paragraph_start
            && matches!(container, Some(Container::Quote(..) | Container::List(..)))
        {
            self.part += 1;
        }
        let key = (sect, line.block, line.role, link.unwrap_or(0) + self.part);
        let separate = matches!(line.role, Role::Imprint | Role::Colophon);
        if self.elem.as_ref().is_none_or(|e| e.key != key || separate) {
            let children = Vec::new();
            self.open(
                sect,
                container,
                Elem {
                    key,
                    kind,
                    children,
                },
            );
        }
        let elem = self.elem.as_mut().expect("an open element");
        elem.children.extend(leaves);
        if let (Some(l), ElemKind::TocEntry(annot)) = (link, &mut elem.kind)
            && page.links[l].lines.end == i + 1
        {
            *annot = marks.links.get(l).copied();
        }
    }

    /// The container and element kind of `line` in `sect` (`link`: the page's link the line is in).
    fn place(
        &self,
        sect: Sect,
        line: &LineInfo,
        link: Option<usize>,
    ) -> (Option<Container>, ElemKind) {
        let plain = |tag: TagKind| (None, ElemKind::Plain(tag));
        match (sect, line.role) {
            (Sect::TitlePage, Role::Title) => plain(Tag::Title.into()),
            (Sect::Contents, Role::Contents) if link.is_some() => {
                (Some(Container::Toc), ElemKind::TocEntry(None))
            }
            (Sect::Story(s), _) => self.story_place(s, line),
            _ => plain(Tag::P.into()),
        }
    }

    /// The container and element kind of a line of story `s`.
    fn story_place(&self, s: usize, line: &LineInfo) -> (Option<Container>, ElemKind) {
        let plain = |tag: TagKind| (None, ElemKind::Plain(tag));
        let Some(b) = line.block else {
            return match line.role {
                Role::Headline => {
                    let story = self.book.stories.get(s);
                    let title = story.map(|st| headline_text(&st.headline));
                    plain(Tag::Hn(NonZeroU16::MIN, title).into())
                }
                role => {
                    let id = format!("{}-{}", role.name(), s + 1);
                    plain(TagKind::from(Tag::P).with_id(Some(TagId::from(id.into_bytes()))))
                }
            };
        };
        let block = self.book.stories.get(s).and_then(|st| st.blocks.get(b));
        match block {
            Some(Block::Subhead { .. } | Block::Chapter { .. }) => {
                let entry = self.headings.get(&(s, b)).copied();
                let level = entry.map_or(2, |e| e.level.into());
                let title = entry.map(|e| e.title.clone());
                let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
                plain(Tag::Hn(level, title).into())
            }
            Some(Block::Caption { .. }) => plain(Tag::Caption.into()),
            Some(Block::Quote { .. }) => {
                (Some(Container::Quote(s, b)), ElemKind::Plain(Tag::P.into()))
            }
            Some(Block::List { .. }) => (Some(Container::List(s, b)), ElemKind::ListItem),
            _ => plain(Tag::P.into()),
        }
    }

    /// Adds figure `i` of `page`: a `Figure` with the image's alternative text and its box.
    fn figure(&mut self, page: Sheet<'_>, i: usize, marks: &PageMarks) {
        let figure = &page.figures[i];
        let Some((id, bbox)) = marks.figures[i] else {
            return;
        };
        let alt = Some(figure.alt.clone()).filter(|a| !a.is_empty());
        let tag = Tag::Figure(alt).with_bbox(bbox);
        let key = (Sect::Story(figure.story), Some(figure.block), Role::Body, 0);
        let elem = Elem {
            key,
            kind: ElemKind::Plain(tag.into()),
            children: vec![Node::Leaf(id)],
        };
        self.open(Sect::Story(figure.story), None, elem);
        self.close_elem();
    }

    /// Opens `elem` in `container` of `sect`, closing what it does not continue.
    fn open(&mut self, sect: Sect, container: Option<Container>, elem: Elem) {
        self.close_elem();
        if self.container.as_ref().map(|c| c.0) != container {
            self.close_container();
        }
        if self.sect.as_ref().map(|s| s.0) != Some(sect) {
            self.close_sect();
            self.sect = Some((sect, TagGroup::new(Tag::Section)));
        }
        if let (None, Some(c)) = (&self.container, container) {
            self.container = Some((c, TagGroup::new(container_tag(self.book, c))));
        }
        self.elem = Some(elem);
    }

    fn close_elem(&mut self) {
        let Some(elem) = self.elem.take() else { return };
        let node: Node = match elem.kind {
            ElemKind::Plain(tag) => TagGroup::with_children(tag, elem.children).into(),
            ElemKind::ListItem => {
                let body = TagGroup::with_children(Tag::LBody, elem.children);
                TagGroup::with_children(Tag::LI, vec![body.into()]).into()
            }
            ElemKind::TocEntry(annot) => {
                let mut children: Vec<Node> = annot.into_iter().map(Node::Leaf).collect();
                children.extend(elem.children);
                let link = TagGroup::with_children(Tag::Link, children);
                let reference = TagGroup::with_children(Tag::Reference, vec![link.into()]);
                TagGroup::with_children(Tag::TOCI, vec![reference.into()]).into()
            }
        };
        match (&mut self.container, &mut self.sect) {
            (Some((_, c)), _) => c.push(node),
            (None, Some((_, s))) => s.push(node),
            (None, None) => self.root.push(node),
        }
    }

    fn close_container(&mut self) {
        self.close_elem();
        if let (Some((_, c)), Some((_, s))) = (self.container.take(), &mut self.sect) {
            s.push(c);
        }
    }

    fn close_sect(&mut self) {
        self.close_container();
        if let Some((_, s)) = self.sect.take() {
            self.root.push(s.into());
        }
    }
}

/// The section a line belongs to; `None` for running heads and folios (artifacts).
fn sect_of(line: &LineInfo) -> Option<Sect> {
    match (line.role, line.story) {
        (Role::RunningHead | Role::Folio, _) => None,
        (Role::Title | Role::Subtitle | Role::Imprint, _) => Some(Sect::TitlePage),
        (Role::ContentsTitle | Role::Contents, _) => Some(Sect::Contents),
        (Role::Colophon, _) => Some(Sect::Colophon),
        (_, Some(s)) => Some(Sect::Story(s)),
        (_, None) => Some(Sect::Colophon),
    }
}

/// The tag of a container: a block quotation, a list numbered as the model says, the contents.
fn container_tag(book: &Book, container: Container) -> TagKind {
    match container {
        Container::Quote(..) => Tag::BlockQuote.into(),
        Container::List(s, b) => {
            let numbering = match book.stories.get(s).and_then(|st| st.blocks.get(b)) {
                Some(Block::List { ordered: true, .. }) => ListNumbering::Decimal,
                _ => ListNumbering::Disc,
            };
            Tag::L(numbering).into()
        }
        Container::Toc => Tag::TOC.into(),
    }
}

/// A line's runs as leaves: plain runs as they are, strong and emphasised runs inside `Strong` and `Em`.
fn leaves(runs: &[(Option<InlineRole>, Identifier)]) -> Vec<Node> {
    runs.iter()
        .map(|(inline, id)| match inline {
            None => Node::Leaf(*id),
            Some(InlineRole::Strong) => {
                TagGroup::with_children(Tag::Strong, vec![(*id).into()]).into()
            }
            Some(InlineRole::Emphasis) => {
                TagGroup::with_children(Tag::Em, vec![(*id).into()]).into()
            }
        })
        .collect()
}

/// Adds each of `entries` (story `s`'s bookmarks) and their children, in the outline's order, to
/// `headings` under `(s, block)`, keeping the first bookmark of a block.
fn index_headings<'a>(
    s: usize,
    entries: &'a [OutlineEntry],
    headings: &mut HashMap<(usize, usize), &'a OutlineEntry>,
) {
    for e in entries {
        if let Some(b) = e.block {
            headings.entry((s, b)).or_insert(e);
        }
        index_headings(s, &e.children, headings);
    }
}
