#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "gongkai/read/html.hpp"

namespace gongkai {
namespace {

using Grid = std::vector<std::vector<std::int32_t>>;

std::vector<std::string> paragraphs(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::Paragraph) out.emplace_back(b.text);
  }
  return out;
}

std::vector<const Table*> tables(const Document& doc) {
  std::vector<const Table*> out;
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::Table) out.push_back(&b.table);
  }
  return out;
}

std::vector<std::string> cell_texts(const Table& t) {
  std::vector<std::string> out;
  for (const Cell& c : t.cells) out.emplace_back(c.text);
  return out;
}

std::string source(const Document& doc, SourceSpan s) {
  return std::string(doc.text.substr(s.begin, s.end - s.begin));
}

// The invariants every table must keep, whatever the input.
void expect_well_formed(const Document& doc) {
  for (const Block& b : doc.blocks) {
    EXPECT_LE(b.span.begin, b.span.end);
    EXPECT_LE(b.span.end, doc.text.size());
    if (b.kind != BlockKind::Table) continue;
    const Table& t = b.table;
    EXPECT_TRUE(t.geometric);
    for (const auto& row : t.rows) {
      EXPECT_EQ(row.size(), t.rows.front().size());
      for (const std::int32_t i : row) {
        EXPECT_GE(i, -1);
        EXPECT_LT(i, static_cast<std::int32_t>(t.cells.size()));
      }
    }
    for (const Cell& c : t.cells) {
      EXPECT_LE(c.span.begin, c.span.end);
      EXPECT_LE(c.span.end, doc.text.size());
      EXPECT_GE(c.rowspan, 1);
      EXPECT_GE(c.colspan, 1);
    }
  }
}

// Removes ASCII white space, line breaks, NBSP and U+3000, as the label normaliser will.
std::string squeeze(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      ++i;
      continue;
    }
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

TEST(HtmlAdapter, EmptyInput) {
  const Document doc = read_html("");
  EXPECT_EQ(doc.format, SourceFormat::Html);
  EXPECT_TRUE(doc.blocks.empty());
  EXPECT_TRUE(doc.title.empty());
  EXPECT_TRUE(doc.meta.empty());
}

TEST(HtmlAdapter, KeepsTextInDocument) {
  const std::string html = "<p>一</p>";
  const Document doc = read_html(html);
  EXPECT_EQ(doc.text, html);
  EXPECT_EQ(doc.format, SourceFormat::Html);
}

TEST(HtmlAdapter, BlockElementsEndParagraphs) {
  const Document doc = read_html(
      "<html><body><h1>标题</h1><p>  第一段\n   第二行 </p><p></p><div>甲<span>乙</span> "
      "<b>丙</b></div><ul><li>一</li><li>二</li></ul>尾巴</body></html>");
  EXPECT_EQ(paragraphs(doc),
            (std::vector<std::string>{"标题", "第一段 第二行", "甲乙 丙", "一", "二", "尾巴"}));
}

TEST(HtmlAdapter, BrEndsParagraph) {
  const Document doc = read_html("<div>第一行<br>第二行<BR/>第三行<br><br>第四行</div>");
  EXPECT_EQ(paragraphs(doc),
            (std::vector<std::string>{"第一行", "第二行", "第三行", "第四行"}));
}

TEST(HtmlAdapter, FragmentTextIsParagraph) {
  const Document doc = read_html("  只有文字，没有标签  ");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "只有文字，没有标签");
  EXPECT_EQ(source(doc, doc.blocks[0].span), "只有文字，没有标签");
}

