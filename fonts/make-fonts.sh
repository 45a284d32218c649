#!/usr/bin/env bash
# Regenerates the bundled font subsets in this folder from Debian's fonts-noto-cjk.
#
#   apt-get install fonts-noto-cjk && pip install fonttools && fonts/make-fonts.sh
#
# Each face is the Simplified Chinese member (index 2) of a Noto CJK collection, subset to
#   GB 2312 (all 7,445 characters: 6,763 hanzi plus its symbols), ASCII, Latin-1, General Punctuation,
#   CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms, Letterlike/Number Forms, arrows,
#   enclosed alphanumerics, and every character of content/ and ../shared/fixtures/ (when present),
# keeping every OpenType layout feature (halt, fwid, locl, kern, vert, ...) because huozi shapes with
# rustybuzz. Output is CFF-flavoured OpenType. Same input, same bytes out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${NOTO_DIR:-/usr/share/fonts/opentype/noto}
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT

python3 - "$here/.." > "$chars" <<'PY'
import sys, pathlib
top = pathlib.Path(sys.argv[1])
cps = set()
for hi in range(0xA1, 0xF8):          # GB 2312 rows 1-87 (symbols 01-09, hanzi 16-87)
    for lo in range(0xA1, 0xFF):
        try:
            cps.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x2E3A, 0x2E3B), (0x3000, 0x303F), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),
          (0xFF00, 0xFFEF)]
for a, b in ranges:
    cps.update(range(a, b + 1))
for folder in (top / "content", top.parent / "shared" / "fixtures", top.parent / "shared" / "seed"):
    if folder.is_dir():
        for f in sorted(folder.rglob("*")):
            if f.suffix in (".txt", ".md", ".toml"):
                cps.update(ord(c) for c in f.read_text(encoding="utf-8", errors="ignore") if ord(c) >= 0x20)
print(",".join("U+%04X" % c for c in sorted(cps)))
PY

subset() { # collection, output
  pyftsubset "$src/$1" --font-number=2 --unicodes="$(cat "$chars")" --layout-features='*' \
    --name-IDs='*' --name-languages='*' --notdef-outline --no-hinting --desubroutinize \
    --output-file="$here/$2"
  echo "$2: $(wc -c < "$here/$2") bytes"
}
subset NotoSerifCJK-Regular.ttc NotoSerifCJKsc-Regular.otf
subset NotoSerifCJK-Bold.ttc NotoSerifCJKsc-Bold.otf
subset NotoSansCJK-Bold.ttc NotoSansCJKsc-Bold.otf
