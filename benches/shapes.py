#!/usr/bin/env python3
"""shapes.py: how a huozi executable's build grows on the input shapes once found quadratic (issue 13, item 5).

Usage:
  benches/shapes.py BIN [--n 25600] [--runs 1] [--shapes NAME,...] [--keep DIR]

  BIN       a release build of huozi (target/release/huozi)
  --n       the small inputs' count of repeated units (lines, notes, headings, ...; default 25600); each
            shape is also built at four times that count
  --runs    builds of each input, the median kept (default 1)
  --shapes  which shapes, comma-separated (default all):
              poem          a Markdown paragraph of N lines broken by two trailing spaces
              code          a Markdown fenced code block of N lines
              notes         a Markdown story of N paragraphs, each with a footnote of its own
              note-stories  N Markdown stories in one file, each with one footnote
              front-matter  N Markdown stories, each with a `+++` front matter block
              headings      a Markdown story of N `##` and N `###` headings, each followed by a paragraph
              chapters      a plain-text file of N chapters (`第i章 …`), each with a section (`第一节`)
              unsettable    N plain-text paragraphs, each with a character of its own that no face has
                            (built with --no-system-fonts)
              layout-report N/4 paragraphs with a line broken inside a word (built with --layout-report)
              bylines       N byline lines in a row (one paragraph of about 10 N characters, whose
                            exact fits' table grew as its square)
  --keep    writes the inputs and outputs into DIR and keeps them (default: a temporary folder)

Prints, for every shape, the wall time and peak RSS of its builds at N and 4 N and their quotient: about 4
for a build that grows linearly, 16 for one that grows as the square. Each shape was quadratic before the
thirty-seventh round (docs/speed.md), 9 to 17 times per fourfold at these sizes, and one (a poem of 102,400
lines) took 10 s. A build that fails stops the script with its error.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PARA = "在外卖存放点设置泡沫保温箱，确保居民购买的食品和蔬菜不被冻坏，协调购买一批热帖和暖手宝，分发给核酸检测工作人员。"
BOOK = ('title = "形状"\nlanguage = "zh-CN"\ndate = "2022-12-05"\n'
        'identifier = "urn:uuid:00000000-0000-4000-8000-000000000000"\nauthors = ["测试"]\n')


def poem(n):
    return "s.md", "# 诗\n\n" + "".join(f"举头望明月，低头思故乡{i}。  \n" for i in range(n)) + "完。\n"


def code(n):
    return "s.md", "# 代码\n\n说明。\n\n```\n" + "".join(f"line {i} of code\n" for i in range(n)) + "```\n\n完。\n"


def notes(n):
    body = "".join(f"{PARA}{i}[^{i}]\n\n" for i in range(n))
    return "s.md", "# 脚注\n\n" + body + "".join(f"[^{i}]: 注{i}。\n" for i in range(n))


def note_stories(n):
    body = "".join(f"# 第{i}篇\n\n{PARA}[^{i}]\n\n" for i in range(n))
    return "s.md", body + "".join(f"[^{i}]: 注{i}。\n" for i in range(n))


def front_matter(n):
    return "s.md", "".join(f'+++\nbyline = "记者 李{i}"\nkicker = "引题{i}"\n+++\n\n# 第{i}篇报道\n\n{PARA}\n\n'
                           for i in range(n))


def headings(n):
    return "s.md", "# 很多小标题\n\n" + "".join(f"## 节{i}\n\n### 小节{i}\n\n{PARA}\n\n" for i in range(n))


def chapters(n):
    return "s.txt", "冰城往事\n\n" + "".join(f"第{i + 1}章 雪落松花江\n\n第一节\n\n{PARA}\n\n" for i in range(n))


def unsettable(n):
    return "s.txt", "很多生僻字\n\n本报讯（记者 梁可心）开头。\n\n" + "".join(
        f"{PARA}{chr(0x20000 + i)}\n\n" for i in range(n))


def layout_report(n):
    word = "abcdefghijklmnopqrstuvwxyz" * 2
    return "s.txt", "很多长词\n\n本报讯（记者 梁可心）开头。\n\n" + "".join(
        f"{PARA}再见{word}{i}字。\n\n" for i in range(n // 4))


def bylines(n):
    return "s.txt", "标题\n\n" + "".join(f"□本报记者 梁可心{i % 10}\n" for i in range(n)) + "\n在外卖存放点设置泡沫保温箱。\n"


SHAPES = {
    "poem": (poem, []),
    "code": (code, []),
    "notes": (notes, []),
    "note-stories": (note_stories, []),
    "front-matter": (front_matter, []),
    "headings": (headings, []),
    "chapters": (chapters, []),
    "unsettable": (unsettable, ["--no-system-fonts"]),
    "layout-report": (layout_report, ["--layout-report"]),
    "bylines": (bylines, []),
}


def build(binary, book, out, flags):
    """One build of `book`: wall seconds and peak RSS in MiB; exits on a failed build."""
    t = time.perf_counter()
    p = subprocess.Popen([binary, "build", book, "--out", out, *flags],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status:
        sys.exit(f"shapes.py: {binary} failed on {book}: {err.decode(errors='replace')[-400:]}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See the module docstring (the top of this file) for the shapes.")
    ap.add_argument("binary", help="a release build of huozi")
    ap.add_argument("--n", type=int, default=25600, help="the small inputs' count of units (default 25600)")
    ap.add_argument("--runs", type=int, default=1, help="builds of each input (default 1)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated (default all)")
    ap.add_argument("--keep", metavar="DIR", help="write the inputs and outputs into DIR and keep them")
    o = ap.parse_args()
    shapes = [s for s in o.shapes.split(",") if s]
    bad = [s for s in shapes if s not in SHAPES]
    if bad:
        sys.exit(f"shapes.py: unknown shape {', '.join(bad)} ({', '.join(SHAPES)})")
    if not (os.path.isfile(o.binary) and os.access(o.binary, os.X_OK)):
        sys.exit(f"shapes.py: {o.binary} is not an executable (build it: cargo build --release)")
    if o.runs < 1 or o.n < 4:
        sys.exit("shapes.py: --runs must be positive and --n at least 4")
    with tempfile.TemporaryDirectory() as scratch:
        folder = o.keep or scratch
        for shape in shapes:
            make, flags = SHAPES[shape]
            row = []
            for n in (o.n, 4 * o.n):
                book = os.path.join(folder, f"{shape}-{n}")
                os.makedirs(book, exist_ok=True)
                name, text = make(n)
                with open(os.path.join(book, name), "w", encoding="utf-8") as f:
                    f.write(text)
                with open(os.path.join(book, "book.toml"), "w", encoding="utf-8") as f:
                    f.write(BOOK)
                runs = [build(o.binary, book, os.path.join(folder, f"out-{shape}-{n}"), flags)
                        for _ in range(o.runs)]
                row.append((statistics.median(r[0] for r in runs), max(r[1] for r in runs)))
            (small, small_rss), (large, large_rss) = row
            print(f"{shape}: N={o.n} {small:.3f} s {small_rss:.0f} MiB; 4N {large:.3f} s {large_rss:.0f} MiB; "
                  f"{large / small:.1f}x", flush=True)


if __name__ == "__main__":
    main()
