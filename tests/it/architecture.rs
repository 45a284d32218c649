//! Checks on the source tree that a reviewer would otherwise make by hand (the codebase rules):
//!
//! - (a) no import cycle between the modules of `src/`: no module imports a module that imports it;
//! - (b) no file of `src/` with over 600 lines outside its `#[cfg(test)]` items (a file holding only a rule
//!   table may be named `rules.rs` and is exempt);
//! - (c) no `fn` over 80 lines outside `#[cfg(test)]` items;
//! - (d) every thread the library starts outside `#[cfg(test)]` items (`std::thread::spawn`, a scope's
//!   `spawn`, a builder's `spawn` or `spawn_scoped`) runs `crate::threads::started()` first: the call
//!   stands within four lines of the spawn (in its closure, or in the closure made just before it; the
//!   executable's hook: src/main.rs `heap` turns the thread's allocation cache on for a longer book);
//!   rayon's jobs are not threads.
//!
//! (b) and (c) look at the files the library compiles outside tests: a file that is a `#[cfg(test)]`
//! module (`#[cfg(test)] mod props;`) is test code as a whole.
//!
//! Each check prints every violation as `file:line`. The module graph of (a) is read with `syn` from the
//! library crate (`src/lib.rs` and the modules it declares; the binary `src/main.rs` is another crate):
//! a file `src/a/b.rs` or `src/a/b/mod.rs` is module `a::b`, an inline `mod c { … }` in it is `a::b::c`.
//! Module M depends on module N (an edge M → N) when M
//! - declares N (`mod n;` or `mod n { … }`),
//! - imports N or an item defined in N (`use`, `pub use`, grouped and nested `use a::{b::X, c}`, `self`,
//!   globs, renames; relative to `crate`, `super` (any number), `self`, a child module, or a module M
//!   imported by name), or
//! - names N or an item of N by such a path in code (`crate::x::y`, `super::x::f()`, also inside macro
//!   calls).
//!
//! A path resolves to the deepest module it walks through: `crate::typeset::paginate::Role` is an edge to
//! `typeset::paginate`, `crate::typeset::Role` (re-exported by `typeset/mod.rs`) an edge to `typeset`, and
//! `use super::breaks;` (a module) an edge to `typeset::breaks`, not to `typeset`. Comments, doc links,
//! string literals, attributes and `#[cfg(test)]` items are not dependencies.
//!
//! The module graph, with the `file:line` of every dependency:
//! `cargo test --release --test it print_the_module_graph -- --nocapture`.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, ImplItemFn, Item, ItemMod, Macro, TraitItemFn, UseTree, Visibility};

/// Most lines a file of `src/` may hold outside its `#[cfg(test)]` items.
const FILE_LINES: usize = 600;

/// Most lines a `fn` outside tests may span.
const FN_LINES: usize = 80;

/// A module's path from the crate root (empty: the root).
type ModPath = Vec<String>;

/// `crate` for the root, else `a::b`.
fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Where a dependency is written: `file:line` and what it says.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Site {
    file: String,
    line: usize,
    what: String,
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} ({})", self.file, self.line, self.what)
    }
}

/// The modules of a crate and the dependencies between them.
#[derive(Debug, Default)]
struct ModuleGraph {
    /// Every module, with the file that holds it.
    modules: BTreeMap<ModPath, String>,
    /// `from → to → where`.
    edges: BTreeMap<ModPath, BTreeMap<ModPath, BTreeSet<Site>>>,
}

/// One path a module's `use` brings in.
#[derive(Debug)]
struct UseRef {
    /// The name it binds (`None` for a glob).
    binding: Option<String>,
    /// The path, `self` resolved to the path before it.
    segments: Vec<String>,
    glob: bool,
    line: usize,
}

/// What one module says, before paths are resolved.
#[derive(Debug)]
struct RawModule {
    module: ModPath,
    file: String,
    uses: Vec<UseRef>,
    /// Paths of two or more segments in code (and in macro calls), with their line.
    paths: Vec<(Vec<String>, usize)>,
    /// Declared child modules, with their line.
    children: Vec<(String, usize)>,
}

fn line_of(span: Span) -> usize {
    span.start().line
}

/// The attributes of an item (none for kinds syn does not spell out).
fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Whether `tokens` hold the identifier `word`, at any depth.
fn has_ident(tokens: &TokenStream, word: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == word,
        TokenTree::Group(g) => has_ident(&g.stream(), word),
        _ => false,
    })
}

/// `#[cfg(test)]`, `#[cfg(all(test, …))]`: compiled only for tests.
fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| has_ident(&l.tokens, "test") && !has_ident(&l.tokens, "not"))
    })
}

