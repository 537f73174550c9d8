#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "match/detail/split.hpp"
#include "read/detail/tokens.hpp"
#include "gongkai/check/rules.hpp"
#include "gongkai/match/matcher.hpp"
#include "gongkai/read/text_adapter.hpp"

using namespace gongkai;

namespace {

std::vector<std::string> tokens(const std::string& line) {
  std::vector<detail::TokenSpan> spans;
  detail::tokenize_line(line, 0, line.size(), spans);
  std::vector<std::string> out;
  for (const auto& s : spans) out.push_back(line.substr(s.begin, s.end - s.begin));
  return out;
}

using Cuts = std::vector<std::vector<std::int64_t>>;

Cuts cuts(std::vector<std::string_view> runs, int parts, bool (*accept)(const std::vector<std::int64_t>&)) {
  bool truncated = false;
  return detail::glued_splits(runs, parts, accept, 100, truncated);
}

bool any(const std::vector<std::int64_t>&) { return true; }
bool row_adds_up(const std::vector<std::int64_t>& v) { return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] == v[6]; }

bool has_rule(const Report& r, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return true;
  return false;
}

// A report as a crawled page: the whole body on one line, every table's cells run together.
std::string flat_report(const std::string& t3_rows) {
  return "某县人民政府2023年政府信息公开工作年度报告\n本报告所列数据统计期限为2023年1月1日至2023年12月31日。"
         "一、总体情况全年办理申请。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
         "行政规范性文件6233440第二十条第（五）项信息内容本年处理决定数量行政许可4529"
         "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人"
         "法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他" +
         t3_rows +
         "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
         "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计21317000001324019"
         "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n";
}

}  // namespace

TEST(Tokens, CutGluedLabelsFromNumbers) {
  EXPECT_EQ(tokens("行政规范性文件6233440第二十条"), (std::vector<std::string>{"行政规范性文件", "6233440", "第二十条"}));
  // the item number of the next label ends the glued run
  EXPECT_EQ(tokens("40000042.其他法律"), (std::vector<std::string>{"4000004", "2.其他法律"}));
  EXPECT_EQ(tokens("1.属于国家秘密  2  0"), (std::vector<std::string>{"1.属于国家秘密", "2", "0"}));
  EXPECT_EQ(tokens("行政处罚2648-18538"), (std::vector<std::string>{"行政处罚", "2648", "-18538"}));
  EXPECT_EQ(tokens("0 |"), (std::vector<std::string>{"0"}));
  // pandoc's spans: the brackets delimit the cell, the attributes are no text of the report
  EXPECT_EQ(tokens("[３０７]{lang=\"EN-US\" style=\"font-size:10.5pt\"}   [3]{lang=\"EN-US\"}"),
            (std::vector<std::string>{"３０７", "3"}));
}

TEST(Tokens, AUnitGluedToItsValueStaysWithIt) {
  EXPECT_EQ(tokens("政府集中采购1个246900元三、收到"),
            (std::vector<std::string>{"政府集中采购", "1个", "246900元", "三、收到"}));
  EXPECT_EQ(tokens("共有3项制度"), (std::vector<std::string>{"共有", "3", "项制度"}));
}

TEST(Tokens, AnAmountWhoseUnitFollowsAfterSpacesKeepsIt) {
  // PDF text: "元" printed apart from its amount is the amount's unit, not a label
  EXPECT_EQ(tokens("     政府集中采购          26                   2317562.57 元"),
            (std::vector<std::string>{"政府集中采购", "26", "2317562.57 元"}));
  EXPECT_TRUE(read_value("2317562.57 元").yuan);
  EXPECT_EQ(tokens("收费 35.2 万元"), (std::vector<std::string>{"收费", "35.2 万元"}));
  // only the unit alone: "3 元钱" is not cut
  EXPECT_EQ(tokens("26 元钱"), (std::vector<std::string>{"26", "元钱"}));
}