TEST(HtmlAdapter, ParagraphSpansPointAtSource) {
  const Document doc =
      read_html("<p>\n  一、总体情况&nbsp;</p>\n<div class=x>二、<b>主动</b>公开</div>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "一、总体情况\xC2\xA0");
  EXPECT_EQ(source(doc, doc.blocks[0].span), "一、总体情况&nbsp;");
  EXPECT_EQ(doc.blocks[1].text, "二、主动公开");
  EXPECT_EQ(source(doc, doc.blocks[1].span), "二、<b>主动</b>公开");
}

TEST(HtmlAdapter, DecodesEntities) {
  const Document doc = read_html(
      "<p>&amp;&lt;&gt;&quot;&apos;&#20013;&#x6587;&#X6587;&nbsp;&ldquo;引&rdquo;&lsquo;&rsquo;"
      "&mdash;&ndash;&hellip;&middot;&times;&copy;&ensp;&emsp;&thinsp;</p>");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text,
            "&<>\"'中文文\xC2\xA0“引”‘’—–…·×©\xE2\x80\x82\xE2\x80\x83\xE2\x80\x89");
}

TEST(HtmlAdapter, NumericEntityEdgeCases) {
  // Windows-1252 range, NUL, out of range, missing semicolon, a decoded space collapsing.
  const Document doc = read_html("<p>&#151;&#0;&#x110000;&#65x&#32;&#32;b</p>");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "—\xEF\xBF\xBD\xEF\xBF\xBD" "Ax b");
}

TEST(HtmlAdapter, UnknownEntitiesStayAsWritten) {
  const Document doc = read_html("<p>&foo; &amp &#; &; a&b AT&T &nbspx</p>");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "&foo; & &#; &; a&b AT&T \xC2\xA0x");
}

TEST(HtmlAdapter, LessThanThatIsNotATagIsText) {
  const Document doc = read_html("<p>数量 < 5 件，1<2，a <= b</p><p>x<</p>");
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"数量 < 5 件，1<2，a <= b", "x<"}));
}

TEST(HtmlAdapter, SkipsScriptsStylesAndComments) {
  const Document doc = read_html(
      "<!DOCTYPE html><?xml version=\"1.0\"?>\n"
      "<html><head><style>p { color: red } </p></style>"
      "<script>var s = '<p>不要</p>'; if (a < b) {}</script></head><body>"
      "<!-- 注释 <p>不要</p> -->"
      "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml>"
      "<![endif]-->"
      "<p><![if !supportLists]>1.<![endif]>正文<o:p></o:p></p>"
      "<p>甲<st1:chsdate Year=\"2024\">2024年</st1:chsdate>乙</p>"
      "<noscript><p>不要</p></noscript><template><p>不要</p></template>"
      "<svg><text>不要</text></svg><SCRIPT type=x>不要</SCRIPT >"
      "<p>末<!---->尾<!-->段</p></body></html>");
  EXPECT_EQ(paragraphs(doc),
            (std::vector<std::string>{"1.正文", "甲2024年乙", "末尾段"}));
}

TEST(HtmlAdapter, UnclosedScriptSwallowsRest) {
  const Document doc = read_html("<p>前</p><script>var x = 1; <p>不要</p>");
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"前"}));
}

TEST(HtmlAdapter, ExtractsTitleAndMeta) {
  const Document doc = read_html(
      "<html><head><meta charset=\"utf-8\"><TITLE> 平潭&amp;2024年度\n报告 </TITLE>"
      "<meta name=\"ArticleTitle\" content=\"年度报告&ldquo;一&rdquo;\">"
      "<META property='og:title' CONTENT='OG'><meta http-equiv=\"X-UA-Compatible\" "
      "content=\"IE=Edge\"><meta name=Author content=></head><body><p>正文</p>"
      "<title>第二个</title></body></html>");
  EXPECT_EQ(doc.title, "平潭&2024年度 报告");
  ASSERT_EQ(doc.meta.size(), 3u);
  EXPECT_EQ(doc.meta[0], (std::pair<std::string, std::string>{"ArticleTitle", "年度报告“一”"}));
  EXPECT_EQ(doc.meta[1], (std::pair<std::string, std::string>{"og:title", "OG"}));
  EXPECT_EQ(doc.meta[2], (std::pair<std::string, std::string>{"Author", ""}));
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"正文"}));
}

