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

using Boxes = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Codes = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>;
using Flags = py::array_t<bool, py::array::c_style | py::array::forcecast>;

std::vector<PdfBox> boxes_of(const Boxes& a, const char* what) {
  if (a.ndim() != 2 || (a.shape(0) > 0 && a.shape(1) != 4))
    throw py::value_error(std::string(what) + " must be an array of n x 4 (x0, top, x1, bottom)");
  std::vector<PdfBox> out(static_cast<std::size_t>(a.shape(0)));
  auto v = a.unchecked<2>();
  for (py::ssize_t i = 0; i < a.shape(0); ++i) out[static_cast<std::size_t>(i)] = {v(i, 0), v(i, 1), v(i, 2), v(i, 3)};
  return out;
}

py::tuple layout_chars(const py::list& pages_in, bool layout, bool join_wrapped_numbers) {
  std::vector<PdfPage> pages;
  for (const py::handle item : pages_in) {
    const auto t = item.cast<py::tuple>();
    if (t.size() != 6) throw py::value_error("a page is (width, height, codes, boxes, blank, rules)");
    PdfPage page;
    page.width = t[0].cast<double>();
    page.height = t[1].cast<double>();
    const auto codes = t[2].cast<Codes>();
    const auto blank = t[4].cast<Flags>();
    const std::vector<PdfBox> boxes = boxes_of(t[3].cast<Boxes>(), "boxes");
    if (codes.ndim() != 1 || blank.ndim() != 1 || static_cast<std::size_t>(codes.shape(0)) != boxes.size() ||
        static_cast<std::size_t>(blank.shape(0)) != boxes.size())
      throw py::value_error("codes, boxes and blank must have one entry per character");
    auto c = codes.unchecked<1>();
    auto k = blank.unchecked<1>();
    page.chars.resize(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const auto n = static_cast<py::ssize_t>(i);
      page.chars[i] = {static_cast<char32_t>(c(n)), boxes[i], k(n)};
    }
    page.rules = boxes_of(t[5].cast<Boxes>(), "rules");
    pages.push_back(std::move(page));
  }
  std::string text;
  std::vector<PdfPlacedWord> placed;
  {
    py::gil_scoped_release release;
    PdfLayoutOptions options;
    options.layout = layout;
    options.join_wrapped_numbers = join_wrapped_numbers;
    text = pdf_layout_text(pages, options, placed);
  }
  py::array_t<std::int64_t> words({static_cast<py::ssize_t>(placed.size()), py::ssize_t{4}});
  auto w = words.mutable_unchecked<2>();
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const auto n = static_cast<py::ssize_t>(i);
    w(n, 0) = static_cast<std::int64_t>(placed[i].page);
    w(n, 1) = static_cast<std::int64_t>(placed[i].first);
    w(n, 2) = static_cast<std::int64_t>(placed[i].offset);
    w(n, 3) = static_cast<std::int64_t>(placed[i].size);
  }
  return py::make_tuple(py::str(text), words);
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
  m.def("layout_chars", &layout_chars, "pages"_a, "layout"_a = true, "join_wrapped_numbers"_a = true,
        "The text of pages given as characters with boxes (as recognised by OCR), laid out as "
        "pdf_text lays out a PDF's characters. ``pages`` is a list of (width, height, codes, boxes, "
        "blank, rules): the page's size in points, its characters' code points (n), their boxes "
        "(n x 4: x0, top, x1, bottom in points from the top left), whether each is white space (n), "
        "and its ruling lines (m x 4). Returns the text and an array of its words, one row each: "
        "page, index of the word's first character in that page, byte offset in the text, bytes.");
}