TEST(Tokens, FullWidthDigitsAreDigitsInGluedRuns) {
  EXPECT_EQ(tokens("行政事业性收费３１９４.５７"), (std::vector<std::string>{"行政事业性收费", "３１９４.５７"}));
  EXPECT_EQ(tokens("规章０００行政规范性文件１１０１０２"),
            (std::vector<std::string>{"规章", "０００", "行政规范性文件", "１１０１０２"}));
  EXPECT_EQ(tokens("行政事业性收费９-１"), (std::vector<std::string>{"行政事业性收费", "９", "-１"}));
  // the last full-width digit before an item number is the item number's ("４0000042." as ASCII)
  EXPECT_EQ(tokens("４０００００４2.没有现成信息"), (std::vector<std::string>{"４０００００４", "2.没有现成信息"}));
  EXPECT_EQ(read_value("３１９４.５７").value, 3194.57);
}

TEST(Tokens, AThousandsSeparatorContinuesAGluedNumber) {
  EXPECT_EQ(tokens("行政许可82-181,516"), (std::vector<std::string>{"行政许可", "82", "-181,516"}));
  // a group is three digits: what follows it is another number
  EXPECT_EQ(tokens("行政许可1,5162"), (std::vector<std::string>{"行政许可", "1,516", "2"}));
  EXPECT_EQ(tokens("行政许可1,52"), (std::vector<std::string>{"行政许可", "1", ",", "52"}));
}

TEST(Tokens, CutALabelRunBeforeTheNextRowsLabel) {
  // sub-rows 2 and 3 under one merged cell print no values: three labels, then 总计's values
  EXPECT_EQ(tokens("2.申请人逾期未按收费通知要求缴纳费用3.其他（七）总计4000004"),
            (std::vector<std::string>{"2.申请人逾期未按收费通知要求缴纳费用", "3.其他", "（七）总计", "4000004"}));
  // a group's label and its first item stay one; "第（一）项" is one label
  EXPECT_EQ(tokens("（三）不予公开1.属于国家秘密"), (std::vector<std::string>{"（三）不予公开1.属于国家秘密"}));
  EXPECT_EQ(tokens("第二十条第（一）项"), (std::vector<std::string>{"第二十条第（一）项"}));
}

TEST(Tokens, SlashMarksGluedToNumbersAndLabelsAreTokensOfTheirOwn) {
  // a page's text with its tags dropped: "/" cells run into their neighbours
  EXPECT_EQ(tokens("0 000/ //（七）总计 /12 5/"),
            (std::vector<std::string>{"0", "000", "/", "/", "/", "（七）总计", "/", "12", "5", "/"}));
  // a slash inside a label or a date stays
  EXPECT_EQ(tokens("本年增/减 2024/1/1"), (std::vector<std::string>{"本年增/减", "2024/1/1"}));
}

TEST(Tokens, AnItemNumberSeparatedFromItsLabelBySpacesStaysWithIt) {
  EXPECT_EQ(tokens("申请 0 3. 其他2000002（七） 总计 31"),
            (std::vector<std::string>{"申请", "0", "3. 其他", "2000002", "（七） 总计", "31"}));
  // a number before a value, or before an opening bracket, is not an item number
  EXPECT_EQ(tokens("3. 5 2.5 万元"), (std::vector<std::string>{"3.", "5", "2.5 万元"}));
  EXPECT_EQ(tokens("3. （其中"), (std::vector<std::string>{"3.", "（其中"}));
}

TEST(Tokens, KeepNumbersThatArePartOfText) {
  EXPECT_EQ(tokens("2024年工作"), (std::vector<std::string>{"2024年工作"}));
  // a number in markup or a Latin word is text ("font-size:10.5pt" in pandoc's spans)
  for (const auto& t : tokens("]{style=\"font-size:10.5pt;font-family:宋体\"}")) EXPECT_EQ(read_value(t).state, CellState::Text) << t;
  for (const auto& t : tokens("（一）2024 年工作")) EXPECT_EQ(read_value(t).state, CellState::Text) << t;
  EXPECT_EQ(tokens("22 （其中修订 16 件）"), (std::vector<std::string>{"22", "（其中修订 16 件）"}));
  EXPECT_TRUE(tokens("- 3 -").empty());
  EXPECT_TRUE(tokens("—4—").empty());
  EXPECT_TRUE(tokens("|---|---|").empty());
}

