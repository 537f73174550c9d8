#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "corpus.hpp"
#include "gongkai/error.hpp"
#include "gongkai/match/matcher.hpp"
#include "gongkai/match/parse.hpp"
#include "gongkai/read/text_adapter.hpp"

using namespace gongkai;

namespace {

using CellFn = std::function<std::string(int, int)>;

std::string cell(const std::string& text) { return "\t" + text + "\n"; }

// A report in the layout of text extracted from .docx, with table 3 and 4 cells from functions.
std::string docx_text_report(const CellFn& t3, const CellFn& t4, bool single_other = false,
                             int skip_row = -1) {
  std::string s = "某某县某某镇人民政府\n2023年政府信息公开工作年度报告\n\n";
  s += "本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n一、总体情况\n全年共收到政府信息公开申请5件。\n";
  s += "二、主动公开政府信息情况\n";
  s += cell("第二十条第（一）项") + "\n";
  s += cell("信息内容") + cell("本年制发件数") + cell("本年废止件数") + cell("现行有效件数") + "\n";
  s += cell("规章") + cell("1") + cell("2") + cell("3") + "\n";
  s += cell("行政规范性文件") + cell("4") + cell("5") + cell("6") + "\n";
  s += cell("第二十条第（五）项") + "\n" + cell("信息内容") + cell("本年处理决定数量") + "\n";
  s += cell("行政许可") + cell("7") + "\n";
  s += cell("第二十条第（六）项") + "\n" + cell("信息内容") + cell("本年处理决定数量") + "\n";
  s += cell("行政处罚") + cell("8") + "\n" + cell("行政强制") + cell("9") + "\n";
  s += cell("第二十条第（八）项") + "\n" + cell("信息内容") + cell("本年收费金额（单位：万元）") + "\n";
  s += cell("行政事业性收费") + cell("10.5") + "\n\n";
  s += "三、收到和处理政府信息公开申请情况\n";
  s += cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") + cell("申请人情况") + "\n";
  s += cell("") + cell("自然人") + cell("法人或其他组织") + cell("总计") + "\n";
  s += cell("") + cell("") + "\t商业\n企业\n" + cell("科研机构") + cell("社会公益组织") + cell("法律服务机构") + cell("其他") + cell("") + "\n";
  struct RowLabels {
    std::string outer, middle, inner;
  };
  std::vector<RowLabels> rows = {
      {"一、本年新收政府信息公开申请数量", "", ""},
      {"二、上年结转政府信息公开申请数量", "", ""},
      {"三、本年度办理结果", "（一）予以公开", ""},
      {"", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""},
      {"", "（三）不予公开", "1.属于国家秘密"},
      {"", "", "2.其他法律行政法规禁止公开"},
      {"", "", "3.危及“三安全一稳定”"},
      {"", "", "4.保护第三方合法权益"},
      {"", "", "5.属于三类内部事务信息"},
      {"", "", "6.属于四类过程性信息"},
      {"", "", "7.属于行政执法案卷"},
      {"", "", "8.属于行政查询事项"},
      {"", "（四）无法提供", "1.本机关不掌握相关政府信息"},
      {"", "", "2.没有现成信息需要另行制作"},
      {"", "", "3.补正后申请内容仍不明确"},
      {"", "（五）不予处理", "1.信访举报投诉类申请"},
      {"", "", "2.重复申请"},
      {"", "", "3.要求提供公开出版物"},
      {"", "", "4.无正当理由大量反复申请"},
      {"", "", "5.要求行政机关确认或重新出具已获取信息"},
      {"", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
      {"", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
      {"", "", "3.其他"},
      {"", "（七）总计", ""},
      {"四、结转下年度继续办理", "", ""},
  };
  for (int r = 0; r < 25; ++r) {
    if (r == skip_row) continue;
    if (single_other && (r == 21 || r == 22)) continue;
    RowLabels l = rows[static_cast<std::size_t>(r)];
    if (single_other && r == 20) l.inner.clear();
    if (r < 2 || r == 24) s += cell(l.outer);
    else {
      s += cell(l.outer) + cell(l.middle);
      if (!l.inner.empty()) s += cell(l.inner);
    }
    // the single other row carries table 3 row index 25 (Table3Row::Other)
    const int data_row = single_other && r == 20 ? 25 : r;
    for (int c = 0; c < 7; ++c) s += cell(t3(data_row, c));
    s += "\n";
  }
  s += "\n四、政府信息公开行政复议、行政诉讼情况\n";
  s += cell("行政复议") + cell("行政诉讼") + "\n";
  for (auto w : {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}) s += cell(w);
  s += cell("未经复议直接起诉") + cell("复议后起诉") + "\n";
  for (int k = 0; k < 5; ++k) s += cell("");
  for (int b = 0; b < 2; ++b)
    for (auto w : {"结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"}) s += "\t" + std::string(w) + "\n";
  s += "\n";
  for (int b = 0; b < 3; ++b)
    for (int v = 0; v < 5; ++v) s += cell(t4(b, v));
  s += "\n\n五、存在的主要问题及改进情况\n人员不足。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";
  return s;
}

std::string distinct3(int r, int c) { return std::to_string(r * 10 + c); }
std::string distinct4(int b, int v) { return std::to_string(100 + b * 5 + v); }

Report parse_text(const std::string& s) { return match_report(read_text(s)); }

// The report of docx_text_report without its two title lines.
std::string distinct_report_without_title() {
  std::string s = docx_text_report(distinct3, distinct4);
  return s.substr(s.find("本报告所列数据"));
}

bool has_rule(const Report& r, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return true;
  return false;
}

}  // namespace

TEST(Matcher, ReadsEveryCellOfATextReport) {
  const Report r = parse_text(docx_text_report(distinct3, distinct4));
  EXPECT_EQ(r.agency, "某某县某某镇人民政府");
  EXPECT_EQ(r.year, 2023);
  EXPECT_EQ(r.template_id, TemplateId::T2021);
  ASSERT_EQ(r.table3.values.rows(), 25);
  for (int row = 0; row < 25; ++row)
    for (int c = 0; c < 7; ++c) EXPECT_EQ(r.table3.values(row, c), row * 10 + c) << row << "," << c;
  for (int b = 0; b < 3; ++b)
    for (int v = 0; v < 5; ++v) EXPECT_EQ(r.table4.values(b, v), 100 + b * 5 + v);
  ASSERT_EQ(r.table2.values.rows(), 10);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(r.table2.values(i, 0), i + 1);
  EXPECT_DOUBLE_EQ(r.table2.values(9, 0), 10.5);
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
}

TEST(Matcher, FindsTheSixSections) {
  const Report r = parse_text(docx_text_report(distinct3, distinct4));
  for (bool found : r.section_found) EXPECT_TRUE(found);
  EXPECT_EQ(r.sections[0], "全年共收到政府信息公开申请5件。");
  EXPECT_EQ(r.sections[5], "本年度未收取信息处理费。");
}

TEST(Matcher, BlankSlashDashAndNilStayMissingAndDistinct) {
  const auto t3 = [](int r, int c) -> std::string {
    if (r == 0 && c == 2) return "";
    if (r == 0 && c == 3) return "/";
    if (r == 0 && c == 4) return "—";
    if (r == 0 && c == 5) return "无";
    return "0";
  };
  const Report r = parse_text(docx_text_report(t3, distinct4));
  EXPECT_EQ(r.table3.state(0, 2), static_cast<std::uint8_t>(CellState::Blank));
  EXPECT_EQ(r.table3.state(0, 3), static_cast<std::uint8_t>(CellState::Slash));
  EXPECT_EQ(r.table3.state(0, 4), static_cast<std::uint8_t>(CellState::Dash));
  EXPECT_EQ(r.table3.state(0, 5), static_cast<std::uint8_t>(CellState::Nil));
  EXPECT_EQ(r.table3.state(0, 6), static_cast<std::uint8_t>(CellState::Value));
  EXPECT_TRUE(std::isnan(r.table3.values(0, 2)));
  EXPECT_EQ(r.table3.values(0, 6), 0.0);
  EXPECT_EQ(r.table3.origin_at(0, 3).raw, "/");
  EXPECT_EQ(r.table3.origin_at(0, 5).raw, "无");
}

TEST(Matcher, UnreadableCellIsReportedNotGuessed) {
  const auto t3 = [](int r, int c) -> std::string { return r == 1 && c == 1 ? "约5" : "0"; };
  const Report r = parse_text(docx_text_report(t3, distinct4));
  EXPECT_EQ(r.table3.state(1, 1), static_cast<std::uint8_t>(CellState::Text));
  EXPECT_TRUE(std::isnan(r.table3.values(1, 1)));
  EXPECT_EQ(r.table3.values(1, 2), 0.0);
  bool found = false;
  for (const auto& f : r.findings)
    if (f.rule == "cell.text") {
      found = true;
      ASSERT_EQ(f.cells.size(), 1u);
      EXPECT_EQ(f.cells[0], "table3/carried_over/commercial");
      EXPECT_GT(f.location.line, 0u);
    }
  EXPECT_TRUE(found);
}

TEST(Matcher, ACountNoAgencyHasIsTextNamedNotANumber) {
  // 10,000,000 applications or more in a cell of table 3 or 4: read as text, never as a count
  const auto t3 = [](int r, int c) -> std::string {
    if (r == 0 && c == 0) return "123456789012345";
    if (r == 0 && c == 1) return "9999999";  // the largest count kept
    return "0";
  };
  const Report r = parse_text(docx_text_report(t3, distinct4));
  EXPECT_EQ(r.table3.state(0, 0), static_cast<std::uint8_t>(CellState::Text));
  EXPECT_TRUE(std::isnan(r.table3.values(0, 0)));
  EXPECT_EQ(r.table3.origin_at(0, 0).raw, "123456789012345");
  EXPECT_EQ(r.table3.values(0, 1), 9999999.0);
  int named = 0;
  for (const auto& f : r.findings) {
    if (f.rule == "cell.implausible") {
      ++named;
      ASSERT_EQ(f.cells.size(), 1u);
      EXPECT_EQ(f.cells[0], "table3/new/natural_person");
      EXPECT_NE(f.message.find("10,000,000 or more"), std::string::npos) << f.message;
    }
    EXPECT_NE(f.rule, "cell.text");  // said once, by its own rule
  }
  EXPECT_EQ(named, 1);
}

TEST(Matcher, MissingRowIsReportedWithItsCells) {
  const Report r = parse_text(docx_text_report(distinct3, distinct4, false, 7));
  EXPECT_EQ(r.table3.state(7, 0), static_cast<std::uint8_t>(CellState::Absent));
  bool found = false;
  for (const auto& f : r.findings)
    if (f.rule == "parse.row_missing" && !f.cells.empty() && f.cells[0] == "table3/denied_third_party/natural_person")
      found = true;
  EXPECT_TRUE(found);
  EXPECT_EQ(r.table3.values(8, 0), 80);  // the rows after it are still in place
}

TEST(Matcher, SingleOtherRowGivesTheShortLayout) {
  const Report r = parse_text(docx_text_report(distinct3, distinct4, true));
  EXPECT_EQ(r.table3_layout, Table3Layout::SingleOther);
  ASSERT_EQ(r.table3_rows.size(), 23u);
  const int other = r.table3_row_index(Table3Row::Other);
  ASSERT_GE(other, 0);
  EXPECT_EQ(r.table3.values(other, 6), 256);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::TotalProcessed), 0), 230);
  EXPECT_FALSE(has_rule(r, "parse.row_missing"));
}

