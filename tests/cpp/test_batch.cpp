#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gongkai/check/rules.hpp"
#include "gongkai/corpus/batch.hpp"
#include "gongkai/error.hpp"
#include "gongkai/read/docx.hpp"
#include "gongkai/read/html.hpp"
#include "gongkai/read/markdown.hpp"
#include "gongkai/read/text_adapter.hpp"

using namespace gongkai;

namespace {

std::string sample(const std::string& name) {
  std::ifstream f(std::string(GONGKAI_SAMPLES) + "/" + name, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A batch mixing good reports (text and HTML, each under its own source name), empty input,
// binary bytes and text that is no report.
struct Batch {
  std::vector<std::string> bytes;
  std::vector<ParseOptions> options;
  std::vector<std::string_view> views() const { return {bytes.begin(), bytes.end()}; }
};

Batch mixed(int copies) {
  const std::string txt = sample("sample_2024.txt");
  const std::string html = sample("sample_2024.html");
  Batch b;
  for (int i = 0; i < copies; ++i) {
    for (const std::string* s : {&txt, &html}) {
      b.bytes.push_back(*s);
      b.options.push_back({FormatHint::Auto, "good" + std::to_string(b.bytes.size())});
    }
    b.bytes.emplace_back("");
    b.options.push_back({FormatHint::Auto, "empty"});
    b.bytes.push_back(std::string("\x00\x01\x02\xff\xfe\x00\x9c\x80", 8) + std::string(200, '\x00'));
    b.options.push_back({FormatHint::Auto, "binary"});
    b.bytes.emplace_back("今天天气很好。\n没有表格。\n");
    b.options.push_back({FormatHint::Auto, "prose"});
  }
  return b;
}

bool same_matrix(const Matrix& a, const Matrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const double x = a.data()[i], y = b.data()[i];
    if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
  }
  return true;
}

}  // namespace

TEST(ParseMany, ResultsInInputOrderWithErrorsKeptPerInput) {
  const Batch b = mixed(3);
  BatchOptions o;
  o.workers = 4;
  const auto results = parse_many(b.views(), b.options, o);
  ASSERT_EQ(results.size(), b.bytes.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const BatchResult& r = results[i];
    const std::string& name = b.options[i].source;
    if (name == "empty") {
      EXPECT_EQ(r.error, BatchErrorKind::Parse) << i;
      EXPECT_FALSE(r.report.has_value());
      EXPECT_FALSE(r.message.empty());
    } else if (name == "binary") {
      EXPECT_EQ(r.error, BatchErrorKind::Encoding) << i;
      EXPECT_FALSE(r.report.has_value());
    } else {
      ASSERT_TRUE(r.ok()) << i << ": " << r.message;
      ASSERT_TRUE(r.report.has_value());
      EXPECT_EQ(r.report->source, name);  // the report at index i is input i's
    }
    if (name.rfind("good", 0) == 0) {
      EXPECT_EQ(r.report->year, 2024);
      EXPECT_NE(r.report->template_id, TemplateId::None);
    }
  }
}

TEST(ParseMany, SameResultsForAnyNumberOfWorkers) {
  const Batch b = mixed(5);
  BatchOptions one;
  one.workers = 1;
  BatchOptions four;
  four.workers = 4;
  const auto a = parse_many(b.views(), b.options, one);
  const auto c = parse_many(b.views(), b.options, four);
  ASSERT_EQ(a.size(), c.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].error, c[i].error) << i;
    EXPECT_EQ(a[i].message, c[i].message) << i;
    ASSERT_EQ(a[i].report.has_value(), c[i].report.has_value()) << i;
    if (!a[i].report) continue;
    const Report& x = *a[i].report;
    const Report& y = *c[i].report;
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.agency, y.agency);
    EXPECT_EQ(x.year, y.year);
    EXPECT_EQ(x.findings.size(), y.findings.size());
    EXPECT_TRUE(same_matrix(x.table2.values, y.table2.values)) << i;
    EXPECT_TRUE(same_matrix(x.table3.values, y.table3.values)) << i;
    EXPECT_TRUE(same_matrix(x.table4.values, y.table4.values)) << i;
  }
}

