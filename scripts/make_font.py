"""Writes python/gongkai/data/fonts/, the CJK font the plots fall back to: a subset of Noto Sans
CJK SC Regular (SIL Open Font License 1.1) taken from Debian's package fonts-noto-cjk, with
TrueType (glyf) outlines so that matplotlib can embed it in PDF and PostScript as Type 3 or
Type 42 fonts.

    python scripts/make_font.py [--deb PATH]

Without ``--deb`` the package is fetched with ``apt-get download`` (nothing is installed) and
unpacked with ``dpkg-deb``. Needs fontTools (a dependency of matplotlib) and the gongkai package
importable (for the template and indicator labels).

The subset holds every character of:
- CJK Unified Ideographs U+4E00-U+9FFF, CJK Symbols and Punctuation U+3000-U+303F,
  Halfwidth and Fullwidth Forms U+FF00-U+FFEF;
- Basic Latin and Latin-1 U+0020-U+00FF, general punctuation U+2010-U+2027 and U+2030-U+203A;
- python/gongkai/data/divisions.csv, the labels of the templates and of the indicators, and the
  text of python/gongkai/plots.py.
Hinting, vertical metrics and the OpenType layout tables are left out (matplotlib uses none of
them for Chinese); curves are converted to quadratic ones within 1 font unit (of 1000).
The output is the same bytes for the same package and fontTools version.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "python" / "gongkai" / "data" / "fonts"
PACKAGE = "fonts-noto-cjk"
TTC = "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
COPYRIGHT = "usr/share/doc/fonts-noto-cjk/copyright"
SOURCE_FACE = "NotoSansCJKsc-Regular"
FAMILY = "Gongkai Sans CJK"
"""The subset's family name: its own, so that it never stands in for the full font (or the full
font for it) and uses neither the reserved font name "Source" nor the trademark "Noto"."""
FILE = "GongkaiSansCJK-Regular.ttf"
NOTICE = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
"""The copyright notice of the upstream LICENSE file (github.com/notofonts/noto-cjk, Sans/LICENSE);
the font's name table and Debian's copyright file leave the reserved name out."""
MAX_ERR = 1.0
RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x3000, 0x303F),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
)


def fetch(tmp: Path) -> Path:
    subprocess.run(["apt-get", "download", PACKAGE], cwd=tmp, check=True)
    return next(tmp.glob(f"{PACKAGE}_*.deb"))


def characters() -> tuple[set[int], set[int]]:
    """The code points of the ranges, and those of the texts the plots show."""
    from gongkai import _core, template

    points = {c for lo, hi in RANGES for c in range(lo, hi + 1)}
    text = [(ROOT / "python" / "gongkai" / "data" / "divisions.csv").read_text(encoding="utf-8")]
    text.append((ROOT / "python" / "gongkai" / "plots.py").read_text(encoding="utf-8"))
    for t in template.TEMPLATES:
        text += [f.row_zh + f.value_zh for f in template.table2_fields(t)]
    for layout in ("full", "single_other"):
        text += [r.zh for r in template.table3_rows(layout)]
    for labels in (
        template.TABLE3_COLUMNS,
        template.TABLE4_BLOCKS,
        template.TABLE4_VALUES,
        template.SECTIONS,
    ):
        text += [label.zh for label in labels]
    text += [i.zh + i.en + i.unit for i in _core.builtin_indicators()]
    return points, {ord(c) for c in "".join(text) if c.isprintable()}


def to_truetype(font: TTFont) -> None:
    """CFF outlines -> glyf (quadratic curves within MAX_ERR font units)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, version: str) -> None:
    name = font["name"]
    ps = FAMILY.replace(" ", "") + "-Regular"
    for record in list(name.names):
        if record.nameID in (1, 4, 16):
            name.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            name.setName(
                f"{ps};subset of {SOURCE_FACE}", 3, record.platformID, record.platEncID, record.langID
            )
        elif record.nameID == 6:
            name.setName(ps, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 10:
            name.setName(
                f"A subset of {SOURCE_FACE} from Debian's {PACKAGE} {version}, made for the plots of gongkai.",
                10,
                record.platformID,
                record.platEncID,
                record.langID,
            )
    name.names = [r for r in name.names if r.nameID not in (17, 18, 21, 22)]


def licence(copyright_file: str, notice: str) -> str:
    """The SIL OFL 1.1 text of the package's copyright file, under the upstream copyright notice
    and the font's."""
    block = copyright_file.split("\n\nLicense: SIL-1.1\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if not line.startswith(" "):
            break
        lines.append("" if line == " ." else line[1:])
    return f"{NOTICE}\n{notice}\n\n" + "\n".join(lines).strip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--deb", type=Path, help=f"a downloaded {PACKAGE}_*.deb (fetched with apt-get otherwise)")
    args = ap.parse_args()
    import fontTools

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        deb = args.deb.resolve() if args.deb else fetch(tmp)
        version = subprocess.run(
            ["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True, text=True
        ).stdout.strip()
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp / "x")], check=True)
        collection = TTCollection(str(tmp / "x" / TTC))
        font = next(f for f in collection.fonts if f["name"].getDebugName(6) == SOURCE_FACE)
        source_version = font["name"].getDebugName(5).split(";")[0].removeprefix("Version ")
        notice = font["name"].getDebugName(0)
        copyright_file = (tmp / "x" / COPYRIGHT).read_text(encoding="utf-8")

        options = subset.Options()
        options.layout_features = []
        options.hinting = False
        options.notdef_outline = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
        options.name_languages = ["*"]
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
        ranges, texts = characters()
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ranges | texts))
        subsetter.subset(font)
        to_truetype(font)
        rename(font, version)
        font.recalcTimestamp = False  # keeps the source's head.modified: the same input gives the same bytes

        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / FILE
        font.save(str(path))
        cmap = TTFont(str(path))["cmap"].getBestCmap()
        missing = sorted(c for c in texts if c not in cmap)
        gaps = sum(1 for c in ranges if c not in cmap)
        (OUT / "OFL.txt").write_text(licence(copyright_file, notice), encoding="utf-8")

    data = path.read_bytes()
    size = len(data)
    ideographs = sum(1 for c in cmap if 0x4E00 <= c <= 0x9FFF)
    readme = f"""# The CJK font of gongkai's plots

`{FILE}` ("{FAMILY}") is a subset of Noto Sans CJK SC Regular, version
{source_version}, taken from `{TTC.rsplit("/", 1)[1]}` of the Debian package {PACKAGE}
{version}. Licence: SIL Open Font License 1.1, in `OFL.txt` with the copyright notices. The
family is renamed because the subset is a Modified Version under the OFL: the name uses
neither the Reserved Font Name "Source" nor "Noto" (a trademark of Google). The plots fall
back to it, glyph by glyph, for the characters the user's own fonts lack.

- {len(cmap):,} characters: CJK Unified Ideographs U+4E00-U+9FFF ({ideographs:,} of them: all
  that the source font has), CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms, Basic
  Latin and Latin-1, general punctuation, and every character of the bundled divisions table,
  the template and indicator labels and the plots' own text.
- TrueType (glyf) outlines converted from the CFF ones (within {MAX_ERR:g} unit of 1000), so
  that PDF and PostScript output can embed the font as Type 3 or Type 42; no hinting, no
  vertical metrics, no OpenType layout tables.
- {size:,} bytes, sha256 {hashlib.sha256(data).hexdigest()}.

Made by `scripts/make_font.py` with fontTools {fontTools.version}; the same package and
fontTools version give the same bytes.
"""
    (OUT / "README.md").write_text(readme, encoding="utf-8")
    if missing:
        print(
            "characters of the labels not in the source font:",
            " ".join(f"U+{c:04X}" for c in missing),
            file=sys.stderr,
        )
    print(
        f"wrote {path} ({size:,} bytes, {len(cmap)} characters; {gaps} code points of the ranges not in the source)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
