"""Reports written in their JSON form (docs/report-json.md) as they come: one object, or a list
written item by item, so that no list of all the reports' objects is ever built. The report
objects are written by the C++ core (``_core.report_json``); compact unless indented."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO, Any, Union

from . import _core
from .report import Report

Stream = Union[IO[bytes], IO[str]]


class ReportJsonWriter:
    """Writes reports and other objects (the error of an input that could not be read) to
    ``out``, a binary or text stream: a JSON list of them, or with ``single`` the one object
    alone; compact, or indented by ``indent`` spaces a level as ``json.dumps(indent=indent)``
    would write the same list. :meth:`close` ends the list and the line."""

    def __init__(self, out: Stream, *, indent: int | None = None, single: bool = False) -> None:
        self._indent = indent
        self._single = single
        self._items = 0
        self._text: IO[str] | None = None
        self._binary: IO[bytes] | None = None
        if isinstance(out, io.TextIOBase):
            buffer = getattr(out, "buffer", None)
            if buffer is not None and getattr(out, "encoding", "").lower().replace("-", "") == "utf8":
                out.flush()  # what was written as text goes first
                self._binary = buffer
            else:
                self._text = out
        else:
            self._binary = out  # type: ignore[assignment]

    def write_report(
        self, report: Report, *, checked: bool = False, extra_findings: Iterable[_core.Finding] = ()
    ) -> None:
        self._start_item()
        self._write(
            report._json_bytes(checked, extra_findings=extra_findings, indent=self._indent, depth=self._depth)
        )

    def write_object(self, obj: dict[str, Any]) -> None:
        """A small object written by Python's json, in the same form."""
        self._start_item()
        if self._indent is None:
            text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(obj, ensure_ascii=False, indent=self._indent)
            text = text.replace("\n", "\n" + " " * (self._indent * self._depth))
        self._write(text.encode("utf-8"))

    def close(self) -> None:
        if not self._single:
            if self._items == 0:
                self._write(b"[")
            elif self._indent is not None:
                self._write(b"\n")
            self._write(b"]")
        self._write(b"\n")
        if self._binary is not None:
            self._binary.flush()
        elif self._text is not None:
            self._text.flush()

    @property
    def _depth(self) -> int:
        return 0 if self._single else 1

    def _start_item(self) -> None:
        if self._single:
            if self._items:
                raise ValueError("a single JSON object is written once")
        else:
            head = b"[" if self._items == 0 else b","
            if self._indent is not None:
                head += b"\n" + b" " * self._indent
            self._write(head)
        self._items += 1

    def _write(self, data: bytes) -> None:
        if self._binary is not None:
            self._binary.write(data)
        else:
            assert self._text is not None
            self._text.write(data.decode("utf-8"))
