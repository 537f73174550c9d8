#include "gongkai/check/rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gongkai/error.hpp"
#include "gongkai/text.hpp"

namespace gongkai {

namespace {

constexpr RuleInfo kRules[] = {
    {"table3.balance", Severity::Error, "report", "第一项加第二项之和等于第三项加第四项之和（每一列）",
     "For every applicant column, new and carried-over applications equal those processed and those carried forward.",
     "new + carried_over = total_processed + carried_forward"},
    {"table3.results", Severity::Error, "report", "本年度办理结果各项之和等于（七）总计（每一列）",
     "For every applicant column, the results add up to the total processed.",
     "total_processed = granted + partially_granted + Σ denied_* + Σ unavailable_* + Σ rejected_* + Σ other*"},
    {"table3.row_total", Severity::Error, "report", "各类申请人之和等于总计（每一行）",
     "For every row, the six applicant columns add up to the total.",
     "total = natural_person + commercial + research + social_welfare + legal_services + other_org"},
    {"table4.block_total", Severity::Error, "report", "行政复议、行政诉讼各项结果之和等于总计",
     "In each block of table 4, the four results add up to the total.", "total = upheld + corrected + other + pending"},
    {"counts.non_negative", Severity::Error, "report", "件数不得为负数",
     "Counts are not negative (table 2's 本年增/减 may be).", "value >= 0"},
    {"counts.whole", Severity::Error, "report", "件数应为整数", "Counts are whole numbers (amounts in 万元 may have decimals).",
     "value = round(value)"},
    {"table2.items_2019", Severity::Error, "report", "上一年项目数量加本年增/减不得为负（2019年格式）",
     "In the 2019 template, last year's items plus this year's change are not negative.",
     "previous_items + change >= 0"},
    {"cell.missing", Severity::Warning, "report", "应填数字处空白或填“/”“—”“无”",
     "A cell where the template wants a number is blank or holds \"/\", \"—\" or \"无\".", "state in {blank, slash, dash, nil}"},
    {"cell.text", Severity::Error, "report", "应填数字处为文字", "A cell where the template wants a number holds text.",
     "state = text"},
    {"cell.implausible", Severity::Error, "report", "数字超出任何机关可能的数量",
     "A number larger than any agency counts: 10,000,000 or more in tables 3 and 4, 10^11 or more in table 2; read as text.",
     "abs(value) < 1e7 (tables 3, 4), < 1e11 (table 2)"},
    {"narrative.applications", Severity::Warning, "report", "正文所述收到申请数与表三不一致",
     "The applications received that the narrative states differ from table 3.",
     "N (\"收到/受理…申请N件\") = new.total (or new.total + carried_over.total)"},
    {"narrative.processed", Severity::Warning, "report", "正文所述办结（答复）数与表三不一致",
     "The applications processed that the narrative states differ from table 3.",
     "N (\"办结/答复N件\") = total_processed.total"},
    {"narrative.reconsideration", Severity::Warning, "report", "正文所述行政复议数与表四不一致",
     "The administrative reconsiderations that the narrative states differ from table 4.",
     "N (\"行政复议N件\") = reconsideration.total"},
    {"narrative.litigation", Severity::Warning, "report", "正文所述行政诉讼数与表四不一致",
     "The lawsuits that the narrative states differ from table 4.",
     "N (\"行政诉讼N件\") = litigation_direct.total + litigation_after_reconsideration.total"},
    {"report.year", Severity::Warning, "report", "报告年度与正文所述年度不一致",
     "The report year (title, statistics period) differs from the year the narrative speaks of.",
     "year = the year section 一 names most often"},
    {"series.carry_over", Severity::Warning, "series", "上年结转与上一年度结转下年度不一致（每一列）",
     "Applications carried over differ from those the same agency carried forward the year before (every column).",
     "carried_over(t) = carried_forward(t-1)"},
    {"series.stock", Severity::Warning, "series", "现行有效件数与上年现行有效加本年制发减废止不一致",
     "Documents in force differ from last year's plus this year's issued minus repealed (regulations, normative documents).",
     "in_force(t) = in_force(t-1) + issued(t) - repealed(t)"},
    {"copy.tables", Severity::Warning, "corpus", "与另一报告的表格完全相同",
     "Tables 3 and 4 are identical to another agency's report, or to the same agency's previous year.",
     "table3(a) = table3(b) and table4(a) = table4(b), with at least 10 applications and cases"},
    {"copy.narrative", Severity::Warning, "corpus", "正文与另一报告几乎相同",
     "The narrative (sections 一 and 五) is nearly identical to another report's.",
     "Jaccard similarity of character 5-grams >= 0.95"},
    {"corpus.conflict", Severity::Warning, "corpus", "同一机关同一年度的两个文件所载数字不同",
     "Two files claim the same agency and year but print different numbers (a corrected re-publication, or two "
     "agencies whose names read alike): they are not two forms of one report, and both are kept.",
     "cell(a) = cell(b) for every cell both files print as a number"},
};

Finding make(std::string_view rule, std::string message) {
  Finding f;
  f.rule = std::string(rule);
  for (const RuleInfo& r : kRules)
    if (r.id == rule) f.severity = r.severity;
  f.message = std::move(message);
  return f;
}

}  // namespace

Finding make_finding(std::string_view rule, std::string message, std::vector<std::string> cells) {
  const bool known = std::any_of(std::begin(kRules), std::end(kRules), [&](const RuleInfo& r) { return r.id == rule; });
  if (!known) throw std::invalid_argument("no rule '" + std::string(rule) + "' in the catalogue");
  Finding f = make(rule, std::move(message));
  f.cells = std::move(cells);
  return f;
}

std::string format_number(double v) {
  if (std::isnan(v)) return "—";
  if (v == std::round(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s = std::to_string(v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

namespace {

std::string num(double v) { return format_number(v); }

// ---- cells of tables 3 and 4

struct Ref {
  int table;  // 3 or 4
  int row;    // index in the report's layout (table 3) or block (table 4)
  int col;
  bool operator==(const Ref& o) const { return table == o.table && row == o.row && col == o.col; }
};

const TableData& data_of(const Report& r, int table) { return table == 3 ? r.table3 : r.table4; }

bool value_of(const Report& r, Ref x, double& out) {
  const TableData& t = data_of(r, x.table);
  if (x.row < 0 || x.row >= t.values.rows()) return false;
  if (t.state(x.row, x.col) != static_cast<std::uint8_t>(CellState::Value)) return false;
  out = t.values(x.row, x.col);
  return true;
}

const CellOrigin& origin_of(const Report& r, Ref x) { return data_of(r, x.table).origin_at(x.row, x.col); }

std::string name_of(const Report& r, Ref x) {
  if (x.table == 3)
    return "table3/" + std::string(table3_row_id(r.table3_rows[static_cast<std::size_t>(x.row)])) + "/" +
           std::string(table3_col_id(static_cast<Table3Col>(x.col)));
  return "table4/" + std::string(table4_block_id(static_cast<Table4Block>(x.row))) + "/" +
         std::string(table4_value_id(static_cast<Table4Value>(x.col)));
}

// left = right, each a sum of cells.
struct Identity {
  std::string_view rule;
  std::string what;  // e.g. "column natural_person"
  std::vector<Ref> left, right;
};

std::vector<Identity> make_identities(const Report& r) {
  std::vector<Identity> out;
  if (r.has_table3) {
    auto row = [&](Table3Row id) { return r.table3_row_index(id); };
    const int n_new = row(Table3Row::New), n_over = row(Table3Row::CarriedOver), n_total = row(Table3Row::TotalProcessed),
              n_fwd = row(Table3Row::CarriedForward);
    std::vector<int> results;
    for (std::size_t i = 0; i < r.table3_rows.size(); ++i) {
      const Table3Row id = r.table3_rows[i];
      if (id != Table3Row::New && id != Table3Row::CarriedOver && id != Table3Row::TotalProcessed &&
          id != Table3Row::CarriedForward)
        results.push_back(static_cast<int>(i));
    }
    for (int c = 0; c < kTable3Cols; ++c) {
      const std::string col = "column " + std::string(table3_col_id(static_cast<Table3Col>(c)));
      if (n_new >= 0 && n_over >= 0 && n_total >= 0 && n_fwd >= 0)
        out.push_back({"table3.balance", col, {{3, n_new, c}, {3, n_over, c}}, {{3, n_total, c}, {3, n_fwd, c}}});
      if (n_total >= 0) {
        Identity id{"table3.results", col, {{3, n_total, c}}, {}};
        for (int i : results) id.right.push_back({3, i, c});
        out.push_back(std::move(id));
      }
    }
    for (std::size_t i = 0; i < r.table3_rows.size(); ++i) {
      Identity id{"table3.row_total", "row " + std::string(table3_row_id(r.table3_rows[i])),
                  {{3, static_cast<int>(i), kTable3Cols - 1}}, {}};
      for (int c = 0; c + 1 < kTable3Cols; ++c) id.right.push_back({3, static_cast<int>(i), c});
      out.push_back(std::move(id));
    }
  }
  if (r.has_table4)
    for (int b = 0; b < kTable4Blocks; ++b) {
      Identity id{"table4.block_total", "block " + std::string(table4_block_id(static_cast<Table4Block>(b))),
                  {{4, b, static_cast<int>(Table4Value::Total)}}, {}};
      for (int v = 0; v < static_cast<int>(Table4Value::Total); ++v) id.right.push_back({4, b, v});
      out.push_back(std::move(id));
    }
  return out;
}

// The identities of a report, which depend only on the rows its tables have: made once for each
// shape of report among the last few a thread met (reports have the template's rows but for a
// few), valid until the thread's next call.
const std::vector<Identity>& identities_of(const Report& r) {
  struct Made {  // an empty one is right as it stands: a report without tables 3 and 4 has none
    bool table3 = false, table4 = false;
    std::vector<Table3Row> rows;
    std::vector<Identity> ids;
  };
  thread_local std::array<Made, 4> made;
  thread_local std::size_t next = 0;
  for (const Made& m : made)
    if (m.table3 == r.has_table3 && m.table4 == r.has_table4 && m.rows == r.table3_rows) return m.ids;
  Made& m = made[next];
  next = (next + 1) % made.size();
  m = Made{r.has_table3, r.has_table4, r.table3_rows, make_identities(r)};
  return m.ids;
}

// The two sides of an identity with cell x set to v (x < 0: as printed); false if a cell is no number.
bool sides(const Report& r, const Identity& id, double& left, double& right, const Ref* x = nullptr, double v = 0) {
  left = right = 0;
  for (int side = 0; side < 2; ++side)
    for (const Ref& c : side == 0 ? id.left : id.right) {
      double value;
      if (x && c == *x) value = v;
      else if (!value_of(r, c, value)) return false;
      (side == 0 ? left : right) += value;
    }
  return true;
}

bool involves(const Identity& id, Ref x) {
  return std::find(id.left.begin(), id.left.end(), x) != id.left.end() ||
         std::find(id.right.begin(), id.right.end(), x) != id.right.end();
}

// Whether the identity involves a cell outside the row of `x`.
bool leaves_row(const Identity& id, Ref x) {
  auto other = [&](const Ref& y) { return y.table != x.table || y.row != x.row; };
  return std::any_of(id.left.begin(), id.left.end(), other) || std::any_of(id.right.begin(), id.right.end(), other);
}

void check_identities(const Report& r, const std::vector<Identity>& ids, std::vector<Finding>& out) {
  std::vector<std::size_t> broken;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    double l, rt;
    if (sides(r, ids[i], l, rt) && l != rt) broken.push_back(i);
  }
  if (broken.empty()) return;
  // One cell whose change would satisfy every broken identity, and break none that holds.
  std::vector<std::pair<Ref, double>> fixes;
  std::vector<Ref> tried;
  for (std::size_t b : broken)
    for (int side = 0; side < 2; ++side)
      for (const Ref& x : side == 0 ? ids[b].left : ids[b].right) {
        if (std::find(tried.begin(), tried.end(), x) != tried.end()) continue;
        tried.push_back(x);
        bool in_all = true;
        for (std::size_t k : broken) in_all = in_all && involves(ids[k], x);
        if (!in_all) continue;
        double l, rt, cur;
        sides(r, ids[b], l, rt);
        value_of(r, x, cur);
        const bool on_left = std::find(ids[b].left.begin(), ids[b].left.end(), x) != ids[b].left.end();
        const double v = cur + (on_left ? rt - l : l - rt);
        if (v < 0 || v != std::round(v)) continue;
        bool all_hold = true;
        for (const Identity& id : ids) {
          if (!involves(id, x)) continue;
          double l2, r2;
          if (sides(r, id, l2, r2, &x, v) && l2 != r2) all_hold = false;
        }
        if (all_hold) fixes.emplace_back(x, v);
      }
  for (std::size_t b : broken) {
    const Identity& id = ids[b];
    double l, rt;
    sides(r, id, l, rt);
    // "column total: total_processed 20 ≠ granted 7 + partially_granted 6 + … = 27"
    std::string lhs, rhs;
    Finding f = make(id.rule, "");
    const bool along_column = id.rule == "table3.balance" || id.rule == "table3.results";
    for (int side = 0; side < 2; ++side) {
      const auto& terms = side == 0 ? id.left : id.right;
      std::string& s = side == 0 ? lhs : rhs;
      for (const Ref& c : terms) {
        f.cells.push_back(name_of(r, c));
        double v = 0;
        value_of(r, c, v);
        if (v == 0 && terms.size() > 4) continue;  // long sums: the zeros say nothing
        const std::string name = name_of(r, c);
        const std::size_t a = name.find('/'), z = name.rfind('/');
        const std::string term = along_column ? name.substr(a + 1, z - a - 1) : name.substr(z + 1);
        s += (s.empty() ? "" : " + ") + term + " " + num(v);
      }
      if (s.empty()) s = "0";
    }
    f.actual = l;
    f.expected = rt;
    f.location = origin_of(r, id.left.front()).location;
    f.message = id.what + ": " + lhs + (id.left.size() > 1 ? " = " + num(l) : "") + " but " + rhs +
                (id.right.size() > 1 ? " = " + num(rt) : "");
    if (fixes.size() == 1) {
      f.suggested_cell = name_of(r, fixes[0].first);
      f.suggested_value = fixes[0].second;
      f.message += "; " + f.suggested_cell + " = " + num(fixes[0].second) + " would satisfy every identity";
    }
    out.push_back(std::move(f));
  }
}

// A value the parser placed other than by its own row and column labels (template order, a cut
// of glued digits, a merged cell) is confirmed by an identity that holds over it, or named.
// Table 2 has no identity: its cuts are taken only where they are the only reading, blank
// cells counted, so only its values placed by order or through a merged cell are named.
void check_unconfirmed(Report& r, const std::vector<Identity>& ids) {
  std::vector<char> holds(ids.size(), 0);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    double l, rt;
    holds[i] = sides(r, ids[i], l, rt) && l == rt;
  }
  std::vector<std::string> cells;
  std::string listed[4];
  Location first;
  bool any = false;
  auto note = [&](const std::string& name, const CellOrigin& o) {
    if (!any) first = o.location;
    any = true;
    cells.push_back(name);
    std::string& l = listed[static_cast<int>(o.placement)];
    if (l.size() < 200) l += (l.empty() ? "" : ", ") + name;
  };
  for (int table : {3, 4}) {
    const TableData& t = data_of(r, table);
    for (int row = 0; row < t.values.rows(); ++row)
      for (int col = 0; col < t.values.cols(); ++col) {
        const Ref x{table, row, col};
        const CellOrigin& o = origin_of(r, x);
        double v;
        if (o.placement == Placement::Label) continue;
        if (!value_of(r, x, v)) {  // "无", "/" or a blank placed by order: no identity can confirm it
          if (o.placement == Placement::Order) note(name_of(r, x), o);
          continue;
        }
        // Values placed by order were accepted where their row adds up to its total, so only an
        // identity reaching beyond their row confirms them.
        const bool beyond_row = o.placement == Placement::Order;
        bool confirmed = false;
        for (std::size_t i = 0; i < ids.size() && !confirmed; ++i)
          confirmed = holds[i] && involves(ids[i], x) && (!beyond_row || leaves_row(ids[i], x));
        if (!confirmed) note(name_of(r, x), o);
      }
  }
  for (std::size_t i = 0; i < r.table2_fields.size(); ++i) {
    const CellOrigin& o = r.table2.origin_at(static_cast<Eigen::Index>(i), 0);
    if (o.placement != Placement::Order && o.placement != Placement::Merged) continue;
    if (r.table2.state(static_cast<Eigen::Index>(i), 0) != static_cast<std::uint8_t>(CellState::Value)) continue;
    const auto& info = table2_field_info(r.table2_fields[i]);
    note("table2/" + std::string(info.row_id) + "/" + std::string(info.value_id), o);
  }
  if (!any) return;
  static constexpr const char* kHow[] = {"", "by the template's order between labelled rows", "by a cut of glued digits",
                                         "through a merged cell"};
  std::string how;
  for (int p = 1; p < 4; ++p)
    if (!listed[p].empty()) how += std::string(how.empty() ? "" : "; ") + kHow[p] + ": " + listed[p];
  Finding f;
  f.rule = "parse.unconfirmed";
  f.severity = Severity::Warning;
  f.message = std::to_string(cells.size()) + " value" + (cells.size() == 1 ? " was" : "s were") +
              " placed without their own labels and no identity that holds confirms them (" + how + ")";
  f.cells = std::move(cells);
  f.location = first;
  r.findings.push_back(std::move(f));
}

// ---- cells of every table: counts and states

void check_cells(const Report& r, std::vector<Finding>& out) {
  // Cells the parser refused for a reason of its own (glued, out of order, cut off) are named by
  // that finding; cells it already reported as text are not reported twice.
  std::unordered_set<std::string> said;
  for (const Finding& f : r.findings)
    if (f.rule.rfind("parse.", 0) == 0 || f.rule == "cell.text" || f.rule == "cell.implausible")
      for (const std::string& c : f.cells) said.insert(c);
  // A cell's name is made only for the cells a finding names (most cells are fine).
  struct Named {
    std::string name;  // with " = value" for negative and fractional counts
    Location where;
  };
  std::vector<Named> missing, text, negative, fraction;
  auto visit = [&](const TableData& t, Eigen::Index i, Eigen::Index j, const auto& name_of_cell, bool count,
                   bool may_be_negative) {
    const auto st = static_cast<CellState>(t.state(i, j));
    const bool is_missing = st == CellState::Blank || st == CellState::Slash || st == CellState::Dash || st == CellState::Nil;
    const double v = st == CellState::Value ? t.values(i, j) : 0.0;
    const bool is_negative = st == CellState::Value && v < 0 && !may_be_negative;
    const bool is_fraction = st == CellState::Value && count && v != std::round(v);
    if (!is_missing && st != CellState::Text && !is_negative && !is_fraction) return;
    const std::string name = name_of_cell();
    const Location& where = t.origin_at(i, j).location;
    if (is_missing) missing.push_back({name, where});
    if (st == CellState::Text && !said.count(name)) text.push_back({name, where});
    if (is_negative) negative.push_back({name + " = " + num(v), where});
    if (is_fraction) fraction.push_back({name + " = " + num(v), where});
  };
  for (std::size_t i = 0; i < r.table2_fields.size(); ++i) {
    const auto& info = table2_field_info(r.table2_fields[i]);
    visit(r.table2, static_cast<Eigen::Index>(i), 0,
          [&] { return "table2/" + std::string(info.row_id) + "/" + std::string(info.value_id); }, !info.amount,
          info.value_id == "change");
  }
  for (std::size_t i = 0; i < r.table3_rows.size(); ++i)
    for (int c = 0; c < kTable3Cols; ++c)
      visit(r.table3, static_cast<Eigen::Index>(i), c, [&] { return name_of(r, {3, static_cast<int>(i), c}); }, true,
            false);
  if (r.table4.values.size())
    for (int b = 0; b < kTable4Blocks; ++b)
      for (int v = 0; v < kTable4Values; ++v)
        visit(r.table4, b, v, [&] { return name_of(r, {4, b, v}); }, true, false);
  auto emit = [&](std::string_view rule, std::vector<Named>& cells, const std::string& what) {
    if (cells.empty()) return;
    std::string list;
    for (std::size_t k = 0; k < cells.size() && k < 6; ++k) list += (k ? ", " : "") + cells[k].name;
    if (cells.size() > 6) list += ", ...";
    Finding f = make(rule, std::to_string(cells.size()) + " " + what + ": " + list);
    for (const Named& c : cells) f.cells.push_back(c.name.substr(0, c.name.find(' ')));
    f.location = cells.front().where;
    out.push_back(std::move(f));
  };
  emit("cell.missing", missing, "cells where a number belongs are blank, \"/\", \"—\" or \"无\"");
  emit("cell.text", text, "cells where a number belongs hold text");
  emit("counts.non_negative", negative, "counts are negative");
  emit("counts.whole", fraction, "counts are not whole numbers");
}

void check_items_2019(const Report& r, std::vector<Finding>& out) {
  if (r.template_id != TemplateId::T2019) return;
  using F = Table2Field;
  const std::pair<F, F> pairs[] = {{F::LicensingPreviousItems, F::LicensingChange},
                                   {F::OtherServicesPreviousItems, F::OtherServicesChange},
                                   {F::PenaltyPreviousItems, F::PenaltyChange},
                                   {F::CoercionPreviousItems, F::CoercionChange},
                                   {F::FeesPreviousItems, F::FeesChange}};
  for (const auto& [prev, change] : pairs) {
    const int a = r.table2_field_index(prev), b = r.table2_field_index(change);
    if (a < 0 || b < 0) continue;
    if (r.table2.state(a, 0) != 0 || r.table2.state(b, 0) != 0) continue;
    const double p = r.table2.values(a, 0), c = r.table2.values(b, 0);
    if (p + c >= 0) continue;
    const auto& info = table2_field_info(prev);
    Finding f = make("table2.items_2019", std::string(info.row_id) + ": " + num(p) + " items last year " + num(c) +
                                              " this year leaves " + num(p + c));
    f.cells = {"table2/" + std::string(info.row_id) + "/previous_items", "table2/" + std::string(info.row_id) + "/change"};
    f.actual = p + c;
    f.expected = 0;
    out.push_back(std::move(f));
  }
}

// ---- narrative against tables

struct Stated {
  double n;
  std::size_t at;
};

// Numbers stated as "<keyword>…N件" where a keyword stands at most `gap` characters before N, in
// a text normalised once by normalize_label.
std::vector<Stated> stated(std::string_view n, std::initializer_list<std::string_view> keywords, std::size_t gap,
                           std::string_view must_precede = {}) {
  std::vector<Stated> out;
  for (std::size_t at = n.find("件"); at != std::string::npos; at = n.find("件", at + 3)) {
    std::size_t e = at, b = at;
    while (b > 0 && n[b - 1] >= '0' && n[b - 1] <= '9') --b;
    if (b == e) continue;
    const double value = std::stod(std::string(n.substr(b, e - b)));
    // the nearest keyword before the number, with nothing but a few characters between
    const std::size_t window = std::min<std::size_t>(b, gap * 3);
    const std::string_view before = n.substr(b - window, window);
    bool hit = false;
    for (std::string_view k : keywords) {
      const std::size_t p = before.rfind(k);
      if (p == std::string_view::npos) continue;
      const std::string_view between = before.substr(p + k.size());
      if (between.find_first_of("0123456789") != std::string_view::npos) continue;  // another number between
      // a part, not the whole: "其中公开答复1件", "同意公开答复数1件"
      const std::size_t kw = b - window + p;
      const std::size_t lead = kw >= 30 ? kw - 30 : 0;
      if (n.substr(lead, kw - lead).find("其中") != std::string_view::npos) continue;
      if (kw >= 6 && n.substr(kw - 6, 6) == "公开") continue;
      if (!must_precede.empty()) {
        const std::size_t from = b >= 60 ? b - 60 : 0;
        if (n.substr(from, b - from).find(must_precede) == std::string_view::npos) continue;
      }
      hit = true;
    }
    if (hit) out.push_back({value, b});
  }
  return out;
}

void check_narrative(const Report& r, std::vector<Finding>& out) {
  const std::string text = normalize_label(r.sections[0] + "\n" + r.preamble);
  double v;
  auto total3 = [&](Table3Row row, double& value) {
    const int i = r.table3_row_index(row);
    return i >= 0 && value_of(r, {3, i, kTable3Cols - 1}, value);
  };
  auto report = [&](std::string_view rule, double n, double table, const std::string& cell, const std::string& what) {
    Finding f = make(rule, "the narrative says " + num(n) + " " + what + "; " + cell + " is " + num(table));
    f.cells = {cell};
    f.actual = n;
    f.expected = table;
    out.push_back(std::move(f));
  };
  if (r.has_table3) {
    double fresh = 0, over = 0;
    const bool have_new = total3(Table3Row::New, fresh);
    total3(Table3Row::CarriedOver, over);
    if (have_new)
      for (const Stated& s : stated(text, {"收到", "受理", "新收", "接收"}, 18, "申请"))
        if (s.n != fresh && s.n != fresh + over) {
          report("narrative.applications", s.n, fresh, "table3/new/total", "applications received");
          break;
        }
    if (total3(Table3Row::TotalProcessed, v))
      for (const Stated& s : stated(text, {"办结", "答复", "办理完毕"}, 6))
        if (s.n != v) {
          report("narrative.processed", s.n, v, "table3/total_processed/total", "applications processed");
          break;
        }
  }
  if (r.has_table4) {
    double rec;
    if (value_of(r, {4, 0, static_cast<int>(Table4Value::Total)}, rec))
      for (const Stated& s : stated(text, {"行政复议", "复议案件", "复议"}, 6))
        if (s.n != rec) {
          report("narrative.reconsideration", s.n, rec, "table4/reconsideration/total", "administrative reconsiderations");
          break;
        }
    double d, a;
    if (value_of(r, {4, 1, static_cast<int>(Table4Value::Total)}, d) &&
        value_of(r, {4, 2, static_cast<int>(Table4Value::Total)}, a))
      for (const Stated& s : stated(text, {"行政诉讼", "诉讼案件"}, 6))
        if (s.n != d + a) {
          Finding f = make("narrative.litigation", "the narrative says " + num(s.n) + " lawsuits; table 4 has " + num(d) +
                                                       " + " + num(a) + " = " + num(d + a));
          f.cells = {"table4/litigation_direct/total", "table4/litigation_after_reconsideration/total"};
          f.actual = s.n;
          f.expected = d + a;
          out.push_back(std::move(f));
          break;
        }
  }
}

void check_year(const Report& r, std::vector<Finding>& out) {
  if (!r.year) return;
  std::map<int, int> count;
  const std::string n = normalize_label(r.sections[0]);
  for (std::size_t i = 0; i + 7 <= n.size(); ++i) {
    if (!(n[i] >= '1' && n[i] <= '2') || (i > 0 && n[i - 1] >= '0' && n[i - 1] <= '9')) continue;
    bool digits = true;
    for (int k = 0; k < 4; ++k) digits = digits && n[i + static_cast<std::size_t>(k)] >= '0' && n[i + static_cast<std::size_t>(k)] <= '9';
    if (!digits || n.compare(i + 4, 3, "年") != 0) continue;
    count[std::stoi(n.substr(i, 4))]++;
  }
  if (count.empty() || count.count(r.year)) return;
  const auto top = std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  if (top->second < 2) return;
  Finding f = make("report.year", "the report is for " + std::to_string(r.year) + " but section 一 speaks of " +
                                      std::to_string(top->first) + " (" + std::to_string(top->second) + " times) and never of " +
                                      std::to_string(r.year));
  f.actual = r.year;
  f.expected = top->first;
  out.push_back(std::move(f));
}

// ---- copies

std::vector<std::uint64_t> shingles(std::string_view text) {
  std::u32string cps;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = next_code_point(text, i);
    if (c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == 0x3000 || c == 0xA0) continue;
    cps.push_back(c);
  }
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i + 5 <= cps.size(); ++i) {
    std::uint64_t h = 1469598103934665603ULL;
    for (std::size_t k = 0; k < 5; ++k) h = (h ^ cps[i + k]) * 1099511628211ULL;
    out.push_back(h);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether the Jaccard similarity of two non-empty sorted sets is at least t; then `similarity`
// is it. Stops as soon as the 5-grams left cannot make enough shared.
bool jaccard_at_least(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b, double t,
                      double& similarity) {
  const std::size_t n = a.size() + b.size();
  // The fewest shared that reach t (the quotient grows with the number shared); n when none do.
  std::size_t needed = 0;
  if (t > 0) {
    const double estimate = std::floor(t * static_cast<double>(n) / (1 + t)) - 2;
    needed = estimate > 0 ? std::min(n, static_cast<std::size_t>(estimate)) : 0;
    while (needed < n && static_cast<double>(needed) / static_cast<double>(n - needed) < t) ++needed;
  }
  std::size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (both + std::min(a.size() - i, b.size() - j) < needed) return false;
    if (a[i] == b[j]) {
      ++both;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  similarity = static_cast<double>(both) / static_cast<double>(n - both);
  return similarity >= t;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  double similarity = 0;
  if (!a.empty() && !b.empty()) jaccard_at_least(a, b, 0, similarity);
  return similarity;
}

// The applications (new + carried over) and the cases of table 4 a report's tables hold.
double copy_cases(const Report& r) {
  double cases = 0, v = 0;
  for (Table3Row row : {Table3Row::New, Table3Row::CarriedOver}) {
    const int i = r.table3_row_index(row);
    if (i >= 0 && value_of(r, {3, i, kTable3Cols - 1}, v)) cases += v;
  }
  for (int blk = 0; blk < kTable4Blocks; ++blk)
    if (value_of(r, {4, blk, static_cast<int>(Table4Value::Total)}, v)) cases += v;
  return cases;
}

// Identical tables 3 and 4.
bool same_tables(const Report& a, const Report& b) {
  if (!a.has_table3 || !b.has_table3 || a.table3_rows != b.table3_rows) return false;
  if (a.table3.state != b.table3.state || a.table4.state != b.table4.state) return false;
  for (Eigen::Index i = 0; i < a.table3.values.size(); ++i) {
    const double x = a.table3.values.data()[i], y = b.table3.values.data()[i];
    if (std::isnan(x) != std::isnan(y) || (!std::isnan(x) && x != y)) return false;
  }
  for (Eigen::Index i = 0; i < a.table4.values.size(); ++i) {
    const double x = a.table4.values.data()[i], y = b.table4.values.data()[i];
    if (std::isnan(x) != std::isnan(y) || (!std::isnan(x) && x != y)) return false;
  }
  return true;
}

// A hash of what same_tables compares: equal tables hash alike.
std::uint64_t tables_hash(const Report& r) {
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
  for (Table3Row row : r.table3_rows) mix(static_cast<std::uint64_t>(row));
  for (const TableData* t : {&r.table3, &r.table4}) {
    mix(static_cast<std::uint64_t>(t->values.size()));
    for (Eigen::Index i = 0; i < t->state.size(); ++i) mix(t->state.data()[i]);
    for (Eigen::Index i = 0; i < t->values.size(); ++i) {
      const double x = t->values.data()[i];
      std::uint64_t bits = 0;
      if (!std::isnan(x) && x != 0) std::memcpy(&bits, &x, sizeof bits);  // every NaN alike, and 0 and -0
      mix(bits);
    }
  }
  return h;
}

// The pairs (later, earlier) of reports that may be copies, in the order check_copies has always
// reported them; every pair left out can give no finding. Tables are copies only when equal and
// holding min_cases, so only such reports whose tables hash alike are paired for them.
// Narratives are paired by prefix filtering: a narrative's 5-grams ordered rarest first, if
// J(A, B) >= t then |A n B| >= t |A| and t |B|, so the first |A| - floor(t |A|) + 1 of A and of
// B share one.
std::vector<std::pair<std::size_t, std::size_t>> copy_candidates(const std::vector<const Report*>& reports,
                                                                 const std::vector<std::vector<std::uint64_t>>& sh,
                                                                 const CopyOptions& options) {
  const double threshold = options.narrative_threshold;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_tables;
  for (std::size_t j = 0; j < reports.size(); ++j) {
    if (!reports[j]->has_table3 || !(copy_cases(*reports[j]) >= options.min_cases)) continue;
    auto& earlier = by_tables[tables_hash(*reports[j])];
    for (std::size_t i : earlier) pairs.emplace_back(j, i);
    earlier.push_back(j);
  }
  if (threshold <= 0) {  // every pair of narratives is alike enough
    for (std::size_t j = 0; j < reports.size(); ++j)
      for (std::size_t i = 0; i < j; ++i)
        if (!sh[i].empty() && !sh[j].empty()) pairs.emplace_back(j, i);
  } else {
    std::unordered_map<std::uint64_t, std::uint32_t> reports_with;
    for (const auto& grams : sh)
      for (std::uint64_t g : grams) ++reports_with[g];
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_gram;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> rarest;  // (reports with the 5-gram, 5-gram)
    for (std::size_t j = 0; j < reports.size(); ++j) {
      if (sh[j].empty()) continue;
      rarest.clear();
      for (std::uint64_t g : sh[j]) rarest.emplace_back(reports_with[g], g);
      std::sort(rarest.begin(), rarest.end());
      const double n = static_cast<double>(rarest.size());
      const double kept = std::floor(threshold * n - 1e-6);  // never one too many for rounding
      const std::size_t prefix = kept >= n ? 1 : rarest.size() - static_cast<std::size_t>(kept) + 1;
      for (std::size_t k = 0; k < prefix; ++k) {
        auto& earlier = by_gram[rarest[k].second];
        for (std::size_t i : earlier) pairs.emplace_back(j, i);
        earlier.push_back(j);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace

const std::vector<RuleInfo>& rule_catalogue() {
  static const std::vector<RuleInfo> rules(std::begin(kRules), std::end(kRules));
  return rules;
}

std::vector<Finding> check_report(const Report& report) {
  std::vector<Finding> out;
  if (report.template_id == TemplateId::None) return out;
  if (!report.identities_checked) check_identities(report, identities_of(report), out);
  Deadline::check();
  check_cells(report, out);
  check_items_2019(report, out);
  Deadline::check();
  check_narrative(report, out);
  check_year(report, out);
  return out;
}

void check_own_identities(Report& report) {
  if (report.identities_checked) return;
  report.identities_checked = true;
  if (report.template_id == TemplateId::None) return;
  const std::vector<Identity>& ids = identities_of(report);
  check_identities(report, ids, report.findings);
  check_unconfirmed(report, ids);
}

double text_similarity(std::string_view a, std::string_view b) { return jaccard(shingles(a), shingles(b)); }

std::vector<std::pair<std::size_t, Finding>> check_copies(const std::vector<const Report*>& reports,
                                                          const CopyOptions& options) {
  std::vector<std::vector<std::uint64_t>> sh(reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const std::string narrative = reports[i]->sections[0] + reports[i]->sections[4];
    if (count_code_points(narrative) >= 200) sh[i] = shingles(narrative);
  }
  std::vector<std::pair<std::size_t, Finding>> out;
  for (const auto& [j, i] : copy_candidates(reports, sh, options)) {
    const Report& a = *reports[i];
    const Report& b = *reports[j];
    const bool same_agency = !a.agency.empty() && a.agency == b.agency;
    if (same_agency && a.year == b.year) continue;  // one report in two forms
    const bool comparable = !same_agency || std::abs(a.year - b.year) == 1;
    if (comparable && same_tables(a, b) && copy_cases(a) >= options.min_cases) {
      Finding f = make("copy.tables", "tables 3 and 4 are identical to " + a.source + " (" + a.agency + " " +
                                          std::to_string(a.year) + ")");
      f.actual = 1;
      out.emplace_back(j, std::move(f));
    }
    double s = 0;
    if (!sh[i].empty() && !sh[j].empty() && jaccard_at_least(sh[i], sh[j], options.narrative_threshold, s)) {
      Finding f = make("copy.narrative", "the narrative is " + std::to_string(static_cast<int>(std::round(s * 100))) +
                                             "% identical to " + a.source + " (" + a.agency + " " +
                                             std::to_string(a.year) + ")");
      f.actual = s;
      f.expected = options.narrative_threshold;
      out.emplace_back(j, std::move(f));
    }
  }
  return out;
}

}  // namespace gongkai
