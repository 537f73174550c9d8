#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "gongkai/check/rules.hpp"
#include "gongkai/corpus/series.hpp"

using namespace gongkai;

namespace {

// A consistent 2021 report: natural persons apply, a few companies; every identity holds.
Report consistent(const std::string& agency = "某县人民政府", int year = 2023) {
  Report r;
  r.agency = agency;
  r.year = year;
  r.template_id = TemplateId::T2021;
  r.table3_layout = Table3Layout::Full;
  r.table3_rows = table3_layout(Table3Layout::Full);
  r.table3.resize(25, 7);
  r.table3.state.setZero();
  r.table3.values.setZero();
  auto set = [&](Table3Row row, double natural, double commercial) {
    const int i = r.table3_row_index(row);
    r.table3.values(i, 0) = natural;
    r.table3.values(i, 1) = commercial;
    r.table3.values(i, 6) = natural + commercial;
  };
  set(Table3Row::New, 10, 2);
  set(Table3Row::CarriedOver, 1, 0);
  set(Table3Row::Granted, 5, 1);
  set(Table3Row::PartiallyGranted, 2, 0);
  set(Table3Row::UnavailableNotHeld, 3, 1);
  set(Table3Row::TotalProcessed, 10, 2);
  set(Table3Row::CarriedForward, 1, 0);
  r.has_table3 = true;
  r.table4.resize(3, 5);
  r.table4.state.setZero();
  r.table4.values.setZero();
  r.table4.values.row(0) << 1, 1, 0, 0, 2;
  r.has_table4 = true;
  r.table2_fields = table2_layout(TemplateId::T2021);
  r.table2.resize(10, 1);
  r.table2.state.setZero();
  r.table2.values << 0, 0, 3, 2, 1, 40, 100, 20, 3, 1.5;
  r.has_table2 = true;
  return r;
}

std::vector<const Finding*> of_rule(const std::vector<Finding>& fs, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const auto& f : fs)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

}  // namespace

TEST(Validate, ConsistentReportHasNoFindings) {
  const auto fs = check_report(consistent());
  EXPECT_TRUE(fs.empty()) << fs.front().rule << ": " << fs.front().message;
}

TEST(Validate, OneAlteredCellIsNamedAndItsValueSuggested) {
  Report r = consistent();
  const int granted = r.table3_row_index(Table3Row::Granted);
  r.table3.values(granted, 0) = 7;  // was 5
  const auto fs = check_report(r);
  ASSERT_EQ(of_rule(fs, "table3.row_total").size(), 1u);
  ASSERT_EQ(of_rule(fs, "table3.results").size(), 1u);
  for (const Finding* f : {of_rule(fs, "table3.row_total")[0], of_rule(fs, "table3.results")[0]}) {
    EXPECT_NE(std::find(f->cells.begin(), f->cells.end(), "table3/granted/natural_person"), f->cells.end());
    EXPECT_EQ(f->suggested_cell, "table3/granted/natural_person");
    EXPECT_EQ(f->suggested_value, 5);
    EXPECT_EQ(f->severity, Severity::Error);
  }
  const Finding* results = of_rule(fs, "table3.results")[0];
  EXPECT_EQ(results->actual, 10);
  EXPECT_EQ(results->expected, 12);
}

TEST(Validate, TheOwnIdentitiesGoIntoTheReportOnceAndAreNotRepeated) {
  Report r = consistent();
  r.table3.values(r.table3_row_index(Table3Row::TotalProcessed), 6) = 13;  // was 12
  check_own_identities(r);
  check_own_identities(r);
  EXPECT_EQ(of_rule(r.findings, "table3.row_total").size(), 1u);
  // every cell of the identity is named
  EXPECT_EQ(of_rule(r.findings, "table3.row_total")[0]->cells.size(), 7u);
  EXPECT_TRUE(of_rule(check_report(r), "table3.row_total").empty());
  EXPECT_TRUE(of_rule(check_report(r), "table3.balance").empty());
}

