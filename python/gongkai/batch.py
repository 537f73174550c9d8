"""Many report files at once: ``gongkai.read(paths, workers=N)`` -> Corpus.

Files are read, .docx unpacked and PDF text extracted in Python, chunk by chunk; each chunk is
parsed by ``_core.parse_many`` on C++ threads with the GIL released, and reduced at once to
the corpus's numbers (one row of the table matrices per report) and a row of metadata. The
Reports themselves, which hold the narrative text, are not kept: memory grows with the number
of reports, not with their text.

Every input is accounted for in ``corpus.accounting`` (one row per input file): ``parsed``,
``parsed_with_findings`` (read, with error findings), ``duplicate_form`` (another form of a
report already kept: same agency, year and numbers, read less well) or ``failed`` with the
reason. Files of one agency and year whose numbers differ are both kept, each with a
``corpus.conflict`` finding (:func:`gongkai.forms.resolve_forms`). ``corpus.findings`` holds
the findings of the parser and of every report-scope rule for the reports kept, the conflicts,
and a row per input that failed. The result is the same for any number of workers: results
land in input order, and which form of a report is kept is decided over the whole batch once
parsing is done.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .corpus import Corpus, _place, _quality, conflicted, meta_frame
from .findings import finding_record, findings_frame, unreadable_record
from .forms import conflict_records, resolve_forms
from .report import _ZIP_SIGNATURES, Report, _correct_agency, _docx_document_xml

__all__ = ["STATUSES", "expand", "read"]

PathLike = Union[str, "os.PathLike[str]"]
Progress = Union[bool, Callable[[int, int], Any]]

STATUSES = ("parsed", "parsed_with_findings", "duplicate_form", "failed")
"""The status of an input in ``Corpus.accounting``."""

ACCOUNTING_COLUMNS = ("source", "status", "errors", "reason")

_CHUNK_FILES = 256  # files read and parsed together, at most
_CHUNK_BYTES = 64 << 20  # bytes held for one chunk, at most (a chunk has at least one file)
_GLOB = set("*?[")


def _suffixes() -> tuple[str, ...]:
    from .cli import REPORT_SUFFIXES

    return tuple(REPORT_SUFFIXES)


def expand(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """The input files of ``paths``: files as given, folders walked (sorted, recursively, files
    with a report suffix: .txt .html .htm .shtml .md .docx .pdf, as the CLI), globs expanded
    (sorted; ``**`` recurses). Each file once, in the order given. A path that does not exist
    and a glob that matches nothing are kept, to be accounted as failed."""
    items = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    suffixes = _suffixes()
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.append(p)

    def walk(folder: Path) -> Iterator[str]:
        for q in sorted(folder.rglob("*")):
            if q.is_file() and q.suffix.lower() in suffixes:
                yield str(q)

    for item in items:
        path = Path(item)
        if path.is_dir():
            for q in walk(path):
                add(q)
        elif not path.exists() and _GLOB & set(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                add(item)
            for m in matches:
                if Path(m).is_dir():
                    for q in walk(Path(m)):
                        add(q)
                else:
                    add(m)
        else:
            add(item)
    return out


@dataclass
class _Input:
    index: int  # in the batch
    source: str
    data: bytes = b""
    format: str = "auto"
    failure: str = ""  # why it could not be read, before parsing


def _load(index: int, source: str) -> _Input:
    """The bytes the C++ parser reads for one file: a .docx's WordprocessingML, a PDF's text,
    or the file as it is; the failure instead when there is none."""
    item = _Input(index, source)
    path = Path(source)
    try:
        if not path.exists():
            raise FileNotFoundError(
                f"{source}: no such file" + (" (no file matches)" if _GLOB & set(source) else "")
            )
        if not path.is_file():
            raise IsADirectoryError(f"{source}: not a file")
        data = path.read_bytes()
        if data[:4] in _ZIP_SIGNATURES:
            data, item.format = _docx_document_xml(data, source), "docx"
        elif data.lstrip()[:5] == b"%PDF-":
            from .pdf import PdfDependencyError, extract_text

            try:
                text = extract_text(data, layout=True, source=source)
            except PdfDependencyError as e:
                raise _core.Error(f"needs gongkai[pdf]: {e}") from None
            if not text.strip():
                raise _core.ParseError(
                    f"{source}: the PDF has no text layer (a scanned document?): run OCR on it first"
                )
            data, item.format = text.encode("utf-8"), "text"
        item.data = data
    except (OSError, _core.Error) as e:
        item.failure = f"{type(e).__name__}: {e}"
    return item


def _chunks(sources: list[str], files: int) -> Iterator[list[_Input]]:
    chunk: list[_Input] = []
    size = 0
    for i, s in enumerate(sources):
        item = _load(i, s)
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
        self.call: Callable[[int, int], Any] | None = None
        self.bar: Any = None
        if callable(progress):
            self.call = progress
        elif progress:
            from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]

            self.bar = tqdm(total=total, unit="file", desc="gongkai.read")

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
        if self.call is not None:
            self.call(done, self.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def read(
    paths: PathLike | Iterable[PathLike],
    workers: int | None = None,
    progress: Progress = True,
    manifest: Any = None,
    *,
    one_form: bool = True,
    chunk_files: int = _CHUNK_FILES,
) -> Corpus:
    """Parses every report under ``paths`` (files, folders, globs; see :func:`expand`) on
    ``workers`` C++ threads (default ``os.cpu_count()``) and returns them as a Corpus.

    ``progress``: True for a progress bar (tqdm; a widget in Jupyter), False for none, or a
    callable ``progress(done, total)``. ``manifest`` and ``one_form`` as in
    :meth:`Corpus.from_reports`. ``corpus.accounting`` has one row per input (source, status,
    errors: the count of error findings, reason: why it failed or which form was kept);
    ``corpus.failures`` and ``corpus.duplicates`` as in :meth:`Corpus.read`. The reports are
    not kept (only their numbers and metadata): parse a file with :func:`gongkai.parse` to see
    its text, cells' origins and findings.
    """
    import pandas as pd

    sources = expand(paths)
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
    # The next chunk is read (and unzipped, PDF text extracted) on a helper thread while the C++
    # threads parse this one: file reads and zlib release the GIL, as parse_many does.
    loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai.read")
    chunks = _chunks(sources, chunk_files)
    try:
        pending = loader.submit(next, chunks, None)
        while True:
            chunk = pending.result()
            if chunk is None:
                break
            pending = loader.submit(next, chunks, None)
            for item in chunk:
                if item.failure:
                    accounting[item.index] = {
                        "source": item.source,
                        "status": "failed",
                        "errors": 0,
                        "reason": item.failure,
                    }
            todo = [item for item in chunk if not item.failure]
            offset = done

            def step(k: int, _total: int, offset: int = offset, pre: int = len(chunk) - len(todo)) -> None:
                bar(offset + pre + k)

            results = _core.parse_many(
                [t.data for t in todo], [t.source for t in todo], [t.format for t in todo], workers, step
            )
            reports: list[Report] = []
            records: list[dict[str, Any]] = []
            for item, (core, kind, message) in zip(todo, results):
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
                r = Report(core)
                checked = [*r.findings, *_core.check_report(core)]
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
                quality.append(_quality(r, errors))
                reports.append(r)
            if reports:
                part = _core.Corpus.from_reports([r._r for r in reports])
                for name, parts in arrays.items():
                    parts.append(np.array(getattr(part, name), order="F"))
            if records:
                frame = findings_frame(records)
                frame["row"] = np.array([x["row"] for x in records], dtype=np.int64)
                found.append(frame)
            del reports, results, records
            done += len(chunk)
            bar(done)
    finally:
        loader.shutdown(wait=True)
        bar.close()

    def stack(k: str, cols: int, dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate(arrays[k], axis=0) if arrays[k] else np.zeros((0, cols), dtype=dtype)

    tables = [
        (stack("table2", 32, np.float64), stack("state2", 32, np.uint8)),
        (stack("table3", 182, np.float64), stack("state3", 182, np.uint8)),
        (stack("table4", 15, np.float64), stack("state4", 15, np.uint8)),
    ]
    # One report published in several forms (same agency, year and numbers): the form read best
    # is kept; files of one agency and year whose numbers differ are a conflict, both kept.
    forms = resolve_forms(
        [row["key"] for row in rows],
        [row["year"] for row in rows],
        quality,
        tables,
        one_form=one_form,
        order=index,
    )
    keep = forms.keep
    duplicates: list[tuple[Any, Any]] = []
    for dropped, kept in forms.duplicates:
        duplicates.append((rows[dropped]["source"], rows[kept]["source"]))
        entry = accounting[index[dropped]]
        entry["status"] = "duplicate_form"
        entry["reason"] = (
            f"another form of the report, with the same numbers, is kept: {rows[kept]['source']}"
        )
    for i, j, cells in forms.conflicts:
        for mine, other in ((i, j), (j, i)):
            entry = accounting[index[mine]]
            note = f"conflicts with {rows[other]['source']}: same agency and year, {len(cells)} cells differ"
            entry["reason"] = f"{entry['reason']}; {note}" if entry["reason"] else note

    meta = meta_frame([rows[i] for i in keep])
    ids = dict(zip(keep, meta.index))
    corpus = Corpus.from_arrays(
        tables[0][0][keep],
        tables[1][0][keep],
        tables[2][0][keep],
        meta,
        state2=tables[0][1][keep],
        state3=tables[1][1][keep],
        state4=tables[2][1][keep],
    )
    corpus.duplicates = duplicates
    corpus.failures = [(a["source"], a["reason"]) for a in accounting if a["status"] == "failed"]
    corpus._conflicted = conflicted(forms, ids, meta)

    findings = pd.concat(found, ignore_index=True) if found else findings_frame([]).assign(row=np.int64(0))
    kept_rows = np.asarray(keep, dtype=np.int64)
    findings = findings[np.isin(findings["row"].to_numpy(), kept_rows)].copy()
    findings["report"] = pd.array([ids[int(k)] for k in findings["row"]], dtype="string")
    extra = conflict_records(
        forms,
        [row["source"] for row in rows],
        tables,
        ids,
        [row["agency"] for row in rows],
        [row["year"] for row in rows],
    )
    extra += [unreadable_record(source, why) for source, why in corpus.failures]
    corpus.findings = pd.concat(
        [findings.drop(columns="row"), findings_frame(extra)], ignore_index=True
    ).reset_index(drop=True)

    frame = pd.DataFrame(accounting, columns=list(ACCOUNTING_COLUMNS))
    frame["errors"] = frame["errors"].astype("int64")
    corpus.accounting = frame
    return corpus
