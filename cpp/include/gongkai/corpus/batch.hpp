// Many reports at once: parse_report over a batch of inputs on worker threads, every input
// accounted for (a Report or the error that stopped it), results in input order.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/match/parse.hpp"
#include "gongkai/report.hpp"

namespace gongkai {

// Which exception stopped an input: none (a Report was read), EncodingError, ParseError,
// another gongkai::Error, or any other std::exception (bad_alloc ...).
enum class BatchErrorKind : std::uint8_t { None, Encoding, Parse, Error, Other, TimeLimit };
// "", "EncodingError", "ParseError", "Error", "Exception", "TimeLimitError"
const char* batch_error_name(BatchErrorKind k);

struct BatchResult {
  std::optional<Report> report;  // set when error == None
  BatchErrorKind error = BatchErrorKind::None;
  std::string message;  // the exception's message
  std::vector<Finding> checks;  // the report-scope rules' findings (BatchOptions::check)
  bool ok() const { return error == BatchErrorKind::None; }
};

// (inputs done, inputs in all); called on the calling thread only, at most every
// `progress_interval_ms` and once at the end. An exception it throws stops the batch: the
// workers finish the input they are on, take no other, and the exception is rethrown.
using BatchProgress = std::function<void(std::size_t done, std::size_t total)>;

struct BatchOptions {
  int workers = 1;  // threads parsing (at least 1, at most one per input)
  BatchProgress progress;
  int progress_interval_ms = 100;
  bool check = false;  // also run the report-scope rules (check_report) on the worker
  double seconds_per_input = 0;  // > 0: an input whose parse takes longer fails (TimeLimitError)
};

// Parses inputs[i] with options[i] (options may be empty: defaults for all; else one per input,
// std::invalid_argument otherwise). Worker threads take the next index from an atomic counter;
// each result lands at its input's index, so the results are the same for any number of
// workers. The input bytes must stay alive and unchanged until the call returns.
std::vector<BatchResult> parse_many(const std::vector<std::string_view>& inputs,
                                    const std::vector<ParseOptions>& options,
                                    const BatchOptions& batch = {});

}  // namespace gongkai
