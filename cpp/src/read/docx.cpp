// .docx adapter: a one-pass reader of WordprocessingML (word/document.xml) that keeps only what
// the matcher reads, paragraphs and table grids. No XML library: a tokenizer finds tags with
// memchr, classifies the few element names that matter and appends text in slices.
//
// Decisions worth knowing:
// - Element names are matched by namespace prefix: the prefixes bound to WordprocessingML
//   (transitional or strict) and to markup compatibility are read from the root element's
//   xmlns declarations ("w" and "mc" when it has none).
// - Text is the content of w:t only, so field codes (w:instrText) and deleted text
//   (w:delText) never show; w:del and w:moveFrom are skipped whole, as are the *Change
//   elements of tracked formatting (old tcPr / trPr values), runs marked w:vanish, and rows
//   whose w:trPr holds w:del (a deleted row). w:tab and w:ptab read as a space, w:br and w:cr
//   as '\n', w:noBreakHyphen as '-'; w:sym and everything else is ignored. White space inside
//   w:t (including CR, LF and TAB) reads as spaces, kept as written inside a paragraph and
//   dropped at its ends. The five XML entities and numeric references are decoded.
// - Of an mc:AlternateContent, the first mc:Choice or mc:Fallback is read and the others
//   skipped (a text box is written twice, as DrawingML and as VML).
// - A paragraph opened inside an open paragraph (a text box's w:txbxContent) is a paragraph of
//   its own; it becomes a block when it ends, before the paragraph holding it. Paragraphs of a
//   table cell (text boxes in the cell included) are joined by '\n' into the cell's text;
//   empty ones are dropped. A table's block is reserved when <w:tbl> is read, so an outer
//   table comes before the tables nested in its cells, which are blocks of their own.
// - Grids are geometric: w:gridSpan repeats a cell over that many slots, w:vMerge
//   restart/continue repeats the index of the cell above in the same grid column (a continue
//   cell with no cell above is a cell of its own), legacy w:hMerge continue extends the cell
//   to its left, w:gridBefore / w:gridAfter leave holes (-1). Rows are padded with holes to
//   the widest row. Cell.rowspan / Cell.colspan are the effective spans.
// - Offsets are byte offsets into the XML. A paragraph's or cell's span covers its text (first
//   to last text byte); an empty cell's span is its content, after <w:tc> to before </w:tc>.
// - Malformed input: an end tag closes what it names only within the innermost table (a stray
//   </w:p> is ignored, a missing </w:tc> is implied by the next <w:tc>); text outside any
//   paragraph gets a paragraph of its own; whatever is open at the end of input is closed.
//   Input that ends inside a tag ends there. Nesting beyond 64 levels is ignored, and the
//   grid has a slot budget (4M + input size) so hostile spans cannot blow up memory.

#include "gongkai/read/docx.hpp"

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
constexpr std::size_t kMaxDepth = 64;     // open paragraphs and tables
constexpr std::size_t kMaxSpan = 1000;    // gridSpan, gridBefore, gridAfter

constexpr std::string_view kWmlTransitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kWmlStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kMarkupCompat = "http://schemas.openxmlformats.org/markup-compatibility/2006";

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Bytes that interrupt a plain run of text: XML white space and '&'.
constexpr std::array<bool, 256> make_special() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(' ')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  t[static_cast<unsigned char>('\t')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('&')] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = make_special();

