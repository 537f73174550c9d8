// The whole path from bytes to a Report: detect the format, decode once, read the document
// into the neutral grid, match it against the templates.
#pragma once

#include <string>
#include <string_view>

#include "gongkai/grid.hpp"
#include "gongkai/report.hpp"

namespace gongkai {

// Docx: the WordprocessingML of a .docx (word/document.xml; the Python layer unpacks the zip).
enum class FormatHint : std::uint8_t { Auto, Text, Html, Docx, Markdown };

struct ParseOptions {
  FormatHint format = FormatHint::Auto;
  std::string source;  // a name for the input (its path), copied into Report::source
};

// The most bytes parse_report reads (64 MiB): a report's text is a few hundred KB, its HTML or
// WordprocessingML a few MB; a parse holds up to about 15 times its input (markdown of
// one-character cells), so this bounds one parse's memory near 1 GB (docs/limits.md).
inline constexpr std::size_t kMaxParseBytes = std::size_t{64} << 20;

// Reads a report from raw bytes. Throws EncodingError for bytes that are no text (binary
// files), ParseError for input that is empty or longer than kMaxParseBytes. Anything else
// readable yields a Report, with findings for what is missing or unreadable.
Report parse_report(std::string_view bytes, const ParseOptions& options = {});

// Decodes and reads the bytes into the neutral document model, without matching.
Document read_document(std::string_view bytes, FormatHint format = FormatHint::Auto);

// Guesses the format from the content: WordprocessingML when it is XML with a w:document;
// HTML when the text starts (after white space and a BOM) with '<' and holds an <html>, <body>,
// <table>, <p> or <div> tag; markdown when lines of pipe tables ("| a | b |" and a "|---|"
// rule) are present; text otherwise.
FormatHint sniff_format(std::string_view bytes);

}  // namespace gongkai
