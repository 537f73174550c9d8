"""The .docx layout: a report as a .docx file (:func:`render_docx`), a zip of WordprocessingML
(:func:`render_docx_xml`)."""

from __future__ import annotations

import html as _html
import io
import zipfile

import numpy as np

from .layout import (
    _ENUM_RE,
    Variations,
    _Block,
    _Builder,
    _Cell,
    _default_rng,
    _grid,
    _pad_text,
    _Para,
    _Table,
)
from .model import ReportData
from .traditional import to_traditional

# --------------------------------------------------------------------------------------------
# .docx layout
# --------------------------------------------------------------------------------------------

_DOCX_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# Grid column widths in twips (the page's text width is about 9000), per table kind.
_DOCX_GRID: dict[str, list[int]] = {
    "table2": [2250, 2250, 2250, 2250],
    "table3": [700, 950, 3200] + [700] * 7,
    "table4": [600] * 15,
}

_DOCX_BORDERS = (
    "<w:tcBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:color="auto" w:sz="4" w:space="0"/>'
        for side in ("top", "left", "bottom", "right")
    )
    + "</w:tcBorders>"
)
_TBL_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:color="auto" w:sz="4" w:space="0"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


class _Docx:
    """Writes word/document.xml the way Word (or WPS) does: one ``w:p`` per paragraph, text in
    ``w:r`` runs, tables with a ``w:tblGrid``, ``w:gridSpan`` for horizontal merges and
    ``w:vMerge`` restart / continue for vertical ones."""

    def __init__(self, data: ReportData, rng: np.random.Generator, v: Variations) -> None:
        self.d = data
        self.rng = rng
        self.v = v
        self.para_id = int(rng.integers(0x10000000, 0x70000000))
        # Word writes a continued cell as <w:vMerge/>; WPS as <w:vMerge w:val="continue"/>.
        self.vcont = '<w:vMerge w:val="continue"/>' if rng.random() < 0.4 else "<w:vMerge/>"

    # ---- runs and paragraphs ---------------------------------------------------------------

    def t(self, text: str) -> str:
        esc = _html.escape(text, quote=False)
        if text != text.strip(" "):
            return f'<w:t xml:space="preserve">{esc}</w:t>'
        return f"<w:t>{esc}</w:t>"

    def rpr(self, bold: bool = False, size: int = 0, font: str = "") -> str:
        parts = []
        if self.v.word_markup or font:
            f = font or "仿宋_GB2312"
            parts.append(f'<w:rFonts w:hint="eastAsia" w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}"/>')
        if bold:
            parts.append("<w:b/><w:bCs/>")
        if self.v.word_markup and not size:
            size = 32
        if size:
            parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""

    def pieces(self, text: str, p: float) -> list[str]:
        """``text`` cut at random places into runs, with probability ``p`` (Word splits runs
        wherever an edit, a spell check or a formatting change happened)."""
        if len(text) < 2 or self.rng.random() >= p:
            return [text]
        k = int(self.rng.integers(1, min(3, len(text) - 1) + 1))
        cuts = sorted({int(x) for x in self.rng.integers(1, len(text), size=k)})
        bounds = [0, *cuts, len(text)]
        return [text[a:b] for a, b in zip(bounds, bounds[1:])]

    def runs(
        self, text: str, *, split: float = 0.0, bold: bool = False, size: int = 0, font: str = ""
    ) -> str:
        out = []
        rpr = self.rpr(bold, size, font)
        for i, piece in enumerate(self.pieces(text, split)):
            if i > 0 and self.v.word_markup and self.rng.random() < 0.2:
                out.append('<w:proofErr w:type="gramStart"/>')
            out.append(f"<w:r>{rpr}{self.t(piece)}</w:r>")
        return "".join(out)

    def p_open(self, *, center: bool = False, indent: bool = False) -> str:
        attrs = ""
        if self.v.word_markup:
            self.para_id += 1
            attrs = f' w14:paraId="{self.para_id:08X}"'
        pr = []
        if self.v.word_markup:
            pr.append('<w:spacing w:line="560" w:lineRule="exact"/>')
        if indent:
            pr.append('<w:ind w:firstLine="640"/>')
        if center:
            pr.append('<w:jc w:val="center"/>')
        return f"<w:p{attrs}>" + (f"<w:pPr>{''.join(pr)}</w:pPr>" if pr else "")

    def empty_p(self, center: bool = False) -> str:
        return self.p_open(center=center) + "</w:p>"

    def para(self, p: _Para, bookmark: bool) -> str:
        mark = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>' if bookmark else ""
        split = 0.5 if self.v.split_labels else 0.0
        if p.heading:
            body = self.runs(p.text, split=split, bold=True, font="黑体")
        else:
            m = _ENUM_RE.match(p.text)
            head = p.text.find("。") + 1 if m and m.group(0).startswith("（") else 0
            if 0 < head < 20:  # "（一）主动公开。..." with the lead-in in bold, as reports do
                body = self.runs(p.text[:head], bold=True) + self.runs(p.text[head:], split=split)
            else:
                body = self.runs(p.text, split=split)
        return self.p_open(indent=True) + mark + body + "</w:p>"

    # ---- tables ----------------------------------------------------------------------------

    def cell_body(self, cell: _Cell) -> str:
        texts = [_pad_text(part, cell, self.rng, self.v) for part in cell.parts]
        size = 21 if self.v.word_markup else 0
        split = (0.15 if cell.value else 0.5) if self.v.split_labels else 0.0
        if len(texts) == 1:
            if not texts[0]:
                return self.empty_p(center=True)
            return self.p_open(center=True) + self.runs(texts[0], split=split, size=size) + "</w:p>"
        r = self.rng.random()
        if r < 0.5:  # one paragraph a line, as in the blank template ("商业" / "企业")
            return "".join(
                self.p_open(center=True) + self.runs(t, size=size) + "</w:p>" if t else self.empty_p(True)
                for t in texts
            )
        rpr = self.rpr(size=size)
        if r < 0.75:  # one paragraph, lines separated by <w:br/>
            inner = "<w:r>" + rpr + f"<w:br/></w:r><w:r>{rpr}".join(self.t(t) for t in texts) + "</w:r>"
        else:  # one paragraph, one run a piece
            inner = "".join(f"<w:r>{rpr}{self.t(t)}</w:r>" for t in texts)
        return self.p_open(center=True) + inner + "</w:p>"

    def tc(self, cell: _Cell, width: int, cont: bool) -> str:
        pr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if cell.colspan > 1:
            pr.append(f'<w:gridSpan w:val="{cell.colspan}"/>')
        if cont:
            pr.append(self.vcont)
        elif cell.rowspan > 1:
            pr.append('<w:vMerge w:val="restart"/>')
        if self.v.word_markup:
            pr.append(_DOCX_BORDERS + '<w:vAlign w:val="center"/>')
        body = self.empty_p(center=True) if cont else self.cell_body(cell)
        return f"<w:tc><w:tcPr>{''.join(pr)}</w:tcPr>{body}</w:tc>"

    def table(self, table: _Table) -> str:
        widths = _DOCX_GRID.get(table.kind) or [9000 // table.ncols] * table.ncols
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"/>'
        head = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:jc w:val="center"/>{_TBL_BORDERS}<w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )
        out = [head]
        for seq in _grid(table):
            trpr = '<w:trPr><w:jc w:val="center"/></w:trPr>' if self.v.word_markup else ""
            cells = []
            c = 0
            for cont, cell in seq:
                cells.append(self.tc(cell, sum(widths[c : c + cell.colspan]), cont))
                c += cell.colspan
            out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    # ---- document --------------------------------------------------------------------------

    def title(self) -> list[str]:
        size = 44
        if self.rng.random() < 0.5:
            lines = [self.d.agency, f"{self.d.year}年政府信息公开工作年度报告"]
        else:
            nian = "年度" if self.rng.random() < 0.4 else "年"
            lines = [f"{self.d.agency}{self.d.year}{nian}政府信息公开工作年度报告"]
        split = 0.5 if self.v.split_labels else 0.0
        return [
            self.p_open(center=True)
            + self.runs(t, split=split, bold=True, size=size, font="方正小标宋简体")
            + "</w:p>"
            for t in lines
        ]

    def document(self, blocks: list[_Block]) -> str:
        body = self.title()
        if self.rng.random() < 0.5:
            body.append(self.empty_p())
        para_idx = [i for i, b in enumerate(blocks) if isinstance(b, _Para) and not b.heading]
        bookmark_at = para_idx[int(self.rng.integers(len(para_idx)))] if self.v.bookmark and para_idx else -1
        for i, block in enumerate(blocks):
            if isinstance(block, _Table):
                body.append(self.table(block))
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                # Two tables in a row need a paragraph between them, or Word joins them.
                if isinstance(following, _Table) or following is None or self.rng.random() < 0.3:
                    body.append(self.empty_p())
                continue
            if block.heading and self.rng.random() < 0.15:
                body.append(self.empty_p())
            body.append(self.para(block, i == bookmark_at))
        sect = (
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" '
            'w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>'
            '<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>'
        )
        return f"{_XML_DECL}<w:document {_DOCX_NS}><w:body>{''.join(body)}{sect}</w:body></w:document>"


