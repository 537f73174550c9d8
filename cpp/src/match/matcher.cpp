#include "gongkai/match/matcher.hpp"

#include "gongkai/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/labels.hpp"
#include "match/detail/split.hpp"

namespace gongkai {

namespace {

using detail::contains;
using detail::Context;
using detail::T2Row;
using detail::T2Value;

// A value read from one cell, with where it came from.
struct Read {
  CellValue value;
  std::string raw;
  std::uint32_t offset = 0;
  bool set = false;
  Placement placement = Placement::Label;
};

template <std::size_t N>
using Reads = std::array<Read, N>;

// One table row seen as slots; cells merged across slots appear once.
struct RowCells {
  std::vector<std::pair<int, const Cell*>> cells;  // (first slot, cell) in slot order
};

// Fills `out` (a buffer kept from row to row).
void distinct_cells(const Table& t, std::size_t r, RowCells& out) {
  out.cells.clear();
  const auto& row = t.rows[r];
  std::int32_t last = -2;
  for (std::size_t s = 0; s < row.size(); ++s) {
    const std::int32_t i = row[s];
    if (i == last) continue;
    last = i;
    if (i < 0) continue;
    // A cell merged down from the row above is a continuation, not this row's content; it is
    // still kept as a label (row labels of grouped rows) but never as a value.
    out.cells.emplace_back(static_cast<int>(s), &t.cells[static_cast<std::size_t>(i)]);
  }
}

// 元 -> 万元 as the nearest double to the exact decimal: scale to an integer, then one division.
double yuan_to_wanyuan(double yuan, std::string_view raw) {
  int decimals = 0;
  bool after_dot = false;
  for (std::size_t i = 0; i < raw.size();) {
    const char32_t c = next_code_point(raw, i);
    const bool digit = (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９');
    if (c == U'.' || c == U'．') after_dot = true;
    else if (after_dot && digit) ++decimals;
    else if (after_dot) break;
  }
  decimals = std::min(decimals, 9);
  const double scale = std::pow(10.0, decimals);
  return std::round(yuan * scale) / (scale * 10000.0);
}

class Matcher {
 public:
  explicit Matcher(const Document& doc) : doc_(doc), lines_(doc.text, doc.line_starts) {
    heading_.reserve(doc.blocks.size());
    int current = -1;
    for (const Block& b : doc.blocks) {
      const int h = b.kind == BlockKind::Paragraph ? detail::section_heading(b.text, current) : -1;
      if (h >= 0) current = h;
      heading_.push_back(h);
    }
  }

  Report run();

 private:
  const Document& doc_;
  LineIndex lines_;
  Report report_;

  // Per table: each cell read as a value and normalised as a label, each once.
  const Table* cached_table_ = nullptr;
  std::vector<CellValue> value_cache_;
  std::vector<std::uint8_t> value_done_;
  std::vector<const detail::LabelInfo*> label_cache_;  // nullptr = not yet looked up
  RowCells row_cells_;  // the row being read
  std::vector<std::pair<int, const Cell*>> row_labels_, row_values_;  // of a table 3 row
  // Per block: the section a paragraph heads (-1 for none).
  std::vector<int> heading_;

  void cache_table(const Table& t) {
    cached_table_ = &t;
    value_cache_.assign(t.cells.size(), CellValue{});
    value_done_.assign(t.cells.size(), 0);
    label_cache_.assign(t.cells.size(), nullptr);
  }
  // The table 3 row a label cell names; "3.其他" names other_misc only inside （六）其他处理.
  std::optional<Table3Row> t3_row(const Cell* c, bool in_other_group) {
    const std::optional<Table3Row> row = label(c).t3_row;
    if (row == Table3Row::OtherMisc && !in_other_group) return std::nullopt;
    return row;
  }
  std::size_t index_of(const Cell* c) const { return static_cast<std::size_t>(c - cached_table_->cells.data()); }
  const CellValue& value(const Cell* c) {
    const std::size_t i = index_of(c);
    if (!value_done_[i]) {
      value_done_[i] = 1;
      value_cache_[i] = read_value(c->text);
    }
    return value_cache_[i];
  }
  CellState state(const Cell* c) { return value(c).state; }
  bool is_label(const Cell* c) { return state(c) == CellState::Text; }
  // The normalised and classified label of a cell; that of "" for cells that read as values.
  const detail::LabelInfo& label(const Cell* c) {
    const detail::LabelInfo*& l = label_cache_[index_of(c)];
    if (!l) l = is_label(c) ? &detail::label_info(c->text) : &detail::empty_label_info();
    return *l;
  }
  const std::string& norm(const Cell* c) { return label(c).norm; }

  // What was read, before the template is known.
  std::array<std::array<Read, static_cast<std::size_t>(T2Value::Count)>, static_cast<std::size_t>(T2Row::Count)> t2_{};
  std::array<Reads<kTable3Cols>, static_cast<std::size_t>(Table3Row::Count)> t3_{};
  std::array<bool, static_cast<std::size_t>(Table3Row::Count)> t3_seen_{};
  std::array<Reads<kTable4Values>, kTable4Blocks> t4_{};
  bool t4_seen_ = false;
  bool t2_seen_ = false;
  int t2_votes_2021_ = 0;
  int t2_votes_2019_ = 0;
  bool t2_amount_in_yuan_ = false;
  int cited_template_ = 0;  // 2021 or 2019 when the text cites the template's notice

  void add_finding(std::string rule, Severity sev, std::vector<std::string> cells, std::string message,
                   std::uint32_t offset, bool located) {
    Finding f;
    f.rule = std::move(rule);
    f.severity = sev;
    f.cells = std::move(cells);
    f.message = std::move(message);
    if (located) defer(f.location, offset);
    report_.findings.push_back(std::move(f));
  }

  // Locations are resolved together at the end, in source order, in one pass over each line:
  // tables of web pages sit on lines tens of kilobytes long.
  static constexpr std::uint32_t kPending = 0xFFFFFFFFu;
  static void defer(Location& l, std::uint32_t offset) {
    l.offset = offset;
    l.line = kPending;
  }
  void resolve_locations();

  std::string where(std::uint32_t offset) const {
    const Location l = lines_.locate(offset);
    return "line " + std::to_string(l.line) + ", column " + std::to_string(l.column);
  }

  void scan_sections();
  void scan_title();
  void scan_tables();
  void read_table(const Table& t, Context& ctx);

  // ---- stream tables (text whose cell borders were lost)
  struct Tok {
    CellValue value;
    std::string_view raw;
    std::uint32_t offset = 0;
    std::uint32_t line = 0;  // the stream row (a line of the source) it came from
  };
  std::uint32_t stream_lines_ = 0;
  // Values printed on one line are one row of the table as printed: their order is the
  // columns' order. Values spread over lines (one cell a line) are trusted only where they add up.
  static bool one_line(const std::vector<Tok>& v, std::size_t from, std::size_t n) {
    for (std::size_t k = from + 1; k < from + n; ++k)
      if (v[k].line != v[from].line) return false;
    return true;
  }
  // One cell a line: each value on a line of its own.
  static bool one_per_line(const std::vector<Tok>& v) {
    for (std::size_t k = 1; k < v.size(); ++k)
      if (v[k].line == v[k - 1].line) return false;
    return true;
  }
  struct T3Group {  // the values that followed one row label (row -1: values without a label)
    int row = -1;
    std::uint32_t offset = 0;
    std::vector<Tok> values;
  };
  std::vector<T3Group> t3_groups_;
  bool t3_stream_header_seen_ = false;
  int t3_header_columns_ = 0;  // most applicant columns named by one table 3 header
  bool t3_stream_ = false;
  bool t3_stream_at_end_ = false;  // table 3's stream runs to the end of the input
  // table 2
  int t2_stream_row_ = -1;
  std::uint32_t t2_stream_offset_ = 0;
  std::vector<T2Value> t2_stream_cols_;
  bool t2_header_open_ = false;  // the previous token was a column header: the next one adds to it
  bool t2_row_closed_ = false;    // a label that names no row followed the row's values
  std::vector<Tok> t2_stream_values_;
  std::vector<Tok> t2_orphans_;  // values after a header and before the row label they belong to
  // table 4
  std::vector<int> t4_stream_leaves_, t4_stream_blocks_;
  std::vector<Tok> t4_stream_values_;
  std::uint32_t t4_stream_offset_ = 0;
  bool t4_stream_header_ = false;

  // As many columns as the row has in a template that has the row.
  static bool header_complete(T2Row row, std::size_t n) {
    bool any = false;
    for (TemplateId t : {TemplateId::T2021, TemplateId::T2019}) {
      std::size_t count = 0;
      for (Table2Field f : table2_layout(t))
        if (detail::t2_slot_of(f).first == row) ++count;
      if (count == n) return true;
      any = any || count > 0;
    }
    return !any;
  }
  // A token with no white space (or line end) on one side: glued to the text around it.
  bool touches_text(const Tok& t) const {
    const std::string_view src = doc_.text;
    auto space_before = [&](std::size_t i) {
      if (i == 0) return true;
      const auto c = static_cast<unsigned char>(src[i - 1]);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '|') return true;
      return (i >= 2 && src.substr(i - 2, 2) == "\xC2\xA0") || (i >= 3 && src.substr(i - 3, 3) == "\u3000");
    };
    auto space_after = [&](std::size_t i) {
      if (i >= src.size()) return true;
      const auto c = static_cast<unsigned char>(src[i]);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '|') return true;
      return src.substr(i, 2) == "\xC2\xA0" || src.substr(i, 3) == "\u3000";
    };
    const std::size_t b = t.offset, e = t.offset + t.raw.size();
    return !space_before(b) || !space_after(e);
  }
  // Blank values past a row's `width` values, at its end (of stream row `line` only, if given):
  // the empty cells a pipe table pads a short row with.
  static void drop_border_blanks(std::vector<Tok>& v, std::size_t width, std::int64_t line = -1) {
    std::size_t on_line = v.size();
    if (line >= 0) {
      on_line = 0;
      while (on_line < v.size() && v[v.size() - 1 - on_line].line == line) ++on_line;
    }
    while (on_line > width && v.back().value.state == CellState::Blank) {
      v.pop_back();
      --on_line;
    }
  }
  void read_stream_table(const Table& t, Context& ctx);
  void flush_t2_stream(bool at_end);
  void flush_t4_stream(bool at_end);
  void resolve_t3_stream();
  void put_tok(Read& dst, const Tok& tok, Placement placement = Placement::Label) {
    dst.value = tok.value;
    dst.raw = std::string(tok.raw);
    dst.offset = tok.offset;
    dst.set = true;
    dst.placement = placement;
  }
  // One of the numbers a run of glued digits was cut into.
  void put_number(Read& dst, std::int64_t v, const Tok& from) {
    dst.value = CellValue{};
    dst.value.state = CellState::Value;
    dst.value.value = static_cast<double>(v);
    dst.value.is_integer = true;
    dst.raw = std::string(from.raw);
    dst.offset = from.offset;
    dst.set = true;
    dst.placement = Placement::Cut;
  }
  void put_unreadable(Read& dst, std::string_view raw, std::uint32_t offset) {
    dst.value = CellValue{};
    dst.value.state = CellState::Text;
    dst.raw = std::string(raw);
    dst.offset = offset;
    dst.set = true;
  }
  void put_blank(Read& dst, std::uint32_t offset) {
    dst.value = CellValue{};
    dst.value.state = CellState::Blank;
    dst.raw.clear();
    dst.offset = offset;
    dst.set = true;
  }
  void read_t2_row(const Table& t, std::size_t r, const RowCells& rc, std::vector<T2Value>& cols_by_order,
                   std::vector<T2Value>& cols_by_slot);
  void read_t3_row(const Table& t, const RowCells& rc, std::vector<int>& col_by_slot, std::array<bool, kTable3Cols>& header_seen,
                   std::optional<Table3Row>& group);
  void read_t4_row(const Table& t, const RowCells& rc, std::vector<std::pair<int, int>>& by_slot,
                   std::vector<int>& leaves_in_order, std::vector<int>& blocks_in_order,
                   std::vector<int>& block_by_slot);
  void store(Read& dst, const Cell& cell) {
    dst.value = value(&cell);
    dst.raw = cell.text;
    dst.offset = cell.span.begin;
    dst.set = true;
    dst.placement = cell.rowspan > 1 ? Placement::Merged : Placement::Label;
  }
  void finish();
  template <typename NameFn>
  void fill_cell(TableData& td, Eigen::Index r, Eigen::Index c, const Read& rd, double bound, NameFn name_of);
};

// ---------------------------------------------------------------- sections and title

void Matcher::scan_sections() {
  // Where the headings are; on a web page, the smallest container holding them all is the
  // report's body, and paragraphs outside it (navigation, footer) are not narrative.
  std::uint32_t first = 0, last = 0;
  bool any_heading = false;
  {
    for (std::size_t k = 0; k < doc_.blocks.size(); ++k) {
      const Block& b = doc_.blocks[k];
      if (heading_[k] < 0) continue;
      if (!any_heading) first = b.span.begin;
      last = b.span.end;
      any_heading = true;
    }
  }
  SourceSpan body{0, static_cast<std::uint32_t>(doc_.text.size())};
  if (any_heading)
    for (const SourceSpan& r : doc_.regions)
      if (r.begin <= first && r.end >= last && r.end - r.begin < body.end - body.begin) body = r;

  int current = -1;  // -1: preamble
  for (std::size_t k = 0; k < doc_.blocks.size(); ++k) {
    const Block& b = doc_.blocks[k];
    if (b.kind != BlockKind::Paragraph) continue;
    if (b.span.begin < body.begin || b.span.end > body.end) continue;
    if (b.text.size() < 16 && read_value(b.text).state == CellState::Blank) continue;  // &nbsp; alone
    const int h = heading_[k];
    if (h >= 0) {
      current = h;
      report_.section_found[static_cast<std::size_t>(h)] = true;
      // A heading that carries text after it ("一、总体情况 2024年，...") keeps that text.
      const std::string rest = detail::heading_remainder(b.text);
      if (!rest.empty()) report_.sections[static_cast<std::size_t>(h)] += rest;
      continue;
    }
    std::string& dst = current < 0 ? report_.preamble : report_.sections[static_cast<std::size_t>(current)];
    if (!dst.empty()) dst.push_back('\n');
    dst += b.text;
    if (cited_template_ == 0) cited_template_ = detail::cited_template(b.text);
  }
}

void Matcher::scan_title() {
  // Candidates in order of trust: body paragraphs before section 一 (the printed title), then
  // the page's own title and ArticleTitle.
  std::vector<std::string_view> candidates;
  int seen = 0;
  for (std::size_t k = 0; k < doc_.blocks.size(); ++k) {
    const Block& b = doc_.blocks[k];
    if (b.kind != BlockKind::Paragraph) continue;
    if (heading_[k] == 0) break;
    if (++seen > 60) break;
    candidates.push_back(b.text);
  }
  detail::TitleInfo best;
  for (std::size_t i = 0; i < candidates.size() && !best.found; ++i)
    best = detail::read_title(candidates[i], i > 0 ? candidates[i - 1] : std::string_view());
  // a title broken over two lines ("2025年上海市人民政府办公厅政府信息公开" / "工作年度报告")
  for (std::size_t i = 0; i + 1 < candidates.size() && !best.found; ++i)
    if (candidates[i].size() < 120)
      best = detail::read_title(std::string(candidates[i]).append(candidates[i + 1]),
                                i > 0 ? candidates[i - 1] : std::string_view());
  if (!best.found) {
    for (const auto& [name, content] : doc_.meta) {
      if (name == "ArticleTitle" || name == "articletitle" || name == "title") {
        best = detail::read_title(content, {});
        if (best.found) break;
      }
    }
  }
  if (!best.found && !doc_.title.empty()) best = detail::read_title(doc_.title, {});
  if (best.found) {
    report_.title = best.title;
    report_.agency = best.agency;
    report_.year = best.year;
  }
  // The statistics period: "统计期限为2024年1月1日至2024年12月31日".
  int period_year = 0;
  std::uint32_t period_offset = 0;
  for (const Block& b : doc_.blocks) {
    if (b.kind != BlockKind::Paragraph) continue;
    period_year = detail::period_year(b.text);
    if (period_year) {
      period_offset = b.span.begin;
      break;
    }
  }
  if (report_.year == 0 && period_year) report_.year = period_year;
  // Without a title (an excerpt, a page cut): the first year the report's own text names, and
  // the agency its first sentence opens with. Said in a finding, as they are read from prose.
  if (report_.year == 0) {
    for (std::size_t k = 0; k < doc_.blocks.size() && report_.year == 0; ++k) {
      const Block& b = doc_.blocks[k];
      if (b.kind != BlockKind::Paragraph || heading_[k] >= 0) continue;
      const int y = detail::first_year(b.text);
      if (!y) continue;
      report_.year = y;
      add_finding("parse.year_from_text", Severity::Info, {},
                  "no title or statistics period names the year; " + std::to_string(y) + " is the first year the text names",
                  b.span.begin, true);
    }
  }
  if (report_.agency.empty()) {
    // the first paragraph of section 一
    for (std::size_t k = 1; k < doc_.blocks.size(); ++k) {
      if (heading_[k - 1] != 0 || doc_.blocks[k].kind != BlockKind::Paragraph) continue;
      std::string a = detail::agency_in_sentence(doc_.blocks[k].text);
      if (!a.empty()) {
        add_finding("parse.agency_from_text", Severity::Info, {},
                    "no title names the agency; \"" + a + "\" is the agency the text opens with", doc_.blocks[k].span.begin,
                    true);
        report_.agency = std::move(a);
      }
      break;
    }
  }
  if (report_.agency.empty()) {
    // the signature: one of the last paragraphs, after the tables
    std::size_t looked = 0;
    for (std::size_t k = doc_.blocks.size(); k-- > 0 && looked < 4;) {
      const Block& b = doc_.blocks[k];
      if (b.kind == BlockKind::Table) break;
      ++looked;
      std::string a = detail::agency_in_signature(b.text);
      if (a.empty()) continue;
      add_finding("parse.agency_from_text", Severity::Info, {},
                  "no title names the agency; \"" + a + "\" is the agency the report is signed by", b.span.begin, true);
      report_.agency = std::move(a);
      break;
    }
  }
  if (report_.year && period_year && period_year != report_.year)
    add_finding("parse.year_conflict", Severity::Warning, {},
                "the title says " + std::to_string(report_.year) + " but the statistics period says " +
                    std::to_string(period_year),
                period_offset, true);
}

// ---------------------------------------------------------------- tables

void Matcher::scan_tables() {
  Context ctx = Context::None;
  for (std::size_t k = 0; k < doc_.blocks.size(); ++k) {
    const Block& b = doc_.blocks[k];
    if (b.kind == BlockKind::Paragraph) {
      const int h = heading_[k];
      if (h >= 0) {
        ctx = h == 1 ? Context::T2 : h == 2 ? Context::T3 : h == 3 ? Context::T4 : Context::None;
      }
      continue;
    }
    read_table(b.table, ctx);
  }
}

void Matcher::read_table(const Table& t, Context& ctx) {
  Deadline::check();
  cache_table(t);
  if (t.stream) return read_stream_table(t, ctx);
  // Column mappings live per table: a header applies to the rows below it.
  std::vector<T2Value> t2_by_order, t2_by_slot;
  std::vector<int> t3_col_by_slot;
  std::array<bool, kTable3Cols> t3_header_seen{};
  std::optional<Table3Row> t3_group;
  std::vector<std::pair<int, int>> t4_by_slot;
  std::vector<int> t4_leaves, t4_blocks, t4_block_by_slot;

  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    RowCells& rc = row_cells_;
    distinct_cells(t, r, rc);
    if (rc.cells.empty()) continue;
    Context anchor = Context::None;
    for (const auto& sc : rc.cells) {
      anchor = label(sc.second).anchor;
      if (anchor != Context::None) break;
    }
    if (anchor != Context::None && anchor != ctx) {
      ctx = anchor;
      t2_by_order.clear();
      t2_by_slot.clear();
    }
    switch (ctx) {
      case Context::T2: read_t2_row(t, r, rc, t2_by_order, t2_by_slot); break;
      case Context::T3: read_t3_row(t, rc, t3_col_by_slot, t3_header_seen, t3_group); break;
      case Context::T4: read_t4_row(t, rc, t4_by_slot, t4_leaves, t4_blocks, t4_block_by_slot); break;
      case Context::None: break;
    }
  }
}

