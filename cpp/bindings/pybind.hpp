// The only place pybind11 is included.
#pragma once

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;
using namespace pybind11::literals;

#include "gongkai/match/parse.hpp"

void register_report(py::module_& m);
// The format names of parse_bytes and parse_many ("auto", "text", "html", "docx", "markdown").
gongkai::FormatHint format_hint(const std::string& name);
void register_corpus(py::module_& m);
void register_batch(py::module_& m);
void register_pdf(py::module_& m);
