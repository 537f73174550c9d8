"""gongkai fetch on a synthetic site served on 127.0.0.1 (tests/python/fetch_site.py): every report
found and saved once, the manifest complete, robots.txt obeyed, the delay kept, a rerun that
downloads nothing, an interrupted crawl resumed, and gongkai.read on the folder."""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("httpx")
pytest.importorskip("selectolax")

import fetch_site
import gongkai
from converters import docx_to_pdf, missing_tools
from gongkai import fetch
from gongkai.cli import main
from gongkai.render import render_docx

DELAY = 0.05
OPTIONS: dict[str, Any] = {
    "delay": DELAY,
    "timeout": 0.5,
    "retries": 1,
    "backoff": 0.05,
    "max_bytes": fetch_site.MAX_BYTES,
    "progress": False,
    "contact": "data@example.org",
}


@pytest.fixture(scope="session")
def pdf() -> bytes | None:
    """The PDF attachment, made once by LibreOffice; None (the site without it) when it is missing."""
    if missing_tools("pdf"):
        return None
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        blob = render_docx(fetch_site.pdf_report(), rng=np.random.default_rng(32))
        return docx_to_pdf([blob], Path(tmp))[0].read_bytes()


@pytest.fixture
def server(pdf: bytes | None) -> Iterator[fetch_site.Server]:
    s = fetch_site.Server(fetch_site.build(pdf))
    yield s
    s.close()


def seeds(server: fetch_site.Server, folder: Path) -> list[str]:
    """Column A's and column B's first list pages, and a CSV naming column C's article with its
    agency and place."""
    table = folder / "seeds.csv"
    table.write_text(
        f"url,agency,place\n{server.url}/c/2024/report.html,闽侯县住房和城乡建设局,福建省福州市闽侯县\n",
        encoding="utf-8",
    )
    return [f"{server.url}/a/ndbg/index.htm", f"{server.url}/b/list.html?page=1", str(table)]


def by_path(server: fetch_site.Server, rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["url"].replace(server.url, ""): r for r in rows}