TEST(GluedSplits, AHostileRunIsGivenUpAfterABoundedSearch) {
  // 15 values in 80 digits: C(79, 14) cuts; the search stops (truncated) instead of trying them
  bool truncated = false;
  const std::string run(80, '7');
  const auto out = detail::glued_splits({run}, 15, [](const std::vector<std::int64_t>&) { return false; }, 10, truncated);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(truncated);
  // a run too short or too long for its values is no cut at all, at once
  EXPECT_TRUE(cuts({"123"}, 7, any).empty());
  EXPECT_TRUE(cuts({std::string(200, '1')}, 2, any).empty());
}

TEST(GluedSplits, EveryCutWithoutLeadingZeros) {
  EXPECT_EQ(cuts({"000"}, 3, any), (Cuts{{0, 0, 0}}));
  EXPECT_EQ(cuts({"6233440"}, 3, any).size(), 15u);  // 62|33|440 among many: no identity to choose
  EXPECT_EQ(cuts({"21710000218"}, 7, row_adds_up), (Cuts{{217, 1, 0, 0, 0, 0, 218}}));
  EXPECT_EQ(cuts({"2648", "-18538"}, 3, any).size(), 7u);
  EXPECT_TRUE(cuts({"12a"}, 2, any).empty());
}

TEST(GluedSplits, FullWidthDigitsSignsAndThousandsSeparators) {
  EXPECT_EQ(cuts({"０００"}, 3, any), (Cuts{{0, 0, 0}}));
  EXPECT_EQ(cuts({"９-１"}, 2, any), (Cuts{{9, -1}}));
  EXPECT_TRUE(cuts({"９-１"}, 1, any).empty());
  // "82-181,516": the group ",516" keeps at most three digits before it
  EXPECT_EQ(cuts({"82-181,516"}, 3, any), (Cuts{{8, 2, -181516}, {82, -1, 81516}, {82, -18, 1516}}));
  EXPECT_EQ(cuts({"82", "-181,516"}, 2, any), (Cuts{{82, -181516}}));
  EXPECT_TRUE(cuts({"1,52"}, 2, any).empty());
  EXPECT_TRUE(cuts({"0,516"}, 1, any).empty());
}

TEST(StreamMatcher, GluedRowsAreCutByTheIdentities) {
  const Report r = match_report(read_text(flat_report(
      "一、本年新收政府信息公开申请数量21710000218二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开710000071"
      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）14610000147（七）总计21710000218四、结转下年度继续办理0000000")));
  EXPECT_EQ(r.template_id, TemplateId::T2021);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::New), 0), 217);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::New), 1), 1);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::PartiallyGranted), 6), 147);
  EXPECT_EQ(r.table4.values(2, 4), 19);
  EXPECT_EQ(r.table4.values(0, 2), 3);
  EXPECT_TRUE(has_rule(r, "parse.glued_split"));
  // table 2: "000" has one cut; "6233440" has many and no identity: not read, and said; "4529"
  // is one number in a row of one
  EXPECT_EQ(r.table2.values(0, 0), 0);
  EXPECT_TRUE(std::isnan(r.table2.values(3, 0)));
  EXPECT_EQ(r.table2.state(3, 0), static_cast<std::uint8_t>(CellState::Text));
  EXPECT_TRUE(has_rule(r, "parse.glued_ambiguous"));
  EXPECT_EQ(r.table2.values(6, 0), 4529);
}

TEST(StreamMatcher, ATable4HeadingWithATypoStillEndsTable3) {
  std::string text = flat_report("一、本年新收政府信息公开申请数量21710000218（七）总计21710000218四、结转下年度继续办理0000000");
  const std::string heading = "四、政府信息公开行政复议";
  text.replace(text.find(heading), heading.size(), "四、政府信息公开行政法复议");
  const Report r = match_report(read_text(text));
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::CarriedForward), 6), 0);
  EXPECT_EQ(r.table4.values(2, 4), 19);
  EXPECT_FALSE(has_rule(r, "cell.text"));
}

TEST(StreamMatcher, AGluedTable2RunThatABlankCellCouldReadOtherwiseIsNotRead) {
  // "357" is 3 | 5 | 7, or 3 | blank | 57, or 35 | blank | 7: table 2 has no identity to decide
  std::string text = flat_report("一、本年新收政府信息公开申请数量21710000218（七）总计21710000218四、结转下年度继续办理0000000");
  text.replace(text.find("规章000"), std::string("规章000").size(), "规章357");
  const Report r = match_report(read_text(text));
  for (int k = 0; k < 3; ++k) EXPECT_TRUE(std::isnan(r.table2.values(k, 0))) << k;
  EXPECT_TRUE(has_rule(r, "parse.glued_ambiguous"));
}

