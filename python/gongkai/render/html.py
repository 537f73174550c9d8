"""The HTML layout: a report as an HTML page (:func:`render_html`), in a site's page chrome or
not, and the page as bytes in UTF-8 or GBK (:func:`encode_html`)."""

from __future__ import annotations

import html as _html
import re

import numpy as np

from .layout import Variations, _Block, _Builder, _Cell, _default_rng, _Para, _Table
from .model import _PROVINCES, _PY, ReportData, _pick
from .narrative import _place_prefix
from .traditional import to_traditional

# --------------------------------------------------------------------------------------------
# HTML layout
# --------------------------------------------------------------------------------------------

_NBSP_RUN = " &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp; &nbsp;"


class _Html:
    def __init__(self, data: ReportData, rng: np.random.Generator, v: Variations) -> None:
        self.d = data
        self.rng = rng
        self.v = v

    def esc(self, s: str) -> str:
        return _html.escape(s, quote=False)

    def cell_text(self, part: str, cell: _Cell, last: bool) -> str:
        t = self.esc(part)
        if self.v.extra_spaces and self.rng.random() < 0.2:
            t = " " + t + " "
        if self.v.nbsp:
            if cell.value:
                if not part:
                    t = "&nbsp;"
                elif self.rng.random() < 0.25:
                    t = _pick(self.rng, ("&nbsp;" + t, t + "&nbsp;", "&nbsp;" + t + "&nbsp;"))
            elif not last or self.rng.random() < 0.15:
                t += "\n" + _NBSP_RUN
        return t

    def td(self, cell: _Cell, first_in_row: bool) -> str:
        attrs = ""
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        n = len(cell.parts)
        texts = [self.cell_text(p, cell, i == n - 1) for i, p in enumerate(cell.parts)]
        if self.v.word_markup:
            left = "1px solid windowtext" if first_in_row else "none"
            attrs += (
                f' style="padding:0 4px 0 4px;border-left:{left};border-right:1px solid '
                'windowtext;border-top:none;border-bottom:1px solid windowtext" '
                'valign="center"'
            )
            span = (
                '<span lang="EN-US" style="font-size:10.5pt;font-family:\'Times New Roman\'">'
                if cell.value
                else '<span style="font-size:10.5pt;font-family:宋体">'
            )
            inner = "".join(
                f'<p class="MsoNormal" align="center" style="text-align:center">{span}{t}'
                f"{'<o:p></o:p>' if cell.value else ''}</span></p>"
                for t in texts
            )
        elif n > 1 and self.rng.random() < 0.35:
            inner = "<p>" + "<br/>".join(texts) + "</p>"
        elif cell.value and not cell.parts[0] and not self.v.nbsp and self.rng.random() < 0.5:
            inner = ""
        else:
            inner = "".join(f"<p>{t}</p>" for t in texts)
        return f"<td{attrs}>{inner}</td>"

    def table(self, table: _Table) -> str:
        if self.v.word_markup:
            open_tag = (
                '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
                'align="center" style="border-collapse:collapse;border:none">'
            )
        else:
            open_tag = '<table cellspacing="0" align="center" border="1">'
        rows = []
        for r, row in enumerate(table.rows):
            tr = '<tr class="firstRow">' if r == 0 and self.v.word_markup else "<tr>"
            rows.append(tr + "".join(self.td(c, i == 0) for i, c in enumerate(row)) + "</tr>")
        return open_tag + "<tbody>" + "".join(rows) + "</tbody></table>"

    def para(self, p: _Para) -> str:
        t = self.esc(p.text)
        if self.v.word_markup:
            font = "黑体" if p.heading else "仿宋_GB2312"
            return (
                f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">'
                f'<span style="font-size:16.0pt;font-family:{font}">{t}</span></p>'
            )
        if p.heading:
            return f'<p style="text-indent: 2em;"><strong>{t}</strong></p>'
        return f'<p style="text-indent: 2em;">{t}</p>'

    def body(self, blocks: list[_Block]) -> str:
        out = []
        for b in blocks:
            out.append(self.table(b) if isinstance(b, _Table) else self.para(b))
        if self.v.nbsp:
            out.append('<p style="text-indent: 2em;">&nbsp;</p>')
        return "\n".join(out)


def _meta_charset(encoding: str) -> str:
    enc = encoding.lower()
    if enc == "utf-8":
        return '<meta charset="utf-8">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={enc}">'