TEST(Validate, AnAlteredTotalIsPinnedThroughThreeIdentities) {
  Report r = consistent();
  const int total = r.table3_row_index(Table3Row::TotalProcessed);
  r.table3.values(total, 6) = 13;  // was 12
  const auto fs = check_report(r);
  EXPECT_EQ(of_rule(fs, "table3.balance").size(), 1u);
  EXPECT_EQ(of_rule(fs, "table3.results").size(), 1u);
  EXPECT_EQ(of_rule(fs, "table3.row_total").size(), 1u);
  for (const auto& f : fs) {
    EXPECT_EQ(f.suggested_cell, "table3/total_processed/total");
    EXPECT_EQ(f.suggested_value, 12);
  }
}

TEST(Validate, TwoAlteredCellsGetNoSuggestion) {
  Report r = consistent();
  r.table3.values(r.table3_row_index(Table3Row::Granted), 0) = 7;
  r.table3.values(r.table3_row_index(Table3Row::PartiallyGranted), 1) = 4;
  for (const auto& f : check_report(r)) EXPECT_TRUE(f.suggested_cell.empty()) << f.message;
}

TEST(Validate, Table4BlockTotal) {
  Report r = consistent();
  r.table4.values(0, 1) = 3;  // corrected, was 1
  const auto all = check_report(r);
  const auto fs = of_rule(all, "table4.block_total");
  ASSERT_EQ(fs.size(), 1u);
  // one identity and two cells that could each satisfy it (corrected = 1, or total = 4): the
  // identities do not say which, so no suggestion
  EXPECT_TRUE(fs[0]->suggested_cell.empty());
  EXPECT_EQ(fs[0]->cells.size(), 5u);
  EXPECT_EQ(fs[0]->expected, 4);
  EXPECT_EQ(fs[0]->actual, 2);
}

TEST(Validate, CountsAndCellStates) {
  Report r = consistent();
  r.table2.values(6, 0) = -3;      // licensing decisions
  r.table2.values(7, 0) = 2.5;     // penalty decisions
  r.table2.values(9, 0) = 1.25;    // fees amount: decimals are fine
  r.table4.state(2, 0) = static_cast<std::uint8_t>(CellState::Slash);
  r.table4.values(2, 0) = std::nan("");
  r.table4.state(2, 1) = static_cast<std::uint8_t>(CellState::Text);
  r.table4.values(2, 1) = std::nan("");
  const auto fs = check_report(r);
  ASSERT_EQ(of_rule(fs, "counts.non_negative").size(), 1u);
  EXPECT_EQ(of_rule(fs, "counts.non_negative")[0]->cells, std::vector<std::string>{"table2/licensing/decisions"});
  ASSERT_EQ(of_rule(fs, "counts.whole").size(), 1u);
  EXPECT_EQ(of_rule(fs, "counts.whole")[0]->cells, std::vector<std::string>{"table2/penalty/decisions"});
  ASSERT_EQ(of_rule(fs, "cell.missing").size(), 1u);
  EXPECT_EQ(of_rule(fs, "cell.missing")[0]->cells, std::vector<std::string>{"table4/litigation_after_reconsideration/upheld"});
  ASSERT_EQ(of_rule(fs, "cell.text").size(), 1u);
  EXPECT_EQ(of_rule(fs, "cell.missing")[0]->severity, Severity::Warning);
  EXPECT_TRUE(of_rule(fs, "table4.block_total").empty());  // an identity with a missing cell is not judged
}

