#include "gongkai/read/pdf.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <numeric>
#include <string_view>
#include <tuple>
#include <utility>

#include "gongkai/text.hpp"

namespace gongkai {

namespace {

constexpr double kXTolerance = 1.5;  // pt: a wider gap between characters ends a word
constexpr double kYTolerance = 3.0;  // pt: characters whose tops differ by less share a line
constexpr double kPageMargin = 0.12;  // the top and bottom part of a page where page numbers are
constexpr double kProseInk = 0.7;     // a line whose words cover this much of its width is prose
constexpr double kProseGap = 3.0;     // word heights: a wider gap is a column even in prose
constexpr double kRuleThickness = 3.0;  // pt: a path thinner than this is a ruling line
constexpr double kRuleLength = 6.0;     // pt: ... when it is at least this long
constexpr double kRuleSlack = 2.0;      // pt: how far a word's box may cross a rule of its cell

double height(const PdfBox& b) { return std::max(b.bottom - b.top, 0.1); }
double width(const PdfBox& b) { return b.x1 - b.x0; }

void extend(PdfBox& into, const PdfBox& b) {
  into.x0 = std::min(into.x0, b.x0);
  into.x1 = std::max(into.x1, b.x1);
  into.top = std::min(into.top, b.top);
  into.bottom = std::max(into.bottom, b.bottom);
}

// Whether two boxes overlap vertically by half the smaller height (characters of one line in
// different fonts have tops a few points apart).
bool overlap_half(const PdfBox& a, const PdfBox& b) {
  return std::min(a.bottom, b.bottom) - std::max(a.top, b.top) >= 0.5 * std::min(height(a), height(b));
}

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= U'\uFF10' && c <= U'\uFF19'); }

bool is_dash(char32_t c) {
  return c == U'-' || c == U'\u2014' || c == U'\u2013' || c == U'\uFF0D' || c == U'\u2010';
}

// A piece of a number: digits, with separators and signs, at least one digit.
bool is_number_piece(const std::u32string& s) {
  bool digit = false;
  for (char32_t c : s) {
    if (is_digit(c)) {
      digit = true;
    } else if (!(c == U'.' || c == U',' || c == U'\uFF0C' || c == U'\uFF0E' || is_dash(c))) {
      return false;
    }
  }
  return digit;
}

// "- 4 -", "—4—", "第 4 页", "第 4 页 共 9 页" (with any white space between the parts).
bool is_page_number(std::u32string_view s) {
  std::size_t i = 0;
  auto spaces = [&] {
    while (i < s.size() && (s[i] == U' ' || s[i] == U'\u3000')) ++i;
  };
  auto digits = [&] {
    std::size_t n = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++n;
    return n >= 1 && n <= 4;
  };
  auto dashes = [&] {
    std::size_t n = 0;
    while (i < s.size() && is_dash(s[i])) ++i, ++n;
    return n > 0;
  };
  auto literal = [&](char32_t c) {
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  };
  spaces();
  if (i < s.size() && is_dash(s[i])) {
    if (!dashes()) return false;
    spaces();
    if (!digits()) return false;
    spaces();
    if (!dashes()) return false;
  } else {
    if (!literal(U'第')) return false;
    spaces();
    if (!digits()) return false;
    spaces();
    if (!literal(U'页')) return false;
    const std::size_t after_page = i;
    spaces();
    if (i < s.size() && (s[i] == U',' || s[i] == U'，' || s[i] == U'/')) ++i;
    spaces();
    if (literal(U'共')) {
      spaces();
      if (!digits()) return false;
      spaces();
      if (!literal(U'页')) return false;
    } else {
      i = after_page;
    }
  }
  spaces();
  return i == s.size();
}

// Python's round(): halves to even, as the default rounding mode does.
long round_half_even(double v) { return static_cast<long>(std::nearbyint(v)); }

struct Rule {
  double at;     // x of a vertical rule, y of a horizontal one
  double from;   // where it starts and ends along its length
  double to;
};

struct Rules {
  std::vector<Rule> vertical;
  std::vector<Rule> horizontal;
};

