#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gongkai/error.hpp"
#include "gongkai/read/pdf.hpp"
#include "gongkai/read/pdfium.hpp"
#include "pybind.hpp"

using namespace gongkai;

namespace {

py::str pdf_text(const py::bytes& data, const std::map<std::string, std::uintptr_t>& pdfium, bool layout,
                 bool join_wrapped_numbers) {
  PdfiumApi api;
  for (const auto& [name, address] : pdfium)
    if (!api.set(name, reinterpret_cast<void*>(address))) throw py::value_error("not a PDFium function gongkai calls: " + name);
  if (!api.complete()) throw py::value_error("pdfium: every function of pdfium_functions() is needed");
  char* buffer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &buffer, &size) != 0) throw py::error_already_set();
  std::string text;
  {
    py::gil_scoped_release release;  // the bytes object is immutable and referenced by the caller
    const std::vector<PdfPage> pages = read_pdfium_pages(api, std::string_view(buffer, static_cast<std::size_t>(size)));
    PdfLayoutOptions options;
    options.layout = layout;
    options.join_wrapped_numbers = join_wrapped_numbers;
    text = pdf_layout_text(pages, options);
  }
  return py::str(text);
}

}  // namespace

void register_pdf(py::module_& m) {
  m.def("pdfium_functions",
        [] {
          std::vector<std::string> names;
          for (std::string_view n : PdfiumApi::names()) names.emplace_back(n);
          return names;
        },
        "The C names of the PDFium functions pdf_text calls.");
  m.def("pdf_text", &pdf_text, "data"_a, "pdfium"_a, "layout"_a = true, "join_wrapped_numbers"_a = true,
        "The text of the PDF in ``data``, laid out like ``pdftotext -layout`` (``layout=False``: each "
        "line's words joined by one space), every page ending with a form feed. ``pdfium`` maps the "
        "name of every function of pdfium_functions() to its address in a loaded, initialised PDFium "
        "(calls into that library must not overlap: the caller holds a lock). Raises ParseError for "
        "bytes PDFium cannot open, saying why (damaged, encrypted).");
}