void Matcher::read_t2_row(const Table& t, std::size_t r, const RowCells& rc, std::vector<T2Value>& by_order,
                          std::vector<T2Value>& by_slot) {
  (void)r;
  // Header row: "信息内容 | 本年制发件数 | ...".
  std::vector<T2Value> header;
  std::vector<int> header_slots;
  bool any_header = false;
  for (const auto& [slot, cell] : rc.cells) {
    const T2Value v = label(cell).t2_value;
    const bool yuan = label(cell).t2_yuan;
    if (v != T2Value::Count) {
      any_header = true;
      header.push_back(v);
      for (int s = slot; s < slot + std::max(1, cell->colspan); ++s) header_slots.push_back(s);
      if (yuan) t2_amount_in_yuan_ = true;
      if (detail::t2_value_is_2021(v)) ++t2_votes_2021_;
      if (detail::t2_value_is_2019(v)) ++t2_votes_2019_;
    }
  }
  if (any_header) {
    by_order = header;
    by_slot.clear();
    if (t.geometric) {
      for (const auto& [slot, cell] : rc.cells) {
        const T2Value v = label(cell).t2_value;
        if (v == T2Value::Count) continue;
        const int span = std::max(1, cell->colspan);
        if (by_slot.size() < static_cast<std::size_t>(slot + span)) by_slot.resize(static_cast<std::size_t>(slot + span), T2Value::Count);
        for (int s = slot; s < slot + span; ++s) by_slot[static_cast<std::size_t>(s)] = v;
      }
    }
    return;
  }
  // Data row: a row label, then values.
  const T2Row row = label(rc.cells.front().second).t2_row;
  if (row == T2Row::Count) return;
  t2_seen_ = true;
  const auto row_i = static_cast<std::size_t>(row);
  std::vector<std::pair<int, const Cell*>> values(rc.cells.begin() + 1, rc.cells.end());
  if (by_order.empty()) {
    add_finding("parse.header_missing", Severity::Error, {},
                "table 2 row " + std::string(detail::t2_row_id(row)) + " has no header naming its columns",
                rc.cells.front().second->span.begin, true);
    return;
  }
  auto put = [&](T2Value v, const Cell& cell) {
    Read& dst = t2_[row_i][static_cast<std::size_t>(v)];
    if (dst.set) return;
    store(dst, cell);
  };
  if (t.geometric && !by_slot.empty()) {
    for (const auto& [slot, cell] : values) {
      if (static_cast<std::size_t>(slot) < by_slot.size() && by_slot[static_cast<std::size_t>(slot)] != T2Value::Count)
        put(by_slot[static_cast<std::size_t>(slot)], *cell);
    }
  } else {
    // Text extracted from .docx loses horizontal merges: the k-th value is the k-th header.
    const std::size_t n = std::min(values.size(), by_order.size());
    for (std::size_t k = 0; k < n; ++k) put(by_order[k], *values[k].second);
    if (values.size() > by_order.size()) {
      bool extra_nonblank = false;
      for (std::size_t k = by_order.size(); k < values.size(); ++k)
        if (state(values[k].second) != CellState::Blank) extra_nonblank = true;
      if (extra_nonblank)
        add_finding("parse.extra_cells", Severity::Warning, {},
                    "table 2 row " + std::string(detail::t2_row_id(row)) + " has more cells than its header names",
                    rc.cells.front().second->span.begin, true);
    }
  }
}

