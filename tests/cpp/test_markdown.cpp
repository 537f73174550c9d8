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
    if (b.kind == BlockKind::Paragraph) out.emplace_back(b.text);
  return out;
}

std::vector<std::string> row_texts(const Table& t, std::size_t row) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.rows[row].size(); ++i) out.emplace_back(t.at(row, i)->text);
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

namespace {

const char* const kTable3Header =
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  |  | 申请人情况 |  |  |  |  |  |  |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
    "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |\n"
    "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |\n";

const Table* stream_table(const Document& d, std::size_t k) {
  std::size_t n = 0;
  for (const Block& b : d.blocks)
    if (b.kind == BlockKind::Table && b.table.stream && n++ == k) return &b.table;
  return nullptr;
}

std::uint8_t state(const TableData& t, int r, int c) { return t.state(r, c); }
constexpr auto kBlank = static_cast<std::uint8_t>(CellState::Blank);
constexpr auto kValue = static_cast<std::uint8_t>(CellState::Value);

}  // namespace

TEST(MarkdownStream, AnEmptyPipeCellAmongValuesIsABlankInItsPlace) {
  const std::string md = std::string("# 某县人民政府2024年政府信息公开工作年度报告\n\n## 二、主动公开政府信息情况\n\n") +
                         "| 第二十条第（一）项 |  |  |  |\n|---|---|---|---|\n"
                         "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
                         "| 规章 | 3 |  | 27 |\n"
                         "| 行政规范性文件 | 1 | 0 | 5 |\n"
                         "| 第二十条第（五）项 |  |  |  |\n"
                         "| 信息内容 | 本年处理决定数量 |  |  |\n"
                         "| 行政许可 | 1804 |  |  |\n\n"
                         "## 三、收到和处理政府信息公开申请情况\n\n" +
                         kTable3Header +
                         "| 一、本年新收政府信息公开申请数量 |  |  | 55 | 2 | 0 | 1 | 2 |  | 60 |\n"
                         "| 二、上年结转政府信息公开申请数量 |  |  |  | 0 | 0 | 0 | 0 | 0 | 4 |\n"
                         "| 三、本年度办理结果 | （一）予以公开 |  | 23 | 2 | 0 | 0 | 0 | 0 |  |\n\n"
                         "## 四、政府信息公开行政复议、行政诉讼情况\n\n"
                         "| 行政复议 |  |  |  |  | 行政诉讼 |  |  |  |  |  |  |  |  |  |\n"
                         "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
                         "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |\n"
                         "|  |  |  |  |  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                         "|  | 0 | 0 | 0 | 0 | 1 |  | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 1 |\n\n"
                         "## 五、存在的主要问题及改进情况\n\n无。\n";
  // the stream keeps an empty value cell as an empty token in its place; the empties beside a
  // label (the rest of a merged cell) and in header rows are not values
  const Document d = read_markdown(md);
  const Table* t2 = stream_table(d, 0);
  ASSERT_NE(t2, nullptr);
  EXPECT_EQ(row_texts(*t2, 2), (Row{"规章", "3", "", "27"}));
  EXPECT_EQ(row_texts(*t2, 6), (Row{"行政许可", "1804", "", ""}));
  const Table* t3 = stream_table(d, 1);
  ASSERT_NE(t3, nullptr);
  EXPECT_EQ(row_texts(*t3, 1), (Row{"自然人", "法人或其他组织", "总计"}));
  EXPECT_EQ(row_texts(*t3, 3), (Row{"一、本年新收政府信息公开申请数量", "55", "2", "0", "1", "2", "", "60"}));
  EXPECT_EQ(row_texts(*t3, 4), (Row{"二、上年结转政府信息公开申请数量", "", "0", "0", "0", "0", "0", "4"}));
  const Cell* blank = t3->at(3, 6);
  ASSERT_NE(blank, nullptr);
  EXPECT_EQ(blank->span.begin, blank->span.end);
  EXPECT_EQ(md[blank->span.begin - 1], '|');

  // the matcher reads each blank in its cell, none shifted (trailing empties past a row's
  // columns are no cells: 行政许可 has one)
  const Report r = parse_report(md);
  ASSERT_EQ(r.template_id, TemplateId::T2021);
  auto t2cell = [&](Table2Field f) { return r.table2_field_index(f); };
  EXPECT_EQ(state(r.table2, t2cell(Table2Field::RegulationsRepealed), 0), kBlank);
  EXPECT_EQ(r.table2.values(t2cell(Table2Field::RegulationsInForce), 0), 27);
  EXPECT_EQ(r.table2.values(t2cell(Table2Field::LicensingDecisions), 0), 1804);
  const int fresh = r.table3_row_index(Table3Row::New);
  const int carried = r.table3_row_index(Table3Row::CarriedOver);
  const int granted = r.table3_row_index(Table3Row::Granted);
  EXPECT_EQ(r.table3.values(fresh, 4), 2);
  EXPECT_EQ(state(r.table3, fresh, 5), kBlank);
  EXPECT_EQ(r.table3.values(fresh, 6), 60);
  EXPECT_EQ(state(r.table3, carried, 0), kBlank);
  EXPECT_EQ(r.table3.values(carried, 1), 0);
  EXPECT_EQ(r.table3.values(carried, 6), 4);
  EXPECT_EQ(r.table3.values(granted, 0), 23);
  EXPECT_EQ(state(r.table3, granted, 6), kBlank);
  EXPECT_EQ(state(r.table4, 0, 0), kBlank);
  EXPECT_EQ(state(r.table4, 0, 1), kValue);
  EXPECT_EQ(r.table4.values(1, 0), 1);
  EXPECT_EQ(state(r.table4, 1, 1), kBlank);
  EXPECT_EQ(r.table4.values(2, 4), 1);
  for (const Finding& f : r.findings) EXPECT_NE(f.rule, "parse.row_cells") << f.message;
}

