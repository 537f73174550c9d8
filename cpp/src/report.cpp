#include "gongkai/report.hpp"

#include <limits>

namespace gongkai {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

const char* placement_name(Placement p) {
  switch (p) {
    case Placement::Label: return "label";
    case Placement::Order: return "order";
    case Placement::Cut: return "cut";
    case Placement::Merged: return "merged";
  }
  return "label";
}

void TableData::resize(Eigen::Index rows, Eigen::Index cols) {
  values.setConstant(rows, cols, std::numeric_limits<double>::quiet_NaN());
  state.setConstant(rows, cols, static_cast<std::uint8_t>(CellState::Absent));
  origin.assign(static_cast<std::size_t>(rows * cols), CellOrigin{});
}

bool TableData::present() const {
  return (state.array() != static_cast<std::uint8_t>(CellState::Absent)).any();
}

int Report::table3_row_index(Table3Row r) const {
  for (std::size_t i = 0; i < table3_rows.size(); ++i)
    if (table3_rows[i] == r) return static_cast<int>(i);
  return -1;
}

int Report::table2_field_index(Table2Field f) const {
  for (std::size_t i = 0; i < table2_fields.size(); ++i)
    if (table2_fields[i] == f) return static_cast<int>(i);
  return -1;
}

}  // namespace gongkai
