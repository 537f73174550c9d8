#include "gongkai/docx.hpp"

#include "gongkai/error.hpp"

namespace gongkai {

Document read_docx_xml(std::string xml) {
  (void)xml;
  throw ParseError(".docx input is not supported yet");
}

}  // namespace gongkai