// Bytes that end a tag name, and bytes that matter while looking for a tag's end. Both include
// NUL, which std::string keeps after the last byte: the scans need no bounds check.
constexpr std::array<bool, 256> make_name_stop() {
  std::array<bool, 256> t{};
  for (const char c : {' ', '\n', '\t', '\r', '/', '>', '\0'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kNameStop = make_name_stop();
constexpr std::array<bool, 256> make_tag_stop() {
  std::array<bool, 256> t{};
  for (const char c : {'>', '"', '\'', '\0'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kTagStop = make_tag_stop();

// Decodes the reference starting at d[i] == '&' and ending before e: &amp; &lt; &gt; &quot;
// &apos; &#N; &#xH;. Returns the position after it, or 0 when it is none of those (it then
// stays as written). Numeric references to nothing (0, surrogates, > U+10FFFF) give U+FFFD.
std::size_t decode_entity(const char* d, std::size_t i, std::size_t e, char32_t& cp) {
  std::size_t j = i + 1;
  if (j >= e) return 0;
  if (d[j] == '#') {
    ++j;
    const bool hex = j < e && (d[j] == 'x' || d[j] == 'X');
    if (hex) ++j;
    const std::size_t digits = j;
    std::uint32_t v = 0;
    bool too_big = false;
    for (; j < e; ++j) {
      const char c = d[j];
      std::uint32_t dv;
      if (c >= '0' && c <= '9') {
        dv = static_cast<std::uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        dv = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        dv = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        break;
      }
      if (!too_big) {
        v = v * (hex ? 16u : 10u) + dv;
        if (v > 0x10FFFF) too_big = true;
      }
    }
    if (j == digits || j >= e || d[j] != ';') return 0;
    cp = (too_big || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) ? char32_t{0xFFFD} : static_cast<char32_t>(v);
    return j + 1;
  }
  std::size_t k = j;
  while (k < e && k - j < 5 && d[k] != ';') ++k;
  if (k >= e || d[k] != ';') return 0;
  const std::string_view name(d + j, k - j);
  if (name == "amp") {
    cp = '&';
  } else if (name == "lt") {
    cp = '<';
  } else if (name == "gt") {
    cp = '>';
  } else if (name == "quot") {
    cp = '"';
  } else if (name == "apos") {
    cp = '\'';
  } else {
    return 0;
  }
  return k + 1;
}

// Saturating non-negative integer of an attribute value ("3", " 12 "); -1 without digits.
std::int64_t parse_count(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && is_ws(v[i])) ++i;
  if (i >= v.size() || v[i] < '0' || v[i] > '9') return -1;
  std::int64_t x = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    x = x * 10 + (v[i] - '0');
    if (x > 100000000) x = 100000000;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Element names

enum class El : std::uint8_t {
  Other,
  P,
  R,
  T,
  Tab,  // w:tab, w:ptab
  Br,   // w:br, w:cr
  NoBreakHyphen,
  Vanish,
  Tbl,
  Tr,
  Tc,
  TcPr,
  TrPr,
  GridSpan,
  VMerge,
  HMerge,
  GridBefore,
  GridAfter,
  Del,       // w:del
  Skip,      // w:moveFrom and the *Change elements: content skipped
  AltContent,
  AltBranch,  // mc:Choice, mc:Fallback
};

// Equality of short names without a call to memcmp (they are compared for every tag).
inline bool eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

El classify_w(std::string_view n) {
  switch (n.size()) {
    case 1:
      if (n[0] == 'p') return El::P;
      if (n[0] == 'r') return El::R;
      if (n[0] == 't') return El::T;
      return El::Other;
    case 2:
      if (eq(n, "tc")) return El::Tc;
      if (eq(n, "tr")) return El::Tr;
      if (eq(n, "br") || eq(n, "cr")) return El::Br;
      return El::Other;
    case 3:
      if (eq(n, "tbl")) return El::Tbl;
      if (eq(n, "tab")) return El::Tab;
      if (eq(n, "del")) return El::Del;
      return El::Other;
    case 4:
      if (eq(n, "tcPr")) return El::TcPr;
      if (eq(n, "trPr")) return El::TrPr;
      if (eq(n, "ptab")) return El::Tab;
      return El::Other;
    case 6:
      if (eq(n, "vMerge")) return El::VMerge;
      if (eq(n, "hMerge")) return El::HMerge;
      if (eq(n, "vanish")) return El::Vanish;
      return El::Other;
    case 8:
      if (eq(n, "gridSpan")) return El::GridSpan;
      if (eq(n, "moveFrom")) return El::Skip;
      break;
    case 9:
      if (eq(n, "gridAfter")) return El::GridAfter;
      break;
    case 10:
      if (eq(n, "gridBefore")) return El::GridBefore;
      break;
    case 13:
      if (eq(n, "noBreakHyphen")) return El::NoBreakHyphen;
      break;
    default:
      break;
  }
  // pPrChange, rPrChange, tcPrChange, trPrChange, tblPrChange, tblGridChange, sectPrChange ...
  if (n.size() > 6 && n.back() == 'e' && eq(n.substr(n.size() - 6), "Change")) return El::Skip;
  return El::Other;
}

El classify_mc(std::string_view n) {
  if (eq(n, "AlternateContent")) return El::AltContent;
  if (eq(n, "Choice") || eq(n, "Fallback")) return El::AltBranch;
  return El::Other;
}

// ---------------------------------------------------------------------------------------------
// Building

// A paragraph being read. White space waits in `pending` and is written only when more text
// follows, so the paragraph's ends are trimmed and its span covers its text.
struct Para {
  std::string buf;
  std::string pending;
  std::uint32_t first = 0;  // source offset of the first text byte
  std::uint32_t last = 0;   // source offset after the last text byte
  bool in_run = false;
  bool hidden = false;    // the open run is hidden (w:vanish)
  bool implicit = false;  // opened for text met outside any w:p

  void space(char c) {
    if (!buf.empty()) pending.push_back(c);
  }
  void add(const char* p, std::size_t len, std::size_t src_b, std::size_t src_e) {
    if (buf.empty()) {
      first = static_cast<std::uint32_t>(src_b);
    } else if (!pending.empty()) {
      buf += pending;
    }
    pending.clear();
    buf.append(p, len);
    last = static_cast<std::uint32_t>(src_e);
  }
  void reset() {
    buf.clear();
    pending.clear();
    first = last = 0;
    in_run = hidden = implicit = false;
  }
};

enum class Merge : std::uint8_t { None, Restart, Continue };

struct TableBuild {
  std::size_t block = 0;  // index of the table's block in Document::blocks
  Table table;
  std::vector<std::size_t> last_row;  // per cell: the last row it covers
  bool row_open = false;
  bool cell_open = false;
  bool placed = false;        // the open cell has its slots
  bool continuation = false;  // the open cell continues a merged cell
  bool in_tcPr = false;
  bool in_trPr = false;
  std::size_t x = 0;          // next slot of the current row
  std::int32_t cell = -1;     // the open cell's index (the merged cell's, for a continuation)
  std::size_t span = 1;       // the open cell's w:gridSpan
  Merge vmerge = Merge::None;
  Merge hmerge = Merge::None;
  std::size_t grid_after = 0;
  std::uint32_t content_begin = 0;
  std::uint32_t text_first = 0;
  std::uint32_t text_last = 0;
  std::string cell_text;  // the open cell's paragraphs, joined by '\n'
};

enum class Kind : std::uint8_t { Para, Table };

class DocxReader {
 public:
  explicit DocxReader(Document& doc)
      : doc_(doc), s_(doc.text), n_(doc.text.size()), budget_((std::size_t{1} << 22) + n_) {}

  void run() {
    const char* d = s_.data();
    std::size_t i = 0;
    Deadline::Ticker tick;
    while (i < n_) {
      const void* f = std::memchr(d + i, '<', n_ - i);
      const std::size_t p = f ? static_cast<std::size_t>(static_cast<const char*>(f) - d) : n_;
      if (p > i && in_t_ && skip_ == 0) text(i, p, true);
      if (p >= n_) break;
      i = markup(p);
      tick();
    }
    while (!kinds_.empty()) {
      if (kinds_.back() == Kind::Para) {
        close_para();
      } else {
        close_table(n_, n_);
      }
    }
  }

 private:
  Document& doc_;
  std::string_view s_;
  std::size_t n_;
  std::size_t budget_;  // grid slots we may still allocate
  std::string w_ = "w";
  std::string mc_ = "mc";
  bool root_seen_ = false;
  bool in_t_ = false;        // just after a <w:t> start tag: character data is text
  std::size_t skip_ = 0;     // > 0: inside skipped content, this many elements deep
  std::vector<Kind> kinds_;  // open paragraphs and tables, innermost last
  std::vector<Para> paras_;  // the open paragraphs are paras_[0, np_); the rest are reused
  std::size_t np_ = 0;
  std::vector<TableBuild> tables_;
  std::vector<bool> alt_;  // per open mc:AlternateContent: a branch has been read
  std::size_t ignored_paras_ = 0;
  std::size_t ignored_tables_ = 0;

  // ---- tokenizer

  // Handles the markup starting at the '<' at p; returns where reading continues.
  std::size_t markup(std::size_t p) {
    const char* d = s_.data();
    if (p + 1 >= n_) return n_;
    const char c = d[p + 1];
    if (c == '!') {
      if (s_.compare(p, 4, "<!--") == 0) return after(s_.find("-->", p + 4), 3);
      if (s_.compare(p, 9, "<![CDATA[") == 0) {
        const std::size_t close = s_.find("]]>", p + 9);
        const std::size_t e = close == npos ? n_ : close;
        if (in_t_ && skip_ == 0) text(p + 9, e, false);
        return after(close, 3);
      }
      return after(s_.find('>', p + 2), 1);  // <!DOCTYPE ...>
    }
    if (c == '?') return after(s_.find("?>", p + 2), 2);
    in_t_ = false;  // w:t holds no elements: any tag ends its text
    const bool end_tag = c == '/';
    const std::size_t nb = end_tag ? p + 2 : p + 1;
    std::size_t ne = nb;
    while (!kNameStop[static_cast<unsigned char>(d[ne])]) ++ne;  // d[n_] is NUL
    if (ne > n_) ne = n_;
    const std::size_t end = tag_end(ne);
    if (end == npos) return n_;  // the input ends inside the tag
    if (ne == nb) return end;    // "<>", "</ >": no element
    const bool self_closing = !end_tag && d[end - 2] == '/';
    if (skip_ > 0) {
      if (end_tag) {
        --skip_;
      } else if (!self_closing) {
        ++skip_;
      }
      return end;
    }
    const std::string_view name = s_.substr(nb, ne - nb);
    if (!end_tag && !root_seen_) {
      root_seen_ = true;
      read_namespaces(ne, end);
    }
    const std::size_t colon = name.find(':');
    const std::string_view prefix = colon == npos ? std::string_view() : name.substr(0, colon);
    const std::string_view local = colon == npos ? name : name.substr(colon + 1);
    El el = El::Other;
    if (eq(prefix, w_)) {
      el = classify_w(local);
    } else if (eq(prefix, mc_)) {
      el = classify_mc(local);
    }
    if (el == El::Other) return end;
    if (end_tag) {
      end_element(el, p, end);
    } else {
      start_element(el, p, ne, end, self_closing);
    }
    return end;
  }

  std::size_t after(std::size_t found, std::size_t len) const {
    return found == npos ? n_ : found + len;
  }

  // Position after the '>' ending the tag whose attributes start at pos, or npos.
  std::size_t tag_end(std::size_t pos) const {
    const char* d = s_.data();  // d[n_] is NUL (the text is a std::string)
    while (pos < n_) {
      while (!kTagStop[static_cast<unsigned char>(d[pos])]) ++pos;
      if (pos >= n_) break;
      const char c = d[pos];
      if (c == '>') return pos + 1;
      if (c == '"' || c == '\'') {
        const void* f = std::memchr(d + pos + 1, c, n_ - pos - 1);
        if (!f) return npos;
        pos = static_cast<std::size_t>(static_cast<const char*>(f) - d) + 1;
        continue;
      }
      ++pos;  // a NUL byte inside the input
    }
    return npos;
  }

  // Calls fn(name, value) for each attribute in [pos, end) (end is after the tag's '>').
  template <typename Fn>
  void for_each_attr(std::size_t pos, std::size_t end, Fn fn) const {
    const char* d = s_.data();
    const std::size_t stop = end - 1;
    while (pos < stop) {
      while (pos < stop && (is_ws(d[pos]) || d[pos] == '/')) ++pos;
      const std::size_t nb = pos;
      while (pos < stop && !is_ws(d[pos]) && d[pos] != '=' && d[pos] != '/') ++pos;
      const std::size_t ne = pos;
      while (pos < stop && is_ws(d[pos])) ++pos;
      if (pos >= stop || d[pos] != '=') {
        if (ne == nb) ++pos;
        continue;
      }
      ++pos;
      while (pos < stop && is_ws(d[pos])) ++pos;
      if (pos >= stop || (d[pos] != '"' && d[pos] != '\'')) continue;
      const char q = d[pos];
      const std::size_t vb = pos + 1;
      const void* f = std::memchr(d + vb, q, stop - vb);
      const std::size_t ve = f ? static_cast<std::size_t>(static_cast<const char*>(f) - d) : stop;
      fn(s_.substr(nb, ne - nb), s_.substr(vb, ve - vb));
      pos = ve + 1;
    }
  }

  // The value of the attribute whose local name is "val", or an empty view with found=false.
  std::string_view val_attr(std::size_t pos, std::size_t end, bool& found) const {
    std::string_view out;
    found = false;
    for_each_attr(pos, end, [&](std::string_view name, std::string_view value) {
      const std::size_t colon = name.find(':');
      if (!found && (colon == npos ? name : name.substr(colon + 1)) == "val") {
        out = value;
        found = true;
      }
    });
    return out;
  }

  void read_namespaces(std::size_t pos, std::size_t end) {
    bool have_w = false, have_mc = false;
    for_each_attr(pos, end, [&](std::string_view name, std::string_view value) {
      std::string_view prefix;
      if (name == "xmlns") {
        prefix = {};
      } else if (name.substr(0, 6) == "xmlns:") {
        prefix = name.substr(6);
      } else {
        return;
      }
      if (!have_w && (value == kWmlTransitional || value == kWmlStrict)) {
        w_ = std::string(prefix);
        have_w = true;
      } else if (!have_mc && value == kMarkupCompat) {
        mc_ = std::string(prefix);
        have_mc = true;
      }
    });
  }

  // ---- elements

  void start_element(El el, std::size_t p, std::size_t attrs, std::size_t end, bool self_closing) {
    switch (el) {
      case El::P:
        if (!self_closing) open_para();
        break;
      case El::R:
        if (Para* pa = top_para()) {
          pa->in_run = !self_closing;
          pa->hidden = false;
        }
        break;
      case El::T:
        in_t_ = !self_closing;
        break;
      case El::Tab:
        if (Para* pa = run_para()) pa->space(' ');
        break;
      case El::Br:
        if (Para* pa = run_para()) pa->space('\n');
        break;
      case El::NoBreakHyphen:
        if (Para* pa = run_para()) pa->add("-", 1, p, end);
        break;
      case El::Vanish:
        if (Para* pa = run_para()) {
          bool found = false;
          const std::string_view v = val_attr(attrs, end, found);
          pa->hidden = !(found && (v == "0" || v == "false" || v == "off"));
        }
        break;
      case El::Tbl:
        if (!self_closing) open_table(p);
        break;
      case El::Tr:
        if (self_closing || tables_.empty()) break;
        close_paras();
        open_row(tables_.back(), p);
        break;
      case El::Tc:
        if (tables_.empty()) break;
        close_paras();
        open_cell(tables_.back(), p, end);
        if (self_closing) close_cell(tables_.back(), end);
        break;
      case El::TcPr:
        if (TableBuild* t = top_table()) {
          if (!t->cell_open || t->placed) break;
          t->in_tcPr = !self_closing;
          if (self_closing) place(*t);
        }
        break;
      case El::TrPr:
        if (TableBuild* t = top_table()) t->in_trPr = t->row_open && !t->cell_open && !self_closing;
        break;
      case El::GridSpan:
      case El::VMerge:
      case El::HMerge:
        if (TableBuild* t = top_table()) {
          if (!t->in_tcPr || !t->cell_open || t->placed) break;
          bool found = false;
          const std::string_view v = val_attr(attrs, end, found);
          if (el == El::GridSpan) {
            const std::int64_t k = parse_count(v);
            t->span = k < 1 ? 1 : static_cast<std::size_t>(std::min<std::int64_t>(k, kMaxSpan));
          } else {
            (el == El::VMerge ? t->vmerge : t->hmerge) =
                found && v == "restart" ? Merge::Restart : Merge::Continue;
          }
        }
        break;
      case El::GridBefore:
      case El::GridAfter:
        if (TableBuild* t = top_table()) {
          if (!t->in_trPr) break;
          bool found = false;
          const std::int64_t k = parse_count(val_attr(attrs, end, found));
          const std::size_t holes = k < 1 ? 0 : static_cast<std::size_t>(std::min<std::int64_t>(k, kMaxSpan));
          if (el == El::GridAfter) {
            t->grid_after = holes;
          } else if (!t->table.rows.empty() && t->table.rows.back().empty() && !t->cell_open) {
            grow(t->table.rows.back(), holes);
            t->x = t->table.rows.back().size();
          }
        }
        break;
      case El::Del:
        if (TableBuild* t = top_table(); t && t->in_trPr && row_is_empty(t->table.rows.back())) {
          // A deleted row: drop it and skip the rest of it (the trPr and tr still open).
          t->table.rows.pop_back();
          t->row_open = false;
          t->in_trPr = false;
          skip_ = self_closing ? 2 : 3;
        } else if (!self_closing) {
          skip_ = 1;
        }
        break;
      case El::Skip:
        if (!self_closing) skip_ = 1;
        break;
      case El::AltContent:
        if (!self_closing) alt_.push_back(false);
        break;
      case El::AltBranch:
        if (self_closing || alt_.empty()) break;
        if (alt_.back()) {
          skip_ = 1;
        } else {
          alt_.back() = true;
        }
        break;
      case El::Other:
        break;
    }
  }

  void end_element(El el, std::size_t p, std::size_t end) {
    switch (el) {
      case El::P:
        if (ignored_paras_ > 0) {
          --ignored_paras_;
        } else if (!kinds_.empty() && kinds_.back() == Kind::Para) {
          close_para();
        }
        break;
      case El::R:
        if (Para* pa = top_para()) pa->in_run = pa->hidden = false;
        break;
      case El::Tbl:
        if (ignored_tables_ > 0) {
          --ignored_tables_;
        } else if (!tables_.empty()) {
          close_paras();
          close_table(p, end);
        }
        break;
      case El::Tr:
        if (tables_.empty()) break;
        close_paras();
        end_row(tables_.back(), p);
        break;
      case El::Tc:
        if (tables_.empty()) break;
        close_paras();
        if (tables_.back().cell_open) close_cell(tables_.back(), p);
        break;
      case El::TcPr:
        if (TableBuild* t = top_table(); t && t->in_tcPr) {
          t->in_tcPr = false;
          place(*t);
        }
        break;
      case El::TrPr:
        if (TableBuild* t = top_table()) t->in_trPr = false;
        break;
      case El::AltContent:
        if (!alt_.empty()) alt_.pop_back();
        break;
      default:
        break;
    }
  }

  static bool row_is_empty(const std::vector<std::int32_t>& row) {
    return std::all_of(row.begin(), row.end(), [](std::int32_t i) { return i < 0; });
  }

  // ---- paragraphs

  Para* top_para() {
    return !kinds_.empty() && kinds_.back() == Kind::Para ? &paras_[np_ - 1] : nullptr;
  }
  // The innermost paragraph, when it is inside a visible run.
  Para* run_para() {
    Para* pa = top_para();
    return pa && pa->in_run && !pa->hidden ? pa : nullptr;
  }
  TableBuild* top_table() {
    return !kinds_.empty() && kinds_.back() == Kind::Table ? &tables_.back() : nullptr;
  }

  bool push_para(bool implicit) {
    if (kinds_.size() >= kMaxDepth) return false;
    if (np_ == paras_.size()) paras_.emplace_back();
    paras_[np_].reset();
    paras_[np_].implicit = implicit;
    ++np_;
    kinds_.push_back(Kind::Para);
    return true;
  }

  void open_para() {
    if (Para* pa = top_para(); pa && pa->implicit) close_para();
    if (TableBuild* t = top_table(); t && t->cell_open) place(*t);
    if (!push_para(false)) ++ignored_paras_;
  }

  // Text goes to the innermost paragraph; text outside any gets a paragraph of its own.
  Para* text_para() {
    if (Para* pa = top_para()) return pa->hidden ? nullptr : pa;
    if (TableBuild* t = top_table(); t && t->cell_open) place(*t);
    return push_para(true) ? &paras_[np_ - 1] : nullptr;
  }

  // Appends the character data [b, e): entity-decoded unless it is a CDATA section.
  void text(std::size_t b, std::size_t e, bool entities) {
    Para* pa = text_para();
    if (!pa) return;
    const char* d = s_.data();
    std::size_t i = b;
    while (i < e) {
      const char c = d[i];
      if (is_ws(c)) {
        pa->space(' ');
        ++i;
        continue;
      }
      if (c == '&' && entities) {
        char32_t cp = 0;
        const std::size_t j = decode_entity(d, i, e, cp);
        if (j != 0) {
          if (cp < 0x80 && is_ws(static_cast<char>(cp))) {
            pa->space(' ');
          } else {
            char buf[4];
            pa->add(buf, encode_utf8(cp, buf), i, j);
          }
          i = j;
          continue;
        }
      }
      std::size_t j = i + 1;
      while (j < e && !kSpecial[static_cast<unsigned char>(d[j])]) ++j;
      if (!entities) {
        while (j < e && !is_ws(d[j])) ++j;
      }
      pa->add(d + i, j - i, i, j);
      i = j;
    }
  }

  // Closes the innermost paragraph: its text joins the innermost open table cell around it,
  // or becomes a block.
  void close_para() {
    Para& pa = paras_[np_ - 1];
    --np_;
    kinds_.pop_back();
    if (pa.buf.empty()) return;
    for (std::size_t k = tables_.size(); k-- > 0;) {
      TableBuild& t = tables_[k];
      if (!t.cell_open) continue;
      place(t);
      if (t.cell_text.empty()) {
        t.text_first = pa.first;
      } else {
        t.cell_text.push_back('\n');
      }
      t.cell_text += pa.buf;
      t.text_last = pa.last;
      return;
    }
    Block b;
    b.kind = BlockKind::Paragraph;
    b.span = SourceSpan{pa.first, pa.last};
    b.text = doc_.keep(std::move(pa.buf), b.span);
    pa.buf = std::string();
    doc_.blocks.push_back(std::move(b));
  }

  // Closes the paragraphs above the innermost table.
  void close_paras() {
    while (!kinds_.empty() && kinds_.back() == Kind::Para) close_para();
  }

  // ---- tables

  void open_table(std::size_t p) {
    if (kinds_.size() >= kMaxDepth) {
      ++ignored_tables_;
      return;
    }
    if (Para* pa = top_para(); pa && pa->implicit) close_para();
    if (TableBuild* t = top_table(); t && t->cell_open) place(*t);
    TableBuild t;
    t.block = doc_.blocks.size();
    Block b;
    b.kind = BlockKind::Table;
    b.span.begin = static_cast<std::uint32_t>(p);
    doc_.blocks.push_back(std::move(b));
    tables_.push_back(std::move(t));
    kinds_.push_back(Kind::Table);
  }

  void close_table(std::size_t p, std::size_t table_end) {
    TableBuild& t = tables_.back();
    end_row(t, p);
    pad_grid(t.table, budget_);
    Block& b = doc_.blocks[t.block];
    b.table = std::move(t.table);
    b.table.geometric = true;
    b.span.end = static_cast<std::uint32_t>(table_end);
    b.table.span = b.span;
    tables_.pop_back();
    kinds_.pop_back();
  }

  // Lengthens `row` by `k` holes, within the slot budget.
  bool grow(std::vector<std::int32_t>& row, std::size_t k) {
    if (k > budget_) return false;
    budget_ -= k;
    row.resize(row.size() + k, -1);
    return true;
  }

  void open_row(TableBuild& t, std::size_t p) {
    end_row(t, p);
    t.table.rows.emplace_back();
    t.row_open = true;
    t.x = 0;
    t.grid_after = 0;
    t.in_trPr = false;
  }

  void end_row(TableBuild& t, std::size_t p) {
    if (t.cell_open) close_cell(t, p);
    if (t.row_open && t.grid_after > 0) grow(t.table.rows.back(), t.grid_after);
    t.row_open = false;
    t.in_trPr = false;
  }

  void open_cell(TableBuild& t, std::size_t p, std::size_t content_begin) {
    if (!t.row_open) open_row(t, p);
    if (t.cell_open) close_cell(t, p);
    t.cell_open = true;
    t.placed = false;
    t.continuation = false;
    t.in_tcPr = false;
    t.in_trPr = false;
    t.span = 1;
    t.vmerge = Merge::None;
    t.hmerge = Merge::None;
    t.cell = -1;
    t.content_begin = static_cast<std::uint32_t>(content_begin);
    t.cell_text.clear();
  }

  // Gives the open cell its slots, once its properties (span, merges) are known.
  void place(TableBuild& t) {
    if (t.placed) return;
    t.placed = true;
    std::vector<std::vector<std::int32_t>>& rows = t.table.rows;
    if (rows.empty()) rows.emplace_back();
    const std::size_t r = rows.size() - 1;
    std::vector<std::int32_t>& row = rows[r];
    const std::size_t x = t.x;
    std::int32_t idx = -1;
    if (t.vmerge == Merge::Continue && r > 0) {
      const std::vector<std::int32_t>& above = rows[r - 1];
      if (x < above.size() && above[x] >= 0) {
        idx = above[x];
        const auto k = static_cast<std::size_t>(idx);
        if (t.last_row[k] != r) {
          ++t.table.cells[k].rowspan;
          t.last_row[k] = r;
        }
      }
    } else if (t.hmerge == Merge::Continue && x > 0 && x <= row.size() && row[x - 1] >= 0) {
      idx = row[x - 1];
      t.table.cells[static_cast<std::size_t>(idx)].colspan += static_cast<std::int32_t>(t.span);
    }
    t.continuation = idx >= 0;
    if (idx < 0) {
      idx = static_cast<std::int32_t>(t.table.cells.size());
      Cell c;
      c.colspan = static_cast<std::int32_t>(t.span);
      t.table.cells.push_back(std::move(c));
      t.last_row.push_back(r);
    }
    const std::size_t need = x + t.span;
    if (need <= row.size() || grow(row, need - row.size())) {
      std::fill(row.begin() + static_cast<std::ptrdiff_t>(x), row.begin() + static_cast<std::ptrdiff_t>(need),
                idx);
    }
    t.x = x + t.span;
    t.cell = idx;
  }

  void close_cell(TableBuild& t, std::size_t end) {
    place(t);
    Cell& c = t.table.cells[static_cast<std::size_t>(t.cell)];
    if (t.continuation) {
      // Text in a cell that continues a merged one (Word leaves them empty) joins the merged cell.
      if (!t.cell_text.empty()) {
        if (c.text.empty()) {
          c.span = SourceSpan{t.text_first, t.text_last};
          c.text = doc_.keep(t.cell_text, c.span);
        } else {
          std::string joined(c.text);
          joined.push_back('\n');
          joined += t.cell_text;
          c.text = doc_.keep(std::move(joined));
          c.span.end = std::max(c.span.end, t.text_last);
        }
      }
    } else if (!t.cell_text.empty()) {
      c.span = SourceSpan{t.text_first, t.text_last};
      c.text = doc_.keep(t.cell_text, c.span);
    } else {
      c.span = SourceSpan{t.content_begin, std::max(t.content_begin, static_cast<std::uint32_t>(end))};
    }
    t.cell_text.clear();
    t.cell_open = false;
    t.in_tcPr = false;
    t.cell = -1;
  }
};

}  // namespace

Document read_docx_xml(std::string xml) {
  if (xml.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw ParseError(".docx XML larger than 4 GiB");
  }
  Document doc;
  doc.text = doc.keep(std::move(xml));
  doc.format = SourceFormat::Docx;
  DocxReader(doc).run();
  return doc;
}

}  // namespace gongkai
