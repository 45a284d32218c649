//! Creating new PDF documents.
//!
//! When using krilla, the starting point is always the creation of a [`Document`]. A document
//! represents _one_ PDF document, to which you can add pages or configure them in any
//! other way you want.
//!
//! Unfortunately, creating PDFs always requires some kind of global state to keep track
//! of different aspects in the creation process, meaning that it is not possible to
//! generate multiple pages at the same time. Instead, you need to add pages separately
//! by calling the [`Document::start_page`] method, which returns a new [`Page`] object that mutably
//! borrows the global state from the document. Once the page is dropped, the global
//! state is passed back to the original document, which you can then use to add even
//! more pages.
//!
//! [`Page`]: Page

use crate::chunk_container::ChunkContainer;
use crate::destination::NamedDestination;
use crate::error::KrillaResult;
use crate::interchange::embed::EmbeddedFile;
use crate::interchange::metadata::Metadata;
use crate::interchange::outline::Outline;
use crate::interchange::tagging::TagTree;
use crate::page::{Page, PageSettings};
#[cfg(feature = "pdf")]
use crate::pdf::PdfDocument;
use crate::serialize::{SerializeContext, SerializeSettings};
use std::sync::Arc;
use crate::surface::Location;

/// A PDF document.
pub struct Document {
    pub(crate) serializer_context: SerializeContext,
    pub(crate) chunk_container: ChunkContainer,
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

impl Document {
    /// huozi: draws `font` with its own CIDs and embeds the program given with
    /// [`Document::set_font_program`] instead of a subset made here (`text::given`). Call it before any
    /// page draws with `font`. Returns `false`, changing nothing, when `font` is not a CID-keyed CFF font.
    pub fn keep_cids(&mut self, font: &crate::text::Font) -> bool {
        match crate::text::given::cid_table(font) {
            Some(table) => {
                let given = &mut self.serializer_context.given;
                given.tables.insert(font.clone(), table);
                true
            }
            None => false,
        }
    }

    /// huozi: the glyph IDs drawn so far with `font`, a font [`Document::keep_cids`] kept, ascending.
    pub fn kept_glyphs(&self, font: &crate::text::Font) -> Vec<u16> {
        self.serializer_context.kept_glyphs(font)
    }

    /// huozi: whether `program` (an OpenType font with a CID-keyed `CFF ` table, as
    /// [`Document::set_font_program`] takes it) holds every CID drawn so far with `font`, a font
    /// [`Document::keep_cids`] kept: what [`Document::finish`] checks of a given program, asked before
    /// it is given, so that a caller holding a subset made before the pages were drawn can make another
    /// when it falls short. `true` when nothing was drawn with `font`.
    pub fn program_holds(&self, font: &crate::text::Font, program: &[u8]) -> bool {
        self.serializer_context.program_holds(font, program)
    }

    /// huozi: the program embedded for `font`, a font [`Document::keep_cids`] kept: an OpenType font
    /// whose CID-keyed `CFF ` table has the original font's CIDs and at least the glyphs drawn with it
    /// (a HarfBuzz subset). [`Document::finish`] fails for a kept font drawn with but given no program.
    pub fn set_font_program(&mut self, font: &crate::text::Font, program: Arc<Vec<u8>>) {
        // huozi: the program's CFF table deflated from here on, on another thread when one is free
        let settings = self.serializer_context.serialize_settings();
        let given = &mut self.serializer_context.given;
        given.give(font, program, settings);
    }

    /// huozi: as [`Document::set_font_program`], with the program's `CFF ` table deflated already by
    /// [`crate::text::deflate_program`] (`deflated`), which the font stream is then made of as it is.
    pub fn set_deflated_font_program(
        &mut self,
        font: &crate::text::Font,
        program: Arc<Vec<u8>>,
        deflated: &[u8],
    ) {
        let settings = self.serializer_context.serialize_settings();
        let given = &mut self.serializer_context.given;
        given.give_deflated(font, program, deflated, &settings);
    }

    /// Create a new document with default serialize settings.
    pub fn new() -> Self {
        let serializer_context = SerializeContext::new(SerializeSettings::default());
        let chunk_container = ChunkContainer::new(&serializer_context);

        Self {
            serializer_context,
            chunk_container,
        }
    }

    /// Create a new document with custom serialize settings.
    pub fn new_with(serialize_settings: SerializeSettings) -> Self {
        let serializer_context = SerializeContext::new(serialize_settings);
        let chunk_container = ChunkContainer::new(&serializer_context);

        Self {
            serializer_context,
            chunk_container,
        }
    }

