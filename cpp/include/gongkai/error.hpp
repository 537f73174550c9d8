// One exception hierarchy for the whole core. Findings about a report's content are data
// (see report.hpp), not exceptions: these are for input that cannot be read at all.
#pragma once

#include <stdexcept>
#include <string>

namespace gongkai {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes are not text in any encoding we read (binary data, broken UTF-8 and GB18030).
class EncodingError : public Error {
 public:
  using Error::Error;
};

// The input is text but not a form we can read (unknown format, structurally broken markup).
class ParseError : public Error {
 public:
  using Error::Error;
};

// A parse ran past the time allowed for one input (gongkai.read's per-file limit).
class TimeLimitError : public Error {
 public:
  using Error::Error;
};

// The time the parse on this thread may still take: set for each input that has a per-file
// limit (gongkai.read, gongkai.parse, the CLI), checked where a parse could spend long (the
// searches over cuts and blanks, each table's rows, the adapters' loops over the input, each
// rule of a check), which throw TimeLimitError past it. No limit unless set.
class Deadline {
 public:
  explicit Deadline(double seconds);  // <= 0: no limit
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  static void check();
  // Calls check() once in 4,096 steps of a loop whose single step is cheaper than reading the
  // clock; the count is the loop's own (the deadline is thread-local, slow to reach each step).
  class Ticker {
   public:
    void operator()() {
      if ((++steps_ & 4095u) == 0) check();
    }

   private:
    unsigned steps_ = 0;
  };
};

}  // namespace gongkai
