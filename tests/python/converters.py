"""Rendered reports passed through the converters people actually feed gongkai, then parsed.

A chain starts from a report of gongkai's own renderer (so its truth is known:
:func:`gongkai.render.expected_dict`), converts it with a real tool, and hands the result to
:func:`gongkai.parse` as a user would (a path for a PDF, the converted bytes otherwise, format
sniffed). Shared by ``tests/python/test_converters.py`` and ``benchmarks/bench_converters.py``.

Chains (:data:`CHAINS`):

* ``pdf`` — ``render_docx`` → PDF by LibreOffice (``soffice --headless --convert-to pdf``,
  all files of a batch in one invocation, a private profile) → ``gongkai.parse(pdf_path)``
  (gongkai's own PDF text: PDFium's characters and ruling lines laid out in C++);
* ``pdftotext-layout`` / ``pdftotext-raw`` — the same PDF → poppler's ``pdftotext -layout`` /
  ``-raw`` → the text;
* ``pandoc-gfm`` / ``pandoc-markdown`` — ``render_html`` → ``pandoc -f html -t gfm`` /
  ``-t markdown`` (the latter keeps tables it cannot draw as raw HTML inside the markdown);
* ``markitdown`` — ``render_html`` → Microsoft's markitdown (what LLM pipelines use);
* ``html-text`` — ``render_html`` → the page's text with every tag dropped and nothing put
  between cells, as BeautifulSoup's ``get_text()`` leaves it (script and style contents
  dropped, whitespace between tags kept as it is in the source).

HTML pages are handed to the converters in UTF-8 (pandoc reads nothing else; the page encodings
are tested elsewhere).
"""

from __future__ import annotations

import html.parser
import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

import gongkai
from gongkai import render
from gongkai.truth import Score, score

PDF_CHAINS = ("pdf", "pdftotext-layout", "pdftotext-raw")
HTML_CHAINS = ("pandoc-gfm", "pandoc-markdown", "markitdown", "html-text")
CHAINS = PDF_CHAINS + HTML_CHAINS

#: what each chain needs, and the command that installs it
TOOLS: dict[str, list[tuple[str, str]]] = {
    "pdf": [
        ("soffice", "apt-get install libreoffice-writer-nogui"),
        ("cjk-font", "apt-get install fonts-noto-cjk"),
        ("pypdfium2", "pip install pypdfium2 (a dependency of gongkai)"),
    ],
    "pdftotext-layout": [
        ("soffice", "apt-get install libreoffice-writer-nogui"),
        ("cjk-font", "apt-get install fonts-noto-cjk"),
        ("pdftotext", "apt-get install poppler-utils"),
    ],
    "pdftotext-raw": [
        ("soffice", "apt-get install libreoffice-writer-nogui"),
        ("cjk-font", "apt-get install fonts-noto-cjk"),
        ("pdftotext", "apt-get install poppler-utils"),
    ],
    "pandoc-gfm": [("pandoc", "apt-get install pandoc")],
    "pandoc-markdown": [("pandoc", "apt-get install pandoc")],
    "markitdown": [("markitdown", 'pip install markitdown (in the "test" extra)')],
    "html-text": [],
}