TEST(HtmlAdapter, SkipsHeadContent) {
  EXPECT_EQ(paragraphs(read_html("<html><head>杂项 < 文字<link rel=x><base href=/><title>标题</title>"
                                 "</head><body><p>正文</p></body></html>")),
            (std::vector<std::string>{"正文"}));
  // A head left open ends at the first body element.
  const Document doc = read_html("<head><meta name=a content=b>杂项<title>标题</title><p>正文");
  EXPECT_EQ(doc.title, "标题");
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"正文"}));
}

TEST(HtmlAdapter, UnclosedTitleStopsAtNextTag) {
  const Document doc = read_html("<title>标题<p>正文</p>");
  EXPECT_EQ(doc.title, "标题");
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"正文"}));
}

TEST(HtmlAdapter, SimpleTableGrid) {
  const Document doc = read_html(
      "<p>前</p><table border=1><tr><th>项目</th><td>数量</td></tr>"
      "<tr><td>规章</td><td>0</td></tr></table><p>后</p>");
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].text, "前");
  ASSERT_EQ(doc.blocks[1].kind, BlockKind::Table);
  EXPECT_EQ(doc.blocks[2].text, "后");
  const Table& t = doc.blocks[1].table;
  EXPECT_TRUE(t.geometric);
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"项目", "数量", "规章", "0"}));
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {2, 3}}));
  EXPECT_EQ(source(doc, doc.blocks[1].span).substr(0, 6), "<table");
  EXPECT_EQ(source(doc, doc.blocks[1].span).substr(source(doc, doc.blocks[1].span).size() - 8),
            "</table>");
  EXPECT_EQ(t.span.begin, doc.blocks[1].span.begin);
  EXPECT_EQ(t.span.end, doc.blocks[1].span.end);
}

TEST(HtmlAdapter, ExpandsRowspanIntoGrid) {
  const Document doc = read_html(
      "<table><tr><td rowspan=\"3\">A</td><td>B</td></tr>"
      "<tr><td>C</td></tr><tr><td>D</td></tr><tr><td>E</td><td>F</td></tr></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"A", "B", "C", "D", "E", "F"}));
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {0, 2}, {0, 3}, {4, 5}}));
  EXPECT_EQ(t.cells[0].rowspan, 3);
  EXPECT_EQ(t.cells[0].colspan, 1);
}

TEST(HtmlAdapter, ExpandsColspanIntoGrid) {
  const Document doc = read_html(
      "<table><tr><td colspan=3>标题</td></tr><tr><td>a</td><td colspan='2'>b</td></tr>"
      "<tr><td>c</td></tr></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(t.rows, (Grid{{0, 0, 0}, {1, 2, 2}, {3, -1, -1}}));
  EXPECT_EQ(t.cells[0].colspan, 3);
  EXPECT_EQ(t.cells[2].colspan, 2);
}

TEST(HtmlAdapter, ExpandsThreeByThreeMergedBlock) {
  // The 申请 table's corner: a 3x3 block merged both ways, then headers beside and below it.
  const Document doc = read_html(
      "<table><tbody>"
      "<tr><td colspan=\"3\" rowspan=\"3\">角</td><td colspan=\"3\">申请人情况</td></tr>"
      "<tr><td rowspan=\"2\">自然人</td><td colspan=\"2\">法人</td></tr>"
      "<tr><td>商业</td><td>科研</td></tr>"
      "<tr><td colspan=\"3\">一、新收</td><td>1</td><td>2</td><td>3</td></tr>"
      "</tbody></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"角", "申请人情况", "自然人", "法人", "商业",
                                                     "科研", "一、新收", "1", "2", "3"}));
  EXPECT_EQ(t.rows, (Grid{{0, 0, 0, 1, 1, 1},
                          {0, 0, 0, 2, 3, 3},
                          {0, 0, 0, 2, 4, 5},
                          {6, 6, 6, 7, 8, 9}}));
  EXPECT_EQ(t.cells[0].rowspan, 3);
  EXPECT_EQ(t.cells[0].colspan, 3);
  EXPECT_EQ(t.cells[2].rowspan, 2);
}

