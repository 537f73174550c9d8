// PDF pages read with PDFium (the library pypdfium2 ships): characters, their boxes and the
// ruling lines of every page. The core does not link PDFium: the caller passes the addresses
// of the functions of PDFium's C API from a library it has loaded and initialised.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gongkai/read/pdf.hpp"

namespace gongkai {

// PDFium's C API (fpdfview.h, fpdf_text.h, fpdf_edit.h), its handles as void*.
struct PdfiumApi {
  struct Rect {  // FS_RECTF
    float left, top, right, bottom;
  };
  void* (*load_mem_document)(const void* data, int size, const char* password) = nullptr;
  void (*close_document)(void* document) = nullptr;
  unsigned long (*get_last_error)() = nullptr;
  int (*get_page_count)(void* document) = nullptr;
  void* (*load_page)(void* document, int index) = nullptr;
  void (*close_page)(void* page) = nullptr;
  float (*get_page_width)(void* page) = nullptr;
  float (*get_page_height)(void* page) = nullptr;
  void* (*text_load_page)(void* page) = nullptr;
  void (*text_close_page)(void* text_page) = nullptr;
  int (*text_count_chars)(void* text_page) = nullptr;
  unsigned (*text_get_unicode)(void* text_page, int index) = nullptr;
  int (*text_is_generated)(void* text_page, int index) = nullptr;
  int (*text_get_loose_char_box)(void* text_page, int index, Rect* rect) = nullptr;
  int (*text_get_char_box)(void* text_page, int index, double* left, double* right, double* bottom,
                           double* top) = nullptr;
  int (*page_count_objects)(void* page) = nullptr;
  void* (*page_get_object)(void* page, int index) = nullptr;
  int (*object_get_type)(void* object) = nullptr;
  int (*object_get_bounds)(void* object, float* left, float* bottom, float* right, float* top) = nullptr;

  // The C names of the functions above, in the order of the members.
  static const std::vector<std::string_view>& names();
  // Sets the member of C name `name` to `address`; false for a name not in names().
  bool set(std::string_view name, void* address);
  bool complete() const;
};

// The pages of the PDF in `data`. PDFium is not thread-safe: calls must not overlap with any
// other call into the same library. Throws ParseError for bytes PDFium cannot open, saying
// why (not a PDF, damaged, encrypted with a password).
std::vector<PdfPage> read_pdfium_pages(const PdfiumApi& api, std::string_view data);

}  // namespace gongkai
