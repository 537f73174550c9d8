#include "read/detail/tokens.hpp"

#include "gongkai/text.hpp"

namespace gongkai::detail {

namespace {

bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
    len = 1;
    return true;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) {
    len = 3;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    len = 2;
    return true;
  }
  return false;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// The byte length of a digit at i, ASCII or full-width ("０"-"９", U+FF10-FF19), or 0.
std::size_t digit_len(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (is_ascii_digit(s[i])) return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if (c >= 0x90 && c <= 0x99) return 3;
  }
  return 0;
}

// The byte length of a digit ending at i (s[i - len, i)), or 0.
std::size_t digit_len_before(std::string_view s, std::size_t i) {
  if (i >= 1 && is_ascii_digit(s[i - 1])) return 1;
  if (i >= 3 && digit_len(s, i - 3) == 3) return 3;
  return 0;
}

// The byte length of a minus sign ('-' or full-width "－") at i, or 0.
std::size_t minus_len(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == '-') return 1;
  if (s.substr(i, 3) == "－") return 3;
  return 0;
}

// The byte length of a decimal point ('.' or full-width "．") at i, or 0.
std::size_t point_len(std::string_view s, std::size_t i) {
  if (i < s.size() && s[i] == '.') return 1;
  if (s.substr(i, 3) == "．") return 3;
  return 0;
}

// A piece of a line that reads as a number without a unit ("2317562.57", "1,516", "-3").
bool is_bare_number(std::string_view piece) {
  if (piece.empty()) return false;
  const CellValue v = read_value(piece);
  return v.state == CellState::Value && !v.has_unit;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_ascii_digit(c)) return false;
  return true;
}

bool is_rule(std::string_view s) {
  std::size_t dashes = 0;
  for (char c : s) {
    if (c == '-') ++dashes;
    else if (c != ':') return false;
  }
  return dashes >= 3;
}

// Units that make a number part of the text ("2024年", "3次") rather than a table value.
bool text_unit_after(std::string_view s, std::size_t i) {
  std::size_t len = 0;
  while (i < s.size() && is_space_at(s, i, len)) i += len;
  for (std::string_view u : {"年", "月", "日", "号", "份", "次", "人", "期", "篇", "场", "名", "批", "类"})
    if (s.substr(i, u.size()) == u) return true;
  return false;
}


bool is_page_number(std::string_view line) {
  // "- 3 -", "—4—", "-3-", "第 4 页": a page's number between dashes, alone on its line
  std::size_t digits = 0, dashes = 0, i = 0;
  bool other = false;
  while (i < line.size()) {
    const std::size_t start = i;
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = 1;
    if (is_space_at(line, i, len)) {
      i += len;
      continue;
    }
    if (is_ascii_digit(line[i])) {
      ++digits;
      ++i;
      continue;
    }
    if (line[i] == '-') {
      ++dashes;
      ++i;
      continue;
    }
    const std::string_view rest = line.substr(start);
    if (c >= 0x80) {
      for (std::string_view d : {"—", "–", "－", "第", "页"})
        if (rest.substr(0, d.size()) == d) {
          ++dashes;
          i += d.size();
          goto next;
        }
    }
    other = true;
    break;
  next:;
  }
  return !other && digits >= 1 && digits <= 3 && dashes >= 2;
}

// The length of a value's unit printed right after it at `at`, or 0: "元" and "万元" always
// (an amount), "个", "件", "项" where a number or the end of the piece follows ("1个246900元":
// 1 project, 246,900 元), not where text goes on ("3项制度").
std::size_t value_unit_at(std::string_view s, std::size_t at, std::size_t end) {
  for (std::string_view u : {"万元", "元"})
    if (at + u.size() <= end && s.substr(at, u.size()) == u) return u.size();
  for (std::string_view u : {"个", "件", "项"}) {
    if (at + u.size() > end || s.substr(at, u.size()) != u) continue;
    const std::size_t after = at + u.size();
    return after == end || digit_len(s, after) > 0 ? u.size() : 0;
  }
  return 0;
}