TEST(HtmlAdapter, RowspanZeroExtendsToEndOfRowGroup) {
  const Document doc = read_html(
      "<table><tbody><tr><td rowspan=0>A</td><td>1</td></tr><tr><td>2</td></tr>"
      "<tr><td>3</td></tr></tbody><tbody><tr><td>x</td><td>y</td></tr></tbody></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {0, 2}, {0, 3}, {4, 5}}));
  EXPECT_EQ(t.cells[0].rowspan, 3);
}

TEST(HtmlAdapter, RowspanIsShrunkAtEndOfTable) {
  const Document doc =
      read_html("<table><tr><td rowspan=5>A</td><td>1</td></tr><tr><td>2</td></tr></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {0, 2}}));
  EXPECT_EQ(t.cells[0].rowspan, 2);
}

TEST(HtmlAdapter, InvalidAndAbsurdSpansAreClamped) {
  const Document doc = read_html(
      "<table><tr><td colspan=abc rowspan=-2>a</td><td colspan=0>b</td><td colspan=\" 2px\">c"
      "</td></tr><tr><td colspan=99999 rowspan=99999999>d</td></tr><tr><td>e</td></tr>"
      "</table>");
  const Table& t = *tables(doc).at(0);
  ASSERT_EQ(t.cells.size(), 5u);
  EXPECT_EQ(t.cells[0].colspan, 1);
  EXPECT_EQ(t.cells[0].rowspan, 1);
  EXPECT_EQ(t.cells[1].colspan, 1);
  EXPECT_EQ(t.cells[2].colspan, 2);
  EXPECT_EQ(t.cells[3].colspan, 1000);
  EXPECT_EQ(t.cells[3].rowspan, 2);  // shrunk to the rows that exist
  ASSERT_EQ(t.rows.size(), 3u);
  // "e" finds the first 1000 slots of its row taken by d and goes after them, as in browsers.
  for (const auto& row : t.rows) EXPECT_EQ(row.size(), 1001u);
  EXPECT_EQ(t.rows[0][0], 0);
  EXPECT_EQ(t.rows[0][3], 2);
  EXPECT_EQ(t.rows[0][4], -1);
  EXPECT_EQ(t.rows[1][999], 3);
  EXPECT_EQ(t.rows[1][1000], -1);
  EXPECT_EQ(t.rows[2][0], 3);
  EXPECT_EQ(t.rows[2][999], 3);
  EXPECT_EQ(t.rows[2][1000], 4);
  EXPECT_EQ(t.cells[4].text, "e");
}

TEST(HtmlAdapter, ImpliedEndTags) {
  const Document doc = read_html(
      "<TABLE><TR><TD>a<TD>b<TR><TD><P>c<P>d<TD>e</TABLE><p>after");
  ASSERT_EQ(doc.blocks.size(), 2u);
  const Table& t = doc.blocks[0].table;
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"a", "b", "c\nd", "e"}));
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {2, 3}}));
  EXPECT_EQ(doc.blocks[1].text, "after");
}

TEST(HtmlAdapter, CellWithoutRowStartsARow) {
  const Document doc = read_html("<table><td>a</td><td>b</td></tr><td>c</table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(t.rows, (Grid{{0, 1}, {2, -1}}));
}

TEST(HtmlAdapter, StrayEndTagsAreIgnored) {
  const Document doc = read_html(
      "</td></tr></table></tbody><p>甲</p></div></span><table><tr><td>a</td></td></tr></tr>"
      "<tr><td>b</td></table></table><p>乙</p>");
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"甲", "乙"}));
  ASSERT_EQ(tables(doc).size(), 1u);
  EXPECT_EQ(tables(doc)[0]->rows, (Grid{{0}, {1}}));
}

