// HTML adapter: a one-pass tokenizer and a small tree builder that keeps only what the
// matcher reads (paragraphs and table grids). Nothing here allocates per byte; text runs are
// found with memchr and appended in slices.
//
// Decisions worth knowing:
// - Blocks are in the order of their start positions: a table's block is reserved when its
//   <table> start tag is read, so an outer table comes before the tables nested in its cells,
//   and a paragraph before a table comes before it.
// - Text inside a table but outside any cell (stray text between <tr> and <td>, a <caption>) is
//   "foster-parented" as browsers do: it goes to the enclosing context (the cell holding the
//   table, or a top-level paragraph emitted after the table's block).
// - Cell.rowspan / Cell.colspan are effective values: clamped (colspan 1..1000, rowspan
//   0..65534) and, for rowspan, shrunk to the rows that exist in the cell's row group
//   (rowspan=0 covers the rest of the group).
// - Cell.span covers the cell's text (first to last text byte); an empty cell's span is its
//   content range, after the start tag to before the end tag.
// - The grid has a slot budget (4M + input size, per document) so hostile spans cannot blow
//   up memory; real reports use a few hundred slots.

#include "gongkai/read/html.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gongkai/error.hpp"

namespace gongkai {
namespace {

constexpr std::size_t npos = std::string_view::npos;

inline bool is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `lower` must be lower case.
bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != lower[i]) return false;
  }
  return true;
}

std::string_view trim_ws(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_ws(s[b])) ++b;
  while (e > b && is_ws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Text bytes that interrupt a plain run: ASCII white space and '&'.
constexpr std::array<bool, 256> make_special() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(' ')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\t')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('\f')] = true;
  t[static_cast<unsigned char>('&')] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = make_special();

// ---------------------------------------------------------------------------------------------
// Entities

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

constexpr NamedEntity kEntities[] = {
    {"AMP", 0x26},      {"COPY", 0xA9},    {"GT", 0x3E},       {"LT", 0x3C},
    {"QUOT", 0x22},     {"REG", 0xAE},     {"TRADE", 0x2122},  {"Prime", 0x2033},
    {"Dagger", 0x2021}, {"Delta", 0x394},  {"Omega", 0x3A9},   {"Sigma", 0x3A3},
    {"Auml", 0xC4},     {"Ouml", 0xD6},    {"Uuml", 0xDC},     {"ZeroWidthSpace", 0x200B},
    {"NewLine", 0x0A},  {"Tab", 0x09},     {"aacute", 0xE1},   {"acute", 0xB4},
    {"agrave", 0xE0},   {"alpha", 0x3B1},  {"amp", 0x26},      {"apos", 0x27},
    {"ast", 0x2A},      {"asymp", 0x2248}, {"auml", 0xE4},     {"bdquo", 0x201E},
    {"beta", 0x3B2},    {"bigstar", 0x2605}, {"brvbar", 0xA6}, {"bsol", 0x5C},
    {"bull", 0x2022},   {"bullet", 0x2022}, {"ccedil", 0xE7},  {"cedil", 0xB8},
    {"cent", 0xA2},     {"centerdot", 0xB7}, {"check", 0x2713}, {"circ", 0x2C6},
    {"colon", 0x3A},    {"comma", 0x2C},   {"commat", 0x40},   {"copy", 0xA9},
    {"cross", 0x2717},  {"curren", 0xA4},  {"dagger", 0x2020}, {"darr", 0x2193},
    {"dash", 0x2010},   {"deg", 0xB0},     {"delta", 0x3B4},   {"divide", 0xF7},
    {"dollar", 0x24},   {"eacute", 0xE9},  {"egrave", 0xE8},   {"emsp", 0x2003},
    {"emsp13", 0x2004}, {"emsp14", 0x2005}, {"ensp", 0x2002},  {"epsilon", 0x3B5},
    {"equals", 0x3D},   {"equiv", 0x2261}, {"euro", 0x20AC},   {"excl", 0x21},
    {"frac12", 0xBD},   {"frac14", 0xBC},  {"frac34", 0xBE},   {"gamma", 0x3B3},
    {"ge", 0x2265},     {"grave", 0x60},   {"gt", 0x3E},       {"hairsp", 0x200A},
    {"half", 0xBD},     {"harr", 0x2194},  {"hellip", 0x2026}, {"horbar", 0x2015},
    {"hyphen", 0x2010}, {"iexcl", 0xA1},   {"infin", 0x221E},  {"iquest", 0xBF},
    {"lArr", 0x21D0},   {"lambda", 0x3BB}, {"laquo", 0xAB},    {"larr", 0x2190},
    {"lcub", 0x7B},     {"ldquo", 0x201C}, {"le", 0x2264},     {"lowast", 0x2217},
    {"lowbar", 0x5F},   {"loz", 0x25CA},   {"lpar", 0x28},     {"lrm", 0x200E},
    {"lsaquo", 0x2039}, {"lsqb", 0x5B},    {"lsquo", 0x2018},  {"lt", 0x3C},
    {"macr", 0xAF},     {"mdash", 0x2014}, {"micro", 0xB5},    {"middot", 0xB7},
    {"minus", 0x2212},  {"mldr", 0x2026},  {"mu", 0x3BC},      {"nbsp", 0xA0},
    {"ndash", 0x2013},  {"ne", 0x2260},    {"not", 0xAC},      {"ntilde", 0xF1},
    {"num", 0x23},      {"numsp", 0x2007}, {"oline", 0x203E},  {"omega", 0x3C9},
    {"ordf", 0xAA},     {"ordm", 0xBA},    {"ouml", 0xF6},     {"para", 0xB6},
    {"percnt", 0x25},   {"period", 0x2E},  {"permil", 0x2030}, {"pi", 0x3C0},
    {"plus", 0x2B},     {"plusmn", 0xB1},  {"pm", 0xB1},       {"pound", 0xA3},
    {"prime", 0x2032},  {"prod", 0x220F},  {"puncsp", 0x2008}, {"quest", 0x3F},
    {"quot", 0x22},     {"rArr", 0x21D2},  {"radic", 0x221A},  {"raquo", 0xBB},
    {"rarr", 0x2192},   {"rcub", 0x7D},    {"rdquo", 0x201D},  {"reg", 0xAE},
    {"rlm", 0x200F},    {"rpar", 0x29},    {"rsaquo", 0x203A}, {"rsqb", 0x5D},
    {"rsquo", 0x2019},  {"sbquo", 0x201A}, {"sect", 0xA7},     {"semi", 0x3B},
    {"shy", 0xAD},      {"sigma", 0x3C3},  {"sim", 0x223C},    {"sol", 0x2F},
    {"squ", 0x25A1},    {"square", 0x25A1}, {"star", 0x2606},  {"starf", 0x2605},
    {"sum", 0x2211},    {"sup1", 0xB9},    {"sup2", 0xB2},     {"sup3", 0xB3},
    {"szlig", 0xDF},    {"theta", 0x3B8},  {"thinsp", 0x2009}, {"tilde", 0x2DC},
    {"times", 0xD7},    {"trade", 0x2122}, {"uarr", 0x2191},   {"uml", 0xA8},
    {"uuml", 0xFC},     {"verbar", 0x7C},  {"vert", 0x7C},     {"yen", 0xA5},
    {"zwj", 0x200D},    {"zwnj", 0x200C},
};

// Names browsers also accept without the ';' (a subset of the legacy list).
constexpr NamedEntity kLegacyEntities[] = {
    {"nbsp", 0xA0}, {"amp", 0x26}, {"quot", 0x22}, {"copy", 0xA9}, {"QUOT", 0x22},
    {"COPY", 0xA9}, {"AMP", 0x26}, {"reg", 0xAE},  {"REG", 0xAE},  {"lt", 0x3C},
    {"gt", 0x3E},   {"LT", 0x3C},  {"GT", 0x3E},
};

const std::vector<NamedEntity>& entity_table() {
  static const std::vector<NamedEntity> table = [] {
    std::vector<NamedEntity> t(std::begin(kEntities), std::end(kEntities));
    std::sort(t.begin(), t.end(),
              [](const NamedEntity& a, const NamedEntity& b) { return a.name < b.name; });
    return t;
  }();
  return table;
}

bool lookup_entity(std::string_view name, char32_t& cp) {
  if (name == "nbsp") {  // by far the most common
    cp = 0xA0;
    return true;
  }
  const auto& t = entity_table();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it == t.end() || it->name != name) return false;
  cp = it->cp;
  return true;
}

