//! Shell integration: completion scripts (`huozi completions SHELL`, clap_complete) and manual pages
//! (`huozi man [COMMAND]`, `huozi man --dir DIR`, clap_mangen), both generated from the command line's
//! own definition so they cannot drift from it.

use std::path::Path;

use anyhow::Context;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// The exit statuses, for the manual's EXIT STATUS section and `--help`: (status, meaning).
pub(crate) const EXIT_CODES: [(u8, &str); 9] = [
    (0, "success"),
    (1, "a failure outside the book (writing to stdout)"),
    (
        2,
        "a usage error: an unknown option or command, a bad value",
    ),
    (
        3,
        "an input error: a story file, book.toml, an image, a bad output path",
    ),
    (
        4,
        "a style error: bad TOML or values, or a page that cannot hold its text",
    ),
    (
        5,
        "a font error: a face that cannot be used, or with --strict a character no face can set",
    ),
    (6, "an I/O error: a file that cannot be read or written"),
    (
        7,
        "--strict: a warning (or a preflight problem) made an error; nothing written",
    ),
    (
        8,
        "an edition that cannot be written as asked (a PDF standard the book cannot meet)",
    ),
];

/// The completion script for `shell`, on stdout.
pub(crate) fn completions(
    mut cmd: clap::Command,
    shell: clap_complete::Shell,
) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "huozi", &mut script);
    super::feedback::print_out(&String::from_utf8_lossy(&script))
}

/// Prints the manual page of `huozi` or of its subcommand `command` (`huozi-build(1)`), or with `dir`
/// writes every page (`huozi.1`, `huozi-build.1`, …) into that folder.
pub(crate) fn man(
    cmd: clap::Command,
    command: Option<&str>,
    dir: Option<&Path>,
) -> anyhow::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
        let mut pages = vec![cmd.clone()];
        pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        for page in pages {
            let path = dir.join(Man::new(page.clone()).get_filename());
            std::fs::write(&path, page_of(page)?).with_context(|| format!("{}", path.display()))?;
        }
        return Ok(());
    }
    let page = match command {
        None => cmd,
        Some(name) => cmd
            .find_subcommand(name)
            .cloned()
            .with_context(|| format!("no command {name}: see `huozi --help`"))?,
    };
    super::feedback::print_out(&String::from_utf8_lossy(&page_of(page)?))
}

/// The roff of one manual page: clap_mangen's sections, then EXIT STATUS (for `huozi` and the commands
/// that build).
fn page_of(cmd: clap::Command) -> anyhow::Result<Vec<u8>> {
    let builds = matches!(cmd.get_name(), "huozi" | "build" | "check" | "archive");
    // the exit statuses closing `--help` are the page's EXIT STATUS section instead
    let examples = (cmd.get_after_help().map(|h| h.to_string())).map(|h| {
        h.split("\n\nExit status:")
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let cmd = match examples {
        Some(text) => cmd.after_help(text),
        None => cmd,
    };
    let mut page = Vec::new();
    Man::new(cmd)
        .source(format!("huozi {}", env!("CARGO_PKG_VERSION")))
        .manual("huozi manual")
        .render(&mut page)
        .context("writing the manual page")?;
    if builds {
        let mut roff = Roff::default();
        roff.control("SH", ["EXIT STATUS"]);
        for (code, meaning) in EXIT_CODES {
            roff.control("TP", [] as [&str; 0]);
            roff.text([bold(code.to_string())]);
            roff.text([roman(meaning)]);
        }
        roff.to_writer(&mut page)
            .context("writing the manual page")?;
    }
    Ok(page)
}

/// `--help`'s closing section on exit statuses.
pub(crate) fn exit_codes_help() -> String {
    let mut text = String::from("Exit status:\n");
    for (code, meaning) in EXIT_CODES {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text
}
