// Markdown adapter: pipe tables and the lines around them, as converters (PDF to markdown,
// OCR, LLM transcriptions) write them. One pass over the lines; nothing is joined or moved, so
// the matcher sees the converter's pieces in reading order with their cell boundaries.
//
// Decisions worth knowing:
// - A table starts at a line holding an unescaped '|' that is followed by a rule line
//   ("|---|:--:|"), or at a line that begins and ends with '|' (converters that forget the
//   rule). It goes on while lines hold an unescaped '|' and ends at the first line that does
//   not (a blank line, a heading, a text line), so a text line between two pieces of a table
//   stays a paragraph at its place and the pieces become separate tables.
// - Rule lines are dropped. A rule that follows a row which is not the first of its table
//   starts a new table with that row as its header: converters that cut a table into pieces
//   sometimes write the pieces back to back, each with its own header and rule. Below the
//   first row any rule is a rule (as in GFM); elsewhere only one whose cells have three
//   dashes or a colon is: "| - | - |" there is a row of '-' cells (values not given).
// - A row is the cells between pipes; leading and trailing pipes are optional; "\|" is a pipe
//   inside a cell. Cells are trimmed (ASCII white space, U+3000, NBSP) and kept when empty.
//   Their inline syntax is stripped as for paragraphs, and "<br>" becomes '\n'.
// - Every other non-empty line is one paragraph (lines are not joined: PDF conversions wrap
//   lines anywhere). Markdown syntax is stripped where it is syntax: ATX heading marks
//   ("## ", also "##标题" without the space, which converters write for Chinese headings),
//   block quotes, list markers followed by a space and text ("- ", "* ", "+ ", "1. ", "1) "),
//   emphasis (**x**, __x__, *x*, ~~x~~), code spans, links (text kept), images and HTML
//   comments (dropped), HTML tags (dropped, <br> -> '\n'), backslash escapes and a few
//   entities. A lone "-" or "1." stays as text: it is no list item with content, and in
//   converter output it is usually a cell value that lost its table. Thematic breaks
//   ("---", "***"), setext underlines ("===") and link reference definitions are dropped.
//   Fenced code blocks are kept as paragraphs, verbatim.
// - pandoc's own tables (`pandoc -t markdown`): grid tables ("+---+" borders), simple tables
//   (columns given by a line of dash groups, one line a row) and multiline tables (rows of
//   several lines between blank lines) are cut into columns at the display columns of their
//   borders (wide characters count two) and read as pipe tables. A cell wrapped over lines is
//   joined with line breaks, except between two parts of a number: pandoc breaks inside
//   numbers ("[1" over "2]{…}" for 12). pandoc spans "[text]{attributes}" keep their text;
//   fenced-div fences (":::") are dropped.
// - Spans are byte offsets into Document::text: a cell's span is its trimmed raw text between
//   the pipes (an empty cell: an empty span after its opening pipe); a paragraph's span is the
//   line's content after the block marks (indentation, '>', '#', list marker); a table's
//   span runs from its first row to its last row, rule lines inside included.

#include "gongkai/read/markdown.hpp"

#include "gongkai/error.hpp"
#include "gongkai/read/html.hpp"

#include "detail/labels.hpp"
#include "read/detail/tokens.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <iterator>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace gongkai {

namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::size_t kSniffBytes = 64 * 1024;
// How far ahead inline syntax looks for its closing mark, so that a long line full of
// unclosed marks costs linear time.
constexpr std::size_t kInlineWindow = 2048;

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Byte length of a white space character at s[i] (ASCII, U+3000, NBSP), 0 if none.
std::size_t space_len_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_space(static_cast<char>(c)) ? 1 : 0;
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  return 0;
}

// Byte length of a white space character ending at s[i - 1], 0 if none.
std::size_t space_len_before(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i - 1]);
  if (c < 0x80) return is_space(static_cast<char>(c)) ? 1 : 0;
  if (i >= 3 && c == 0x80 && static_cast<unsigned char>(s[i - 2]) == 0x80 && static_cast<unsigned char>(s[i - 3]) == 0xE3)
    return 3;
  if (i >= 2 && c == 0xA0 && static_cast<unsigned char>(s[i - 2]) == 0xC2) return 2;
  return 0;
}

// [b, e) of s without white space at both ends.
std::pair<std::size_t, std::size_t> trim_range(std::string_view s, std::size_t b, std::size_t e) {
  while (b < e) {
    const std::size_t n = space_len_at(s, b);
    if (n == 0) break;
    b += n;
  }
  while (e > b) {
    const std::size_t n = space_len_before(s, e);
    if (n == 0) break;
    e -= n;
  }
  return {b, e};
}

std::string_view trim(std::string_view s) {
  const auto [b, e] = trim_range(s, 0, s.size());
  return s.substr(b, e - b);
}

// The position of the first '|' in s not escaped by a backslash, or npos.
std::size_t find_pipe(std::string_view s, std::size_t from = 0) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '|') {
      return i;
    }
  }
  return npos;
}

// A table rule: cells of dashes with optional alignment colons, at least one pipe and one
// dash ("|---|---|", "--- | :---:", "|-|").
bool is_rule(std::string_view line) {
  bool pipe = false, dash = false;
  for (char c : line) {
    if (c == '|') {
      pipe = true;
    } else if (c == '-') {
      dash = true;
    } else if (c != ':' && c != ' ' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return pipe && dash;
}

// A rule every cell of which has three dashes or an alignment colon ("|---|:-:|"), as
// converters write rules. "| - | - |" is a rule to GFM only right under a header; anywhere
// else in converter output it is a row of '-' cells (values not given).
bool is_strong_rule(std::string_view line) {
  if (!is_rule(line)) return false;
  int dashes = 0;
  bool colon = false, content = false;
  for (char c : line) {
    if (c == '|') {
      if (content && dashes < 3 && !colon) return false;
      dashes = 0;
      colon = content = false;
    } else if (c == '-') {
      ++dashes;
      content = true;
    } else if (c == ':') {
      colon = content = true;
    }
  }
  return !content || dashes >= 3 || colon;
}

// A line of a pipe table: it holds an unescaped pipe and is not a rule.
bool is_row(std::string_view line) { return find_pipe(line) != npos && !is_rule(line); }

// A row whose trimmed text begins and ends with a pipe ("| a | b |"): a table row even
// without a rule after it.
bool is_bordered_row(std::string_view line) {
  const std::string_view t = trim(line);
  return t.size() >= 2 && t.front() == '|' && t.back() == '|' && t[t.size() - 2] != '\\';
}

// A thematic break ("---", "* * *", "___") or a setext underline ("===", "---").
bool is_break(std::string_view line) {
  char mark = 0;
  int n = 0;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c != '-' && c != '*' && c != '_' && c != '=') return false;
    if (mark == 0) mark = c;
    if (c != mark) return false;
    ++n;
  }
  return mark == '=' ? n >= 1 : n >= 3;
}

