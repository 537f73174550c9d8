// Text as every stage reads it: UTF-8 code points, label normalisation, and reading cell values.
// Decoding bytes to UTF-8 (once, at the edge) is read/decode.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gongkai {

enum class Encoding : std::uint8_t { Utf8, Gb18030, Big5 };

const char* encoding_name(Encoding e);

bool is_valid_utf8(std::string_view s);

// Decodes one UTF-8 code point at s[i], advancing i. Invalid bytes decode as U+FFFD.
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  std::size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07u;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + n >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += n + 1;
  return cp;
}
// Writes cp as UTF-8 to out (room for 4 bytes); returns the number of bytes written.
inline std::size_t encode_utf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}
void append_utf8(std::string& out, char32_t cp);

// Number of code points in s (s must be UTF-8).
std::size_t count_code_points(std::string_view s);

// A label as the matcher compares it: full-width ASCII to half-width, every kind of white
// space removed (ASCII, U+3000, NBSP, line breaks), brackets and quotes unified to one form
// (（ ） 【 】 〔 〕 -> ( ), “ ” ‘ ’ -> "), the enumeration comma and full stops unified, and
// a few traditional characters met in labels mapped to simplified ones.
std::string normalize_label(std::string_view s);

// What a table cell holds, as read. Everything but Value is missing: the number is NaN and
// the raw text is kept by the report. Absent is a cell the report does not have at all.
enum class CellState : std::uint8_t {
  Value = 0,   // a number
  Blank = 1,   // empty or white space only
  Slash = 2,   // "/" or "／" or "\"
  Dash = 3,    // "-", "—", "–", "－", "——", "一" used as a dash
  Nil = 4,     // "无"
  Text = 5,    // text where a number belongs: unreadable
  Absent = 6,  // the report has no such cell (row or table not found)
};

const char* cell_state_name(CellState s);

struct CellValue {
  CellState state = CellState::Blank;
  double value = 0.0;        // meaningful only when state == Value
  bool is_integer = false;   // printed without a decimal point
  bool has_unit = false;     // a unit followed the number ("3件", "251000元")
  bool yuan = false;         // the unit was 元 (not 万元)
};

// Reads a cell's text: integers and decimals in ASCII or full-width digits, with thousands
// separators, a sign, an optional unit (件 条 个 项 次 元 万元) and an optional trailing
// parenthesised remark ("22（其中修订16件）"). Anything else is Text.
CellValue read_value(std::string_view raw);

// True when the cell text, normalised, reads as a value or a missing-value marker rather
// than as a label.
bool looks_like_value(std::string_view raw);

}  // namespace gongkai
