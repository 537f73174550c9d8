#include <stdexcept>
#include <string>

#include "gongkai/corpus/corpus.hpp"
#include "gongkai/corpus/indicators.hpp"
#include "gongkai/corpus/series.hpp"
#include "pybind.hpp"

using namespace gongkai;

namespace {

// "table3/<row id>/<column id>" (or table2/<row>/<value>, table4/<block>/<value>) -> (table, column)
std::pair<int, int> cell_column(const std::string& name) {
  const auto a = name.find('/'), b = name.rfind('/');
  if (a == std::string::npos || a == b) throw py::value_error(name + ": a cell is named 'table3/<row id>/<column id>'");
  const std::string table = name.substr(0, a), row = name.substr(a + 1, b - a - 1), col = name.substr(b + 1);
  if (table == "table3") {
    for (int r = 0; r < static_cast<int>(Table3Row::Count); ++r)
      for (int c = 0; c < kTable3Cols; ++c)
        if (table3_row_id(static_cast<Table3Row>(r)) == row && table3_col_id(static_cast<Table3Col>(c)) == col)
          return {3, t3_column(static_cast<Table3Row>(r), c)};
  } else if (table == "table4") {
    for (int blk = 0; blk < kTable4Blocks; ++blk)
      for (int v = 0; v < kTable4Values; ++v)
        if (table4_block_id(static_cast<Table4Block>(blk)) == row && table4_value_id(static_cast<Table4Value>(v)) == col)
          return {4, blk * kTable4Values + v};
  } else if (table == "table2") {
    for (int f = 0; f < kT2Columns; ++f) {
      const auto& info = table2_field_info(static_cast<Table2Field>(f));
      if (info.row_id == row && info.value_id == col) return {2, f};
    }
  }
  throw py::value_error(name + ": no such cell in the templates");
}

std::string column_name(int table, int column) {
  if (table == 3)
    return "table3/" + std::string(table3_row_id(static_cast<Table3Row>(column / kTable3Cols))) + "/" +
           std::string(table3_col_id(static_cast<Table3Col>(column % kTable3Cols)));
  if (table == 4)
    return "table4/" + std::string(table4_block_id(static_cast<Table4Block>(column / kTable4Values))) + "/" +
           std::string(table4_value_id(static_cast<Table4Value>(column % kTable4Values)));
  const auto& info = table2_field_info(static_cast<Table2Field>(column));
  return "table2/" + std::string(info.row_id) + "/" + std::string(info.value_id);
}

std::vector<Term> terms_of(const py::list& items) {
  std::vector<Term> out;
  for (const py::handle& h : items) {
    const auto t = h.cast<py::tuple>();  // (cell name, coefficient, alternative)
    const auto [table, column] = cell_column(t[0].cast<std::string>());
    out.push_back({table, column, t.size() > 1 ? t[1].cast<double>() : 1.0, t.size() > 2 && t[2].cast<bool>()});
  }
  return out;
}

// (cell name, coefficient[, alternative]) in; (cell name, coefficient, alternative) out. Names for
// the Python types, so that signatures and stubs say more than list (the values are the same).
using TermsIn = py::typing::List<
    py::typing::Union<py::typing::Tuple<py::str, py::float_>, py::typing::Tuple<py::str, py::float_, py::bool_>>>;
// Ids per report (groups, agencies, years) taken from numpy without a Python object each.
using IdVector = Eigen::Ref<const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>>;
py::array_t<std::int64_t> ids_array(const std::vector<std::int64_t>& ids) {
  return py::array_t<std::int64_t>(static_cast<py::ssize_t>(ids.size()), ids.data());
}
using TermsOut = py::typing::List<py::typing::Tuple<py::str, py::float_, py::bool_>>;

TermsOut terms_to_list(const std::vector<Term>& terms) {
  TermsOut out;
  for (const Term& t : terms) out.append(py::make_tuple(column_name(t.table, t.column), t.coeff, t.alternative));
  return out;
}

TemplateId template_of(const std::string& s) {
  if (s == "2021") return TemplateId::T2021;
  if (s == "2019") return TemplateId::T2019;
  return TemplateId::None;
}

}  // namespace

