[![crates.io](https://img.shields.io/crates/v/hb-subset)](https://crates.io/crates/hb-subset)
[![docs.rs](https://img.shields.io/docsrs/hb-subset)](https://docs.rs/hb-subset/)

# {{crate}}
## A Rust wrapper for HarfBuzz subsetting API

{{readme}}

## License
This crate is licenced under MIT license ([LICENSE.md](./LICENSE.md) or https://opensource.org/licenses/MIT).

This repository includes HarfBuzz as a submodule and links against it. It is licensed with ["Old MIT" license](https://github.com/harfbuzz/harfbuzz/blob/894a1f72ee93a1fd8dc1d9218cb3fd8f048be29a/COPYING).

This repository also contains a copy of [NotoSans](https://notofonts.github.io/) font for testing purposes, contained in `tests/fonts`. It is licensed with[SIL Open Font License, Version 1.1](tests/fonts/OFL.txt).