// "[label]: destination" on a line of its own.
bool is_reference_definition(std::string_view t) {
  if (t.size() < 4 || t[0] != '[' || (t.size() > 1 && t[1] == '^')) return false;
  const std::size_t close = t.find("]:");
  if (close == npos || close < 2) return false;
  if (t.substr(1, close - 1).find_first_of("[]") != npos) return false;
  const std::string_view dest = trim(t.substr(close + 2));
  return !dest.empty() && dest.find(' ') == npos;
}

// A fence "```" or "~~~" (3 or more); returns the fence character and run length.
std::pair<char, std::size_t> fence_of(std::string_view t) {
  if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return {0, 0};
  std::size_t n = 0;
  while (n < t.size() && t[n] == t[0]) ++n;
  if (n < 3) return {0, 0};
  if (t[0] == '`' && t.substr(n).find('`') != npos) return {0, 0};
  return {t[0], n};
}

// Where the content of a text line begins once its block marks are skipped (indentation,
// '>' quotes, an ATX heading mark, a list marker), and where it ends (before a heading's
// closing '#' run). Returns {begin, end} relative to the line.
std::pair<std::size_t, std::size_t> content_range(std::string_view line) {
  auto [b, e] = trim_range(line, 0, line.size());
  // Block quotes.
  while (b < e && line[b] == '>') {
    ++b;
    std::tie(b, e) = trim_range(line, b, e);
  }
  // ATX heading: 1-6 '#' then a space, the end, or a non-ASCII character.
  std::size_t h = 0;
  while (b + h < e && line[b + h] == '#') ++h;
  if (h >= 1 && h <= 6 &&
      (b + h == e || line[b + h] == ' ' || line[b + h] == '\t' || static_cast<unsigned char>(line[b + h]) >= 0x80)) {
    std::size_t nb = b + h;
    std::tie(nb, e) = trim_range(line, nb, e);
    // Closing sequence: a run of '#' preceded by white space (or the whole content).
    std::size_t c = e;
    while (c > nb && line[c - 1] == '#') --c;
    if (c < e && (c == nb || line[c - 1] == ' ' || line[c - 1] == '\t')) std::tie(nb, e) = trim_range(line, nb, c);
    return {nb, e};
  }
  // List markers, only with a space and text after them.
  // e is a structured binding: C++17 lets a lambda use it only through an init-capture.
  auto after_marker = [line, end = e](std::size_t m) -> std::size_t {
    if (m >= end || (line[m] != ' ' && line[m] != '\t')) return npos;
    const auto r = trim_range(line, m, end);
    return r.first < r.second ? r.first : npos;
  };
  if (b < e && (line[b] == '-' || line[b] == '*' || line[b] == '+')) {
    const std::size_t nb = after_marker(b + 1);
    if (nb != npos) return {nb, e};
  } else if (b < e && is_digit(line[b])) {
    std::size_t d = b;
    while (d < e && is_digit(line[d]) && d - b < 9) ++d;
    if (d < e && (line[d] == '.' || line[d] == ')')) {
      const std::size_t nb = after_marker(d + 1);
      if (nb != npos) return {nb, e};
    }
  }
  return {b, e};
}

// Strips inline markdown from s, appending the text to out.
void strip_inline(std::string_view s, std::string& out, int depth = 0);

// The closing run of an emphasis delimiter opened at s[i] (text follows the opener, text
// precedes the closer, and a single '*' does not close at half of a "**"), or npos.
std::size_t closing_delimiter(std::string_view s, std::size_t i, std::string_view delim) {
  const std::size_t from = i + delim.size();
  if (from >= s.size() || is_space(s[from])) return npos;
  std::size_t j = from + 1;
  while ((j = s.find(delim, j)) != npos) {
    if (delim.size() == 1 && j + 1 < s.size() && s[j + 1] == delim[0]) {
      j += 2;
      continue;
    }
    if (!is_space(s[j - 1])) return j;
    ++j;
  }
  return npos;
}

// The end of a bracketed run "[...]" starting at s[i] == '[' (nested brackets balanced), or npos.
std::size_t closing_bracket(std::string_view s, std::size_t i) {
  int level = 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
    } else if (s[k] == '[') {
      ++level;
    } else if (s[k] == ']') {
      if (--level == 0) return k;
    }
  }
  return npos;
}

// The end of "(destination)" starting at s[i] == '(' (nested parentheses balanced), or npos.
std::size_t closing_paren(std::string_view s, std::size_t i) {
  int level = 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
    } else if (s[k] == '(') {
      ++level;
    } else if (s[k] == ')') {
      if (--level == 0) return k;
    }
  }
  return npos;
}

// An HTML tag or comment at s[i] == '<': its end (past '>') and whether it is a line break.
std::size_t html_tag_end(std::string_view s, std::size_t i, bool& line_break) {
  line_break = false;
  if (s.substr(i, 4) == "<!--") {
    const std::size_t e = s.find("-->", i + 4);
    return e == npos ? npos : e + 3;
  }
  std::size_t k = i + 1;
  if (k < s.size() && s[k] == '/') ++k;
  const std::size_t name = k;
  while (k < s.size() && (is_alpha(s[k]) || (k > name && is_digit(s[k])))) ++k;
  if (k == name || k - name > 10) return npos;
  if (k < s.size() && s[k] != '>' && s[k] != '/' && !is_space(s[k])) return npos;
  const std::size_t close = s.find('>', k);
  if (close == npos || s.substr(k, close - k).find('<') != npos) return npos;
  const std::string_view tag = s.substr(name, k - name);
  line_break = tag.size() == 2 && (tag[0] == 'b' || tag[0] == 'B') && (tag[1] == 'r' || tag[1] == 'R');
  return close + 1;
}