void register_corpus(py::module_& m) {
  constexpr auto ref = py::return_value_policy::reference_internal;
  py::class_<Corpus>(m, "Corpus", "Reports held column-wise: one matrix per table (see gongkai.Corpus).")
      .def_static("from_reports", [](const std::vector<const Report*>& reports) {
        py::gil_scoped_release release;
        return Corpus::from_reports(reports);
      }, "reports"_a, "A corpus of parsed reports, one row per report in their order.")
      .def_static("from_arrays", [](const ColMatrix& t2, const ColMatrix& t3, const ColMatrix& t4, const ColStates& s2,
                                    const ColStates& s3, const ColStates& s4, const std::vector<int>& year,
                                    const std::vector<std::string>& templates) {
        const auto n = static_cast<Eigen::Index>(year.size());
        if (t2.rows() != n || t3.rows() != n || t4.rows() != n || s2.rows() != n || s3.rows() != n || s4.rows() != n ||
            static_cast<Eigen::Index>(templates.size()) != n)
          throw py::value_error("every array needs one row per report");
        if (t2.cols() != kT2Columns || t3.cols() != kT3Columns || t4.cols() != kT4Columns || s2.cols() != kT2Columns ||
            s3.cols() != kT3Columns || s4.cols() != kT4Columns)
          throw py::value_error("tables need 32, 182 and 15 columns (table 2, 3, 4)");
        Corpus c{t2, t3, t4, s2, s3, s4, year, {}};
        for (const auto& t : templates) c.template_id.push_back(template_of(t));
        return c;
      }, "table2"_a, "table3"_a, "table4"_a, "state2"_a, "state3"_a, "state4"_a, "year"_a, "template"_a,
         "A corpus from arrays (numbers without reports): reports x 32/182/15 columns.")
      .def("__len__", &Corpus::size, "The number of reports.")
      .def_property_readonly("table2", [](const Corpus& c) -> const ColMatrix& { return c.table2; }, ref,
                             "Reports x 32 canonical table 2 cells, NaN where missing or not applicable (a view).")
      .def_property_readonly("table3", [](const Corpus& c) -> const ColMatrix& { return c.table3; }, ref,
                             "Reports x 182 canonical table 3 cells, NaN where missing or not applicable (a view).")
      .def_property_readonly("table4", [](const Corpus& c) -> const ColMatrix& { return c.table4; }, ref,
                             "Reports x 15 canonical table 4 cells, NaN where missing or not applicable (a view).")
      .def_property_readonly("state2", [](const Corpus& c) -> const ColStates& { return c.state2; }, ref,
                             "The cell state of every table 2 cell, 255 where not applicable (a view).")
      .def_property_readonly("state3", [](const Corpus& c) -> const ColStates& { return c.state3; }, ref,
                             "The cell state of every table 3 cell, 255 where not applicable (a view).")
      .def_property_readonly("state4", [](const Corpus& c) -> const ColStates& { return c.state4; }, ref,
                             "The cell state of every table 4 cell, 255 where not applicable (a view).")
      .def_readonly("year", &Corpus::year, "The year of every report, 0 when unknown.")
      .def_property_readonly("template", [](const Corpus& c) {
        py::typing::List<py::str> out;
        for (TemplateId t : c.template_id) out.append(std::string(template_name(t)));
        return out;
      }, "The template of every report: '2021', '2019' or 'none'.");

  py::class_<Indicator>(m, "Indicator", "One indicator: a ratio of two sums of cells.")
      .def(py::init([](std::string id, std::string zh, std::string en, std::string unit, bool rate, const TermsIn& num,
                       const TermsIn& den) {
             return Indicator{std::move(id), std::move(zh), std::move(en), std::move(unit), rate, terms_of(num), terms_of(den)};
           }),
           "id"_a, "zh"_a, "en"_a, "unit"_a, "rate"_a, "numerator"_a, "denominator"_a,
           "numerator/denominator: lists of (cell name, coefficient[, alternative]); an empty denominator is 1.")
      .def_readonly("id", &Indicator::id, "Stable id, e.g. 'applications_new'.")
      .def_readonly("zh", &Indicator::zh, "Chinese name.")
      .def_readonly("en", &Indicator::en, "English name.")
      .def_readonly("unit", &Indicator::unit, "Unit of the value, '' for none.")
      .def_readonly("rate", &Indicator::rate, "A ratio (changes in percentage points) rather than a count.")
      .def_property_readonly("numerator", [](const Indicator& i) { return terms_to_list(i.numerator); },
                             "(cell name, coefficient, alternative) of every cell summed above the line.")
      .def_property_readonly("denominator", [](const Indicator& i) { return terms_to_list(i.denominator); },
                             "(cell name, coefficient, alternative) of every cell summed below the line; empty: 1.");
  m.def("builtin_indicators", [] { return builtin_indicators(); }, "The indicators of docs/indicators.md.");

  py::class_<IndicatorValues>(m, "IndicatorValues", "Indicators of every report: reports x indicators matrices.")
      .def_property_readonly("numerator", [](const IndicatorValues& v) -> const ColMatrix& { return v.numerator; }, ref,
                             "Reports x indicators: the sums above the line (a view).")
      .def_property_readonly("denominator", [](const IndicatorValues& v) -> const ColMatrix& { return v.denominator; }, ref,
                             "Reports x indicators: the sums below the line, 1 for counts (a view).")
      .def_property_readonly("reason", [](const IndicatorValues& v) -> const ColStates& { return v.reason; }, ref,
                             "Why a value is NaN: 0 defined, 1 an input missing, 2 a zero base, 3 not in the template (a view).")
      .def("value", &IndicatorValues::value, "numerator / denominator, NaN where the reason is not 0");
  m.def("compute_indicators", [](const Corpus& c, const std::vector<Indicator>& indicators) {
    py::gil_scoped_release release;
    return compute_indicators(c, indicators);
  }, "corpus"_a, "indicators"_a, "Numerators, denominators and reasons of the indicators for every report of a corpus.");

  py::class_<Pooled>(m, "Pooled", "Indicators pooled by group: groups x indicators.")
      .def_readonly("numerator", &Pooled::numerator, "Groups x indicators: Σ numerators of the reports whose value is defined.")
      .def_readonly("denominator", &Pooled::denominator, "Groups x indicators: Σ denominators of those reports.")
      .def_readonly("reports", &Pooled::reports, "Groups x indicators: the number of reports behind each value.")
      .def_readonly("total", &Pooled::total, "Per indicator: a count, pooled as the group's total.")
      .def("value", &Pooled::value, "Rates: Σ numerators / Σ denominators; counts: the total (Σ numerators).");
  m.def("check_series_corpus", [](const Corpus& c, const std::vector<std::int64_t>& agency,
                                  const std::vector<std::string>& source) {
    if (agency.size() != c.size() || source.size() != c.size())
      throw py::value_error("one agency id and one source per report");
    py::gil_scoped_release release;
    return check_series(c, agency, source);
  }, "corpus"_a, "agency"_a, "source"_a,
     "The series rules (carry-over chain, stock of documents) between the reports of one agency (id per report, "
     "-1: not compared) whose years follow each other: (index of the later report, finding).");
  m.def("pool", [](const IndicatorValues& v, const std::vector<Indicator>& indicators, const IdVector& group,
                   std::int64_t groups) {
    if (group.size() != v.numerator.rows()) throw py::value_error("one group id per report");
    py::gil_scoped_release release;
    return pool(v, indicators, std::vector<std::int64_t>(group.data(), group.data() + group.size()), groups);
  }, "values"_a, "indicators"_a, "group"_a, "groups"_a,
     "Sums of numerators and denominators per group (group id -1: left out); counts pooled as totals.");

  py::class_<YearOverYear>(m, "YearOverYear", "Year over year for the same agency: one row per report with a previous year.")
      .def_property_readonly("report", [](const YearOverYear& y) { return ids_array(y.report); },
                             "Index of the later report.")
      .def_property_readonly("previous", [](const YearOverYear& y) { return ids_array(y.previous); },
                             "Index of the report of the year before.")
      .def_readonly("value", &YearOverYear::value, "Rows x indicators: x(t).")
      .def_readonly("previous_value", &YearOverYear::previous_value, "Rows x indicators: x(t-1).")
      .def_readonly("change", &YearOverYear::change, "Rows x indicators: x(t) - x(t-1); for rates in percentage points.")
      .def_readonly("relative", &YearOverYear::relative, "Rows x indicators: x(t) / x(t-1) - 1 for counts; NaN for rates.");
  m.def("year_over_year", [](const IndicatorValues& v, const std::vector<Indicator>& indicators, const IdVector& agency,
                             const IdVector& year) {
    if (agency.size() != v.numerator.rows() || year.size() != v.numerator.rows())
      throw py::value_error("one agency id and one year per report");
    py::gil_scoped_release release;
    return year_over_year(v, indicators, std::vector<std::int64_t>(agency.data(), agency.data() + agency.size()),
                          std::vector<int>(year.data(), year.data() + year.size()));
  }, "values"_a, "indicators"_a, "agency"_a, "year"_a,
     "Every report whose agency (an id per report, -1 unknown) has a report of the year before, and the changes.");
  m.def("cell_column", &cell_column, "name"_a, "(table, canonical column) of a cell name.");
  m.def("column_name", &column_name, "table"_a, "column"_a, "The cell name of a canonical column.");
}