def render_html(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
    page_chrome: bool = False,
) -> str:
    """The report as an HTML page whose tables are laid out like a Word-to-HTML export.

    Table 2 groups are ``colspan="4"`` rows; 本年处理决定数量 headers and values span 3
    columns. Table 3 has the 3-row header (the 勾稽关系 note ``rowspan=3 colspan=3``,
    申请人情况 ``colspan=7``, 自然人/总计 ``rowspan=2``, 法人或其他组织 ``colspan=5``), rows
    一/二/四 with ``colspan=3``, 三、本年度办理结果 with ``rowspan=22`` (20 for template 2019),
    and the groups （三）不予公开 ``rowspan=8``, （四） ``rowspan=3``, （五） ``rowspan=5``,
    （六） ``rowspan=3``. Table 4 has the 3-row header of the template then 15 values.
    With ``page_chrome`` (or ``variations.page_chrome``) the article sits in a government
    site's page: head with ``<title>`` and meta tags (ArticleTitle, PubDate, ContentSource...),
    styles, scripts, menus, a layout ``<table>`` of article metadata, breadcrumb and footer.
    The ``<meta>`` charset follows ``variations.encoding``; see :func:`encode_html`. With
    ``variations.traditional`` the whole page is in traditional characters.
    """
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    h = _Html(data, rng, v)
    nian = "年度" if rng.random() < 0.4 else "年"
    title = f"{data.agency}{data.year}{nian}政府信息公开工作年度报告"
    content = h.body(blocks)
    if page_chrome or v.page_chrome:
        page = _chrome(data, rng, v, title, content)
    else:
        editor = "WordSection1" if v.word_markup else "TRS_Editor"
        page = (
            "<html><head>" + _meta_charset(v.encoding) + f"<title>{h.esc(title)}</title></head><body>\n"
            f'<h1>{h.esc(title)}</h1>\n<div class="{editor}">\n{content}\n</div>\n</body></html>\n'
        )
    return to_traditional(page) if v.traditional else page


def _domain(agency: str) -> str:
    place = _place_prefix(agency)
    py = "".join(_PY.get(ch, "") for ch in place[:-1])
    return f"www.{py or 'xxgk'}.gov.cn"


