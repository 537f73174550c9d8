"""Collecting reports from agency sites: ``gongkai fetch`` and :func:`crawl`.

Agencies publish their annual reports in a column of their site: a list page of links and
dates, paginated (``index_1.htm`` ... announced by ``createPageHTML(7, 0, "index", "htm")``,
``?page=2``, or a 下一页 link), each link an article page holding the report as HTML tables
or as an attachment (.pdf, .docx, .doc, .wps). :func:`crawl` starts from column list pages,
article URLs or a CSV of them (``url``, ``agency``, ``place``), follows the links whose text
names an annual report (年度报告 / 工作年报 with a year) and the pagination, saves every
report page and attachment under ``out`` and writes ``out/manifest.csv``: one row per URL
(:data:`MANIFEST_COLUMNS`), downloaded, unchanged, skipped or failed, with the reason.

Polite by construction (docs/fetch.md): robots.txt obeyed (its Crawl-delay too); one request
at a time, with at least ``delay`` seconds between two requests to a host; a User-Agent that
names gongkai (and a contact, if given); timeouts, a size limit, retries with backoff on 5xx,
429 and timeouts (never on other 4xx); redirects followed up to a limit, each hop checked
against robots.txt; conditional requests (If-None-Match, If-Modified-Since) from the manifest,
so a rerun downloads nothing that did not change; resumable: every URL's row is appended to the
manifest as soon as it is done.

The HTTP client (httpx) and the HTML parser (selectolax) are the optional extra
``gongkai[fetch]``; reading a manifest (:func:`read_manifest`, used by :func:`gongkai.read`)
needs neither.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Union
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

if TYPE_CHECKING:  # imported where robots.txt is read: it pulls in http.client, email and ssl
    from urllib.robotparser import RobotFileParser

__all__ = [
    "CACHE_DIR",
    "INSTALL_HINT",
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "STATUSES",
    "Crawl",
    "FetchDependencyError",
    "crawl",
    "guess_agency",
    "guess_year",
    "is_report_title",
    "read_manifest",
    "read_seeds",
]

PathLike = Union[str, "os.PathLike[str]"]

INSTALL_HINT = 'gongkai fetch needs httpx and selectolax: pip install "gongkai[fetch]"'

MANIFEST = "manifest.csv"
"""The manifest's file name in the output folder."""

CACHE_DIR = ".gongkai-fetch"
"""The folder under the output folder that keeps the pages that are no report (list pages,
article pages whose report is an attachment) for conditional requests on a rerun; tagged with a
``CACHEDIR.TAG``, so that :func:`gongkai.read` and backup tools pass it by."""

MANIFEST_COLUMNS = (
    "url",
    "final_url",
    "kind",
    "status",
    "reason",
    "http_status",
    "fetched_at",
    "bytes",
    "sha256",
    "content_type",
    "charset",
    "etag",
    "last_modified",
    "saved_path",
    "title",
    "date",
    "year",
    "agency",
    "place",
    "list_page",
    "article",
)
"""The columns of ``manifest.csv`` (docs/fetch.md)."""

STATUSES = ("downloaded", "unchanged", "skipped", "failed")
"""What became of a URL: saved (new or changed), the same as before (304, the same bytes, or
fetched recently), not requested or not kept (robots.txt, not a report, too big), failed (why)."""

KINDS = ("robots", "list", "article", "attachment", "start")
"""What a URL is; ``start``: a start URL that could not be read (so neither list nor article)."""

ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps")
"""The attachments of an article that are followed (gongkai reads .pdf and .docx and names
the command that converts .doc and .wps)."""

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by gongkai fetch.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)

# ---------------------------------------------------------------------------------------------
# Titles: is it a report, of which year, of which agency


_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_YEAR = re.compile(r"((?:19|20)\d\d|二[〇○零][一二三四五六七八九〇○零]{2})\s*年")
_REPORT = re.compile(r"年度报告|工作年报|年度工作报告|信息公开年报")
_NOT_REPORT = re.compile(r"解读|图解|一图读懂|图说|通知|公告|说明会|发布会|动漫|视频|答记者问")


def guess_year(title: str) -> int | None:
    """The year a report's title names (``2024年度…`` or ``二〇二四年…``), None if none."""
    m = _YEAR.search(title or "")
    if not m:
        return None
    y = "".join(_CN_DIGITS.get(c, c) for c in m.group(1))
    return int(y)


def is_report_title(title: str) -> bool:
    """Whether a link's text or a page's title names an annual report: 年度报告 / 工作年报 and a
    year, not an interpretation (解读, 图解) or a notice about the reports (通知)."""
    t = re.sub(r"\s+", "", title or "")
    return bool(_REPORT.search(t)) and guess_year(t) is not None and not _NOT_REPORT.search(t)


def _not_report_reason(title: str) -> str:
    t = re.sub(r"\s+", "", title or "")
    m = _NOT_REPORT.search(t)
    if m and _REPORT.search(t):
        return f"not a report: the title names a {m.group(0)} about a report"
    return ""


