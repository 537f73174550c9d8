#include <gtest/gtest.h>

#include <cmath>

#include "gongkai/corpus/indicators.hpp"

using namespace gongkai;

namespace {

int index_of(const std::string& id) {
  const auto& all = builtin_indicators();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id) return static_cast<int>(i);
  return -1;
}

// A report of template 2021 (or 2019) with a few applications.
Report make(TemplateId tpl, int year, double fresh, double granted) {
  Report r;
  r.year = year;
  r.template_id = tpl;
  r.table3_layout = tpl == TemplateId::T2021 ? Table3Layout::Full : Table3Layout::SingleOther;
  r.table3_rows = table3_layout(r.table3_layout);
  r.table3.resize(static_cast<Eigen::Index>(r.table3_rows.size()), 7);
  r.table3.state.setZero();
  r.table3.values.setZero();
  auto set = [&](Table3Row row, double natural, double commercial) {
    const int i = r.table3_row_index(row);
    r.table3.values(i, 0) = natural;
    r.table3.values(i, 1) = commercial;
    r.table3.values(i, 6) = natural + commercial;
  };
  set(Table3Row::New, fresh - 1, 1);
  set(Table3Row::CarriedOver, 2, 0);
  set(Table3Row::Granted, granted, 0);
  set(tpl == TemplateId::T2021 ? Table3Row::OtherMisc : Table3Row::Other, fresh + 2 - granted - 1, 1);
  set(Table3Row::TotalProcessed, fresh + 1, 1);
  r.has_table3 = true;
  r.table4.resize(3, 5);
  r.table4.state.setZero();
  r.table4.values.setZero();
  r.table4.values.row(0) << 1, 1, 0, 1, 3;
  r.has_table4 = true;
  r.table2_fields = table2_layout(tpl);
  r.table2.resize(static_cast<Eigen::Index>(r.table2_fields.size()), 1);
  r.table2.state.setZero();
  r.table2.values.setConstant(5);
  return r;
}

}  // namespace

TEST(Indicators, FormulasOfDocsIndicatorsMd) {
  const Report a = make(TemplateId::T2021, 2022, 10, 4);
  const Corpus c = Corpus::from_reports({&a});
  const auto v = compute_indicators(c, builtin_indicators());
  const ColMatrix x = v.value();
  EXPECT_EQ(x(0, index_of("applications_new")), 10);
  EXPECT_EQ(x(0, index_of("applications_open")), 12);
  EXPECT_DOUBLE_EQ(x(0, index_of("grant_rate")), 4.0 / 12.0);
  EXPECT_DOUBLE_EQ(x(0, index_of("legal_person_share")), 1.0 / 10.0);
  EXPECT_DOUBLE_EQ(x(0, index_of("other_handling_rate")), 8.0 / 12.0);
  EXPECT_DOUBLE_EQ(x(0, index_of("completion_rate")), 12.0 / 12.0);
  EXPECT_DOUBLE_EQ(x(0, index_of("reconsideration_correction_rate")), 1.0 / 2.0);  // 1 of 3 - 1 pending
  EXPECT_EQ(v.denominator(0, index_of("reconsideration_correction_rate")), 2);
  EXPECT_EQ(x(0, index_of("regulations_in_force")), 5);
  EXPECT_EQ(x(0, index_of("licensing_decisions")), 5);
}

TEST(Indicators, Template2019LinesUp) {
  const Report b = make(TemplateId::T2019, 2020, 10, 4);
  const Corpus c = Corpus::from_reports({&b});
  const auto v = compute_indicators(c, builtin_indicators());
  const ColMatrix x = v.value();
  EXPECT_DOUBLE_EQ(x(0, index_of("other_handling_rate")), 8.0 / 12.0);  // the single other row
  EXPECT_EQ(x(0, index_of("licensing_decisions")), 5);                   // 处理决定数量 of 2019
  EXPECT_TRUE(std::isnan(x(0, index_of("regulations_in_force"))));
  EXPECT_EQ(v.reason(0, index_of("regulations_in_force")), static_cast<std::uint8_t>(Reason::NotInTemplate));
  EXPECT_TRUE(std::isnan(x(0, index_of("fee_income"))));
}