def _has_cjk_font() -> bool:
    """Whether fontconfig knows a Chinese font (without one LibreOffice draws empty boxes and
    lays the tables out with their widths)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


def missing_tools(chain: str) -> list[str]:
    """The install commands of the tools ``chain`` needs and this machine lacks."""
    out = []
    for tool, install in TOOLS[chain]:
        if tool in ("pypdfium2", "markitdown"):
            try:
                __import__(tool)
                continue
            except ImportError:
                pass
        elif tool == "cjk-font":
            if _has_cjk_font():
                continue
        elif shutil.which(tool):
            continue
        out.append(install)
    return out


# --------------------------------------------------------------------------------------------
# Rendered reports
# --------------------------------------------------------------------------------------------


@dataclass
class Case:
    """One rendered report: its data (the truth), its variations, its page and .docx file."""

    seed: int
    data: render.ReportData
    variations: render.Variations
    html: bytes
    docx: bytes

    @property
    def truth(self) -> dict[str, Any]:
        return render.expected_dict(self.data)

    @property
    def label(self) -> str:
        return f"seed {self.seed} (template {self.data.template})"


def make_case(seed: int) -> Case:
    """The report of ``seed``: template 2019 for about a third, missing cells for about half,
    :meth:`Variations.random`; HTML in UTF-8 (page chrome as the variations say)."""
    rng = np.random.default_rng([seed, 20260301])
    template = "2019" if rng.random() < 1 / 3 else "2021"
    data = render.random_report(rng, template)
    if rng.random() < 0.5:
        data = render.with_missing(data, rng, float(rng.uniform(0.02, 0.3)))
    v = render.Variations.random(rng)
    html = render.render_html(data, rng=np.random.default_rng([seed, 1]), variations=v)
    docx = render.render_docx(data, rng=np.random.default_rng([seed, 2]), variations=v)
    return Case(seed, data, v, render.encode_html(html, "utf-8"), docx)


def make_cases(seeds: Iterable[int]) -> list[Case]:
    return [make_case(s) for s in seeds]


# --------------------------------------------------------------------------------------------
# Converters
# --------------------------------------------------------------------------------------------


def docx_to_pdf(docx_files: Sequence[bytes], workdir: Path, *, timeout: float = 600) -> list[Path]:
    """PDFs of ``docx_files`` made by LibreOffice, all in one ``soffice`` invocation with a
    profile of its own under ``workdir`` (so that it runs beside a user's LibreOffice)."""
    src, out = workdir / "docx", workdir / "pdf"
    src.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for i, blob in enumerate(docx_files):
        p = src / f"r{i:05d}.docx"
        p.write_bytes(blob)
        names.append(p)
    profile = (workdir / "lo-profile").resolve().as_uri()
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, names),
    ]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    pdfs = [out / (p.stem + ".pdf") for p in names]
    lost = [p.name for p in pdfs if not p.exists()]
    if lost:
        raise RuntimeError(
            f"soffice made no PDF of {len(lost)} files (first {lost[0]}); exit {proc.returncode}: "
            f"{proc.stderr.decode(errors='replace')[-500:]}"
        )
    return pdfs


