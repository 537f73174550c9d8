#include "gongkai/corpus/corpus.hpp"

#include <limits>

namespace gongkai {

Corpus Corpus::from_reports(const std::vector<const Report*>& reports) {
  const auto n = static_cast<Eigen::Index>(reports.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Corpus c;
  c.table2.setConstant(n, kT2Columns, nan);
  c.table3.setConstant(n, kT3Columns, nan);
  c.table4.setConstant(n, kT4Columns, nan);
  c.state2.setConstant(n, kT2Columns, kNotApplicable);
  c.state3.setConstant(n, kT3Columns, kNotApplicable);
  c.state4.setConstant(n, kT4Columns, kNotApplicable);
  c.year.resize(reports.size());
  c.template_id.resize(reports.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    const Report& r = *reports[static_cast<std::size_t>(i)];
    c.year[static_cast<std::size_t>(i)] = r.year;
    c.template_id[static_cast<std::size_t>(i)] = r.template_id;
    for (std::size_t f = 0; f < r.table2_fields.size(); ++f) {
      const auto col = static_cast<Eigen::Index>(r.table2_fields[f]);
      c.table2(i, col) = r.table2.values(static_cast<Eigen::Index>(f), 0);
      c.state2(i, col) = r.table2.state(static_cast<Eigen::Index>(f), 0);
    }
    for (std::size_t row = 0; row < r.table3_rows.size(); ++row)
      for (int k = 0; k < kTable3Cols; ++k) {
        const Eigen::Index col = t3_column(r.table3_rows[row], k);
        c.table3(i, col) = r.table3.values(static_cast<Eigen::Index>(row), k);
        c.state3(i, col) = r.table3.state(static_cast<Eigen::Index>(row), k);
      }
    if (r.table4.values.size())
      for (int b = 0; b < kTable4Blocks; ++b)
        for (int v = 0; v < kTable4Values; ++v) {
          c.table4(i, b * kTable4Values + v) = r.table4.values(b, v);
          c.state4(i, b * kTable4Values + v) = r.table4.state(b, v);
        }
  }
  return c;
}

}  // namespace gongkai