Rules classify(const std::vector<PdfBox>& boxes) {
  Rules r;
  for (const PdfBox& b : boxes) {
    const double w = b.x1 - b.x0, h = b.bottom - b.top;
    if (w <= kRuleThickness && h >= kRuleLength) r.vertical.push_back({(b.x0 + b.x1) / 2, b.top, b.bottom});
    if (h <= kRuleThickness && w >= kRuleLength) r.horizontal.push_back({(b.top + b.bottom) / 2, b.x0, b.x1});
  }
  return r;
}

// The rules that close a box in on every side: left, right, top and bottom, each a rule that
// runs past the box's middle; none where a side is open.
struct CellEdges {
  double left, right, top, bottom;
  bool operator<(const CellEdges& o) const {
    return std::tie(left, right, top, bottom) < std::tie(o.left, o.right, o.top, o.bottom);
  }
};

bool cell_of(const PdfBox& b, const Rules& rules, CellEdges& out) {
  const double inf = std::numeric_limits<double>::infinity();
  const double cx = (b.x0 + b.x1) / 2, cy = (b.top + b.bottom) / 2;
  double left = -inf, right = inf, top = -inf, bottom = inf;
  for (const Rule& v : rules.vertical) {
    if (cy < v.from - kRuleSlack || cy > v.to + kRuleSlack) continue;
    if (v.at <= b.x0 + kRuleSlack) left = std::max(left, v.at);
    if (v.at >= b.x1 - kRuleSlack) right = std::min(right, v.at);
  }
  for (const Rule& h : rules.horizontal) {
    if (cx < h.from - kRuleSlack || cx > h.to + kRuleSlack) continue;
    if (h.at <= b.top + kRuleSlack) top = std::max(top, h.at);
    if (h.at >= b.bottom - kRuleSlack) bottom = std::min(bottom, h.at);
  }
  if (left == -inf || right == inf || top == -inf || bottom == inf) return false;
  out = {left, right, top, bottom};
  return true;
}

using Line = std::vector<const PdfWord*>;

// Words grouped into lines, each in x order, lines top to bottom: a word joins the line above
// when it overlaps the line's first word vertically by half the smaller height (digits and
// Chinese characters of one line come in fonts whose tops differ by a few points).
std::vector<Line> lines_of(const std::vector<PdfWord>& words) {
  std::vector<const PdfWord*> sorted;
  sorted.reserve(words.size());
  for (const PdfWord& w : words) sorted.push_back(&w);
  std::stable_sort(sorted.begin(), sorted.end(), [](const PdfWord* a, const PdfWord* b) {
    return std::tie(a->box.top, a->box.x0) < std::tie(b->box.top, b->box.x0);
  });
  std::vector<Line> lines;
  for (const PdfWord* w : sorted) {
    if (!lines.empty()) {
      if (overlap_half(lines.back().front()->box, w->box)) {
        lines.back().push_back(w);
        continue;
      }
    }
    lines.push_back({w});
  }
  for (Line& line : lines)
    std::stable_sort(line.begin(), line.end(), [](const PdfWord* a, const PdfWord* b) { return a->box.x0 < b->box.x0; });
  return lines;
}

std::u32string joined(const Line& line) {
  std::u32string s;
  for (const PdfWord* w : line) {
    if (!s.empty()) s += U' ';
    s += w->text;
  }
  return s;
}

// The page's lines less a page number at its top or bottom.
std::vector<Line> page_lines(const std::vector<PdfWord>& words, double page_height) {
  std::vector<Line> lines = lines_of(words);
  std::vector<Line> kept;
  kept.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const PdfBox& first = lines[i].front()->box;
    const bool at_edge = (i == 0 || i + 1 == lines.size()) &&
                         (first.bottom < page_height * kPageMargin || first.top > page_height * (1 - kPageMargin));
    if (at_edge && is_page_number(joined(lines[i]))) continue;
    kept.push_back(std::move(lines[i]));
  }
  return kept;
}

struct Cursor {
  std::string text;
  long columns = 0;  // code points in text

  void spaces(long n) {
    if (n <= 0) return;
    text.append(static_cast<std::size_t>(n), ' ');
    columns += n;
  }
  void append(const std::u32string& s) {
    for (char32_t c : s) append_utf8(text, c);
    columns += static_cast<long>(s.size());
  }
};

