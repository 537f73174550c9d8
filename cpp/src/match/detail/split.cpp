#include "match/detail/split.hpp"

#include "gongkai/error.hpp"

#include <algorithm>
#include <string>

namespace gongkai::detail {

namespace {

// A run with full-width digits and minus signs folded to ASCII; empty when it holds anything
// other than digits, minus signs and thousands separators.
std::string fold_run(std::string_view run) {
  std::string out;
  out.reserve(run.size());
  for (std::size_t i = 0; i < run.size();) {
    const auto c = static_cast<unsigned char>(run[i]);
    if ((c >= '0' && c <= '9') || c == '-' || c == ',') {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == 0xEF && i + 2 < run.size() && static_cast<unsigned char>(run[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(run[i + 2]);
      if (d >= 0x90 && d <= 0x99) {
        out.push_back(static_cast<char>('0' + (d - 0x90)));
        i += 3;
        continue;
      }
      if (d == 0x8D) {  // －
        out.push_back('-');
        i += 3;
        continue;
      }
    }
    return {};
  }
  return out;
}

// A value as printed: an optional '-', digits without a leading zero (unless "0"), thousands
// separators each followed by three digits, at most three digits before the first.
bool valid_value(std::string_view v, std::int64_t& out) {
  const bool negative = !v.empty() && v.front() == '-';
  if (negative) v.remove_prefix(1);
  if (v.empty() || v.front() == ',' || v.back() == ',') return false;
  if (v.size() > 1 && v.front() == '0') return false;
  std::int64_t x = 0;
  std::size_t since = 0;
  bool comma = false;
  std::size_t digits = 0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    const char c = v[k];
    if (c == ',') {
      if (comma ? since != 3 : (since == 0 || since > 3)) return false;
      comma = true;
      since = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (++digits > 18) return false;
    x = x * 10 + (c - '0');
    ++since;
  }
  if (comma && since != 3) return false;
  out = negative ? -x : x;
  return true;
}

// The cuts one search may try: a report's glued rows need far fewer (seven values in twenty
// digits: 27,000 at most); hostile text must not cost seconds a row.
constexpr std::size_t kNodes = 100000;

struct Search {
  const std::vector<std::string>& runs;
  int parts;
  const std::function<bool(const std::vector<std::int64_t>&)>& accept;
  std::size_t limit;
  std::vector<std::vector<std::int64_t>> out;
  std::vector<std::int64_t> current;
  bool truncated = false;
  std::size_t nodes = 0;

  // Characters from runs[r][at] to the end of the last run (suffix sums, per run).
  std::vector<std::size_t> after;

  // Cut runs[r] from position `at` on; `left` values still to make overall.
  void go(std::size_t r, std::size_t at, int left) {
    if (truncated || ++nodes > kNodes) {
      truncated = true;
      return;
    }
    if (nodes % 4096 == 0) Deadline::check();
    // each value takes one character at least, and at most 18 digits with their separators
    if (r < runs.size()) {
      const std::size_t rest = runs[r].size() - at + after[r + 1];
      if (rest < static_cast<std::size_t>(left) || rest > static_cast<std::size_t>(left) * 25) return;
    }
    if (r == runs.size()) {
      if (left == 0 && accept(current)) {
        if (out.size() == limit) truncated = true;
        else out.push_back(current);
      }
      return;
    }
    const std::string& run = runs[r];
    const int runs_after = static_cast<int>(runs.size() - r - 1);
    if (left - runs_after <= 0) return;  // every later run needs a value of its own
    const std::size_t digits_from = at + (run[at] == '-' ? 1 : 0);
    for (std::size_t end = digits_from + 1; end <= run.size(); ++end) {
      // a value ends where its run does, or before a digit or a minus sign (a ',' continues it)
      if (end < run.size() && run[end] == ',') continue;
      std::int64_t v = 0;
      if (!valid_value(std::string_view(run).substr(at, end - at), v)) {
        if (end > digits_from + 1 && run[digits_from] == '0') break;  // a leading zero: longer ones too
        if (end < run.size() && run[end - 1] == '-') break;
        continue;
      }
      current.push_back(v);
      if (end == run.size()) go(r + 1, 0, left - 1);
      else go(r, end, left - 1);
      current.pop_back();
      if (truncated) return;
      if (end < run.size() && run[end] == '-') break;  // a minus sign starts the next value
    }
  }
};

}  // namespace

bool is_digit_run(std::string_view run) {
  const std::string f = fold_run(run);
  if (f.empty()) return false;
  for (std::size_t k = 0; k < f.size(); ++k)
    if (f[k] == '-' ? k != 0 : f[k] == ',') return false;
  return f.size() > (f[0] == '-' ? 1u : 0u) && f.size() <= 18;
}

bool is_glued_decimal_run(std::string_view run) {
  std::size_t dot = run.find('.'), len = 1;
  if (dot == std::string_view::npos) {
    dot = run.find("．");
    len = 3;
  }
  if (dot == std::string_view::npos || dot == 0 || dot + len >= run.size()) return false;
  const std::string fraction = fold_run(run.substr(dot + len));
  return is_glued_run(run.substr(0, dot)) && !fraction.empty() &&
         std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_glued_run(std::string_view run) {
  const std::string f = fold_run(run);
  if (f.empty() || f.back() == '-' || f.front() == ',') return false;
  for (std::size_t k = 0; k + 1 < f.size(); ++k)
    if (f[k] == '-' && (f[k + 1] < '0' || f[k + 1] > '9')) return false;
  return true;
}

std::vector<std::vector<std::int64_t>> glued_splits(const std::vector<std::string_view>& runs, int parts,
                                                    const std::function<bool(const std::vector<std::int64_t>&)>& accept,
                                                    std::size_t limit, bool& truncated) {
  truncated = false;
  if (runs.empty() || parts <= 0) return {};
  std::vector<std::string> folded;
  folded.reserve(runs.size());
  for (std::string_view r : runs) {
    if (!is_glued_run(r)) return {};
    folded.push_back(fold_run(r));
  }
  Search s{folded, parts, accept, limit, {}, {}, false, 0, {}};
  s.after.assign(folded.size() + 1, 0);
  for (std::size_t k = folded.size(); k-- > 0;) s.after[k] = s.after[k + 1] + folded[k].size();
  s.current.reserve(static_cast<std::size_t>(parts));
  s.go(0, 0, parts);
  truncated = s.truncated;
  return std::move(s.out);
}

}  // namespace gongkai::detail