namespace {

// The 2019 table 2 rows of licensing and fees, glued as a crawled page's get_text() prints them.
std::string flat_report_2019_t2(const std::string& licensing, const std::string& fees) {
  std::string text = flat_report("一、本年新收政府信息公开申请数量21710000218（七）总计21710000218四、结转下年度继续办理0000000");
  const std::string t2 = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件6233440"
                         "第二十条第（五）项信息内容本年处理决定数量行政许可4529";
  text.replace(text.find(t2), t2.size(),
               "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可" + licensing +
                   "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费" + fees);
  return text;
}

}  // namespace

TEST(StreamMatcher, GluedTable2RunsWithSignsAndSeparatorsAreReadOnlyWhereOneReadingExists) {
  // "82-181,516" is 82 | -18 | 1,516 or 82 | -1 | 81,516: not read, and said
  Report r = match_report(read_text(flat_report_2019_t2("82-181,516", "９-１")));
  const auto licensing = r.table2_field_index(Table2Field::LicensingChange);
  ASSERT_GE(licensing, 0);
  EXPECT_TRUE(std::isnan(r.table2.values(licensing, 0)));
  bool named = false;
  for (const auto& f : r.findings)
    if (f.rule == "parse.glued_ambiguous")
      for (const auto& c : f.cells) named = named || c == "table2/licensing/change";
  EXPECT_TRUE(named);
  // "９-１": full-width digits, a sign that only 本年增/减 can carry: 9 | -1, the one reading
  EXPECT_EQ(r.table2.values(r.table2_field_index(Table2Field::FeesPreviousItems), 0), 9);
  EXPECT_EQ(r.table2.values(r.table2_field_index(Table2Field::FeesChange), 0), -1);
  // tokens as many as the columns are no proof when glued: "82" "-18" "1516" -> 82 | -18 | 1516
  r = match_report(read_text(flat_report_2019_t2("82-181516", "9-1")));
  EXPECT_TRUE(std::isnan(r.table2.values(licensing, 0)));
  // a group of digits that is no one number ("9301,416") is values, named where not read
  r = match_report(read_text(flat_report_2019_t2("9301,416", "9-1")));
  EXPECT_EQ(r.table2.state(r.table2_field_index(Table2Field::LicensingDecisions2019), 0),
            static_cast<std::uint8_t>(CellState::Text));
}

TEST(StreamMatcher, Table2ValuesGluedToALabelThatNamesNoRowAreNotTheRowAbove) {
  // "其他对外管理" / "服务事项" wrapped: its values are not licensing's
  Report r = match_report(read_text(flat_report_2019_t2("30101929其他对外管理 服务事项 2022 73", "9-1")));
  const auto licensing = r.table2_field_index(Table2Field::LicensingDecisions2019);
  EXPECT_TRUE(std::isnan(r.table2.values(licensing, 0)));
  EXPECT_TRUE(has_rule(r, "parse.glued_ambiguous"));
  // a header naming only some of a row's columns: the values are not shared out among them
  std::string text = flat_report_2019_t2("42 503", "9 -1");
  text.replace(text.find("本年增/减处理决定数量"), std::string("本年增/减").size(), "");
  r = match_report(read_text(text));
  EXPECT_TRUE(std::isnan(r.table2.values(licensing, 0)));
  EXPECT_TRUE(std::isnan(r.table2.values(r.table2_field_index(Table2Field::LicensingPreviousItems), 0)));
  EXPECT_TRUE(has_rule(r, "parse.header_missing"));
}