// One line of text: prose with single spaces, table cells at the column of their x; the byte
// offset in the line where each word starts goes to ``starts`` when it is given.
std::string place(const Line& line, double left, double unit, std::vector<std::size_t>* starts = nullptr) {
  const double span = line.back()->box.x1 - line.front()->box.x0;
  double ink = 0;
  for (const PdfWord* w : line) ink += width(w->box);
  const bool prose = span <= 0 || ink / span >= kProseInk;
  Cursor out;
  out.spaces(round_half_even((line.front()->box.x0 - left) / unit));
  bool first = true;
  double x1 = 0;
  for (const PdfWord* w : line) {
    if (!first) {
      const double gap = w->box.x0 - x1;
      if (gap < unit || (prose && gap < kProseGap * height(w->box)))
        out.spaces(1);
      else
        out.spaces(std::max(2L, round_half_even((w->box.x0 - left) / unit) - out.columns));
    }
    if (starts) starts->push_back(out.text.size());
    out.append(w->text);
    x1 = w->box.x1;
    first = false;
  }
  return std::move(out.text);
}

double median(std::vector<double> v) {
  const std::size_t n = v.size(), mid = n / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  if (n % 2) return v[mid];
  const double upper = v[mid];
  return (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
}

}  // namespace

std::vector<PdfWord> pdf_words(const PdfPage& page) {
  const std::vector<PdfChar>& chars = page.chars;
  std::vector<std::size_t> order(chars.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return chars[a].box.top < chars[b].box.top; });
  std::vector<PdfWord> words;
  PdfWord word;
  const PdfChar* previous = nullptr;
  auto flush = [&] {
    if (!word.text.empty()) words.push_back(std::move(word));
    word = PdfWord{};
    previous = nullptr;
  };
  std::size_t begin = 0;
  while (begin < order.size()) {
    // a line: tops each within the tolerance of the one before
    std::size_t end = begin + 1;
    while (end < order.size() && chars[order[end]].box.top <= chars[order[end - 1]].box.top + kYTolerance) ++end;
    std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(begin), order.begin() + static_cast<std::ptrdiff_t>(end),
                     [&](std::size_t a, std::size_t b) { return chars[a].box.x0 < chars[b].box.x0; });
    for (std::size_t k = begin; k < end; ++k) {
      const PdfChar& c = chars[order[k]];
      if (c.blank) {
        flush();
        continue;
      }
      if (previous && (c.box.x0 < previous->box.x0 || c.box.x0 > previous->box.x1 + kXTolerance ||
                       !overlap_half(c.box, previous->box)))
        flush();
      if (word.text.empty()) {
        word.box = c.box;
        word.first = order[k];
      } else {
        extend(word.box, c.box);
      }
      word.text += c.code;
      previous = &c;
    }
    flush();
    begin = end;
  }
  return words;
}