// At k, inside a label run that began at `from`, starts the next row's label: an item number
// from "2." / "2、" on, or "（七）", after a Chinese character that is not "第" ("第（一）项" is
// one label).
bool starts_row_label(std::string_view s, std::size_t from, std::size_t k, std::size_t end) {
  if (k < from + 3 || static_cast<unsigned char>(s[k - 1]) < 0x80) return false;
  if (s.substr(k - 3, 3) == "第" || s.substr(k - 3, 3) == "（" || s.substr(k - 3, 3) == "）") return false;
  if (is_ascii_digit(s[k])) {
    // "1." follows its group's label ("（三）不予公开1.属于国家秘密"): one label
    if (s[k] < '2' || k + 1 >= end || is_ascii_digit(s[k + 1])) return false;
    const std::string_view after = s.substr(k + 1, 3);
    if (after[0] != '.' && after != "、" && after != "．") return false;
    // a CJK character after the item number, not a digit ("3.5" is a number)
    const std::size_t next = k + 1 + (after[0] == '.' ? 1 : 3);
    return next < end && static_cast<unsigned char>(s[next]) >= 0x80;
  }
  static constexpr std::string_view kNumerals[] = {"（一）", "（二）", "（三）", "（四）", "（五）",
                                                  "（六）", "（七）", "（八）", "（九）", "（十）"};
  for (std::string_view n : kNumerals)
    if (s.substr(k, n.size()) == n) return true;
  return false;
}

// An item number alone: "（七）", "(七)", "七、", "3、", "3．".
bool is_item_marker(std::string_view s) {
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (std::string_view n : kNumerals) {
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}})
      if (s.size() == open.size() + n.size() + close.size() && s.substr(0, open.size()) == open &&
          s.substr(open.size(), n.size()) == n && s.substr(open.size() + n.size()) == close)
        return true;
    if (s.size() == n.size() + 3 && s.substr(0, n.size()) == n && s.substr(n.size()) == "、") return true;
  }
  const std::size_t digits = s.find_first_not_of("0123456789");
  return digits != std::string_view::npos && digits >= 1 && digits <= 2 && (s.substr(digits) == "、" || s.substr(digits) == "．");
}

}  // namespace

bool is_page_number_line(std::string_view line) { return is_page_number(line); }

bool is_prose(std::string_view line) {
  int depth = 0, stops = 0, commas = 0, cjk = 0;
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    const std::string_view at = line.substr(i, 3);
    if (at == "（" || c == '(') ++depth;
    else if ((at == "）" || c == ')') && depth > 0) --depth;
    else if (depth == 0 && at == "。") ++stops;
    else if (depth == 0 && (at == "，" || at == "；")) ++commas;
    if (c >= 0xE4 && c <= 0xE9) ++cjk;
    i += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  }
  return cjk >= 15 && (stops > 0 || commas >= 2);
}