TEST(HtmlAdapter, BrAndParagraphsInCellJoinWithNewline) {
  const Document doc = read_html(
      "<table><tr><td><p>社会</p><p>公益</p><p>组织</p></td><td><p>0</p></td>"
      "<td>&nbsp;</td><td>a<br>b<br/><br>  c  </td><td><div> 甲 </div>\n<div></div>"
      "<li>乙</li></td><td></td><td>  </td></tr></table>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"社会\n公益\n组织", "0", "\xC2\xA0",
                                                     "a\nb\nc", "甲\n乙", "", ""}));
}

TEST(HtmlAdapter, CellSpansPointAtText) {
  const std::string html = "<table><tr><td class=x><p>62</p></td><td>\n</td></tr></table>";
  const Document doc = read_html(html);
  const Table& t = *tables(doc).at(0);
  ASSERT_EQ(t.cells.size(), 2u);
  EXPECT_EQ(source(doc, t.cells[0].span), "62");
  // An empty cell's span is its content, between the tags.
  EXPECT_EQ(source(doc, t.cells[1].span), "\n");
}

TEST(HtmlAdapter, NestedTableBecomesOwnBlockAfterOuter) {
  const Document doc = read_html(
      "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table>尾</td>"
      "<td>右</td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  ASSERT_EQ(doc.blocks[0].kind, BlockKind::Table);
  ASSERT_EQ(doc.blocks[1].kind, BlockKind::Table);
  const Table& outer = doc.blocks[0].table;
  const Table& inner = doc.blocks[1].table;
  EXPECT_EQ(cell_texts(outer), (std::vector<std::string>{"外\n尾", "右"}));
  EXPECT_EQ(outer.rows, (Grid{{0, 1}}));
  EXPECT_EQ(cell_texts(inner), (std::vector<std::string>{"内1", "内2"}));
  EXPECT_EQ(inner.rows, (Grid{{0, 1}}));
  EXPECT_LT(doc.blocks[0].span.begin, doc.blocks[1].span.begin);
  EXPECT_GT(doc.blocks[0].span.end, doc.blocks[1].span.end);
}

TEST(HtmlAdapter, TableDirectlyInTableClosesIt) {
  const Document doc = read_html("<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table>");
  ASSERT_EQ(tables(doc).size(), 2u);
  EXPECT_EQ(cell_texts(*tables(doc)[0]), (std::vector<std::string>{"a"}));
  EXPECT_EQ(cell_texts(*tables(doc)[1]), (std::vector<std::string>{"b"}));
}

TEST(HtmlAdapter, TextOutsideCellsIsFosterParented) {
  const Document doc =
      read_html("<table><caption>表一</caption><tr>杂<td>a</td></tr></table><p>后</p>");
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::Table);
  EXPECT_EQ(cell_texts(doc.blocks[0].table), (std::vector<std::string>{"a"}));
  EXPECT_EQ(doc.blocks[1].text, "表一");
  EXPECT_EQ(doc.blocks[2].text, "杂");
  EXPECT_EQ(doc.blocks[3].text, "后");
}

TEST(HtmlAdapter, UppercaseUnquotedAndQuotedAttributes) {
  const Document doc = read_html(
      "<TABLE Border=1><TR><TD ROWSPAN=2 title=\"a > b\" data-x='c>d'>A</TD><Td CoLsPaN = 2>B"
      "</tD></Tr><TR><TD>C<td>D</TABLE>");
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_EQ(t.rows, (Grid{{0, 1, 1}, {0, 2, 3}}));
}