void Matcher::read_t3_row(const Table& t, const RowCells& rc, std::vector<int>& col_by_slot,
                          std::array<bool, kTable3Cols>& header_seen, std::optional<Table3Row>& group) {
  // Split the row into label cells and value cells.
  std::vector<std::pair<int, const Cell*>>& labels = row_labels_;
  std::vector<std::pair<int, const Cell*>>& values = row_values_;
  labels.clear();
  values.clear();
  int first_value_slot = -1;
  if (t.geometric && !col_by_slot.empty()) {
    for (std::size_t s = 0; s < col_by_slot.size(); ++s)
      if (col_by_slot[s] >= 0) {
        first_value_slot = static_cast<int>(s);
        break;
      }
  }
  if (first_value_slot >= 0) {
    for (const auto& sc : rc.cells) (sc.first < first_value_slot ? labels : values).push_back(sc);
  } else {
    // The row label is the last cell naming a row or a group of rows; a stray word among the
    // values stays a value cell (and is reported unreadable) instead of shifting the columns.
    std::size_t last_label = rc.cells.size();
    for (std::size_t k = 0; k < rc.cells.size(); ++k) {
      const Cell* c = rc.cells[k].second;
      if (!is_label(c)) continue;
      if (t3_row(c, true) || label(c).t3_group) last_label = k;
    }
    if (last_label == rc.cells.size())
      for (std::size_t k = 0; k < rc.cells.size(); ++k)
        if (is_label(rc.cells[k].second)) last_label = k;
    if (last_label == rc.cells.size()) {
      values = rc.cells;
    } else {
      labels.assign(rc.cells.begin(), rc.cells.begin() + static_cast<std::ptrdiff_t>(last_label) + 1);
      values.assign(rc.cells.begin() + static_cast<std::ptrdiff_t>(last_label) + 1, rc.cells.end());
    }
  }

  // A row of column labels holding no numbers is a header row.
  bool any_number = false;
  for (const auto& [slot, cell] : rc.cells)
    if (state(cell) == CellState::Value) any_number = true;
  if (!any_number) {
    bool header_row = false;
    for (const auto& [slot, cell] : rc.cells) {
      const int c = label(cell).t3_col;
      if (c < 0) continue;
      header_row = true;
      header_seen[static_cast<std::size_t>(c)] = true;
      if (!t.geometric) continue;
      const int span = std::max(1, cell->colspan);
      if (col_by_slot.size() < static_cast<std::size_t>(slot + span))
        col_by_slot.resize(static_cast<std::size_t>(slot + span), -1);
      for (int s = slot; s < slot + span; ++s) col_by_slot[static_cast<std::size_t>(s)] = c;
    }
    if (header_row) {
      int named = 0;
      for (bool b : header_seen) named += b ? 1 : 0;
      t3_header_columns_ = std::max(t3_header_columns_, named);
      return;
    }
  }

  // Which template row: the innermost label that names one. An outer （六）其他处理 label
  // makes "3.其他" the other_misc row; alone it is the single `other` row.
  for (const auto& sc : labels)
    if (label(sc.second).other_handling) group = Table3Row::Other;
  std::optional<Table3Row> row;
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
    if (label(it->second).other_handling) {
      if (it == labels.rbegin()) row = Table3Row::Other;
      break;
    }
    row = t3_row(it->second, group.has_value());
    if (row) break;
  }
  if (!row) return;
  const bool in_other_group = *row == Table3Row::OtherNoCorrection || *row == Table3Row::OtherUnpaidFee ||
                              *row == Table3Row::OtherMisc;
  if (in_other_group) group = Table3Row::Other;
  else group.reset();

  const auto ri = static_cast<std::size_t>(*row);
  const Cell& label_cell = *labels.back().second;
  if (t3_seen_[ri]) {
    add_finding("parse.duplicate_row", Severity::Warning, {},
                "table 3 row " + std::string(table3_row_id(*row)) + " appears again at " + where(label_cell.span.begin) +
                    "; the first one is kept",
                label_cell.span.begin, true);
    return;
  }
  t3_seen_[ri] = true;

  if (first_value_slot >= 0) {
    for (const auto& [slot, cell] : values) {
      const int c = static_cast<std::size_t>(slot) < col_by_slot.size() ? col_by_slot[static_cast<std::size_t>(slot)] : -1;
      if (c < 0) continue;
      Read& dst = t3_[ri][static_cast<std::size_t>(c)];
      if (!dst.set) store(dst, *cell);
    }
    return;
  }
  // Without geometry the columns are known by order: the header must name all seven.
  int header_count = 0;
  for (bool b : header_seen) header_count += b ? 1 : 0;
  // Trailing empty cells beyond the seventh are layout residue.
  while (values.size() > kTable3Cols && state(values.back().second) == CellState::Blank) values.pop_back();
  if (values.size() != kTable3Cols) {
    std::vector<std::string> names;
    for (int c = 0; c < kTable3Cols; ++c)
      names.push_back("table3/" + std::string(table3_row_id(*row)) + "/" + std::string(table3_col_id(static_cast<Table3Col>(c))));
    add_finding("parse.row_cells", Severity::Error, std::move(names),
                "table 3 row " + std::string(table3_row_id(*row)) + " at " + where(label_cell.span.begin) + " has " +
                    std::to_string(values.size()) + " value cells, not 7: its cells are not read",
                label_cell.span.begin, true);
    for (int c = 0; c < kTable3Cols; ++c) {
      Read& dst = t3_[ri][static_cast<std::size_t>(c)];
      dst.set = true;
      dst.value.state = CellState::Text;
      dst.raw.clear();
      dst.offset = label_cell.span.begin;
    }
    return;
  }
  if (header_count != 0 && header_count != kTable3Cols) {
    add_finding("parse.header_incomplete", Severity::Warning, {},
                "table 3 header names " + std::to_string(header_count) + " of the 7 applicant columns; the template's column order is assumed",
                label_cell.span.begin, true);
    header_seen.fill(true);  // say it once
  }
  for (int c = 0; c < kTable3Cols; ++c) store(t3_[ri][static_cast<std::size_t>(c)], *values[static_cast<std::size_t>(c)].second);
}

void Matcher::read_t4_row(const Table& t, const RowCells& rc, std::vector<std::pair<int, int>>& by_slot,
                          std::vector<int>& leaves_in_order, std::vector<int>& blocks_in_order,
                          std::vector<int>& block_by_slot) {
  // Header cells: blocks (行政复议, 未经复议直接起诉, 复议后起诉) and leaves (结果维持 ...).
  bool header_row = false;
  for (const auto& [slot, cell] : rc.cells) {
    const detail::LabelInfo& l = label(cell);
    const int b = l.t4_block;
    const int v = b < 0 ? l.t4_value : -1;
    if (b < 0 && v < 0) {
      if (l.litigation) header_row = true;
      continue;
    }
    header_row = true;
    const int span = std::max(1, cell->colspan);
    if (b >= 0) {
      blocks_in_order.push_back(b);
      if (t.geometric) {
        if (block_by_slot.size() < static_cast<std::size_t>(slot + span)) block_by_slot.resize(static_cast<std::size_t>(slot + span), -1);
        for (int s = slot; s < slot + span; ++s) block_by_slot[static_cast<std::size_t>(s)] = b;
      }
    } else {
      leaves_in_order.push_back(v);
      if (t.geometric) {
        if (by_slot.size() < static_cast<std::size_t>(slot + span)) by_slot.resize(static_cast<std::size_t>(slot + span), {-1, -1});
        for (int s = slot; s < slot + span; ++s) {
          const int blk = static_cast<std::size_t>(s) < block_by_slot.size() ? block_by_slot[static_cast<std::size_t>(s)] : -1;
          by_slot[static_cast<std::size_t>(s)] = {blk, v};
        }
      }
    }
  }
  if (header_row) return;
  // A data row: the cells from the first number on (a leading label such as "数量" is
  // allowed); text among them is a value cell that cannot be read. A row of exactly fifteen
  // cells is all values, text first or not.
  std::vector<std::pair<int, const Cell*>> values;
  {
    std::size_t first = rc.cells.size();
    for (std::size_t k = 0; k < rc.cells.size() && first == rc.cells.size(); ++k)
      if (!is_label(rc.cells[k].second)) first = k;
    if (rc.cells.size() == static_cast<std::size_t>(kTable4Blocks * kTable4Values)) first = 0;
    if (t.geometric && !by_slot.empty()) {
      // on a grid, every cell under a column header is a value
      for (const auto& sc : rc.cells)
        if (static_cast<std::size_t>(sc.first) < by_slot.size() && by_slot[static_cast<std::size_t>(sc.first)].second >= 0)
          values.push_back(sc);
    } else {
      values.assign(rc.cells.begin() + static_cast<std::ptrdiff_t>(first), rc.cells.end());
    }
  }
  int numbers = 0;
  for (const auto& [slot, cell] : values)
    if (state(cell) == CellState::Value) ++numbers;
  if (values.empty()) return;
  if (t4_seen_) {
    if (numbers > 0)
      add_finding("parse.duplicate_row", Severity::Warning, {},
                  "table 4 has another row of values at " + where(values.front().second->span.begin) + "; the first is kept",
                  values.front().second->span.begin, true);
    return;
  }
  const std::uint32_t at = values.front().second->span.begin;
  bool geometric_ok = t.geometric && !by_slot.empty();
  if (geometric_ok) {
    int mapped = 0;
    for (const auto& [slot, cell] : values)
      if (static_cast<std::size_t>(slot) < by_slot.size() && by_slot[static_cast<std::size_t>(slot)].first >= 0 &&
          by_slot[static_cast<std::size_t>(slot)].second >= 0)
        ++mapped;
    geometric_ok = mapped == kTable4Blocks * kTable4Values;
  }
  t4_seen_ = true;
  if (geometric_ok) {
    for (const auto& [slot, cell] : values) {
      if (static_cast<std::size_t>(slot) >= by_slot.size()) continue;
      const auto [b, v] = by_slot[static_cast<std::size_t>(slot)];
      if (b < 0 || v < 0) continue;
      Read& dst = t4_[static_cast<std::size_t>(b)][static_cast<std::size_t>(v)];
      if (!dst.set) store(dst, *cell);
    }
    return;
  }
  // By order: 15 values under 15 leaf headers, the blocks in the order their labels were read.
  while (values.size() > static_cast<std::size_t>(kTable4Blocks * kTable4Values) &&
         state(values.back().second) == CellState::Blank)
    values.pop_back();
  std::vector<int> blocks;
  for (int b : blocks_in_order)
    if (std::find(blocks.begin(), blocks.end(), b) == blocks.end()) blocks.push_back(b);
  const bool header_ok = leaves_in_order.size() == static_cast<std::size_t>(kTable4Blocks * kTable4Values) &&
                         blocks.size() == static_cast<std::size_t>(kTable4Blocks);
  if (values.size() != static_cast<std::size_t>(kTable4Blocks * kTable4Values) || !header_ok) {
    std::vector<std::string> names;
    for (int b = 0; b < kTable4Blocks; ++b)
      for (int v = 0; v < kTable4Values; ++v)
        names.push_back("table4/" + std::string(table4_block_id(static_cast<Table4Block>(b))) + "/" +
                        std::string(table4_value_id(static_cast<Table4Value>(v))));
    add_finding("parse.row_cells", Severity::Error, std::move(names),
                "table 4 at " + where(at) + " has " + std::to_string(values.size()) + " value cells under " +
                    std::to_string(leaves_in_order.size()) + " column headers, not 15: its cells are not read",
                at, true);
    for (auto& blk : t4_)
      for (Read& dst : blk) {
        dst.set = true;
        dst.value.state = CellState::Text;
        dst.offset = at;
      }
    return;
  }
  for (std::size_t k = 0; k < values.size(); ++k) {
    const int b = blocks[k / kTable4Values];
    const int v = leaves_in_order[k];
    Read& dst = t4_[static_cast<std::size_t>(b)][static_cast<std::size_t>(v)];
    if (!dst.set) store(dst, *values[k].second);
  }
}

