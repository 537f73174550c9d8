#include "gongkai/out/report_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "gongkai/check/rules.hpp"
#include "gongkai/template.hpp"
#include "gongkai/text.hpp"

namespace gongkai {

namespace {

constexpr std::string_view kSchema = "gongkai.report/1";
constexpr char kHex[] = "0123456789abcdef";

// The bytes of the UTF-8 sequence starting at s[i] (s[i] >= 0x80) and whether it is valid. An
// invalid one is its maximal subpart (at least one byte), which becomes one U+FFFD, as Python's
// decoder with errors="replace" does.
std::pair<std::size_t, bool> utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) low = 0xA0;   // else overlong
    if (c == 0xED) high = 0x9F;  // else a surrogate
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) low = 0x90;   // else overlong
    if (c == 0xF4) high = 0x8F;  // else beyond U+10FFFF
  } else {
    return {1, false};
  }
  for (std::size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return {k, false};
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return {k, false};
  }
  return {n, true};
}

// A finite double as Python's repr writes it: the shortest digits that read back to the same
// double, in positional notation for decimal exponents -4 to 15 (with ".0" for a whole
// number), else as d.ddde+XX.
void append_float_repr(std::string& out, double v) {
  char buffer[40];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific);
  std::string_view text(buffer, static_cast<std::size_t>(written.ptr - buffer));
  if (text.front() == '-') {
    out += '-';
    text.remove_prefix(1);
  }
  const std::size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e))
    if (c != '.') digits += c;
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  const int n = static_cast<int>(digits.size());
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exponent - 1), '0');
      out += digits;
    } else if (n <= exponent + 1) {
      out += digits;
      out.append(static_cast<std::size_t>(exponent + 1 - n), '0');
      out += ".0";
    } else {
      out.append(digits, 0, static_cast<std::size_t>(exponent + 1));
      out += '.';
      out.append(digits, static_cast<std::size_t>(exponent + 1), std::string::npos);
    }
    return;
  }
  out += digits[0];
  if (n > 1) {
    out += '.';
    out.append(digits, 1, std::string::npos);
  }
  out += 'e';
  out += exponent < 0 ? '-' : '+';
  exponent = std::abs(exponent);
  if (exponent < 10) out += '0';
  out += std::to_string(exponent);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  const auto flush = [&](std::size_t end) { out.append(text.data() + run, end - run); };
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const auto [n, valid] = utf8_sequence(text, i);
      if (!valid) {
        flush(i);
        out += "\xEF\xBF\xBD";  // U+FFFD
        run = i + n;
      }
      i += n;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    run = ++i;
  }
  flush(i);
  out += '"';
}

void append_json_number(std::string& out, double v, bool as_float) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (!as_float && std::trunc(v) == v) {
    if (std::fabs(v) < 9.0e18) {
      char buffer[24];
      const auto written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(v));
      out.append(buffer, written.ptr);
    } else {  // beyond long long: every digit of the whole number the double holds, as Python's int(v)
      char buffer[400];
      const int n = std::snprintf(buffer, sizeof buffer, "%.0f", v);
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return;
  }
  append_float_repr(out, v);
}

JsonWriter::JsonWriter(std::string& out, int indent, int depth) : out_(out), indent_(indent), depth_(depth) {}

void JsonWriter::newline(int level) {
  out_ += '\n';
  out_.append(static_cast<std::size_t>(indent_ * level), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;
  if (has_items_.back()) out_ += ',';
  has_items_.back() = true;
  if (indent_ >= 0) newline(depth_);
}

void JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  has_items_.push_back(false);
  ++depth_;
}

void JsonWriter::close(char bracket) {
  --depth_;
  const bool had_items = has_items_.back();
  has_items_.pop_back();
  if (had_items && indent_ >= 0) newline(depth_);
  out_ += bracket;
}

void JsonWriter::end_object() { close('}'); }

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  has_items_.push_back(false);
  ++depth_;
}

void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += indent_ >= 0 ? ": " : ":";
  after_key_ = true;
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::boolean(bool v) {
  before_value();
  out_ += v ? "true" : "false";
}

