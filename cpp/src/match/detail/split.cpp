#include "match/detail/split.hpp"

namespace gongkai::detail {

bool is_digit_run(std::string_view run) {
  if (!run.empty() && run.front() == '-') run.remove_prefix(1);
  if (run.empty() || run.size() > 18) return false;
  for (char c : run)
    if (c < '0' || c > '9') return false;
  return true;
}

namespace {

struct Search {
  const std::vector<std::string_view>& runs;
  int parts;
  const std::function<bool(const std::vector<std::int64_t>&)>& accept;
  std::size_t limit;
  std::vector<std::vector<std::int64_t>> out;
  std::vector<std::int64_t> current;
  bool truncated = false;
  std::size_t nodes = 0;

  // Cut runs[r] from position `at` on; `left` values still to make overall.
  void go(std::size_t r, std::size_t at, int left) {
    if (truncated || ++nodes > 2000000) {
      truncated = true;
      return;
    }
    if (r == runs.size()) {
      if (left == 0 && accept(current)) {
        if (out.size() == limit) truncated = true;
        else out.push_back(current);
      }
      return;
    }
    const std::string_view run = runs[r];
    const int runs_after = static_cast<int>(runs.size() - r - 1);
    const bool negative = at == 0 && run.front() == '-';
    const std::size_t digits_from = at + (negative ? 1 : 0);
    if (left - runs_after <= 0) return;  // every later run needs a value of its own
    for (std::size_t end = digits_from + 1; end <= run.size(); ++end) {
      const std::string_view digits = run.substr(digits_from, end - digits_from);
      if (digits.size() > 1 && digits.front() == '0') break;  // a leading zero: longer ones too
      std::int64_t v = 0;
      for (char c : digits) v = v * 10 + (c - '0');
      current.push_back(negative ? -v : v);
      if (end == run.size()) go(r + 1, 0, left - 1);
      else go(r, end, left - 1);
      current.pop_back();
      if (truncated) return;
    }
  }
};

}  // namespace

std::vector<std::vector<std::int64_t>> glued_splits(const std::vector<std::string_view>& runs, int parts,
                                                    const std::function<bool(const std::vector<std::int64_t>&)>& accept,
                                                    std::size_t limit, bool& truncated) {
  truncated = false;
  if (runs.empty() || parts <= 0) return {};
  for (std::string_view r : runs)
    if (!is_digit_run(r)) return {};
  Search s{runs, parts, accept, limit, {}, {}, false, 0};
  s.current.reserve(static_cast<std::size_t>(parts));
  s.go(0, 0, parts);
  truncated = s.truncated;
  return std::move(s.out);
}

}  // namespace gongkai::detail
