// Numbers glued together by text extraction ("6233440", "21710000218"): every way to cut
// them back into a given number of values. The identities choose among the ways; nothing here
// guesses.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace gongkai::detail {

// Every way to cut `runs` (digits, ASCII or full-width, with minus signs and thousands
// separators) into exactly `parts` integers, in order: each run gives at least one value, a
// value has no leading zero unless it is "0", a '-' starts a value, a thousands separator is
// followed by three digits and preceded by one to three. Candidates failing `accept` are
// dropped; at most `limit` accepted candidates are returned (`truncated` says if there were
// more). Runs that are not digit runs give no candidate.
std::vector<std::vector<std::int64_t>> glued_splits(const std::vector<std::string_view>& runs, int parts,
                                                    const std::function<bool(const std::vector<std::int64_t>&)>& accept,
                                                    std::size_t limit, bool& truncated);

// True when every run is digits with an optional leading '-'.
bool is_digit_run(std::string_view run);

// True when `run` is what glued_splits can cut: digits (ASCII or full-width), minus signs each
// before a digit, thousands separators; no decimal point, unit or marker.
bool is_glued_run(std::string_view run);
// A glued run ending in a decimal fraction ("4012,700.374145": 401 projects, 2,700.374145
// 万元): values, though no cut of whole numbers reads it.
bool is_glued_decimal_run(std::string_view run);

}  // namespace gongkai::detail