def _chrome(data: ReportData, rng: np.random.Generator, v: Variations, title: str, content: str) -> str:
    esc = _html.escape
    place = _place_prefix(data.agency)
    site = f"{place}人民政府" if place != data.agency else data.agency
    domain = _domain(data.agency)
    pub = data.published or f"{data.year + 1}-01-20"
    hm = f"{int(rng.integers(8, 18)):02d}:{int(rng.integers(0, 60)):02d}"
    prov, abbr = _PROVINCES[int(rng.integers(len(_PROVINCES)))]
    site_code = f"{int(rng.integers(1000000000, 9999999999))}"
    icp = f"{abbr}ICP备{int(rng.integers(10000000, 99999999))}号"
    doc_id = int(rng.integers(10000, 999999))
    index_no = f"{int(rng.integers(100000000, 999999999))}/{data.year + 1}-{doc_id % 100000:05d}"
    url = f"https://{domain}/zwgk/xxgknb/{pub[:7].replace('-', '')}/t{pub.replace('-', '')}_{doc_id}.html"
    nav = ["首页", "政务公开", "政务服务", "互动交流", f"走进{place}"]
    sidebar = [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
        "政务公开目录",
    ]
    menu = "\n".join(
        f'        <li><a href="/{i}/" target="_blank">{esc(n)}</a></li>' for i, n in enumerate(nav)
    )
    side = "\n".join(f'          <li><a href="/zwgk/{i}/">{esc(n)}</a></li>' for i, n in enumerate(sidebar))
    phone = f"0{int(rng.integers(310, 999))}-{int(rng.integers(2000000, 8999999))}"
    return f"""<!DOCTYPE html>
<html>
<head>
{_meta_charset(v.encoding)}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="{esc(site)}">
<meta name="SiteDomain" content="{domain}">
<meta name="SiteIDCode" content="{site_code}">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ColumnType" content="政府信息公开年报">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{pub} {hm}">
<meta name="ContentSource" content="{esc(data.agency)}">
<meta name="Keywords" content="政府信息公开,年度报告">
<meta name="Url" content="{url}">
<title>{esc(title)}_政府信息公开年报_{esc(site)}</title>
<link rel="stylesheet" type="text/css" href="/images/common.css">
<link rel="stylesheet" type="text/css" href="/images/xxgk_detail.css">
<style type="text/css">
  body {{ margin: 0; font-family: "Microsoft YaHei", "微软雅黑", sans-serif; }}
  .header .nav li {{ float: left; list-style: none; padding: 0 18px; }}
  .article_content table td {{ border: 1px solid #333; padding: 4px; }}
  .footer p > span + span:before {{ content: " | "; }}
</style>
<script type="text/javascript">
  var SiteInfo = {{ siteId: {int(rng.integers(1, 200))}, columnId: {int(rng.integers(100, 9000))},
    docId: {doc_id}, searchUrl: "/search/index.html?siteCode={site_code}" }};
  function fontZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<div class="top_bar"><div class="wrap">
  <span class="welcome">欢迎访问{esc(site)}门户网站</span>
  <a href="https://www.gov.cn/" target="_blank">中国政府网</a>
  <a href="/" target="_blank">{esc(prov)}人民政府</a>
  <a href="javascript:void(0);" id="barrierFree">无障碍浏览</a>
</div></div>
<div class="header">
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{esc(site)}"></a></div>
  <div class="search"><form action="/search/index.html" method="get" target="_blank">
    <input type="hidden" name="siteCode" value="{site_code}">
    <input type="text" name="q" placeholder="请输入搜索内容"><button type="submit">搜索</button>
  </form></div>
  <div class="nav">
      <ul>
{menu}
      </ul>
  </div>
</div>
<div class="main wrap">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgk/">政府信息公开</a> &gt; <a href="/zwgk/xxgknb/">政府信息公开年报</a></div>
  <div class="left_menu">
    <h3>政府信息公开</h3>
    <ul>
{side}
    </ul>
  </div>
  <div class="right_content">
    <table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">
      <tr><td class="t1">索&nbsp;引&nbsp;号：</td><td>{index_no}</td><td class="t1">主题分类：</td><td><a href="/zwgk/xxgknb/">政府信息公开年报</a></td></tr>
      <tr><td class="t1">发布机构：</td><td>{esc(data.agency)}</td><td class="t1">发文日期：</td><td>{pub}</td></tr>
      <tr><td class="t1">名&nbsp;&nbsp;&nbsp;&nbsp;称：</td><td colspan="3">{esc(title)}</td></tr>
    </table>
    <div class="article">
      <div class="article_title">{esc(title)}</div>
      <div class="article_info">发布时间：{pub} {hm}&nbsp;&nbsp;来源：{esc(data.agency)}&nbsp;&nbsp;浏览次数：<span id="hits"></span>&nbsp;&nbsp;字号：[<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a href="javascript:fontZoom(12)">小</a>]</div>
      <div class="article_content" id="zoom">
<div class="{"WordSection1" if v.word_markup else "TRS_Editor"}">
{content}
</div>
      </div>
      <div class="article_tools"><a href="javascript:window.print();">【打印本页】</a> <a href="javascript:window.close();">【关闭窗口】</a></div>
    </div>
  </div>
</div>
<div class="footer">
  <div class="links"><select onchange="if(this.value) window.open(this.value);"><option value="">—— 政府网站 ——</option><option value="https://www.gov.cn/">中国政府网</option><option value="/">{esc(prov)}人民政府</option></select></div>
  <p><span>主办单位：{esc(site)}办公室</span><span>联系电话：{phone}</span></p>
  <p><span>网站标识码：{site_code}</span><span><a href="https://beian.miit.gov.cn" target="_blank">{icp}</a></span></p>
  <p>版权所有：{esc(site)}　建议使用1920×1080分辨率浏览</p>
</div>
<script type="text/javascript" src="/images/jquery.min.js"></script>
<script type="text/javascript">
  $(function () {{
    var html = "";
    $.getJSON("/interface/hits?docId={doc_id}", function (r) {{ $("#hits").text(r.count); }});
    if (window.innerWidth < 768) {{ html += "<div class='m-tip'>" + document.title + "</div>"; }}
  }});
</script>
</body>
</html>
"""


def encode_html(html: str, encoding: str) -> bytes:
    """``html`` as bytes in ``encoding``, its ``<meta>`` charset rewritten to match.

    ``encoding`` is ``"utf-8"``, ``"gbk"``, ``"gb2312"`` (encoded as GBK, as real GB2312 pages
    are) or ``"gb18030"``. A page without a charset declaration gets ``<meta charset>`` at the
    start of its ``<head>`` (or of the document). Characters the encoding lacks become
    numeric character references.
    """
    enc = encoding.lower()
    if enc not in ("utf-8", "gbk", "gb2312", "gb18030"):
        raise ValueError(f"unsupported encoding {encoding!r}")
    pat = re.compile(r"<meta\b[^>]*\bcharset\s*=\s*[\"']?[\w-]+[\"']?[^>]*>", re.IGNORECASE)
    meta = _meta_charset(enc)
    if pat.search(html):
        html = pat.sub(lambda _: meta, html, count=1)
    else:
        m = re.search(r"<head[^>]*>", html, re.IGNORECASE)
        html = html[: m.end()] + meta + html[m.end() :] if m else meta + html
    codec = "gbk" if enc == "gb2312" else enc
    return html.encode(codec, errors="xmlcharrefreplace")
