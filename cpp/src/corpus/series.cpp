#include "gongkai/corpus/series.hpp"

#include <algorithm>
#include <numeric>

#include "gongkai/check/rules.hpp"

namespace gongkai {

namespace {

constexpr auto kValue = static_cast<std::uint8_t>(CellState::Value);

// The findings of report b against report a, the year before.
void compare(const Corpus& c, Eigen::Index a, Eigen::Index b, const std::string& source_a, std::size_t later,
             std::vector<std::pair<std::size_t, Finding>>& out) {
  const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
  // carry-over chain, every column
  for (int col = 0; col < kTable3Cols; ++col) {
    const int f = t3_column(Table3Row::CarriedForward, col), o = t3_column(Table3Row::CarriedOver, col);
    if (c.state3(a, f) != kValue || c.state3(b, o) != kValue) continue;
    const double before = c.table3(a, f), now = c.table3(b, o);
    if (before == now) continue;
    const std::string name(table3_col_id(static_cast<Table3Col>(col)));
    Finding x = make_finding("series.carry_over",
                             "column " + name + ": " + std::to_string(c.year[ua]) + " carried forward " +
                                 format_number(before) + " (" + source_a + ") but " + std::to_string(c.year[ub]) +
                                 " carried over " + format_number(now),
                             {"table3/carried_over/" + name});
    x.expected = before;
    x.actual = now;
    out.emplace_back(later, std::move(x));
  }
  // stock of documents
  if (c.template_id[ua] != TemplateId::T2021 || c.template_id[ub] != TemplateId::T2021) return;
  using F = Table2Field;
  const F stock[][3] = {{F::RegulationsIssued, F::RegulationsRepealed, F::RegulationsInForce},
                        {F::NormativeIssued, F::NormativeRepealed, F::NormativeInForce}};
  for (const auto& fields : stock) {
    const int issued = static_cast<int>(fields[0]), repealed = static_cast<int>(fields[1]),
              in_force = static_cast<int>(fields[2]);
    if (c.state2(a, in_force) != kValue || c.state2(b, issued) != kValue || c.state2(b, repealed) != kValue ||
        c.state2(b, in_force) != kValue)
      continue;
    const double previous = c.table2(a, in_force);
    const double expected = previous + c.table2(b, issued) - c.table2(b, repealed);
    const double actual = c.table2(b, in_force);
    if (expected == actual) continue;
    const std::string row(table2_field_info(fields[2]).row_id);
    Finding x = make_finding("series.stock",
                             row + ": " + format_number(actual) + " in force, but " + format_number(previous) +
                                 " in force in " + std::to_string(c.year[ua]) + " + " +
                                 format_number(c.table2(b, issued)) + " issued - " +
                                 format_number(c.table2(b, repealed)) + " repealed = " + format_number(expected),
                             {"table2/" + row + "/in_force", "table2/" + row + "/issued", "table2/" + row + "/repealed"});
    x.expected = expected;
    x.actual = actual;
    out.emplace_back(later, std::move(x));
  }
}

}  // namespace

std::vector<std::pair<std::size_t, Finding>> check_series(const Corpus& corpus, const std::vector<std::int64_t>& agency,
                                                          const std::vector<std::string>& source) {
  std::vector<std::size_t> order(corpus.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return agency[a] != agency[b] ? agency[a] < agency[b] : corpus.year[a] < corpus.year[b];
  });
  std::vector<std::pair<std::size_t, Finding>> out;
  for (std::size_t k = 1; k < order.size(); ++k) {
    const std::size_t a = order[k - 1], b = order[k];
    if (agency[a] < 0 || agency[a] != agency[b] || corpus.year[a] == 0 || corpus.year[b] != corpus.year[a] + 1) continue;
    compare(corpus, static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b), source[a], b, out);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return out;
}

std::vector<std::pair<std::size_t, Finding>> check_series(const std::vector<const Report*>& reports) {
  const Corpus c = Corpus::from_reports(reports);
  std::vector<std::pair<std::size_t, Finding>> out;
  for (std::size_t k = 1; k < reports.size(); ++k)
    if (c.year[k] != 0 && c.year[k] == c.year[k - 1] + 1)
      compare(c, static_cast<Eigen::Index>(k - 1), static_cast<Eigen::Index>(k), reports[k - 1]->source, k, out);
  return out;
}

}  // namespace gongkai