// ---------------------------------------------------------------- stream tables

namespace {

template <typename T>
std::vector<std::string_view> raw_of(const std::vector<T>& toks) {
  std::vector<std::string_view> out;
  for (const T& t : toks) out.push_back(t.raw);
  return out;
}

std::string join_raw(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out.push_back(' ');
    out.append(p);
  }
  return out;
}

}  // namespace

void Matcher::read_stream_table(const Table& t, Context& ctx) {
  // The last token of the whole document: a row cut short there is cut off, not unreadable.
  bool in_other_group = false;
  unsigned stream_header_cols = 0;
  int t3_current = -1;
  std::vector<Tok> t3_values;
  std::uint32_t t3_label_offset = 0;
  auto flush_t3 = [&] {
    if (t3_current < 0 && t3_values.empty()) return;
    T3Group g;
    g.row = t3_current;
    g.offset = t3_label_offset;
    g.values = std::move(t3_values);
    t3_values.clear();
    t3_groups_.push_back(std::move(g));
    t3_current = -1;
  };
  auto leave = [&](Context from) {
    if (from == Context::T2) flush_t2_stream(false);
    if (from == Context::T3) flush_t3();
    if (from == Context::T4) flush_t4_stream(false);
  };

  for (std::size_t r = 0; r < t.rows.size(); ++r, ++stream_lines_) {
    const Cell* previous = nullptr;  // the cell before on this line
    for (std::size_t si = 0; si < t.rows[r].size(); ++si) {
      const std::int32_t ci = t.rows[r][si];
      if (ci < 0) continue;
      const Cell* cell = &t.cells[static_cast<std::size_t>(ci)];
      const Cell* before = previous;
      previous = cell;
      const CellValue& v = value(cell);
      // a run of digits that is no one number ("9301,416", glued) is still values, not a label
      const bool is_value =
          v.state != CellState::Text || detail::is_glued_run(cell->text) || detail::is_glued_decimal_run(cell->text);
      if (!is_value) {
        const detail::LabelInfo& l = label(cell);
        Context anchor = l.anchor;
        if (anchor == Context::None && ctx != Context::T3) {
          const auto row = t3_row(cell, false);
          if (row && *row != Table3Row::TotalProcessed) anchor = Context::T3;
        }
        if (anchor != Context::None && anchor != ctx) {
          leave(ctx);
          ctx = anchor;
        }
      }
      const Tok tok{v, cell->text, cell->span.begin, stream_lines_};
      switch (ctx) {
        case Context::T2: {
          if (is_value) {
            t2_header_open_ = false;
            // Glued to a label that names no row ("其他对外管理" / "服务事项2022 73", a label
            // wrapped on a crawled page): the values of a row not found, which names its cells.
            if (t2_row_closed_ && (touches_text(tok) || std::any_of(t2_stream_values_.begin(), t2_stream_values_.end(),
                                                                     [&](const Tok& o) { return touches_text(o); })))
              break;
            // PDF text sometimes puts a row's value before its label ("550", "行政许可").
            (t2_stream_row_ >= 0 ? t2_stream_values_ : t2_orphans_).push_back(tok);
            break;
          }
          const std::string& n = norm(cell);
          // a label after the row's values that names neither a row nor a column ends the row
          if (!t2_stream_values_.empty() || t2_stream_row_ < 0) t2_row_closed_ = true;
          // Column headers, in the order they are printed (several may be glued in one token,
          // or each be a token of its own).
          const auto cols = detail::t2_values_in(n, t2_amount_in_yuan_);
          const T2Row row = detail::t2_row_suffix(n);
          if (!cols.empty() || row != T2Row::Count) flush_t2_stream(false);
          if (n == "信息内容") {
            flush_t2_stream(false);
            t2_stream_cols_.clear();
            t2_header_open_ = true;
          }
          if (!cols.empty() || n == "信息内容") t2_orphans_.clear();
          if (!cols.empty()) {
            if (!t2_header_open_) t2_stream_cols_.clear();
            t2_stream_cols_.insert(t2_stream_cols_.end(), cols.begin(), cols.end());
            t2_header_open_ = true;
            for (T2Value c : cols) {
              if (detail::t2_value_is_2021(c)) ++t2_votes_2021_;
              if (detail::t2_value_is_2019(c)) ++t2_votes_2019_;
            }
          }
          if (cols.empty() && n != "信息内容") t2_header_open_ = false;
          if (!cols.empty() || n == "信息内容") t2_row_closed_ = false;
          if (row != T2Row::Count) {
            t2_header_open_ = false;
            t2_row_closed_ = false;
            // values glued to the text before the label are not this row's (PDF text prints a
            // value before its label with white space around it)
            if (std::any_of(t2_orphans_.begin(), t2_orphans_.end(), [&](const Tok& o) { return touches_text(o); }))
              t2_orphans_.clear();
            t2_stream_values_ = std::move(t2_orphans_);
            t2_orphans_.clear();
            t2_stream_row_ = static_cast<int>(row);
            t2_stream_offset_ = cell->span.begin;
            t2_seen_ = true;
          }
          break;
        }
        case Context::T3: {
          t3_stream_ = true;
          if (is_value) {
            // "(四) 无" / "法提供": a group label wrapped after 无, not a value of the row above
            const bool last = si + 1 == t.rows[r].size();
            if (v.state == CellState::Nil && last && before != nullptr && value(before).state == CellState::Text) {
              const std::string_view b = before->text;
              if (b.size() >= 1 && (b.back() == ')' || (b.size() >= 3 && b.substr(b.size() - 3) == "）"))) break;
            }
            t3_values.push_back(tok);
            break;
          }
          const detail::LabelInfo& l = label(cell);
          const std::string& n = l.norm;
          if (l.t3_col >= 0 || detail::contains(n, "申请人情况")) {
            t3_stream_header_seen_ = true;
            stream_header_cols |= l.t3_col >= 0 ? 1u << l.t3_col : 0u;
            if (detail::contains(n, "自然人") && detail::contains(n, "商业企业")) stream_header_cols = 0x7F;  // glued
            t3_header_columns_ = std::max(t3_header_columns_, __builtin_popcount(stream_header_cols));
            if (n == "总计" || n == "合计" || n == "其他") break;  // the column, not the （七）总计 row
          }
          std::optional<Table3Row> row;
          if (l.other_handling) row = Table3Row::Other;
          else row = t3_row(cell, in_other_group);
          if (!row) break;  // a fragment of a label, a vertical label, a page number: no row
          flush_t3();
          const bool in_other = *row == Table3Row::OtherNoCorrection || *row == Table3Row::OtherUnpaidFee ||
                                *row == Table3Row::OtherMisc;
          in_other_group = in_other;
          t3_current = static_cast<int>(*row);
          t3_label_offset = cell->span.begin;
          break;
        }
        case Context::T4: {
          if (is_value) {
            if (t4_stream_values_.empty()) t4_stream_offset_ = cell->span.begin;
            t4_stream_values_.push_back(tok);
            break;
          }
          const std::string& n = norm(cell);
          for (const auto& [pos, kind, id] : detail::t4_labels_in(n)) {
            (void)pos;
            t4_stream_header_ = true;
            (kind == 0 ? t4_stream_blocks_ : t4_stream_leaves_).push_back(id);
          }
          break;
        }
        case Context::None:
          break;
      }
    }
    if (ctx == Context::T3) drop_border_blanks(t3_values, kTable3Cols, stream_lines_);
  }
  if (ctx == Context::T3) t3_stream_at_end_ = &t == &doc_.blocks.back().table;
  leave(ctx);
}