TEST(HtmlAdapter, TruncatedDocumentKeepsRowsReadSoFar) {
  const std::string head = "<p>前言</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d";
  {
    const Document doc = read_html(head);
    ASSERT_EQ(doc.blocks.size(), 2u);
    const Table& t = doc.blocks[1].table;
    EXPECT_EQ(cell_texts(t), (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(t.rows, (Grid{{0, 1}, {2, 3}}));
    EXPECT_EQ(doc.blocks[1].span.end, head.size());
  }
  {
    // Cut inside a tag: the tag is dropped.
    const Document doc = read_html(head + "</td><td class=\"x");
    const Table& t = *tables(doc).at(0);
    EXPECT_EQ(t.rows, (Grid{{0, 1}, {2, 3}}));
  }
  {
    const Document doc = read_html("<table><tr><td rowspan=3>a</td><td>b</td></tr><tr><td>c");
    const Table& t = *tables(doc).at(0);
    EXPECT_EQ(t.rows, (Grid{{0, 1}, {0, 2}}));
    EXPECT_EQ(t.cells[0].rowspan, 2);
  }
  {
    const Document doc = read_html("<p>正文</p><!-- 注释没有结束 <p>不要</p>");
    EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"正文"}));
  }
}

TEST(HtmlAdapter, GarbageInputDoesNotCrash) {
  const char alphabet[] = "<>/!-?&#;=\"' \n\tabdeilmnoprstxyTDR0123456789\xE4\xB8\xAD\xC2\xA0\x00";
  std::mt19937 rng(12345);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof alphabet - 1);
  std::uniform_int_distribution<int> len(0, 400);
  const char* words[] = {"<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<td rowspan=0>",
                         "<td colspan=3 rowspan=2>", "<p>", "<br>", "<!--", "-->", "<script>",
                         "&nbsp;", "<title>", "<tbody>", "<th colspan=1000>", "&#x"};
  std::uniform_int_distribution<std::size_t> word(0, sizeof words / sizeof words[0] - 1);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = len(rng);
    for (int k = 0; k < n; ++k) {
      if (rng() % 3 == 0) {
        s += words[word(rng)];
      } else {
        s.push_back(alphabet[pick(rng)]);
      }
    }
    const Document doc = read_html(s);
    expect_well_formed(doc);
  }
  // Raw binary bytes.
  std::string bin;
  for (int k = 0; k < 100000; ++k) bin.push_back(static_cast<char>(rng() & 0xFF));
  expect_well_formed(read_html(bin));
}

TEST(HtmlAdapter, HostileInputStaysLinear) {
  // Each of these would be quadratic (or explode in memory) with a naive builder.
  std::string wide = "<table><tr>";
  for (int k = 0; k < 2000; ++k) wide += "<td colspan=1000 rowspan=0>x";
  for (int k = 0; k < 200000; ++k) wide += "<tr>";
  const Document d1 = read_html(wide);
  std::size_t slots = 0;
  for (const Table* t : tables(d1)) {
    for (const auto& r : t->rows) slots += r.size();
  }
  EXPECT_LE(slots, (std::size_t{1} << 22) + wide.size());
  expect_well_formed(d1);

  std::string deep;
  for (int k = 0; k < 100000; ++k) deep += "<table><tr><td>";
  const Document d2 = read_html(deep);
  EXPECT_LE(tables(d2).size(), 100u);

  std::string titles;
  for (int k = 0; k < 100000; ++k) titles += "<title>x";
  EXPECT_EQ(read_html(titles).title, "x");

  std::string tags(300000, '<');
  EXPECT_EQ(paragraphs(read_html(tags)), (std::vector<std::string>{tags}));

  std::string quotes;
  for (int k = 0; k < 100000; ++k) quotes += "<a title=\"x>";
  expect_well_formed(read_html(quotes));
}