void join_wrapped_numbers(std::vector<PdfWord>& words, const std::vector<PdfBox>& rule_boxes) {
  const Rules rules = classify(rule_boxes);
  if (rules.vertical.empty() || rules.horizontal.empty()) return;
  std::vector<CellEdges> cells(words.size());
  std::vector<bool> in_cell(words.size(), false);
  std::map<CellEdges, std::vector<std::size_t>> by_cell;
  for (std::size_t i = 0; i < words.size(); ++i) {
    in_cell[i] = cell_of(words[i].box, rules, cells[i]);
    if (in_cell[i]) by_cell[cells[i]].push_back(i);
  }
  std::vector<bool> moved(words.size(), false);
  std::vector<std::vector<std::size_t>> joins;
  for (auto& [edges, members] : by_cell) {
    if (members.size() < 2) continue;
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return words[a].box.top < words[b].box.top; });
    // Only numbers: joining the lines of wrapped labels too was tried, and the text parser
    // reads the labels' lines as they come better than labels joined across sub-rows.
    bool pieces = true;
    for (std::size_t k = 0; k < members.size() && pieces; ++k) {
      const PdfWord& w = words[members[k]];
      pieces = is_number_piece(w.text);
      if (pieces && k > 0) {
        // one piece a line: no vertical overlap of half a height with the piece above
        pieces = !overlap_half(words[members[k - 1]].box, w.box);
      }
    }
    if (!pieces) continue;
    for (std::size_t m : members) moved[m] = true;
    joins.push_back(members);
  }
  if (joins.empty()) return;
  std::vector<PdfWord> joined_words;
  for (const std::vector<std::size_t>& members : joins) {
    PdfWord w = words[members.front()];
    for (std::size_t k = 1; k < members.size(); ++k) {
      w.text += words[members[k]].text;
      extend(w.box, words[members[k]].box);
    }
    const CellEdges& edges = cells[members.front()];
    const double middle = (w.box.top + w.box.bottom) / 2;
    // the line of the row: the word of another cell between the same two horizontal rules
    // whose middle is nearest to the pieces' middle
    const PdfWord* row_word = nullptr;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (moved[i] || !in_cell[i] || cells[i].top != edges.top || cells[i].bottom != edges.bottom) continue;
      const double distance = std::abs((words[i].box.top + words[i].box.bottom) / 2 - middle);
      if (distance < best) best = distance, row_word = &words[i];
    }
    if (row_word) {
      w.box.top = row_word->box.top;
      w.box.bottom = row_word->box.bottom;
    } else {
      const double h = height(words[members.front()].box);
      w.box.top = middle - h / 2;
      w.box.bottom = middle + h / 2;
    }
    joined_words.push_back(std::move(w));
  }
  std::vector<PdfWord> kept;
  kept.reserve(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!moved[i]) kept.push_back(std::move(words[i]));
  for (PdfWord& w : joined_words) kept.push_back(std::move(w));
  words = std::move(kept);
}

std::string pdf_layout_text(const std::vector<PdfPage>& pages, const PdfLayoutOptions& options) {
  std::vector<PdfPlacedWord> placed;
  return pdf_layout_text(pages, options, placed);
}

std::string pdf_layout_text(const std::vector<PdfPage>& pages, const PdfLayoutOptions& options,
                            std::vector<PdfPlacedWord>& placed) {
  placed.clear();
  std::vector<std::vector<PdfWord>> words(pages.size());
  std::vector<double> heights;
  double left = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < pages.size(); ++p) {
    words[p] = pdf_words(pages[p]);
    if (options.join_wrapped_numbers) join_wrapped_numbers(words[p], pages[p].rules);
    for (const PdfWord& w : words[p]) {
      heights.push_back(height(w.box));
      left = std::min(left, w.box.x0);
    }
  }
  std::string out;
  if (heights.empty()) return std::string(pages.size(), '\f');
  const double unit = std::max(2.0, median(heights) / 2);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const std::vector<Line> lines = page_lines(words[p], pages[p].height);
    bool any = false;
    bool has_previous = false;
    double previous_bottom = 0, previous_height = 0;
    for (const Line& line : lines) {
      if (any) out += '\n';
      any = true;
      if (!options.layout) {
        for (const PdfWord* w : line) {
          if (w != line.front()) out += ' ';
          const std::size_t at = out.size();
          for (char32_t ch : w->text) append_utf8(out, ch);
          placed.push_back({p, w->first, at, out.size() - at});
        }
        continue;
      }
      double top = line.front()->box.top, bottom = line.front()->box.bottom;
      for (const PdfWord* w : line) {
        top = std::min(top, w->box.top);
        bottom = std::max(bottom, w->box.bottom);
      }
      if (has_previous && top - previous_bottom >= previous_height) out += '\n';
      std::vector<std::size_t> starts;
      const std::size_t at = out.size();
      out += place(line, left, unit, &starts);
      for (std::size_t k = 0; k < line.size(); ++k) {
        std::string utf8;
        for (char32_t ch : line[k]->text) append_utf8(utf8, ch);
        placed.push_back({p, line[k]->first, at + starts[k], utf8.size()});
      }
      has_previous = true;
      previous_bottom = bottom;
      previous_height = bottom - top;
    }
    out += any ? "\n\f" : "\f";
  }
  return out;
}

}  // namespace gongkai
