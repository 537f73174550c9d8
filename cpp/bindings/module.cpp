#include "pybind.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "gongkai's C++ core: parsing, tables as Eigen matrices, findings.";
  register_report(m);
  register_corpus(m);
  register_batch(m);
  register_pdf(m);
}