TEST(Validate, NarrativeAgainstTables) {
  Report r = consistent();
  r.sections[0] = "2023年，全年共收到政府信息公开申请12件，办结12件。被申请行政复议2件，行政诉讼0件。";
  EXPECT_TRUE(check_report(r).empty());
  r.sections[0] = "2023年，全年共收到政府信息公开申请15件，办结12件。被申请行政复议3件。";
  const auto fs = check_report(r);
  ASSERT_EQ(of_rule(fs, "narrative.applications").size(), 1u);
  EXPECT_EQ(of_rule(fs, "narrative.applications")[0]->actual, 15);
  EXPECT_EQ(of_rule(fs, "narrative.applications")[0]->expected, 12);
  ASSERT_EQ(of_rule(fs, "narrative.reconsideration").size(), 1u);
  EXPECT_TRUE(of_rule(fs, "narrative.processed").empty());
  // received including the carried-over applications is right too
  r.sections[0] = "全年共受理政府信息公开申请13件（含上年结转1件）。";
  EXPECT_TRUE(of_rule(check_report(r), "narrative.applications").empty());
  // the parts of the answers are not the applications processed; 办结 a few characters away is
  r.sections[0] = "全年共收到申请12件，同意公开答复数1件，区分处理后公开数1件。共办结依申请12件，其中公开答复3件。";
  EXPECT_TRUE(of_rule(check_report(r), "narrative.processed").empty());
  r.sections[0] = "共办结依申请11件。";
  EXPECT_EQ(of_rule(check_report(r), "narrative.processed").size(), 1u);
}

TEST(Validate, ReportYearAgainstTheNarrative) {
  Report r = consistent();
  r.sections[0] = "2022年，我县认真落实。2022年全年共公开信息。";
  ASSERT_EQ(of_rule(check_report(r), "report.year").size(), 1u);
  r.sections[0] = "2023年，我县认真落实。2022年底完成。";
  EXPECT_TRUE(of_rule(check_report(r), "report.year").empty());
}

TEST(Validate, Items2019MayNotGoNegative) {
  Report r = consistent();
  r.template_id = TemplateId::T2019;
  r.table2_fields = table2_layout(TemplateId::T2019);
  r.table2.resize(static_cast<Eigen::Index>(r.table2_fields.size()), 1);
  r.table2.state.setZero();
  r.table2.values.setZero();
  r.table2.values(r.table2_field_index(Table2Field::PenaltyPreviousItems), 0) = 10;
  r.table2.values(r.table2_field_index(Table2Field::PenaltyChange), 0) = -12;
  const auto fs = check_report(r);
  ASSERT_EQ(of_rule(fs, "table2.items_2019").size(), 1u);
  EXPECT_TRUE(of_rule(fs, "counts.non_negative").empty());  // a negative change is allowed
}

TEST(Validate, SeriesCarryOverAndStock) {
  Report a = consistent("某县人民政府", 2022), b = consistent("某县人民政府", 2023);
  b.table3.values(b.table3_row_index(Table3Row::CarriedOver), 0) = 1;  // = a's carried forward: holds
  b.table2.values(5, 0) = 40 + 1 - 2;                                 // wrong: a 40 + issued 2 - repealed 1 = 41
  b.table2.values(3, 0) = 2;
  b.table2.values(4, 0) = 1;
  b.table2.values(5, 0) = 39;
  const auto fs = check_series({&a, &b});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].first, 1u);
  EXPECT_EQ(fs[0].second.rule, "series.stock");
  EXPECT_EQ(fs[0].second.expected, 41);
  EXPECT_EQ(fs[0].second.actual, 39);
  b.table2.values(5, 0) = 41;
  b.table3.values(b.table3_row_index(Table3Row::CarriedOver), 1) = 3;
  const auto carry = check_series({&a, &b});
  ASSERT_EQ(carry.size(), 1u);
  EXPECT_EQ(carry[0].second.rule, "series.carry_over");
  EXPECT_EQ(carry[0].second.cells, std::vector<std::string>{"table3/carried_over/commercial"});
  b.year = 2025;  // not consecutive: no chain to check
  EXPECT_TRUE(check_series({&a, &b}).empty());
}