TEST(MarkdownStream, EmptyCellsOfRaggedRowsAreNotValues) {
  // as markitdown writes merged cells: a spanned cell is left out, a spanning one is followed
  // by empty cells; without a row whose first value follows its label, the empties before a
  // row's first value are the label's. An empty cell closing a row past its last column is a
  // border, not a cell.
  const std::string md = std::string("## 三、收到和处理政府信息公开申请情况\n\n") +
                         "|  |  |  |  |  |  |  |  |  |  |\n|---|---|---|---|---|---|---|---|---|---|\n"
                         "| 一、本年新收政府信息公开申请数量 | | | 18 | 1 | 1 |  | 0 | 2 | 22 |\n"
                         "| 三、本年度办理结果 | （一）予以公开 | | 8 | 0 | 0 | 0 | 0 | 1 | 9 |\n"
                         "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 3 |  | 1 | 0 | 0 | 0 | 4 |\n\n"
                         "| 1.属于国家秘密 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |  |\n|---|---|---|---|---|---|---|---|---|\n"
                         "| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |\n"
                         "| 3.危及“三安全一稳定” | 1 | 0 | 0 | 0 | 0 | 0 | 1 |  |\n";
  const Document d = read_markdown(md);
  const Table* t = stream_table(d, 0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(row_texts(*t, 0), (Row{"一、本年新收政府信息公开申请数量", "18", "1", "1", "", "0", "2", "22"}));
  EXPECT_EQ(row_texts(*t, 2), (Row{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3", "", "1", "0", "0", "0", "4"}));
  const Report r = parse_report(md);
  const int fresh = r.table3_row_index(Table3Row::New);
  const int partly = r.table3_row_index(Table3Row::PartiallyGranted);
  const int secret = r.table3_row_index(Table3Row::DeniedStateSecret);
  const int security = r.table3_row_index(Table3Row::DeniedSecurityStability);
  EXPECT_EQ(state(r.table3, fresh, 3), kBlank);
  EXPECT_EQ(r.table3.values(fresh, 6), 22);
  EXPECT_EQ(state(r.table3, partly, 1), kBlank);
  EXPECT_EQ(r.table3.values(partly, 6), 4);
  EXPECT_EQ(r.table3.values(secret, 0), 4);
  EXPECT_EQ(r.table3.values(secret, 6), 4);
  EXPECT_EQ(r.table3.values(security, 6), 1);
  for (const Finding& f : r.findings) EXPECT_NE(f.rule, "parse.row_cells") << f.message;
}

TEST(MarkdownStream, EmptiesOnBothSidesOfARowWithoutOthersToCompareAreNotRead) {
  // "| 政府集中采购 |  | 0 |  |" alone: a blank and a value, or a merged label, a value and a
  // blank? Reading either way could shift the value into the wrong column.
  const std::string md = "## 二、主动公开政府信息情况\n\n"
                         "| 信息内容 | 采购项目数量 | 采购总金额 |  |\n\n"
                         "| 政府集中采购 |  | 0 |  |\n\n"
                         "| 行政许可 |  | 12 | 5 |\n";
  const Document d = read_markdown(md);
  const Table* t = stream_table(d, 0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(row_texts(*t, 1), (Row{"政府集中采购", "0"}));
  EXPECT_EQ(row_texts(*t, 2), (Row{"行政许可", "12", "5"}));
}

TEST(MarkdownStream, AMergedLabelRepeatedInEveryRowIsReadOnce) {
  const std::string md = std::string("## 三、收到和处理政府信息公开申请情况\n\n") + kTable3Header +
                         "| 三、本年度办理结果 | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
                         "| 三、本年度办理结果 | （六）其他处理 | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
                         "| 三、本年度办理结果 | （六）其他处理 | 3.其他 | 3 | 0 | 0 | 0 | 0 | 1 | 4 |\n"
                         "| 三、本年度办理结果 | （七）总计 | （七）总计 | 4 | 0 | 0 | 0 | 0 | 1 | 5 |\n";
  const Document d = read_markdown(md);
  const Table* t = stream_table(d, 0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(row_texts(*t, 5), (Row{"3.其他", "3", "0", "0", "0", "0", "1", "4"}));
  EXPECT_EQ(row_texts(*t, 6), (Row{"（七）总计", "（七）总计", "4", "0", "0", "0", "0", "1", "5"}));
  const Report r = parse_report(md);
  const int misc = r.table3_row_index(Table3Row::OtherMisc);
  ASSERT_GE(misc, 0);
  EXPECT_EQ(r.table3.values(misc, 0), 3);
  EXPECT_EQ(r.table3.values(misc, 5), 1);
  EXPECT_EQ(r.table3.values(misc, 6), 4);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::OtherUnpaidFee), 6), 1);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::TotalProcessed), 6), 5);
}

