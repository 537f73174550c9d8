#include "gongkai/match/parse.hpp"

#include <cctype>
#include <string>

#include "gongkai/error.hpp"
#include "gongkai/match/matcher.hpp"
#include "gongkai/read/decode.hpp"
#include "gongkai/read/docx.hpp"
#include "gongkai/read/html.hpp"
#include "gongkai/read/markdown.hpp"
#include "gongkai/read/text_adapter.hpp"

namespace gongkai {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Binary formats we recognise by their first bytes, with what to do about them.
void reject_known_binary(std::string_view bytes) {
  if (starts_with(bytes, "%PDF-"))
    throw ParseError("this is a PDF file; PDF input is not supported yet: extract its text first (pdftotext -layout)");
  if (starts_with(bytes, std::string_view("PK\x03\x04", 4)))
    throw ParseError("this is a zip archive (a .docx?): pass its word/document.xml (gongkai.parse unpacks a .docx itself)");
  if (starts_with(bytes, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    throw ParseError("this is an old binary Word .doc file; convert it first (libreoffice --headless --convert-to docx)");
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // ASCII only, no locale
  return out;
}

}  // namespace

FormatHint sniff_format(std::string_view bytes) {
  std::size_t i = 0;
  if (starts_with(bytes, "\xEF\xBB\xBF")) i = 3;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  if (i >= bytes.size() || bytes[i] != '<') return looks_like_markdown(bytes.substr(i)) ? FormatHint::Markdown : FormatHint::Text;
  const std::string head = lower_ascii(bytes.substr(i, 4096));
  if (head.find("<w:document") != std::string::npos || head.find("<w:body") != std::string::npos) return FormatHint::Docx;
  // markdown that begins with raw HTML (pandoc keeps a page's <div>s): pipe tables, no page
  if (head.find("<html") == std::string::npos && head.find("<!doctype") == std::string::npos &&
      head.find("<body") == std::string::npos && head.find("<head") == std::string::npos &&
      looks_like_markdown(bytes.substr(i), false))
    return FormatHint::Markdown;
  for (std::string_view tag : {"<html", "<!doctype html", "<body", "<table", "<p", "<div", "<head", "<meta", "<!--", "<h1", "<span"})
    if (head.find(tag) != std::string::npos) return FormatHint::Html;
  return FormatHint::Text;
}

Document read_document(std::string_view bytes, FormatHint format) {
  Decoded d;
  if (has_utf16_bom(bytes)) {  // its bytes are no ASCII: the format is told by its text
    d = decode(bytes, "");
    if (format == FormatHint::Auto) format = sniff_format(d.text);
  } else {
    reject_known_binary(bytes);
    if (format == FormatHint::Auto) format = sniff_format(bytes);
    std::string declared;
    if (format == FormatHint::Html) declared = html_declared_charset(bytes);
    d = decode(bytes, declared);
  }
  Document doc;
  switch (format) {
    case FormatHint::Html: doc = read_html(std::move(d.text)); break;
    case FormatHint::Docx: doc = read_docx_xml(std::move(d.text)); break;
    case FormatHint::Markdown: doc = read_markdown(std::move(d.text)); break;
    case FormatHint::Auto:
    case FormatHint::Text: doc = read_text(std::move(d.text)); break;
  }
  doc.encoding = d.encoding;
  doc.decode_replacements = d.replaced;
  doc.first_replacement = static_cast<std::uint32_t>(d.first_replaced);
  return doc;
}

Report parse_report(std::string_view bytes, const ParseOptions& options) {
  if (bytes.size() > kMaxParseBytes)
    throw ParseError("the input is " + std::to_string(bytes.size()) + " bytes, more than the 64 MiB a report's text, HTML or "
                     "XML may be (docs/limits.md)");
  bool blank = true;
  for (char c : bytes)
    if (!std::isspace(static_cast<unsigned char>(c))) {
      blank = false;
      break;
    }
  if (blank) throw ParseError(bytes.empty() ? "the input is empty" : "the input holds only white space");
  const Document doc = read_document(bytes, options.format);
  Report r = match_report(doc);
  r.source = options.source;
  return r;
}

}  // namespace gongkai
