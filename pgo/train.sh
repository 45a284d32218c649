#!/usr/bin/env bash
# Regenerates pgo/huozi.profdata, the profile `.cargo/config.toml` hands rustc (`-Cprofile-use`) so that
# the release build is laid out for the paths a build of a book really takes (profile-guided optimisation;
# docs/speed.md, twelfth round). Run it after changing hot code (parsing, shaping, breaking, the writers):
# a function whose code changed since the profile was taken is compiled without the profile's guidance
# (rustc still builds it, only less well), so a stale profile costs speed, never correctness.
#
# Needs rustup's llvm-tools component (`rustup component add llvm-tools`: its llvm-profdata must be the
# one of the LLVM rustc is built on). Takes one instrumented release build (about 8 minutes on 2 cores)
# and a few seconds of training. The profile is trained on what the repository ships: the default book
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

# An instrumented build (its own target folder: the flags differ, so nothing of target/ is reused), without
# the wrapper that would hand it the old profile.
RUSTC_WRAPPER= RUSTFLAGS="-Cprofile-generate=$raw" cargo build --release --target-dir "$target"
huozi="$target/release/huozi"

# One book of many stories: the shipped stories, each ten times, in turn.
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

out="$work/out"
"$huozi" build content --out "$out"
"$huozi" build tests/fixtures/typeset-stress.txt --out "$out"
"$huozi" build tests/fixtures/typeset-faults.txt --out "$out"
"$huozi" build tests/fixtures/markdown --out "$out"
"$huozi" build "$many" --out "$out"
RAYON_NUM_THREADS=1 "$huozi" build "$many" --out "$out"

# Sparse: functions the training never ran are left out (25 MB → 5 MB); they are compiled as without a profile.
"$profdata" merge --sparse -o pgo/huozi.profdata.tmp "$raw"
mv pgo/huozi.profdata.tmp pgo/huozi.profdata
ls -l pgo/huozi.profdata
# cargo does not know the wrapper's profile changed, so what it built with the old one must go.
cargo clean --release
