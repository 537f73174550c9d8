#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "gongkai/check/rules.hpp"
#include "gongkai/corpus/series.hpp"
#include "gongkai/error.hpp"
#include "gongkai/match/parse.hpp"
#include "gongkai/out/report_json.hpp"
#include "gongkai/report.hpp"
#include "gongkai/template.hpp"
#include "pybind.hpp"

using namespace gongkai;

namespace {

std::string s(std::string_view v) { return std::string(v); }

// Names for the Python types of what the lambdas below build, so that signatures and stubs say
// list[tuple[str, str]] rather than list (the values are the same py::list and py::tuple).
using Pairs = py::typing::List<py::typing::Tuple<py::str, py::str>>;
using Origins = py::typing::List<py::typing::Tuple<py::str, py::int_, py::int_, py::int_, py::str>>;

Origins origins(const TableData& t) {
  Origins out;
  for (const CellOrigin& o : t.origin)
    out.append(py::make_tuple(o.raw, o.location.line, o.location.column, o.location.offset, placement_name(o.placement)));
  return out;
}

Report parse_bytes(const py::bytes& data, const std::string& source, const std::string& format, double time_limit) {
  char* buffer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &buffer, &size) != 0) throw py::error_already_set();
  ParseOptions options;
  options.format = format_hint(format);
  options.source = source;
  const std::string_view view(buffer, static_cast<std::size_t>(size));
  py::gil_scoped_release release;  // the bytes object is immutable and referenced by the caller
  const Deadline deadline(time_limit);
  Report report = parse_report(view, options);
  check_own_identities(report);
  cap_findings(report);
  return report;
}

// <Finding error table3.balance table3/total_processed/total (+3 cells) line 77: the message, cut at 80 characters>
py::str finding_repr(const Finding& f) {
  std::string head = std::string("<Finding ") + severity_name(f.severity) + " " + f.rule;
  if (!f.cells.empty()) head += " " + f.cells.front();
  if (f.cells.size() > 1) head += " (+" + std::to_string(f.cells.size() - 1) + " cells)";
  if (f.location.line) head += " line " + std::to_string(f.location.line);
  py::str message(f.message);
  if (py::len(message) > 80) message = py::str(message[py::slice(0, 79, 1)]) + py::str("…");
  return py::str(head + ": ") + message + py::str(">");
}

ReportJsonOptions json_options(bool is_report, bool checked, int indent, int depth) {
  ReportJsonOptions o;
  o.is_report = is_report;
  o.checked = checked;
  o.indent = indent;
  o.depth = depth;
  return o;
}

py::bytes report_json(const Report& r, bool is_report, bool checked, const std::vector<Finding>& extra_findings,
                      int indent, int depth) {
  std::string out;
  {
    py::gil_scoped_release release;
    write_report_json(out, r, extra_findings, json_options(is_report, checked, indent, depth));
  }
  return py::bytes(out);
}

// The report's form built as Python objects by the walk that writes its text (see Report.to_dict).
class PyObjectSink final : public JsonSink {
 public:
  py::object result;

  void begin_object() override { open(py::dict()); }
  void end_object() override { stack_.pop_back(); }
  void begin_array() override { open(py::list()); }
  void end_array() override { stack_.pop_back(); }
  void key(std::string_view name) override { key_ = text(name); }
  void null() override { put(py::none()); }
  void boolean(bool v) override { put(py::bool_(v)); }
  void integer(long long v) override { put(py::int_(v)); }
  void number(double v, bool as_float) override {
    if (!std::isfinite(v))
      put(py::none());
    else if (!as_float && std::trunc(v) == v)
      put(py::reinterpret_steal<py::object>(PyLong_FromDouble(v)));
    else
      put(py::float_(v));
  }
  void string(std::string_view value) override { put(text(value)); }

 private:
  // Bytes that are no valid UTF-8 become U+FFFD, as in the JSON text.
  static py::object text(std::string_view utf8) {
    PyObject* o = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }
  void open(py::object container) {
    put(container);
    stack_.push_back(std::move(container));
  }
  void put(const py::object& v) {
    if (stack_.empty()) {
      result = v;
    } else if (PyDict_Check(stack_.back().ptr())) {
      PyDict_SetItem(stack_.back().ptr(), key_.ptr(), v.ptr());
    } else {
      PyList_Append(stack_.back().ptr(), v.ptr());
    }
  }
  std::vector<py::object> stack_;
  py::object key_;
};

py::object report_dict(const Report& r, bool is_report, bool checked, const std::vector<Finding>& extra_findings) {
  PyObjectSink sink;
  write_report(sink, r, extra_findings, json_options(is_report, checked, -1, 0));
  return sink.result;
}

}  // namespace