def pdftotext(pdf: Path, mode: str) -> bytes:
    """``pdftotext -layout`` or ``-raw`` of ``pdf`` (UTF-8)."""
    if mode not in ("layout", "raw"):
        raise ValueError(mode)
    return subprocess.run(
        ["pdftotext", f"-{mode}", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout


def pandoc(html: bytes, to: str) -> bytes:
    """``pandoc -f html -t <to>`` of the page."""
    return subprocess.run(
        ["pandoc", "-f", "html", "-t", to], input=html, capture_output=True, check=True
    ).stdout


_MARKITDOWN: Any = None


def markitdown(html: bytes) -> bytes:
    """markitdown's markdown of the page (its HTML converter, as ``markitdown page.html``)."""
    global _MARKITDOWN
    if _MARKITDOWN is None:
        from markitdown import MarkItDown

        _MARKITDOWN = MarkItDown()
    result = _MARKITDOWN.convert_stream(io.BytesIO(html), file_extension=".html")
    return str(result.text_content).encode("utf-8")


class _TextOnly(html.parser.HTMLParser):
    """The character data of a page, script and style contents left out (``get_text()``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: bytes) -> bytes:
    """The page's text with its tags dropped and nothing added between cells."""
    p = _TextOnly()
    p.feed(page.decode("utf-8"))
    p.close()
    return "".join(p.parts).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Chains
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One report through one chain: what the converter made, and the score of its parse."""

    case: Case
    converted: bytes  # the converter's output (for "pdf": the PDF's text as gongkai read it)
    score: Score
    error: str = ""  # the parse raised


@dataclass
class ChainResult:
    chain: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> Score:
        t = Score()
        for o in self.outcomes:
            t.add(o.score)
        return t

    def silent(self) -> list[tuple[Outcome, list[str]]]:
        return [(o, o.score.silent) for o in self.outcomes if o.score.silent]


def _score(case: Case, source: Any, converted: bytes) -> Outcome:
    try:
        got = gongkai.parse(source).to_dict()
    except (gongkai.ParseError, gongkai.EncodingError) as e:  # an unreadable conversion is scored
        s = Score()
        s.problems.append(f"parse raised {type(e).__name__}: {e}")
        s.silent.append(s.problems[-1])
        return Outcome(case, converted, s, f"{type(e).__name__}: {e}")
    return Outcome(case, converted, score(got, case.truth))


def _map(fn: Callable[[Any], bytes], items: Sequence[Any], workers: int) -> list[bytes]:
    if workers <= 1:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


def run_pdf_chains(
    cases: Sequence[Case],
    chains: Sequence[str] = PDF_CHAINS,
    *,
    batch: int = 100,
    workdir: Path | None = None,
) -> dict[str, ChainResult]:
    """The PDF chains over ``cases``: one LibreOffice run per ``batch`` files, each PDF then
    read by every chain asked for. The conversion's time is shared out evenly among them."""
    results = {c: ChainResult(c) for c in chains}
    with tempfile.TemporaryDirectory(prefix="gongkai-conv-", dir=workdir) as tmp:
        for start in range(0, len(cases), batch):
            part = cases[start : start + batch]
            t0 = time.perf_counter()
            pdfs = docx_to_pdf([c.docx for c in part], Path(tmp) / f"b{start}")
            share = (time.perf_counter() - t0) / max(1, len(chains))
            for chain in chains:
                t0 = time.perf_counter()
                for case, pdf_path in zip(part, pdfs):
                    if chain == "pdf":
                        from gongkai.pdf import extract_text

                        converted = extract_text(pdf_path.read_bytes()).encode("utf-8")
                        results[chain].outcomes.append(_score(case, pdf_path, converted))
                    else:
                        text = pdftotext(pdf_path, chain.split("-")[1])
                        results[chain].outcomes.append(_score(case, text, text))
                results[chain].seconds += time.perf_counter() - t0 + share
    return results


HTML_CONVERTERS: dict[str, Callable[[bytes], bytes]] = {
    "pandoc-gfm": lambda page: pandoc(page, "gfm"),
    "pandoc-markdown": lambda page: pandoc(page, "markdown"),
    "markitdown": markitdown,
    "html-text": html_text,
}


def run_html_chain(chain: str, cases: Sequence[Case], *, workers: int = 0) -> ChainResult:
    """One HTML chain over ``cases`` (external converters on ``workers`` threads)."""
    if workers <= 0:
        workers = (os.cpu_count() or 1) if chain.startswith("pandoc") else 1
    res = ChainResult(chain)
    t0 = time.perf_counter()
    converted = _map(HTML_CONVERTERS[chain], [c.html for c in cases], workers)
    for case, out in zip(cases, converted):
        res.outcomes.append(_score(case, out, out))
    res.seconds = time.perf_counter() - t0
    return res


def run_chains(cases: Sequence[Case], chains: Sequence[str] = CHAINS) -> dict[str, ChainResult]:
    """Every chain of ``chains`` over the same ``cases``, in the order of :data:`CHAINS`."""
    out: dict[str, ChainResult] = {}
    pdf = [c for c in chains if c in PDF_CHAINS]
    if pdf:
        out.update(run_pdf_chains(cases, pdf))
    for chain in chains:
        if chain in HTML_CHAINS:
            out[chain] = run_html_chain(chain, cases)
    return {c: out[c] for c in CHAINS if c in out}


def describe(outcome: Outcome, limit: int = 3) -> str:
    """A line naming the report and its first silent problems."""
    return f"{outcome.case.label}: " + "; ".join(outcome.score.silent[:limit])