TEST(StreamMatcher, APageNumberAloneOnItsLineIsNotAnEighthValue) {
  // spaced text: "4" alone between two rows of table 3; the row's own seven add up without it
  const Report r = match_report(read_text(flat_report(
      "\n一、本年新收政府信息公开申请数量 5 2 0 1 0 0 8\n4\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
      "（七）总计 5 2 0 1 0 0 8\n四、结转下年度继续办理 0 0 0 0 0 0 0\n")));
  const auto row = r.table3_row_index(Table3Row::New);
  EXPECT_EQ(r.table3.values(row, 0), 5);
  EXPECT_EQ(r.table3.values(row, 6), 8);
  EXPECT_TRUE(has_rule(r, "parse.stray_values"));
  EXPECT_FALSE(has_rule(r, "parse.row_cells"));
  // "1 0 0 0 0 0 1" and a stray "1": dropping the first or the last adds up, two readings
  const Report a = match_report(read_text(flat_report(
      "\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n1\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n")));
  EXPECT_TRUE(std::isnan(a.table3.values(a.table3_row_index(Table3Row::New), 0)));
  EXPECT_TRUE(has_rule(a, "parse.row_cells"));
}

namespace {

// Table 3 as pdftotext -raw prints it: one row a line, every results row; `granted` is the
// values of （一）予以公开, `total` those of （七）总计, every other row zeros.
std::string spaced_t3(const std::string& granted, const std::string& total) {
  const char* zero_rows[] = {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开 1.属于国家秘密",
                             "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                             "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
                             "8.属于行政查询事项", "（四）无法提供 1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                             "3.补正后申请内容仍不明确", "（五）不予处理 1.信访举报投诉类申请", "2.重复申请",
                             "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
                             "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"};
  std::string rows = "\n一、本年新收政府信息公开申请数量 " + total + "\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
                     "三、本年度办理结果（一）予以公开 " + granted + "\n";
  for (const char* r : zero_rows) rows += std::string(r) + " 0 0 0 0 0 0 0\n";
  return flat_report(rows + "（七）总计 " + total + "\n四、结转下年度继续办理 0 0 0 0 0 0 0\n");
}

}  // namespace

TEST(StreamMatcher, ARowOfSixValuesIsPlacedOnlyWhereOnePlaceOfABlankMakesTheIdentitiesHold) {
  // "3 2 0 0 0 5" under 总计 "3 0 2 0 0 0 5": only a blank in the commercial column makes the
  // results identity hold in every column
  Report r = match_report(read_text(spaced_t3("3 2 0 0 0 5", "3 0 2 0 0 0 5")));
  const auto granted = r.table3_row_index(Table3Row::Granted);
  EXPECT_EQ(r.table3.values(granted, 0), 3);
  EXPECT_EQ(r.table3.state(granted, 1), static_cast<std::uint8_t>(CellState::Blank));
  EXPECT_EQ(r.table3.values(granted, 2), 2);
  EXPECT_EQ(r.table3.values(granted, 6), 5);
  EXPECT_TRUE(has_rule(r, "parse.blank_assumed"));
  // "3 0 0 0 0 3" under 总计 "3 0 0 0 0 0 3": the blank could be in any of five zero columns
  r = match_report(read_text(spaced_t3("3 0 0 0 0 3", "3 0 0 0 0 0 3")));
  for (int c = 0; c < 7; ++c) EXPECT_TRUE(std::isnan(r.table3.values(granted, c))) << c;
  EXPECT_TRUE(has_rule(r, "parse.row_cells"));
  EXPECT_FALSE(has_rule(r, "parse.blank_assumed"));
}

TEST(StreamMatcher, AGroupLabelWrappedAfterItsFirstCharacterIsNoValue) {
  // pdftotext -raw: "(四) 无" / "法提供": the 无 of 无法提供 is no value of the row above
  const Report r = match_report(read_text(flat_report(
      "\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n8.属于行政查询事项 1 0 0 0 0 1\n(四) 无\n法提供\n"
      "1.本机关不掌握相关政府信息 0 0 0 0 0 0 0\n")));
  const auto row = r.table3_row_index(Table3Row::DeniedAdministrativeQuery);
  for (int c = 0; c < 7; ++c) EXPECT_TRUE(std::isnan(r.table3.values(row, c))) << c;
  EXPECT_TRUE(has_rule(r, "parse.row_cells"));
}

