#!/usr/bin/env bash
# Regenerates the bundled font subsets in this folder from Debian's fonts-noto-cjk. Runs offline: every list
# it reads is in the repository.
#
#   apt-get install fonts-noto-cjk && pip install fonttools && fonts/make-fonts.sh
#
# Each face is the Simplified Chinese member (index 2) of a Noto CJK collection, subset to
#   - 通用规范汉字表 (2013): all 8,105 characters, listed in tongyong-guifan-2013.txt (from Unihan's kTGH
#     field), 196 of them outside the BMP;
#   - GB 2312: all 7,445 characters (6,763 hanzi plus its symbols), from Python's gb2312 codec;
#   - ASCII, Latin-1, General Punctuation, CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms,
#     Letterlike/Number Forms, arrows, enclosed alphanumerics, vertical forms;
#   - every character of content/, and EXTRA below (characters earlier subsets held),
# keeping every OpenType layout feature (locl, ccmp, halt, chws, vhal, vert, kern, palt, fwid, ...) because
# huozi shapes with rustybuzz and the EPUB subsets keep GSUB/GPOS. Output is CFF-flavoured OpenType.
# Same input, same bytes out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${NOTO_DIR:-/usr/share/fonts/opentype/noto}
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT

python3 - "$here/.." > "$chars" <<'PY'
import sys, pathlib
top = pathlib.Path(sys.argv[1])
EXTRA = "∋≅"
cps = set()
for line in (top / "fonts" / "tongyong-guifan-2013.txt").read_text(encoding="utf-8").splitlines():
    if line and not line.startswith("#"):
        cps.add(int(line.split("\t")[1][2:], 16))
assert len(cps) == 8105, len(cps)
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
cps.update(ord(c) for c in EXTRA)
for f in sorted((top / "content").rglob("*")):
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