TEST(Indicators, MissingInputsAndZeroBasesAreNaNWithTheirReason) {
  Report a = make(TemplateId::T2021, 2022, 10, 4);
  a.table3.state(a.table3_row_index(Table3Row::Granted), 6) = static_cast<std::uint8_t>(CellState::Blank);
  a.table3.values(a.table3_row_index(Table3Row::Granted), 6) = std::nan("");
  Report z = make(TemplateId::T2021, 2022, 0, 0);
  z.table3.values.setZero();
  const Corpus c = Corpus::from_reports({&a, &z});
  const auto v = compute_indicators(c, builtin_indicators());
  const int grant = index_of("grant_rate");
  EXPECT_EQ(v.reason(0, grant), static_cast<std::uint8_t>(Reason::MissingInput));
  EXPECT_TRUE(std::isnan(v.value()(0, grant)));
  EXPECT_EQ(v.reason(1, grant), static_cast<std::uint8_t>(Reason::ZeroDenominator));
  EXPECT_TRUE(std::isnan(v.value()(1, grant)));
  EXPECT_EQ(v.reason(0, index_of("applications_new")), 0);
}

TEST(Indicators, PooledGroupsSumNumeratorsAndDenominators) {
  const Report a = make(TemplateId::T2021, 2022, 10, 4), b = make(TemplateId::T2019, 2020, 30, 3);
  const Corpus c = Corpus::from_reports({&a, &b, &a});
  const auto v = compute_indicators(c, builtin_indicators());
  const Pooled p = pool(v, builtin_indicators(), {0, 0, -1}, 1);
  const int grant = index_of("grant_rate");
  EXPECT_EQ(p.numerator(0, grant), 7);
  EXPECT_EQ(p.denominator(0, grant), 12 + 32);
  EXPECT_DOUBLE_EQ(p.value()(0, grant), 7.0 / 44.0);  // not the mean of 4/12 and 3/32
  EXPECT_EQ(p.reports(0, grant), 2);
}

TEST(Indicators, PooledCountsAreTotals) {
  const Report a = make(TemplateId::T2021, 2022, 10, 4), b = make(TemplateId::T2019, 2020, 30, 3);
  const Corpus c = Corpus::from_reports({&a, &b, &a});
  const auto v = compute_indicators(c, builtin_indicators());
  const Pooled p = pool(v, builtin_indicators(), {0, 0, 1}, 3);
  const int fresh = index_of("applications_new");
  EXPECT_DOUBLE_EQ(p.value()(0, fresh), 10 + 30);  // every application of the group, not the mean 20
  EXPECT_DOUBLE_EQ(p.value()(1, fresh), 10);
  EXPECT_EQ(p.reports(0, fresh), 2);
  EXPECT_TRUE(std::isnan(p.value()(2, fresh)));  // a group without reports has no total, not 0
}

TEST(Indicators, PoolNeedsOneIndicatorPerColumn) {
  const Report a = make(TemplateId::T2021, 2022, 10, 4);
  const Corpus c = Corpus::from_reports({&a});
  const auto v = compute_indicators(c, builtin_indicators());
  EXPECT_THROW(pool(v, {}, {0}, 1), std::invalid_argument);
}

TEST(Indicators, YearOverYearForTheSameAgency) {
  const Report a = make(TemplateId::T2021, 2022, 10, 4), b = make(TemplateId::T2021, 2023, 20, 4),
               other = make(TemplateId::T2021, 2023, 5, 1), gap = make(TemplateId::T2021, 2025, 7, 1);
  const Corpus c = Corpus::from_reports({&b, &a, &other, &gap});
  const auto v = compute_indicators(c, builtin_indicators());
  const YearOverYear y = year_over_year(v, builtin_indicators(), {7, 7, 8, 7}, c.year);
  ASSERT_EQ(y.report.size(), 1u);
  EXPECT_EQ(y.report[0], 0);
  EXPECT_EQ(y.previous[0], 1);
  EXPECT_EQ(y.change(0, index_of("applications_new")), 10);
  EXPECT_DOUBLE_EQ(y.relative(0, index_of("applications_new")), 1.0);
  EXPECT_DOUBLE_EQ(y.change(0, index_of("grant_rate")), (4.0 / 22.0 - 4.0 / 12.0) * 100);  // percentage points
  EXPECT_TRUE(std::isnan(y.relative(0, index_of("grant_rate"))));
}

TEST(Indicators, RegistryHasEveryIndicatorOfTheDocs) {
  for (const char* id : {"applications_new", "applications_open", "applications_processed", "legal_person_share",
                         "grant_rate", "disclosure_rate", "denial_rate", "unavailable_rate", "not_held_rate",
                         "rejection_rate", "other_handling_rate", "completion_rate", "carry_forward_rate",
                         "reconsiderations", "lawsuits", "dispute_rate", "reconsideration_correction_rate",
                         "litigation_correction_rate", "correction_rate", "regulations_in_force",
                         "normative_documents_in_force", "licensing_decisions", "penalty_decisions", "fee_income"})
    EXPECT_GE(index_of(id), 0) << id;
}