TEST(StreamMatcher, SubRowsWithoutValuesUnderAMergedZeroAreZeroWhereTheResultsIdentityLeavesNothing) {
  // （六）其他处理's three sub-rows under one merged value, printed once on the first
  std::string text = spaced_t3("3 0 2 0 0 0 5", "3 0 2 0 0 0 5");
  const std::string two = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0";
  const std::string three = "3.其他 0 0 0 0 0 0 0";
  text.replace(text.find(two), two.size(), "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请");
  text.replace(text.find(three), three.size(), "3.其他");
  Report r = match_report(read_text(text));
  const auto misc = r.table3_row_index(Table3Row::OtherMisc);
  EXPECT_EQ(r.table3.values(misc, 0), 0);
  EXPECT_EQ(r.table3.origin_at(misc, 0).placement, Placement::Merged);
  EXPECT_TRUE(has_rule(r, "parse.merged_zero"));
  EXPECT_FALSE(has_rule(r, "parse.row_values_missing"));
  // the identity leaves 1 for the sub-rows in the first column: they are not read
  const std::string granted = "（一）予以公开 3 0 2 0 0 0 5";
  text.replace(text.find(granted), granted.size(), "（一）予以公开 2 0 2 0 0 0 4");
  r = match_report(read_text(text));
  EXPECT_TRUE(std::isnan(r.table3.values(misc, 0)));
  EXPECT_TRUE(has_rule(r, "parse.row_values_missing"));
  EXPECT_FALSE(has_rule(r, "parse.merged_zero"));
}

TEST(StreamMatcher, ValuesWithoutLabelsArePlacedByTemplateOrderBetweenLabels) {
  // PDF text without layout: the labels of rows 三(一) and (二) were extracted elsewhere.
  std::string text = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n";
  for (auto v : {"5", "0", "0", "0", "0", "0", "5"}) text += std::string(v) + "\n";
  text += "二、上年结转政府信息公开申请数量\n";
  for (int k = 0; k < 7; ++k) text += "0\n";
  for (auto v : {"3", "0", "0", "0", "0", "0", "3", "2", "0", "0", "0", "0", "0", "2"}) text += std::string(v) + "\n";
  text += "1.属于国家秘密\n";
  for (int k = 0; k < 7; ++k) text += "0\n";
  text += "（一）予以公开\n（二）部分公开\n四、政府信息公开行政复议、行政诉讼情况\n";
  const Report r = match_report(read_text(text));
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::Granted), 6), 3);
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::PartiallyGranted), 6), 2);
  EXPECT_TRUE(has_rule(r, "parse.row_by_order"));
  // their placement is in their origin; the rows' own totals, which let them be placed, cannot
  // confirm which rows they are, and no column identity can be checked in this excerpt
  const int granted = r.table3_row_index(Table3Row::Granted);
  EXPECT_EQ(r.table3.origin_at(granted, 6).placement, Placement::Order);
  EXPECT_EQ(r.table3.origin_at(r.table3_row_index(Table3Row::New), 6).placement, Placement::Label);
  Report checked = r;
  check_own_identities(checked);
  const Finding* unconfirmed = nullptr;
  for (const auto& f : checked.findings)
    if (f.rule == "parse.unconfirmed") unconfirmed = &f;
  ASSERT_NE(unconfirmed, nullptr);
  EXPECT_EQ(unconfirmed->cells.size(), 14u);
}

TEST(StreamMatcher, ValuesPlacedByOrderThatNoIdentityConfirmsAreNamed) {
  // one line of values without its label, whose row does not add up (3 + 0 … ≠ 4)
  std::string text = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n";
  for (auto v : {"5", "0", "0", "0", "0", "0", "5"}) text += std::string(v) + "\n";
  text += "二、上年结转政府信息公开申请数量\n";
  for (int k = 0; k < 7; ++k) text += "0\n";
  text += "3 0 0 0 0 0 4\n";
  text += "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n2 0 0 0 0 0 2\n（一）予以公开\n";
  text += "四、政府信息公开行政复议、行政诉讼情况\n";
  Report r = match_report(read_text(text));
  ASSERT_EQ(r.table3.values(r.table3_row_index(Table3Row::Granted), 6), 4);
  check_own_identities(r);
  const Finding* unconfirmed = nullptr;
  for (const auto& f : r.findings)
    if (f.rule == "parse.unconfirmed") unconfirmed = &f;
  ASSERT_NE(unconfirmed, nullptr);
  EXPECT_EQ(unconfirmed->severity, Severity::Warning);
  EXPECT_EQ(unconfirmed->cells.size(), 7u);
  EXPECT_EQ(unconfirmed->cells.front(), "table3/granted/natural_person");
  EXPECT_NE(unconfirmed->message.find("template's order"), std::string::npos);
}