void tokenize_line(std::string_view src, std::size_t begin, std::size_t end, std::vector<TokenSpan>& out) {
  if (is_page_number(src.substr(begin, end - begin))) return;
  std::size_t i = begin;
  std::size_t item_number = std::string_view::npos;  // "3." before a space and its label ("3. 其他")
  while (i < end) {
    std::size_t len = 0;
    if (src[i] == '|' || is_space_at(src, i, len)) {
      i += len ? len : 1;
      continue;
    }
    // pandoc's spans "[307]{lang="EN-US" style="…"}": the brackets delimit, the attributes go
    if (src[i] == ']' && i + 1 < end && src[i + 1] == '{') {
      const std::size_t close = src.find('}', i + 2);
      i = close == std::string_view::npos || close >= end ? end : close + 1;
      continue;
    }
    if (src[i] == '[' || src[i] == ']') {
      ++i;
      continue;
    }
    // one white-space-free piece; a bracket opened in it runs to its close ("（其中修订 16 件）")
    std::size_t j = i;
    bool cjk = false;
    int open = 0;
    while (j < end && src[j] != '|' && src[j] != '[' && src[j] != ']' && (open > 0 || !is_space_at(src, j, len))) {
      const std::string_view at = src.substr(j, 3);
      if (at.substr(0, 3) == "（" || src[j] == '(') ++open;
      else if ((at.substr(0, 3) == "）" || src[j] == ')') && open > 0) --open;
      if (static_cast<unsigned char>(src[j]) >= 0x80) cjk = true;
      ++j;
    }
    if (open > 0) {  // never closed: back to the first white space
      j = i;
      while (j < end && src[j] != '|' && src[j] != '[' && src[j] != ']' && !is_space_at(src, j, len)) ++j;
    }
    if (!cjk) {
      const std::string_view piece = src.substr(i, j - i);
      // an item number whose label follows after a space: one label with it
      if (piece.size() >= 2 && piece.size() <= 3 && piece.back() == '.' && all_digits(piece.substr(0, piece.size() - 1)) &&
          piece[0] != '0') {
        std::size_t next = j;
        while (next < end && is_space_at(src, next, len)) next += len;
        if (next < end && static_cast<unsigned char>(src[next]) >= 0x80 && digit_len(src, next) == 0 &&
            src.substr(next, 3) != "（") {
          item_number = i;
          i = next;
          continue;
        }
      }
      if (is_rule(piece)) {  // a markdown table rule "---" or ":---:"
        i = j;
        continue;
      }
      // "2024 年": a number whose unit follows after a space is part of the text
      std::size_t next = j;
      while (next < end && is_space_at(src, next, len)) next += len;
      if (all_digits(piece) && next < end && text_unit_after(src, next)) {
        std::size_t unit_end = next;
        while (unit_end < end && src[unit_end] != '|' && !is_space_at(src, unit_end, len)) ++unit_end;
        out.push_back({i, unit_end});
        i = unit_end;
        continue;
      }
      // "2317562.57 元": an amount whose unit follows after white space keeps its unit (the
      // matcher converts 元 to the table's 万元)
      std::size_t with_unit = 0;
      if (next < end && is_bare_number(piece)) {
        for (std::string_view u : {"万元", "元"}) {
          if (src.substr(next, u.size()) != u) continue;
          const std::size_t unit_end = next + u.size();
          if (unit_end == end || src[unit_end] == '|' || is_space_at(src, unit_end, len)) with_unit = unit_end;
          break;
        }
      }
      if (with_unit > 0) {
        out.push_back({i, with_unit});
        i = with_unit;
        continue;
      }
      // "/" marks of empty cells glued to each other or to a number ("//", "000/", "/12"):
      // each mark a token of its own
      std::size_t lead = 0, trail = 0;
      while (lead < piece.size() && piece[lead] == '/') ++lead;
      while (trail < piece.size() - lead && piece[piece.size() - 1 - trail] == '/') ++trail;
      const std::string_view middle = piece.substr(lead, piece.size() - lead - trail);
      if (lead + trail > 0 && piece.size() > 1 && (middle.empty() || is_bare_number(middle))) {
        for (std::size_t k = 0; k < lead; ++k) out.push_back({i + k, i + k + 1});
        if (!middle.empty()) out.push_back({i + lead, i + lead + middle.size()});
        for (std::size_t k = j - trail; k < j; ++k) out.push_back({k, k + 1});
        i = j;
        continue;
      }
      out.push_back({i, j});
      i = j;
      continue;
    }
    // cut a mixed piece into label runs and number runs
    std::size_t k = i;
    std::size_t label_start = item_number == std::string_view::npos ? i : item_number;
    item_number = std::string_view::npos;
    int depth = 0;
    while (k < j) {
      // "/" marks of empty cells before a label ("//（七）总计"): tokens of their own
      if (k == label_start && src[k] == '/' && depth == 0) {
        out.push_back({k, k + 1});
        label_start = ++k;
        continue;
      }
      const std::string_view rest = src.substr(k, j - k);
      // a label run holding the next row's label ("…政府信息公开申请3.其他（七）总计", where a
      // merged cell left sub-rows without values): cut before its item number
      if (depth == 0 && k > label_start && starts_row_label(src, label_start, k, j)) {
        out.push_back({label_start, k});
        label_start = k;
      }
      if (rest.substr(0, 3) == "（" || rest.substr(0, 3) == "〔" || rest[0] == '(') ++depth;
      if ((rest.substr(0, 3) == "）" || rest.substr(0, 3) == "〕" || rest[0] == ')') && depth > 0) --depth;
      // a minus sign starts a number when a digit follows and a digit or the piece's start precedes
      const std::size_t mlen = minus_len(src, k);
      const bool minus = mlen > 0 && k + mlen < j && digit_len(src, k + mlen) > 0 && (k == i || digit_len_before(src, k) > 0);
      const bool starts_number = depth == 0 && (digit_len(src, k) > 0 || minus);
      if (!starts_number) {
        k += static_cast<unsigned char>(src[k]) < 0x80 ? 1 : (static_cast<unsigned char>(src[k]) >= 0xF0 ? 4 : static_cast<unsigned char>(src[k]) >= 0xE0 ? 3 : 2);
        continue;
      }
      // a run of digits (ASCII or full-width), thousands separators each followed by three
      // digits, one decimal point between digits, an optional leading minus
      const std::size_t digits_from = k + (minus ? mlen : 0);
      std::size_t e = digits_from, last_digit = 1;
      bool grouped = false;  // after a thousands group only another group or the fraction may follow
      while (e < j) {
        if (!grouped) {
          if (const std::size_t d = digit_len(src, e); d > 0) {
            e += d;
            last_digit = d;
            continue;
          }
        }
        if (src[e] != ',') break;  // "1,516": a group of three digits after the comma
        std::size_t g = e + 1, n = 0;
        for (std::size_t dd; n < 3 && g < j && (dd = digit_len(src, g)) > 0; ++n) g += dd;
        if (n != 3) break;
        last_digit = digit_len_before(src, g);
        e = g;
        grouped = true;
      }
      if (const std::size_t p = point_len(src, e); p > 0 && e + p < j && digit_len(src, e + p) > 0) {
        e += p;
        for (std::size_t d; (d = digit_len(src, e)) > 0 && e < j;) {
          e += d;
          last_digit = d;
        }
      }
      // numbers inside text ("2024年", "第3次") and inside markup or Latin words
      // ("font-size:10.5pt", "H5")
      const auto latin = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
      if (text_unit_after(src, e) || (e < j && latin(src[e])) || (k > i && latin(src[k - 1]))) {
        k = e;
        continue;
      }
      // a value with its unit glued on ("1个246900元": 1 project, 246,900 元): the unit stays
      // with the number, which reads it (元 is converted to the table's 万元)
      if (const std::size_t unit = value_unit_at(src, e, j); unit > 0) {
        if (k > label_start) out.push_back({label_start, k});
        out.push_back({k, e + unit});
        label_start = k = e + unit;
        continue;
      }
      std::size_t value_end = e;
      const bool item_number_follows = e < j && (src[e] == '.' || src.substr(e, 3) == "、" || src.substr(e, 3) == "．") &&
                                       !(src[e] == '.' && digit_len(src, e + 1) > 0);
      if (item_number_follows) {
        // the last digit is the next label's item number
        value_end = e - last_digit;
        if (value_end <= digits_from) {
          k = e;  // "1." alone: an item number inside a label
          continue;
        }
      }
      if (k > label_start) out.push_back({label_start, k});
      out.push_back({k, value_end});
      label_start = value_end;
      k = value_end == e ? e : value_end;
      if (item_number_follows) k = e;  // continue the label after its item number
    }
    if (label_start < j) {
      // an item number ending the piece, its label after a space ("（七） 总计"): one label
      std::size_t next = j;
      while (next < end && is_space_at(src, next, len)) next += len;
      if (next > j && next < end && is_item_marker(src.substr(label_start, j - label_start)) &&
          static_cast<unsigned char>(src[next]) >= 0x80 && digit_len(src, next) == 0) {
        item_number = label_start;
        i = next;
        continue;
      }
      out.push_back({label_start, j});
    }
    i = j;
  }
}


}  // namespace gongkai::detail