// "&amp;" and friends, "&#12345;", "&#x3000;": appends the character, returns the length or 0.
std::size_t entity_at(std::string_view s, std::size_t i, std::string& out) {
  const std::size_t semi = s.find(';', i + 1);
  if (semi == npos || semi - i > 10) return 0;
  const std::string_view name = s.substr(i + 1, semi - i - 1);
  if (name.size() >= 2 && name[0] == '#') {
    char32_t cp = 0;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::size_t start = hex ? 2 : 1;
    if (start >= name.size()) return 0;
    for (std::size_t k = start; k < name.size(); ++k) {
      const char c = name[k];
      int v;
      if (is_digit(c)) {
        v = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        v = c - 'A' + 10;
      } else {
        return 0;
      }
      cp = cp * (hex ? 16u : 10u) + static_cast<char32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    append_utf8(out, cp);
    return semi + 1 - i;
  }
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"emsp", " "}, {"ensp", " "}};
  for (const auto& [n, v] : kNamed)
    if (name == n) {
      out.append(v);
      return semi + 1 - i;
    }
  return 0;
}

void strip_inline(std::string_view whole, std::string& out, int depth) {
  // Depth is bounded by the kinds of delimiters nested (each level consumes one pair), but
  // hostile input is cut off all the same.
  if (depth > 32) {
    out.append(whole);
    return;
  }
  std::size_t i = 0;
  while (i < whole.size()) {
    const std::string_view s = whole.substr(0, i + kInlineWindow);  // where closing marks are sought
    const char c = s[i];
    switch (c) {
      case '\\':
        if (i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
          out.push_back(s[i + 1]);
          i += 2;
          continue;
        }
        break;
      case '`': {
        std::size_t n = 0;
        while (i + n < s.size() && s[i + n] == '`') ++n;
        const std::string_view run = s.substr(i, n);
        std::size_t j = s.find(run, i + n);
        while (j != npos && j + n < s.size() && s[j + n] == '`') j = s.find(run, j + n + 1);
        if (j != npos) {
          std::string_view code = s.substr(i + n, j - i - n);
          if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' && code.find_first_not_of(' ') != npos)
            code = code.substr(1, code.size() - 2);
          out.append(code);
          i = j + n;
          continue;
        }
        out.append(run);
        i += n;
        continue;
      }
      case '*':
      case '_':
      case '~': {
        const bool doubled = i + 1 < s.size() && s[i + 1] == c;
        if (c == '~' && !doubled) break;
        if (c == '_' && !doubled) break;  // single '_' is emphasis too rarely to risk file names
        const std::string_view delim = s.substr(i, doubled ? 2 : 1);
        const std::size_t j = closing_delimiter(s, i, delim);
        if (j != npos) {
          strip_inline(s.substr(i + delim.size(), j - i - delim.size()), out, depth + 1);
          i = j + delim.size();
          continue;
        }
        out.append(delim);
        i += delim.size();
        continue;
      }
      case '!':
      case '[': {
        const bool image = c == '!';
        const std::size_t open = image ? i + 1 : i;
        if (open >= s.size() || s[open] != '[') break;
        const std::size_t close = closing_bracket(s, open);
        if (close == npos) break;
        std::size_t end = npos;
        if (close + 1 < s.size() && s[close + 1] == '(') {
          const std::size_t p = closing_paren(s, close + 1);
          if (p != npos) end = p + 1;
        } else if (close + 1 < s.size() && s[close + 1] == '[') {
          const std::size_t p = closing_bracket(s, close + 1);
          if (p != npos) end = p + 1;
        } else if (!image && close + 1 < s.size() && s[close + 1] == '{') {
          const std::size_t p = s.find('}', close + 2);  // pandoc's span: "[12]{lang=\"EN-US\"}"
          if (p != npos) end = p + 1;
        }
        if (end == npos) break;
        if (!image) strip_inline(s.substr(open + 1, close - open - 1), out, depth + 1);
        i = end;
        continue;
      }
      case '<': {
        // Autolinks keep their address; tags and comments go, a <br> becomes a line break.
        const std::size_t close = s.find('>', i + 1);
        if (close != npos) {
          const std::string_view inner = s.substr(i + 1, close - i - 1);
          const std::size_t colon = inner.find(':');
          if (colon != npos && colon >= 2 && inner.find_first_of(" \t\r\n<") == npos &&
              is_alpha(inner[0])) {
            out.append(inner);
            i = close + 1;
            continue;
          }
        }
        bool line_break = false;
        const std::size_t e = html_tag_end(s, i, line_break);
        if (e != npos) {
          if (line_break) out.push_back('\n');
          i = e;
          continue;
        }
        break;
      }
      case '&': {
        const std::size_t n = entity_at(s, i, out);
        if (n) {
          i += n;
          continue;
        }
        break;
      }
      default: break;
    }
    out.push_back(c);
    ++i;
  }
}

// The stripped text of s, trimmed, with white space around inner line breaks removed.
std::string clean_text(std::string_view s) {
  std::string raw;
  raw.reserve(s.size());
  strip_inline(s, raw);
  std::string out;
  out.reserve(raw.size());
  std::size_t pos = 0;
  while (pos <= raw.size()) {
    std::size_t nl = raw.find('\n', pos);
    if (nl == npos) nl = raw.size();
    const std::string_view piece = trim(std::string_view(raw).substr(pos, nl - pos));
    if (!piece.empty()) {
      if (!out.empty()) out.push_back('\n');
      out.append(piece);
    }
    if (nl == raw.size()) break;
    pos = nl + 1;
  }
  return out;
}

// The width of a code point in a monospaced layout, as pandoc counts it when it aligns table
// columns: 2 for East Asian wide and full-width characters, else 1.
std::size_t display_width(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                 (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                 (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD)
             ? 2
             : 1;
}

// The byte offset in `line` where display column `col` begins (the line's size past its end).
std::size_t byte_at_column(std::string_view line, std::size_t col) {
  std::size_t i = 0, at = 0;
  while (i < line.size() && at < col) {
    std::size_t next = i;
    at += display_width(next_code_point(line, next));
    i = next;
  }
  return i;
}

// The dash groups of a line of dashes and spaces ("----  ------ ---"): their display columns
// [begin, end); empty if the line holds anything else or no group of three dashes.
std::vector<std::pair<std::size_t, std::size_t>> dash_groups(std::string_view line) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  bool long_group = false;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    if (line[i] != '-') return {};
    const std::size_t b = i;
    while (i < line.size() && line[i] == '-') ++i;
    long_group = long_group || i - b >= 3;
    out.emplace_back(b, i);
  }
  if (!long_group) out.clear();
  return out;
}

