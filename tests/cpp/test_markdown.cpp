#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "gongkai/match/parse.hpp"
#include "gongkai/read/markdown.hpp"

using namespace gongkai;

namespace {

std::vector<const Table*> tables(const Document& d) {
  std::vector<const Table*> out;
  for (const Block& b : d.blocks)
    if (b.kind == BlockKind::Table) out.push_back(&b.table);
  return out;
}

std::vector<std::string> paragraphs(const Document& d) {
  std::vector<std::string> out;
  for (const Block& b : d.blocks)
    if (b.kind == BlockKind::Paragraph) out.push_back(b.text);
  return out;
}

std::vector<std::string> row_texts(const Table& t, std::size_t row) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.rows[row].size(); ++i) out.push_back(t.at(row, i)->text);
  return out;
}

std::string_view source_of(const Document& d, SourceSpan s) {
  return std::string_view(d.text).substr(s.begin, s.end - s.begin);
}

using Row = std::vector<std::string>;

}  // namespace

TEST(MarkdownSniffing, FindsAPipeTableWithItsRule) {
  EXPECT_TRUE(looks_like_markdown("# 标题\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n"));
  EXPECT_TRUE(looks_like_markdown("信息内容 | 数量\n:--- | ---:\n规章 | 0\n"));
  EXPECT_TRUE(looks_like_markdown("| a |\r\n|-|\r\n"));
}

TEST(MarkdownSniffing, RejectsTextWithoutATable) {
  EXPECT_FALSE(looks_like_markdown(""));
  EXPECT_FALSE(looks_like_markdown("一、总体情况\n2024年，本机关……\n"));
  EXPECT_FALSE(looks_like_markdown("## 标题\n- 列表\n---\n正文\n"));              // no pipes
  EXPECT_FALSE(looks_like_markdown("a | b\nc | d\n"));                            // pipes, no rule
  EXPECT_FALSE(looks_like_markdown("|---|---|\n| a | b |\n"));                   // rule before rows
  EXPECT_FALSE(looks_like_markdown("| a | b |\n\n|---|---|\n"));                 // not adjacent
  EXPECT_FALSE(looks_like_markdown("\t规章\n\t0\n\n\t行政规范性文件\n\t2\n"));  // docx text
}

TEST(MarkdownSniffing, LooksOnlyAtTheFirst64Kilobytes) {
  const std::string filler(70 * 1024, 'x');
  EXPECT_FALSE(looks_like_markdown(filler + "\n| a | b |\n|---|---|\n"));
  EXPECT_TRUE(looks_like_markdown("| a | b |\n|---|---|\n" + filler));
}

TEST(MarkdownSniffing, ParseDispatchesMarkdownToTheAdapter) {
  EXPECT_EQ(sniff_format("\xEF\xBB\xBF  | a | b |\n|---|---|\n"), FormatHint::Markdown);
  EXPECT_EQ(sniff_format("plain text\n"), FormatHint::Text);
  const Document d = read_document("| 规章 | 1 |\n|---|---|\n");
  EXPECT_EQ(d.format, SourceFormat::Markdown);
  ASSERT_EQ(tables(d).size(), 1u);
}

