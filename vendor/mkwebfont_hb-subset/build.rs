fn main() {
    build_harfbuzz();
}

fn build_harfbuzz() {
    let mut build = cc::Build::new();
    build.cpp(true).flag("-std=c++11").warnings(false);
    // huozi: HarfBuzz's own build flags (its meson.build): no exceptions, no RTTI, no guards on
    // function-local statics, and POSIX threads' mutex instead of std::mutex, so that the subsetter needs
    // nothing of the C++ runtime and huozi's executable loads no libstdc++ at start (HUOZI.md).
    let unix = std::env::var("CARGO_CFG_UNIX").is_ok();
    if unix {
        build
            .flag("-fno-exceptions")
            .flag("-fno-rtti")
            .flag("-fno-threadsafe-statics")
            .define("HAVE_PTHREAD", "1")
            .cpp_link_stdlib(None);
    }
    build
        .file("harfbuzz/src/harfbuzz-subset.cc")
        .compile("embedded-harfbuzz-subset");

    println!("cargo:rerun-if-changed=harfbuzz/src");
}
