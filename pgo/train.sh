#!/usr/bin/env bash
# Regenerates pgo/huozi.profdata, the profile `.cargo/config.toml` hands rustc (`-Cprofile-use`) so that
# the release build is laid out for the paths a build of a book really takes (profile-guided optimisation;
# docs/speed.md, twelfth round). Run it after changing hot code (parsing, shaping, breaking, the writers):
# a function whose code changed since the profile was taken is compiled without the profile's guidance
# (rustc still builds it, only less well), so a stale profile costs speed, never correctness.
#
# Needs rustup's llvm-tools component (`rustup component add llvm-tools`: its llvm-profdata must be the
# one of the LLVM rustc is built on). Takes two instrumented release builds (about 13 and 10 minutes on 2
# cores) and a few seconds of training. The profile is trained on what the repository ships: the default book
# (content/), the stress and fault stories and the Markdown fixtures, each alone and together as one book
# of many stories (so that the paths of a long book, set on every core, are measured too).
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
[ -x "$profdata" ] || { echo "pgo/train.sh: $profdata missing; run: rustup component add llvm-tools" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target="$work/target"
raw="$work/raw"

# The training: the default book, the stress and fault stories, the Markdown fixtures, one long story,
# and one book of many stories (the shipped stories, each ten times, in turn) on every core and on one.
many="$work/many"
mkdir -p "$many"
cp content/book.toml "$many/"
n=0
for round in $(seq 10); do
  for story in content/*.txt tests/fixtures/typeset-stress.txt tests/fixtures/typeset-faults.txt \
    tests/fixtures/parse/book-chapters/input.txt; do
    n=$((n + 1))
    cp "$story" "$many/$(printf 's%04d.txt' "$n")"
  done
done
# and one long story (a headline over the shipped stories' paragraphs, forty times): a story of many
# blocks is set a window of blocks at a time on every core
long="$work/long.txt"
{
  printf '一个很长的故事\n\n'
  for round in $(seq 40); do grep -h -E '^.{60,}' content/*.txt | sed 'G'; done
} > "$long"
train() {
  local huozi=$1 out="$work/out"
  "$huozi" build "$long" --out "$out"
  "$huozi" build content --out "$out"
  "$huozi" build tests/fixtures/typeset-stress.txt --out "$out"
  "$huozi" build tests/fixtures/typeset-faults.txt --out "$out"
  "$huozi" build tests/fixtures/markdown --out "$out"
  "$huozi" build "$many" --out "$out"
  RAYON_NUM_THREADS=1 "$huozi" build "$many" --out "$out"
}

# Instrumented builds (their own target folder: the flags differ, so nothing of target/ is reused),
# without the wrapper that would hand them the old profile. Twice, because LLVM finds a function's
# profile by its symbol, whose hash cargo derives from the crate's features among other things:
# `cargo build --release` (the executable a user builds) and `cargo test --release` (which also builds
# the executable, with the features the tests' dependencies add, so other hashes) give two sets.
RUSTC_WRAPPER= RUSTFLAGS="-Cprofile-generate=$raw" cargo build --release --target-dir "$target"
train "$target/release/huozi"
RUSTC_WRAPPER= RUSTFLAGS="-Cprofile-generate=$raw" cargo test --release --no-run --target-dir "$target"
train "$target/release/huozi"

# Sparse: functions the training never ran are left out; they are compiled as without a profile.
"$profdata" merge --sparse -o pgo/huozi.profdata.tmp "$raw"
mv pgo/huozi.profdata.tmp pgo/huozi.profdata
ls -l pgo/huozi.profdata
# cargo does not know the wrapper's profile changed, so what it built with the old one must go.
cargo clean --release