// A border of a grid table ("+-----+:---:+", "+=====+=====+"): the display columns of its '+'.
std::vector<std::size_t> grid_border(std::string_view line) {
  const auto [b, e] = trim_range(line, 0, line.size());
  std::vector<std::size_t> plus;
  if (e - b < 3 || line[b] != '+' || line[e - 1] != '+') return {};
  for (std::size_t i = b; i < e; ++i) {
    if (line[i] == '+') plus.push_back(i);
    else if (line[i] != '-' && line[i] != '=' && line[i] != ':') return {};
  }
  if (plus.size() < 2) plus.clear();
  return plus;
}

bool is_numeric_char(std::string_view s, std::size_t i, std::size_t& len) {
  if (i < s.size() && (is_digit(s[i]) || s[i] == '.' || s[i] == ',')) {
    len = 1;
    return true;
  }
  // full-width digits U+FF10-FF19, '，' U+FF0C, '．' U+FF0E
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if ((c >= 0x90 && c <= 0x99) || c == 0x8C || c == 0x8E) {
      len = 3;
      return true;
    }
  }
  return false;
}

// A cell's text from the pieces it spans over several lines (pandoc wraps a cell's content to
// its column's width, breaking inside words and numbers: "[1" over "2]{lang=…}" for 12): the
// pieces joined by line breaks, inline syntax stripped, and a break between two parts of a
// number removed. Two numbers a converter broke at the space between them would be joined
// too; in a table cell of a report a number stands alone.
std::string join_wrapped(const std::vector<std::string_view>& pieces) {
  std::string joined;
  for (std::string_view piece : pieces) {
    if (!joined.empty()) joined.push_back('\n');
    joined.append(piece);
  }
  std::string text = clean_text(joined);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && !out.empty()) {
      std::size_t len = 0, before = 0;
      // the character before the break: walk back to its first byte
      std::size_t b = out.size() - 1;
      while (b > 0 && (static_cast<unsigned char>(out[b]) & 0xC0) == 0x80) --b;
      const bool left = is_numeric_char(out, b, before);
      const bool right = is_numeric_char(text, i + 1, len);
      const bool digit_left = left && (before == 1 ? is_digit(out[b]) : static_cast<unsigned char>(out[b + 2]) >= 0x90);
      const bool digit_right =
          right && (len == 1 ? is_digit(text[i + 1]) : static_cast<unsigned char>(text[i + 3]) >= 0x90);
      if (left && right && (digit_left || digit_right)) continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

class Reader {
 public:
  explicit Reader(Document& doc) : doc_(doc), src_(doc.text) {}

  void run() {
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // [begin, end) without "\r\n"
    std::size_t pos = 0;
    while (pos <= src_.size()) {
      std::size_t nl = src_.find('\n', pos);
      if (nl == npos) nl = src_.size();
      std::size_t end = nl;
      if (end > pos && src_[end - 1] == '\r') --end;
      lines.emplace_back(pos, end);
      if (nl == src_.size()) break;
      pos = nl + 1;
    }

    char fence = 0;
    std::size_t fence_len = 0;
    Deadline::Ticker tick;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      tick();
      const std::size_t b = lines[k].first;
      const std::string_view line = src_.substr(b, lines[k].second - b);
      const std::string_view t = trim(line);

      if (fence) {
        const auto f = fence_of(t);
        if (f.first == fence && f.second >= fence_len && trim(t.substr(f.second)).empty()) {
          fence = 0;
        } else if (!t.empty()) {
          paragraph_verbatim(b, line);
        }
        continue;
      }

      if (in_table_) {
        if (is_rule(line) && rule(b, line)) continue;
        if (find_pipe(line) != npos) {
          row(b, line);
          continue;
        }
        close_table();
      }

      if (t.empty()) continue;
      if (t.size() >= 3 && t.substr(0, 3) == ":::") continue;  // a pandoc fenced div's fence
      if (const std::size_t used = pandoc_table(lines, k)) {
        k += used - 1;
        continue;
      }
      if (starts_html_table(t)) {
        // a table the converter kept as raw HTML (pandoc does for merged cells): read by the
        // HTML adapter, its cells' spans moved to their place in the markdown
        const std::size_t end = html_table_end(b);
        html_tables(b, end);
        while (k + 1 < lines.size() && lines[k + 1].first < end) ++k;
        continue;
      }
      if (const auto f = fence_of(t); f.first) {
        fence = f.first;
        fence_len = f.second;
        continue;
      }
      if (is_row(line) || (is_rule(line) && !is_strong_rule(line) && is_bordered_row(line))) {
        const bool ruled = k + 1 < lines.size() &&
                           is_rule(src_.substr(lines[k + 1].first, lines[k + 1].second - lines[k + 1].first));
        if (ruled || is_bordered_row(line)) {
          in_table_ = true;
          row(b, line);
          continue;
        }
      }
      if (is_rule(line) || is_break(t) || is_reference_definition(t)) continue;
      // an HTML tag broken over lines ("<span" / "style=…>text</span>", as pandoc wraps raw
      // HTML): the lines up to its end are one paragraph
      std::size_t last = k;
      for (std::size_t n = 0; n < kTagLines && unclosed_tag(src_.substr(b, lines[last].second - b)) &&
                              last + 1 < lines.size() && lines[last + 1].second > lines[last + 1].first;
           ++n)
        ++last;
      if (last > k && !unclosed_tag(src_.substr(b, lines[last].second - b))) {
        paragraph(b, src_.substr(b, lines[last].second - b));
        k = last;
        continue;
      }
      paragraph(b, line);
    }
    close_table();
  }

 private:
  void paragraph(std::size_t line_begin, std::string_view line) {
    const auto [cb, ce] = content_range(line);
    std::string text = clean_text(line.substr(cb, ce - cb));
    if (text.empty()) return;
    Block p;
    p.kind = BlockKind::Paragraph;
    p.span = {offset(line_begin + cb), offset(line_begin + ce)};
    p.text = doc_.keep(std::move(text), p.span);
    doc_.blocks.push_back(std::move(p));
  }

  void paragraph_verbatim(std::size_t line_begin, std::string_view line) {
    const auto [cb, ce] = trim_range(line, 0, line.size());
    Block p;
    p.kind = BlockKind::Paragraph;
    p.text = line.substr(cb, ce - cb);
    p.span = {offset(line_begin + cb), offset(line_begin + ce)};
    doc_.blocks.push_back(std::move(p));
  }

  void row(std::size_t line_begin, std::string_view line) {
    Table& t = table_.table;
    const auto [lb, le] = trim_range(line, 0, line.size());
    if (t.rows.empty()) table_begin_ = line_begin + lb;
    end_before_last_row_ = table_end_;
    last_row_begin_ = line_begin + lb;
    table_end_ = line_begin + le;
    previous_was_row_ = true;

    std::vector<std::int32_t> slots;
    std::size_t cell_begin = lb;
    if (cell_begin < le && line[cell_begin] == '|') ++cell_begin;
    while (true) {
      const std::size_t pipe = find_pipe(line.substr(0, le), cell_begin);
      if (pipe == npos && cell_begin >= le && !slots.empty()) break;  // after the trailing pipe
      const std::size_t cell_end = pipe == npos ? le : pipe;
      const auto [cb, ce] = trim_range(line, cell_begin, cell_end);
      Cell cell;
      cell.span = {offset(line_begin + cb), offset(line_begin + ce)};
      cell.text = doc_.keep(clean_text(line.substr(cb, ce - cb)), cell.span);
      if (cb == ce) cell.span = {offset(line_begin + cell_begin), offset(line_begin + cell_begin)};
      slots.push_back(static_cast<std::int32_t>(t.cells.size()));
      t.cells.push_back(std::move(cell));
      if (pipe == npos) break;
      cell_begin = pipe + 1;
    }
    t.rows.push_back(std::move(slots));
  }

  using Lines = std::vector<std::pair<std::size_t, std::size_t>>;

  std::string_view line_at(const Lines& lines, std::size_t k) const {
    return src_.substr(lines[k].first, lines[k].second - lines[k].first);
  }

  // Pandoc's own table forms, which `pandoc -t markdown` writes for tables without merged
  // cells: grid tables ("+---+---+" borders, "|" between cells, a cell's text wrapped over
  // lines), simple tables (a header line or none, a line of dash groups giving the columns,
  // one line a row) and multiline tables (rows of several lines separated by blank lines).
  // Columns are cut at the display columns of the borders or dash groups (wide characters
  // count two). The table is read as a pipe table would be. Returns the lines used, 0 if the
  // lines at k are no such table.
  std::size_t pandoc_table(const Lines& lines, std::size_t k) {
    const std::string_view first = line_at(lines, k);
    if (const auto plus = grid_border(first); !plus.empty()) return grid_table(lines, k, plus);
    auto groups = dash_groups(first);
    if (groups.size() >= 2) return column_table(lines, k, groups, false);
    if (groups.size() == 1 && k + 1 < lines.size()) {  // a multiline table's top border, a header
      for (std::size_t j = k + 1; j < lines.size() && j <= k + 8; ++j) {
        const auto g = dash_groups(line_at(lines, j));
        if (g.size() >= 2) return column_table(lines, k, g, true);
        if (trim(line_at(lines, j)).empty() || !g.empty()) break;
      }
    }
    if (k + 1 < lines.size()) {  // a simple table's header line over its dash groups
      groups = dash_groups(line_at(lines, k + 1));
      if (groups.size() >= 2 && !is_row(first)) return column_table(lines, k, groups, false);
    }
    return 0;
  }

  // One table row from the pieces of each column (several lines of a row, at most).
  void pandoc_row(const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& pieces) {
    Table& t = table_.table;
    std::vector<std::int32_t> slots;
    for (const auto& col : pieces) {
      std::vector<std::string_view> parts;
      std::size_t b = npos, e = 0;
      for (const auto& [pb, pe] : col) {
        const auto [tb, te] = trim_range(src_, pb, pe);
        if (tb == te) continue;
        parts.push_back(src_.substr(tb, te - tb));
        b = std::min(b, tb);
        e = std::max(e, te);
      }
      Cell cell;
      if (!parts.empty()) {
        cell.span = {offset(b), offset(e)};
        cell.text = doc_.keep(join_wrapped(parts), cell.span);
      } else {
        cell.span = {offset(col.front().first), offset(col.front().first)};
      }
      slots.push_back(static_cast<std::int32_t>(t.cells.size()));
      t.cells.push_back(std::move(cell));
    }
    t.rows.push_back(std::move(slots));
  }

  // The byte ranges of a line's columns, cut at display columns `starts` (the last column runs
  // to the end of the line).
  std::vector<std::pair<std::size_t, std::size_t>> cut(std::size_t line_begin, std::string_view line,
                                                       const std::vector<std::size_t>& starts) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t c = 0; c < starts.size(); ++c) {
      const std::size_t b = byte_at_column(line, starts[c]);
      const std::size_t e = c + 1 < starts.size() ? byte_at_column(line, starts[c + 1]) : line.size();
      out.emplace_back(line_begin + b, line_begin + std::max(b, e));
    }
    return out;
  }

  std::size_t grid_table(const Lines& lines, std::size_t k, const std::vector<std::size_t>& plus) {
    const std::size_t columns = plus.size() - 1;
    std::vector<std::size_t> starts;  // each column's content begins after its '|'
    for (std::size_t c = 0; c < columns; ++c) starts.push_back(plus[c] + 1);
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> pieces(columns);
    std::size_t j = k + 1, last_border = k, rows = 0;
    bool open = false;
    for (; j < lines.size(); ++j) {
      const std::string_view line = line_at(lines, j);
      if (!grid_border(line).empty()) {
        if (open) {
          pandoc_row(pieces);
          ++rows;
          for (auto& p : pieces) p.clear();
          open = false;
        }
        last_border = j;
        continue;
      }
      const std::string_view t = trim(line);
      if (t.empty() || t.front() != '|') break;
      auto cols = cut(lines[j].first, line, starts);
      for (std::size_t c = 0; c < columns; ++c) {
        auto [b, e] = cols[c];
        if (c + 1 == columns) {  // the last column ends before the closing '|'
          const std::size_t bar = src_.rfind('|', lines[j].second - 1);
          if (bar != npos && bar >= b) e = bar;
        } else if (e > b && src_[e - 1] == '|') {
          --e;
        }
        pieces[c].emplace_back(b, e);
      }
      open = true;
    }
    if (rows == 0) {
      table_ = Block{};
      return 0;
    }
    finish_pandoc_table(lines[k].first, lines[last_border].second);
    return last_border - k + 1;
  }

  // A simple or multiline table whose dash groups `groups` give the columns. `bordered`: line k
  // is a multiline table's top border (a header follows); else line k is either the dash
  // groups themselves (no header) or a simple table's header line over them.
  std::size_t column_table(const Lines& lines, std::size_t k, const std::vector<std::pair<std::size_t, std::size_t>>& groups,
                           bool bordered) {
    std::vector<std::size_t> starts;
    for (const auto& g : groups) starts.push_back(g.first);
    const std::size_t columns = starts.size();
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> pieces(columns);
    auto add_line = [&](std::size_t j) {
      const auto cols = cut(lines[j].first, line_at(lines, j), starts);
      for (std::size_t c = 0; c < columns; ++c) pieces[c].push_back(cols[c]);
    };
    auto flush = [&] {
      if (pieces.front().empty()) return;
      pandoc_row(pieces);
      for (auto& p : pieces) p.clear();
    };
    const bool headerless = !bordered && dash_groups(line_at(lines, k)) == groups;
    std::size_t j = k;
    if (bordered) {  // header lines up to the dash groups: one row
      for (j = k + 1; dash_groups(line_at(lines, j)) != groups; ++j) add_line(j);
      flush();
      ++j;
    } else if (!headerless) {  // a simple table's header line
      add_line(k);
      flush();
      j = k + 2;
    } else {
      j = k + 1;
    }
    // Rows: one a line, or (a multiline table, a blank line between rows) several lines a row.
    // A headerless or bordered table ends at a line of dashes; a simple table with a header at
    // a blank line.
    bool multiline = bordered;
    if (headerless) {
      for (std::size_t n = j; n < lines.size() && dash_groups(line_at(lines, n)).empty(); ++n)
        if (trim(line_at(lines, n)).empty()) multiline = true;
    }
    std::size_t end = j;
    bool closed = !headerless && !bordered;
    for (; end < lines.size(); ++end) {
      const std::string_view line = line_at(lines, end);
      const auto g = dash_groups(line);
      if (!g.empty()) {
        closed = true;
        break;
      }
      if (trim(line).empty()) {
        if (!multiline) break;
        if (end + 1 < lines.size() && trim(line_at(lines, end + 1)).empty()) break;  // two blank lines
        flush();
        continue;
      }
      add_line(end);
      if (!multiline) flush();
    }
    flush();
    if (!closed || table_.table.rows.empty()) {
      table_ = Block{};
      return 0;
    }
    const std::size_t last = end < lines.size() && !dash_groups(line_at(lines, end)).empty() ? end : end - 1;
    finish_pandoc_table(lines[k].first, lines[last].second);
    return last - k + 1;
  }

  void finish_pandoc_table(std::size_t begin, std::size_t end) {
    table_begin_ = begin;
    table_end_ = end;
    in_table_ = true;
    close_table();
  }

  // Reads a rule line inside a table; false when the line is a row of '-' cells instead.
  bool rule(std::size_t line_begin, std::string_view line) {
    Table& t = table_.table;
    const bool under_header = previous_was_row_ && t.rows.size() == 1;
    if (!under_header && !is_strong_rule(line)) return false;
    if (previous_was_row_ && t.rows.size() > 1) {
      // A header and its rule in the middle of a table: the header starts a new table.
      const std::vector<std::int32_t> header = std::move(t.rows.back());
      t.rows.pop_back();
      const auto first = static_cast<std::size_t>(header.front());
      std::vector<Cell> cells(std::make_move_iterator(t.cells.begin() + static_cast<std::ptrdiff_t>(first)),
                              std::make_move_iterator(t.cells.end()));
      t.cells.resize(first);
      const std::size_t header_begin = last_row_begin_;
      table_end_ = end_before_last_row_;
      close_table();
      in_table_ = true;
      Table& n = table_.table;
      n.cells = std::move(cells);
      std::vector<std::int32_t> slots(n.cells.size());
      for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = static_cast<std::int32_t>(i);
      n.rows.push_back(std::move(slots));
      table_begin_ = header_begin;
    }
    table_end_ = line_begin + trim_range(line, 0, line.size()).second;
    previous_was_row_ = false;
    return true;
  }

  void close_table() {
    if (!in_table_) return;
    Table& t = table_.table;
    if (!t.rows.empty()) {
      table_.kind = BlockKind::Table;
      table_.span = {offset(table_begin_), offset(table_end_)};
      t.span = table_.span;
      t.geometric = false;
      doc_.blocks.push_back(std::move(table_));
    }
    table_ = Block{};
    in_table_ = false;
    previous_was_row_ = false;
  }

  static std::uint32_t offset(std::size_t o) { return static_cast<std::uint32_t>(o); }

  // How many lines an HTML tag broken over lines may take.
  static constexpr std::size_t kTagLines = 8;

  // Whether s ends inside an HTML tag: a '<' and a tag name with no '>' after them.
  static bool unclosed_tag(std::string_view s) {
    const std::size_t lt = s.rfind('<');
    if (lt == npos || lt + 1 >= s.size() || s.find('>', lt) != npos) return false;
    const char c = s[lt + 1] == '/' && lt + 2 < s.size() ? s[lt + 2] : s[lt + 1];
    return is_alpha(c);
  }

  static bool starts_html_table(std::string_view t) {
    return t.size() >= 6 && (t.substr(0, 6) == "<table" || t.substr(0, 6) == "<TABLE");
  }

  // The end of the raw HTML table starting at `begin` (after its "</table>"; nested tables
  // counted), or the end of the text.
  std::size_t html_table_end(std::size_t begin) const {
    int depth = 0;
    for (std::size_t i = begin; i < src_.size(); ++i) {
      if (src_[i] != '<') continue;
      const std::string_view at = src_.substr(i, 8);
      if (at.substr(0, 6) == "<table" || at.substr(0, 6) == "<TABLE") ++depth;
      else if (at == "</table>" || at == "</TABLE>") {
        if (--depth == 0) return i + 8;
      }
    }
    return src_.size();
  }

  void html_tables(std::size_t begin, std::size_t end) {
    Document html = read_html(std::string(src_.substr(begin, end - begin)));
    auto shift = [begin](SourceSpan& s) {
      s.begin += static_cast<std::uint32_t>(begin);
      s.end += static_cast<std::uint32_t>(begin);
    };
    for (Block& block : html.blocks) {
      if (block.kind != BlockKind::Table) continue;
      shift(block.span);
      shift(block.table.span);
      for (Cell& c : block.table.cells) {
        shift(c.span);
        c.text = doc_.keep(std::string(c.text), c.span);  // the inner document's strings go with it
      }
      doc_.blocks.push_back(std::move(block));
    }
  }

  Document& doc_;
  std::string_view src_;
  Block table_;
  bool in_table_ = false;
  bool previous_was_row_ = false;
  std::size_t table_begin_ = 0;
  std::size_t table_end_ = 0;
  std::size_t last_row_begin_ = 0;      // trimmed start of the last row's line
  std::size_t end_before_last_row_ = 0;  // the table's end before its last row was read
};

}  // namespace