TEST(ParseMany, EqualsParseReportOneByOne) {
  const Batch b = mixed(1);
  BatchOptions o;
  o.workers = 2;
  const auto results = parse_many(b.views(), b.options, o);
  for (std::size_t i = 0; i < results.size(); ++i) {
    try {
      const Report r = parse_report(b.bytes[i], b.options[i]);
      ASSERT_TRUE(results[i].ok()) << i;
      EXPECT_TRUE(same_matrix(r.table3.values, results[i].report->table3.values));
    } catch (const Error& e) {
      EXPECT_FALSE(results[i].ok()) << i;
      EXPECT_EQ(results[i].message, e.what());
    }
  }
}

TEST(ParseMany, ProgressOnTheCallingThreadEndingWithTheTotal) {
  const Batch b = mixed(4);
  const auto caller = std::this_thread::get_id();
  std::vector<std::size_t> calls;
  BatchOptions o;
  o.workers = 3;
  o.progress_interval_ms = 1;
  o.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(total, b.bytes.size());
    EXPECT_LE(done, total);
    calls.push_back(done);
  };
  parse_many(b.views(), b.options, o);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back(), b.bytes.size());
  for (std::size_t i = 1; i < calls.size(); ++i) EXPECT_LE(calls[i - 1], calls[i]);
}

TEST(ParseMany, ProgressThatThrowsStopsTheBatch) {
  const Batch b = mixed(20);
  BatchOptions o;
  o.workers = 2;
  o.progress_interval_ms = 1;
  o.progress = [](std::size_t, std::size_t) { throw std::runtime_error("interrupted"); };
  EXPECT_THROW(parse_many(b.views(), b.options, o), std::runtime_error);
}

TEST(ParseMany, EmptyBatchAndDefaultOptions) {
  EXPECT_TRUE(parse_many({}, {}).empty());
  const std::string txt = sample("sample_2024.txt");
  const auto r = parse_many({txt, txt}, {});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[0].ok() && r[1].ok());
  EXPECT_THROW(parse_many({txt, txt}, {ParseOptions{}}), std::invalid_argument);
}

TEST(Deadline, ReachesEveryAdapterAndTheRules) {
  // inputs of many small pieces (tags, lines), read under a limit no read meets: each adapter
  // stops inside its own loop, not only once the matcher starts
  std::string html, xml = "<w:document><w:body>", md, text;
  for (int k = 0; k < 20000; ++k) {
    html += "<p>x</p>";
    xml += "<w:p><w:r><w:t>x</w:t></w:r></w:p>";
    md += "x\n\n";
    text += "x\n";
  }
  xml += "</w:body></w:document>";
  const auto past = [](auto read) {
    const Deadline limit(1e-9);
    EXPECT_THROW(read(), TimeLimitError);
  };
  past([&] { return read_html(html); });
  past([&] { return read_docx_xml(xml); });
  past([&] { return read_markdown(md); });
  past([&] { return read_text(text); });
  const Report report = parse_report(sample("sample_2024.txt"));
  past([&] { return check_report(report); });
  EXPECT_NO_THROW(read_html(html));  // and no limit after it
}

TEST(ParseReport, RefusesInputLongerThanAnyReport) {
  std::string big(kMaxParseBytes + 1, ' ');
  big[0] = 'x';
  try {
    parse_report(big);
    FAIL() << "no error";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("more than the 64 MiB"), std::string::npos) << e.what();
  }
}

TEST(ParseMany, AnInputPastThePerInputTimeLimitFailsAloneAndTheLimitEndsWithIt) {
  const std::string txt = sample("sample_2024.txt");
  BatchOptions limited;
  limited.seconds_per_input = 1e-9;  // no parse meets it
  const auto failed = parse_many({txt, txt}, {}, limited);
  ASSERT_EQ(failed.size(), 2u);
  for (const auto& r : failed) {
    EXPECT_EQ(r.error, BatchErrorKind::TimeLimit);
    EXPECT_FALSE(r.report.has_value());
    EXPECT_NE(r.message.find("per-file time limit of 1e-09 s"), std::string::npos);
  }
  EXPECT_STREQ(batch_error_name(BatchErrorKind::TimeLimit), "TimeLimitError");
  // no limit once the batch is done: a parse on the same thread runs to its end
  EXPECT_NO_THROW(parse_report(txt));
  BatchOptions generous;
  generous.seconds_per_input = 60;
  EXPECT_TRUE(parse_many({txt}, {}, generous).front().ok());
}