void JsonWriter::integer(long long v) {
  before_value();
  out_ += std::to_string(v);
}

void JsonWriter::number(double v, bool as_float) {
  before_value();
  append_json_number(out_, v, as_float);
}

void JsonWriter::string(std::string_view text) {
  before_value();
  append_json_string(out_, text);
}

void JsonSink::string_or_null(std::string_view text) {
  if (text.empty())
    null();
  else
    string(text);
}

namespace {

// The cells of the tables that are not plain labelled values, noted as the tables are walked
// for "missing" (what a cell without a number holds) and "placed" (how a value not placed by
// its labels was), which follow the tables.
struct CellNote {
  std::string name;  // table2/<row id>/<value id> ...
  std::uint8_t state;
  const CellOrigin* origin;
};

struct CellNotes {
  void note(std::string_view table, std::string_view row, std::string_view column, std::uint8_t state,
            const CellOrigin& origin) {
    if (origin.placement == Placement::Label && state == static_cast<std::uint8_t>(CellState::Value)) return;
    std::string name;
    name.reserve(table.size() + row.size() + column.size() + 2);
    name.append(table).append(1, '/').append(row).append(1, '/').append(column);
    cells.push_back(CellNote{std::move(name), state, &origin});
  }

  void write_missing(JsonSink& w) const {
    w.begin_object();
    for (const CellNote& c : cells) {
      if (c.state == static_cast<std::uint8_t>(CellState::Value)) continue;
      w.key(c.name);
      w.begin_object();
      w.key("state");
      w.string(cell_state_name(static_cast<CellState>(c.state)));
      w.key("raw");
      w.string(c.origin->raw);
      w.key("line");
      w.integer(c.origin->location.line);
      w.key("column");
      w.integer(c.origin->location.column);
      w.end_object();
    }
    w.end_object();
  }

  void write_placed(JsonSink& w) const {
    w.begin_object();
    for (const CellNote& c : cells) {
      if (c.origin->placement == Placement::Label) continue;
      w.key(c.name);
      w.string(placement_name(c.origin->placement));
    }
    w.end_object();
  }

  std::vector<CellNote> cells;
};

constexpr auto kAbsent = static_cast<std::uint8_t>(CellState::Absent);

void write_table2(JsonSink& w, const Report& r, CellNotes& notes) {
  // Fields grouped by row id, rows in the order of their first field.
  std::vector<std::string_view> rows;
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(r.table2_fields.size()); ++i) {
    if (r.table2.state(i, 0) == kAbsent) continue;
    const std::string_view row = table2_field_info(r.table2_fields[static_cast<std::size_t>(i)]).row_id;
    bool seen = false;
    for (std::string_view known : rows) seen = seen || known == row;
    if (!seen) rows.push_back(row);
  }
  w.begin_object();
  for (std::string_view row : rows) {
    w.key(row);
    w.begin_object();
    for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(r.table2_fields.size()); ++i) {
      const auto& info = table2_field_info(r.table2_fields[static_cast<std::size_t>(i)]);
      const std::uint8_t state = r.table2.state(i, 0);
      if (info.row_id != row || state == kAbsent) continue;
      w.key(info.value_id);
      w.number(r.table2.values(i, 0), info.amount);
      notes.note("table2", info.row_id, info.value_id, state, r.table2.origin_at(i, 0));
    }
    w.end_object();
  }
  w.end_object();
}

bool row_absent(const TableData& t, Eigen::Index row) { return (t.state.row(row).array() == kAbsent).all(); }

void write_table3(JsonSink& w, const Report& r, CellNotes& notes) {
  w.begin_object();
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(r.table3_rows.size()); ++i) {
    if (row_absent(r.table3, i)) continue;
    const std::string_view row = table3_row_id(r.table3_rows[static_cast<std::size_t>(i)]);
    w.key(row);
    w.begin_array();
    for (Eigen::Index j = 0; j < kTable3Cols; ++j) w.number(r.table3.values(i, j));
    w.end_array();
    for (Eigen::Index j = 0; j < kTable3Cols; ++j)
      notes.note("table3", row, table3_col_id(static_cast<Table3Col>(j)), r.table3.state(i, j), r.table3.origin_at(i, j));
  }
  w.end_object();
}