gongkai::FormatHint format_hint(const std::string& name) {
  if (name == "auto" || name.empty()) return gongkai::FormatHint::Auto;
  if (name == "text" || name == "txt") return gongkai::FormatHint::Text;
  if (name == "html" || name == "htm") return gongkai::FormatHint::Html;
  if (name == "docx") return gongkai::FormatHint::Docx;
  if (name == "markdown" || name == "md") return gongkai::FormatHint::Markdown;
  throw py::value_error("format must be 'auto', 'text', 'html', 'docx' or 'markdown', not '" + name + "'");
}

void register_report(py::module_& m) {
  auto error = py::register_exception<Error>(m, "Error", PyExc_Exception);
  py::register_exception<EncodingError>(m, "EncodingError", error.ptr());
  py::register_exception<ParseError>(m, "ParseError", error.ptr());
  py::register_exception<TimeLimitError>(m, "TimeLimitError", error.ptr());

  py::class_<Finding>(m, "Finding", "A finding about a report's content: a parse problem or an identity that does not hold.")
      .def_readonly("rule", &Finding::rule, "Stable id of the rule, e.g. 'parse.row_missing'.")
      .def_property_readonly("severity", [](const Finding& f) { return severity_name(f.severity); },
                             "'error', 'warning' or 'info'.")
      .def_readonly("cells", &Finding::cells, "Cells involved, as 'table3/<row id>/<column id>'.")
      .def_readonly("message", &Finding::message, "What is wrong, in words.")
      .def_property_readonly("line", [](const Finding& f) { return f.location.line; },
                             "1-based line in the decoded source, 0 when the finding is about the whole report.")
      .def_property_readonly("column", [](const Finding& f) { return f.location.column; },
                             "1-based column (in characters) in the decoded source, 0 when unknown.")
      .def_readonly("expected", &Finding::expected, "For arithmetic rules: the side the identity expects (NaN otherwise).")
      .def_readonly("actual", &Finding::actual, "For arithmetic rules: the side as printed (NaN otherwise).")
      .def_readonly("suggested_cell", &Finding::suggested_cell,
                    "The one cell whose change would satisfy every broken identity, or ''.")
      .def_readonly("suggested_value", &Finding::suggested_value, "Its value then (NaN when there is no suggestion).")
      .def("__repr__", [](const Finding& f) { return finding_repr(f); },
           "<Finding severity rule first cell (+n cells) line n: message, cut at 80 characters>.");
  m.def("make_finding", &make_finding, "rule"_a, "message"_a, "cells"_a,
        "A finding of a catalogue rule, its severity from the catalogue (for rules decided in Python).");

  constexpr auto ref = py::return_value_policy::reference_internal;
  py::class_<Report>(m, "Report", "A parsed report (see gongkai.Report for the public API).")
      .def_readonly("source", &Report::source, "The source as given to the parser (a path or a label).")
      .def_property_readonly("format", [](const Report& r) { return source_format_name(r.format); },
                             "'text', 'html', 'docx', 'markdown' or 'pdf'.")
      .def_property_readonly("encoding", [](const Report& r) { return encoding_name(r.encoding); },
                             "Encoding of the source: 'utf-8', 'gb18030', 'big5' or 'utf-16'.")
      .def_readonly("agency", &Report::agency, "The agency, '' when the report does not say.")
      .def_readonly("year", &Report::year, "The report year, 0 when the report does not say.")
      .def_property_readonly("template", [](const Report& r) { return s(template_name(r.template_id)); },
                             "'2021', '2019' or 'none'.")
      .def_readonly("title", &Report::title, "The report's title.")
      .def_property_readonly("table2_fields", [](const Report& r) {
        Pairs out;
        for (Table2Field f : r.table2_fields) {
          const auto& i = table2_field_info(f);
          out.append(py::make_tuple(s(i.row_id), s(i.value_id)));
        }
        return out;
      }, "(row id, value id) of the template's table 2 fields, the rows of table2_values.")
      .def_property_readonly("table2_values", [](const Report& r) -> const Matrix& { return r.table2.values; }, ref,
                             "Table 2: fields x 1, NaN where missing (a view).")
      .def_property_readonly("table2_state", [](const Report& r) -> const StateMatrix& { return r.table2.state; }, ref,
                             "The state of every table 2 cell, indexes of cell_states() (a view).")
      .def_property_readonly("table3_rows", [](const Report& r) {
        py::typing::List<py::str> out;
        for (Table3Row row : r.table3_rows) out.append(s(table3_row_id(row)));
        return out;
      }, "Row ids of table 3 in this report's layout, the rows of table3_values.")
      .def_property_readonly("table3_values", [](const Report& r) -> const Matrix& { return r.table3.values; }, ref,
                             "Table 3: rows x 7 applicant columns, NaN where missing (a view).")
      .def_property_readonly("table3_state", [](const Report& r) -> const StateMatrix& { return r.table3.state; }, ref,
                             "The state of every table 3 cell, indexes of cell_states() (a view).")
      .def_property_readonly("table4_values", [](const Report& r) -> const Matrix& { return r.table4.values; }, ref,
                             "Table 4: 3 blocks x 5 values, NaN where missing (a view).")
      .def_property_readonly("table4_state", [](const Report& r) -> const StateMatrix& { return r.table4.state; }, ref,
                             "The state of every table 4 cell, indexes of cell_states() (a view).")
      .def_property_readonly("table2_origins", [](const Report& r) { return origins(r.table2); },
                             "(raw, line, column, offset, placement) per cell, row-major; placement is how the parser "
                             "placed the value: label, order, cut or merged.")
      .def_property_readonly("table3_origins", [](const Report& r) { return origins(r.table3); },
                             "(raw, line, column, offset, placement) per cell, row-major; placement is how the parser "
                             "placed the value: label, order, cut or merged.")
      .def_property_readonly("table4_origins", [](const Report& r) { return origins(r.table4); },
                             "(raw, line, column, offset, placement) per cell, row-major; placement is how the parser "
                             "placed the value: label, order, cut or merged.")
      .def_readonly("has_table2", &Report::has_table2, "Whether table 2 was found.")
      .def_readonly("has_table3", &Report::has_table3, "Whether table 3 was found.")
      .def_readonly("has_table4", &Report::has_table4, "Whether table 4 was found.")
      .def_readonly("preamble", &Report::preamble, "The text before section 一.")
      .def_property_readonly("sections", [](const Report& r) {
        py::typing::Dict<py::str, py::typing::Optional<py::str>> out;
        for (int i = 0; i < kSections; ++i)
          out[py::str(s(section_id(i)))] = r.section_found[static_cast<std::size_t>(i)] ? py::object(py::str(r.sections[static_cast<std::size_t>(i)])) : py::object(py::none());
        return out;
      }, "The text of sections 一 to 六 by section id, None for a section not found.")
      .def_readonly("findings", &Report::findings, "What the parser found wrong while reading.")
      .def("_correct_agency", [](Report& r, const std::string& agency, const std::string& message) {
        Finding f;
        f.rule = "parse.agency_corrected";
        f.severity = Severity::Info;
        f.message = message;
        r.findings.push_back(std::move(f));
        r.agency = agency;
      }, "agency"_a, "message"_a, "Replace the agency name read, with an info finding saying why (used by gongkai.parse).")
      .def("_add_finding", [](Report& r, const std::string& rule, const std::string& severity, const std::string& message,
                              std::vector<std::string> cells, std::uint32_t line, std::uint32_t column, const std::string& suggested_cell,
                              double suggested_value) {
        Finding f;
        f.rule = rule;
        if (severity == "error") f.severity = Severity::Error;
        else if (severity == "warning") f.severity = Severity::Warning;
        else if (severity == "info") f.severity = Severity::Info;
        else throw py::value_error("severity must be 'error', 'warning' or 'info', not '" + severity + "'");
        f.message = message;
        f.cells = std::move(cells);
        f.location.line = line;
        f.location.column = column;
        f.suggested_cell = suggested_cell;
        f.suggested_value = suggested_cell.empty() ? std::numeric_limits<double>::quiet_NaN() : suggested_value;
        r.findings.push_back(std::move(f));
      }, "rule"_a, "severity"_a, "message"_a, "cells"_a, "line"_a = 0, "column"_a = 0, "suggested_cell"_a = "",
         "suggested_value"_a = std::numeric_limits<double>::quiet_NaN(),
         "Add a parse finding decided in Python (the OCR findings of gongkai.ocr).");

  m.def("rule_catalogue", [] {
    py::typing::List<py::typing::Dict<py::str, py::str>> out;
    for (const RuleInfo& r : rule_catalogue())
      out.append(py::dict("id"_a = s(r.id), "severity"_a = severity_name(r.severity), "scope"_a = s(r.scope),
                          "zh"_a = s(r.zh), "en"_a = s(r.en), "arithmetic"_a = s(r.arithmetic)));
    return out;
  }, "Every validation rule: id, severity, scope (report, series, corpus), zh, en, arithmetic.");
  m.def("check_report", [](const Report& r) {
    py::gil_scoped_release release;
    return check_report(r);
  }, "report"_a, "The findings of every report-scope rule for one report (parse findings not included).");
  m.def("check_series", [](const std::vector<const Report*>& reports) {
    py::gil_scoped_release release;
    return check_series(reports);
  }, "reports"_a, "One agency's reports sorted by year: (index of the later report, finding) per broken chain.");
  m.def("check_copies", [](const std::vector<const Report*>& reports, double narrative_threshold, int min_cases) {
    CopyOptions o;
    o.narrative_threshold = narrative_threshold;
    o.min_cases = min_cases;
    py::gil_scoped_release release;
    return check_copies(reports, o);
  }, "reports"_a, "narrative_threshold"_a = 0.95, "min_cases"_a = 10,
     "Copying across reports: (index of the second report, finding) for identical tables or near-identical narratives.");
  m.def("text_similarity", &text_similarity, "a"_a, "b"_a, "Jaccard similarity of the character 5-gram sets of two texts.");
  m.def("parse_bytes", &parse_bytes, "data"_a, "source"_a = "", "format"_a = "auto", "time_limit"_a = 0.0,
        "Parse a report from raw bytes (UTF-8, GB18030/GBK; text or HTML). The GIL is released while parsing. "
        "time_limit > 0: seconds the parse may take, past which it raises TimeLimitError.");

  m.def("report_json", &report_json, "report"_a, "is_report"_a, "checked"_a = false,
        "extra_findings"_a = std::vector<Finding>{}, "indent"_a = -1, "depth"_a = 0,
        "The report's JSON form (docs/report-json.md) as UTF-8 bytes: its parse findings, those of check_report "
        "with checked, then extra_findings. is_report as decided by gongkai.Report.is_report. indent < 0: "
        "compact; else indented as json.dumps(indent=indent) writes an object at nesting level depth.");
  m.def("report_dict", &report_dict, "report"_a, "is_report"_a, "checked"_a = false,
        "extra_findings"_a = std::vector<Finding>{},
        "The report's JSON form as report_json writes it, built as dicts and lists without the text.");
  m.def("cell_states", [] {
    py::typing::List<py::str> out;
    for (int i = 0; i <= static_cast<int>(CellState::Absent); ++i) out.append(cell_state_name(static_cast<CellState>(i)));
    return out;
  }, "Names of the cell states, indexed by the values of the *_state arrays.");
  m.def("table2_fields", [](const std::string& tpl) {
    const TemplateId t = tpl == "2021" ? TemplateId::T2021 : tpl == "2019" ? TemplateId::T2019 : TemplateId::None;
    if (t == TemplateId::None) throw py::value_error("template must be '2021' or '2019'");
    py::typing::List<py::typing::Tuple<py::str, py::str, py::str, py::str, py::bool_>> out;
    for (Table2Field f : table2_layout(t)) {
      const auto& i = table2_field_info(f);
      out.append(py::make_tuple(s(i.row_id), s(i.value_id), s(i.row_label), s(i.value_label), i.amount));
    }
    return out;
  }, "template"_a, "(row id, value id, row label, value label, is amount) of a template's table 2 fields.");
  m.def("table3_rows", [](const std::string& layout) {
    if (layout != "full" && layout != "single_other") throw py::value_error("layout must be 'full' or 'single_other'");
    Pairs out;
    for (Table3Row r : table3_layout(layout == "full" ? Table3Layout::Full : Table3Layout::SingleOther))
      out.append(py::make_tuple(s(table3_row_id(r)), s(table3_row_label(r))));
    return out;
  }, "layout"_a, "(row id, label) of table 3's rows: 'full' (25 rows) or 'single_other' (23 rows).");
  m.def("table3_columns", [] {
    Pairs out;
    for (int c = 0; c < kTable3Cols; ++c)
      out.append(py::make_tuple(s(table3_col_id(static_cast<Table3Col>(c))), s(table3_col_label(static_cast<Table3Col>(c)))));
    return out;
  }, "(column id, label) of table 3's 7 applicant columns.");
  m.def("table4_blocks", [] {
    Pairs out;
    for (int b = 0; b < kTable4Blocks; ++b)
      out.append(py::make_tuple(s(table4_block_id(static_cast<Table4Block>(b))), s(table4_block_label(static_cast<Table4Block>(b)))));
    return out;
  }, "(block id, label) of table 4's 3 blocks.");
  m.def("table4_values", [] {
    Pairs out;
    for (int v = 0; v < kTable4Values; ++v)
      out.append(py::make_tuple(s(table4_value_id(static_cast<Table4Value>(v))), s(table4_value_label(static_cast<Table4Value>(v)))));
    return out;
  }, "(value id, label) of the 5 values of each table 4 block.");
  m.def("sections", [] {
    Pairs out;
    for (int i = 0; i < kSections; ++i) out.append(py::make_tuple(s(section_id(i)), s(section_label(i))));
    return out;
  }, "(section id, label) of the narrative sections 一 to 六.");
}
