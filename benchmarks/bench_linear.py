"""Parse time against input size, doubling from 1 MB to 64 MB, for every form (docs/limits.md).

    python benchmarks/bench_linear.py [--max-mb 64] [--repeat 3] [--forms markdown,html]

Each form's input is built from gongkai's own rendered reports, repeated to the size: reports
as the text layout, as HTML, as .docx XML (WordprocessingML), as markdown pipe tables, as
crawled text (glued cells), and two hostile shapes — a report's text on one line without line
breaks, and a .docx of one-cell tables by the ten thousand. Each size is parsed by the C++ core
(gongkai._core.parse_bytes, one thread; CPU seconds of that thread, best of --repeat); the
table gives seconds, MB/s and the ratio of each time to the time of half the input: linear cost
keeps the ratio near 2 (a quadratic one tends to 4). The last column is the peak resident memory the parse of the largest
input adds to its process (Linux: the peak reset once the input is built), over the input's
size. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from gongkai import _core, render

MB = 1_000_000


def _reports(n: int = 8) -> list[render.ReportData]:
    rng = np.random.default_rng(11)
    return [render.random_report(rng, "2021" if k % 2 else "2019") for k in range(n)]


def _repeated(unit: bytes, size: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _docx_xml(reports: list[render.ReportData], size: int) -> bytes:
    xml = [render.render_docx_xml(r) for r in reports]
    body_open, body_close = "<w:body>", "</w:body>"
    head = xml[0][: xml[0].index(body_open) + len(body_open)].encode()
    tail = xml[0][xml[0].index(body_close) :].encode()
    bodies = "".join(x[x.index(body_open) + len(body_open) : x.index(body_close)] for x in xml).encode()
    return _repeated(bodies, size, head, tail)


def _tiny_tables(size: int) -> bytes:
    head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    table = b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    return _repeated(table, size, head, b"</w:body></w:document>")


def forms(reports: list[render.ReportData]) -> dict[str, tuple[str, Callable[[int], bytes]]]:
    """Per form: the format hint and a function giving an input of about so many bytes."""
    text = "".join(render.render_text(r) for r in reports).encode()
    html = "".join(render.render_html(r) for r in reports).encode()
    markdown = "".join(render.render_markdown(r) for r in reports).encode()
    glued = "".join(render.render_flat(r, separator="glued") for r in reports).encode()
    one_line = text.replace(b"\n", b" ")
    return {
        "text layout": ("text", lambda n: _repeated(text, n)),
        "html": ("html", lambda n: _repeated(html, n)),
        "docx xml": ("docx", lambda n: _docx_xml(reports, n)),
        "markdown": ("markdown", lambda n: _repeated(markdown, n)),
        "crawled text (glued)": ("text", lambda n: _repeated(glued, n)),
        "text on one line": ("text", lambda n: _repeated(one_line, n)),
        "docx of one-cell tables": ("docx", _tiny_tables),
    }


def seconds(data: bytes, fmt: str, repeat: int) -> float:
    """The parse's CPU time on this thread (the core parses on the calling thread), best of
    ``repeat``: other processes on the machine change it far less than they change wall time."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.thread_time()
        _core.parse_bytes(data, "", fmt)
        best = min(best, time.thread_time() - t0)
    return best


PEAK = """
import sys
sys.path.insert(0, {here!r})
from bench_linear import _reports, forms
from gongkai import _core

def high_water():
    with open("/proc/self/status") as f:
        return next(int(x.split()[1]) * 1024 for x in f if x.startswith("VmHWM:"))

fmt, make = forms(_reports())[{name!r}]
data = make({size})
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak starts again from what the process holds now
before = high_water()
_core.parse_bytes(data, "", fmt)
print(high_water() - before)
"""


def parse_memory(name: str, size: int) -> float:
    """Peak resident bytes the parse of the form's input of ``size`` bytes adds (Linux), over
    ``size``."""
    here = str(Path(__file__).resolve().parent)
    script = PEAK.format(here=here, name=name, size=size)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    return int(out) / size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-mb", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--forms", help="comma-separated form names (default all)")
    args = ap.parse_args()
    sizes = []
    mb = 1
    while mb <= args.max_mb:
        sizes.append(mb)
        mb *= 2
    print(
        "| form | "
        + " | ".join(f"{s} MB" for s in sizes)
        + " | MB/s at 1 / at the largest | parse memory / input |"
    )
    print("|---|" + "---:|" * (len(sizes) + 2))
    chosen = args.forms.split(",") if args.forms else None
    for name, (fmt, make) in forms(_reports()).items():
        if chosen and name not in chosen:
            continue
        times: list[float] = []
        rates: list[float] = []
        for s in sizes:
            data = make(s * MB)
            times.append(seconds(data, fmt, args.repeat))
            rates.append(len(data) / times[-1] / MB)
        cells = [f"{times[0]:.3f} s"] + [f"{t:.3f} s (×{t / p:.2f})" for p, t in zip(times, times[1:])]
        memory = parse_memory(name, sizes[-1] * MB)
        print(
            f"| {name} | " + " | ".join(cells) + f" | {rates[0]:.0f} / {rates[-1]:.0f} | {memory:.1f}× |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
