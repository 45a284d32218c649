//! huozi's build script: on Linux with the GNU toolchain, the `huozi` executable is linked as a
//! position-dependent executable (`-no-pie`). A position-independent one has the dynamic loader apply
//! about 47,000 relocations at every start, each write a copy-on-write page fault in the 0.9 MB of
//! `.data.rel.ro`: about 2 ms of the 20 ms a one-story book takes (docs/speed.md, twelfth round). The price
//! is that the executable's own code and data are not placed at a random address (ASLR), as the libraries
//! still are. Only the binaries are linked so; the library, tests and benches are as cargo makes them.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