void Matcher::flush_t2_stream(bool at_end) {
  (void)at_end;
  if (t2_stream_row_ < 0) {
    t2_stream_values_.clear();
    return;
  }
  const auto row = static_cast<std::size_t>(t2_stream_row_);
  const std::vector<T2Value>& cols = t2_stream_cols_;
  std::vector<Tok> vals = std::move(t2_stream_values_);
  t2_stream_values_.clear();
  const std::uint32_t at = t2_stream_offset_;
  t2_stream_row_ = -1;
  drop_border_blanks(vals, cols.size());
  if (cols.empty()) {
    add_finding("parse.header_missing", Severity::Error, {},
                "table 2 row " + std::string(detail::t2_row_id(static_cast<T2Row>(row))) + " has no header naming its columns",
                at, true);
    return;
  }
  auto cell_name = [&](T2Value c) {
    return "table2/" + std::string(detail::t2_row_id(static_cast<T2Row>(row))) + "/" + std::string(detail::t2_value_id(c));
  };
  auto slot = [&](T2Value c) -> Read& { return t2_[row][static_cast<std::size_t>(c)]; };
  // Values glued to what is around them (a crawled page's text: "行政许可82-181,516") are one
  // run of digits whatever tokens they were cut into: as many tokens as columns is no proof.
  const bool glued_row = std::any_of(vals.begin(), vals.end(), [&](const Tok& t) {
    return (t.value.state == CellState::Text || (t.value.state == CellState::Value && !t.value.has_unit)) && touches_text(t);
  });
  const bool all_runs = std::all_of(vals.begin(), vals.end(), [](const Tok& t) { return detail::is_glued_run(t.raw); });
  if (vals.empty()) {  // the row is printed without values
    for (T2Value c : cols)
      if (!slot(c).set) put_blank(slot(c), at);
    return;
  }
  std::vector<T2Value> distinct;  // a merged header cell repeated by a converter names its column twice
  for (T2Value c : cols)
    if (std::find(distinct.begin(), distinct.end(), c) == distinct.end()) distinct.push_back(c);
  if (!header_complete(static_cast<T2Row>(row), distinct.size())) {
    // a header wrapped or broken names only some of the row's columns: which of them the
    // values belong to is not known
    std::vector<std::string> names;
    for (T2Value c : cols) names.push_back(cell_name(c));
    for (T2Value c : cols)
      if (!slot(c).set) put_unreadable(slot(c), join_raw(raw_of(vals)), vals.front().offset);
    add_finding("parse.header_missing", Severity::Error, names,
                "table 2 row " + std::string(detail::t2_row_id(static_cast<T2Row>(row))) + " (\"" + join_raw(raw_of(vals)) +
                    "\") is under a header naming only " + std::to_string(distinct.size()) +
                    " of its columns: the cells are not read",
                at, true);
    return;
  }
  if (vals.size() == cols.size() && !(glued_row && all_runs)) {
    for (std::size_t k = 0; k < cols.size(); ++k)
      if (!slot(cols[k]).set) put_tok(slot(cols[k]), vals[k]);
    return;
  }

  // Fewer tokens than columns, or glued ones: numbers run together. Table 2 has no identity to
  // choose a cut, so only a cut that is the only one possible is taken ("000" -> 0 | 0 | 0) —
  // counting the readings with a cell left blank, which glued text cannot show ("215" is
  // 2 | blank | 15 as often as 2 | 1 | 5). Only 本年增/减 can be negative.
  std::vector<std::string_view> runs;
  for (const Tok& t : vals) runs.push_back(t.raw);
  // adjacent glued tokens are one run ("82" "-181,516" -> "82-181,516")
  std::vector<std::string> joined;
  if (glued_row && all_runs) {
    for (std::size_t k = 0; k < vals.size(); ++k) {
      if (k > 0 && vals[k - 1].offset + vals[k - 1].raw.size() == vals[k].offset) joined.back().append(vals[k].raw);
      else joined.emplace_back(vals[k].raw);
    }
    runs.assign(joined.begin(), joined.end());
  }
  bool truncated = false;
  auto any = [](const auto&) { return true; };
  auto signs = [&](const std::vector<std::int64_t>& v) {
    for (std::size_t k = 0; k < v.size(); ++k)
      if (v[k] < 0 && cols[k] != T2Value::Change) return false;
    return true;
  };
  auto splits = runs.size() <= cols.size() ? detail::glued_splits(runs, static_cast<int>(cols.size()), signs, 2, truncated)
                                           : std::vector<std::vector<std::int64_t>>{};
  bool blank_reading = false;
  if (splits.size() == 1 && cols.size() >= 2) {
    bool more = false;
    blank_reading = !detail::glued_splits(runs, static_cast<int>(cols.size()) - 1, any, 1, more).empty();
  }
  std::vector<std::string> names;
  for (T2Value c : cols) names.push_back(cell_name(c));
  if (splits.size() == 1 && !truncated && !blank_reading) {
    for (std::size_t k = 0; k < cols.size(); ++k)
      if (!slot(cols[k]).set) put_number(slot(cols[k]), splits[0][k], vals[std::min(k, vals.size() - 1)]);
    add_finding("parse.glued_split", Severity::Info, names,
                "\"" + join_raw(runs) + "\" holds " + std::to_string(cols.size()) + " numbers run together; only one way to cut it",
                at, true);
    return;
  }
  for (T2Value c : cols)
    if (!slot(c).set) put_unreadable(slot(c), join_raw(runs), vals.front().offset);
  add_finding("parse.glued_ambiguous", Severity::Error, names,
              "\"" + join_raw(runs) + "\" holds " + std::to_string(cols.size()) + " numbers run together" +
                  (splits.empty()   ? " but cannot be cut into them"
                   : blank_reading ? " and, with one of its cells left blank, can also be read as " +
                                         std::to_string(cols.size() - 1) + " numbers"
                                   : " and can be cut in several ways") +
                  "; table 2 has no identity to decide, so the cells are not read",
              at, true);
}

void Matcher::flush_t4_stream(bool at_end) {
  (void)at_end;
  if (t4_seen_ || t4_stream_values_.empty()) {
    t4_stream_values_.clear();
    return;
  }
  std::vector<Tok> vals = std::move(t4_stream_values_);
  t4_stream_values_.clear();
  const std::uint32_t at = t4_stream_offset_;
  constexpr int kN = kTable4Blocks * kTable4Values;
  drop_border_blanks(vals, static_cast<std::size_t>(kN));
  // Column order: the leaves as printed when all fifteen were read, else the template's order
  // (vertical headers, one character a line, cannot be read) under the block labels.
  std::vector<int> leaves = t4_stream_leaves_;
  std::vector<int> blocks;
  for (int b : t4_stream_blocks_)
    if (std::find(blocks.begin(), blocks.end(), b) == blocks.end()) blocks.push_back(b);
  const bool leaves_ok = leaves.size() == static_cast<std::size_t>(kN) && blocks.size() == static_cast<std::size_t>(kTable4Blocks);
  if (!leaves_ok) {
    leaves.clear();
    for (int b = 0; b < kTable4Blocks; ++b)
      for (int v = 0; v < kTable4Values; ++v) leaves.push_back(v);
    blocks = {0, 1, 2};
    add_finding("parse.header_assumed", Severity::Warning, {},
                "table 4's column headers could not be read; the template's column order is assumed", at, true);
  }
  auto slot = [&](std::size_t k) -> Read& {
    return t4_[static_cast<std::size_t>(blocks[k / kTable4Values])][static_cast<std::size_t>(leaves[k])];
  };
  t4_seen_ = true;
  std::vector<std::string_view> runs;
  for (const Tok& t : vals) runs.push_back(t.raw);
  std::vector<std::string> names;
  for (int b = 0; b < kTable4Blocks; ++b)
    for (int v = 0; v < kTable4Values; ++v)
      names.push_back("table4/" + std::string(table4_block_id(static_cast<Table4Block>(b))) + "/" +
                      std::string(table4_value_id(static_cast<Table4Value>(v))));
  if (vals.size() == static_cast<std::size_t>(kN)) {
    // Read in an assumed order, the values must at least make each block add up.
    bool adds_up = true;
    if (!leaves_ok && !one_line(vals, 0, vals.size())) {
      for (int b = 0; b < kTable4Blocks; ++b) {
        double sum = 0;
        for (int v = 0; v < kTable4Values - 1; ++v) sum += vals[static_cast<std::size_t>(b * kTable4Values + v)].value.value;
        const Tok& total = vals[static_cast<std::size_t>(b * kTable4Values + kTable4Values - 1)];
        for (int v = 0; v < kTable4Values; ++v)
          if (vals[static_cast<std::size_t>(b * kTable4Values + v)].value.state != CellState::Value) adds_up = false;
        if (total.value.value != sum) adds_up = false;
      }
    }
    if (adds_up) {
      for (std::size_t k = 0; k < vals.size(); ++k) put_tok(slot(k), vals[k]);
      return;
    }
    for (std::size_t k = 0; k < vals.size(); ++k) put_unreadable(slot(k), vals[k].raw, vals[k].offset);
    add_finding("parse.stream_order", Severity::Error, names,
                "table 4's 15 values (\"" + join_raw(runs) + "\") come without readable column headers and do not add up "
                "in the template's order: the cells are not read",
                at, true);
    return;
  }
  if (vals.size() < static_cast<std::size_t>(kN)) {
    // Glued: each block's four results must add up to its total.
    auto accept = [&](const std::vector<std::int64_t>& c) {
      for (int b = 0; b < kTable4Blocks; ++b) {
        std::int64_t sum = 0, total = -1;
        for (int k = 0; k < kTable4Values; ++k) {
          const std::int64_t x = c[static_cast<std::size_t>(b * kTable4Values + k)];
          if (x < 0) return false;
          if (leaves[static_cast<std::size_t>(b * kTable4Values + k)] == static_cast<int>(Table4Value::Total)) total = x;
          else sum += x;
        }
        if (sum != total) return false;
      }
      return true;
    };
    bool truncated = false;
    const auto splits = detail::glued_splits(runs, kN, accept, 2, truncated);
    if (splits.size() == 1 && !truncated) {
      for (std::size_t k = 0; k < static_cast<std::size_t>(kN); ++k) put_number(slot(k), splits[0][k], vals[std::min(k, vals.size() - 1)]);
      add_finding("parse.glued_split", Severity::Info, names,
                  "table 4 \"" + join_raw(runs) + "\": the only cut into 15 numbers whose blocks add up", at, true);
      return;
    }
    for (std::size_t k = 0; k < static_cast<std::size_t>(kN); ++k) put_unreadable(slot(k), join_raw(runs), at);
    add_finding("parse.glued_ambiguous", Severity::Error, names,
                "table 4 \"" + join_raw(runs) + "\" holds 15 numbers run together and " +
                    (splits.empty() ? "no cut makes its blocks add up" : "several cuts make its blocks add up") +
                    ": the cells are not read",
                at, true);
    return;
  }
  for (std::size_t k = 0; k < static_cast<std::size_t>(kN); ++k) put_unreadable(slot(k), join_raw(runs), at);
  add_finding("parse.row_cells", Severity::Error, names,
              "table 4 has " + std::to_string(vals.size()) + " numbers, not 15: its cells are not read", at, true);
}