TEST(MarkdownAdapter, TableRowsAndCells) {
  const Document d = read_markdown(
      "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
      "|---|:---:|---:|---|\n"
      "| 规章 | 0 | 0 | 0 |\n"
      "|行政规范性文件|6|1|32|\n");
  EXPECT_EQ(d.format, SourceFormat::Markdown);
  ASSERT_EQ(d.blocks.size(), 1u);
  const Table& t = d.blocks[0].table;
  EXPECT_FALSE(t.geometric);
  ASSERT_EQ(t.rows.size(), 3u);  // the rule is dropped
  EXPECT_EQ(row_texts(t, 0), (Row{"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}));
  EXPECT_EQ(row_texts(t, 1), (Row{"规章", "0", "0", "0"}));
  EXPECT_EQ(row_texts(t, 2), (Row{"行政规范性文件", "6", "1", "32"}));
  EXPECT_EQ(t.cells.size(), 12u);
}

TEST(MarkdownAdapter, OuterPipesAreOptionalAndEmptyCellsKept) {
  const Document d = read_markdown("信息内容 | 数量\n--- | ---\n行政许可 | 517645\n| 行政处罚 | |\n| - | 2 |  |\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 1u);
  const Table& t = *ts[0];
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(row_texts(t, 0), (Row{"信息内容", "数量"}));
  EXPECT_EQ(row_texts(t, 1), (Row{"行政许可", "517645"}));
  EXPECT_EQ(row_texts(t, 2), (Row{"行政处罚", ""}));
  EXPECT_EQ(row_texts(t, 3), (Row{"-", "2", ""}));  // rows keep their own lengths
}

TEST(MarkdownAdapter, DashCellsBelowTheRuleAreARowNotARule) {
  const Document d = read_markdown(
      "| (数据项目) | 数量 |\n|---|---|\n| - | - |\n"
      "\n| 商业企业 | 科研机构 |\n| - | - |\n| -- | - |\n| 1 | 2 |\n|---|---|\n|---|---|\n| - | - |\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 3u);
  ASSERT_EQ(ts[0]->rows.size(), 2u);
  EXPECT_EQ(row_texts(*ts[0], 1), (Row{"-", "-"}));
  // Right under the first row a weak rule is still the rule (GFM); below it, a row.
  ASSERT_EQ(ts[1]->rows.size(), 2u);
  EXPECT_EQ(row_texts(*ts[1], 1), (Row{"--", "-"}));
  // "| 1 | 2 |" with a strong rule under it heads a new table; a second rule is dropped.
  ASSERT_EQ(ts[2]->rows.size(), 2u);
  EXPECT_EQ(row_texts(*ts[2], 0), (Row{"1", "2"}));
  EXPECT_EQ(row_texts(*ts[2], 1), (Row{"-", "-"}));
  // A bordered row of dashes on its own is a table row too.
  const Document e = read_markdown("## 申请人情况\n| - | - |\n");
  ASSERT_EQ(tables(e).size(), 1u);
  EXPECT_EQ(row_texts(*tables(e)[0], 0), (Row{"-", "-"}));
}

TEST(MarkdownAdapter, EscapedPipesStayInTheCell) {
  const Document d = read_markdown("| 项目 | 说明 |\n|---|---|\n| a \\| b | c\\|d |\n");
  const Table& t = *tables(d).at(0);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(row_texts(t, 1), (Row{"a | b", "c|d"}));
}

TEST(MarkdownAdapter, RowsWithoutARuleStillReadAsTableWhenBordered) {
  const Document d = read_markdown("| 规章 | 22 | 235 |\n| 行政规范性文件 | 34 | 189 |\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0]->rows.size(), 2u);
  // Unbordered pipes without a rule are text.
  const Document p = read_markdown("甲 | 乙\n");
  EXPECT_TRUE(tables(p).empty());
  EXPECT_EQ(paragraphs(p), (Row{"甲 | 乙"}));
}

TEST(MarkdownAdapter, TablesSeparatedByHeadingsAndTextStayApart) {
  const Document d = read_markdown(
      "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
      "|---|---|---|---|\n"
      "## 表二：主动公开政府信息情况\n"
      "| 规章 | 22 | 235 |\n"
      "|---|---|---|\n"
      "（二）部分公开（区分处理的，只计这一情\n"
      "形，不计其他情形）\n"
      "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n"
      "|---|---|---|---|---|---|---|\n"
      "\n"
      "| 3.其他 | 264 | 12 |\n"
      "|---|---|---|\n");
  ASSERT_EQ(d.blocks.size(), 7u);
  const BlockKind T = BlockKind::Table, P = BlockKind::Paragraph;
  EXPECT_EQ(d.blocks[0].kind, T);
  EXPECT_EQ(d.blocks[1].kind, P);
  EXPECT_EQ(d.blocks[1].text, "表二：主动公开政府信息情况");
  EXPECT_EQ(d.blocks[2].kind, T);
  EXPECT_EQ(row_texts(d.blocks[2].table, 0), (Row{"规章", "22", "235"}));
  EXPECT_EQ(d.blocks[3].text, "（二）部分公开（区分处理的，只计这一情");
  EXPECT_EQ(d.blocks[4].text, "形，不计其他情形）");
  EXPECT_EQ(d.blocks[5].kind, T);
  EXPECT_EQ(row_texts(d.blocks[5].table, 0), (Row{"2", "0", "0", "0", "0", "0", "2"}));  // first cell a value
  EXPECT_EQ(d.blocks[6].kind, T);
  EXPECT_EQ(row_texts(d.blocks[6].table, 0), (Row{"3.其他", "264", "12"}));  // a blank line ends a table
}

TEST(MarkdownAdapter, AHeaderAndRuleInsideATableStartANewTable) {
  const Document d = read_markdown(
      "| 2 | 0 | 2 |\n"
      "|---|---|---|\n"
      "| 1.属于国家秘密 | 4 | 4 |  |\n"
      "|---|---|---|---|\n"
      "| 2.其他法律行政法规禁止公开 | 0 | 0 |  |\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 2u);
  ASSERT_EQ(ts[0]->rows.size(), 1u);
  EXPECT_EQ(row_texts(*ts[0], 0), (Row{"2", "0", "2"}));
  ASSERT_EQ(ts[1]->rows.size(), 2u);
  EXPECT_EQ(row_texts(*ts[1], 0), (Row{"1.属于国家秘密", "4", "4", ""}));
  EXPECT_EQ(row_texts(*ts[1], 1), (Row{"2.其他法律行政法规禁止公开", "0", "0", ""}));
  EXPECT_EQ(ts[1]->cells.size(), 8u);
  EXPECT_EQ(source_of(d, ts[0]->span), "| 2 | 0 | 2 |\n|---|---|---|");
  EXPECT_EQ(source_of(d, ts[1]->span).substr(0, 7), "| 1.属");
  EXPECT_EQ(source_of(d, ts[1]->cells[4].span), "2.其他法律行政法规禁止公开");
}

TEST(MarkdownAdapter, ParagraphsLoseTheirSyntax) {
  const Document d = read_markdown(
      "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告\n"
      "### (一) 系统化推进主动公开。 ###\n"
      "##二、工作安排\n"
      "> 引文\n"
      "- 一是拓宽主动公开渠道\n"
      "* 二是提升公开质量\n"
      "1. 属于国家秘密\n"
      "12) 第十二项\n"
      "1.本机关不掌握相关政府信息\n"
      "**加粗**与`代码`和*强调*及~~删除~~\n"
      "详见[门户网站](http://www.example.gov.cn/a_(b).html)。![图](x.png)\n"
      "<!-- image -->\n"
      "![](only-an-image.png)\n"
      "换行<br>之后<span style=\"x\">文字</span>\n"
      "\\*不是强调\\* a&amp;b&nbsp;c &#x3000;\n"
      "-\n"
      "—4—\n"
      "2025 年 1 月\n"
      "---\n"
      "***\n"
      "标题\n"
      "===\n"
      "[ref]: http://example.com\n"
      "2*3 与 5 * 6 和 a**b\n");
  EXPECT_EQ(paragraphs(d), (Row{
                               "沐阳县人民政府 2025 年 政府信息公开工作年度报告",
                               "(一) 系统化推进主动公开。",
                               "二、工作安排",
                               "引文",
                               "一是拓宽主动公开渠道",
                               "二是提升公开质量",
                               "属于国家秘密",
                               "第十二项",
                               "1.本机关不掌握相关政府信息",
                               "加粗与代码和强调及删除",
                               "详见门户网站。",
                               "换行\n之后文字",
                               "*不是强调* a&b c",
                               "-",
                               "—4—",
                               "2025 年 1 月",
                               "标题",
                               "2*3 与 5 * 6 和 a**b",
                           }));
  EXPECT_TRUE(tables(d).empty());
}

TEST(MarkdownAdapter, CellsLoseInlineSyntaxToo) {
  const Document d = read_markdown("| **总计** | `12` | 商业<br>企业 | [a](b) |\n|---|---|---|---|\n");
  EXPECT_EQ(row_texts(*tables(d).at(0), 0), (Row{"总计", "12", "商业\n企业", "a"}));
}

TEST(MarkdownAdapter, FencedCodeIsVerbatimText) {
  const Document d = read_markdown("```\n| a | b |\n|---|---|\n**x**\n```\n| c | d |\n|---|---|\n");
  EXPECT_EQ(paragraphs(d), (Row{"| a | b |", "|---|---|", "**x**"}));
  ASSERT_EQ(tables(d).size(), 1u);
  EXPECT_EQ(row_texts(*tables(d)[0], 0), (Row{"c", "d"}));
}

TEST(MarkdownAdapter, SpansPointAtTheSource) {
  const Document d = read_markdown("## 表二\r\n\r\n|  规章 | 22 |\r\n|---|---|\r\n| **行政** |  |\r\n- 一是\n");
  ASSERT_EQ(d.blocks.size(), 3u);
  EXPECT_EQ(source_of(d, d.blocks[0].span), "表二");
  const Table& t = d.blocks[1].table;
  EXPECT_EQ(source_of(d, d.blocks[1].span), "|  规章 | 22 |\r\n|---|---|\r\n| **行政** |  |");
  EXPECT_EQ(source_of(d, t.span), source_of(d, d.blocks[1].span));
  EXPECT_EQ(source_of(d, t.at(0, 0)->span), "规章");
  EXPECT_EQ(source_of(d, t.at(0, 1)->span), "22");
  EXPECT_EQ(source_of(d, t.at(1, 0)->span), "**行政**");
  EXPECT_EQ(t.at(1, 0)->text, "行政");
  const Cell* empty = t.at(1, 1);
  EXPECT_EQ(empty->span.begin, empty->span.end);
  EXPECT_EQ(d.text[empty->span.begin - 1], '|');
  EXPECT_EQ(source_of(d, d.blocks[2].span), "一是");
  const LineIndex lines(d.text);
  const Location l = lines.locate(t.at(0, 1)->span.begin);
  EXPECT_EQ(l.line, 3u);
  EXPECT_EQ(l.column, 9u);
}

TEST(MarkdownAdapter, TruncatedInputKeepsWhatIsThere) {
  // Cut inside a row, inside a rule, inside inline syntax and inside a multi-byte character.
  const Document a = read_markdown("| 规章 | 0 |\n|---|---|\n| 行政规范性文件 | 6");
  const Table& t = *tables(a).at(0);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(row_texts(t, 1), (Row{"行政规范性文件", "6"}));

  const Document b = read_markdown("| 规章 | 0 |\n|--");
  ASSERT_EQ(tables(b).size(), 1u);
  EXPECT_EQ(tables(b)[0]->rows.size(), 1u);

  const Document c = read_markdown("详见[门户网站](http://ex **加粗 `代码");
  EXPECT_EQ(paragraphs(c), (Row{"详见[门户网站](http://ex **加粗 `代码"}));

  const std::string cut = std::string("| 规章 | 0 |\n|---|---|\n| 行政") + "\xE8\xA7";
  const Document e = read_markdown(cut);
  const Table& te = *tables(e).at(0);
  ASSERT_EQ(te.rows.size(), 2u);
  EXPECT_EQ(te.at(1, 0)->text, std::string("行政") + "\xE8\xA7");
}

TEST(MarkdownAdapter, EmptyAndBlankInputGiveNoBlocks) {
  EXPECT_TRUE(read_markdown("").blocks.empty());
  EXPECT_TRUE(read_markdown("\n\r\n   \n\t\n").blocks.empty());
  EXPECT_TRUE(read_markdown("|---|---|\n---\n<!-- x -->\n").blocks.empty());
  EXPECT_EQ(read_markdown("").format, SourceFormat::Markdown);
}

TEST(MarkdownAdapter, HostileNestingStaysLinear) {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "[**`*";
  s += "\n";
  for (int i = 0; i < 20000; ++i) s += "|";
  s += "\n|---|\n";
  const Document d = read_markdown(s);
  EXPECT_FALSE(d.blocks.empty());
}

TEST(Markdown, ARawHtmlTableIsReadAsAGridWithItsPlaceInTheMarkdown) {
  const std::string md = "# 某县人民政府2024年政府信息公开工作年度报告\n\n三、收到和处理政府信息公开申请情况\n\n"
                         "<table>\n<tr><td rowspan=\"2\">申请人情况</td><td>自然人</td></tr>\n<tr><td>17</td></tr>\n</table>\n\n"
                         "五、存在的主要问题及改进情况\n";
  EXPECT_TRUE(looks_like_markdown(md));
  const Document doc = read_markdown(md);
  const Block* table = nullptr;
  for (const Block& b : doc.blocks)
    if (b.kind == BlockKind::Table) table = &b;
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(table->table.geometric);
  const Cell* seventeen = table->table.at(1, 1);
  ASSERT_NE(seventeen, nullptr);
  EXPECT_EQ(seventeen->text, "17");
  EXPECT_EQ(md.substr(seventeen->span.begin, seventeen->span.end - seventeen->span.begin), "17");
}
