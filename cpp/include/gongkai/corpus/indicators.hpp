// The indicators of docs/indicators.md, each defined once as a ratio of two sums of canonical
// cells, computed over a whole Corpus as numerator and denominator matrices; pooled by any
// grouping by summing numerators and denominators; year over year for one agency.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gongkai/corpus/corpus.hpp"

namespace gongkai {

struct Term {
  int table;     // 2, 3 or 4
  int column;    // canonical column of that table (see corpus.hpp)
  double coeff;  // +1 or -1
  // The row is one of two layouts' alternatives (（六）其他处理 as three rows or one): a cell
  // the report's layout does not have counts as 0 rather than as missing.
  bool alternative = false;
};

struct Indicator {
  std::string id, zh, en, unit;
  bool rate = false;             // a ratio (changes in percentage points) rather than a count
  std::vector<Term> numerator;
  std::vector<Term> denominator;  // empty: the count itself (denominator 1)
};

// The indicators of docs/indicators.md, in its order.
const std::vector<Indicator>& builtin_indicators();

// Why a value is NaN.
enum class Reason : std::uint8_t { Ok = 0, MissingInput = 1, ZeroDenominator = 2, NotInTemplate = 3 };

struct IndicatorValues {
  ColMatrix numerator, denominator;  // reports x indicators
  ColStates reason;                  // Reason
  // numerator / denominator, NaN with a reason where an input is missing or the base is 0
  ColMatrix value() const;
};

IndicatorValues compute_indicators(const Corpus& corpus, const std::vector<Indicator>& indicators);

// Pooled values of groups: sums of numerators and of denominators over the reports of each
// group whose value is defined (group id -1: left out). Groups x indicators. A pooled rate is
// Σ numerators / Σ denominators; a pooled count (an indicator without a denominator) is the
// group's total, Σ numerators, not a mean per report.
struct Pooled {
  ColMatrix numerator, denominator;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor> reports;  // reports behind each value
  std::vector<bool> total;  // per indicator: a count, pooled as a total
  ColMatrix value() const;  // NaN where no report or (rates) a zero base
};

Pooled pool(const IndicatorValues& values, const std::vector<Indicator>& indicators,
            const std::vector<std::int64_t>& group, std::int64_t groups);

// Year over year for the same agency: for every report whose agency has a report of the
// previous year, the change of every indicator. agency: an id per report (-1: unknown).
struct YearOverYear {
  std::vector<std::int64_t> report;    // the later report
  std::vector<std::int64_t> previous;  // the report of the year before
  ColMatrix value;                     // x(t)
  ColMatrix previous_value;            // x(t-1)
  ColMatrix change;                    // x(t) - x(t-1); for rates in percentage points
  ColMatrix relative;                  // x(t) / x(t-1) - 1 for counts; NaN for rates
};

YearOverYear year_over_year(const IndicatorValues& values, const std::vector<Indicator>& indicators,
                            const std::vector<std::int64_t>& agency, const std::vector<int>& year);

}  // namespace gongkai
