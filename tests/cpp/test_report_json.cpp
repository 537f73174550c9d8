#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "gongkai/out/report_json.hpp"

using namespace gongkai;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double v, bool as_float = false) {
  std::string out;
  append_json_number(out, v, as_float);
  return out;
}

std::string escaped(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string json(const Report& r, const ReportJsonOptions& options = {}, const std::vector<Finding>& extra = {}) {
  std::string out;
  write_report_json(out, r, extra, options);
  return out;
}

// A free-form report: no template, no tables, one section found.
Report free_form() {
  Report r;
  r.source = "free.txt";
  r.agency = "某县人民政府";
  r.title = "某县人民政府2015年政府信息公开工作年度报告";
  r.template_id = TemplateId::None;
  r.sections[0] = "本年度主动公开信息。";
  r.section_found[0] = true;
  return r;
}

// A 2021 report whose tables were found empty: every cell absent.
Report empty_2021() {
  Report r;
  r.source = "empty.html";
  r.format = SourceFormat::Html;
  r.template_id = TemplateId::T2021;
  r.table2_fields = table2_layout(TemplateId::T2021);
  r.table2.resize(static_cast<Eigen::Index>(r.table2_fields.size()), 1);
  r.table3_rows = table3_layout(Table3Layout::Full);
  r.table3.resize(static_cast<Eigen::Index>(r.table3_rows.size()), kTable3Cols);
  r.table4.resize(kTable4Blocks, kTable4Values);
  return r;
}

}  // namespace

TEST(JsonNumber, NaNAndInfinitiesAreNull) {
  EXPECT_EQ(number(kNaN), "null");
  EXPECT_EQ(number(kNaN, true), "null");
  EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(number(-std::numeric_limits<double>::infinity(), true), "null");
}

TEST(JsonNumber, WholeNumbersAreIntegersEvenBeyondLongLong) {
  EXPECT_EQ(number(0.0), "0");
  EXPECT_EQ(number(-0.0), "0");
  EXPECT_EQ(number(42.0), "42");
  EXPECT_EQ(number(-7.0), "-7");
  EXPECT_EQ(number(9007199254740993.0), "9007199254740992");  // the double nearest 2^53 + 1
  EXPECT_EQ(number(1e20), "100000000000000000000");
  EXPECT_EQ(number(std::ldexp(1.0, 70)), "1180591620717411303424");
  EXPECT_EQ(number(-1e19), "-10000000000000000000");
}

TEST(JsonNumber, FloatsAreWrittenAsPythonsReprSoTheyReadBackTheSame) {
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(1e-7), "1e-07");
  EXPECT_EQ(number(0.0001), "0.0001");
  EXPECT_EQ(number(0.00012), "0.00012");
  EXPECT_EQ(number(1.5e-5), "1.5e-05");
  EXPECT_EQ(number(12.75), "12.75");
  EXPECT_EQ(number(-3.25), "-3.25");
  EXPECT_EQ(number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(number(123456789.125), "123456789.125");
  EXPECT_EQ(number(1.5e300, true), "1.5e+300");
  EXPECT_EQ(number(5e-324), "5e-324");
}

TEST(JsonNumber, AmountsStayDecimalsWhenWhole) {
  EXPECT_EQ(number(3.0, true), "3.0");
  EXPECT_EQ(number(0.0, true), "0.0");
  EXPECT_EQ(number(-0.0, true), "-0.0");
  EXPECT_EQ(number(1e15, true), "1000000000000000.0");
  EXPECT_EQ(number(1e16, true), "1e+16");
  EXPECT_EQ(number(2.5, true), "2.5");
}

