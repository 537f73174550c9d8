// A parsed report: who and when, its three tables as Eigen matrices with a state for every
// cell and where in the source it came from, the narrative sections, and the findings.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gongkai/grid.hpp"
#include "gongkai/template.hpp"
#include "gongkai/text.hpp"

namespace gongkai {

using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using StateMatrix = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum class Severity : std::uint8_t { Info, Warning, Error };
const char* severity_name(Severity s);

// Something about the report's content: a row not found, a cell unreadable, an identity that
// does not hold. `cells` names cells as "table3/<row id>/<column id>" (template.md ids).
struct Finding {
  std::string rule;  // stable id, e.g. "parse.row_missing"
  Severity severity = Severity::Warning;
  std::vector<std::string> cells;
  std::string message;
  Location location;  // line 0 when the finding is about the whole report
  // For arithmetic rules: the two sides of the identity that does not hold (NaN otherwise),
  // and, where changing one cell would satisfy every broken identity, that cell and its value.
  double expected = std::numeric_limits<double>::quiet_NaN();
  double actual = std::numeric_limits<double>::quiet_NaN();
  std::string suggested_cell;
  double suggested_value = std::numeric_limits<double>::quiet_NaN();
};

// How the parser placed a value in its cell: by the cell's own row and column labels; by the
// template's order, between labelled rows (a row of values printed without its label); by a
// cut of digits glued together; through a merged cell that spans several template rows.
enum class Placement : std::uint8_t { Label, Order, Cut, Merged };
const char* placement_name(Placement p);

// Where one table cell came from: its raw text, its place in the source, how it was placed.
struct CellOrigin {
  std::string raw;
  Location location;  // line 0 for cells the report does not have
  Placement placement = Placement::Label;
};

// One table: values (NaN where missing), the state of every cell and its origin. Rows and
// columns are those of the table's layout (see Report).
struct TableData {
  Matrix values;
  StateMatrix state;
  std::vector<CellOrigin> origin;  // row-major, rows() * cols()

  void resize(Eigen::Index rows, Eigen::Index cols);  // every cell Absent, NaN
  bool present() const;  // any cell not Absent
  CellOrigin& origin_at(Eigen::Index r, Eigen::Index c) {
    return origin[static_cast<std::size_t>(r * values.cols() + c)];
  }
  const CellOrigin& origin_at(Eigen::Index r, Eigen::Index c) const {
    return origin[static_cast<std::size_t>(r * values.cols() + c)];
  }
};

struct Report {
  std::string source;  // as given by the caller
  SourceFormat format = SourceFormat::Text;
  Encoding encoding = Encoding::Utf8;

  std::string agency;  // empty when the report does not say
  int year = 0;        // the report year; 0 when the report does not say
  TemplateId template_id = TemplateId::None;
  std::string title;

  // Table 2: n x 1, fields of table2_layout(template_id).
  std::vector<Table2Field> table2_fields;
  TableData table2;
  // Table 3: rows of table3_layout(table3_layout) x 7 columns.
  Table3Layout table3_layout = Table3Layout::Full;
  std::vector<Table3Row> table3_rows;
  TableData table3;
  // Table 4: 3 blocks x 5 values.
  TableData table4;

  bool has_table2 = false;
  bool has_table3 = false;
  bool has_table4 = false;

  std::string preamble;                        // text before section 一
  std::array<std::string, kSections> sections; // the text of sections 一 to 六
  std::array<bool, kSections> section_found{};

  std::vector<Finding> findings;
  // True once the report's own identities (table3.*, table4.block_total) were checked and
  // their findings added to `findings` (check_own_identities), as parsing does.
  bool identities_checked = false;

  int table3_row_index(Table3Row r) const;    // -1 when not in the layout
  int table2_field_index(Table2Field f) const;  // -1 when not in the layout
};

// At most `per_rule` findings of each rule and `total` in all are kept, in their order; for
// each rule cut short, one "findings.capped" warning says how many were left out. A hostile
// file makes findings by the ten thousand; no reader needs more than the first of each kind.
inline constexpr std::size_t kFindingsPerRule = 200;
// Values no agency prints (docs/limits.md): a count of applications, reconsiderations or
// lawsuits of ten million or more (a ministry's are thousands), a table-2 figure of 10^11 or
// more (licences and penalties run to millions, fees to millions of 万元). Such a cell is read
// as text, named by "cell.implausible", never kept as a number.
inline constexpr double kImplausibleCount = 1e7;
inline constexpr double kImplausibleTable2 = 1e11;
inline constexpr std::size_t kFindingsPerReport = 2000;
void cap_findings(Report& report, std::size_t per_rule = kFindingsPerRule, std::size_t total = kFindingsPerReport);

}  // namespace gongkai
