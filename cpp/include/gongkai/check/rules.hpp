// Validation: the catalogue of rules a report's numbers must satisfy (勾稽关系 and more), each
// with a stable id, a severity, a description in Chinese and English and its arithmetic; the
// checks of one report, of one agency's reports across years, and across reports (copying).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gongkai/report.hpp"

namespace gongkai {

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view scope;  // "report", "series" (one agency across years) or "corpus"
  std::string_view zh;
  std::string_view en;
  std::string_view arithmetic;
};

// Every rule, in catalogue order (the parse.* rules are documented in docs/parse-findings.md).
const std::vector<RuleInfo>& rule_catalogue();

// A finding of a catalogue rule (severity from the catalogue), for rules decided outside the
// core's checks (corpus.conflict is decided where forms of one report are matched). Throws
// std::invalid_argument for a rule not in the catalogue.
Finding make_finding(std::string_view rule, std::string message, std::vector<std::string> cells);

// The findings of every report-scope rule for one report (its parse findings not included;
// the identities only where check_own_identities has not added them to the report already).
std::vector<Finding> check_report(const Report& report);

// Adds to the report's findings those of its own identities (勾稽关系: table3.balance,
// table3.results, table3.row_total, table4.block_total), each naming every cell it involves,
// so that no number leaves the parser unchecked. Parsing calls it (gongkai.parse, parse_many).
void check_own_identities(Report& report);

// A number as findings print it: whole numbers without a decimal point, "—" for NaN.
std::string format_number(double v);

// (The series rules, which compare one agency's reports of consecutive years, work on the
// corpus matrices: gongkai/corpus/series.hpp.)

// Copying across reports: identical tables, near-identical narratives. Each finding goes with
// the index of the later (or second) report and names the other report's source.
struct CopyOptions {
  double narrative_threshold = 0.95;  // Jaccard similarity of character 5-grams (reports sharing stock phrases reach 0.9)
  // Small tables are often alike by chance (one application granted fills the same six cells
  // in every township): tables count as copied only with this many applications and cases.
  int min_cases = 10;  // new + carried_over applications + table 4 cases
};
std::vector<std::pair<std::size_t, Finding>> check_copies(const std::vector<const Report*>& reports,
                                                          const CopyOptions& options = {});

// Jaccard similarity of the character 5-gram sets of two texts (white space ignored).
double text_similarity(std::string_view a, std::string_view b);

}  // namespace gongkai