void Matcher::resolve_t3_stream() {
  constexpr std::size_t kCols = kTable3Cols;
  constexpr std::int64_t kBlank = std::numeric_limits<std::int64_t>::min();
  // Groups of 7k values after one label: the first 7 are the label's row, the rest rows
  // without a label (PDF text where the labels were extracted elsewhere).
  std::vector<T3Group> groups;
  for (T3Group& g : t3_groups_) {
    if (g.values.size() > kCols && g.values.size() % kCols == 0) {
      for (std::size_t k = 0; k < g.values.size(); k += kCols) {
        T3Group part;
        part.row = k == 0 ? g.row : -1;
        part.offset = k == 0 ? g.offset : g.values[k].offset;
        part.values.assign(g.values.begin() + static_cast<std::ptrdiff_t>(k), g.values.begin() + static_cast<std::ptrdiff_t>(k + kCols));
        groups.push_back(std::move(part));
      }
    } else {
      groups.push_back(std::move(g));
    }
  }
  t3_groups_.clear();

  auto row_name = [](int row, std::size_t c) {
    return "table3/" + std::string(table3_row_id(static_cast<Table3Row>(row))) + "/" +
           std::string(table3_col_id(static_cast<Table3Col>(c)));
  };
  auto row_names = [&](int row) {
    std::vector<std::string> names;
    for (std::size_t c = 0; c < kCols; ++c) names.push_back(row_name(row, c));
    return names;
  };  const bool cut_at_end = t3_stream_at_end_ && !groups.empty() && groups.back().values.size() < kCols;
  if (cut_at_end && groups.back().values.empty() && groups.back().row >= 0) {
    // The input ends on this row's label: the row is not in it.
    add_finding("parse.cut_off", Severity::Warning, row_names(groups.back().row),
                "the input ends at table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(groups.back().row))) +
                    ", before its values",
                groups.back().offset, true);
    groups.pop_back();
  }


  // Rows left to the identities: glued numbers with several possible cuts.
  struct Glued {
    int row;
    std::uint32_t offset;
    std::string raw;
    std::vector<std::vector<std::int64_t>> candidates;  // kBlank: a cell printed empty
    Tok first;
    std::vector<Tok> values;  // a row short of one value: its tokens as printed
  };
  std::vector<Glued> glued;
  std::vector<Glued> short_rows;  // six values for seven columns: a blank cell somewhere, or glued
  std::vector<bool> has_values(static_cast<std::size_t>(Table3Row::Count), false);
  std::vector<int> label_only;
  // Seven values read in stream order are only taken when the six applicant columns add up to
  // the total (or some are not numbers at all): order in such text is not proof enough.
  auto adds_up = [](const std::vector<Tok>& v) {
    double sum = 0;
    for (std::size_t c = 0; c < kCols; ++c)
      if (v[c].value.state != CellState::Value) return true;
    for (std::size_t c = 0; c + 1 < kCols; ++c) sum += v[c].value.value;
    return sum == v[kCols - 1].value.value;
  };

  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const T3Group& g = groups[gi];
    if (g.row < 0) continue;
    const auto ri = static_cast<std::size_t>(g.row);
    if (t3_seen_[ri] && has_values[ri]) {
      if (!g.values.empty())
        add_finding("parse.duplicate_row", Severity::Warning, {},
                    "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " appears again at " +
                        where(g.offset) + "; the first one is kept",
                    g.offset, true);
      continue;
    }
    t3_seen_[ri] = true;
    auto& cells = t3_[ri];
    // "0000" is no number a table prints: zero cells glued together (a page's text with its
    // tags dropped), so the row's tokens are not its cells
    const bool zeros_glued = std::any_of(g.values.begin(), g.values.end(), [](const Tok& t) {
      const bool zero_led = t.raw.substr(0, 1) == "0" || t.raw.substr(0, 3) == "０";
      return zero_led && t.raw.size() > (t.raw[0] == '0' ? 1u : 3u) && detail::is_digit_run(t.raw);
    });
    if (g.values.size() == kCols && !zeros_glued) {
      if (one_line(g.values, 0, kCols) || adds_up(g.values)) {
        // Values on several lines, some holding more than one, are placed by order, so that
        // another identity must confirm them: a number wrapped inside a narrow PDF cell leaves
        // its digits on the lines above and below the row, and the row's own total still adds
        // up over the last digits (`2 0 0 0 1` on the row, `0 … 3` below it, for 110 … 113).
        const bool proven = one_line(g.values, 0, kCols) || one_per_line(g.values);
        for (std::size_t c = 0; c < kCols; ++c)
          put_tok(cells[c], g.values[c], proven ? Placement::Label : Placement::Order);
      } else {
        std::vector<std::string_view> runs;
        for (const Tok& t : g.values) runs.push_back(t.raw);
        for (std::size_t c = 0; c < kCols; ++c) put_unreadable(cells[c], g.values[c].raw, g.values[c].offset);
        add_finding("parse.stream_order", Severity::Error, row_names(g.row),
                    "the 7 values after table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " at " +
                        where(g.offset) + " (\"" + join_raw(runs) +
                        "\") come from text without cell borders and do not add up to their total: the cells are not read",
                    g.offset, true);
      }
      has_values[ri] = true;
      continue;
    }
    if (g.values.empty()) {  // a label without values: blank unless later placed by order
      for (std::size_t c = 0; c < kCols; ++c) put_blank(cells[c], g.offset);
      label_only.push_back(g.row);
      continue;
    }
    std::vector<std::string_view> runs;
    for (const Tok& t : g.values) runs.push_back(t.raw);
    if (g.values.size() == kCols + 1) {
      // One value too many (a page number alone on its line between two rows, a value spilled
      // from the next row): the row is the seven that add up, where exactly one reading does.
      std::vector<std::size_t> drops;
      std::vector<std::vector<double>> readings;
      for (std::size_t d = 0; d <= kCols; ++d) {
        std::vector<Tok> rest;
        std::vector<double> nums;
        for (std::size_t k = 0; k <= kCols; ++k)
          if (k != d) rest.push_back(g.values[k]);
        bool numbers = true;
        for (const Tok& t : rest) {
          numbers = numbers && t.value.state == CellState::Value;
          nums.push_back(t.value.value);
        }
        if (!numbers || !adds_up(rest)) continue;
        if (std::find(readings.begin(), readings.end(), nums) == readings.end()) {
          readings.push_back(nums);
          drops.push_back(d);
        }
      }
      if (readings.size() == 1) {
        const std::size_t d = drops[0];
        std::size_t c = 0;
        for (std::size_t k = 0; k <= kCols; ++k)
          if (k != d) put_tok(cells[c++], g.values[k]);
        has_values[ri] = true;
        add_finding("parse.stray_values", Severity::Warning, {},
                    "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " at " + where(g.offset) +
                        " has 8 values (\"" + join_raw(runs) + "\"); the seven that add up are read and \"" +
                        std::string(g.values[d].raw) + "\" at " + where(g.values[d].offset) +
                        " (a page number, a value of another row) is not",
                    g.values[d].offset, true);
        continue;
      }
    }
    if (g.values.size() < kCols || (g.values.size() == kCols && zeros_glued)) {
      bool truncated = false;
      auto accept = [](const std::vector<std::int64_t>& v) {
        std::int64_t sum = 0;
        for (std::size_t c = 0; c + 1 < kCols; ++c) {
          if (v[c] < 0) return false;
          sum += v[c];
        }
        return sum == v[kCols - 1];
      };
      auto cands = detail::glued_splits(runs, static_cast<int>(kCols), accept, 64, truncated);
      if (g.values.size() + 1 == kCols && !truncated &&
          std::all_of(g.values.begin(), g.values.end(), [](const Tok& t) {
            // each token one number as printed ("00" is two)
            bool more = false;
            return t.value.state == CellState::Value && t.value.is_integer &&
                   !detail::glued_splits({t.raw}, 1, [](const auto&) { return true; }, 1, more).empty();
          })) {
        // A row printed with a blank cell that left no trace ("1 0 0 0 0 1"): the blank can be
        // in any applicant column where the row adds up; the identities must leave one.
        for (std::size_t p = 0; p + 1 < kCols; ++p) {
          std::vector<std::int64_t> v;
          std::int64_t sum = 0;
          for (std::size_t c = 0, k = 0; c < kCols; ++c) {
            if (c == p) {
              v.push_back(kBlank);
              continue;
            }
            v.push_back(static_cast<std::int64_t>(g.values[k++].value.value));
            if (c + 1 < kCols) sum += v.back();
          }
          if (sum == v.back() && std::find(cands.begin(), cands.end(), v) == cands.end()) cands.push_back(std::move(v));
        }
        if (!cands.empty()) {
          has_values[ri] = true;
          short_rows.push_back({g.row, g.offset, join_raw(runs), std::move(cands), g.values.front(), g.values});
          continue;
        }
      }
      if (!cands.empty() && !truncated) {
        has_values[ri] = true;
        glued.push_back({g.row, g.offset, join_raw(runs), std::move(cands), g.values.front(), {}});
        continue;
      }
      if (gi + 1 == groups.size() && cut_at_end) {
        // The input ends inside this row: the row is not in it.
        t3_seen_[ri] = false;
        add_finding("parse.cut_off", Severity::Warning, row_names(g.row),
                    "the input ends inside table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) +
                        " after " + std::to_string(g.values.size()) + " of its 7 values",
                    g.offset, true);
        continue;
      }
    }
    for (std::size_t c = 0; c < kCols; ++c) put_unreadable(cells[c], join_raw(runs), g.offset);
    add_finding("parse.row_cells", Severity::Error, row_names(g.row),
                "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " at " + where(g.offset) +
                    " has " + std::to_string(g.values.size()) + " values (\"" + join_raw(runs) +
                    "\"), not 7: its cells are not read",
                g.offset, true);
  }

  // Rows of values without a label go, in order, to the template rows between the labelled
  // rows around them, when exactly as many of those are without values.
  for (std::size_t gi = 0; gi < groups.size();) {
    if (groups[gi].row >= 0) {
      ++gi;
      continue;
    }
    std::size_t gj = gi;
    while (gj < groups.size() && groups[gj].row < 0) ++gj;
    int before = -1, after = static_cast<int>(Table3Row::Count);
    for (std::size_t k = gi; k-- > 0;)
      if (groups[k].row >= 0 && !groups[k].values.empty()) {
        before = groups[k].row;
        break;
      }
    for (std::size_t k = gj; k < groups.size(); ++k)
      if (groups[k].row >= 0 && !groups[k].values.empty()) {
        after = groups[k].row;
        break;
      }
    std::vector<int> free_rows;
    const bool single_other = t3_seen_[static_cast<std::size_t>(Table3Row::Other)];
    for (int r = before + 1; r < after && r < static_cast<int>(Table3Row::Other); ++r) {
      const bool other_sub = r >= static_cast<int>(Table3Row::OtherNoCorrection) && r <= static_cast<int>(Table3Row::OtherMisc);
      if (single_other && other_sub) continue;
      if (!has_values[static_cast<std::size_t>(r)]) free_rows.push_back(r);
    }
    bool complete = true;
    for (std::size_t k = gi; k < gj; ++k)
      complete = complete && groups[k].values.size() == kCols &&
                 (one_line(groups[k].values, 0, kCols) || adds_up(groups[k].values));
    if (complete && free_rows.size() == gj - gi) {
      std::vector<std::string> names;
      std::string ids;
      for (std::size_t k = gi; k < gj; ++k) {
        const int r = free_rows[k - gi];
        const auto ri = static_cast<std::size_t>(r);
        for (std::size_t c = 0; c < kCols; ++c) put_tok(t3_[ri][c], groups[k].values[c], Placement::Order);
        t3_seen_[ri] = true;
        has_values[ri] = true;
        ids += (ids.empty() ? "" : ", ") + std::string(table3_row_id(static_cast<Table3Row>(r)));
        for (auto& n : row_names(r)) names.push_back(std::move(n));
      }
      add_finding("parse.row_by_order", Severity::Info, names,
                  std::to_string(gj - gi) + " rows of values without labels at " + where(groups[gi].offset) +
                      " are placed in the template's order between the rows around them: " + ids,
                  groups[gi].offset, true);
    } else {
      std::size_t n = 0;
      for (std::size_t k = gi; k < gj; ++k) n += groups[k].values.size();
      add_finding("parse.stray_values", Severity::Warning, {},
                  std::to_string(n) + " values in table 3 at " + where(groups[gi].offset) +
                      " follow no row label and cannot be placed: they are not read",
                  groups[gi].offset, true);
    }
    gi = gj;
  }


  // Glued rows: each candidate already makes its row add up; the column identities choose.
  // Known values of the other rows take part; a cell that is not a number (or blank) leaves its
  // column out. Rows short of a value come second, with the glued rows' cuts known.
  using Row = Table3Row;
  auto resolve = [&](std::vector<Glued>& rows, bool short_pass) {
  if (rows.empty()) return;
  auto known = [&](int r, std::size_t c, std::int64_t& out) {
    const Read& rd = t3_[static_cast<std::size_t>(r)][c];
    if (!rd.set || rd.value.state != CellState::Value) return false;
    out = static_cast<std::int64_t>(rd.value.value);
    return true;
  };
  std::vector<int> glued_at(static_cast<std::size_t>(Row::Count), -1);
  for (std::size_t k = 0; k < rows.size(); ++k) glued_at[static_cast<std::size_t>(rows[k].row)] = static_cast<int>(k);
  std::vector<std::size_t> choice(rows.size(), 0);
  auto value_of = [&](int r, std::size_t c, std::int64_t& out) {
    const int k = glued_at[static_cast<std::size_t>(r)];
    if (k >= 0) {
      out = rows[static_cast<std::size_t>(k)].candidates[choice[static_cast<std::size_t>(k)]][c];
      return out != kBlank;
    }
    return known(r, c, out);
  };
  const bool single_other = t3_seen_[static_cast<std::size_t>(Row::Other)] &&
                            !t3_seen_[static_cast<std::size_t>(Row::OtherNoCorrection)];
  auto identities_hold = [&]() {
    for (std::size_t c = 0; c < kCols; ++c) {
      std::int64_t a = 0, b = 0, x = 0;
      bool ok = true;
      for (Row r : {Row::New, Row::CarriedOver}) ok = ok && value_of(static_cast<int>(r), c, x) && ((a += x), true);
      for (Row r : {Row::TotalProcessed, Row::CarriedForward}) ok = ok && value_of(static_cast<int>(r), c, x) && ((b += x), true);
      if (ok && a != b) return false;
      std::int64_t total = 0, sum = 0;
      if (value_of(static_cast<int>(Row::TotalProcessed), c, total)) {
        bool all = true;
        for (int r = static_cast<int>(Row::Granted); r <= static_cast<int>(Row::Other); ++r) {
          const bool other_sub = r >= static_cast<int>(Row::OtherNoCorrection) && r <= static_cast<int>(Row::OtherMisc);
          if (r == static_cast<int>(Row::TotalProcessed) || r == static_cast<int>(Row::CarriedForward)) continue;
          if (single_other ? other_sub : r == static_cast<int>(Row::Other)) continue;
          if (!value_of(r, c, x)) {
            all = false;
            break;
          }
          sum += x;
        }
        if (all && sum != total) return false;
      }
    }
    return true;
  };
  // Enumerate the combinations (bounded); remember, per rows row, which candidates occur.
  std::vector<std::vector<bool>> used(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) used[k].assign(rows[k].candidates.size(), false);
  std::size_t solutions = 0, steps = 0;
  bool exhausted = true;
  constexpr std::size_t kSteps = 2000000;
  // More combinations than the search may visit: it would stop there, undecided; say so at once
  // instead (a report of zeros with blank cells has millions).
  std::size_t combinations = 1;
  for (const Glued& g : rows) combinations = std::min(kSteps + 1, combinations * std::max<std::size_t>(1, g.candidates.size()));
  if (combinations > kSteps) exhausted = false;
  std::function<void(std::size_t)> search = [&](std::size_t k) {
    if (steps % 4096 == 0) Deadline::check();
    if (!exhausted || ++steps > kSteps) {
      exhausted = false;
      return;
    }
    if (k == rows.size()) {
      if (identities_hold()) {
        ++solutions;
        for (std::size_t q = 0; q < rows.size(); ++q) used[q][choice[q]] = true;
      }
      return;
    }
    for (std::size_t i = 0; i < rows[k].candidates.size() && exhausted; ++i) {
      choice[k] = i;
      search(k + 1);
    }
  };
  search(0);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    Glued& g = rows[k];
    const auto ri = static_cast<std::size_t>(g.row);
    std::vector<std::size_t> fits;
    if (exhausted && solutions > 0) {
      for (std::size_t i = 0; i < g.candidates.size(); ++i)
        if (used[k][i]) fits.push_back(i);
    } else if (g.candidates.size() == 1 && !short_pass) {
      fits.push_back(0);  // the report breaks its own identities: a row's own cut still counts
    }
    if (fits.size() == 1 && short_pass) {
      const auto& v = g.candidates[fits[0]];
      const auto blank = static_cast<std::size_t>(std::find(v.begin(), v.end(), kBlank) - v.begin());
      if (blank < kCols) {
        for (std::size_t c = 0, next = 0; c < kCols; ++c) {
          if (c == blank) put_blank(t3_[ri][c], g.values[std::min(c, g.values.size() - 1)].offset);
          else put_tok(t3_[ri][c], g.values[next++], Placement::Order);
        }
        add_finding("parse.blank_assumed", Severity::Warning, {row_name(g.row, blank)},
                    "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " at " + where(g.offset) +
                        " has 6 values (\"" + g.raw + "\") for 7 columns: a cell printed blank is assumed in column " +
                        std::string(table3_col_id(static_cast<Table3Col>(blank))) +
                        ", the only place where the row and the column identities hold",
                    g.offset, true);
        continue;
      }
    }
    if (fits.size() == 1) {
      const auto& v = g.candidates[fits[0]];
      for (std::size_t c = 0; c < kCols; ++c) put_number(t3_[ri][c], v[c], g.first);
      add_finding("parse.glued_split", Severity::Info, row_names(g.row),
                  "\"" + g.raw + "\" holds 7 numbers run together; " +
                      (g.candidates.size() == 1 ? std::string("only one cut adds up") : "only one cut satisfies the identities"),
                  g.offset, true);
    } else if (short_pass) {
      for (std::size_t c = 0; c < kCols; ++c) put_unreadable(t3_[ri][c], g.raw, g.offset);
      add_finding("parse.row_cells", Severity::Error, row_names(g.row),
                  "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(g.row))) + " at " + where(g.offset) +
                      " has 6 values (\"" + g.raw + "\"), not 7, and " +
                      (fits.empty() ? std::string("no place of a blank cell (or cut of a number) makes the identities hold")
                                    : "several places of a blank cell (or cuts of a number) make the identities hold") +
                      ": its cells are not read",
                  g.offset, true);
    } else {
      for (std::size_t c = 0; c < kCols; ++c) put_unreadable(t3_[ri][c], g.raw, g.offset);
      add_finding("parse.glued_ambiguous", Severity::Error, row_names(g.row),
                  "\"" + g.raw + "\" holds 7 numbers run together and " +
                      (fits.empty() ? std::string("no cut satisfies the identities") : "several cuts satisfy the identities") +
                      ": the cells are not read",
                  g.offset, true);
    }
  }
  };
  resolve(glued, false);
  resolve(short_rows, true);

  // Sub-rows printed without values under one merged value cell (crawled text keeps the value
  // once, on the first or the last sub-row): where every other sub-row of the group is printed
  // without values and the results identity already holds in every column without them, they
  // can only be 0 (counts are not negative).
  auto known_value = [&](int r, std::size_t c, double& out) {
    const Read& rd = t3_[static_cast<std::size_t>(r)][c];
    if (!rd.set || rd.value.state != CellState::Value) return false;
    out = rd.value.value;
    return true;
  };
  const bool one_other = t3_seen_[static_cast<std::size_t>(Table3Row::Other)] &&
                         !t3_seen_[static_cast<std::size_t>(Table3Row::OtherNoCorrection)];
  using R = Table3Row;
  const std::pair<R, R> groups_of_subrows[] = {{R::DeniedStateSecret, R::DeniedAdministrativeQuery},
                                               {R::UnavailableNotHeld, R::UnavailableUnclear},
                                               {R::RejectedPetition, R::RejectedConfirmation},
                                               {R::OtherNoCorrection, R::OtherMisc}};
  std::vector<bool> merged_zero(static_cast<std::size_t>(R::Count), false);
  for (const auto& [first, last] : groups_of_subrows) {
    const int a = static_cast<int>(first), b = static_cast<int>(last);
    if (one_other && first == R::OtherNoCorrection) continue;
    std::vector<int> empty_rows;
    int with_values = -1, values_rows = 0;
    for (int r = a; r <= b; ++r) {
      const bool only_label = std::find(label_only.begin(), label_only.end(), r) != label_only.end() &&
                              !has_values[static_cast<std::size_t>(r)];
      if (only_label) empty_rows.push_back(r);
      else if (has_values[static_cast<std::size_t>(r)]) {
        with_values = r;
        ++values_rows;
      }
    }
    // the value printed once, on the group's first or last sub-row; every other one empty
    if (values_rows != 1 || empty_rows.size() != static_cast<std::size_t>(b - a) || (with_values != a && with_values != b)) continue;
    bool holds = true;
    for (std::size_t c = 0; c < kCols && holds; ++c) {
      double total = 0, sum = 0, x = 0;
      holds = known_value(static_cast<int>(R::TotalProcessed), c, total);
      for (int r = static_cast<int>(R::Granted); r <= static_cast<int>(R::Other) && holds; ++r) {
        const bool sub = r >= static_cast<int>(R::OtherNoCorrection) && r <= static_cast<int>(R::OtherMisc);
        if (r == static_cast<int>(R::TotalProcessed) || r == static_cast<int>(R::CarriedForward)) continue;
        if (one_other ? sub : r == static_cast<int>(R::Other)) continue;
        if (std::find(empty_rows.begin(), empty_rows.end(), r) != empty_rows.end()) continue;
        holds = known_value(r, c, x);
        sum += x;
      }
      holds = holds && sum == total;
    }
    if (!holds) continue;
    std::vector<std::string> names;
    std::string ids;
    const Read& merged = t3_[static_cast<std::size_t>(with_values)][0];
    for (int r : empty_rows) {
      for (std::size_t c = 0; c < kCols; ++c) {
        Read& rd = t3_[static_cast<std::size_t>(r)][c];
        const std::uint32_t offset = t3_[static_cast<std::size_t>(with_values)][c].offset;
        put_number(rd, 0, Tok{CellValue{}, t3_[static_cast<std::size_t>(with_values)][c].raw, offset, 0});
        rd.placement = Placement::Merged;
        names.push_back(row_name(r, c));
      }
      merged_zero[static_cast<std::size_t>(r)] = true;
      ids += (ids.empty() ? "" : ", ") + std::string(table3_row_id(static_cast<R>(r)));
    }
    add_finding("parse.merged_zero", Severity::Info, names,
                "table 3 rows " + ids + " are printed without values under the merged value of row " +
                    std::string(table3_row_id(static_cast<R>(with_values))) + " at " + where(merged.offset) +
                    "; the results identity holds in every column without them, so they are 0",
                merged.offset, true);
  }

  for (int r : label_only)
    if (!has_values[static_cast<std::size_t>(r)] && !merged_zero[static_cast<std::size_t>(r)])
      add_finding("parse.row_values_missing", Severity::Warning, row_names(r),
                  "table 3 row " + std::string(table3_row_id(static_cast<Table3Row>(r))) +
                      " is printed without values: its cells are missing",
                  t3_[static_cast<std::size_t>(r)][0].offset, true);
}