TEST(JsonString, EscapesQuotesBackslashesAndControlCharactersOnly) {
  EXPECT_EQ(escaped("say \"无\""), "\"say \\\"无\\\"\"");
  EXPECT_EQ(escaped("a\\b"), "\"a\\\\b\"");
  EXPECT_EQ(escaped("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(escaped(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(escaped(std::string("a\0b", 3)), "\"a\\u0000b\"");
  EXPECT_EQ(escaped("\x7f/<>"), "\"\x7f/<>\"");
  EXPECT_EQ(escaped("政府信息公开 — ✓ 𠀀"), "\"政府信息公开 — ✓ 𠀀\"");  // UTF-8 as it is
}

TEST(JsonString, BytesThatAreNoUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(escaped("a\xff" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(escaped("\xe6\x94"), "\"\xEF\xBF\xBD\"");                      // cut short
  EXPECT_EQ(escaped("\xe6\x94" "a\xf0\x9f"), "\"\xEF\xBF\xBD" "a\xEF\xBF\xBD\"");
  EXPECT_EQ(escaped("\xed\xa0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // a surrogate
  EXPECT_EQ(escaped("\xc0\xaf"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");          // overlong
}

TEST(JsonWriter, IndentsAsPythonsJsonDumps) {
  std::string out;
  JsonWriter w(out, 2);
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.integer(1);
  w.null();
  w.end_array();
  w.key("empty");
  w.begin_object();
  w.end_object();
  w.key("none");
  w.begin_array();
  w.end_array();
  w.end_object();
  EXPECT_EQ(out, "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"empty\": {},\n  \"none\": []\n}");
}

TEST(ReportJson, FreeFormReportHasNullTables) {
  EXPECT_EQ(json(free_form()),
            "{\"schema\":\"gongkai.report/1\",\"source\":\"free.txt\",\"agency\":\"某县人民政府\",\"year\":null,"
            "\"template\":\"none\",\"format\":\"text\",\"encoding\":\"utf-8\","
            "\"title\":\"某县人民政府2015年政府信息公开工作年度报告\",\"is_report\":true,"
            "\"table2\":null,\"table3\":null,\"table4\":null,\"missing\":{},\"placed\":{},\"findings\":[],"
            "\"sections\":{\"overview\":\"本年度主动公开信息。\",\"proactive\":null,\"applications\":null,"
            "\"appeals\":null,\"problems\":null,\"other\":null}}");
}

TEST(ReportJson, TablesWithEveryCellAbsentAreEmptyObjects) {
  ReportJsonOptions options;
  options.is_report = false;
  const std::string out = json(empty_2021(), options);
  EXPECT_NE(out.find("\"agency\":null,\"year\":null,\"template\":\"2021\",\"format\":\"html\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"title\":null,\"is_report\":false,\"table2\":{},\"table3\":{},\"table4\":{},\"missing\":{},"
                     "\"placed\":{},\"findings\":[]"),
            std::string::npos)
      << out;
}

TEST(ReportJson, CellsWithoutANumberKeepTheirRawTextEscaped) {
  Report r = empty_2021();
  r.year = 2024;
  const int fees = r.table2_field_index(Table2Field::FeesAmount);
  ASSERT_GE(fees, 0);
  r.table2.state(fees, 0) = static_cast<std::uint8_t>(CellState::Text);
  r.table2.origin_at(fees, 0) = CellOrigin{"约\"3\"万\\元\n\x01", Location{0, 41, 3}, Placement::Label};
  const int issued = r.table2_field_index(Table2Field::RegulationsIssued);
  r.table2.state(issued, 0) = static_cast<std::uint8_t>(CellState::Value);
  r.table2.values(issued, 0) = 2;
  r.table2.origin_at(issued, 0).placement = Placement::Cut;
  const int row = r.table3_row_index(Table3Row::New);
  for (int j = 0; j < kTable3Cols; ++j) {
    r.table3.state(row, j) = static_cast<std::uint8_t>(CellState::Value);
    r.table3.values(row, j) = j;
  }
  r.table3.values(row, 6) = 1e20;
  r.table3.state(row, 5) = static_cast<std::uint8_t>(CellState::Slash);
  r.table3.values(row, 5) = kNaN;
  r.table3.origin_at(row, 5) = CellOrigin{"/", Location{0, 77, 12}, Placement::Label};

  const std::string out = json(r);
  EXPECT_NE(out.find("\"year\":2024"), std::string::npos);
  EXPECT_NE(out.find("\"table2\":{\"regulations\":{\"issued\":2},\"fees\":{\"amount\":null}}"), std::string::npos) << out;
  EXPECT_NE(out.find("\"table3\":{\"new\":[0,1,2,3,4,null,100000000000000000000]},\"table4\":{}"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"missing\":{\"table2/fees/amount\":{\"state\":\"text\",\"raw\":\"约\\\"3\\\"万\\\\元\\n\\u0001\","
                     "\"line\":41,\"column\":3},\"table3/new/other_org\":{\"state\":\"slash\",\"raw\":\"/\",\"line\":77,"
                     "\"column\":12}},\"placed\":{\"table2/regulations/issued\":\"cut\"}"),
            std::string::npos)
      << out;
}

TEST(ReportJson, FindingsCarryTheirPlaceNumbersAndSuggestion) {
  Report r = free_form();
  Finding parse;
  parse.rule = "parse.row_missing";
  parse.severity = Severity::Error;
  parse.message = "row \"new\" not found";
  parse.location = Location{0, 7, 2};
  r.findings.push_back(parse);
  Finding identity;
  identity.rule = "table3.balance";
  identity.severity = Severity::Error;
  identity.cells = {"table3/new/total", "table3/carried_over/total"};
  identity.message = "m";
  identity.expected = 12;
  identity.actual = 12.5;
  identity.suggested_cell = "table3/new/total";
  identity.suggested_value = 13;
  const std::string out = json(r, {}, {identity});
  EXPECT_NE(out.find("\"findings\":[{\"rule\":\"parse.row_missing\",\"severity\":\"error\",\"cells\":[],"
                     "\"message\":\"row \\\"new\\\" not found\",\"line\":7,\"column\":2},"
                     "{\"rule\":\"table3.balance\",\"severity\":\"error\",\"cells\":[\"table3/new/total\","
                     "\"table3/carried_over/total\"],\"message\":\"m\",\"expected\":12,\"actual\":12.5,"
                     "\"suggestion\":{\"cell\":\"table3/new/total\",\"value\":13}}]"),
            std::string::npos)
      << out;
}

TEST(ReportJson, IndentedAsAnItemOfAList) {
  ReportJsonOptions options;
  options.indent = 1;
  options.depth = 1;
  const std::string out = json(free_form(), options);
  EXPECT_EQ(out.substr(0, 42), "{\n  \"schema\": \"gongkai.report/1\",\n  \"sourc");
  EXPECT_NE(out.find("\n  \"missing\": {},\n  \"placed\": {},\n  \"findings\": [],\n  \"sections\": {\n   \"overview\""),
            std::string::npos)
      << out;
  EXPECT_EQ(out.substr(out.size() - 11), "null\n  }\n }");
}