TEST(Validate, SeriesOverTheCorpusMatricesPairsAnAgencysConsecutiveYears) {
  Report a = consistent("某县人民政府", 2022), b = consistent("某县人民政府", 2023), other = consistent("某镇人民政府", 2023);
  b.table3.values(b.table3_row_index(Table3Row::CarriedOver), 1) = 3;  // a carried forward 0 commercial
  other.table3.values(other.table3_row_index(Table3Row::CarriedOver), 1) = 5;
  const Corpus c = Corpus::from_reports({&b, &other, &a});  // any order
  b.source = "b.txt";
  a.source = "a.txt";
  const auto fs = check_series(c, {7, 8, 7}, {"b.txt", "other.txt", "a.txt"});
  ASSERT_FALSE(fs.empty());
  int carry = 0;
  for (const auto& [later, f] : fs) {
    EXPECT_EQ(later, 0u);  // the later report, b; never other, another agency
    if (f.rule != "series.carry_over") continue;
    ++carry;
    EXPECT_EQ(f.cells, std::vector<std::string>{"table3/carried_over/commercial"});
    EXPECT_NE(f.message.find("(a.txt)"), std::string::npos);
  }
  EXPECT_EQ(carry, 1);
  // the same findings as comparing the two reports themselves
  const auto pair = check_series(std::vector<const Report*>{&a, &b});
  ASSERT_EQ(pair.size(), fs.size());
  for (std::size_t k = 0; k < fs.size(); ++k) EXPECT_EQ(pair[k].second.message, fs[k].second.message);
  EXPECT_TRUE(check_series(c, {-1, 8, -1}, {"b.txt", "other.txt", "a.txt"}).empty());  // not compared
}

TEST(Validate, CopiesAcrossAgencies) {
  Report a = consistent("甲镇人民政府"), b = consistent("乙镇人民政府");
  a.source = "a.html";
  auto fs = check_copies({&a, &b});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].second.rule, "copy.tables");
  EXPECT_NE(fs[0].second.message.find("a.html"), std::string::npos);
  // all-zero tables are common and prove nothing
  a.table3.values.setZero();
  b.table3.values.setZero();
  a.table4.values.setZero();
  b.table4.values.setZero();
  EXPECT_TRUE(check_copies({&a, &b}).empty());
  std::string text;
  for (int k = 0; k < 30; ++k) text += "本单位认真贯彻落实政府信息公开条例，第" + std::to_string(k) + "项工作有序推进。";
  a.sections[0] = text;
  b.sections[0] = text + "另有一句。";
  fs = check_copies({&a, &b});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].second.rule, "copy.narrative");
  EXPECT_GT(fs[0].second.actual, 0.9);
  EXPECT_LT(text_similarity("甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉"), 0.01);
}

// check_copies compares only the pairs that can be copies; it must find what comparing every
// pair finds: narratives around the threshold, equal tables with and without enough cases.
TEST(Validate, CopiesFoundAsAmongEveryPair) {
  const std::string characters = "政府信息公开条例本单位认真贯彻落实工作有序推进主动依申请办理答复平台建设监督保障";
  std::vector<std::string> glyphs;
  for (std::size_t i = 0; i < characters.size(); i += 3) glyphs.push_back(characters.substr(i, 3));
  std::uint32_t seed = 12345;
  const auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  std::vector<std::string> base;  // a narrative of 400 characters
  for (int k = 0; k < 400; ++k) base.push_back(glyphs[next() % glyphs.size()]);
  std::vector<Report> reports;
  for (int k = 0; k < 40; ++k) {
    Report r = consistent("第" + std::to_string(k) + "镇人民政府", 2020 + k % 3);
    r.source = "r" + std::to_string(k) + ".txt";
    std::vector<std::string> text = base;
    for (int change = 0; change < k % 14; ++change) text[next() % text.size()] = std::to_string(k % 10);
    if (k % 5 == 4) std::reverse(text.begin(), text.end());  // alike among themselves only
    for (const std::string& g : text) r.sections[k % 2 ? 0 : 4] += g;
    if (k % 4 == 1) r.table3.values(0, 0) += 1 + k;  // tables of their own
    if (k % 6 == 2) {  // equal tables with too few cases
      r.table3.values.setZero();
      r.table4.values.setZero();
    }
    reports.push_back(std::move(r));
  }
  std::vector<const Report*> ptrs;
  for (const Report& r : reports) ptrs.push_back(&r);

  std::vector<std::tuple<std::size_t, std::string, double>> expected;
  for (std::size_t j = 0; j < reports.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const Report &a = reports[i], &b = reports[j];
      if (a.table3.values == b.table3.values && a.table4.values == b.table4.values &&
          a.table3.values(0, 6) + a.table3.values(1, 6) + a.table4.values.col(4).sum() >= 10)
        expected.emplace_back(j, "copy.tables", 1.0);
      const double s = text_similarity(a.sections[0] + a.sections[4], b.sections[0] + b.sections[4]);
      if (s >= 0.95) expected.emplace_back(j, "copy.narrative", s);
    }
  std::vector<std::tuple<std::size_t, std::string, double>> found;
  for (const auto& [j, f] : check_copies(ptrs)) found.emplace_back(j, f.rule, f.actual);
  EXPECT_EQ(found, expected);
  std::size_t narratives = 0, tables = 0;
  for (const auto& e : expected) (std::get<1>(e) == "copy.tables" ? tables : narratives) += 1;
  EXPECT_GT(narratives, 10u);
  EXPECT_GT(tables, 20u);
  bool below = false;  // pairs just under the threshold are among them
  for (std::size_t j = 1; j < reports.size() && !below; ++j) {
    const double s = text_similarity(reports[0].sections[4], reports[j].sections[0] + reports[j].sections[4]);
    below = s > 0.9 && s < 0.95;
  }
  EXPECT_TRUE(below);
}