bool looks_like_markdown(std::string_view text, bool raw_html_tables) {
  text = text.substr(0, kSniffBytes);
  // Most text holds none of the characters markdown tables are drawn with: one pass for each.
  if (text.find('|') == npos && text.find('+') == npos && text.find("- -") == npos &&
      !(raw_html_tables && (text.find("<table") != npos || text.find("<TABLE") != npos)))
    return false;
  bool previous_row = false;
  int dash_lines = 0;
  const char* base = text.data();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* nl = std::memchr(base + pos, '\n', text.size() - pos);
    const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : text.size();
    const std::string_view line = text.substr(pos, end - pos);
    // a raw HTML table among text lines: what converters keep of tables with merged cells
    if (raw_html_tables && line.size() >= 6 && (line.substr(0, 6) == "<table" || line.substr(0, 6) == "<TABLE"))
      return true;
    // pandoc's grid and column tables
    if (!grid_border(line).empty()) return true;
    if (line.find("- -") != npos && dash_groups(line).size() >= 2 && ++dash_lines >= 2) return true;
    // Cheap test first: only lines holding a pipe can take part.
    if (std::memchr(line.data(), '|', line.size()) == nullptr) {
      previous_row = false;
    } else if (is_rule(line)) {
      if (previous_row) return true;
      previous_row = false;
    } else {
      previous_row = true;
    }
    if (!nl) break;
    pos = end + 1;
  }
  return false;
}