// ---------------------------------------------------------------- results

template <typename NameFn>
void Matcher::fill_cell(TableData& td, Eigen::Index r, Eigen::Index c, const Read& rd, double bound, NameFn name_of) {
  CellOrigin& o = td.origin_at(r, c);
  if (!rd.set) return;  // stays Absent
  o.raw = rd.raw;
  o.placement = rd.placement;
  defer(o.location, rd.offset);
  td.state(r, c) = static_cast<std::uint8_t>(rd.value.state);
  if (rd.value.state == CellState::Value && std::abs(rd.value.value) >= bound) {
    td.state(r, c) = static_cast<std::uint8_t>(CellState::Text);
    const std::string name = name_of();
    char digits[32];
    const int n = std::snprintf(digits, sizeof digits, "%.0f", bound);
    std::string most;
    for (int k = 0; k < n; ++k) {
      if (k > 0 && (n - k) % 3 == 0) most += ',';
      most += digits[k];
    }
    add_finding("cell.implausible", Severity::Error, {name},
                name + " holds \"" + rd.raw + "\" at " + where(rd.offset) + ", more than any agency counts (" + most +
                    " or more); kept as text, not as a number",
                rd.offset, true);
  } else if (rd.value.state == CellState::Value) {
    td.values(r, c) = rd.value.value;
  } else if (rd.value.state == CellState::Text && read_value(rd.raw).state == CellState::Text) {
    // (a number refused for its place, e.g. parse.stream_order, is named by that finding)
    const std::string name = name_of();
    add_finding("cell.text", Severity::Error, {name},
                name + " holds \"" + rd.raw + "\" at " + where(rd.offset) + ", which is not a number", rd.offset, true);
  }
}

