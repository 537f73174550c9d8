#include "gongkai/corpus/indicators.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>
#include <numeric>

namespace gongkai {

namespace {

using R = Table3Row;
using C = Table3Col;

Term t3(R row, C col = C::Total, double coeff = 1, bool alternative = false) {
  return {3, t3_column(row, static_cast<int>(col)), coeff, alternative};
}
Term t4(Table4Block b, Table4Value v, double coeff = 1) {
  return {4, static_cast<int>(b) * kTable4Values + static_cast<int>(v), coeff, false};
}
Term t2(Table2Field f) { return {2, static_cast<int>(f), 1, false}; }

std::vector<Term> rows(std::initializer_list<R> rs, bool alternative = false) {
  std::vector<Term> out;
  for (R r : rs) out.push_back(t3(r, C::Total, 1, alternative));
  return out;
}

std::vector<Term> concat(std::initializer_list<std::vector<Term>> parts) {
  std::vector<Term> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<Term> kDenied = rows({R::DeniedStateSecret, R::DeniedProhibitedByLaw, R::DeniedSecurityStability,
                                        R::DeniedThirdParty, R::DeniedInternalAffairs, R::DeniedProcessInformation,
                                        R::DeniedEnforcementFile, R::DeniedAdministrativeQuery});
const std::vector<Term> kUnavailable = rows({R::UnavailableNotHeld, R::UnavailableNeedsCreation, R::UnavailableUnclear});
const std::vector<Term> kRejected = rows({R::RejectedPetition, R::RejectedDuplicate, R::RejectedPublication,
                                          R::RejectedExcessive, R::RejectedConfirmation});
const std::vector<Term> kOther = rows({R::OtherNoCorrection, R::OtherUnpaidFee, R::OtherMisc, R::Other}, true);

std::vector<Term> open_applications() { return {t3(R::New), t3(R::CarriedOver)}; }

std::vector<Term> settled(Table4Block b) {
  return {t4(b, Table4Value::Total), t4(b, Table4Value::Pending, -1)};
}

}  // namespace

const std::vector<Indicator>& builtin_indicators() {
  using B = Table4Block;
  using V = Table4Value;
  using F = Table2Field;
  static const std::vector<Indicator> all = [] {
    std::vector<Indicator> v;
    const std::vector<Term> processed{t3(R::TotalProcessed)};
    v.push_back({"applications_new", "本年新收申请", "applications received", "件", false, {t3(R::New)}, {}});
    v.push_back({"applications_open", "本年应办申请", "applications to handle (new + carried over)", "件", false,
                 open_applications(), {}});
    v.push_back({"applications_processed", "本年办结", "applications processed", "件", false, processed, {}});
    v.push_back({"legal_person_share", "法人或其他组织申请占比", "share of applications from legal persons", "%", true,
                 {t3(R::New, C::Commercial), t3(R::New, C::Research), t3(R::New, C::SocialWelfare),
                  t3(R::New, C::LegalServices), t3(R::New, C::OtherOrg)},
                 {t3(R::New)}});
    v.push_back({"grant_rate", "予以公开率", "granted", "%", true, {t3(R::Granted)}, processed});
    v.push_back({"disclosure_rate", "公开率（含部分公开）", "granted in full or in part", "%", true,
                 {t3(R::Granted), t3(R::PartiallyGranted)}, processed});
    v.push_back({"denial_rate", "不予公开率", "denied", "%", true, kDenied, processed});
    v.push_back({"unavailable_rate", "无法提供率", "could not be provided", "%", true, kUnavailable, processed});
    v.push_back({"not_held_rate", "本机关不掌握率", "information not held", "%", true, {t3(R::UnavailableNotHeld)}, processed});
    v.push_back({"rejection_rate", "不予处理率", "not processed (rejected)", "%", true, kRejected, processed});
    v.push_back({"other_handling_rate", "其他处理率", "other handling", "%", true, kOther, processed});
    v.push_back({"completion_rate", "办结率", "processed of those to handle", "%", true, processed, open_applications()});
    v.push_back({"carry_forward_rate", "结转率", "carried forward of those to handle", "%", true, {t3(R::CarriedForward)},
                 open_applications()});
    v.push_back({"reconsiderations", "行政复议案件", "administrative reconsiderations", "件", false,
                 {t4(B::Reconsideration, V::Total)}, {}});
    v.push_back({"lawsuits", "行政诉讼案件", "lawsuits", "件", false,
                 {t4(B::LitigationDirect, V::Total), t4(B::LitigationAfterReconsideration, V::Total)}, {}});
    v.push_back({"dispute_rate", "争议率", "reconsiderations and lawsuits per application processed", "%", true,
                 {t4(B::Reconsideration, V::Total), t4(B::LitigationDirect, V::Total),
                  t4(B::LitigationAfterReconsideration, V::Total)},
                 processed});
    v.push_back({"reconsideration_correction_rate", "复议纠错率", "reconsiderations decided that corrected the agency", "%",
                 true, {t4(B::Reconsideration, V::Corrected)}, settled(B::Reconsideration)});
    v.push_back({"litigation_correction_rate", "诉讼纠错率", "lawsuits decided that corrected the agency", "%", true,
                 {t4(B::LitigationDirect, V::Corrected), t4(B::LitigationAfterReconsideration, V::Corrected)},
                 concat({settled(B::LitigationDirect), settled(B::LitigationAfterReconsideration)})});
    v.push_back({"correction_rate", "综合纠错率", "cases decided that corrected the agency", "%", true,
                 {t4(B::Reconsideration, V::Corrected), t4(B::LitigationDirect, V::Corrected),
                  t4(B::LitigationAfterReconsideration, V::Corrected)},
                 concat({settled(B::Reconsideration), settled(B::LitigationDirect),
                         settled(B::LitigationAfterReconsideration)})});
    v.push_back({"regulations_in_force", "现行有效规章", "regulations in force", "件", false, {t2(F::RegulationsInForce)}, {}});
    v.push_back({"normative_documents_in_force", "现行有效行政规范性文件", "normative documents in force", "件", false,
                 {t2(F::NormativeInForce)}, {}});
    // licensing and penalty decisions are printed in both templates under different fields
    Term lic2019 = t2(F::LicensingDecisions2019), pen2019 = t2(F::PenaltyDecisions2019);
    Term lic2021 = t2(F::LicensingDecisions), pen2021 = t2(F::PenaltyDecisions);
    lic2019.alternative = lic2021.alternative = pen2019.alternative = pen2021.alternative = true;
    v.push_back({"licensing_decisions", "行政许可决定", "licensing decisions", "件", false, {lic2021, lic2019}, {}});
    v.push_back({"penalty_decisions", "行政处罚决定", "penalty decisions", "件", false, {pen2021, pen2019}, {}});
    v.push_back({"fee_income", "行政事业性收费（万元）", "administrative fees (10,000 yuan)", "万元", false,
                 {t2(F::FeesAmount)}, {}});
    return v;
  }();
  return all;
}

namespace {

struct Column {
  const ColMatrix* values;
  const ColStates* states;
};

Column column_of(const Corpus& c, int table) {
  if (table == 2) return {&c.table2, &c.state2};
  if (table == 3) return {&c.table3, &c.state3};
  return {&c.table4, &c.state4};
}

// fn(j) for every column j < k. Columns are independent: with n rows or more they are shared
// among the machine's cores, each column computed by one thread, so that the result does not
// depend on how many there are (below ~100,000 rows threads cost more than they save).
template <typename Fn>
void for_each_column(Eigen::Index k, Eigen::Index n, const Fn& fn) {
  const auto cores = static_cast<Eigen::Index>(std::max(1u, std::thread::hardware_concurrency()));
  const Eigen::Index threads = n < 100000 ? 1 : std::min(cores, k);
  std::atomic<Eigen::Index> next{0};
  auto work = [&] {
    for (Eigen::Index j = next++; j < k; j = next++) fn(j);
  };
  std::vector<std::thread> pool;
  for (Eigen::Index t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

// Σ coeff * cell over the terms, and the reason the sum is undefined (per report).
void sum_terms(const Corpus& c, const std::vector<Term>& terms, Eigen::Ref<Eigen::VectorXd> out,
               Eigen::Ref<Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>> reason) {
  const auto n = static_cast<Eigen::Index>(c.size());
  out.setZero();
  if (terms.empty()) {
    out.setOnes();
    return;
  }
  // alternatives: at least one must apply, else the field is not in the template
  Eigen::Array<std::uint8_t, Eigen::Dynamic, 1> any_alternative = Eigen::Array<std::uint8_t, Eigen::Dynamic, 1>::Zero(n);
  bool has_alternatives = false;
  for (const Term& t : terms) {
    const Column col = column_of(c, t.table);
    const auto v = col.values->col(t.column).array();
    const auto s = col.states->col(t.column).array();
    const auto na = (s == kNotApplicable);
    if (t.alternative) {
      has_alternatives = true;
      out.array() += na.select(0.0, t.coeff * v);
      any_alternative = (any_alternative != 0 || !na).cast<std::uint8_t>();
      for (Eigen::Index i = 0; i < n; ++i)
        if (s(i) != kNotApplicable && s(i) != 0 && reason(i) == 0) reason(i) = static_cast<std::uint8_t>(Reason::MissingInput);
    } else {
      out.array() += t.coeff * v;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (s(i) == 0) continue;
        const auto r = static_cast<std::uint8_t>(s(i) == kNotApplicable ? Reason::NotInTemplate : Reason::MissingInput);
        if (reason(i) == 0 || r == static_cast<std::uint8_t>(Reason::NotInTemplate)) reason(i) = r;
      }
    }
  }
  if (has_alternatives)
    for (Eigen::Index i = 0; i < n; ++i)
      if (!any_alternative(i)) reason(i) = static_cast<std::uint8_t>(Reason::NotInTemplate);
  for (Eigen::Index i = 0; i < n; ++i)
    if (reason(i)) out(i) = std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

ColMatrix IndicatorValues::value() const {
  ColMatrix v = numerator.array() / denominator.array();
  for (Eigen::Index j = 0; j < v.cols(); ++j)
    for (Eigen::Index i = 0; i < v.rows(); ++i)
      if (reason(i, j)) v(i, j) = std::numeric_limits<double>::quiet_NaN();
  return v;
}

IndicatorValues compute_indicators(const Corpus& corpus, const std::vector<Indicator>& indicators) {
  const auto n = static_cast<Eigen::Index>(corpus.size());
  const auto k = static_cast<Eigen::Index>(indicators.size());
  IndicatorValues out;
  out.numerator.resize(n, k);
  out.denominator.resize(n, k);
  out.reason.setZero(n, k);
  for_each_column(k, n, [&](Eigen::Index j) {
    const Indicator& ind = indicators[static_cast<std::size_t>(j)];
    sum_terms(corpus, ind.numerator, out.numerator.col(j), out.reason.col(j));
    Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1> den_reason = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, 1>::Zero(n);
    sum_terms(corpus, ind.denominator, out.denominator.col(j), den_reason);
    for (Eigen::Index i = 0; i < n; ++i) {
      std::uint8_t& r = out.reason(i, j);
      if (den_reason(i) && (r == 0 || den_reason(i) == static_cast<std::uint8_t>(Reason::NotInTemplate))) r = den_reason(i);
      if (r == 0 && out.denominator(i, j) == 0) r = static_cast<std::uint8_t>(Reason::ZeroDenominator);
    }
  });
  return out;
}

ColMatrix Pooled::value() const {
  ColMatrix v = numerator.array() / denominator.array();
  for (Eigen::Index j = 0; j < v.cols(); ++j) {
    const bool count = total[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < v.rows(); ++i) {
      if (count) v(i, j) = numerator(i, j);
      if (reports(i, j) == 0 || (!count && denominator(i, j) == 0)) v(i, j) = std::numeric_limits<double>::quiet_NaN();
    }
  }
  return v;
}

Pooled pool(const IndicatorValues& values, const std::vector<Indicator>& indicators,
            const std::vector<std::int64_t>& group, std::int64_t groups) {
  const Eigen::Index k = values.numerator.cols();
  if (static_cast<Eigen::Index>(indicators.size()) != k)
    throw std::invalid_argument("pool: one indicator per column of the values is needed");
  Pooled p;
  for (const Indicator& i : indicators) p.total.push_back(i.denominator.empty());
  p.numerator.setZero(groups, k);
  p.denominator.setZero(groups, k);
  p.reports.setZero(groups, k);
  for (Eigen::Index j = 0; j < k; ++j)
    for (std::size_t i = 0; i < group.size(); ++i) {
      const std::int64_t g = group[i];
      const auto r = static_cast<Eigen::Index>(i);
      if (g < 0 || g >= groups) continue;
      const std::uint8_t why = values.reason(r, j);
      // a zero base still adds its (zero) denominator and its numerator
      if (why != 0 && why != static_cast<std::uint8_t>(Reason::ZeroDenominator)) continue;
      p.numerator(g, j) += values.numerator(r, j);
      p.denominator(g, j) += values.denominator(r, j);
      p.reports(g, j) += 1;
    }
  return p;
}

YearOverYear year_over_year(const IndicatorValues& values, const std::vector<Indicator>& indicators,
                            const std::vector<std::int64_t>& agency, const std::vector<int>& year) {
  // (agency, year, report) sorted as plain tuples: the reports of an agency in year order
  struct Key {
    std::int64_t agency;
    int year;
    std::int64_t report;
    bool operator<(const Key& o) const {
      return agency != o.agency ? agency < o.agency : year != o.year ? year < o.year : report < o.report;
    }
  };
  std::vector<Key> keys;
  keys.reserve(agency.size());
  for (std::size_t i = 0; i < agency.size(); ++i)
    if (agency[i] >= 0 && year[i] != 0) keys.push_back({agency[i], year[i], static_cast<std::int64_t>(i)});
  std::sort(keys.begin(), keys.end());
  YearOverYear y;
  for (std::size_t k = 1; k < keys.size(); ++k) {
    const Key &a = keys[k - 1], &b = keys[k];
    if (a.agency != b.agency || b.year != a.year + 1) continue;
    y.previous.push_back(a.report);
    y.report.push_back(b.report);
  }
  const auto m = static_cast<Eigen::Index>(y.report.size());
  const auto kk = values.numerator.cols();
  y.value.resize(m, kk);
  y.previous_value.resize(m, kk);
  y.change.resize(m, kk);
  y.relative.resize(m, kk);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  auto value_at = [&](std::int64_t r, Eigen::Index j) {
    return values.reason(r, j) ? nan : values.numerator(r, j) / values.denominator(r, j);
  };
  for_each_column(kk, m, [&](Eigen::Index j) {
    const bool rate = indicators[static_cast<std::size_t>(j)].rate;
    for (Eigen::Index i = 0; i < m; ++i) {
      const double now = value_at(y.report[static_cast<std::size_t>(i)], j);
      const double before = value_at(y.previous[static_cast<std::size_t>(i)], j);
      y.value(i, j) = now;
      y.previous_value(i, j) = before;
      y.change(i, j) = rate ? (now - before) * 100.0 : now - before;
      y.relative(i, j) = rate || before == 0 ? nan : now / before - 1.0;
    }
  });
  return y;
}

}  // namespace gongkai