TEST(Validate, CatalogueIdsAreUniqueAndDescribed) {
  std::vector<std::string_view> ids;
  for (const RuleInfo& r : rule_catalogue()) {
    EXPECT_FALSE(r.zh.empty());
    EXPECT_FALSE(r.en.empty());
    EXPECT_FALSE(r.arithmetic.empty());
    EXPECT_EQ(std::find(ids.begin(), ids.end(), r.id), ids.end()) << r.id;
    ids.push_back(r.id);
  }
  EXPECT_GE(ids.size(), 18u);
}

Finding finding(std::string rule, Severity severity, std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.message = std::move(message);
  return f;
}

TEST(CapFindings, KeepsTheFirstOfEachRuleAndSaysHowManyWereLeftOut) {
  Report r;
  for (int i = 0; i < 250; ++i) r.findings.push_back(finding("cell.text", Severity::Error, "x" + std::to_string(i)));
  for (int i = 0; i < 3; ++i) r.findings.push_back(finding("table3.balance", Severity::Error, "b"));
  cap_findings(r, 200, 2000);
  ASSERT_EQ(r.findings.size(), 204u);
  EXPECT_EQ(r.findings[199].message, "x199");
  EXPECT_EQ(r.findings[200].rule, "table3.balance");  // other rules kept whole
  EXPECT_EQ(r.findings.back().rule, "findings.capped");
  EXPECT_NE(r.findings.back().message.find("50 more cell.text findings were left out (200 of 250 kept"), std::string::npos);
  Report few;
  few.findings.push_back(finding("cell.text", Severity::Error, "one"));
  cap_findings(few);
  EXPECT_EQ(few.findings.size(), 1u);
  // many findings, none of a rule past the cap: every one kept as it was
  Report many;
  for (int rule = 0; rule < 3; ++rule)
    for (int i = 0; i < 150; ++i) many.findings.push_back(finding("rule" + std::to_string(rule), Severity::Warning, "m"));
  cap_findings(many);
  ASSERT_EQ(many.findings.size(), 450u);
  EXPECT_EQ(many.findings.back().rule, "rule2");
  EXPECT_EQ(many.findings.back().message, "m");
}

TEST(CapFindings, AReportHoldsAtMostTheTotal) {
  Report r;
  for (int rule = 0; rule < 30; ++rule)
    for (int i = 0; i < 100; ++i) r.findings.push_back(finding("rule" + std::to_string(rule), Severity::Warning, ""));
  cap_findings(r, 200, 2000);
  std::size_t capped = 0;
  for (const auto& f : r.findings) capped += f.rule == "findings.capped";
  EXPECT_EQ(r.findings.size() - capped, 2000u);
  EXPECT_EQ(capped, 10u);  // rules 20 to 29, left out whole
}