namespace {

// What a pipe-table cell holds once cut into tokens: nothing, only values (numbers and the
// marks of missing values: "/", "—", "无"), or some label text.
enum class PipeCell : std::uint8_t { Empty, Value, Label };

// Where the values of each row of one pipe table begin, so that an empty cell among them is
// kept as a blank value and an empty cell beside a label (the rest of a merged label cell) is
// not. A row's values are the cells after the last label before its first value; where empty
// cells lie between that label and the first value, the table's other rows tell how many
// value cells a row has, and the empties that do not fit are the label's. Where two or more
// rows have values and all are as wide (the converter kept the columns), the values start at
// the first column that holds one in any row; else the count is the most common among rows
// whose first value follows their label directly. Without either, the empties before the
// first value are the label's, unless the row also ends with an empty cell: then no empty
// cell of the row is read (-2), since the matcher's dropping of blanks past a row's last
// column could shift its values. In a row without a label every cell is a value cell. -1
// for a row without values.
std::vector<std::ptrdiff_t> value_starts(const std::vector<std::vector<PipeCell>>& kinds) {
  struct Shape {
    std::ptrdiff_t first = -1, after_label = 0, width = 0;
  };
  std::vector<Shape> shapes(kinds.size());
  std::vector<std::ptrdiff_t> exact;
  std::ptrdiff_t width = -1, first = -1;  // of every row with values, if all are as wide (else -2)
  std::size_t rows = 0;                   // with values
  for (std::size_t r = 0; r < kinds.size(); ++r) {
    const auto& k = kinds[r];
    Shape& s = shapes[r];
    s.width = static_cast<std::ptrdiff_t>(k.size());
    for (std::ptrdiff_t i = 0; i < s.width; ++i) {
      if (k[static_cast<std::size_t>(i)] == PipeCell::Value) {
        s.first = i;
        break;
      }
      if (k[static_cast<std::size_t>(i)] == PipeCell::Label) s.after_label = i + 1;
    }
    if (s.first < 0) continue;
    if (s.first == s.after_label) exact.push_back(s.width - s.first);
    width = width == -1 || width == s.width ? s.width : -2;
    first = first < 0 ? s.first : std::min(first, s.first);
    ++rows;
  }
  std::ptrdiff_t values = -1;  // unknown
  if (width >= 0 && rows >= 2) {
    values = width - first;
  } else if (!exact.empty()) {
    std::sort(exact.begin(), exact.end());
    std::size_t best = 0;
    for (std::size_t i = 0, run = 0; i < exact.size(); ++i) {
      run = i > 0 && exact[i] == exact[i - 1] ? run + 1 : 1;
      if (run > best) {
        best = run;
        values = exact[i];
      }
    }
  }
  std::vector<std::ptrdiff_t> out(kinds.size(), -1);
  for (std::size_t r = 0; r < kinds.size(); ++r) {
    const Shape& s = shapes[r];
    if (s.first < 0) continue;
    if (s.after_label == 0) {
      out[r] = 0;
    } else if (values >= 0) {
      out[r] = std::min(s.first, std::max(s.width - values, s.after_label));
    } else if (s.first == s.after_label || kinds[r].back() != PipeCell::Empty) {
      out[r] = s.first;
    } else {
      out[r] = -2;  // empties before the first value and at the end: no empty cell is read
    }
  }
  return out;
}

// Converters cut the report's tables into pieces, move rows out of them and leave values as
// loose lines: in sections 二 to 四 the pieces and the lines between them are read as one
// stream of labels and values, cell by cell. A pipe row keeps its cell borders, so an empty
// cell among a row's values stays in the stream as a blank value in its place (the matcher
// drops blanks past a row's last column, the border of a ragged row); a label repeated from
// the cell above (a merged cell a converter wrote into every row it spans) is read once.
void stream_report_tables(Document& doc) {
  std::vector<Block> out;
  out.reserve(doc.blocks.size());
  Block stream;
  int section = -1;
  std::vector<detail::TokenSpan> tokens;
  auto close = [&] {
    if (stream.table.rows.empty()) return;
    stream.kind = BlockKind::Table;
    stream.table.stream = true;
    stream.span = {stream.table.cells.front().span.begin, stream.table.cells.back().span.end};
    stream.table.span = stream.span;
    out.push_back(std::move(stream));
    stream = Block{};
  };
  auto push = [&](std::string_view text, std::size_t begin, std::size_t end, bool same_row) {
    Table& t = stream.table;
    if (!same_row || t.rows.empty()) t.rows.emplace_back();
    Cell c;
    c.text = text;  // of the source or of the text the document keeps
    c.span = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
    t.rows.back().push_back(static_cast<std::int32_t>(t.cells.size()));
    t.cells.push_back(std::move(c));
  };
  // The tokens of a paragraph or cell: of its source where that is its text, else of its text
  // (inline syntax and HTML tags stripped: "<span style=…>12</span>", "**12**"), each placed at
  // its first place in the source after the one before (the whole source if not found).
  auto add_row = [&](std::string_view text, SourceSpan span, bool same_row = false) {
    const std::string_view source = std::string_view(doc.text).substr(span.begin, span.end - span.begin);
    tokens.clear();
    if (source == text) {
      detail::tokenize_line(doc.text, span.begin, span.end, tokens);
      for (const auto& tk : tokens) {
        push(std::string_view(doc.text).substr(tk.begin, tk.end - tk.begin), tk.begin, tk.end, same_row);
        same_row = true;
      }
      return !tokens.empty();
    }
    detail::tokenize_line(text, 0, text.size(), tokens);
    std::size_t from = 0;
    for (const auto& tk : tokens) {
      const std::string_view piece = text.substr(tk.begin, tk.end - tk.begin);
      const std::size_t at = source.find(piece, from);
      if (at == npos) {
        push(piece, span.begin, span.end, same_row);
      } else {
        push(piece, span.begin + at, span.begin + at + piece.size(), same_row);
        from = at + piece.size();
      }
      same_row = true;
    }
    return !tokens.empty();
  };
  auto kind_of = [&](const Cell& c) {
    tokens.clear();
    detail::tokenize_line(c.text, 0, c.text.size(), tokens);
    if (tokens.empty()) return PipeCell::Empty;
    for (const auto& tk : tokens)
      if (read_value(std::string_view(c.text).substr(tk.begin, tk.end - tk.begin)).state == CellState::Text)
        return PipeCell::Label;
    return PipeCell::Value;
  };
  auto only_labels = [&](std::string_view text) {
    tokens.clear();
    detail::tokenize_line(text, 0, text.size(), tokens);
    for (const auto& tk : tokens)
      if (read_value(text.substr(tk.begin, tk.end - tk.begin)).state != CellState::Text) return false;
    return true;
  };
  auto add_table = [&](const Table& t) {
    std::vector<std::vector<PipeCell>> kinds(t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      for (std::int32_t i : t.rows[r]) kinds[r].push_back(i < 0 ? PipeCell::Empty : kind_of(t.cells[static_cast<std::size_t>(i)]));
    const std::vector<std::ptrdiff_t> starts = value_starts(kinds);
    // one stream row per table row: its cells stay on one line
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const auto& row = t.rows[r];
      const bool same_width = r > 0 && t.rows[r - 1].size() == row.size();
      bool first = true;
      for (std::size_t j = 0; j < row.size(); ++j) {
        if (row[j] < 0) continue;
        const Cell& c = t.cells[static_cast<std::size_t>(row[j])];
        if (kinds[r][j] == PipeCell::Empty) {
          if (starts[r] >= 0 && static_cast<std::ptrdiff_t>(j) >= starts[r]) {
            push({}, c.span.begin, c.span.begin, !first);  // a blank value
            first = false;
          }
          continue;
        }
        if (kinds[r][j] == PipeCell::Label && same_width && kinds[r - 1][j] == PipeCell::Label) {
          const Cell* above = t.at(r - 1, j);
          if (above && above->text == c.text) continue;  // a merged label, repeated
        }
        if (kinds[r][j] == PipeCell::Label && only_labels(c.text)) {
          push(c.text, c.span.begin, c.span.end, !first);  // one label, spaces and all ("商业 企业")
          first = false;
        } else if (add_row(c.text, c.span, !first)) {
          first = false;
        }
      }
    }
  };
  for (Block& b : doc.blocks) {
    if (b.kind == BlockKind::Paragraph) {
      const int h = detail::section_heading(b.text, section);
      if (h >= 0) {
        close();
        section = h;
        out.push_back(std::move(b));
        continue;
      }
    }
    if (section < 1 || section > 3 || (b.kind == BlockKind::Table && b.table.geometric)) {
      // a raw HTML table keeps its columns: it is read as a grid, not as a stream
      if (b.kind == BlockKind::Table && b.table.geometric) close();
      out.push_back(std::move(b));
      continue;
    }
    if (b.kind == BlockKind::Paragraph) {
      if (detail::is_prose(b.text)) {  // narrative stays narrative
        close();
        out.push_back(std::move(b));
      } else {
        add_row(b.text, b.span);
      }
    } else {
      add_table(b.table);
    }
  }
  close();
  doc.blocks = std::move(out);
}

}  // namespace

Document read_markdown(std::string text) {
  Document doc;
  doc.format = SourceFormat::Markdown;
  doc.text = doc.keep(std::move(text));
  Reader(doc).run();
  stream_report_tables(doc);
  return doc;
}

}  // namespace gongkai