TEST(StreamMatcher, ValuesOneALineThatDoNotAddUpAreNotTaken) {
  // one cell a line: their order is no proof, so they must add up
  std::string text = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n一、本年新收政府信息公开申请数量\n0\n1\n0\n0\n0\n0\n0\n四、政府信息公开行政复议、行政诉讼情况\n";
  const Report r = match_report(read_text(text));
  EXPECT_TRUE(std::isnan(r.table3.values(r.table3_row_index(Table3Row::New), 1)));
  EXPECT_TRUE(has_rule(r, "parse.stream_order"));
}

TEST(StreamMatcher, ARowOnOneLineIsTakenAsPrinted) {
  // a line of a table as printed keeps its order, even where the report's numbers are wrong
  std::string text = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n一、本年新收政府信息公开申请数量 0 1 0 0 0 0 0\n四、政府信息公开行政复议、行政诉讼情况\n";
  const Report r = match_report(read_text(text));
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::New), 1), 1);
  EXPECT_FALSE(has_rule(r, "parse.stream_order"));
}

TEST(StreamMatcher, AnExcerptCutInsideARowLeavesThatRowOut) {
  std::string text = "2023年度某局政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n";
  text += "一、本年新收政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n（一）予以公开\n0\n0\n0\n";
  const Report r = match_report(read_text(text));
  EXPECT_EQ(r.table3.values(r.table3_row_index(Table3Row::New), 6), 0);
  EXPECT_EQ(r.table3.state(r.table3_row_index(Table3Row::Granted), 0), static_cast<std::uint8_t>(CellState::Absent));
  EXPECT_TRUE(has_rule(r, "parse.cut_off"));
}

TEST(StreamMatcher, ARowPrintedWithoutValuesIsPresentAndMissing) {
  std::string text = "2019年某乡政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新制作数量\n本年新公开数量\n"
                     "对外公开总数量\n规章\n规范性文件\n三、收到和处理政府信息公开申请情况\n";
  const Report r = match_report(read_text(text));
  EXPECT_EQ(r.template_id, TemplateId::T2019);
  EXPECT_EQ(r.table2.state(0, 0), static_cast<std::uint8_t>(CellState::Blank));
  EXPECT_TRUE(std::isnan(r.table2.values(0, 0)));
}

TEST(StreamMatcher, ARowWhoseValuesSpreadOverLinesSomeHoldingSeveralIsPlacedByOrder) {
  // pdftotext -layout of a number wrapped inside a narrow PDF cell: 110 and 113 print "11" on
  // the line above the row and "0" and "3" on the line below; the row's seven values still add
  // up over the last digits, so only another identity can tell
  Report r = match_report(read_text(spaced_t3("2 0 0 0 1\n0 3", "110 2 0 0 0 1 113")));
  const auto granted = r.table3_row_index(Table3Row::Granted);
  for (int c = 0; c < 7; ++c) EXPECT_EQ(r.table3.origin_at(granted, c).placement, Placement::Order) << c;
  check_own_identities(r);
  bool named = false;
  for (const auto& f : r.findings)
    for (const auto& cell : f.cells) named = named || cell == "table3/granted/natural_person";
  EXPECT_TRUE(named);
}

TEST(StreamMatcher, SevenTokensOneOfThemZerosGluedTogetherAreNoRow) {
  // "0 0000 / 0 00 / 0": seven tokens hold ten cells; read one value a token, the row would
  // take the next row's values. Not read, and named.
  Report r = match_report(read_text(spaced_t3("0 0000 / 0 00 / 0", "0 0 0 0 0 0 0")));
  const auto granted = r.table3_row_index(Table3Row::Granted);
  for (int c = 0; c < 7; ++c) EXPECT_NE(r.table3.state(granted, c), static_cast<std::uint8_t>(CellState::Value)) << c;
  bool named = false;
  for (const auto& f : r.findings)
    for (const auto& cell : f.cells) named = named || cell == "table3/granted/research";
  EXPECT_TRUE(named);
}