void write_table4(JsonSink& w, const Report& r, CellNotes& notes) {
  w.begin_object();
  for (Eigen::Index i = 0; i < kTable4Blocks; ++i) {
    if (row_absent(r.table4, i)) continue;
    const std::string_view block = table4_block_id(static_cast<Table4Block>(i));
    w.key(block);
    w.begin_array();
    for (Eigen::Index j = 0; j < kTable4Values; ++j) w.number(r.table4.values(i, j));
    w.end_array();
    for (Eigen::Index j = 0; j < kTable4Values; ++j)
      notes.note("table4", block, table4_value_id(static_cast<Table4Value>(j)), r.table4.state(i, j), r.table4.origin_at(i, j));
  }
  w.end_object();
}

void write_finding(JsonSink& w, const Finding& f) {
  w.begin_object();
  w.key("rule");
  w.string(f.rule);
  w.key("severity");
  w.string(severity_name(f.severity));
  w.key("cells");
  w.begin_array();
  for (const std::string& cell : f.cells) w.string(cell);
  w.end_array();
  w.key("message");
  w.string(f.message);
  if (f.location.line) {
    w.key("line");
    w.integer(f.location.line);
    w.key("column");
    w.integer(f.location.column);
  }
  if (!std::isnan(f.expected)) {
    w.key("expected");
    w.number(f.expected);
  }
  if (!std::isnan(f.actual)) {
    w.key("actual");
    w.number(f.actual);
  }
  if (!f.suggested_cell.empty() && !std::isnan(f.suggested_value)) {
    w.key("suggestion");
    w.begin_object();
    w.key("cell");
    w.string(f.suggested_cell);
    w.key("value");
    w.number(f.suggested_value);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

void write_report_json(std::string& out, const Report& report, const std::vector<Finding>& extra_findings,
                       const ReportJsonOptions& options) {
  JsonWriter w(out, options.indent, options.depth);
  write_report(w, report, extra_findings, options);
}

void write_report(JsonSink& w, const Report& report, const std::vector<Finding>& extra_findings,
                  const ReportJsonOptions& options) {
  w.begin_object();
  w.key("schema");
  w.string(kSchema);
  w.key("source");
  w.string(report.source);
  w.key("agency");
  w.string_or_null(report.agency);
  w.key("year");
  if (report.year)
    w.integer(report.year);
  else
    w.null();
  w.key("template");
  w.string(template_name(report.template_id));
  w.key("format");
  w.string(source_format_name(report.format));
  w.key("encoding");
  w.string(encoding_name(report.encoding));
  w.key("title");
  w.string_or_null(report.title);
  w.key("is_report");
  w.boolean(options.is_report);

  CellNotes notes;
  if (report.template_id == TemplateId::None) {
    for (const char* table : {"table2", "table3", "table4"}) {
      w.key(table);
      w.null();
    }
  } else {
    w.key("table2");
    write_table2(w, report, notes);
    w.key("table3");
    write_table3(w, report, notes);
    w.key("table4");
    write_table4(w, report, notes);
  }
  w.key("missing");
  notes.write_missing(w);
  w.key("placed");
  notes.write_placed(w);

  w.key("findings");
  w.begin_array();
  for (const Finding& f : report.findings) write_finding(w, f);
  if (options.checked)
    for (const Finding& f : check_report(report)) write_finding(w, f);
  for (const Finding& f : extra_findings) write_finding(w, f);
  w.end_array();

  w.key("sections");
  w.begin_object();
  for (int i = 0; i < kSections; ++i) {
    w.key(section_id(i));
    if (report.section_found[static_cast<std::size_t>(i)])
      w.string(report.sections[static_cast<std::size_t>(i)]);
    else
      w.null();
  }
  w.end_object();
  w.end_object();
}

}  // namespace gongkai
