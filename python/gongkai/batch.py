"""Many report files at once, parsed into the numbers of a Corpus: what
``gongkai.read(paths, workers=N)`` (:func:`gongkai.corpus.read`) reads.

Files are read, .docx unpacked and PDF text extracted in Python (:mod:`gongkai.inputs`), chunk
by chunk (:func:`parse_inputs`); each chunk is
parsed by ``_core.parse_many`` on C++ threads with the GIL released, and reduced at once to
the corpus's numbers (one row of the table matrices per report) and a row of metadata. The
Reports themselves, which hold the narrative text, are not kept: memory grows with the number
of reports, not with their text.

Every input is accounted for in ``corpus.accounting`` (one row per input file): ``parsed``,
``parsed_with_findings`` (read, with error findings), ``duplicate_form`` (another form of a
report already kept: same agency, year and numbers, read less well), ``not_a_report`` (read,
but a page that is no annual report: a notice, a news article; left out of the corpus),
``failed`` with the reason (a path that names nothing, a folder without report files, a
binary .doc or .wps with the command that converts it, unreadable content), or ``skipped`` (a
file of another type met in a folder or by a glob: an image, a spreadsheet, an archive). Files
of one agency and year whose numbers differ are both kept, each with a ``corpus.conflict``
finding (:func:`gongkai.forms.resolve_forms`). ``corpus.findings`` holds the findings of the
parser and of every report-scope rule for the reports kept, those of the series rules between
an agency's consecutive years (computed on the corpus matrices), the conflicts, and a row per
input that failed (copies across reports need the narratives: gongkai check). The result is the same for any number of workers: results land in input order,
and which form of a report is kept is decided over the whole batch once parsing is done.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .findings import finding_record, findings_frame
from .inputs import MAX_BYTES, TIME_LIMIT, InputFile, expand, inputs, parser_input
from .report import NOT_A_REPORT_REASON, Report, _correct_agency

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUSES", "Batch", "InputFile", "expand", "inputs", "parse_inputs"]

Progress = Union[bool, Callable[[int, int], Any]]

STATUSES = ("parsed", "parsed_with_findings", "duplicate_form", "not_a_report", "failed", "skipped")
"""The status of an input in ``Corpus.accounting``."""

ACCOUNTING_COLUMNS = ("source", "status", "errors", "reason")

_CHUNK_FILES = 256  # files read and parsed together, at most
_CHUNK_BYTES = 64 << 20  # bytes held for one chunk, at most (a chunk has at least one file)


@dataclass
class _Input:
    index: int  # in the batch
    source: str
    data: bytes = b""
    format: str = "auto"
    failure: str = ""  # why it could not be read, before parsing
    skipped: str = ""  # why it is not read at all
    ocr: Any = None  # what OCR recognised, for a scanned PDF or an image (gongkai.ocr.OcrText)


def _load(index: int, listed: InputFile, max_bytes: int | None = MAX_BYTES) -> _Input:
    """The bytes the C++ parser reads for one file: a .docx's WordprocessingML, a PDF's text,
    or the file as it is; the failure instead when there is none."""
    source = listed.source
    item = _Input(index, source)
    if listed.status == "skipped":
        item.skipped = listed.reason
        return item
    if listed.status == "failed":
        item.failure = listed.reason
        return item
    try:
        item.data, item.format, item.ocr = parser_input(source, max_bytes)
    except (OSError, _core.Error) as e:
        item.failure = f"{type(e).__name__}: {e}"
    return item


def _chunks(sources: list[InputFile], files: int, max_bytes: int | None) -> Iterator[list[_Input]]:
    chunk: list[_Input] = []
    size = 0
    for i, s in enumerate(sources):
        item = _load(i, s, max_bytes)
        chunk.append(item)
        size += len(item.data)
        if len(chunk) >= files or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class _Bar:
    """Progress as tqdm's bar (in a terminal or Jupyter), a callable, or nothing."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.total = total
        self.done = 0
        # reported from the thread reducing results and from the C++ threads parsing the next
        # chunk: it only moves forward
        self.lock = threading.Lock()
        self.call: Callable[[int, int], Any] | None = None
        self.bar: Any = None
        if callable(progress):
            self.call = progress
        elif progress:
            from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]

            self.bar = tqdm(total=total, unit="file", desc="gongkai.read")

    def __call__(self, done: int) -> None:
        with self.lock:
            if done <= self.done:
                return
            self.done = done
            if self.bar is not None:
                self.bar.update(done - self.bar.n)
            if self.call is not None:
                self.call(done, self.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@dataclass
class Batch:
    """What :func:`parse_inputs` gives, in input order: the accounting of every input (its
    status yet without the forms of one report), a row of metadata, the input index, the
    quality (as :func:`gongkai.forms._quality` gives it) and the numbers of every report read, and the
    findings of the reports read (column ``row``: the report's row)."""

    accounting: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    index: list[int]
    quality: list[tuple[int, int]]
    found: list[pd.DataFrame]
    tables: list[tuple[npt.NDArray[Any], npt.NDArray[Any]]]


def parse_inputs(
    sources: list[InputFile],
    workers: int | None = None,
    progress: Progress = True,
    manifest: Any = None,
    chunk_files: int = _CHUNK_FILES,
    *,
    time_limit: float | None = TIME_LIMIT,
    max_bytes: int | None = MAX_BYTES,
) -> Batch:
    """Every input of ``sources`` (:func:`gongkai.inputs.inputs`) read and parsed on ``workers``
    C++ threads, ``chunk_files`` files at a time, and reduced to numbers and metadata;
    :func:`gongkai.read` makes the Corpus of them."""
    from .places import _place

    n = len(sources)
    workers = max(1, int(workers if workers is not None else (os.cpu_count() or 1)))
    chunk_files = max(1, int(chunk_files))
    bar = _Bar(progress, n)

    accounting: list[dict[str, Any]] = [{} for _ in range(n)]
    rows: list[dict[str, Any]] = []  # metadata of the reports read, in input order
    index: list[int] = []  # input index of each row
    quality: list[tuple[int, int]] = []
    found: list[pd.DataFrame] = []  # findings of each chunk's reports (column "row": their row)
    arrays: dict[str, list[npt.NDArray[Any]]] = {
        k: [] for k in ("table2", "table3", "table4", "state2", "state3", "state4")
    }
    done = 0
    # A pipeline of three: the chunk after next is read (and unzipped, PDF text extracted) on a
    # helper thread, the next one parsed on the C++ threads (the GIL released), while this
    # thread reduces the results of the one before. File reads and zlib release the GIL too.
    loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai.read")
    parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai.parse")
    chunks = _chunks(sources, chunk_files, max_bytes)

    def account(chunk: list[_Input]) -> None:
        for item in chunk:
            if item.skipped:
                accounting[item.index] = {
                    "source": item.source,
                    "status": "skipped",
                    "errors": 0,
                    "reason": item.skipped,
                }
            elif item.failure:
                accounting[item.index] = {
                    "source": item.source,
                    "status": "failed",
                    "errors": 0,
                    "reason": item.failure,
                }

    def parse(chunk: list[_Input] | None) -> tuple[list[_Input], list[_Input], Any] | None:
        if chunk is None:
            return None
        todo = [item for item in chunk if not (item.failure or item.skipped)]
        skipped = len(chunk) - len(todo)
        first = chunk[0].index

        def step(k: int, _total: int) -> None:
            bar(first + skipped + k)

        # the report-scope rules run on the C++ threads too, beside the parse
        results = _core.parse_many(
            [t.data for t in todo],
            [t.source for t in todo],
            [t.format for t in todo],
            workers,
            step,
            check=True,
            seconds_per_input=float(time_limit or 0),
        )
        return chunk, todo, results

    def parse_loaded(loading: Future[list[_Input] | None]) -> tuple[list[_Input], list[_Input], Any] | None:
        return parse(loading.result())

    try:
        loading = loader.submit(next, chunks, None)
        pending = parser.submit(parse_loaded, loading)
        loading = loader.submit(next, chunks, None)
        while True:
            parsed = pending.result()
            if parsed is None:
                break
            pending = parser.submit(parse_loaded, loading)
            loading = loader.submit(next, chunks, None)
            chunk, todo, results = parsed
            account(chunk)
            reports: list[Report] = []
            errors_of: list[int] = []
            records: list[dict[str, Any]] = []
            for item, (core, kind, message, checks) in zip(todo, results):
                item.data = b""
                if core is None:
                    reason = f"{kind}: {item.source}: {message}"
                    accounting[item.index] = {
                        "source": item.source,
                        "status": "failed",
                        "errors": 0,
                        "reason": reason,
                    }
                    continue
                _correct_agency(core)
                if item.ocr is not None:
                    from .ocr import referee

                    referee(core, item.ocr)
                r = Report(core, item.ocr)
                if not r.is_report:
                    accounting[item.index] = {
                        "source": item.source,
                        "status": "not_a_report",
                        "errors": sum(f.severity == "error" for f in r.findings),
                        "reason": NOT_A_REPORT_REASON,
                    }
                    continue
                checked = [*r.findings, *checks]
                errors = sum(f.severity == "error" for f in checked)
                status = "parsed_with_findings" if errors else "parsed"
                accounting[item.index] = {
                    "source": item.source,
                    "status": status,
                    "errors": errors,
                    "reason": "",
                }
                row = {"source": r.source, "year": r.year, "template": r.template}
                row.update(_place(r.source, r.agency, manifest))
                for f in checked:
                    record = finding_record(f, source=r.source, agency=r.agency, year=r.year)
                    record["row"] = len(rows)
                    records.append(record)
                rows.append(row)
                index.append(item.index)
                errors_of.append(errors)
                reports.append(r)
            if reports:
                part = _core.Corpus.from_reports([r._r for r in reports])
                for name, parts in arrays.items():
                    parts.append(np.array(getattr(part, name), order="F"))
                # the forms' quality (forms._quality) of the whole chunk at once: cells read,
                # then fewer errors
                read = sum(
                    (np.asarray(getattr(part, s)) == 0).sum(axis=1) for s in ("state2", "state3", "state4")
                )
                quality.extend(zip(read.tolist(), (-np.asarray(errors_of)).tolist()))
            if records:
                frame = findings_frame(records)
                frame["row"] = np.array([x["row"] for x in records], dtype=np.int64)
                found.append(frame)
            del reports, results, records
            done += len(chunk)
            bar(done)
    finally:
        parser.shutdown(wait=True)
        loader.shutdown(wait=True)
        bar.close()

    def stack(k: str, cols: int, dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate(arrays[k], axis=0) if arrays[k] else np.zeros((0, cols), dtype=dtype)

    tables = [
        (stack("table2", 32, np.float64), stack("state2", 32, np.uint8)),
        (stack("table3", 182, np.float64), stack("state3", 182, np.uint8)),
        (stack("table4", 15, np.float64), stack("state4", 15, np.uint8)),
    ]
    return Batch(accounting, rows, index, quality, found, tables)
