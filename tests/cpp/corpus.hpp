// The corpus of real reports for the tests that read it.
//
// Its folder is $GONGKAI_CORPUS when that is set (and not empty) when a test runs; otherwise the
// default the build was configured with (GONGKAI_CORPUS_DEFAULT: $GONGKAI_CORPUS at configure
// time, else ../shared/corpus beside the source tree). A folder without reports/ is no corpus:
// the tests that need it skip, saying where they looked.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#ifndef GONGKAI_CORPUS_DEFAULT
#define GONGKAI_CORPUS_DEFAULT ""
#endif

namespace gongkai_test {

// Where the tests look for the corpus.
inline std::filesystem::path corpus_dir() {
  const char* env = std::getenv("GONGKAI_CORPUS");
  if (env != nullptr && *env != '\0') return env;
  return GONGKAI_CORPUS_DEFAULT;
}

// The corpus folder, or nothing when there is no corpus there.
inline std::optional<std::filesystem::path> corpus_root() {
  const std::filesystem::path dir = corpus_dir();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir / "reports", ec)) return std::nullopt;
  return dir;
}

inline std::string no_corpus_message() {
  return "no corpus of real reports at '" + corpus_dir().string() + "' (set GONGKAI_CORPUS to its folder)";
}

// The bytes of a file, or nothing when it cannot be read.
inline std::optional<std::string> read_bytes(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace gongkai_test

// In a test (or a void helper it calls): `root` is the corpus folder, or the test is skipped.
#define GONGKAI_CORPUS_OR_SKIP(root)                            \
  const auto root##_found = ::gongkai_test::corpus_root();  \
  if (!root##_found) GTEST_SKIP() << ::gongkai_test::no_corpus_message(); \
  const std::filesystem::path root = *root##_found