_DOCX_CONTENT_TYPES = _XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "</Types>"
)
_DOCX_PACKAGE_RELS = _XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCX_DOCUMENT_RELS = _XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_DOCX_STYLES = _XML_DECL + (
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>'
    '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    f'<w:basedOn w:val="TableNormal"/><w:tblPr>{_TBL_BORDERS}</w:tblPr></w:style></w:styles>'
)


def _zip_parts(parts: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # as Word writes them
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def render_docx_xml(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> str:
    """The ``word/document.xml`` of :func:`render_docx` (same arguments, same draws)."""
    rng = _default_rng(data) if rng is None else rng
    v = Variations() if variations is None else variations
    blocks = _Builder(data, rng, v).document()
    xml = _Docx(data, rng, v).document(blocks)
    return to_traditional(xml) if v.traditional else xml


def render_docx(
    data: ReportData,
    *,
    rng: np.random.Generator | None = None,
    variations: Variations | None = None,
) -> bytes:
    """The report as a .docx file: a minimal but valid WordprocessingML package.

    The zip holds ``[Content_Types].xml``, ``_rels/.rels``, ``word/document.xml``,
    ``word/_rels/document.xml.rels`` and ``word/styles.xml``. The document has the narrative and
    tables of :func:`render_text` / :func:`render_html` (the same for the same ``rng`` state),
    after one or two centred title paragraphs (agency and "YYYY年政府信息公开工作年度报告").
    Tables are written as Word writes them: a ``w:tblGrid`` of 4, 10 or 15 columns, merged
    cells as ``w:gridSpan`` (horizontal) and ``w:vMerge`` restart / continue (vertical: the
    table-3 勾稽关系 note, 自然人, 总计, 三、本年度办理结果 and the groups （三） to （六）, the
    table-4 headers), one ``w:tc`` per merged block in every row it covers. Cells whose value
    is ``None`` print a missing marker of ``variations`` as the other layouts do (an empty
    paragraph for ""). With ``variations.split_labels`` text is cut into several ``w:r`` runs
    at random places ("商业" + "企业") and split labels are written as paragraphs, ``w:br``
    lines or runs; ``word_markup`` adds Word's formatting (fonts, sizes, borders, paragraph
    ids); ``bookmark`` adds a ``_GoBack`` bookmark. Deterministic for a given ``rng``.
    """
    xml = render_docx_xml(data, rng=rng, variations=variations)
    return _zip_parts(
        [
            ("[Content_Types].xml", _DOCX_CONTENT_TYPES),
            ("_rels/.rels", _DOCX_PACKAGE_RELS),
            ("word/document.xml", xml),
            ("word/_rels/document.xml.rels", _DOCX_DOCUMENT_RELS),
            ("word/styles.xml", _DOCX_STYLES),
        ]
    )
