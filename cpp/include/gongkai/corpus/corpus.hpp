// Many reports held column-wise: one Eigen matrix per table over all reports, in the canonical
// cell order of every template, plus year and template. Numbers only (no text): a few KB a
// report, so a million reports fit in memory.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "gongkai/report.hpp"

namespace gongkai {

using ColMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using ColStates = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

// A cell the report's template or layout does not have (a 2021 field in a 2019 report, the
// single `other` row in a 2021 report): not missing, not applicable.
constexpr std::uint8_t kNotApplicable = 255;

// Canonical columns: table 2 by Table2Field (32), table 3 by Table3Row x Table3Col (26 x 7),
// table 4 by block x value (15).
constexpr int kT2Columns = static_cast<int>(Table2Field::Count);
constexpr int kT3Columns = static_cast<int>(Table3Row::Count) * kTable3Cols;
constexpr int kT4Columns = kTable4Blocks * kTable4Values;
inline int t3_column(Table3Row r, int col) { return static_cast<int>(r) * kTable3Cols + col; }

struct Corpus {
  ColMatrix table2, table3, table4;  // n x columns, NaN where missing or not applicable
  ColStates state2, state3, state4;  // CellState, or kNotApplicable
  std::vector<int> year;             // 0 when unknown
  std::vector<TemplateId> template_id;

  std::size_t size() const { return year.size(); }
  static Corpus from_reports(const std::vector<const Report*>& reports);
};

}  // namespace gongkai