TEST(HtmlCharset, SniffsMetaCharset) {
  EXPECT_EQ(html_declared_charset("<html><head><meta charset=\"GBK\"></head>"), "gbk");
  EXPECT_EQ(html_declared_charset("<meta charset=utf-8 name=viewport>"), "utf-8");
  EXPECT_EQ(html_declared_charset("<META CHARSET='gb2312'/>"), "gb2312");
  EXPECT_EQ(html_declared_charset(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"),
            "gb2312");
  EXPECT_EQ(html_declared_charset(
                "<meta content=\"text/html;charset=GB18030\" http-equiv=content-type>"),
            "gb18030");
  EXPECT_EQ(html_declared_charset("<meta http-equiv=\"Content-Type\" content=\"text/html\">"
                                  "<meta charset=\"big5\">"),
            "big5");
}

TEST(HtmlCharset, IgnoresWhatIsNotADeclaration) {
  EXPECT_EQ(html_declared_charset(""), "");
  EXPECT_EQ(html_declared_charset("<html><body><p>charset=gbk</p>"), "");
  EXPECT_EQ(html_declared_charset("<!-- <meta charset=\"gbk\"> --><p>"), "");
  EXPECT_EQ(html_declared_charset("<meta content=\"text/html; charset=gbk\">"), "");
  EXPECT_EQ(html_declared_charset("<meta name=\"a\" content=\"charset=gbk\">"), "");
  EXPECT_EQ(html_declared_charset("<div title=\"<meta charset=gbk>\"></div>"), "");
  EXPECT_EQ(html_declared_charset("<meta charset=\"gbk"), "");
  const std::string late = std::string(5000, ' ') + "<meta charset=gbk>";
  EXPECT_EQ(html_declared_charset(late), "");
}

// --- real reports (the read-only corpus: see corpus.hpp) ---------------------------------------

// The report `name` of the corpus at `root`; a file the corpus should hold and does not fails.
std::string corpus_report(const std::filesystem::path& root, const std::string& name) {
  const auto bytes = gongkai_test::read_bytes(root / "reports" / name);
  EXPECT_TRUE(bytes.has_value()) << "the corpus at " << root << " has no reports/" << name;
  return bytes.value_or("");
}

const Table* find_table_with_cell(const Document& doc, const std::string& squeezed) {
  for (const Table* t : tables(doc)) {
    for (const Cell& c : t->cells) {
      if (squeeze(c.text) == squeezed) return t;
    }
  }
  return nullptr;
}

// The values of the row whose first slot holds `label`: one text per distinct cell after the
// label's own slots.
std::vector<std::string> row_values(const Table& t, const std::string& label) {
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const Cell* first = t.at(r, 0);
    if (first == nullptr || first->text != label) continue;
    std::vector<std::string> out;
    std::int32_t prev = t.rows[r][0];
    for (const std::int32_t i : t.rows[r]) {
      if (i == prev) continue;
      prev = i;
      out.emplace_back(i < 0 ? std::string_view() : t.cells[static_cast<std::size_t>(i)].text);
    }
    return out;
  }
  return {};
}

void check_pingtan_2024(const std::string& name) {
  GONGKAI_CORPUS_OR_SKIP(root);
  const std::string html = corpus_report(root, name);
  ASSERT_FALSE(html.empty());
  const Document doc = read_html(html);
  expect_well_formed(doc);
  EXPECT_NE(doc.title.find("2024年度政府信息公开工作年度报告"), std::string::npos) << doc.title;

  const Table* active = find_table_with_cell(doc, "行政规范性文件");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(row_values(*active, "行政规范性文件"), (std::vector<std::string>{"62", "33", "440"}));

  const Table* requests = find_table_with_cell(doc, "社会公益组织");
  ASSERT_NE(requests, nullptr);
  ASSERT_FALSE(requests->rows.empty());
  for (const auto& row : requests->rows) EXPECT_EQ(row.size(), requests->rows[0].size());
  EXPECT_EQ(requests->rows[0].size(), 10u);
  EXPECT_EQ(requests->rows.size(), 28u);
  EXPECT_EQ(row_values(*requests, "一、本年新收政府信息公开申请数量"),
            (std::vector<std::string>{"217", "1", "0", "0", "0", "0", "218"}));

  // Paragraph spans point at their text in the source.
  std::size_t checked = 0;
  for (const Block& b : doc.blocks) {
    if (b.kind != BlockKind::Paragraph || b.text.find("本报告") != 0) continue;
    EXPECT_EQ(source(doc, b.span).substr(0, 9), "本报告");
    ++checked;
  }
  EXPECT_GE(checked, 1u);
}

