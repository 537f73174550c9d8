// The JSON form of a parsed report (docs/report-json.md), written by one walk of the Report for
// every consumer: Report.to_dict, `gongkai parse --json`, `gongkai check --json` and the JSON
// export. The text is what Python's json.dumps(..., ensure_ascii=False) writes for the same
// object: floats in their shortest round-trip form (repr), whole counts as integers, NaN and
// infinities as null, text as UTF-8 with only quotes, backslashes and control characters
// escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gongkai/report.hpp"

namespace gongkai {

struct ReportJsonOptions {
  // Whether the input is an annual report at all (Report.is_report in Python, which decides it
  // from the title and preamble as well as the tables).
  bool is_report = true;
  // Add the findings of every report-scope rule (check_report) after the parse findings.
  bool checked = false;
  // Negative: compact, no white space. Otherwise one item a line, indented by this many spaces
  // a level, as json.dumps(indent=n) does.
  int indent = -1;
  // The nesting level the object starts at (1 for an item of a list), for indented output.
  int depth = 0;
};

// What the report's form is written into: JSON text (JsonWriter) or, in the bindings, Python
// objects. Values in an object follow their key; a value outside any container is the whole.
class JsonSink {
 public:
  virtual ~JsonSink() = default;
  virtual void begin_object() = 0;
  virtual void end_object() = 0;
  virtual void begin_array() = 0;
  virtual void end_array() = 0;
  virtual void key(std::string_view name) = 0;
  virtual void null() = 0;
  virtual void boolean(bool v) = 0;
  virtual void integer(long long v) = 0;
  // NaN and infinities as null. A whole number as an integer unless `as_float` (an amount in
  // 万元 stays a decimal: 3.0, not 3).
  virtual void number(double v, bool as_float = false) = 0;
  virtual void string(std::string_view text) = 0;
  // null for empty text.
  void string_or_null(std::string_view text);
};

// Writes the report's JSON object into `sink`: its parse findings, those of check_report when
// options.checked, then `extra_findings`. (indent and depth are the JsonWriter's business.)
void write_report(JsonSink& sink, const Report& report, const std::vector<Finding>& extra_findings = {},
                  const ReportJsonOptions& options = {});

// Appends the report's JSON text to `out`.
void write_report_json(std::string& out, const Report& report, const std::vector<Finding>& extra_findings = {},
                       const ReportJsonOptions& options = {});

// JSON text appended to a string, with the separators and indentation.
class JsonWriter final : public JsonSink {
 public:
  explicit JsonWriter(std::string& out, int indent = -1, int depth = 0);

  void begin_object() override;
  void end_object() override;
  void begin_array() override;
  void end_array() override;
  void key(std::string_view name) override;
  void null() override;
  void boolean(bool v) override;
  void integer(long long v) override;
  void number(double v, bool as_float = false) override;
  void string(std::string_view text) override;

 private:
  void before_value();
  void close(char bracket);
  void newline(int level);

  std::string& out_;
  int indent_;
  int depth_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

// The pieces, as JsonWriter writes them.
// Text between quotes: ", \ and control characters escaped (\n \r \t \b \f, else \u00XX),
// everything else as UTF-8; bytes that are no valid UTF-8 become U+FFFD as Python's decoder
// with errors="replace" makes them (one for each maximal subpart of a sequence).
void append_json_string(std::string& out, std::string_view text);
// A number as Python's json.dumps writes the int or float it is (see JsonWriter::number).
void append_json_number(std::string& out, double v, bool as_float = false);

}  // namespace gongkai
