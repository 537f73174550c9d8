#include "gongkai/report.hpp"

#include "gongkai/error.hpp"

#include <chrono>
#include <cstdio>

#include <limits>
#include <unordered_map>

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

void cap_findings(Report& report, std::size_t per_rule, std::size_t total) {
  std::vector<Finding>& all = report.findings;
  if (all.size() <= per_rule) return;
  struct Count {
    std::size_t found = 0, kept = 0;
  };
  std::unordered_map<std::string, Count> counts;
  std::vector<std::string> rules;  // in the order first met
  std::vector<Finding> kept;
  for (Finding& f : all) {
    Count& c = counts[f.rule];
    if (c.found++ == 0) rules.push_back(f.rule);
    if (c.kept < per_rule && kept.size() < total) {
      ++c.kept;
      kept.push_back(std::move(f));
    }
  }
  const bool capped = kept.size() < all.size();
  all = std::move(kept);
  if (!capped) return;
  for (const std::string& rule : rules) {
    const Count& c = counts[rule];
    if (c.kept == c.found) continue;
    Finding note;
    note.rule = "findings.capped";
    note.severity = Severity::Warning;
    note.message = std::to_string(c.found - c.kept) + " more " + rule + " findings were left out (" +
                   std::to_string(c.kept) + " of " + std::to_string(c.found) + " kept; at most " +
                   std::to_string(per_rule) + " a rule and " + std::to_string(total) + " a report)";
    all.push_back(std::move(note));
  }
}

namespace {
thread_local bool g_limited = false;
thread_local double g_seconds = 0;
thread_local std::chrono::steady_clock::time_point g_until;
}  // namespace

Deadline::Deadline(double seconds) {
  g_limited = seconds > 0;
  g_seconds = seconds;
  if (g_limited) g_until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                                 std::chrono::duration<double>(seconds));
}

Deadline::~Deadline() { g_limited = false; }

void Deadline::check() {
  if (g_limited && std::chrono::steady_clock::now() > g_until) {
    g_limited = false;  // once: the caller unwinds
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", g_seconds);
    throw TimeLimitError(std::string("the parse took longer than the per-file time limit of ") + limit + " s");
  }
}

}  // namespace gongkai