TEST(HtmlAdapterCorpus, Pingtan2024Simplified) { check_pingtan_2024("pingtan_gwh_2024.html"); }

TEST(HtmlAdapterCorpus, Pingtan2024Original) { check_pingtan_2024("pingtan_gwh_2024.orig.html"); }

TEST(HtmlAdapterCorpus, OriginalPagesHaveThreeReportTables) {
  GONGKAI_CORPUS_OR_SKIP(root);
  for (const char* name :
       {"pingtan_gwh_2023.orig.html", "pingtan_gwh_2024.orig.html", "pingtan_gwh_2025.orig.html"}) {
    const std::string html = corpus_report(root, name);
    ASSERT_FALSE(html.empty()) << name;
    const Document doc = read_html(html);
    expect_well_formed(doc);
    const auto ts = tables(doc);
    ASSERT_EQ(ts.size(), 3u) << name;
    EXPECT_EQ(ts[0]->rows.size(), 14u) << name;
    EXPECT_EQ(ts[1]->rows.size(), 28u) << name;
    EXPECT_EQ(ts[2]->rows.size(), 4u) << name;
    EXPECT_EQ(ts[2]->rows[0].size(), 15u) << name;
  }
}

TEST(HtmlAdapterCorpus, PageCutMidTableKeepsRowsReadSoFar) {
  GONGKAI_CORPUS_OR_SKIP(root);
  const std::string html = corpus_report(root, "pingtan_gwh_2024.orig.html");
  ASSERT_FALSE(html.empty());
  // Cut the page just after the 217 row of the 申请 table.
  const std::size_t label = html.find("一、本年新收政府信息公开申请数量");
  ASSERT_NE(label, std::string::npos);
  const std::size_t row_end = html.find("</tr>", label);
  ASSERT_NE(row_end, std::string::npos);
  const Document doc = read_html(html.substr(0, row_end + 20));
  expect_well_formed(doc);
  const Table* requests = find_table_with_cell(doc, "社会公益组织");
  ASSERT_NE(requests, nullptr);
  EXPECT_EQ(requests->rows.size(), 5u);  // four full rows and the start of the next
  EXPECT_EQ(row_values(*requests, "一、本年新收政府信息公开申请数量"),
            (std::vector<std::string>{"217", "1", "0", "0", "0", "0", "218"}));
}

}  // namespace
}  // namespace gongkai

TEST(HtmlAdapter, RecordsContainerRegions) {
  const std::string page = "<body><div id=nav><a>首页</a></div><div class=TRS_Editor><p>一、总体情况</p>"
                           "<section><p>x</p></section></div><div>footer";
  const gongkai::Document d = gongkai::read_html(page);
  ASSERT_EQ(d.regions.size(), 4u);
  auto text_of = [&](const gongkai::SourceSpan& r) { return d.text.substr(r.begin, r.end - r.begin); };
  EXPECT_EQ(text_of(d.regions[0]), "<div id=nav><a>首页</a></div>");
  EXPECT_EQ(text_of(d.regions[1]), "<section><p>x</p></section>");
  EXPECT_EQ(text_of(d.regions[2]).substr(0, 25), "<div class=TRS_Editor><p>");
  EXPECT_EQ(text_of(d.regions[3]), "<div>footer");  // closed at the end of the input
}