TEST(Matcher, WrongCellCountInARowIsReported) {
  std::string s = docx_text_report(distinct3, distinct4);
  // drop one value cell of the row 二、上年结转
  const std::string row = "\t二、上年结转政府信息公开申请数量\n\t10\n";
  const auto at = s.find(row);
  ASSERT_NE(at, std::string::npos);
  s.erase(at + row.size() - 4, 4);
  const Report r = parse_text(s);
  EXPECT_TRUE(has_rule(r, "parse.row_cells"));
  EXPECT_EQ(r.table3.state(1, 0), static_cast<std::uint8_t>(CellState::Text));
  EXPECT_EQ(r.table3.values(2, 0), 20);
}

TEST(Matcher, GeometricTableMapsColumnsBySlot) {
  // Like an HTML table: a merged vertical label and a merged header cell.
  Document doc;
  doc.format = SourceFormat::Html;
  Block h;
  h.kind = BlockKind::Paragraph;
  h.text = "三、收到和处理政府信息公开申请情况";
  doc.blocks.push_back(h);
  Block b;
  b.kind = BlockKind::Table;
  Table& t = b.table;
  t.geometric = true;
  auto add = [&](std::string text, int colspan = 1) {
    Cell c;
    c.text = doc.keep(std::move(text));
    c.colspan = colspan;
    t.cells.push_back(c);
    return static_cast<std::int32_t>(t.cells.size() - 1);
  };
  const auto corner = add("申请人情况", 2);
  const auto np = add("自然人");
  const auto legal = add("法人或其他组织", 5);
  const auto total = add("总计");
  t.rows.push_back({corner, corner, np, legal, legal, legal, legal, legal, total});
  std::vector<std::int32_t> r2 = {corner, corner, np};
  for (auto w : {"商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}) r2.push_back(add(w));
  r2.push_back(total);
  t.rows.push_back(r2);
  const auto vlabel = add("三、本\n年度办\n理结果");
  std::vector<std::int32_t> r3 = {vlabel, add("（一）予以公开")};
  for (int c = 0; c < 7; ++c) r3.push_back(add(std::to_string(c + 1)));
  t.rows.push_back(r3);
  std::vector<std::int32_t> r4 = {vlabel, add("（二）部分公开")};
  for (int c = 0; c < 7; ++c) r4.push_back(c == 3 ? -1 : add(std::to_string(10 + c)));
  t.rows.push_back(r4);
  doc.blocks.push_back(b);
  const Report r = match_report(doc);
  const int granted = r.table3_row_index(Table3Row::Granted);
  const int partial = r.table3_row_index(Table3Row::PartiallyGranted);
  for (int c = 0; c < 7; ++c) EXPECT_EQ(r.table3.values(granted, c), c + 1);
  EXPECT_EQ(r.table3.values(partial, 2), 12);
  EXPECT_EQ(r.table3.state(partial, 3), static_cast<std::uint8_t>(CellState::Absent));  // a hole, not a 0
  EXPECT_EQ(r.table3.values(partial, 4), 14);
}

TEST(Matcher, TextWithoutReportIsNotAReport) {
  const Report r = parse_text("这是一段普通的文字。\n没有任何表格。\n");
  EXPECT_EQ(r.template_id, TemplateId::None);
  EXPECT_TRUE(has_rule(r, "parse.not_a_report"));
}

TEST(Matcher, TitleFormsGiveAgencyAndYear) {
  EXPECT_EQ(parse_text("2025年上海市人民政府办公厅政府信息公开工作年度报告\n").agency, "上海市人民政府办公厅");
  const Report r = parse_text("平潭综合实验区2024年度政府信息公开工作年度报告\n");
  EXPECT_EQ(r.agency, "平潭综合实验区");
  EXPECT_EQ(r.year, 2024);
}

TEST(Matcher, AgencyFromTheSignatureWhenNoTitleNamesIt) {
  std::string s = distinct_report_without_title();
  s += "\n某某县交通运输局\n2024年1月20日\n";
  const Report r = parse_text(s);
  EXPECT_EQ(r.agency, "某某县交通运输局");
  EXPECT_TRUE(has_rule(r, "parse.agency_from_text"));
  // a closing sentence is no signature
  EXPECT_EQ(parse_text(distinct_report_without_title() + "\n特此报告。\n").agency, "");
}

TEST(Matcher, YearFromThePeriodWhenTheTitleHasNone) {
  const Report r = parse_text("政府信息公开工作年度报告\n本报告所列数据统计期限为2022年1月1日至2022年12月31日。\n");
  EXPECT_EQ(r.year, 2022);
}

TEST(Parse, RejectsEmptyBinaryAndKnownFormatsClearly) {
  EXPECT_THROW(parse_report(""), ParseError);
  EXPECT_THROW(parse_report(" \n\t"), ParseError);
  EXPECT_THROW(parse_report("%PDF-1.7 ..."), ParseError);
  EXPECT_THROW(parse_report(std::string("PK\x03\x04rest", 8)), ParseError);
  EXPECT_THROW(parse_report(std::string("\x7f" "ELF\0\0\0", 7)), EncodingError);
}

// The corpus folder: GONGKAI_CORPUS as the test runs, else the build's default.
TEST(Corpus, SetGongkaiCorpusWinsOverTheBuildDefault) {
  const char* was = std::getenv("GONGKAI_CORPUS");
  const std::string saved = was != nullptr ? was : "";
  const std::filesystem::path empty = std::filesystem::temp_directory_path() / "gongkai-no-corpus";
  std::filesystem::create_directories(empty);
  ::setenv("GONGKAI_CORPUS", empty.c_str(), 1);
  EXPECT_EQ(gongkai_test::corpus_dir(), empty);
  EXPECT_FALSE(gongkai_test::corpus_root().has_value());  // no reports/ in it: no corpus
  EXPECT_NE(gongkai_test::no_corpus_message().find(empty.string()), std::string::npos);
  ::setenv("GONGKAI_CORPUS", "", 1);  // set but empty: the default
  EXPECT_EQ(gongkai_test::corpus_dir(), std::filesystem::path(GONGKAI_CORPUS_DEFAULT));
  ::unsetenv("GONGKAI_CORPUS");
  EXPECT_EQ(gongkai_test::corpus_dir(), std::filesystem::path(GONGKAI_CORPUS_DEFAULT));
  if (was != nullptr) ::setenv("GONGKAI_CORPUS", saved.c_str(), 1);
}

TEST(Corpus, TownshipDocxTextParsesCompletely) {
  GONGKAI_CORPUS_OR_SKIP(root);
  const auto text = gongkai_test::read_bytes(root / "reports" / "julu_guantingzhen_2024.txt");
  ASSERT_TRUE(text.has_value()) << "the corpus at " << root << " has no reports/julu_guantingzhen_2024.txt";
  const Report r = parse_report(*text);
  EXPECT_EQ(r.agency, "巨鹿县官亭镇人民政府");
  EXPECT_EQ(r.year, 2024);
  EXPECT_EQ(r.template_id, TemplateId::T2021);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.table3.values.rows(), 25);
  EXPECT_TRUE((r.table3.values.array() == 0).all());
  EXPECT_TRUE((r.table4.values.array() == 0).all());
  EXPECT_EQ(r.sections[5], "无");
}
