"""A synthetic site of agency columns for the tests of ``gongkai fetch``, served on 127.0.0.1.

Built from gongkai's own rendered reports (never real ones):

- ``/a/ndbg/``: a TRS-style column of 鼓楼区教育局 (``<dl><dd><a href="./202503/t…htm"
  title="…">…</a></dd><dd>2025-03-10</dd></dl>``), three pages announced by
  ``createPageHTML(3, 0, "index", "htm")``: reports of 2020-2024 as HTML pages (UTF-8; one
  GBK with the charset in its ``<meta>`` only, one GBK with the charset in the header only), one
  as a .docx attachment, one as a PDF attachment (when LibreOffice is there), an interpretation
  (解读) of a report and a notice that are no report.
- ``/b/list.html?page=N``: a GBK column of 平潭综合实验区公安局 paged by 下一页 links: a report
  behind a redirect, one under ``/private/`` (forbidden by robots.txt), a 404, a report whose
  first request answers 500, a page slower than the crawl's timeout, a redirect loop, an
  oversized attachment and an article titled as a report that holds none.
- ``/c/2024/report.html``: an article given directly (with agency and place in a CSV), of an
  agency whose name says no place (住房和城乡建设局).

Every response carries an ETag and a Last-Modified date and answers conditional requests with
304; every request is recorded (path, time, headers, status).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

from gongkai.render import Variations, random_report, render_docx, render_html
from gongkai.render.html import encode_html
from gongkai.render.model import ReportData

LAST_MODIFIED = "Mon, 10 Mar 2025 08:00:00 GMT"
SLOW_SECONDS = 2.0
BIG_BYTES = 300_000  # the oversized attachment; the tests' max_bytes is below it
MAX_BYTES = 200_000


@dataclass
class Resource:
    body: bytes = b""
    content_type: str = "text/html"
    status: int = 200
    location: str = ""
    fail_first: int = 0  # answer 500 to the first N requests
    slow: float = 0.0  # seconds before the answer


@dataclass
class Request:
    path: str
    time: float
    headers: dict[str, str]
    status: int = 0


@dataclass
class Site:
    """The pages by path (with query), what each report is, and the requests served."""

    pages: dict[str, Resource] = field(default_factory=dict)
    reports: dict[str, ReportData] = field(default_factory=dict)  # by the path of the saved file
    places: dict[str, str] = field(default_factory=dict)  # agency -> county expected
    requests: list[Request] = field(default_factory=list)
    served: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _report(seed: int, agency: str, year: int) -> ReportData:
    return random_report(np.random.default_rng(seed), "2021", agency=agency, year=year)


def _article(data: ReportData, seed: int, encoding: str = "utf-8") -> bytes:
    page = render_html(
        data, rng=np.random.default_rng(seed), variations=Variations(encoding=encoding), page_chrome=True
    )
    return encode_html(page, encoding)


def _title(data: ReportData) -> str:
    return f"{data.agency}{data.year}年度政府信息公开工作年度报告"


def _holder(title: str, link: str, name: str, encoding: str = "utf-8") -> bytes:
    """An article page whose report is an attachment."""
    meta = (
        '<meta charset="utf-8">'
        if encoding == "utf-8"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    )
    html = (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>"
        f'<meta name="ArticleTitle" content="{title}"></head><body>'
        f'<div class="nav"><a href="/">首页</a> <a href="/a/ndbg/">政府信息公开年报</a></div>'
        f"<h1>{title}</h1><p>附件：</p>"
        f'<p><a href="{link}">{name}</a></p></body></html>'
    )
    return html.encode("gb18030" if encoding != "utf-8" else "utf-8")


def _trs_list(entries: list[tuple[str, str, str]], page: int, count: int) -> bytes:
    items = "\n".join(
        f'<dl><dd><a href="{href}" title="{title}" target="_blank">{title[:18]}…</a></dd><dd>{date}</dd></dl>'
        for href, title, date in entries
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
        '<ul class="menu"><li><a href="/">首页</a></li><li><a href="/a/zcwj/">政策文件</a></li>'
        '<li><a href="/a/ndbg/">政府信息公开年报</a></li></ul>'
        f'<div class="list">\n{items}\n</div>'
        f'<script>createPageHTML({count}, {page}, "index", "htm");</script>'
        "</body></html>"
    ).encode()


def _paged_list(entries: list[tuple[str, str, str]], page: int, last: int) -> bytes:
    rows = "\n".join(
        f'<li><a href="{href}">{title}</a><span class="date">{date}</span></li>'
        for href, title, date in entries
    )
    nav = f'<a href="list.html?page={page + 1}">下一页</a>' if page < last else ""
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
        "<title>信息公开年度报告</title></head><body>"
        f'<ul class="list">\n{rows}\n</ul><div class="page">第{page}页 共{last}页 {nav}</div>'
        '<a href="/b/about.html">关于我们</a></body></html>'
    )
    return html.encode("gbk")


def build(pdf: bytes | None = None, docx_seed: int = 31) -> Site:
    """The site; ``pdf``: the bytes of the PDF attachment of 鼓楼区教育局's 2021 report (made
    from its rendered .docx by LibreOffice, :func:`pdf_report`), left out when None."""
    site = Site()
    pages = site.pages
    a = "福州市鼓楼区教育局"
    b = "平潭综合实验区公安局"
    c = "住房和城乡建设局"
    site.places = {a: "鼓楼区", b: "平潭县", c: "闽侯县"}

    # --- column A: TRS style, three pages
    entries: list[tuple[str, str, str]] = []
    for year, seed in ((2024, 11), (2023, 12), (2022, 13)):
        data = _report(seed, a, year)
        path = f"/a/ndbg/{year + 1}03/t{year + 1}0310_{seed}.htm"
        if year == 2023:  # GBK, the charset in the <meta> only
            body = _article(data, seed, "gbk")
            pages[path] = Resource(body, "text/html")
        elif year == 2022:  # GBK, the charset in the header only
            body = _article(data, seed, "gbk")
            body = body.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=gbk">', b"")
            pages[path] = Resource(body, "text/html; charset=GBK")
        else:
            pages[path] = Resource(_article(data, seed), "text/html; charset=utf-8")
        site.reports[path] = data
        entries.append((f".{path[len('/a/ndbg') :]}", _title(data), f"{year + 1}-03-10"))
    entries.append(("./202503/t20250311_20.htm", f"{a}2024年度政府信息公开工作年度报告解读", "2025-03-11"))
    entries.append(("./202502/t20250201_21.htm", "关于做好2025年政务公开工作的通知", "2025-02-01"))
    pages["/a/ndbg/202503/t20250311_20.htm"] = Resource(b"<html><body>interpretation</body></html>")
    pages["/a/ndbg/202502/t20250201_21.htm"] = Resource(b"<html><body>notice</body></html>")
    # 2021: a .docx attachment; 2020: a PDF attachment
    data = _report(docx_seed, a, 2021)
    title = _title(data)
    pages["/a/ndbg/202201/t20220115_31.htm"] = Resource(
        _holder(title, "./P020220115_31.docx", f"{title}.docx"), "text/html; charset=utf-8"
    )
    pages["/a/ndbg/202201/P020220115_31.docx"] = Resource(
        render_docx(data, rng=np.random.default_rng(docx_seed)),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    site.reports["/a/ndbg/202201/P020220115_31.docx"] = data
    entries.append(("./202201/t20220115_31.htm", title, "2022-01-15"))
    if pdf is not None:
        data = pdf_report()
        title = _title(data)
        pages["/a/ndbg/202101/t20210120_32.htm"] = Resource(
            _holder(title, "/a/ndbg/202101/P020210120_32.pdf", "附件1.pdf"), "text/html; charset=utf-8"
        )
        pages["/a/ndbg/202101/P020210120_32.pdf"] = Resource(pdf, "application/pdf")
        site.reports["/a/ndbg/202101/P020210120_32.pdf"] = data
        entries.append(("./202101/t20210120_32.htm", title, "2021-01-20"))
    per_page = 3
    count = (len(entries) + per_page - 1) // per_page
    for k in range(count):
        name = "index.htm" if k == 0 else f"index_{k}.htm"
        pages[f"/a/ndbg/{name}"] = Resource(
            _trs_list(entries[k * per_page : (k + 1) * per_page], k, count), "text/html; charset=utf-8"
        )
    pages["/a/ndbg/"] = pages["/a/ndbg/index.htm"]

    # --- column B: GBK, ?page=N with 下一页
    b_entries: list[tuple[str, str, str]] = []
    data = _report(41, b, 2024)
    pages["/b/moved.htm"] = Resource(status=301, location="/b/2024/report.htm")
    pages["/b/2024/report.htm"] = Resource(_article(data, 41, "gbk"), "text/html")
    site.reports["/b/2024/report.htm"] = data
    b_entries.append(("/b/moved.htm", _title(data), "2025-01-20"))
    data = _report(42, b, 2023)
    pages["/b/2023/report.htm"] = Resource(_article(data, 42), "text/html; charset=utf-8", fail_first=1)
    site.reports["/b/2023/report.htm"] = data
    b_entries.append(("/b/2023/report.htm", _title(data), "2024-01-18"))
    pages["/private/2022.htm"] = Resource(_article(_report(43, b, 2022), 43), "text/html; charset=utf-8")
    b_entries.append(("/private/2022.htm", f"{b}2022年度政府信息公开工作年度报告", "2023-01-19"))
    b_entries.append(("/b/gone.htm", f"{b}2021年度政府信息公开工作年度报告", "2022-01-19"))
    pages["/b/slow.htm"] = Resource(
        _article(_report(44, b, 2020), 44), "text/html; charset=utf-8", slow=SLOW_SECONDS
    )
    b_entries.append(("/b/slow.htm", f"{b}2020年度政府信息公开工作年度报告", "2021-01-19"))
    pages["/b/loop1.htm"] = Resource(status=302, location="/b/loop2.htm")
    pages["/b/loop2.htm"] = Resource(status=302, location="/b/loop1.htm")
    b_entries.append(("/b/loop1.htm", f"{b}2019年度政府信息公开工作年度报告", "2020-01-19"))
    big_title = f"{b}2018年政府信息公开工作年度报告"
    pages["/b/2018.htm"] = Resource(_holder(big_title, "2018.pdf", "全文.pdf"), "text/html; charset=utf-8")
    pages["/b/2018.pdf"] = Resource(b"%PDF-1.4\n" + b"0" * BIG_BYTES, "application/pdf")
    b_entries.append(("/b/2018.htm", big_title, "2019-01-19"))
    pages["/b/2017.htm"] = Resource(
        f"<html><head><meta charset='utf-8'><title>{b}2017年政府信息公开工作年度报告</title></head>"
        "<body><p>本栏目内容已迁移。</p></body></html>".encode(),
        "text/html",
    )
    b_entries.append(("/b/2017.htm", f"{b}2017年政府信息公开工作年度报告", "2018-01-19"))
    pages["/b/about.html"] = Resource(b"<html><body>about</body></html>")
    last = 3
    for k in range(1, last + 1):
        chunk = b_entries[(k - 1) * 3 : k * 3]
        pages[f"/b/list.html?page={k}"] = Resource(_paged_list(chunk, k, last), "text/html")

    # --- an article given directly
    data = _report(51, c, 2024)
    pages["/c/2024/report.html"] = Resource(_article(data, 51), "text/html; charset=utf-8")
    site.reports["/c/2024/report.html"] = data

    # a chain of three redirects to column C's article (linked from nowhere)
    pages["/r/1"] = Resource(status=302, location="/r/2")
    pages["/r/2"] = Resource(status=302, location="/r/3")
    pages["/r/3"] = Resource(status=302, location="/c/2024/report.html")

    pages["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    return site


def pdf_report() -> ReportData:
    return _report(32, "福州市鼓楼区教育局", 2020)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            req = Request(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
            with site.lock:
                site.requests.append(req)
                n = site.served.get(self.path, 0)
                site.served[self.path] = n + 1
            res = site.pages.get(self.path)
            if res is None:
                req.status = 404
                self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
                return
            if res.slow:
                time.sleep(res.slow)
            if n < res.fail_first:
                req.status = 500
                self._send(500, b"<html><body>500</body></html>", "text/html")
                return
            if res.location:
                req.status = res.status
                self.send_response(res.status)
                self.send_header("Location", res.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = _etag(res.body)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (inm is not None and inm == etag) or (inm is None and ims == LAST_MODIFIED):
                req.status = 304
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            req.status = res.status
            self._send(res.status, res.body, res.content_type, etag)

        def _send(self, status: int, body: bytes, ctype: str, etag: str = "") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class Server:
    """The site served on 127.0.0.1, a free port, in a thread of its own."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # serve the site by hand: python tests/python/fetch_site.py
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from converters import docx_to_pdf, missing_tools

    pdf = None
    if not missing_tools("pdf"):
        with tempfile.TemporaryDirectory() as tmp:
            blob = render_docx(pdf_report(), rng=np.random.default_rng(32))
            pdf = docx_to_pdf([blob], Path(tmp))[0].read_bytes()
    server = Server(build(pdf))
    print(f"serving on {server.url}: {server.url}/a/ndbg/ {server.url}/b/list.html?page=1 "
          f"{server.url}/c/2024/report.html", flush=True)  # fmt: skip
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.close()