void Matcher::finish() {
  if (t3_stream_) resolve_t3_stream();
  // Template: from the tables first, then the notice the report cites, then the year.
  const bool has_other_rows = t3_seen_[static_cast<std::size_t>(Table3Row::OtherNoCorrection)] ||
                              t3_seen_[static_cast<std::size_t>(Table3Row::OtherUnpaidFee)] ||
                              t3_seen_[static_cast<std::size_t>(Table3Row::OtherMisc)];
  const bool has_single_other = t3_seen_[static_cast<std::size_t>(Table3Row::Other)];
  bool any_t3 = false;
  for (bool b : t3_seen_) any_t3 = any_t3 || b;

  // Template tables need more than a stray label or two (a pre-2019 report's statistics table
  // shares a few of the template's words): column headers, three rows of table 3, or table 4.
  int t3_rows_seen = 0;
  for (bool b : t3_seen_) t3_rows_seen += b ? 1 : 0;
  const bool template_tables = t2_votes_2021_ + t2_votes_2019_ >= 2 || t3_rows_seen >= 3 || t4_seen_ ||
                               t4_stream_header_ || t3_header_columns_ >= 5;
  if (!template_tables) {
    t2_seen_ = false;
    t3_seen_.fill(false);
    for (auto& row : t2_) row.fill(Read{});
    for (auto& row : t3_) row.fill(Read{});
    any_t3 = false;
  }
  TemplateId tpl = TemplateId::None;
  if (!template_tables) tpl = TemplateId::None;
  else if (t2_votes_2021_ > t2_votes_2019_) tpl = TemplateId::T2021;
  else if (t2_votes_2019_ > t2_votes_2021_) tpl = TemplateId::T2019;
  else if (has_other_rows) tpl = TemplateId::T2021;
  else if (t2_seen_ || any_t3 || t4_seen_) {
    if (cited_template_ == 2021 || cited_template_ == 2019)
      tpl = cited_template_ == 2021 ? TemplateId::T2021 : TemplateId::T2019;
    else if (report_.year >= 2021)
      tpl = TemplateId::T2021;
    else if (report_.year >= 2019)
      tpl = TemplateId::T2019;
    else
      tpl = TemplateId::T2021;
  }
  report_.template_id = tpl;
  bool any_section = false;
  for (bool b : report_.section_found) any_section = any_section || b;
  if (tpl == TemplateId::None && !any_section) {
    add_finding("parse.not_a_report", Severity::Error, {},
                "no section headings and none of the report's tables were found: this does not read as an annual report",
                0, false);
    return;
  }
  if (report_.year == 0)
    add_finding("parse.year_missing", Severity::Warning, {}, "no report year found in the title or the statistics period",
                0, false);
  if (report_.agency.empty())
    add_finding("parse.agency_missing", Severity::Warning, {}, "no agency name found in the title", 0, false);
  if (tpl == TemplateId::None) {
    add_finding("parse.free_form", Severity::Info, {}, "the report has no template tables (a free-form report)", 0, false);
    return;
  }

  // Table 2.
  report_.table2_fields = table2_layout(tpl);
  report_.table2.resize(static_cast<Eigen::Index>(report_.table2_fields.size()), 1);
  for (std::size_t i = 0; i < report_.table2_fields.size(); ++i) {
    const Table2Field f = report_.table2_fields[i];
    const auto [row, val] = detail::t2_slot_of(f);
    Read rd = t2_[static_cast<std::size_t>(row)][static_cast<std::size_t>(val)];
    const auto& info = table2_field_info(f);
    auto name_of = [&info] { return "table2/" + std::string(info.row_id) + "/" + std::string(info.value_id); };
    if (rd.set && rd.value.state == CellState::Value && info.amount && (rd.value.yuan || t2_amount_in_yuan_)) {
      const std::string name = name_of();
      rd.value.value = yuan_to_wanyuan(rd.value.value, rd.raw);
      add_finding("parse.unit_converted", Severity::Info, {name},
                  name + " is printed in 元 (\"" + rd.raw + "\"); converted to 万元", rd.offset, true);
    }
    fill_cell(report_.table2, static_cast<Eigen::Index>(i), 0, rd, kImplausibleTable2, name_of);
  }
  report_.has_table2 = report_.table2.present();

  // Table 3.
  report_.table3_layout = (has_single_other && !has_other_rows) || (tpl == TemplateId::T2019 && !has_other_rows)
                              ? Table3Layout::SingleOther
                              : Table3Layout::Full;
  if (has_single_other && has_other_rows)
    add_finding("parse.other_rows_conflict", Severity::Warning, {},
                "table 3 has both a single （六）其他处理 row and its three sub-rows; the sub-rows are kept", 0, false);
  report_.table3_rows = table3_layout(report_.table3_layout);
  report_.table3.resize(static_cast<Eigen::Index>(report_.table3_rows.size()), kTable3Cols);
  for (std::size_t i = 0; i < report_.table3_rows.size(); ++i) {
    const Table3Row row = report_.table3_rows[i];
    for (int c = 0; c < kTable3Cols; ++c) {
      auto name_of = [row, c] {
        return "table3/" + std::string(table3_row_id(row)) + "/" + std::string(table3_col_id(static_cast<Table3Col>(c)));
      };
      fill_cell(report_.table3, static_cast<Eigen::Index>(i), c,
                t3_[static_cast<std::size_t>(row)][static_cast<std::size_t>(c)], kImplausibleCount, name_of);
    }
  }
  report_.has_table3 = report_.table3.present();

  // Table 4.
  if (t4_stream_header_ && !t4_seen_) {
    // The table's headers are printed but no values: the cells are there, empty.
    std::vector<std::string> names;
    for (int b = 0; b < kTable4Blocks; ++b)
      for (int v = 0; v < kTable4Values; ++v) {
        put_blank(t4_[static_cast<std::size_t>(b)][static_cast<std::size_t>(v)], 0);
        names.push_back("table4/" + std::string(table4_block_id(static_cast<Table4Block>(b))) + "/" +
                        std::string(table4_value_id(static_cast<Table4Value>(v))));
      }
    add_finding("parse.row_values_missing", Severity::Warning, names,
                "table 4 is printed without values: its cells are missing", 0, false);
  }
  report_.table4.resize(kTable4Blocks, kTable4Values);
  for (int b = 0; b < kTable4Blocks; ++b)
    for (int v = 0; v < kTable4Values; ++v) {
      auto name_of = [b, v] {
        return "table4/" + std::string(table4_block_id(static_cast<Table4Block>(b))) + "/" +
               std::string(table4_value_id(static_cast<Table4Value>(v)));
      };
      fill_cell(report_.table4, b, v, t4_[static_cast<std::size_t>(b)][static_cast<std::size_t>(v)], kImplausibleCount,
                name_of);
    }
  report_.has_table4 = report_.table4.present();

  // What is missing.
  if (!report_.has_table2)
    add_finding("parse.table_missing", Severity::Error, {}, "table 2 (主动公开政府信息情况) was not found", 0, false);
  else {
    std::string missing;
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < report_.table2_fields.size(); ++i)
      if (report_.table2.state(static_cast<Eigen::Index>(i), 0) == static_cast<std::uint8_t>(CellState::Absent)) {
        const auto& info = table2_field_info(report_.table2_fields[i]);
        cells.push_back("table2/" + std::string(info.row_id) + "/" + std::string(info.value_id));
        missing += (missing.empty() ? "" : ", ") + cells.back();
      }
    if (!cells.empty())
      add_finding("parse.row_missing", Severity::Error, cells, "table 2 lacks " + missing, 0, false);
  }
  if (!report_.has_table3)
    add_finding("parse.table_missing", Severity::Error, {}, "table 3 (收到和处理政府信息公开申请情况) was not found", 0, false);
  else
    for (std::size_t i = 0; i < report_.table3_rows.size(); ++i) {
      const Table3Row row = report_.table3_rows[i];
      if (t3_seen_[static_cast<std::size_t>(row)]) continue;
      std::vector<std::string> cells;
      for (int c = 0; c < kTable3Cols; ++c)
        cells.push_back("table3/" + std::string(table3_row_id(row)) + "/" + std::string(table3_col_id(static_cast<Table3Col>(c))));
      add_finding("parse.row_missing", Severity::Error, cells,
                  "table 3 row " + std::string(table3_row_id(row)) + " (" + std::string(table3_row_label(row)) + ") was not found",
                  0, false);
    }
  if (!report_.has_table4)
    add_finding("parse.table_missing", Severity::Error, {}, "table 4 (行政复议、行政诉讼情况) was not found", 0, false);
}

void Matcher::resolve_locations() {
  std::vector<Location*> pending;
  pending.reserve(report_.table2.origin.size() + report_.table3.origin.size() + report_.table4.origin.size() +
                  report_.findings.size());
  auto collect = [&](Location& l) {
    if (l.line == kPending) pending.push_back(&l);
  };
  for (TableData* t : {&report_.table2, &report_.table3, &report_.table4})
    for (CellOrigin& o : t->origin) collect(o.location);
  for (Finding& f : report_.findings) collect(f.location);
  lines_.locate_all(pending);
}

Report Matcher::run() {
  Deadline::check();
  if (doc_.decode_replacements)
    add_finding("parse.encoding_repaired", Severity::Warning, {},
                std::to_string(doc_.decode_replacements) + " damaged " +
                    (doc_.encoding == Encoding::Utf16 ? "UTF-16" : "UTF-8") +
                    " sequences in the input were read as U+FFFD, the first at " + where(doc_.first_replacement) +
                    ": text near them may be lost",
                doc_.first_replacement, true);
  scan_sections();
  scan_title();
  scan_tables();
  finish();
  resolve_locations();
  report_.format = doc_.format;
  report_.encoding = doc_.encoding;
  return std::move(report_);
}

}  // namespace

Report match_report(const Document& doc) {
  detail::trim_label_memo();
  return Matcher(doc).run();
}

}  // namespace gongkai
