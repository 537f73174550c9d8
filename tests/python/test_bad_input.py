"""Bad input of every kind: a clear error or a report with findings, never a crash.

Every real report of the corpus (and rendered ones where it is absent) is cut at many places,
has bytes flipped, deleted and duplicated, is re-encoded and concatenated with garbage; each
mutant must either parse or raise one of gongkai's errors, in a fresh process so that a crash
of the C++ core fails the test instead of killing it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from conftest import corpus_root
from gongkai import render

SCRIPT = textwrap.dedent(
    """
    import sys, random, gongkai
    from pathlib import Path
    rng = random.Random(int(sys.argv[1]))
    ok = errors = 0
    for path in sys.argv[2:]:
        data = Path(path).read_bytes()
        mutants = [data[: rng.randrange(len(data) + 1)] for _ in range(12)]
        for _ in range(12):
            b = bytearray(data)
            for _ in range(rng.randrange(1, 40)):
                i = rng.randrange(len(b))
                op = rng.randrange(4)
                if op == 0:
                    b[i] = rng.randrange(256)
                elif op == 1:
                    del b[i : i + rng.randrange(1, 200)]
                elif op == 2:
                    b[i:i] = b[i : i + rng.randrange(1, 200)]
                else:
                    b[i:i] = bytes(rng.choice([b"<td", b"</tr>", b"<table>", b"\\t", b"\\n", b"|", b"rowspan=999999", b"&#x", b"\\xe4\\xb8"]))
            mutants.append(bytes(b))
        mutants.append(data + bytes(rng.randrange(256) for _ in range(500)))
        for m in mutants:
            try:
                r = gongkai.parse(m)
                r.to_dict()
                r.check() if hasattr(r, "check") else None
                ok += 1
            except gongkai.Error:
                errors += 1
    print(ok, errors)
    """
)


def _inputs(tmp_path: Path) -> list[str]:
    root = corpus_root()
    if root is not None:
        return [str(p) for p in sorted((root / "reports").iterdir())]
    paths = []
    for i, layout in enumerate(["text", "html", "docx"]):
        d = render.random_report(np.random.default_rng(i))
        p = tmp_path / f"r{i}.{'txt' if layout == 'text' else layout}"
        if layout == "docx":
            p.write_bytes(render.render_docx(d))
        else:
            p.write_text(
                render.render_text(d) if layout == "text" else render.render_html(d, page_chrome=True)
            )
        paths.append(str(p))
    return paths


def test_mutated_reports_never_crash(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, "20261129", *paths],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, f"the parser crashed or raised an unexpected error:\n{out.stderr[-3000:]}"
    ok, errors = map(int, out.stdout.split())
    assert ok + errors == 25 * len(paths)
    assert ok > errors  # most mutants are still readable text


def test_garbage_of_every_kind_gives_clear_errors(tmp_path: Path) -> None:
    cases = {
        "nul.txt": b"\x00" * 100,
        "random.bin": bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8)),
        "half-gbk.html": "<html><body>规章".encode("gbk")[:-1],
        "bom-only.txt": b"\xef\xbb\xbf",
        "tags-only.html": b"<html><head></head><body></body></html>",
        "deep.html": b"<table><tr><td>" * 5000,
        "huge-span.html": b'<table><tr><td rowspan="99999999" colspan="99999999">x</td></tr></table>',
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import gongkai\ntry:\n gongkai.parse({str(path)!r}).to_dict()\nexcept gongkai.Error as e:\n print('error', e)",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 0, f"{name}: {out.stderr[-2000:]}"
        if out.stdout.startswith("error"):
            assert name in out.stdout  # the error names the file