def test_every_report_is_found_and_saved_once(server: fetch_site.Server, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = fetch.crawl(seeds(server, tmp_path), out, **OPTIONS)
    rows = by_path(server, result.rows)
    assert len(rows) == len(result.rows)  # one row per URL
    saved = {r["url"].replace(server.url, "") for r in result.reports()}
    assert saved == {p for p in server.site.reports if p != "/b/2024/report.htm"} | {"/b/moved.htm"}
    assert len({r["saved_path"] for r in result.reports()}) == len(saved)
    served = Counter(q.path for q in server.site.requests if q.status == 200)
    for path in server.site.reports:
        assert served[path] == 1, path
    assert rows["/b/moved.htm"]["final_url"] == f"{server.url}/b/2024/report.htm"
    assert server.site.served["/b/2023/report.htm"] == 2  # a 500, then the page
    assert rows["/b/2023/report.htm"]["status"] == "downloaded"
    assert server.site.served["/b/gone.htm"] == 1  # a 404 is not tried again
    assert rows["/b/gone.htm"]["status"] == "failed" and rows["/b/gone.htm"]["reason"] == "HTTP 404"
    assert rows["/b/slow.htm"]["status"] == "failed" and rows["/b/slow.htm"]["reason"].startswith("timeout")
    assert server.site.served["/b/slow.htm"] == 2
    assert rows["/b/loop1.htm"]["status"] == "failed" and "redirect loop" in rows["/b/loop1.htm"]["reason"]
    big = rows["/b/2018.pdf"]
    assert big["status"] == "skipped" and big["reason"].startswith("too big") and not big["saved_path"]
    assert not list(tmp_path.rglob("2018.pdf*"))
    assert rows["/b/2017.htm"]["status"] == "skipped" and rows["/b/2017.htm"]["reason"].startswith(
        "not a report"
    )
    interpretation = rows["/a/ndbg/202503/t20250311_20.htm"]
    assert interpretation["status"] == "skipped" and "解读" in interpretation["reason"]
    assert "/a/ndbg/202503/t20250311_20.htm" not in server.site.served  # skipped by its title
    assert "/a/ndbg/202502/t20250201_21.htm" not in server.site.served  # a notice: not followed
    assert "/b/about.html" not in server.site.served
    lists = {p for p, r in rows.items() if r["kind"] == "list"}
    assert lists == {p for p in server.site.pages if p.startswith(("/a/ndbg/index", "/b/list.html"))}
    assert not result.stopped and result.pending == 0
    assert {r["status"] for r in result.rows} <= set(fetch.STATUSES)
    assert all(r["reason"] for r in result.rows if r["status"] in ("skipped", "failed"))


def test_the_manifest_says_what_each_file_is(server: fetch_site.Server, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    fetch.crawl(seeds(server, tmp_path), out, **OPTIONS)
    with open(out / "manifest.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == fetch.MANIFEST_COLUMNS
        rows = by_path(server, list(reader))
    for r in rows.values():
        if r["status"] == "downloaded" and r["saved_path"]:
            data = (out / r["saved_path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == r["sha256"]
            assert int(r["bytes"]) == len(data)
            assert r["fetched_at"].endswith("Z") and r["http_status"] == "200"
    first = rows["/a/ndbg/202503/t20250310_11.htm"]
    assert first["kind"] == "article" and first["charset"] == "utf-8"
    assert (first["year"], first["agency"], first["date"]) == ("2024", "福州市鼓楼区教育局", "2025-03-10")
    assert first["title"] == "福州市鼓楼区教育局2024年度政府信息公开工作年度报告"
    assert first["list_page"] == f"{server.url}/a/ndbg/index.htm"
    assert first["etag"] and first["last_modified"] == fetch_site.LAST_MODIFIED
    assert rows["/a/ndbg/202403/t20240310_12.htm"]["charset"] == "gbk"  # from the <meta>
    assert rows["/a/ndbg/202303/t20230310_13.htm"]["charset"] == "gbk"  # from the header
    assert rows["/b/list.html?page=2"]["charset"] == "gbk"
    docx = rows["/a/ndbg/202201/P020220115_31.docx"]
    assert docx["kind"] == "attachment" and docx["article"] == f"{server.url}/a/ndbg/202201/t20220115_31.htm"
    assert docx["saved_path"].endswith(".docx") and docx["year"] == "2021"
    assert docx["content_type"].startswith("application/vnd.openxmlformats")
    holder = rows["/a/ndbg/202201/t20220115_31.htm"]
    assert holder["saved_path"].startswith(fetch.CACHE_DIR + "/")  # no report itself: kept aside
    c = rows["/c/2024/report.html"]
    assert (c["agency"], c["place"], c["list_page"]) == ("住房和城乡建设局", "福建省福州市闽侯县", "")
    assert (
        (out / fetch.CACHE_DIR / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_robots_txt_is_obeyed_and_asked_first(server: fetch_site.Server, tmp_path: Path) -> None:
    result = fetch.crawl(seeds(server, tmp_path), tmp_path / "reports", **OPTIONS)
    paths = [q.path for q in server.site.requests]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")]
    row = by_path(server, result.rows)["/private/2022.htm"]
    assert row["status"] == "skipped" and row["reason"].startswith("robots.txt")


def test_one_request_at_a_time_with_the_delay_between(server: fetch_site.Server, tmp_path: Path) -> None:
    fetch.crawl(seeds(server, tmp_path), tmp_path / "reports", **OPTIONS)
    times = [q.time for q in server.site.requests]
    assert len(times) > 20
    gaps = np.diff(times)
    assert gaps.min() >= DELAY  # a lower bound the crawler keeps, not a time limit
    agents = {q.headers["user-agent"] for q in server.site.requests}
    assert len(agents) == 1 and agents.pop().startswith("gongkai/")
    assert "data@example.org" in server.site.requests[0].headers["user-agent"]


def test_a_rerun_downloads_nothing(server: fetch_site.Server, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    first = fetch.crawl(seeds(server, tmp_path), out, **OPTIONS)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != "manifest.csv"}
    before = len(server.site.requests)
    second = fetch.crawl(seeds(server, tmp_path), out, **{**OPTIONS, "recheck_after": 0})
    again = server.site.requests[before:]
    saved = {r["url"].replace(server.url, "") for r in first.rows if r["saved_path"]}
    asked = [q for q in again if q.path in saved]
    assert asked and {q.status for q in asked} == {301, 304}  # /b/moved.htm redirects, then 304
    assert all("if-none-match" in q.headers and "if-modified-since" in q.headers for q in asked)
    # nothing sent again but robots.txt (and the slow page's late answer, after the timeout)
    assert {q.path for q in again if q.status == 200} <= {"/robots.txt", "/b/slow.htm"}
    assert not [r for r in second.rows if r["status"] == "downloaded"]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert len(second.reports()) == len(first.reports())
    # within recheck_after (a day by default) the files are not asked for at all
    before = len(server.site.requests)
    third = fetch.crawl(seeds(server, tmp_path), out, **OPTIONS)
    assert not [q for q in server.site.requests[before:] if q.path in saved and "/list" not in q.path
                and "index" not in q.path]  # fmt: skip
    lists = {p for p in server.site.pages if p.startswith(("/a/ndbg/index", "/b/list.html"))}
    assert lists <= {q.path for q in server.site.requests[before:]}  # where new reports show up
    assert Counter(r["status"] for r in third.rows) == Counter(r["status"] for r in second.rows)
    rows = fetch.read_manifest(out / "manifest.csv")
    assert len(rows) == len({r["url"] for r in rows}) == len(first.rows)


def test_an_interrupted_crawl_resumes(server: fetch_site.Server, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    urls = seeds(server, tmp_path)
    stopped = fetch.crawl(urls, out, **{**OPTIONS, "max_requests": 8})
    assert stopped.stopped and stopped.pending > 0 and len(stopped.requests) == 8
    done = {r["url"] for r in stopped.rows if r["status"] == "downloaded" and r["saved_path"]}
    assert done  # some reports were saved before the stop, each with its manifest row
    assert {r["url"] for r in fetch.read_manifest(out / "manifest.csv")} >= done
    before = len(server.site.requests)
    resumed = fetch.crawl(urls, out, **OPTIONS)
    assert not resumed.stopped
    again = {server.url + q.path for q in server.site.requests[before:] if q.status == 200}
    assert not (again & done)
    full = fetch.crawl(urls, tmp_path / "fresh", **OPTIONS)
    assert {r["url"] for r in resumed.reports()} == {r["url"] for r in full.reports()}


def test_read_gives_the_reports_with_their_agencies_and_places(
    server: fetch_site.Server, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    result = fetch.crawl(seeds(server, tmp_path), out, **OPTIONS)
    corpus = gongkai.read(out, progress=False)
    assert len(corpus) == len(result.reports())
    meta = corpus.meta
    got = {(a, int(y), c) for a, y, c in zip(meta["agency"], meta["year"], meta["county"])}
    want = {(d.agency, d.year, server.site.places[d.agency]) for d in server.site.reports.values()}
    assert got == want  # 住房和城乡建设局 placed in 闽侯县 by the seed CSV
    assert set(meta["url"]) == {r["final_url"] for r in result.reports()}  # where the bytes came from
    accounting = corpus.accounting
    assert accounting is not None
    status = dict(zip(accounting["source"], accounting["status"]))
    assert status[str(out / "manifest.csv")] == "skipped"
    assert status[str(out / fetch.CACHE_DIR)] == "skipped"
    assert Counter(status.values()) == {"skipped": 2, "parsed": len(result.reports())}
    row = corpus.meta[corpus.meta["agency"] == "住房和城乡建设局"].iloc[0]
    assert row["province"] == "福建省" and row["prefecture"] == "福州市"
    # the numbers are the rendered ones
    data = server.site.reports["/b/2023/report.htm"]
    report = gongkai.parse(str(out / by_path(server, result.rows)["/b/2023/report.htm"]["saved_path"]))
    assert report.table3_frame().loc["new", "total"] == data.table3["new"][6]


def test_the_command_line_accounts_for_every_url(
    server: fetch_site.Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports"
    args = [
        "--out",
        str(out),
        "--delay",
        str(DELAY),
        "--timeout",
        "0.5",
        "--retries",
        "1",
        "--backoff",
        "0.05",
    ]
    code = main(["fetch", *seeds(server, tmp_path), *args, "--max-bytes", str(fetch_site.MAX_BYTES)])
    err = capsys.readouterr().err
    assert code == 2  # a 404, a timeout and a redirect loop failed
    assert "Traceback" not in err
    assert f"gongkai fetch: failed: {server.url}/b/gone.htm: HTTP 404" in err
    assert f"gongkai fetch: skipped: {server.url}/private/2022.htm: robots.txt" in err
    summary = [ln for ln in err.splitlines() if " URL(s): " in ln]
    assert len(summary) == 1 and "3 failed" in summary[0] and "request(s) in" in summary[0]
    code = main(["fetch", f"{server.url}/a/ndbg/index.htm", *args])
    err = capsys.readouterr().err
    assert code == 0 and "0 downloaded" in err and "0 failed" in err
    assert main(["fetch", f"{server.url}/a/ndbg/index.htm", *args, "--max-requests", "1"]) == 1
    capsys.readouterr()
    assert main(["fetch", "ftp://example.org/x", "--out", str(out)]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    assert main(["check", str(out)]) in (0, 1)
    assert "could not be read" not in capsys.readouterr().err


def test_a_missing_extra_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(fetch.FetchDependencyError, match=r'pip install "gongkai\[fetch\]"'):
        fetch.crawl("http://127.0.0.1:9/", tmp_path, progress=False)
    assert main(["fetch", "http://127.0.0.1:9/", "--out", str(tmp_path)]) == 2
    assert 'pip install "gongkai[fetch]"' in capsys.readouterr().err


@pytest.mark.parametrize(
    ("title", "report", "year", "agency"),
    [
        ("福州市鼓楼区教育局2024年度政府信息公开工作年度报告", True, 2024, "福州市鼓楼区教育局"),
        ("2023年政府信息公开工作年度报告", True, 2023, ""),
        ("【平潭综合实验区】二〇二二年政府信息公开工作年报", True, 2022, "平潭综合实验区"),
        ("某县2024年度政府信息公开工作年度报告解读", False, 2024, "某县"),
        ("关于印发某县2024年度政府信息公开工作年度报告的通知", False, 2024, "某县"),
        ("政府信息公开年报", False, None, ""),
    ],
)
def test_titles_are_read_for_report_year_and_agency(
    title: str, report: bool, year: int | None, agency: str
) -> None:
    assert fetch.is_report_title(title) is report
    assert fetch.guess_year(title) == year
    assert fetch.guess_agency(title) == agency


def test_the_charset_comes_from_the_header_the_meta_or_the_bytes() -> None:
    page = "<html><head><meta charset='gbk'></head><body>主动公开</body></html>"
    assert fetch.decode_page(page.encode("gbk"), "text/html") == (page, "gbk")
    bare = "<p>主动公开</p>"
    assert fetch.decode_page(bare.encode("gbk"), "text/html; charset=GBK") == (bare, "gbk")
    assert fetch.decode_page(bare.encode("gb18030"), "text/html") == (bare, "gb18030")
    assert fetch.decode_page(bare.encode(), "text/html") == (bare, "utf-8")


def test_robots_txt_rules_for_gongkai_apply_to_its_user_agent() -> None:
    from urllib.robotparser import RobotFileParser

    rules = RobotFileParser()
    rules.parse(["User-agent: gongkai", "Disallow: /x/", "", "User-agent: *", "Disallow: /"])
    agent = fetch.user_agent("data@example.org")
    assert agent.startswith("gongkai/") and agent.endswith("contact: data@example.org)")
    assert not rules.can_fetch(agent, "http://127.0.0.1/x/report.htm")
    assert rules.can_fetch(agent, "http://127.0.0.1/ndbg/report.htm")


def test_a_host_that_does_not_answer_fails_every_url_with_the_reason(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch.crawl(f"http://127.0.0.1:{port}/ndbg/", tmp_path, **{**OPTIONS, "retries": 0})
    assert [(r["kind"], r["status"]) for r in result.rows] == [("robots", "failed"), ("start", "failed")]
    assert result.rows[1]["reason"].startswith("robots.txt could not be read (ConnectError")
    assert fetch.read_manifest(tmp_path / "manifest.csv") == result.rows


def test_redirects_are_followed_up_to_the_limit(server: fetch_site.Server, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    options = {**OPTIONS, "progress": lambda done, total: calls.append((done, total))}
    far = fetch.crawl(f"{server.url}/r/1", tmp_path / "a", **{**options, "max_redirects": 2})
    assert [(r["status"], r["reason"]) for r in far.rows[1:]] == [
        ("failed", "more than 2 redirects (max_redirects)")
    ]
    near = fetch.crawl(f"{server.url}/r/1", tmp_path / "b", **{**options, "max_redirects": 3})
    row = near.rows[1]
    assert (row["status"], row["kind"], row["final_url"]) == (
        "downloaded",
        "article",
        f"{server.url}/c/2024/report.html",
    )
    assert calls == [(1, 1), (1, 1)]