bool lookup_legacy(std::string_view name, char32_t& cp) {
  for (const auto& e : kLegacyEntities) {
    if (e.name == name) {
      cp = e.cp;
      return true;
    }
  }
  return false;
}

// Numeric references name Windows-1252 characters in 0x80-0x9F, as browsers read them.
constexpr char32_t kCp1252[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178,
};

int digit_value(char c, bool hex) {
  if (is_digit(c)) return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the character reference starting at d[i] == '&' and ending before e. Returns the
// position after it, or 0 when it is not a reference we decode (it then stays as written).
std::size_t decode_entity(const char* d, std::size_t i, std::size_t e, bool in_attr,
                          char32_t& cp) {
  std::size_t j = i + 1;
  if (j >= e) return 0;
  if (d[j] == '#') {
    ++j;
    bool hex = false;
    if (j < e && (d[j] == 'x' || d[j] == 'X')) {
      hex = true;
      ++j;
    }
    const std::size_t digits = j;
    std::uint32_t v = 0;
    bool too_big = false;
    for (; j < e; ++j) {
      const int dv = digit_value(d[j], hex);
      if (dv < 0) break;
      if (!too_big) {
        v = v * (hex ? 16u : 10u) + static_cast<std::uint32_t>(dv);
        if (v > 0x10FFFF) too_big = true;
      }
    }
    if (j == digits) return 0;
    if (j < e && d[j] == ';') ++j;
    if (too_big || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) {
      cp = 0xFFFD;
    } else if (v >= 0x80 && v <= 0x9F) {
      cp = kCp1252[v - 0x80];
    } else {
      cp = static_cast<char32_t>(v);
    }
    return j;
  }
  const std::size_t nb = j;
  while (j < e && j - nb < 32 && is_alnum(d[j])) ++j;
  if (j == nb) return 0;
  const std::string_view name(d + nb, j - nb);
  if (j < e && d[j] == ';') return lookup_entity(name, cp) ? j + 1 : 0;
  if (in_attr) {
    // "&copy=2" in a URL is not a reference.
    if (j < e && (d[j] == '=' || is_alnum(d[j]))) return 0;
    return lookup_legacy(name, cp) ? j : 0;
  }
  for (std::size_t len = std::min<std::size_t>(name.size(), 4); len >= 2; --len) {
    if (lookup_legacy(name.substr(0, len), cp)) return nb + len;
  }
  return 0;
}

// Entity-decodes an attribute value (no white space handling).
std::string decode_attr(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  const char* d = v.data();
  std::size_t i = 0;
  while (i < v.size()) {
    if (d[i] == '&') {
      char32_t cp = 0;
      const std::size_t j = decode_entity(d, i, v.size(), true, cp);
      if (j != 0) {
        char buf[4];
        out.append(buf, encode_utf8(cp, buf));
        i = j;
        continue;
      }
    }
    const void* amp = std::memchr(d + i + 1, '&', v.size() - i - 1);
    const std::size_t next = amp ? static_cast<std::size_t>(static_cast<const char*>(amp) - d)
                                 : v.size();
    out.append(d + i, next - i);
    i = next;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tags

enum class Tag : std::uint8_t {
  Other,  // inline or unknown (including namespaced Word tags like o:p): ignored
  Block,  // ends the current paragraph / cell part
  Br,
  Table,
  Tr,
  Td,
  Th,
  Thead,
  Tbody,
  Tfoot,
  Head,
  Body,
  HeadOnly,  // link, base: no content, and they keep us in the head
  Title,
  Meta,
  Raw,  // content skipped up to the matching end tag
};

struct TagName {
  std::string_view name;
  Tag tag;
};

constexpr TagName kTags[] = {
    {"address", Tag::Block},   {"article", Tag::Block},  {"aside", Tag::Block},
    {"base", Tag::HeadOnly},   {"basefont", Tag::HeadOnly}, {"bgsound", Tag::HeadOnly},
    {"blockquote", Tag::Block}, {"body", Tag::Body},     {"br", Tag::Br},
    {"caption", Tag::Block},   {"center", Tag::Block},   {"col", Tag::Block},
    {"colgroup", Tag::Block},  {"dd", Tag::Block},       {"details", Tag::Block},
    {"dialog", Tag::Block},    {"dir", Tag::Block},      {"div", Tag::Block},
    {"dl", Tag::Block},        {"dt", Tag::Block},       {"fieldset", Tag::Block},
    {"figcaption", Tag::Block}, {"figure", Tag::Block},  {"footer", Tag::Block},
    {"form", Tag::Block},      {"h1", Tag::Block},       {"h2", Tag::Block},
    {"h3", Tag::Block},        {"h4", Tag::Block},       {"h5", Tag::Block},
    {"h6", Tag::Block},        {"head", Tag::Head},      {"header", Tag::Block},
    {"hgroup", Tag::Block},    {"hr", Tag::Block},       {"html", Tag::Block},
    {"iframe", Tag::Raw},      {"legend", Tag::Block},   {"li", Tag::Block},
    {"link", Tag::HeadOnly},   {"listing", Tag::Block},  {"main", Tag::Block},
    {"math", Tag::Raw},
    {"menu", Tag::Block},      {"meta", Tag::Meta},      {"nav", Tag::Block},
    {"noembed", Tag::Raw},     {"noframes", Tag::Raw},   {"noscript", Tag::Raw},
    {"ol", Tag::Block},        {"optgroup", Tag::Block}, {"option", Tag::Block},
    {"p", Tag::Block},         {"pre", Tag::Block},      {"script", Tag::Raw},
    {"section", Tag::Block},   {"select", Tag::Block},   {"style", Tag::Raw},
    {"summary", Tag::Block},   {"svg", Tag::Raw},        {"table", Tag::Table},
    {"tbody", Tag::Tbody},     {"td", Tag::Td},          {"template", Tag::Raw},
    {"textarea", Tag::Raw},    {"tfoot", Tag::Tfoot},    {"th", Tag::Th},
    {"thead", Tag::Thead},     {"title", Tag::Title},    {"tr", Tag::Tr},
    {"ul", Tag::Block},        {"xml", Tag::Raw},        {"xmp", Tag::Raw},
};

// Tag names bucketed by length and first letter: a lookup compares one or two names.
using TagBuckets = std::array<std::array<std::vector<TagName>, 26>, 11>;
const TagBuckets& tag_buckets() {
  static const TagBuckets buckets = [] {
    TagBuckets b;
    for (const TagName& t : kTags) b[t.name.size()][static_cast<std::size_t>(t.name[0] - 'a')].push_back(t);
    return b;
  }();
  return buckets;
}

Tag classify(std::string_view lname) {
  if (lname.size() >= 11 || lname[0] < 'a' || lname[0] > 'z') return Tag::Other;
  for (const TagName& t : tag_buckets()[lname.size()][static_cast<std::size_t>(lname[0] - 'a')])
    if (t.name == lname) return t.tag;
  return Tag::Other;
}

struct Attr {
  std::size_t name_b, name_e, val_b, val_e;
};

// Reads the attributes of a tag from `pos` (just after its name) to its closing '>', the way
// the HTML tokenizer does (quotes matter only at the start of a value). Returns the position
// after the '>', or npos when the input ends inside the tag.
std::size_t scan_attrs(std::string_view s, std::size_t pos, std::vector<Attr>* out) {
  const char* d = s.data();
  const std::size_t n = s.size();
  for (;;) {
    while (pos < n && (is_ws(d[pos]) || d[pos] == '/')) ++pos;
    if (pos >= n) return npos;
    if (d[pos] == '>') return pos + 1;
    const std::size_t nb = pos++;
    while (pos < n && !is_ws(d[pos]) && d[pos] != '/' && d[pos] != '>' && d[pos] != '=') ++pos;
    const std::size_t ne = pos;
    while (pos < n && is_ws(d[pos])) ++pos;
    std::size_t vb = pos, ve = pos;
    if (pos < n && d[pos] == '=') {
      ++pos;
      while (pos < n && is_ws(d[pos])) ++pos;
      if (pos >= n) return npos;
      const char q = d[pos];
      if (q == '"' || q == '\'') {
        const void* f = std::memchr(d + pos + 1, q, n - pos - 1);
        if (!f) return npos;
        vb = pos + 1;
        ve = static_cast<std::size_t>(static_cast<const char*>(f) - d);
        pos = ve + 1;
      } else {
        vb = pos;
        while (pos < n && !is_ws(d[pos]) && d[pos] != '>') ++pos;
        ve = pos;
      }
    }
    if (out) out->push_back(Attr{nb, ne, vb, ve});
  }
}

// Where a tag name ends: white space, '/', '>' or the end of input.
std::size_t scan_name(std::string_view s, std::size_t pos) {
  const char* d = s.data();
  while (pos < s.size() && !is_ws(d[pos]) && d[pos] != '/' && d[pos] != '>') ++pos;
  return pos;
}

// Lower-cases a tag name into buf; names too long for any tag we know come out empty.
std::string_view lower_name(std::string_view name, char (&buf)[16]) {
  if (name.size() >= sizeof buf) return {};
  for (std::size_t k = 0; k < name.size(); ++k) buf[k] = to_lower(name[k]);
  return std::string_view(buf, name.size());
}

// Position of the '<' of the end tag </lname ...> at or after pos, or npos.
std::size_t find_end_tag(std::string_view s, std::size_t pos, std::string_view lname) {
  const char* d = s.data();
  const std::size_t n = s.size();
  const std::size_t len = lname.size();
  while (pos < n) {
    const void* f = std::memchr(d + pos, '<', n - pos);
    if (!f) return npos;
    const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(f) - d);
    if (p + 2 + len <= n && d[p + 1] == '/' && iequals(std::string_view(d + p + 2, len), lname) &&
        (p + 2 + len == n || is_ws(d[p + 2 + len]) || d[p + 2 + len] == '/' ||
         d[p + 2 + len] == '>')) {
      return p;
    }
    pos = p + 1;
  }
  return npos;
}

// Position after the '>' closing a comment that starts at p ("<!--"), or n.
std::size_t skip_comment(std::string_view s, std::size_t p) {
  const char* d = s.data();
  const std::size_t n = s.size();
  std::size_t q = p + 4;
  if (q < n && d[q] == '>') return q + 1;                             // <!-->
  if (q + 1 < n && d[q] == '-' && d[q + 1] == '>') return q + 2;      // <!--->
  while (q < n) {
    const void* f = std::memchr(d + q, '>', n - q);
    if (!f) return n;
    const std::size_t r = static_cast<std::size_t>(static_cast<const char*>(f) - d);
    if (r >= p + 6 && d[r - 1] == '-' && d[r - 2] == '-') return r + 1;
    if (r >= p + 7 && d[r - 1] == '!' && d[r - 2] == '-' && d[r - 3] == '-') return r + 1;
    q = r + 1;
  }
  return n;
}

std::size_t skip_to_gt(std::string_view s, std::size_t p) {
  const void* f = std::memchr(s.data() + p, '>', s.size() - p);
  return f ? static_cast<std::size_t>(static_cast<const char*>(f) - s.data()) + 1 : s.size();
}

// HTML's "rules for parsing non-negative integers": leading white space, digits, stop at the
// first non-digit ("3px" is 3). Returns -1 when there are no digits; saturates.
std::int64_t parse_span_value(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && is_ws(v[i])) ++i;
  if (i < v.size() && v[i] == '+') ++i;
  if (i >= v.size() || !is_digit(v[i])) return -1;
  std::int64_t x = 0;
  for (; i < v.size() && is_digit(v[i]); ++i) {
    x = x * 10 + (v[i] - '0');
    if (x > 100000000) x = 100000000;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Tree building

constexpr std::int32_t kMaxColspan = 1000;
constexpr std::int32_t kMaxRowspan = 65534;
constexpr std::size_t kMaxTableDepth = 64;

// Inline text being gathered: ASCII white space runs collapse to one space, leading and
// trailing white space is dropped.
struct Accum {
  std::string buf;
  std::uint32_t first = 0;  // source offset of the first text byte
  std::uint32_t last = 0;   // source offset after the last text byte
  bool pending_space = false;

  void space() {
    if (!buf.empty()) pending_space = true;
  }
  void add(const char* p, std::size_t len, std::size_t src_b, std::size_t src_e) {
    if (buf.empty()) {
      first = static_cast<std::uint32_t>(src_b);
    } else if (pending_space) {
      buf.push_back(' ');
    }
    pending_space = false;
    buf.append(p, len);
    last = static_cast<std::uint32_t>(src_e);
  }
  void reset() {
    buf.clear();
    pending_space = false;
  }
};

// A cell spanning down into rows not read yet.
struct DownSpan {
  std::size_t x;
  std::size_t colspan;
  std::int32_t remaining;  // rows still to cover; -1 = to the end of the row group
  std::int32_t cell;
};

struct TableBuild {
  std::size_t block = 0;  // index of the table's block in Document::blocks
  Table table;
  std::vector<DownSpan> spans;
  bool row_open = false;
  bool in_cell = false;
  std::size_t x = 0;        // next slot to try in the current row
  std::int32_t cell = -1;   // the open cell
  std::uint32_t content_begin = 0;
  std::uint32_t text_first = 0;
  std::uint32_t text_last = 0;
  std::string cell_text;    // finished parts of the open cell, joined by '\n'
  Accum acc;                // the part being read
};

class HtmlReader {
 public:
  explicit HtmlReader(Document& doc)
      : doc_(doc), s_(doc.text), n_(doc.text.size()), budget_((std::size_t{1} << 22) + n_) {}

  void run() {
    const char* d = s_.data();
    std::size_t i = 0;
    Deadline::Ticker tick;
    while (i < n_) {
      const void* f = std::memchr(d + i, '<', n_ - i);
      const std::size_t p = f ? static_cast<std::size_t>(static_cast<const char*>(f) - d) : n_;
      if (p > i) text(i, p);
      if (p >= n_) break;
      i = markup(p);
      tick();
    }
    while (!stack_.empty()) close_table(n_, n_);
    flush_paragraph();
    while (!regions_.empty()) close_region(regions_.back().name, n_);
  }

 private:
  Document& doc_;
  std::string_view s_;
  std::size_t n_;
  std::size_t budget_;  // grid slots we may still allocate
  std::vector<TableBuild> stack_;
  std::size_t ignored_tables_ = 0;  // <table> tags ignored beyond kMaxTableDepth
  Accum top_;
  std::vector<Attr> attrs_;
  bool have_title_ = false;
  bool no_title_end_ = false;
  bool in_head_ = false;  // between <head> and </head>: text there is not content
  struct OpenRegion {
    std::string name;
    std::size_t begin;
  };
  std::vector<OpenRegion> regions_;  // open div/article/section/main elements

  static bool is_region(std::string_view lname) {
    return lname == "div" || lname == "article" || lname == "section" || lname == "main";
  }

  void close_region(std::string_view lname, std::size_t end) {
    for (std::size_t k = regions_.size(); k-- > 0;) {
      if (regions_[k].name != lname) continue;
      while (regions_.size() > k) {
        doc_.regions.push_back(SourceSpan{static_cast<std::uint32_t>(regions_.back().begin), static_cast<std::uint32_t>(end)});
        regions_.pop_back();
      }
      return;
    }
  }

  void text(std::size_t b, std::size_t e) {
    if (!in_head_) append_text(acc(), b, e);
  }

  // Handles the markup starting at the '<' at p; returns where reading continues.
  std::size_t markup(std::size_t p) {
    const char* d = s_.data();
    if (p + 1 >= n_) {
      text(p, p + 1);
      return p + 1;
    }
    const char c = d[p + 1];
    if (is_alpha(c)) return start_tag(p);
    if (c == '/') {
      if (p + 2 < n_ && is_alpha(d[p + 2])) return end_tag(p);
      if (p + 2 < n_ && d[p + 2] == '>') return p + 3;
      if (p + 2 >= n_) return n_;
      return skip_to_gt(s_, p + 2);
    }
    if (c == '!') {
      if (p + 3 < n_ && d[p + 2] == '-' && d[p + 3] == '-') return skip_comment(s_, p);
      return skip_to_gt(s_, p + 2);  // <!DOCTYPE>, <![if ...]>, <![endif]>, <![CDATA[
    }
    if (c == '?') return skip_to_gt(s_, p + 2);
    text(p, p + 1);  // a '<' that starts no tag is text
    return p + 1;
  }

  std::size_t start_tag(std::size_t p) {
    const std::size_t ne = scan_name(s_, p + 1);
    char buf[16];
    const std::string_view lname = lower_name(s_.substr(p + 1, ne - p - 1), buf);
    const Tag tag = lname.empty() ? Tag::Other : classify(lname);
    const bool want_attrs = tag == Tag::Td || tag == Tag::Th || tag == Tag::Meta;
    attrs_.clear();
    const std::size_t end = scan_attrs(s_, ne, want_attrs ? &attrs_ : nullptr);
    if (end == npos) return n_;  // the input ends inside the tag
    if (in_head_ && tag != Tag::Title && tag != Tag::Meta && tag != Tag::Raw &&
        tag != Tag::HeadOnly && tag != Tag::Head) {
      in_head_ = false;  // a body element ends an unclosed head, as in browsers
    }
    switch (tag) {
      case Tag::Raw: {
        const std::size_t close = find_end_tag(s_, end, lname);
        if (close == npos) return n_;
        const std::size_t after = scan_attrs(s_, close + 2 + lname.size(), nullptr);
        return after == npos ? n_ : after;
      }
      case Tag::Title: {
        // Once a search for </title> has failed, later ones would fail too: remembering it
        // keeps a page of unclosed <title> tags linear.
        std::size_t close = no_title_end_ ? npos : find_end_tag(s_, end, lname);
        // An unclosed title would swallow the page; stop it at the next tag instead.
        if (close == npos) {
          no_title_end_ = true;
          const void* f = std::memchr(s_.data() + end, '<', n_ - end);
          close = f ? static_cast<std::size_t>(static_cast<const char*>(f) - s_.data()) : n_;
          read_title(end, close);
          return close;
        }
        read_title(end, close);
        const std::size_t after = scan_attrs(s_, close + 2 + lname.size(), nullptr);
        return after == npos ? n_ : after;
      }
      case Tag::Meta:
        read_meta();
        break;
      case Tag::Table:
        open_table(p);
        break;
      case Tag::Tr:
        if (stack_.empty()) {
          boundary();
        } else {
          TableBuild& t = stack_.back();
          end_cell_or_flush(t, p);
          open_row(t);
        }
        break;
      case Tag::Td:
      case Tag::Th:
        if (stack_.empty()) {
          boundary();
        } else {
          TableBuild& t = stack_.back();
          end_cell_or_flush(t, p);
          if (!t.row_open) open_row(t);
          open_cell(t, end);
        }
        break;
      case Tag::Thead:
      case Tag::Tbody:
      case Tag::Tfoot:
        if (stack_.empty()) {
          boundary();
        } else {
          end_row_group(stack_.back(), p);
        }
        break;
      case Tag::Head:
        in_head_ = true;
        break;
      case Tag::Block:
      case Tag::Br:
      case Tag::Body:
        boundary();
        if (tag == Tag::Block && is_region(lname) && regions_.size() < 4096) regions_.push_back({std::string(lname), p});
        break;
      case Tag::HeadOnly:
      case Tag::Other:
        break;
    }
    return end;
  }

  std::size_t end_tag(std::size_t p) {
    const std::size_t ne = scan_name(s_, p + 2);
    char buf[16];
    const std::string_view lname = lower_name(s_.substr(p + 2, ne - p - 2), buf);
    const Tag tag = lname.empty() ? Tag::Other : classify(lname);
    const std::size_t end = scan_attrs(s_, ne, nullptr);
    if (end == npos) return n_;
    switch (tag) {
      case Tag::Table:
        if (ignored_tables_ > 0) {
          --ignored_tables_;
        } else if (!stack_.empty()) {
          close_table(p, end);
        }
        break;
      case Tag::Tr:
        if (stack_.empty()) {
          boundary();
        } else {
          TableBuild& t = stack_.back();
          end_cell_or_flush(t, p);
          t.row_open = false;
        }
        break;
      case Tag::Td:
      case Tag::Th:
        if (!stack_.empty() && stack_.back().in_cell) {
          close_cell(stack_.back(), p);
        } else {
          boundary();
        }
        break;
      case Tag::Thead:
      case Tag::Tbody:
      case Tag::Tfoot:
        if (stack_.empty()) {
          boundary();
        } else {
          end_row_group(stack_.back(), p);
        }
        break;
      case Tag::Head:
        in_head_ = false;
        break;
      case Tag::Block:
      case Tag::Br:
      case Tag::Body:
        boundary();
        if (tag == Tag::Block && is_region(lname)) close_region(lname, end);
        break;
      default:
        break;
    }
    return end;
  }

  // Where inline text goes now: the open cell of the innermost table; text inside a table
  // but outside its cells goes to the enclosing context, as browsers foster-parent it.
  Accum& acc() {
    if (stack_.empty()) return top_;
    if (stack_.back().in_cell) return stack_.back().acc;
    if (stack_.size() >= 2) return stack_[stack_.size() - 2].acc;  // always in a cell
    return top_;
  }

  // A block boundary: ends the current paragraph or cell part.
  void boundary() {
    if (stack_.empty()) return flush_paragraph();
    if (stack_.back().in_cell) return flush_part(stack_.back());
    if (stack_.size() >= 2) return flush_part(stack_[stack_.size() - 2]);
    flush_paragraph();
  }

  void flush_paragraph() {
    if (top_.buf.empty()) {
      top_.pending_space = false;
      return;
    }
    Block b;
    b.kind = BlockKind::Paragraph;
    b.span = SourceSpan{top_.first, top_.last};
    b.text = doc_.keep(std::move(top_.buf), b.span);
    doc_.blocks.push_back(std::move(b));
    top_.reset();
  }

  static void flush_part(TableBuild& t) {
    Accum& a = t.acc;
    if (a.buf.empty()) {
      a.pending_space = false;
      return;
    }
    if (t.cell_text.empty()) {
      t.text_first = a.first;
    } else {
      t.cell_text.push_back('\n');
    }
    t.cell_text += a.buf;
    t.text_last = a.last;
    a.reset();
  }

  void append_text(Accum& a, std::size_t b, std::size_t e) {
    const char* d = s_.data();
    std::size_t i = b;
    while (i < e) {
      const char c = d[i];
      if (is_ws(c)) {
        a.space();
        ++i;
        while (i < e && is_ws(d[i])) ++i;
        continue;
      }
      if (c == '&') {
        char32_t cp = 0;
        const std::size_t j = decode_entity(d, i, e, false, cp);
        if (j != 0) {
          if (cp < 0x80 && is_ws(static_cast<char>(cp))) {
            a.space();
          } else {
            char buf[4];
            a.add(buf, encode_utf8(cp, buf), i, j);
          }
          i = j;
          continue;
        }
      }
      std::size_t j = i + 1;
      while (j < e && !kSpecial[static_cast<unsigned char>(d[j])]) ++j;
      a.add(d + i, j - i, i, j);
      i = j;
    }
  }

  void read_title(std::size_t b, std::size_t e) {
    if (have_title_) return;
    have_title_ = true;
    Accum a;
    append_text(a, b, e);
    doc_.title = std::move(a.buf);
  }

  std::string_view attr_name(const Attr& a) const {
    return s_.substr(a.name_b, a.name_e - a.name_b);
  }
  std::string_view attr_value(const Attr& a) const {
    return s_.substr(a.val_b, a.val_e - a.val_b);
  }

  void read_meta() {
    const Attr* name = nullptr;
    const Attr* content = nullptr;
    for (const Attr& a : attrs_) {
      const std::string_view an = attr_name(a);
      if (!name && (iequals(an, "name") || iequals(an, "property"))) name = &a;
      if (!content && iequals(an, "content")) content = &a;
    }
    if (!name || !content) return;
    std::string key = decode_attr(trim_ws(attr_value(*name)));
    if (key.empty()) return;
    doc_.meta.emplace_back(std::move(key), decode_attr(trim_ws(attr_value(*content))));
  }

  void open_table(std::size_t p) {
    // A <table> directly inside a table (not in a cell) closes it, as in browsers.
    if (!stack_.empty() && !stack_.back().in_cell) close_table(p, p);
    if (stack_.size() >= kMaxTableDepth) {
      ++ignored_tables_;
      return;
    }
    boundary();
    TableBuild t;
    t.block = doc_.blocks.size();
    Block b;
    b.kind = BlockKind::Table;
    b.span.begin = static_cast<std::uint32_t>(p);
    doc_.blocks.push_back(std::move(b));
    stack_.push_back(std::move(t));
  }

  void close_table(std::size_t cell_end, std::size_t table_end) {
    TableBuild& t = stack_.back();
    if (t.in_cell) close_cell(t, cell_end);
    t.row_open = false;
    t.spans.clear();
    pad_grid(t.table, budget_);
    Block& b = doc_.blocks[t.block];
    b.table = std::move(t.table);
    b.table.geometric = true;
    b.span.end = static_cast<std::uint32_t>(table_end);
    b.table.span = b.span;
    stack_.pop_back();
    boundary();  // a table ends the paragraph around it
  }

  void end_cell_or_flush(TableBuild& t, std::size_t p) {
    if (t.in_cell) {
      close_cell(t, p);
    } else {
      boundary();
    }
  }

  void end_row_group(TableBuild& t, std::size_t p) {
    end_cell_or_flush(t, p);
    t.row_open = false;
    t.spans.clear();  // spans stop at the end of their row group
  }

  // Writes cell index `idx` into the slots [x, x + colspan) of `row` that are still free.
  bool fill(std::vector<std::int32_t>& row, std::size_t x, std::size_t colspan, std::int32_t idx) {
    const std::size_t need = x + colspan;
    if (need > row.size()) {
      const std::size_t grow = need - row.size();
      if (grow > budget_) return false;
      budget_ -= grow;
      row.resize(need, -1);
    }
    for (std::size_t k = x; k < need; ++k) {
      if (row[k] < 0) row[k] = idx;
    }
    return true;
  }

  void open_row(TableBuild& t) {
    t.table.rows.emplace_back();
    std::vector<std::int32_t>& row = t.table.rows.back();
    std::size_t keep = 0;
    for (std::size_t k = 0; k < t.spans.size(); ++k) {
      DownSpan sp = t.spans[k];
      // A span the budget cannot place is dropped, so every span kept costs slots.
      if (!fill(row, sp.x, sp.colspan, sp.cell)) continue;
      ++t.table.cells[static_cast<std::size_t>(sp.cell)].rowspan;
      if (sp.remaining > 0) --sp.remaining;
      if (sp.remaining != 0) t.spans[keep++] = sp;
    }
    t.spans.resize(keep);
    t.row_open = true;
    t.x = 0;
  }

  void open_cell(TableBuild& t, std::size_t content_begin) {
    std::int64_t colspan = 1, rowspan = 1;
    for (const Attr& a : attrs_) {
      const std::string_view an = attr_name(a);
      if (iequals(an, "colspan")) {
        const std::int64_t v = parse_span_value(attr_value(a));
        colspan = v <= 0 ? 1 : std::min<std::int64_t>(v, kMaxColspan);
      } else if (iequals(an, "rowspan")) {
        const std::int64_t v = parse_span_value(attr_value(a));
        rowspan = v < 0 ? 1 : std::min<std::int64_t>(v, kMaxRowspan);
      }
    }
    const auto idx = static_cast<std::int32_t>(t.table.cells.size());
    Cell c;
    c.rowspan = 1;  // grows as the cell spans into later rows
    c.colspan = static_cast<std::int32_t>(colspan);
    t.table.cells.push_back(std::move(c));

    std::vector<std::int32_t>& row = t.table.rows.back();
    std::size_t x = t.x;
    while (x < row.size() && row[x] >= 0) ++x;
    const auto cs = static_cast<std::size_t>(colspan);
    if (fill(row, x, cs, idx) && rowspan != 1) {
      t.spans.push_back(
          DownSpan{x, cs, rowspan == 0 ? -1 : static_cast<std::int32_t>(rowspan - 1), idx});
    }
    t.x = x + cs;
    t.in_cell = true;
    t.cell = idx;
    t.content_begin = static_cast<std::uint32_t>(content_begin);
    t.cell_text.clear();
    t.acc.reset();
  }

  void close_cell(TableBuild& t, std::size_t end) {
    flush_part(t);
    Cell& c = t.table.cells[static_cast<std::size_t>(t.cell)];
    if (!t.cell_text.empty()) {
      c.span = SourceSpan{t.text_first, t.text_last};
      c.text = doc_.keep(std::move(t.cell_text), c.span);
      t.cell_text.clear();
    } else {
      c.text = {};
      c.span = SourceSpan{t.content_begin,
                          std::max(t.content_begin, static_cast<std::uint32_t>(end))};
    }
    t.in_cell = false;
    t.cell = -1;
  }
};

// The charset named by a <meta> tag's attributes (charset=..., or http-equiv=Content-Type
// with content="...; charset=..."), lower-cased, or empty.
std::string meta_charset(std::string_view s, const std::vector<Attr>& attrs) {
  std::string_view charset, content;
  bool content_type = false;
  for (const Attr& a : attrs) {
    const std::string_view an = s.substr(a.name_b, a.name_e - a.name_b);
    const std::string_view av = s.substr(a.val_b, a.val_e - a.val_b);
    if (iequals(an, "charset")) {
      charset = av;
    } else if (iequals(an, "http-equiv")) {
      content_type = iequals(trim_ws(av), "content-type");
    } else if (iequals(an, "content")) {
      content = av;
    }
  }
  if (charset.empty() && content_type) {
    // "text/html; charset=gb2312", per the HTML "extract a character encoding" algorithm.
    for (std::size_t k = 0; k + 7 <= content.size(); ++k) {
      if (!iequals(content.substr(k, 7), "charset")) continue;
      std::size_t j = k + 7;
      while (j < content.size() && is_ws(content[j])) ++j;
      if (j >= content.size() || content[j] != '=') continue;
      ++j;
      while (j < content.size() && is_ws(content[j])) ++j;
      if (j >= content.size()) break;
      if (content[j] == '"' || content[j] == '\'') {
        const std::size_t close = content.find(content[j], j + 1);
        if (close != npos) charset = content.substr(j + 1, close - j - 1);
      } else {
        std::size_t e = j;
        while (e < content.size() && !is_ws(content[e]) && content[e] != ';') ++e;
        charset = content.substr(j, e - j);
      }
      break;
    }
  }
  charset = trim_ws(charset);
  std::string out;
  for (const char c : charset) {
    // Charset labels are ASCII tokens; anything else is not one.
    if (!(is_alnum(c) || c == '-' || c == '_' || c == '.' || c == ':')) return {};
    out.push_back(to_lower(c));
  }
  return out;
}

}  // namespace

std::string html_declared_charset(std::string_view bytes) {
  constexpr std::size_t kPrescan = 4096;
  // A tag starting in the prescan window may end a little after it.
  const std::string_view s = bytes.substr(0, std::min<std::size_t>(bytes.size(), 2 * kPrescan));
  const std::size_t limit = std::min(s.size(), kPrescan);
  const char* d = s.data();
  std::vector<Attr> attrs;
  std::size_t i = 0;
  while (i < limit) {
    const void* f = std::memchr(d + i, '<', limit - i);
    if (!f) break;
    const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(f) - d);
    if (p + 1 >= s.size()) break;
    const char c = d[p + 1];
    if (c == '!' && p + 3 < s.size() && d[p + 2] == '-' && d[p + 3] == '-') {
      i = skip_comment(s, p);
    } else if (is_alpha(c)) {
      const std::size_t ne = scan_name(s, p + 1);
      const bool meta = iequals(s.substr(p + 1, ne - p - 1), "meta");
      attrs.clear();
      const std::size_t end = scan_attrs(s, ne, meta ? &attrs : nullptr);
      if (end == npos) break;
      if (meta) {
        std::string cs = meta_charset(s, attrs);
        if (!cs.empty()) return cs;
      }
      i = end;
    } else if (c == '/' || c == '!' || c == '?') {
      i = skip_to_gt(s, p + 2);
    } else {
      i = p + 1;
    }
  }
  return {};
}

Document read_html(std::string text) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw ParseError("HTML input larger than 4 GiB");
  }
  Document doc;
  doc.text = doc.keep(std::move(text));
  doc.format = SourceFormat::Html;
  HtmlReader(doc).run();
  return doc;
}

}  // namespace gongkai