def guess_agency(title: str) -> str:
    """The agency a report's title names: the text before its year, without brackets, quotes and
    leading words such as 关于; "" when the title starts with the year."""
    t = re.sub(r"\s+", "", title or "")
    m = _YEAR.search(t)
    if not m:
        return ""
    name = t[: m.start()]
    name = re.sub(r"^[\[【〔（(《“\"']+|[\]】〕）)》”\"'：:、，,]+$", "", name)
    name = re.sub(r"^(?:关于|印发|公布|发布)+", "", name)
    return name.strip("-—_ ·")


# ---------------------------------------------------------------------------------------------
# Manifest


def read_manifest(path: PathLike) -> list[dict[str, str]]:
    """The rows of a manifest written by :func:`crawl` (``out/manifest.csv``), the last row of
    each URL (a crawl appends a row as each URL completes; an interrupted one may leave several,
    or a line cut short, which is passed by). Columns as :data:`MANIFEST_COLUMNS` (missing ones
    ""). Raises ValueError naming the file when it is no manifest of gongkai fetch."""
    p = Path(os.fspath(path))
    with open(p, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if not header or "url" not in header or "saved_path" not in header:
            raise ValueError(f"{p}: not a manifest of gongkai fetch (its header has no url and saved_path)")
        rows: dict[str, dict[str, str]] = {}
        for cells in reader:
            if len(cells) != len(header):
                continue  # a line cut short by an interruption
            row = dict(zip(header, cells))
            if row.get("url"):
                rows.pop(row["url"], None)
                rows[row["url"]] = {c: row.get(c, "") for c in MANIFEST_COLUMNS}
    return list(rows.values())


def is_manifest(path: PathLike) -> bool:
    """Whether ``path`` is a manifest written by gongkai fetch (by its header)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader([f.readline()]), [])
    except (OSError, UnicodeDecodeError):
        return False
    return "url" in header and "saved_path" in header and "sha256" in header


@dataclass(frozen=True)
class Seed:
    """A URL to start from, with what the user knows of it."""

    url: str
    agency: str = ""
    place: str = ""


def read_seeds(path: PathLike) -> list[Seed]:
    """The URLs of a CSV (a header with ``url`` and any of ``agency``, ``place``; UTF-8 or
    GB18030). Raises ValueError naming the file and line for a missing ``url`` column or cell."""
    p = Path(os.fspath(path))
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    rows = list(csv.reader(text.splitlines()))
    if not rows or "url" not in [h.strip().lower() for h in rows[0]]:
        raise ValueError(f"{p}:1: no 'url' column in the header")
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for i, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        cell = {h: (cells[j].strip() if j < len(cells) else "") for j, h in enumerate(header)}
        if not cell["url"]:
            raise ValueError(f"{p}:{i}: the 'url' cell is empty")
        out.append(Seed(cell["url"], cell.get("agency", ""), cell.get("place", "")))
    return out


# ---------------------------------------------------------------------------------------------
# Charset and HTML


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def _codec(name: str) -> str:
    """A Python codec for a charset label; GB2312 and GBK are read as GB18030 (a superset)."""
    n = name.strip().strip("\"'").lower()
    if n in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936"):
        return "gb18030"
    if n in ("utf8", "utf-8"):
        return "utf-8"
    import codecs

    try:
        return codecs.lookup(n).name
    except LookupError:
        return ""


def decode_page(body: bytes, content_type: str) -> tuple[str, str]:
    """The text of an HTML page and the charset it was read in: the header's charset, else the
    ``<meta>`` tag's, else UTF-8 if the bytes are valid UTF-8, else GB18030."""
    m = re.search(r"charset\s*=\s*[\"']?([\w-]+)", content_type or "", re.IGNORECASE)
    tried = []
    if m:
        tried.append(m.group(1))
    mm = _META_CHARSET.search(body[:4096])
    if mm:
        tried.append(mm.group(1).decode("ascii", "replace"))
    for label in tried:
        codec = _codec(label)
        if codec:
            try:
                return body.decode(codec), label.lower()
            except UnicodeDecodeError:
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace"), "gb18030"


def _kind_of_bytes(body: bytes, content_type: str) -> str:
    """What the bytes are: "pdf", "docx", "doc" (OLE: .doc, .wps), "html" or "other"."""
    head = body[:1024].lstrip()
    ct = (content_type or "").split(";")[0].strip().lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if body[:4] == b"PK\x03\x04":
        return "docx"
    if body[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    if ct in ("text/html", "application/xhtml+xml") or re.match(
        rb"(?i)(<!doctype\s+html|<html|<head|<meta)", head
    ):
        return "html"
    return "other"


@dataclass
class _Link:
    url: str
    text: str
    date: str = ""


_DATE = re.compile(r"(20\d\d)[-./年](\d{1,2})[-./月](\d{1,2})")
_CREATE_PAGE = re.compile(
    r"createPage(?:HTML)?\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
_NEXT = re.compile(r"^(下一页|下页|后一页|后页|>|›|»|>>)$")


@dataclass
class _Page:
    title: str
    links: list[_Link]
    pages: list[str]  # pagination: further list pages
    attachments: list[_Link]
    tables: int
    text: str


def _html_parser() -> Any:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as e:  # pragma: no cover - the extra's import is checked by crawl
        raise FetchDependencyError(INSTALL_HINT) from e
    return LexborHTMLParser


def _date_near(node: Any) -> str:
    """A date printed beside a link: in its own text, its parent's or its grandparent's."""
    for n in (node, node.parent, node.parent.parent if node.parent is not None else None):
        if n is None:
            continue
        m = _DATE.search(n.text(deep=True, separator=" ") or "")
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return ""


def read_page(text: str, url: str) -> _Page:
    """The title, links (with the date beside each), pagination and attachments of a page."""
    tree = _html_parser()(text)
    base = url
    b = tree.css_first("base[href]")
    if b is not None and b.attributes.get("href"):
        base = urljoin(url, b.attributes["href"] or "")
    title = ""
    for sel in ('meta[name="ArticleTitle"]', 'meta[name="articletitle"]'):
        n = tree.css_first(sel)
        if n is not None and n.attributes.get("content"):
            title = (n.attributes.get("content") or "").strip()
            break
    if not title:
        for sel in ("h1", "title"):
            n = tree.css_first(sel)
            if n is not None and is_report_title(n.text(deep=True)):
                title = n.text(deep=True).strip()
                break
    if not title:
        n = tree.css_first("title")
        title = n.text(deep=True).strip() if n is not None else ""
    links: list[_Link] = []
    pages: list[str] = []
    attachments: list[_Link] = []
    here = urlsplit(url)
    for a in tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        target = urldefrag(urljoin(base, href))[0]
        if urlsplit(target).scheme not in ("http", "https"):
            continue
        text = re.sub(r"\s+", " ", a.text(deep=True)).strip()
        title_attr = (a.attributes.get("title") or "").strip()
        name = title_attr if len(title_attr) >= len(text) else text
        suffix = Path(unquote(urlsplit(target).path)).suffix.lower()
        text_suffix = Path(name).suffix.lower() if "." in name else ""
        if suffix in ATTACHMENT_SUFFIXES or text_suffix in ATTACHMENT_SUFFIXES:
            attachments.append(_Link(target, name))
            continue
        if _NEXT.match(text):
            pages.append(target)
            continue
        tp = urlsplit(target)
        if tp.netloc == here.netloc and re.search(r"/index_\d+\.s?html?$", tp.path):
            pages.append(target)
        links.append(_Link(target, name, _date_near(a)))
    for script in tree.css("script"):
        for m in _CREATE_PAGE.finditer(script.text() or ""):
            count, name, ext = int(m.group(1)), m.group(3), m.group(4)
            pages += [urljoin(base, f"{name}_{k}.{ext}") for k in range(1, min(count, 1000))]
    body = tree.body
    return _Page(
        title=re.sub(r"\s+", "", title),
        links=links,
        pages=list(dict.fromkeys(pages)),
        attachments=attachments,
        tables=len(tree.css("table")),
        text=body.text(deep=True, separator=" ") if body is not None else "",
    )


_MARKERS = ("主动公开", "政府信息公开申请", "行政复议", "行政诉讼", "申请人")


def _holds_report(page: _Page) -> bool:
    """Whether an article page holds a report itself: a table and the template's words."""
    return page.tables > 0 and sum(m in page.text for m in _MARKERS) >= 3


# ---------------------------------------------------------------------------------------------
# The crawl


class FetchDependencyError(ImportError):
    """httpx or selectolax, the extra ``gongkai[fetch]``, is not installed."""


def _require() -> Any:
    try:
        import httpx
        import selectolax  # noqa: F401
    except ImportError as e:
        raise FetchDependencyError(f"{INSTALL_HINT} ({e.name} is missing)") from None
    return httpx


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("gongkai")
    except Exception:  # noqa: BLE001 - not installed: a checkout
        return "0"


def user_agent(contact: str | None = None) -> str:
    """The User-Agent of gongkai fetch: ``gongkai/<version> (annual-report collector[; contact:
    <contact>])``; robots.txt rules for ``gongkai`` apply to it."""
    ua = f"gongkai/{_version()} (annual-report collector"
    return ua + (f"; contact: {contact})" if contact else ")")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _age(fetched_at: str) -> float:
    try:
        t = datetime.strptime(fetched_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return float("inf")
    return (datetime.now(timezone.utc) - t).total_seconds()


class _Stop(Exception):
    """The crawl stops: the request budget (max_requests) is spent."""


@dataclass
class _Response:
    status: int = 0
    url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    failure: str = ""  # why no response: "timeout", "too many redirects" ...
    skipped: str = ""  # why not requested or not kept: robots.txt, too big


@dataclass
class Crawl:
    """What a crawl did: one row per URL it met (the manifest's columns), the requests it made
    (``requests``: method, url, status, time), how long it took, whether it stopped early."""

    out: Path
    rows: list[dict[str, str]]
    requests: list[tuple[str, int, float]]
    seconds: float
    stopped: str = ""  # why the crawl stopped early ("" when it went through)
    pending: int = 0  # URLs found but not visited when it stopped
    ignored: int = 0  # links on list pages that name no report (not followed)

    @property
    def manifest(self) -> Path:
        return self.out / MANIFEST

    def counts(self) -> Counter[str]:
        return Counter(r["status"] for r in self.rows)

    def reports(self) -> list[dict[str, str]]:
        """The rows of report files kept in the folder (downloaded or unchanged)."""
        return [r for r in self.rows if r["status"] in ("downloaded", "unchanged") and r["saved_path"]
                and not r["saved_path"].startswith(CACHE_DIR)]  # fmt: skip

    def frame(self) -> Any:
        """The rows as a DataFrame (pandas)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=list(MANIFEST_COLUMNS))

    def summary(self) -> str:
        c = self.counts()
        kinds = Counter(r["kind"] for r in self.rows)
        reports = self.reports()
        attached = sum(r["kind"] == "attachment" for r in reports)
        skipped = Counter(r["reason"].split(":")[0] for r in self.rows if r["status"] == "skipped")
        text = (
            f"{len(self.rows)} URL(s): {c['downloaded']} downloaded, {c['unchanged']} unchanged, "
            f"{c['skipped']} skipped"
        )
        if skipped:
            text += " (" + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) + ")"
        text += f", {c['failed']} failed; {kinds['list']} list page(s), {kinds['article']} article(s), "
        text += (
            f"{len(reports)} report file(s) ({len(reports) - attached} page(s), {attached} attachment(s)); "
        )
        text += f"{len(self.requests)} request(s) in {self.seconds:.1f} s"
        if self.stopped:
            text += (
                f"; stopped early ({self.stopped}), {self.pending} URL(s) not visited: run again to resume"
            )
        return text


@dataclass
class _Task:
    url: str
    kind: str  # "seed", "list", "article", "attachment"
    title: str = ""
    date: str = ""
    agency: str = ""
    place: str = ""
    list_page: str = ""
    article: str = ""


class _Crawler:
    def __init__(
        self,
        out: Path,
        *,
        delay: float,
        timeout: float,
        max_bytes: int,
        retries: int,
        backoff: float,
        max_redirects: int,
        max_pages: int,
        max_requests: int | None,
        recheck_after: float,
        contact: str | None,
        progress: Any,
        transport: Any,
    ) -> None:
        httpx = _require()
        self.httpx = httpx
        self.out = out
        self.delay = delay
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_redirects = max_redirects
        self.max_pages = max_pages
        self.max_requests = max_requests
        self.recheck_after = recheck_after
        self.timeout = timeout
        self.ua = user_agent(contact)
        kwargs: dict[str, Any] = {}
        if transport is not None:
            kwargs["transport"] = transport
        self.client = httpx.Client(
            headers={"User-Agent": self.ua, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            **kwargs,
        )
        self.next_at: dict[str, float] = {}  # host -> the earliest time of its next request
        self.robots: dict[str, RobotFileParser | str] = {}  # host -> rules, or why none
        self.requests: list[tuple[str, int, float]] = []
        self.rows: list[dict[str, str]] = []
        self.seen: set[str] = set()
        self.previous: dict[str, dict[str, str]] = {}
        self.ignored = 0
        self.progress = progress
        self.bar: Any = None
        (out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        tag = out / CACHE_DIR / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_CACHEDIR_TAG, encoding="utf-8")
        manifest = out / MANIFEST
        if manifest.exists():
            self.previous = {r["url"]: r for r in read_manifest(manifest)}
        self.journal = open(manifest, "a", encoding="utf-8", newline="")  # noqa: SIM115
        self.writer = csv.writer(self.journal)
        if manifest.stat().st_size == 0:
            self.writer.writerow(MANIFEST_COLUMNS)
            self.journal.flush()

    # ---- accounting
    def record(self, task: _Task, status: str, reason: str = "", **cells: Any) -> dict[str, str]:
        row = {c: "" for c in MANIFEST_COLUMNS}
        row.update(
            url=task.url,
            kind=task.kind if task.kind != "seed" else "start",  # a start URL never read
            status=status,
            reason=reason,
            title=task.title,
            date=task.date,
            agency=task.agency,
            place=task.place,
            list_page=task.list_page,
            article=task.article,
        )
        if task.title:
            row["year"] = str(guess_year(task.title) or "")
            row["agency"] = guess_agency(task.title) or task.agency
        row.update({k: "" if v is None else str(v) for k, v in cells.items()})
        self.rows.append(row)
        self.writer.writerow([row[c] for c in MANIFEST_COLUMNS])
        self.journal.flush()
        return row

    def close(self) -> None:
        """The manifest rewritten: one row per URL, this crawl's rows replacing earlier ones."""
        self.journal.close()
        self.client.close()
        if self.bar is not None:
            self.bar.close()
        merged = dict(self.previous)
        for r in self.rows:
            merged.pop(r["url"], None)
            merged[r["url"]] = r
        path = self.out / MANIFEST
        tmp = path.with_suffix(".csv.tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(MANIFEST_COLUMNS)
            for r in merged.values():
                w.writerow([r.get(c, "") for c in MANIFEST_COLUMNS])
        os.replace(tmp, path)

    # ---- requests
    def _wait(self, host: str) -> None:
        at = self.next_at.get(host, 0.0)
        while (now := time.monotonic()) < at:
            time.sleep(at - now)

    def _host_delay(self, host: str) -> float:
        rules = self.robots.get(host)
        extra = 0.0
        if rules is not None and not isinstance(rules, str):
            cd = rules.crawl_delay(self.ua)
            if cd is not None:
                extra = float(cd)
            rr = rules.request_rate(self.ua)
            if rr is not None and rr.requests:
                extra = max(extra, rr.seconds / rr.requests)
        return max(self.delay, min(extra, 120.0))

    def _request(self, url: str, headers: Mapping[str, str] | None = None) -> _Response:
        """One GET, the body read up to the size limit; no redirect followed, retried with
        backoff on 5xx, 429 and timeouts and network errors."""
        httpx = self.httpx
        host = urlsplit(url).netloc
        why = ""
        for attempt in range(self.retries + 1):
            if self.max_requests is not None and len(self.requests) >= self.max_requests:
                raise _Stop(f"max_requests={self.max_requests} reached")
            self._wait(host)
            started = time.monotonic()
            self.requests.append((url, 0, time.time()))
            status = 0
            retry_after = 0.0
            try:
                with self.client.stream("GET", url, headers=dict(headers or {})) as r:
                    status = r.status_code
                    self.requests[-1] = (url, status, self.requests[-1][2])
                    if status in (429, 503) or 500 <= status < 600:
                        why = f"HTTP {status}"
                        ra = r.headers.get("retry-after", "")
                        retry_after = float(ra) if ra.isdigit() else 0.0
                    else:
                        length = r.headers.get("content-length", "")
                        if 200 <= status < 300 and length.isdigit() and int(length) > self.max_bytes:
                            return _Response(status, url, dict(r.headers), skipped=self._too_big(int(length)))
                        body = bytearray()
                        if 200 <= status < 300:
                            for piece in r.iter_bytes():
                                body += piece
                                if len(body) > self.max_bytes:
                                    return _Response(
                                        status, url, dict(r.headers), skipped=self._too_big(None)
                                    )
                                if time.monotonic() - started > 10 * self.timeout:
                                    raise httpx.ReadTimeout("the body takes too long")
                        return _Response(status, url, dict(r.headers), bytes(body))
            except httpx.TimeoutException:
                why = f"timeout (no answer within {self.timeout:g} s)"
            except httpx.TransportError as e:
                why = f"{type(e).__name__}: {e}"
            except (httpx.InvalidURL, httpx.HTTPError, ValueError) as e:  # not worth a retry
                self.next_at[host] = time.monotonic() + self._host_delay(host)
                return _Response(status, url, failure=f"{type(e).__name__}: {e}")
            finally:
                self.next_at[host] = time.monotonic() + self._host_delay(host)
            if attempt < self.retries:
                time.sleep(max(self.backoff * 2**attempt, min(retry_after, 60.0)))
        tries = self.retries + 1
        return _Response(status, url, failure=f"{why} ({tries} attempt{'s' if tries > 1 else ''})")

    def _too_big(self, length: int | None) -> str:
        size = f"{length:,} bytes" if length is not None else f"more than {self.max_bytes:,} bytes"
        return f"too big: {size}, over the limit of {self.max_bytes:,} bytes (max_bytes)"

    def _robots(self, robots_url: str) -> RobotFileParser | str:
        """The rules of a host's robots.txt (redirects followed, up to 5), or why the host is not
        crawled: robots.txt unreachable, 5xx after the retries, 401 or 403 (RFC 9309: assume
        everything disallowed). Any other 4xx: no rules, everything allowed."""
        task = _Task(robots_url, "robots")
        prev = self.previous.get(robots_url)
        url = robots_url
        for _ in range(6):
            r = self._request(url)
            location = r.headers.get("location", "")
            if not (300 <= r.status < 400 and location) or r.failure or r.skipped:
                break
            url = urldefrag(urljoin(url, location))[0]
        cells: dict[str, Any] = {"final_url": url, "http_status": r.status or "", "fetched_at": _now()}
        if r.failure or r.skipped:
            self.record(task, "failed", r.failure or r.skipped, **cells)
            return f"robots.txt could not be read ({r.failure or r.skipped}): the host is not crawled"
        if 300 <= r.status < 400:
            self.record(task, "failed", f"HTTP {r.status} and more than 5 redirects", **cells)
            return "robots.txt redirects more than 5 times: the host is not crawled"
        sha = hashlib.sha256(r.body).hexdigest()
        cells.update(bytes=len(r.body), sha256=sha, content_type=r.headers.get("content-type", ""))
        same = prev is not None and prev["sha256"] == sha and prev["http_status"] == str(r.status)
        status = "unchanged" if same else "downloaded"
        if r.status in (401, 403):
            self.record(task, status, f"HTTP {r.status}: everything disallowed", **cells)
            return f"robots.txt answers HTTP {r.status}: the host is not crawled"
        from urllib.robotparser import RobotFileParser

        rp = RobotFileParser()
        if 400 <= r.status < 500:
            rp.parse([])
            self.record(task, status, f"no robots.txt (HTTP {r.status}): everything allowed", **cells)
            return rp
        text, charset = decode_page(r.body, r.headers.get("content-type", ""))
        rp.parse(text.splitlines())
        self.record(task, status, "", charset=charset, **cells)
        return rp

    def _allowed(self, url: str) -> str:
        """ "" when robots.txt lets gongkai fetch ``url``, else why not (robots.txt fetched once
        a host)."""
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self.robots:
            self.robots[host] = self._robots(f"{parts.scheme}://{host}/robots.txt")
        rules = self.robots[host]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(self.ua, url):
            return "robots.txt: disallowed for gongkai"
        return ""

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> _Response:
        """GET ``url``, redirects followed (each hop allowed by robots.txt) up to the limit."""
        chain = [url]
        current = url
        while True:
            denied = self._allowed(current)
            if denied.startswith("robots.txt could not be read"):  # the host does not answer
                return _Response(url=current, failure=denied)
            if denied:
                return _Response(
                    url=current, skipped=denied + (f" (redirected from {url})" if current != url else "")
                )
            r = self._request(current, headers)
            if r.failure or r.skipped or not (300 <= r.status < 400 and r.status != 304):
                r.url = current
                return r
            location = r.headers.get("location", "")
            if not location:
                r.url = current
                return r
            current = urldefrag(urljoin(current, location))[0]
            if current in chain:
                return _Response(
                    r.status, current, failure=f"a redirect loop ({' -> '.join([*chain, current])})"
                )
            chain.append(current)
            if len(chain) > self.max_redirects + 1:
                return _Response(
                    r.status, current, failure=f"more than {self.max_redirects} redirects (max_redirects)"
                )

    # ---- saving
    def _path_for(self, url: str, kind: str, cache: bool) -> Path:
        parts = urlsplit(url)
        host = parts.netloc.replace(":", "_")
        path = unquote(parts.path)
        if not path or path.endswith("/"):
            path += "index.html"
        segs = [re.sub(r'[<>:"\\|?*\x00-\x1f]', "_", s) for s in path.split("/") if s not in ("", ".", "..")]
        name = segs[-1] if segs else "index.html"
        stem, suffix = os.path.splitext(name)
        if parts.query:
            stem += "_" + hashlib.sha1(parts.query.encode()).hexdigest()[:8]
        want = {"pdf": ".pdf", "docx": ".docx", "doc": suffix if suffix.lower() in (".doc", ".wps") else ".doc",
                "html": suffix if suffix.lower() in (".html", ".htm", ".shtml") else ".html"}.get(kind, suffix)  # fmt: skip
        rel = Path(host, *segs[:-1], stem + want)
        return (Path(CACHE_DIR) / rel) if cache else rel

    def save(self, rel: Path, body: bytes) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(body)
        os.replace(tmp, path)

    # ---- one URL
    def _kept(self, prev: dict[str, str] | None) -> bytes | None:
        """The bytes saved by an earlier crawl for a row, if the file is still there as it was."""
        if not prev or not prev["saved_path"]:
            return None
        if prev["status"] not in ("downloaded", "unchanged") and not (
            prev["status"] == "skipped" and prev["saved_path"].startswith(CACHE_DIR)
        ):
            return None
        path = self.out / prev["saved_path"]
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == prev["sha256"] else None

    def visit(self, task: _Task) -> list[_Task]:
        """Fetch one URL, save what is kept, account for it; the URLs it leads to."""
        prev = self.previous.get(task.url)
        kept = self._kept(prev)
        cells: dict[str, Any]
        if (
            kept is not None
            and prev is not None
            and "list" not in (task.kind, prev["kind"])  # list pages are where new reports show
            and _age(prev["fetched_at"]) < self.recheck_after
        ):
            keep = ("final_url", "http_status", "fetched_at", "bytes", "sha256", "content_type", "charset",
                    "etag", "last_modified", "saved_path")  # fmt: skip
            cells = {c: prev[c] for c in keep}
            task.title = task.title or prev["title"]
            why = f"fetched at {prev['fetched_at']}, less than recheck_after ago: not requested again"
            return self._follow(
                task, kept, prev["content_type"], prev["final_url"] or task.url, "unchanged", why, cells
            )
        headers: dict[str, str] = {}
        too_big = prev is not None and prev["status"] == "skipped" and prev["reason"].startswith("too big")
        if prev is not None and (kept is not None or too_big):
            if prev["etag"]:
                headers["If-None-Match"] = prev["etag"]
            if prev["last_modified"]:
                headers["If-Modified-Since"] = prev["last_modified"]
        r = self.get(task.url, headers)
        fetched = _now()
        base = {"final_url": r.url, "http_status": r.status or "", "fetched_at": fetched}
        if r.skipped:  # robots.txt, or too big (its validators kept, to ask conditionally next time)
            validators = {
                "etag": r.headers.get("etag", ""),
                "last_modified": r.headers.get("last-modified", ""),
            }
            self.record(task, "skipped", r.skipped, **base, **validators)
            return []
        if r.status == 304 and too_big and prev is not None:
            base.update(etag=prev["etag"], last_modified=prev["last_modified"])
            self.record(
                task, "skipped", prev["reason"].split(" (HTTP 304")[0] + " (HTTP 304: not modified)", **base
            )
            return []
        if r.failure:
            self.record(task, "failed", r.failure, **base)
            return []
        if r.status == 304 and kept is not None and prev is not None:
            cells = {**base, "bytes": prev["bytes"], "sha256": prev["sha256"], "content_type": prev["content_type"],
                     "charset": prev["charset"], "saved_path": prev["saved_path"],
                     "etag": r.headers.get("etag", prev["etag"]),
                     "last_modified": r.headers.get("last-modified", prev["last_modified"])}  # fmt: skip
            task.title = task.title or prev["title"]
            return self._follow(
                task, kept, prev["content_type"], r.url, "unchanged", "HTTP 304: not modified", cells
            )
        if not (200 <= r.status < 300):
            self.record(task, "failed", f"HTTP {r.status}", **base)
            return []
        ct = r.headers.get("content-type", "")
        sha = hashlib.sha256(r.body).hexdigest()
        cells = {**base, "bytes": len(r.body), "sha256": sha, "content_type": ct,
                 "etag": r.headers.get("etag", ""), "last_modified": r.headers.get("last-modified", "")}  # fmt: skip
        if kept is not None and prev is not None and prev["sha256"] == sha:
            cells.update(saved_path=prev["saved_path"], charset=prev["charset"])
            return self._follow(task, r.body, ct, r.url, "unchanged", "the same bytes as before", cells)
        return self._follow(task, r.body, ct, r.url, "downloaded", "", cells, fresh=True)

    def _follow(
        self,
        task: _Task,
        body: bytes,
        ct: str,
        final: str,
        status: str,
        reason: str,
        cells: dict[str, Any],
        fresh: bool = False,
    ) -> list[_Task]:
        kind = _kind_of_bytes(body, ct)
        if kind != "html":
            if task.kind == "list":
                self.record(task, "skipped", f"not a list page: the URL gives a {kind} file", **cells)
                return []
            if kind == "other":
                self.record(task, "skipped", f"not a report: a file of type {ct or 'unknown'}", **cells)
                return []
            if task.kind == "seed":
                task.kind = "attachment"
            if fresh:
                rel = self._path_for(final, kind, cache=False)
                self.save(rel, body)
                cells["saved_path"] = rel.as_posix()
            self.record(task, status, reason, **cells)
            return []
        text, charset = decode_page(body, ct)
        cells.setdefault("charset", charset)
        if not cells.get("charset"):
            cells["charset"] = charset
        page = read_page(text, final)
        if task.kind == "seed":
            task.kind = "article" if is_report_title(page.title) and not page.pages else "list"
            if task.kind == "article" and not task.title:
                task.title = page.title
        if task.kind == "list":
            if fresh:
                rel = self._path_for(final, "html", cache=True)
                self.save(rel, body)
                cells["saved_path"] = rel.as_posix()
            self.record(task, status, reason, **cells)
            return self._from_list(task, page)
        if not task.title:
            task.title = page.title
        inline = _holds_report(page)
        attached = page.attachments
        if not inline and not attached:  # kept aside, to ask conditionally next time
            if fresh:
                rel = self._path_for(final, "html", cache=True)
                self.save(rel, body)
                cells["saved_path"] = rel.as_posix()
            why = "not a report: the page holds no report tables and no attachment"
            self.record(task, "skipped", why, **cells)
            return []
        if fresh:
            rel = self._path_for(final, "html", cache=not inline)
            self.save(rel, body)
            cells["saved_path"] = rel.as_posix()
        if not inline and not reason:
            reason = "the report is in its attachments; the page kept in " + CACHE_DIR
        self.record(task, status, reason, **cells)
        out = []
        for a in attached:
            out.append(_Task(a.url, "attachment", title=task.title, date=task.date, agency=task.agency,
                             place=task.place, list_page=task.list_page, article=task.url))  # fmt: skip
        return out

    def _from_list(self, task: _Task, page: _Page) -> list[_Task]:
        out: list[_Task] = []
        for link in page.links:
            if link.url in self.seen:
                continue
            if is_report_title(link.text):
                out.append(_Task(link.url, "article", title=link.text, date=link.date, agency=task.agency,
                                 place=task.place, list_page=task.url))  # fmt: skip
            elif _not_report_reason(link.text):
                t = _Task(link.url, "article", title=link.text, date=link.date, agency=task.agency,
                          place=task.place, list_page=task.url)  # fmt: skip
                self.seen.add(link.url)
                self.record(t, "skipped", _not_report_reason(link.text) + " (not requested)")
            else:
                self.ignored += 1
        for p in page.pages:
            out.append(_Task(p, "list", agency=task.agency, place=task.place, list_page=task.url))
        return out

    def run(self, seeds: Sequence[Seed]) -> tuple[str, int]:
        queue: list[_Task] = [_Task(s.url, "seed", agency=s.agency, place=s.place) for s in seeds]
        if self.progress is True:  # else False, or a callable progress(done, total)
            from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]

            self.bar = tqdm(total=len(queue), unit="url", desc="gongkai fetch", file=sys.stderr, leave=False)
        visited = 0
        lists = 0
        try:
            while queue:
                task = queue.pop(0)
                task.url = urldefrag(task.url)[0]
                if task.url in self.seen:
                    continue
                if task.kind == "list":
                    lists += 1
                    if lists > self.max_pages:
                        self.seen.add(task.url)
                        self.record(
                            task, "skipped", f"over the limit of {self.max_pages} list pages (max_pages)"
                        )
                        continue
                self.seen.add(task.url)
                try:
                    found = self.visit(task)
                except OSError as e:  # the folder cannot be written
                    self.record(task, "failed", f"cannot be saved: {type(e).__name__}: {e}")
                    found = []
                # articles first, then further list pages: reports come in as early as they can
                queue = (
                    [t for t in found if t.kind != "list"] + queue + [t for t in found if t.kind == "list"]
                )
                visited += 1
                if self.bar is not None:
                    self.bar.total = visited + len(queue)
                    self.bar.update(1)
                elif callable(self.progress):
                    self.progress(visited, visited + len(queue))
        except _Stop as e:
            return str(e), len([t for t in queue if t.url not in self.seen]) + 1
        return "", 0


def crawl(
    urls: str | Seed | Iterable[str | Seed],
    out: PathLike,
    *,
    delay: float = 1.0,
    timeout: float = 30.0,
    max_bytes: int = 64 << 20,
    retries: int = 3,
    backoff: float = 2.0,
    max_redirects: int = 10,
    max_pages: int = 200,
    max_requests: int | None = None,
    recheck_after: float = 86400.0,
    contact: str | None = None,
    progress: bool | Callable[[int, int], None] = True,
    transport: Any = None,
) -> Crawl:
    """Collect the annual reports reachable from ``urls`` (column list pages, article pages,
    report files; a :class:`Seed` or a CSV read by :func:`read_seeds` adds agency and place)
    into the folder ``out``, with ``out/manifest.csv`` accounting for every URL.

    ``delay``: seconds between two requests to a host, at least (never 0 by default; a larger
    robots.txt Crawl-delay wins). ``timeout``: seconds without an answer before a request is
    given up. ``max_bytes``: the largest file kept (64 MiB). ``retries``, ``backoff``: on 5xx,
    429, timeouts and network errors a request is tried again after ``backoff * 2**k`` seconds
    (or the Retry-After asked for, up to a minute), never on other 4xx. ``max_redirects``:
    redirects followed per URL. ``max_pages``: list pages followed, at most. ``max_requests``:
    stop after this many requests (the crawl resumes where it stopped when run again).
    ``recheck_after``: files fetched by an earlier crawl less than this many seconds ago are
    not asked for again (default a day; 0 asks the server about every file, conditionally).
    ``contact``: an e-mail address or URL added to the User-Agent. ``progress``: a progress bar
    (tqdm), False, or a callable ``progress(done, total)``. ``transport``: an httpx transport
    (tests, proxies). Raises FetchDependencyError without the extra ``gongkai[fetch]``.
    """
    if delay <= 0 and delay != 0:
        raise ValueError(f"delay must be 0 or more seconds, not {delay}")
    seeds: list[Seed] = []
    for u in [urls] if isinstance(urls, (str, Seed)) else list(urls):
        if isinstance(u, Seed):
            seeds.append(u)
        elif not re.match(r"(?i)https?://", u) and Path(u).is_file():
            seeds += read_seeds(u)
        else:
            seeds.append(Seed(u))
    for s in seeds:
        if urlsplit(s.url).scheme not in ("http", "https") or not urlsplit(s.url).netloc:
            raise ValueError(f"{s.url}: not an http(s) URL (nor a CSV file of them)")
    folder = Path(os.fspath(out))
    started = time.monotonic()
    crawler = _Crawler(
        folder,
        delay=delay,
        timeout=timeout,
        max_bytes=max_bytes,
        retries=retries,
        backoff=backoff,
        max_redirects=max_redirects,
        max_pages=max_pages,
        max_requests=max_requests,
        recheck_after=recheck_after,
        contact=contact,
        progress=progress,
        transport=transport,
    )
    try:
        stopped, pending = crawler.run(seeds)
    finally:
        crawler.close()
    return Crawl(
        folder,
        crawler.rows,
        crawler.requests,
        time.monotonic() - started,
        stopped,
        pending,
        crawler.ignored,
    )


def fetched_files(folder: PathLike) -> dict[str, dict[str, str]]:
    """The report files a fetch manifest in ``folder`` lists, by their absolute path: the row
    of each (url, agency, place, year, title ...). Empty when the folder has no manifest."""
    path = Path(os.fspath(folder)) / MANIFEST
    if not path.is_file() or not is_manifest(path):
        return {}
    out: dict[str, dict[str, str]] = {}
    for row in read_manifest(path):
        if row["saved_path"] and not row["saved_path"].startswith(CACHE_DIR):
            out[os.path.abspath(path.parent / row["saved_path"])] = row
    return out