/// Flattens a `use` tree under `prefix` into the paths it brings in.
fn flatten_use(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseRef>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let (segments, binding) = if n.ident == "self" {
                (prefix.clone(), prefix.last().cloned())
            } else {
                let mut s = prefix.clone();
                s.push(n.ident.to_string());
                (s, Some(n.ident.to_string()))
            };
            out.push(UseRef {
                binding,
                segments,
                glob: false,
                line: line_of(n.ident.span()),
            });
        }
        UseTree::Rename(r) => {
            let mut segments = prefix.clone();
            if r.ident != "self" {
                segments.push(r.ident.to_string());
            }
            out.push(UseRef {
                binding: Some(r.rename.to_string()),
                segments,
                glob: false,
                line: line_of(r.ident.span()),
            });
        }
        UseTree::Glob(g) => out.push(UseRef {
            binding: None,
            segments: prefix.clone(),
            glob: true,
            line: line_of(g.star_token.spans[0]),
        }),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, out);
            }
        }
    }
}

/// Paths starting `crate ::`, `super ::` or `self ::` in the tokens of a macro call, at any depth.
fn macro_paths(tokens: TokenStream, out: &mut Vec<(Vec<String>, usize)>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let sep = |i: usize| {
        matches!((tokens.get(i), tokens.get(i + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':')
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Group(g) => macro_paths(g.stream(), out),
            TokenTree::Ident(first)
                if (first == "crate" || first == "super" || first == "self") && sep(i + 1) =>
            {
                let line = line_of(first.span());
                let mut segments = vec![first.to_string()];
                while sep(i + 1) {
                    match tokens.get(i + 3) {
                        Some(TokenTree::Ident(next)) => {
                            segments.push(next.to_string());
                            i += 3;
                        }
                        _ => break,
                    }
                }
                out.push((segments, line));
            }
            _ => {}
        }
        i += 1;
    }
}

/// Collects what the items of one module say: `use`s, paths in code, child modules. Skips `#[cfg(test)]`
/// items, attributes (doc comments among them) and visibilities, and does not enter child modules.
#[derive(Default)]
struct Collector<'ast> {
    uses: Vec<UseRef>,
    paths: Vec<(Vec<String>, usize)>,
    mods: Vec<&'ast ItemMod>,
}

