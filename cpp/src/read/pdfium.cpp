#include "gongkai/read/pdfium.hpp"

#include <algorithm>
#include <climits>

#include "gongkai/error.hpp"

namespace gongkai {

namespace {

constexpr int kPathObject = 2;  // FPDF_PAGEOBJ_PATH
constexpr double kRuleThickness = 3.0;
constexpr double kLooseBoxLimit = 3.0;  // times the page's median character height

template <typename F>
void assign(F& member, void* address) {
  member = reinterpret_cast<F>(address);
}

// Closes what PDFium opened, whichever way the reading ends.
template <typename Handle, typename Close>
struct Closer {
  Handle handle;
  Close close;
  ~Closer() {
    if (handle) close(handle);
  }
};

bool is_blank(char32_t c) {
  return c <= 0x20 || c == 0x7F || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

std::string open_error(unsigned long code) {
  switch (code) {
    case 2: return "not a readable PDF (the file is damaged or not a PDF)";   // FPDF_ERR_FILE
    case 3: return "not a readable PDF (the file is damaged or not a PDF)";   // FPDF_ERR_FORMAT
    case 4: return "the PDF is encrypted (it needs a password to open)";      // FPDF_ERR_PASSWORD
    case 6: return "the PDF is encrypted with an unsupported security handler";  // FPDF_ERR_SECURITY
    default: return "not a readable PDF (PDFium error " + std::to_string(code) + ")";
  }
}

PdfPage read_page(const PdfiumApi& api, void* page) {
  PdfPage out;
  out.width = api.get_page_width(page);
  out.height = api.get_page_height(page);
  const double h = out.height;
  Closer<void*, void (*)(void*)> text{api.text_load_page(page), api.text_close_page};
  if (text.handle) {
    const int n = api.text_count_chars(text.handle);
    out.chars.reserve(static_cast<std::size_t>(std::max(n, 0)));
    std::vector<int> indices;  // of out.chars in the text page
    for (int i = 0; i < n; ++i) {
      char32_t code = api.text_get_unicode(text.handle, i);
      if (code == 0) continue;  // a glyph without a character
      const int index = i;
      if (code >= 0xD800 && code <= 0xDFFF) {
        // where PDFium counts UTF-16 code units, a character beyond U+FFFF is a surrogate pair
        const char32_t low = i + 1 < n ? api.text_get_unicode(text.handle, i + 1) : 0;
        if (code <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          ++i;
        } else {
          code = 0xFFFD;
        }
      } else if (code > 0x10FFFF) {
        code = 0xFFFD;
      }
      PdfChar c;
      c.code = code;
      // PDFium's own spaces and line ends between words: left out, as they stand where
      // PDFium guessed (sometimes inside the next word)
      if (api.text_is_generated(text.handle, index) == 1) continue;
      c.blank = is_blank(code);
      PdfiumApi::Rect r{};
      if (!api.text_get_loose_char_box(text.handle, index, &r)) continue;
      c.box = {r.left, h - r.top, r.right, h - r.bottom};
      out.chars.push_back(c);
      indices.push_back(index);
    }
    // The loose box (the font's ascent to descent) gives the characters of a line one height;
    // but a font drawn at a huge size and scaled down by its text matrix (vertical labels
    // written a character a line) gets a box of that size, covering many lines: such
    // characters take the box of their glyph.
    std::vector<double> heights;
    for (const PdfChar& c : out.chars)
      if (!c.blank) heights.push_back(c.box.bottom - c.box.top);
    if (!heights.empty()) {
      const auto mid = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2);
      std::nth_element(heights.begin(), mid, heights.end());
      const double limit = kLooseBoxLimit * *mid;
      for (std::size_t k = 0; k < out.chars.size(); ++k) {
        PdfChar& c = out.chars[k];
        double left = 0, right = 0, bottom = 0, top = 0;
        if (c.blank || c.box.bottom - c.box.top <= limit) continue;
        if (api.text_get_char_box(text.handle, indices[k], &left, &right, &bottom, &top))
          c.box = {left, h - top, right, h - bottom};
      }
    }
  }
  const int objects = api.page_count_objects(page);
  for (int i = 0; i < objects; ++i) {
    void* object = api.page_get_object(page, i);
    if (!object || api.object_get_type(object) != kPathObject) continue;
    float left = 0, bottom = 0, right = 0, top = 0;
    if (!api.object_get_bounds(object, &left, &bottom, &right, &top)) continue;
    if (right - left > kRuleThickness && top - bottom > kRuleThickness) continue;  // not a line
    out.rules.push_back({left, h - top, right, h - bottom});
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& PdfiumApi::names() {
  static const std::vector<std::string_view> kNames = {
      "FPDF_LoadMemDocument", "FPDF_CloseDocument",     "FPDF_GetLastError",
      "FPDF_GetPageCount",    "FPDF_LoadPage",          "FPDF_ClosePage",
      "FPDF_GetPageWidthF",   "FPDF_GetPageHeightF",    "FPDFText_LoadPage",
      "FPDFText_ClosePage",   "FPDFText_CountChars",    "FPDFText_GetUnicode",
      "FPDFText_IsGenerated", "FPDFText_GetLooseCharBox", "FPDFText_GetCharBox", "FPDFPage_CountObjects",
      "FPDFPage_GetObject",   "FPDFPageObj_GetType",    "FPDFPageObj_GetBounds"};
  return kNames;
}

bool PdfiumApi::set(std::string_view name, void* address) {
  const auto& n = names();
  const auto it = std::find(n.begin(), n.end(), name);
  if (it == n.end()) return false;
  switch (it - n.begin()) {
    case 0: assign(load_mem_document, address); break;
    case 1: assign(close_document, address); break;
    case 2: assign(get_last_error, address); break;
    case 3: assign(get_page_count, address); break;
    case 4: assign(load_page, address); break;
    case 5: assign(close_page, address); break;
    case 6: assign(get_page_width, address); break;
    case 7: assign(get_page_height, address); break;
    case 8: assign(text_load_page, address); break;
    case 9: assign(text_close_page, address); break;
    case 10: assign(text_count_chars, address); break;
    case 11: assign(text_get_unicode, address); break;
    case 12: assign(text_is_generated, address); break;
    case 13: assign(text_get_loose_char_box, address); break;
    case 14: assign(text_get_char_box, address); break;
    case 15: assign(page_count_objects, address); break;
    case 16: assign(page_get_object, address); break;
    case 17: assign(object_get_type, address); break;
    case 18: assign(object_get_bounds, address); break;
    default: return false;
  }
  return true;
}

bool PdfiumApi::complete() const {
  return load_mem_document && close_document && get_last_error && get_page_count && load_page && close_page &&
         get_page_width && get_page_height && text_load_page && text_close_page && text_count_chars &&
         text_get_unicode && text_is_generated && text_get_loose_char_box && text_get_char_box && page_count_objects &&
         page_get_object && object_get_type && object_get_bounds;
}

std::vector<PdfPage> read_pdfium_pages(const PdfiumApi& api, std::string_view data) {
  if (!api.complete()) throw Error("PDFium's functions were not all given");
  if (data.size() > static_cast<std::size_t>(INT_MAX)) throw ParseError("the PDF is larger than 2 GiB");
  Closer<void*, void (*)(void*)> document{api.load_mem_document(data.data(), static_cast<int>(data.size()), nullptr),
                                          api.close_document};
  if (!document.handle) throw ParseError(open_error(api.get_last_error()));
  const int count = api.get_page_count(document.handle);
  std::vector<PdfPage> pages;
  pages.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) {
    Closer<void*, void (*)(void*)> page{api.load_page(document.handle, i), api.close_page};
    if (!page.handle) throw ParseError("not a readable PDF (page " + std::to_string(i + 1) + " cannot be loaded)");
    pages.push_back(read_page(api, page.handle));
  }
  return pages;
}

}  // namespace gongkai