TEST(MarkdownStream, CellsAreReadWithoutTheirMarkup) {
  const std::string md = "## 二、主动公开政府信息情况\n\n"
                         "| 信息内容 | 本年新  制作数量 | 本年新公开数量 | 对外公开总数量 |\n|---|---|---|---|\n"
                         "| <span style=\"font-family:宋体\">规章</span> | **3** | <span>1</span> | 2 |\n";
  const Document d = read_markdown(md);
  const Table* t = stream_table(d, 0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(row_texts(*t, 0), (Row{"信息内容", "本年新  制作数量", "本年新公开数量", "对外公开总数量"}));
  EXPECT_EQ(row_texts(*t, 1), (Row{"规章", "3", "1", "2"}));
  EXPECT_EQ(source_of(d, t->at(1, 1)->span), "3");
  EXPECT_EQ(source_of(d, t->at(1, 2)->span), "1");
}

TEST(MarkdownAdapter, AnHtmlTagBrokenOverLinesIsOneParagraph) {
  // pandoc wraps raw HTML inside its markdown at the spaces of a tag
  const std::string md = "<div class=\"article\">\n\n<span\nstyle=\"font-size:16.0pt;font-family:黑体\">二、主动公开政府信息情况</span>\n\n"
                         "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n\n</div>\n";
  EXPECT_EQ(sniff_format(md), FormatHint::Markdown);
  EXPECT_EQ(sniff_format("<div>\n<p>二、主动公开政府信息情况</p>\n</div>\n"), FormatHint::Html);
  EXPECT_EQ(sniff_format("<div>\n<table>\n<tr><td>规章</td></tr>\n</table>\n</div>\n"), FormatHint::Html);
  const Document d = read_markdown(md);
  EXPECT_EQ(paragraphs(d), (Row{"二、主动公开政府信息情况"}));
  EXPECT_EQ(read_markdown("<span\nstyle=\"x\"\n").blocks.size(), 2u);  // never closed: lines stay lines
}

// ---- pandoc's own table forms (`pandoc -t markdown`)

TEST(MarkdownSniffing, FindsPandocGridAndColumnTables) {
  EXPECT_TRUE(looks_like_markdown("正文\n+------+-----+\n| 规章 | 0   |\n+------+-----+\n"));
  EXPECT_TRUE(looks_like_markdown("  ------ -----\n  规章   0\n  ------ -----\n"));
  EXPECT_FALSE(looks_like_markdown("正文\n  ------ -----\n正文\n"));  // one line of dashes is no table
}

TEST(PandocTables, AGridTableJoinsACellsWrappedLinesAndTheDigitsOfANumber) {
  // pandoc wraps a cell's content to the column's width, inside words and numbers; "[…]{…}" is
  // a span with attributes, broken anywhere
  const Document d = read_markdown(
      "[二、主动公开政府信息情况]{style=\"font-size:16.0pt\"}\n\n"
      "+-----------------+-----------------+\n"
      "| [信息内容       | [本年新制作数量 |\n"
      "| ]{style=\"font-  | ]{style=\"font-  |\n"
      "| size:10.5pt\"}   | size:10.5pt\"}   |\n"
      "+-----------------+-----------------+\n"
      "| [规范性文件     | [1              |\n"
      "| ]{style=\"font-  | 2]{lang=\"EN-US\" |\n"
      "| size:10.5pt\"}   | style=\"fon      |\n"
      "|                 | t-size:10.5pt\"} |\n"
      "+-----------------+-----------------+\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 1u);
  const Table& t = *ts[0];
  EXPECT_FALSE(t.geometric);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(row_texts(t, 0), (Row{"信息内容", "本年新制作数量"}));
  EXPECT_EQ(row_texts(t, 1), (Row{"规范性文件", "12"}));
  EXPECT_EQ(source_of(d, t.at(1, 1)->span).substr(0, 2), "[1");
  EXPECT_EQ(paragraphs(d), (std::vector<std::string>{"二、主动公开政府信息情况"}));
}

TEST(PandocTables, ASimpleTableIsCutAtItsDashGroupsCountingWideCharactersTwice) {
  // headerless: dash groups above and below; "行政许可" is 8 columns wide, not 4 or 12
  const Document d = read_markdown(
      "  ---------------------- ---------------- ----------------\n"
      "  第二十条第（五）项                       \n"
      "  信息内容               上一年项目数量   本年增/减\n"
      "  行政许可               70               18\n"
      "  其他对外管理服务事项                    23\n"
      "  ---------------------- ---------------- ----------------\n"
      "\n后文\n");
  const auto ts = tables(d);
  ASSERT_EQ(ts.size(), 1u);
  const Table& t = *ts[0];
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(row_texts(t, 0), (Row{"第二十条第（五）项", "", ""}));
  EXPECT_EQ(row_texts(t, 1), (Row{"信息内容", "上一年项目数量", "本年增/减"}));
  EXPECT_EQ(row_texts(t, 2), (Row{"行政许可", "70", "18"}));
  EXPECT_EQ(row_texts(t, 3), (Row{"其他对外管理服务事项", "", "23"}));  // an empty cell stays empty
  EXPECT_EQ(paragraphs(d), (std::vector<std::string>{"后文"}));
}

TEST(PandocTables, SimpleTablesWithAHeaderAndMultilineTables) {
  const Document simple = read_markdown("  信息内容   数量\n  ---------- ------\n  规章       3\n  行政许可   12\n\n后文\n");
  auto ts = tables(simple);
  ASSERT_EQ(ts.size(), 1u);
  ASSERT_EQ(ts[0]->rows.size(), 3u);
  EXPECT_EQ(row_texts(*ts[0], 0), (Row{"信息内容", "数量"}));
  EXPECT_EQ(row_texts(*ts[0], 2), (Row{"行政许可", "12"}));

  const Document multi = read_markdown(
      "  -------------------\n"
      "  信息内容   本年\n"
      "             制发件数\n"
      "  ---------- --------\n"
      "  行政规范   1\n"
      "  性文件     2\n"
      "\n"
      "  规章       0\n"
      "  -------------------\n");
  ts = tables(multi);
  ASSERT_EQ(ts.size(), 1u);
  ASSERT_EQ(ts[0]->rows.size(), 3u);
  EXPECT_EQ(row_texts(*ts[0], 0), (Row{"信息内容", "本年\n制发件数"}));
  EXPECT_EQ(row_texts(*ts[0], 1), (Row{"行政规范\n性文件", "12"}));
  EXPECT_EQ(row_texts(*ts[0], 2), (Row{"规章", "0"}));
}

TEST(PandocTables, LinesThatOnlyLookLikeATableStayText) {
  // a dash line without its closing line, a grid border without rows
  const Document d = read_markdown("  ------ ------\n  规章   0\n\n\n正文\n+----+----+\n正文二\n");
  EXPECT_TRUE(tables(d).empty());
  EXPECT_EQ(paragraphs(d), (std::vector<std::string>{"规章   0", "正文", "+----+----+", "正文二"}));
}