impl<'ast> Visit<'ast> for Collector<'ast> {
    fn visit_item(&mut self, item: &'ast Item) {
        if is_cfg_test(item_attrs(item)) {
            return;
        }
        match item {
            Item::Mod(m) => self.mods.push(m),
            Item::Use(u) => {
                if u.leading_colon.is_none() {
                    flatten_use(&u.tree, &mut Vec::new(), &mut self.uses);
                }
            }
            _ => visit::visit_item(self, item),
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast ImplItemFn) {
        if !is_cfg_test(&f.attrs) {
            visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_trait_item_fn(&mut self, f: &'ast TraitItemFn) {
        if !is_cfg_test(&f.attrs) {
            visit::visit_trait_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() >= 2 {
            let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
            self.paths
                .push((segments, line_of(path.segments[0].ident.span())));
        }
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        self.visit_path(&mac.path);
        macro_paths(mac.tokens.clone(), &mut self.paths);
    }

    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_visibility(&mut self, _: &'ast Visibility) {}
}

/// Reads module `module` (held in `file`, its child files under `dir`) and its descendants into `out`.
fn load_module(
    module: ModPath,
    file: &str,
    items: &[Item],
    dir: &str,
    files: &BTreeMap<String, String>,
    out: &mut Vec<RawModule>,
) -> Result<(), String> {
    let mut collector = Collector::default();
    for item in items {
        collector.visit_item(item);
    }
    let Collector { uses, paths, mods } = collector;
    out.push(RawModule {
        module: module.clone(),
        file: file.to_string(),
        uses,
        paths,
        children: mods
            .iter()
            .map(|m| (m.ident.to_string(), line_of(m.ident.span())))
            .collect(),
    });
    for m in mods {
        let ident = m.ident.to_string();
        let mut child = module.clone();
        child.push(ident.clone());
        let child_dir = format!("{dir}/{ident}");
        match &m.content {
            Some((_, items)) => load_module(child, file, items, &child_dir, files, out)?,
            None => {
                let (child_file, text) = [format!("{dir}/{ident}.rs"), format!("{dir}/{ident}/mod.rs")]
                    .into_iter()
                    .find_map(|f| files.get(&f).map(|t| (f, t)))
                    .ok_or_else(|| {
                        format!(
                            "{file}:{}: mod {ident} has no file {dir}/{ident}.rs or {dir}/{ident}/mod.rs",
                            line_of(m.ident.span())
                        )
                    })?;
                let parsed = syn::parse_file(text)
                    .map_err(|e| format!("{child_file}: cannot parse: {e}"))?;
                load_module(child, &child_file, &parsed.items, &child_dir, files, out)?;
            }
        }
    }
    Ok(())
}

/// Resolves `segments`, written in `module`, to the module it ends in: the deepest module it walks
/// through. `bindings` are names the module's `use`s bind to modules. Returns the module and whether the
/// whole path names it (no item after it); `None` for a path outside the crate (std, another crate, a
/// local name, an item imported by `use`).
fn resolve(
    modules: &BTreeMap<ModPath, String>,
    module: &[String],
    bindings: &BTreeMap<String, ModPath>,
    segments: &[String],
) -> Option<(ModPath, bool)> {
    let first = segments.first()?;
    let (mut current, mut rest): (ModPath, &[String]) = match first.as_str() {
        "crate" => (Vec::new(), &segments[1..]),
        "self" | "super" => (module.to_vec(), segments),
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            if modules.contains_key(&child) {
                (child, &segments[1..])
            } else {
                (bindings.get(first)?.clone(), &segments[1..])
            }
        }
    };
    if rest.first().is_some_and(|s| s == "self") {
        rest = &rest[1..];
    }
    while rest.first().is_some_and(|s| s == "super") {
        current.pop()?;
        rest = &rest[1..];
    }
    for segment in rest {
        let mut next = current.clone();
        next.push(segment.clone());
        if !modules.contains_key(&next) {
            return Some((current, false));
        }
        current = next;
    }
    Some((current, true))
}

/// The module graph of the crate whose root is `src/lib.rs` in `files` (path → text).
fn module_graph(files: &BTreeMap<String, String>) -> Result<ModuleGraph, String> {
    let lib = files.get("src/lib.rs").ok_or("no src/lib.rs")?;
    let parsed = syn::parse_file(lib).map_err(|e| format!("src/lib.rs: cannot parse: {e}"))?;
    let mut raw = Vec::new();
    load_module(
        Vec::new(),
        "src/lib.rs",
        &parsed.items,
        "src",
        files,
        &mut raw,
    )?;
    let mut graph = ModuleGraph {
        modules: raw
            .iter()
            .map(|r| (r.module.clone(), r.file.clone()))
            .collect(),
        ..ModuleGraph::default()
    };
    for r in &raw {
        // Names the module's `use`s bind to whole modules (a `use` may start from another such name).
        let mut bindings = BTreeMap::new();
        loop {
            let found: BTreeMap<String, ModPath> = r
                .uses
                .iter()
                .filter_map(|u| {
                    let (target, whole) =
                        resolve(&graph.modules, &r.module, &bindings, &u.segments)?;
                    Some((u.binding.clone()?, target)).filter(|_| whole)
                })
                .collect();
            if found == bindings {
                break;
            }
            bindings = found;
        }
        let mut add = |target: ModPath, line: usize, what: String| {
            if target != r.module {
                graph
                    .edges
                    .entry(r.module.clone())
                    .or_default()
                    .entry(target)
                    .or_default()
                    .insert(Site {
                        file: r.file.clone(),
                        line,
                        what,
                    });
            }
        };
        for (child, line) in &r.children {
            let mut target = r.module.clone();
            target.push(child.clone());
            add(target, *line, format!("mod {child}"));
        }
        for u in &r.uses {
            if let Some((target, _)) = resolve(&graph.modules, &r.module, &bindings, &u.segments) {
                let glob = if u.glob { "::*" } else { "" };
                add(
                    target,
                    u.line,
                    format!("use {}{glob}", u.segments.join("::")),
                );
            }
        }
        for (segments, line) in &r.paths {
            if let Some((target, _)) = resolve(&graph.modules, &r.module, &bindings, segments) {
                add(target, *line, segments.join("::"));
            }
        }
    }
    Ok(graph)
}

impl ModuleGraph {
    /// The modules `from` depends on.
    fn targets(&self, from: &ModPath) -> impl Iterator<Item = &ModPath> {
        self.edges.get(from).into_iter().flat_map(|t| t.keys())
    }

    /// Every edge as `from -> to`.
    fn edge_names(&self) -> BTreeSet<String> {
        self.edges
            .iter()
            .flat_map(|(from, to)| {
                to.keys()
                    .map(move |t| format!("{} -> {}", name(from), name(t)))
            })
            .collect()
    }

    /// The strongly connected components of more than one module (Tarjan).
    fn tangles(&self) -> Vec<BTreeSet<ModPath>> {
        struct State<'g> {
            graph: &'g ModuleGraph,
            index: BTreeMap<&'g ModPath, usize>,
            low: BTreeMap<&'g ModPath, usize>,
            stack: Vec<&'g ModPath>,
            on_stack: BTreeSet<&'g ModPath>,
            found: Vec<BTreeSet<ModPath>>,
        }
        fn connect<'g>(s: &mut State<'g>, v: &'g ModPath) {
            let i = s.index.len();
            s.index.insert(v, i);
            s.low.insert(v, i);
            s.stack.push(v);
            s.on_stack.insert(v);
            let graph = s.graph;
            for w in graph.targets(v) {
                if !s.index.contains_key(w) {
                    connect(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
            if s.low[v] == s.index[v] {
                let mut component = BTreeSet::new();
                while let Some(w) = s.stack.pop() {
                    s.on_stack.remove(w);
                    component.insert(w.clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    s.found.push(component);
                }
            }
        }
        let mut s = State {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            found: Vec::new(),
        };
        for v in self.modules.keys() {
            if !s.index.contains_key(v) {
                connect(&mut s, v);
            }
        }
        s.found
    }

    /// Every shortest cycle through each module of a tangle, each once, starting at its least module:
    /// `[a, b, a]`.
    fn cycles(&self) -> Vec<Vec<ModPath>> {
        let mut cycles = BTreeSet::new();
        for tangle in self.tangles() {
            for start in &tangle {
                // Breadth first from `start` back to it, inside the tangle.
                let mut before: BTreeMap<&ModPath, &ModPath> = BTreeMap::new();
                let mut queue = VecDeque::from([start]);
                'search: while let Some(v) = queue.pop_front() {
                    for w in self.targets(v).filter(|w| tangle.contains(*w)) {
                        if w == start {
                            let mut path = vec![start.clone()];
                            let mut at = v;
                            while at != start {
                                path.push(at.clone());
                                at = before[at];
                            }
                            path.push(start.clone());
                            path.reverse();
                            // rotate to begin at the least module
                            path.pop();
                            let least = (0..path.len()).min_by_key(|&i| &path[i]).unwrap();
                            path.rotate_left(least);
                            path.push(path[0].clone());
                            cycles.insert(path);
                            break 'search;
                        }
                        if !before.contains_key(w) && w != start {
                            before.insert(w, v);
                            queue.push_back(w);
                        }
                    }
                }
            }
        }
        cycles.into_iter().collect()
    }

    /// Each cycle as `a -> b -> a`, then each of its edges with where it is written.
    fn cycle_report(&self) -> Vec<String> {
        self.cycles()
            .iter()
            .map(|cycle| {
                let mut text = cycle
                    .iter()
                    .map(|m| name(m))
                    .collect::<Vec<_>>()
                    .join(" -> ");
                for pair in cycle.windows(2) {
                    // what each line says, gathered: `file:line (use super::A, use super::B)`
                    let mut lines: BTreeMap<(&str, usize), Vec<&str>> = BTreeMap::new();
                    for site in &self.edges[&pair[0]][&pair[1]] {
                        lines
                            .entry((&site.file, site.line))
                            .or_default()
                            .push(&site.what);
                    }
                    for ((file, line), what) in lines {
                        text.push_str(&format!(
                            "\n    {} -> {}: {file}:{line} ({})",
                            name(&pair[0]),
                            name(&pair[1]),
                            what.join(", ")
                        ));
                    }
                }
                text
            })
            .collect()
    }

    /// The whole graph: each module with its file, then each module it depends on and where.
    fn print(&self) -> String {
        let mut out = String::new();
        for (module, file) in &self.modules {
            out.push_str(&format!("{} ({file})\n", name(module)));
            for (to, sites) in self.edges.get(module).into_iter().flatten() {
                let at: BTreeSet<(&str, usize)> =
                    sites.iter().map(|s| (s.file.as_str(), s.line)).collect();
                let at: Vec<String> = at.iter().map(|(f, l)| format!("{f}:{l}")).collect();
                out.push_str(&format!("    -> {}  [{}]\n", name(to), at.join(", ")));
            }
        }
        out
    }
}

/// Whether `line` starts a `fn`: `^\s*(pub(\(\w+\))? )?(const )?(async )?(unsafe )?fn `.
fn is_fn_start(line: &str) -> bool {
    let mut rest = line.trim_start();
    if let Some(r) = rest.strip_prefix("pub") {
        let r = match r.strip_prefix('(') {
            Some(inner) => match inner.split_once(')') {
                Some((word, after))
                    if !word.is_empty()
                        && word.chars().all(|c| c.is_alphanumeric() || c == '_') =>
                {
                    after
                }
                _ => return false,
            },
            None => r,
        };
        match r.strip_prefix(' ') {
            Some(r) => rest = r,
            None => return false,
        }
    }
    for word in ["const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    rest.starts_with("fn ")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The line ranges (0-based, end exclusive) of `#[cfg(test)]` items: from the attribute to the item's `;`
/// line, or to the first following line at the item's indentation that is `}`.
fn test_items(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "#[cfg(test)]" {
            continue;
        }
        let Some(start) = (i + 1..lines.len()).find(|&j| {
            let t = lines[j].trim();
            !(t.starts_with("#[") || t.starts_with("//") || t.is_empty())
        }) else {
            continue;
        };
        let end = if lines[start].trim_end().ends_with(';') {
            start
        } else {
            (start + 1..lines.len())
                .find(|&k| indent(lines[k]) == indent(lines[start]) && lines[k].trim() == "}")
                .unwrap_or(lines.len() - 1)
        };
        ranges.push(i..end + 1);
    }
    ranges
}

/// Every `fn` of `text` outside `#[cfg(test)]` items longer than `limit` lines, as
/// `(line, name, lines)`: a fn starts at a line [`is_fn_start`] accepts and ends at the first following
/// line at its indentation that is `}` (a fn without a body, ending in `;`, is skipped).
fn long_fns_in(text: &str, limit: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let tests = test_items(&lines);
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !is_fn_start(line) || tests.iter().any(|r| r.contains(&i)) {
            continue;
        }
        let name: String = line
            .split_once("fn ")
            .map(|(_, r)| {
                r.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            })
            .unwrap_or_default();
        // The end of the signature: the first line ending in `{`, `;` or `}`.
        let Some(head) = (i..lines.len()).find(|&j| {
            let t = lines[j].trim_end();
            t.ends_with('{') || t.ends_with(';') || t.ends_with('}')
        }) else {
            continue;
        };
        let t = lines[head].trim_end();
        let end = if t.ends_with(';') {
            continue;
        } else if t.ends_with('}') {
            head
        } else {
            match (head + 1..lines.len())
                .find(|&k| indent(lines[k]) == indent(line) && lines[k].trim() == "}")
            {
                Some(k) => k,
                None => continue,
            }
        };
        let n = end - i + 1;
        if n > limit {
            long.push((i + 1, name, n));
        }
    }
    long
}

/// Violations of (c) in `files`, as `file:line: …`.
fn long_fns(files: &BTreeMap<String, String>, limit: usize) -> Vec<String> {
    files
        .iter()
        .flat_map(|(file, text)| {
            long_fns_in(text, limit)
                .into_iter()
                .map(move |(line, name, n)| {
                    format!("{file}:{line}: fn {name} is {n} lines (at most {limit} outside tests)")
                })
        })
        .collect()
}

/// Violations of (b) in `files`, as `file:line: …` (the file's last line): lines outside `#[cfg(test)]`
/// items over `limit`.
fn long_files(files: &BTreeMap<String, String>, limit: usize) -> Vec<String> {
    files
        .iter()
        .filter(|(file, _)| Path::new(file).file_name().is_none_or(|n| n != "rules.rs"))
        .filter_map(|(file, text)| {
            let lines: Vec<&str> = text.lines().collect();
            let in_tests: usize = test_items(&lines).iter().map(|r| r.len()).sum();
            let code = lines.len() - in_tests;
            (code > limit).then(|| {
                format!(
                    "{file}:{}: {code} lines outside #[cfg(test)] items (at most {limit})",
                    lines.len()
                )
            })
        })
        .collect()
}

/// Every `.rs` file under `src/`, by path relative to the repository root (`/` separated).
fn source_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, files: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(common::root()).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&common::root().join("src"), &mut files);
    assert!(files.contains_key("src/lib.rs"), "{:?}", files.keys());
    files
}

fn source_graph() -> ModuleGraph {
    module_graph(&source_files()).unwrap_or_else(|e| panic!("{e}"))
}

/// The files of `src/` the library compiles outside tests: those holding a module of the graph (a
/// `#[cfg(test)] mod x;` file is not in it).
fn library_files() -> BTreeMap<String, String> {
    let graph = source_graph();
    let compiled: BTreeSet<&String> = graph.modules.values().collect();
    source_files()
        .into_iter()
        .filter(|(file, _)| compiled.contains(file))
        .collect()
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let cycles = source_graph().cycle_report();
    assert!(
        cycles.is_empty(),
        "{} import cycle(s) between modules of src/ (a child uses its parent, which declares it; put \
         shared types in a sibling file):\n{}",
        cycles.len(),
        cycles.join("\n")
    );
}

#[test]
fn no_source_file_is_over_600_lines_outside_its_tests() {
    let long = long_files(&library_files(), FILE_LINES);
    assert!(
        long.is_empty(),
        "{} file(s) of src/ too long (a rule table may be named rules.rs):\n{}",
        long.len(),
        long.join("\n")
    );
}

#[test]
fn no_function_is_over_80_lines_outside_tests() {
    let long = long_fns(&library_files(), FN_LINES);
    assert!(
        long.is_empty(),
        "{} fn(s) of src/ over {FN_LINES} lines:\n{}",
        long.len(),
        long.join("\n")
    );
}

/// Prints the module graph (run with `-- --nocapture`): each module with its file, then each module it
/// depends on with the `file:line`s that say so.
/// Violations of (d) in `files`, as `file:line: …`.
fn threads_without_the_hook(files: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in files {
        let lines: Vec<&str> = text.lines().collect();
        let tests = test_items(&lines);
        for (i, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            let starts = !code.starts_with("//")
                && !line.contains("rayon::")
                && (line.contains(".spawn(")
                    || line.contains("spawn_scoped(")
                    || line.contains("thread::spawn("));
            if !starts || tests.iter().any(|r| r.contains(&i)) {
                continue;
            }
            let near = &lines[i.saturating_sub(4)..lines.len().min(i + 5)];
            if !near.iter().any(|l| l.contains("threads::started()")) {
                found.push(format!(
                    "{file}:{}: a thread started without `crate::threads::started()` first",
                    i + 1
                ));
            }
        }
    }
    found
}

#[test]
fn every_thread_the_library_starts_runs_the_thread_hook_first() {
    let found = threads_without_the_hook(&library_files());
    assert!(found.is_empty(), "{}", found.join("\n"));
    // the check finds a thread started without it
    let bare = BTreeMap::from([(
        "src/x.rs".to_string(),
        "fn f() {\n    let t = std::thread::spawn(move || work());\n}\n".to_string(),
    )]);
    assert_eq!(
        threads_without_the_hook(&bare),
        ["src/x.rs:2: a thread started without `crate::threads::started()` first"]
    );
}

#[test]
fn print_the_module_graph() {
    let graph = source_graph();
    println!("{}", graph.print());
    for top in ["parse", "style", "typeset", "render", "model"] {
        assert!(graph.modules.contains_key(&vec![top.to_string()]), "{top}");
    }
    assert_eq!(
        graph.modules[&vec!["typeset".to_string(), "paginate".to_string()]],
        "src/typeset/paginate.rs"
    );
}

/// The cycle detector, the edge resolution and the length rules on small inline examples.
mod checks {
    use super::*;

    /// The graph of `files` (path, text).
    fn graph(files: &[(&str, &str)]) -> ModuleGraph {
        let files = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        module_graph(&files).unwrap()
    }

    fn edges(files: &[(&str, &str)]) -> Vec<String> {
        graph(files).edge_names().into_iter().collect()
    }

    fn cycles(files: &[(&str, &str)]) -> Vec<String> {
        graph(files)
            .cycles()
            .iter()
            .map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" -> "))
            .collect()
    }

    #[test]
    fn a_child_using_an_item_of_its_parent_is_a_cycle() {
        let files = [
            ("src/lib.rs", "pub mod typeset;"),
            (
                "src/typeset/mod.rs",
                "pub mod paginate;\npub struct Page;\npub fn run() { paginate::go(); }",
            ),
            (
                "src/typeset/paginate.rs",
                "use super::Page;\npub fn go() -> Option<Page> { None }",
            ),
        ];
        assert_eq!(
            edges(&files),
            [
                "crate -> typeset",
                "typeset -> typeset::paginate",
                "typeset::paginate -> typeset"
            ]
        );
        assert_eq!(cycles(&files), ["typeset -> typeset::paginate -> typeset"]);
        let report = graph(&files).cycle_report();
        assert_eq!(report.len(), 1);
        assert!(
            report[0].contains(
                "typeset::paginate -> typeset: src/typeset/paginate.rs:1 (use super::Page)"
            ),
            "{}",
            report[0]
        );
        assert!(
            report[0].contains("typeset -> typeset::paginate: src/typeset/mod.rs:1 (mod paginate)"),
            "{}",
            report[0]
        );
    }

    #[test]
    fn a_child_using_a_sibling_through_super_is_no_cycle() {
        let files = [
            ("src/lib.rs", "mod typeset;"),
            ("src/typeset/mod.rs", "mod line;\nmod types;\nmod breaks;"),
            ("src/typeset/types.rs", "pub struct Glyph;"),
            ("src/typeset/breaks.rs", "pub fn opportunities() {}"),
            (
                "src/typeset/line.rs",
                "use super::types::Glyph;\nuse super::breaks;\nfn f(_: Glyph) { breaks::opportunities() }",
            ),
        ];
        assert_eq!(
            edges(&files),
            [
                "crate -> typeset",
                "typeset -> typeset::breaks",
                "typeset -> typeset::line",
                "typeset -> typeset::types",
                "typeset::line -> typeset::breaks",
                "typeset::line -> typeset::types",
            ]
        );
        assert!(cycles(&files).is_empty());
    }

    #[test]
    fn grouped_and_nested_super_imports_resolve_each_leaf() {
        // `b` is a sibling module, `X` an item of the sibling `a`, `Y` an item of the parent itself.
        let files = [
            ("src/lib.rs", "mod p;"),
            ("src/p/mod.rs", "mod a;\nmod b;\nmod c;\npub struct Y;"),
            ("src/p/a.rs", "pub struct X;"),
            ("src/p/b.rs", ""),
            ("src/p/c.rs", "use super::{a::X, b};"),
        ];
        let e = edges(&files);
        assert!(e.contains(&"p::c -> p::a".to_string()), "{e:?}");
        assert!(e.contains(&"p::c -> p::b".to_string()), "{e:?}");
        assert!(!e.contains(&"p::c -> p".to_string()), "{e:?}");
        assert!(cycles(&files).is_empty());

        let files = [
            ("src/lib.rs", "mod p;"),
            ("src/p/mod.rs", "mod a;\nmod c;\npub struct Y;"),
            ("src/p/a.rs", "pub struct X;"),
            ("src/p/c.rs", "pub use super::{a::{self, X as Z}, Y};"),
        ];
        let e = edges(&files);
        assert!(e.contains(&"p::c -> p::a".to_string()), "{e:?}");
        assert!(e.contains(&"p::c -> p".to_string()), "{e:?}");
        assert_eq!(cycles(&files), ["p -> p::c -> p"]);
    }

    #[test]
    fn an_item_re_exported_by_a_parent_is_an_edge_to_the_parent() {
        // `crate::typeset::Role` is defined in paginate but named through typeset's `pub use`.
        let files = [
            (
                "src/lib.rs",
                "pub mod typeset;\npub mod render;\npub use typeset::Role;",
            ),
            (
                "src/typeset/mod.rs",
                "pub mod paginate;\npub use paginate::Role;",
            ),
            ("src/typeset/paginate.rs", "pub enum Role { Body }"),
            (
                "src/render.rs",
                "use crate::typeset::Role;\nuse crate::typeset::paginate::Role as Direct;\nuse crate::Role as Root;",
            ),
        ];
        let g = graph(&files);
        let e = g.edge_names();
        for edge in [
            "render -> typeset",
            "render -> typeset::paginate",
            "render -> crate",
        ] {
            assert!(e.contains(edge), "{edge} not in {e:?}");
        }
        // `crate -> render -> crate`: an import through the crate root is a cycle.
        assert_eq!(cycles(&files), ["crate -> render -> crate"]);
        assert_eq!(
            g.edges[&vec!["render".to_string()]][&Vec::<String>::new()]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
            ["src/render.rs:3 (use crate::Role)"]
        );
    }

    #[test]
    fn crate_paths_in_code_and_in_macro_calls_are_edges_and_comments_are_not() {
        let files = [
            (
                "src/lib.rs",
                "pub mod assets;\npub mod model;\npub mod render;",
            ),
            (
                "src/assets.rs",
                "pub fn load() {}\npub mod probe { pub fn png() {} }",
            ),
            ("src/model.rs", "pub struct Date;"),
            (
                "src/render.rs",
                "//! See [`crate::model::Date`] and crate::model in a comment.\n\
                 /// Uses [`crate::model`].\n\
                 pub fn f() {\n\
                     let s = \"crate::model::Date\";\n\
                     crate::assets::load();\n\
                     println!(\"{:?}\", crate::assets::probe::png());\n\
                 }",
            ),
        ];
        let e = edges(&files);
        assert!(e.contains(&"render -> assets".to_string()), "{e:?}");
        assert!(e.contains(&"render -> assets::probe".to_string()), "{e:?}");
        assert!(!e.contains(&"render -> model".to_string()), "{e:?}");
        let g = graph(&files);
        let sites: Vec<String> = g.edges[&vec!["render".to_string()]][&vec!["assets".to_string()]]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(sites, ["src/render.rs:5 (crate::assets::load)"]);
    }

    #[test]
    fn super_is_the_parent_of_the_module_the_file_holds() {
        // In `a/mod.rs` (module a) `super` is the crate root; in `a/b.rs` (module a::b) it is `a`; in an
        // inline module it is the module around it; `super::super` climbs twice.
        let files = [
            ("src/lib.rs", "mod a;\nmod z;"),
            ("src/z.rs", "pub struct Z;"),
            ("src/a/mod.rs", "mod b;\nuse super::z::Z;"),
            (
                "src/a/b.rs",
                "mod inner { pub fn f() { super::super::super::z::Z; } }\nfn g() { self::inner::f(); }",
            ),
        ];
        let e = edges(&files);
        assert!(e.contains(&"a -> z".to_string()), "{e:?}");
        assert!(e.contains(&"a::b -> a::b::inner".to_string()), "{e:?}");
        assert!(e.contains(&"a::b::inner -> z".to_string()), "{e:?}");
        assert!(!e.contains(&"a::b::inner -> a".to_string()), "{e:?}");
        assert!(cycles(&files).is_empty(), "{:?}", cycles(&files));
    }

    #[test]
    fn a_file_or_a_mod_rs_is_the_module_and_a_module_imported_by_name_resolves_through() {
        let files = [
            ("src/lib.rs", "pub mod a;\npub mod d;"),
            ("src/a.rs", "pub mod b;"),
            ("src/a/b/mod.rs", "pub mod c;"),
            ("src/a/b/c.rs", "pub fn f() {}"),
            (
                "src/d.rs",
                "use crate::a::b as bee;\nuse crate::a::{self};\npub fn g() { bee::c::f(); a::b::c::f(); }",
            ),
        ];
        let g = graph(&files);
        assert_eq!(
            g.modules[&vec!["a".to_string(), "b".to_string()]],
            "src/a/b/mod.rs"
        );
        assert_eq!(
            g.modules[&vec!["a".to_string(), "b".to_string(), "c".to_string()]],
            "src/a/b/c.rs"
        );
        let e = g.edge_names();
        for edge in ["d -> a::b", "d -> a", "d -> a::b::c"] {
            assert!(e.contains(edge), "{edge} not in {e:?}");
        }
    }

    #[test]
    fn test_modules_and_other_crates_are_not_edges() {
        let files = [
            ("src/lib.rs", "pub mod p;"),
            (
                "src/p/mod.rs",
                "pub mod q;\npub struct S;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\nmod more { use super::*; }",
            ),
            (
                "src/p/q.rs",
                "use std::path::Path;\nuse serde::Serialize;\n#[cfg(test)]\nmod tests {\n    use super::super::S;\n}\n\
                 #[cfg(test)]\nuse super::S;\nimpl X { #[cfg(test)] fn t() { super::S; } }",
            ),
        ];
        // `src/p/tests.rs` does not exist: a `#[cfg(test)] mod` is not followed.
        assert_eq!(edges(&files), ["crate -> p", "p -> p::q"]);
    }

    #[test]
    fn a_glob_import_of_the_parent_is_a_cycle_and_a_long_cycle_is_reported_whole() {
        let files = [
            ("src/lib.rs", "mod a;\nmod b;\nmod c;"),
            ("src/a.rs", "use crate::b::B;\npub struct A;"),
            ("src/b.rs", "use crate::c::C;\npub struct B;"),
            ("src/c.rs", "use crate::a::*;\npub struct C;"),
        ];
        assert_eq!(cycles(&files), ["a -> b -> c -> a"]);
    }

    #[test]
    fn a_missing_module_file_is_reported() {
        let files = [("src/lib.rs", "mod gone;")]
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let err = module_graph(&files).unwrap_err();
        assert_eq!(
            err,
            "src/lib.rs:1: mod gone has no file src/gone.rs or src/gone/mod.rs"
        );
    }

    #[test]
    fn fn_starts_follow_the_pattern() {
        for yes in [
            "fn a() {",
            "    pub fn a(",
            "pub(crate) fn a() -> u8 {",
            "pub(super) const fn a() {",
            "    pub async unsafe fn a() {",
            "const fn a() {",
        ] {
            assert!(is_fn_start(yes), "{yes}");
        }
        for no in [
            "pub(in crate::x) fn a() {",
            "// fn a() {",
            "let fn_x = 1;",
            "pubfn a() {",
            "extern \"C\" fn a() {",
            "fnord() {",
        ] {
            assert!(!is_fn_start(no), "{no}");
        }
    }

    /// A fn of `body` lines between its signature and its closing brace, indented by `pad`.
    fn fn_text(name: &str, body: usize, pad: &str) -> String {
        let mut t = format!("{pad}pub fn {name}(\n{pad}    x: u8,\n{pad}) -> u8 {{\n");
        for _ in 0..body {
            t.push_str(&format!("{pad}    let _ = x;\n"));
        }
        t.push_str(&format!("{pad}    {{\n{pad}    }}\n{pad}}}\n"));
        t
    }

    #[test]
    fn fn_length_counts_from_the_fn_line_to_its_closing_brace_outside_tests() {
        // 3 signature lines + body + a nested block of 2 + the closing brace.
        let text = format!(
            "trait T {{\n    fn decl(&self);\n}}\nfn one() {{}}\n{}{}\n#[cfg(test)]\nmod tests {{\n{}}}\n\
             #[cfg(test)]\nfn helper() {{\n{}}}\nimpl S {{\n{}}}\n",
            fn_text("fits", 74, ""),
            fn_text("long", 75, ""),
            fn_text("in_tests", 200, "    "),
            "    let _ = 1;\n".repeat(100),
            fn_text("method", 80, "    "),
        );
        let long = long_fns_in(&text, 80);
        let names: Vec<(&str, usize)> = long.iter().map(|(_, n, l)| (n.as_str(), *l)).collect();
        assert_eq!(names, [("long", 81), ("method", 86)]);
        // `long` starts after trait T (3 lines), `one` (1) and `fits` (80 lines).
        assert_eq!(long[0].0, 85);
    }

    #[test]
    fn file_length_counts_lines_outside_cfg_test_items_and_spares_rules_rs() {
        let file =
            |before: usize| format!("{}#[cfg(test)]\nmod tests {{\n}}\n", "//\n".repeat(before));
        // a test module declared early does not exempt the code after it
        let early = format!("#[cfg(test)]\nmod props;\n{}", "//\n".repeat(600));
        let files: BTreeMap<String, String> = [
            ("src/ok.rs", file(600)),
            ("src/long.rs", file(601)),
            ("src/early.rs", early),
            ("src/parse/rules.rs", file(5000)),
            ("src/untested.rs", "//\n".repeat(700)),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t))
        .collect();
        assert_eq!(
            long_files(&files, 600),
            [
                "src/long.rs:604: 601 lines outside #[cfg(test)] items (at most 600)",
                "src/untested.rs:700: 700 lines outside #[cfg(test)] items (at most 600)",
            ]
        );
        let more = format!("#[cfg(test)]\nmod props;\n{}", "//\n".repeat(601));
        let files = BTreeMap::from([("src/early.rs".to_string(), more)]);
        assert_eq!(
            long_files(&files, 600),
            ["src/early.rs:603: 601 lines outside #[cfg(test)] items (at most 600)"]
        );
    }

    #[test]
    fn a_file_declared_as_a_cfg_test_module_is_not_library_code() {
        let graph = graph(&[
            ("src/lib.rs", "mod a;\n#[cfg(test)]\nmod props;\n"),
            ("src/a.rs", "pub fn f() {}"),
            ("src/props.rs", "fn g() {}"),
        ]);
        let compiled: Vec<&String> = graph.modules.values().collect();
        assert_eq!(compiled, ["src/lib.rs", "src/a.rs"]);
    }
}