    /// Start a new page with default settings.
    pub fn start_page(&mut self) -> Page<'_> {
        let page_index = self.serializer_context.page_infos().iter().len();
        Page::new(
            &mut self.serializer_context,
            &mut self.chunk_container,
            page_index,
            PageSettings::default(),
        )
    }

    /// Start a new page with specific page settings.
    pub fn start_page_with(&mut self, page_settings: PageSettings) -> Page<'_> {
        let page_index = self.serializer_context.page_infos().iter().len();
        Page::new(
            &mut self.serializer_context,
            &mut self.chunk_container,
            page_index,
            page_settings,
        )
    }

    /// huozi: start a new page with specific page settings that will stand at `page_index` among the
    /// document's pages when it is finished, wherever it is drawn in time: a book's stories can be drawn
    /// before its contents (which needs their folios), at their own indices, and the contents after them
    /// at its own. Links, outline destinations and tags name pages by these final indices, which are only
    /// read in [`Document::finish`], where the pages are put in their order. Do not mix with
    /// [`Document::start_page`], which takes the number of pages registered so far as the index.
    ///
    /// Panics in [`Document::finish`] when the pages' indices are not each of `0..n` once.
    pub fn start_page_at(&mut self, page_settings: PageSettings, page_index: usize) -> Page<'_> {
        Page::new(
            &mut self.serializer_context,
            &mut self.chunk_container,
            page_index,
            page_settings,
        )
    }

    /// Embed the pages (0-indexed) from the given
    /// PDF document.
    #[cfg(feature = "pdf")]
    pub fn embed_pdf_pages(&mut self, pdf: &PdfDocument, page_indices: &[usize]) {
        self.serializer_context.embed_pdf_pages(pdf, page_indices);
    }

    /// Set the location that should be assumed for subsequent operations.
    pub fn set_location(&mut self, location: Location) {
        self.serializer_context.set_location(location);
    }

    /// Reset the location that should be assumed for subsequent operations.
    pub fn reset_location(&mut self) {
        self.serializer_context.reset_location();
    }

    /// Set the outline of the document.
    pub fn set_outline(&mut self, outline: Outline) {
        self.serializer_context.set_outline(outline);
    }

    /// Set the metadata of the document.
    pub fn set_metadata(&mut self, metadata: Metadata) {
        self.chunk_container.metadata = Some(metadata);
    }

    /// Set the tag tree of the document.
    pub fn set_tag_tree(&mut self, tag_tree: TagTree) {
        self.serializer_context.set_tag_tree(tag_tree);
    }

    /// Embed a new file in the PDF document.
    ///
    /// Returns `None` if the file couldn't be embedded because a file
    /// with the same name has already been embedded.
    pub fn embed_file(&mut self, file: EmbeddedFile) -> Option<()> {
        self.serializer_context
            .embed_file(&mut self.chunk_container, file)
    }

    /// Manually register a global named destination.
    ///
    /// Named destinations used in link annotations are automatically registered, so you don't need
    /// to call this function for them.
    ///
    /// Returns `None` if a named destination with the same name and a different destination has
    /// already been registered, and therefore could not be registered again.
    #[must_use]
    pub fn register_named_destination(&mut self, dest: NamedDestination) -> Option<()> {
        self.serializer_context
            .register_named_destination(dest)
            .map(|_| ())
    }

    /// huozi: serializes now what [`Document::finish`] would serialize of the pages, their tree, the
    /// outline, the destinations and the tag tree (set them first), so that only the fonts and the
    /// file are left for it: the fonts' programs may still be given meanwhile. No page may be started
    /// after it.
    pub fn prepare(&mut self) -> KrillaResult<()> {
        if self.serializer_context.page_infos().is_empty() {
            self.start_page();
        }
        self.serializer_context.prepare(&mut self.chunk_container)
    }

    /// huozi: serializes now what [`Document::prepare`] would serialize but the tag tree: the pages,
    /// their tree, the outline and the destinations (set the outline first). The tag tree may be set
    /// after it, until `prepare` or `finish`, which serialize it; the bytes are those of a `prepare`
    /// alone. No page may be started after it.
    pub fn prepare_pages(&mut self) -> KrillaResult<()> {
        if self.serializer_context.page_infos().is_empty() {
            self.start_page();
        }
        self.serializer_context
            .prepare_pages(&mut self.chunk_container)
    }

    /// Attempt to export the document to a PDF file.
    pub fn finish(mut self) -> KrillaResult<Vec<u8>> {
        // Write empty page if none has been created yet.
        if self.serializer_context.page_infos().is_empty() {
            self.start_page();
        }

        let Self {
            serializer_context,
            chunk_container,
        } = self;

        Ok(serializer_context.finish(chunk_container)?.finish())
    }
}
