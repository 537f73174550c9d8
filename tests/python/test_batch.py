"""gongkai.read: many files on C++ threads, every input accounted for, the same corpus for any
number of workers."""

from __future__ import annotations

import importlib.util
import linecache
import os
import re
import sys
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gongkai
from gongkai import _core, render

HAS_PDF = importlib.util.find_spec("pypdfium2") is not None


def write_reports(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n rendered reports as text, HTML and .docx (one agency-year each)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        data = render.random_report(rng, "2019" if i % 4 == 3 else "2021")
        if i % 3 == 0:
            p = folder / f"r{i:03d}.txt"
            p.write_text(render.render_text(data, rng=rng), encoding="utf-8")
        elif i % 3 == 1:
            p = folder / f"r{i:03d}.html"
            p.write_text(render.render_html(data, rng=rng), encoding="utf-8")
        else:
            p = folder / f"r{i:03d}.docx"
            p.write_bytes(render.render_docx(data, rng=rng))
        out.append(p)
    return out


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendered reports mixed with inputs that cannot be read, one of each kind."""
    d = tmp_path_factory.mktemp("mixed")
    write_reports(d, 24)
    (d / "sub").mkdir()
    write_reports(d / "sub", 6, seed=8)
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "prose.md").write_text("今年没有什么可以报告的。\n", encoding="utf-8")  # no report: findings
    (d / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)  # a corrupt zip
    (d / "sheet.docx").write_bytes(_zip({"xl/workbook.xml": b"<workbook/>"}))  # a zip, no Word
    (d / "notes.csv").write_text("a,b\n1,2\n")  # not a report file type: skipped
    (d / "photo.gif").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (d / "table.xlsx").write_bytes(_zip({"xl/workbook.xml": b"<workbook/>"}))
    (d / "old.doc").write_bytes(OLE + b"\x00" * 500)  # binary Word: refused with the conversion
    (d / "old.wps").write_bytes(OLE + b"\x00" * 500)
    (d / "notice.html").write_text(NOTICE, encoding="utf-8")  # read, but no report
    unreadable = d / "locked.html"
    unreadable.write_text("<html></html>")
    unreadable.chmod(0)
    return d


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of .doc, .wps, .xls files
NOTICE = (
    "<html><head><title>关于开展政务公开培训的通知</title></head>"
    "<body><p>各单位：定于下周开展培训。</p></body></html>"
)

NEWS = (
    "<html><body><h1>我区召开政务公开工作推进会</h1><p>3月5日，区政府召开会议，部署全年工作。"
    "会议指出，要按时发布2023年政府信息公开工作年度报告。</p><p>一、加强领导</p>"
    "<p>二、主动公开政府信息情况</p><p>会议要求各单位抓好落实。</p></body></html>"
)


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def statuses(corpus: gongkai.Corpus) -> dict[str, str]:
    assert corpus.accounting is not None
    return {Path(s).name: st for s, st in zip(corpus.accounting["source"], corpus.accounting["status"])}


def test_every_input_accounted_for_once_with_its_status(mixed: Path) -> None:
    corpus = gongkai.read(mixed, workers=2, progress=False)
    acc = corpus.accounting
    assert acc is not None
    assert list(acc.columns) == ["source", "status", "errors", "reason"]
    inputs = sorted(str(p) for p in mixed.rglob("*") if p.is_file())
    assert sorted(acc["source"]) == inputs  # every file once, none dropped unseen
    st = statuses(corpus)
    assert st["empty.txt"] == "failed"
    assert st["binary.txt"] == "failed"
    assert st["broken.docx"] == "failed"
    assert st["sheet.docx"] == "failed"
    assert st["old.doc"] == st["old.wps"] == "failed"
    assert st["prose.md"] == st["notice.html"] == "not_a_report"
    assert st["notes.csv"] == st["photo.gif"] == st["table.xlsx"] == "skipped"
    reports = [n for n in st if n.startswith("r")]
    assert len(reports) == 24  # names repeat in sub/: the dict keeps one of each
    assert all(st[n] in ("parsed", "parsed_with_findings") for n in reports)
    assert set(acc["status"]) <= set(gongkai.batch.STATUSES)
    failed = acc[acc["status"] == "failed"]
    assert (failed["reason"] != "").all()
    assert acc.loc[acc["source"].str.endswith("binary.txt"), "reason"].item().startswith("EncodingError: ")
    assert acc.loc[acc["source"].str.endswith("empty.txt"), "reason"].item().startswith("ParseError: ")
    assert "not a .docx" in acc.loc[acc["source"].str.endswith("sheet.docx"), "reason"].item()
    assert sorted(corpus.failures) == sorted(zip(failed["source"], failed["reason"]))
    # Every report read is in the corpus (the rendered agencies are distinct: no duplicate form);
    # the pages that are no report are not, nor are the files skipped.
    read = acc[acc["status"].isin(["parsed", "parsed_with_findings"])]
    assert list(corpus.meta["source"]) == list(read["source"])
    errors = acc.set_index("source")["errors"]
    assert errors[str(mixed / "prose.md")] > 0
    reason = acc.set_index("source")["reason"]
    assert reason[str(mixed / "notes.csv")] == "not a report file type (.csv)"
    assert reason[str(mixed / "photo.gif")] == "not a report file type (.gif)"
    assert reason[str(mixed / "table.xlsx")] == "not a report file type (.xlsx)"
    assert reason[str(mixed / "notice.html")].startswith("not an annual report: ")


@pytest.mark.skipif(os.name != "posix", reason="links and pipes as on POSIX")
def test_links_pipes_and_folders_that_cannot_be_listed_are_accounted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(tmp_path, 1)
    (tmp_path / "sub").mkdir()
    (tmp_path / "locked").mkdir()
    (tmp_path / "dangling.html").symlink_to(tmp_path / "gone.html")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path / "sub")
    os.mkfifo(tmp_path / "pipe.txt")
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # root lists any folder: refuse one as a user's OS would
        if Path(os.fspath(path)).name == "locked":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.warns(UserWarning, match="2 input.s. not found or not listed"):
        acc = gongkai.read(tmp_path, workers=1, progress=False).accounting.set_index("source")
    assert acc.loc[str(tmp_path / "dangling.html"), "status"] == "failed"
    assert "a link to nothing" in acc.loc[str(tmp_path / "dangling.html"), "reason"]
    assert acc.loc[str(tmp_path / "pipe.txt"), "status"] == "skipped"
    assert acc.loc[str(tmp_path / "sub" / "loop"), "status"] == "skipped"
    assert acc.loc[str(tmp_path / "locked"), "status"] == "failed"
    assert acc.loc[str(tmp_path / "locked"), "reason"].startswith("PermissionError: ")
    assert (acc["status"] == "parsed").sum() + (acc["status"] == "parsed_with_findings").sum() == 1


def test_a_file_past_the_time_or_size_limit_is_a_failed_row(mixed: Path) -> None:
    # a limit no parse meets: every file that is read fails with the limit's error, none is lost
    acc = gongkai.read(mixed, workers=2, progress=False, time_limit=1e-9).accounting
    read = acc[~acc["status"].isin(["skipped", "failed"]) | acc["reason"].str.startswith("TimeLimitError")]
    assert (read["status"] == "failed").all()
    assert read["reason"].str.contains("per-file time limit of 1e-09 s").all()
    acc = gongkai.read(mixed, workers=1, progress=False, max_bytes=1).accounting
    big = acc[acc["reason"].str.startswith("FileTooLarge")]
    assert len(big) > 0 and (big["status"] == "failed").all()
    assert "more than the per-file limit of 1 (docs/limits.md)" in big["reason"].iloc[0]
    # the defaults leave a report alone
    assert (gongkai.read(mixed, workers=1, progress=False).accounting["status"] == "parsed").any()


def test_same_corpus_for_any_number_of_workers(mixed: Path) -> None:
    corpora = [
        gongkai.read(mixed, workers=w, progress=False, chunk_files=c) for w, c in ((1, 256), (2, 7), (4, 1))
    ]
    first = corpora[0]
    for other in corpora[1:]:
        pd.testing.assert_frame_equal(first.meta, other.meta)
        pd.testing.assert_frame_equal(first.indicators(), other.indicators())
        pd.testing.assert_frame_equal(first.accounting, other.accounting)
        for t in ("table2", "table3", "table4", "state2", "state3", "state4"):
            np.testing.assert_array_equal(getattr(first.core, t), getattr(other.core, t))


def test_same_corpus_as_parsing_one_by_one(mixed: Path) -> None:
    batch = gongkai.read(mixed, workers=2, progress=False)
    serial = gongkai.Corpus.read(mixed)
    pd.testing.assert_frame_equal(batch.meta, serial.meta)
    pd.testing.assert_frame_equal(batch.indicators(), serial.indicators())
    assert sorted(batch.failures) == sorted(serial.failures)


def test_duplicate_forms_are_accounted_for(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    data = render.random_report(rng, "2021", agency="江苏省淮安市洪泽区人民政府", year=2023)
    (tmp_path / "a.txt").write_text(render.render_text(data, rng=rng), encoding="utf-8")
    (tmp_path / "a.html").write_text(render.render_html(data, rng=rng), encoding="utf-8")
    corpus = gongkai.read(tmp_path, workers=2, progress=False)
    st = statuses(corpus)
    assert sorted(st.values()) == ["duplicate_form", "parsed"]
    assert len(corpus) == 1
    assert len(corpus.duplicates) == 1
    serial = gongkai.Corpus.read(tmp_path)
    assert corpus.duplicates == serial.duplicates
    pd.testing.assert_frame_equal(corpus.meta, serial.meta)


def test_files_globs_and_missing_paths(mixed: Path) -> None:
    files = [mixed / "r000.txt", str(mixed / "sub" / "*.html"), mixed / "nothing.txt", str(mixed / "*.xyz")]
    with pytest.warns(UserWarning, match="2 input"):
        corpus = gongkai.read(files, workers=1, progress=False)
    acc = corpus.accounting
    assert acc is not None
    html = sorted(str(p) for p in (mixed / "sub").glob("*.html"))
    assert list(acc["source"]) == [
        str(mixed / "r000.txt"),
        *html,
        str(mixed / "nothing.txt"),
        str(mixed / "*.xyz"),
    ]
    assert list(acc["status"][-2:]) == ["failed", "failed"]
    assert "no such file" in acc["reason"].iloc[-2]
    assert "no file matches" in acc["reason"].iloc[-1]
    # A file given twice is one input.
    twice = gongkai.read([mixed / "r000.txt", mixed / "r000.txt"], progress=False)
    assert len(twice.accounting) == 1


def test_progress_callable_sees_every_input(mixed: Path) -> None:
    calls: list[tuple[int, int]] = []
    corpus = gongkai.read(
        mixed, workers=2, progress=lambda done, total: calls.append((done, total)), chunk_files=5
    )
    n = len(corpus.accounting)
    assert calls and calls[-1] == (n, n)
    assert all(t == n for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_progress_bar(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    gongkai.read(mixed, workers=2, progress=True)
    assert "gongkai.read" in capsys.readouterr().err


def test_an_exception_in_progress_stops_the_batch(mixed: Path) -> None:
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        gongkai.read(mixed, workers=2, progress=stop)


def test_no_paths_give_an_empty_corpus() -> None:
    corpus = gongkai.read([], progress=False)
    assert len(corpus) == 0
    assert corpus.accounting is not None and len(corpus.accounting) == 0
    assert list(corpus.meta.columns) == list(gongkai.corpus.META_COLUMNS)


def test_nothing_found_raises_naming_every_path(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.gif").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "images" / "b.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    with pytest.raises(FileNotFoundError, match=r"no such file$") as e:
        gongkai.read(tmp_path / "absent.txt", progress=False)
    assert str(e.value) == f"no report file found: {tmp_path / 'absent.txt'}: no such file"
    with pytest.raises(FileNotFoundError) as e:
        gongkai.read(tmp_path / "empty", progress=False)
    assert str(e.value) == f"no report file found: {tmp_path / 'empty'}: no report file in this folder"
    with pytest.raises(FileNotFoundError) as e:
        gongkai.read(str(tmp_path / "*.txt"), progress=False)
    assert str(e.value) == f"no report file found: {tmp_path / '*.txt'}: no such file (no file matches)"
    with pytest.raises(FileNotFoundError) as e:
        gongkai.read(tmp_path / "images", progress=False)
    assert str(e.value) == (
        f"no report file found: {tmp_path / 'images'}: no report file in this folder "
        "(2 file(s) of other types skipped: .gif, .xlsx)"
    )
    with pytest.raises(FileNotFoundError) as e:
        gongkai.read(
            [tmp_path / "absent.txt", tmp_path / "empty", str(tmp_path / "images" / "*")], progress=False
        )
    message = str(e.value)
    assert "absent.txt: no such file" in message
    assert f"{tmp_path / 'empty'}: no report file in this folder" in message
    assert "images/*: no report file matches (2 file(s) of other types skipped: .gif, .xlsx)" in message


def test_missing_inputs_in_a_larger_batch_are_failed_rows_and_a_warning(tmp_path: Path) -> None:
    (reports := tmp_path / "reports").mkdir()
    write_reports(reports, 2)
    (tmp_path / "empty").mkdir()
    given = [str(reports), str(tmp_path / "absent.txt"), str(tmp_path / "empty"), str(tmp_path / "*.xyz")]
    with pytest.warns(
        UserWarning, match=r"gongkai.read: 3 input\(s\) not found or not listed, accounted as failed"
    ) as w:
        corpus = gongkai.read(given, progress=False)
    message = str(w[0].message)
    assert "absent.txt: no such file" in message and "empty: no report file in this folder" in message
    assert len(corpus) == 2
    acc = corpus.accounting
    assert acc is not None
    assert list(acc["status"]) == ["parsed", "parsed", "failed", "failed", "failed"]
    assert list(acc["reason"][2:]) == [
        f"FileNotFoundError: {tmp_path / 'absent.txt'}: no such file",
        f"FileNotFoundError: {tmp_path / 'empty'}: no report file in this folder",
        f"FileNotFoundError: {tmp_path / '*.xyz'}: no such file (no file matches)",
    ]
    assert [s for s, _ in corpus.failures] == [str(tmp_path / n) for n in ("absent.txt", "empty", "*.xyz")]


def test_doc_and_wps_files_fail_with_the_conversion_and_others_are_read_as_what_they_hold(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(5)
    (tmp_path / "old.doc").write_bytes(OLE + b"\x00" * 500)
    (tmp_path / "old.wps").write_bytes(OLE + b"\x00" * 500)
    (tmp_path / "empty.doc").write_bytes(b"")
    web = render.render_html(render.random_report(rng, "2021"))  # Word's HTML saved as .doc
    (tmp_path / "web.doc").write_text(web, encoding="utf-8")
    (tmp_path / "renamed.wps").write_bytes(render.render_docx(render.random_report(rng, "2021")))
    corpus = gongkai.read(tmp_path, progress=False)
    acc = corpus.accounting
    assert acc is not None
    st = statuses(corpus)
    assert st == {
        "empty.doc": "failed",
        "old.doc": "failed",
        "old.wps": "failed",
        "renamed.wps": "parsed",
        "web.doc": "parsed",
    }
    reason = dict(zip(acc["source"].map(lambda s: Path(s).name), acc["reason"]))
    convert = "convert it first (libreoffice --headless --convert-to docx)"
    assert reason["old.doc"] == (
        f"ParseError: {tmp_path / 'old.doc'}: this is an old binary Word .doc file; {convert}"
    )
    assert (
        reason["old.wps"] == f"ParseError: {tmp_path / 'old.wps'}: this is a WPS Office .wps file; {convert}"
    )
    assert reason["empty.doc"].endswith(convert)
    # The parser's own message for .doc content says the same.
    with pytest.raises(gongkai.ParseError, match=re.escape(convert)):
        gongkai.parse(OLE + b"\x00" * 100)


def test_not_a_report_stays_out_of_meta_and_indicators(tmp_path: Path) -> None:
    written = write_reports(tmp_path, 3)
    (tmp_path / "notice.html").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "news.html").write_text(NEWS, encoding="utf-8")
    (tmp_path / "blank.html").write_text("<html><body><table><tr><td></td></tr></table></body></html>")
    corpus = gongkai.read(tmp_path, progress=False)
    st = statuses(corpus)
    assert [st[n] for n in ("notice.html", "news.html", "blank.html")] == ["not_a_report"] * 3
    assert len(corpus) == 3
    assert list(corpus.meta["source"]) == [str(p) for p in written]
    assert len(corpus.indicators()) == 3
    assert corpus.meta["key"].nunique() == 3
    assert corpus.failures == []


@pytest.mark.skipif(not HAS_PDF, reason="pypdfium2 is not installed")
def test_pdf_input(tmp_path: Path) -> None:
    from gongkai import pdf
    from test_pdf import TABLE_PAGE, make_pdf

    (tmp_path / "tiny.pdf").write_bytes(make_pdf([TABLE_PAGE]))
    (tmp_path / "scan.pdf").write_bytes(make_pdf([[]]))
    corpus = gongkai.read(tmp_path, workers=2, progress=False)
    st = statuses(corpus)
    assert st["scan.pdf"] == "failed"
    assert "no text layer" in corpus.failures[0][1]
    assert st["tiny.pdf"] == "not_a_report"  # a page of a table, read: no title, no report tables
    one = pdf.parse_pdf_bytes((tmp_path / "tiny.pdf").read_bytes(), str(tmp_path / "tiny.pdf"))
    assert corpus.accounting["errors"].iloc[1] == sum(f.severity == "error" for f in one.findings)


def test_pdf_without_pypdfium2_is_a_failure_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import pypdfium2 raises ImportError
    corpus = gongkai.read(tmp_path, progress=False)
    acc = corpus.accounting
    assert acc is not None
    assert acc["status"].tolist() == ["failed"]
    assert "needs pypdfium2" in acc["reason"].iloc[0]


def test_parse_many_binding_keeps_order_and_errors() -> None:
    sample = gongkai.sample_paths()[0].read_bytes()
    out = _core.parse_many([sample, b"", sample], ["a", "b", "c"], ["auto"] * 3, 2, None)
    assert [o[0] is not None for o in out] == [True, False, True]
    assert [o[0].source for o in out if o[0] is not None] == ["a", "c"]
    assert out[1][1:] == ("ParseError", "the input is empty", [])
    assert out[0][3] == []  # the rules run only when asked
    data = render.random_report(np.random.default_rng(3), "2021")
    data.printed = {"table3/carried_forward/total": "999"}
    broken = render.render_text(data).encode()
    (r, _, _, checks), *_ = _core.parse_many([broken], ["x"], ["auto"], 1, None, check=True)
    assert [f.rule for f in checks] == [f.rule for f in _core.check_report(r)]
    # the identities are checked by the parse itself, and not again by the rules
    assert "table3.balance" in {f.rule for f in r.findings}
    assert "table3.balance" not in {f.rule for f in checks}
    with pytest.raises(ValueError):
        _core.parse_many([sample], ["a", "b"], ["auto"], 1, None)
    with pytest.raises(ValueError):
        _core.parse_many([sample], ["a"], ["nope"], 1, None)


def test_memory_does_not_hold_the_text(tmp_path: Path) -> None:
    """The corpus keeps numbers and metadata, not the files: the Python memory still held
    after reading is far below the bytes read."""
    write_reports(tmp_path, 60)
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    # the table of administrative divisions is loaded once per process, whatever is read
    with tempfile.TemporaryDirectory() as warm:
        gongkai.read(write_reports(Path(warm), 1)[0], progress=False)
    tracemalloc.start()
    corpus = gongkai.read(tmp_path, workers=2, progress=False, chunk_files=8)
    # pathlib interns the parts of every path, and the interpreter's table of interned strings
    # grows by doubling: megabytes at once when a read crosses its size, however many strings
    # the modules imported before have put in it; that table is no text held
    held = sum(
        t.size
        for t in tracemalloc.take_snapshot().traces
        if "sys.intern(" not in linecache.getline(t.traceback[0].filename, t.traceback[0].lineno)
    )
    tracemalloc.stop()
    assert len(corpus) == 60
    assert held < size / 2, (held, size)
