#include "gongkai/corpus/batch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "gongkai/check/rules.hpp"
#include "gongkai/error.hpp"

namespace gongkai {

const char* batch_error_name(BatchErrorKind k) {
  switch (k) {
    case BatchErrorKind::None: return "";
    case BatchErrorKind::Encoding: return "EncodingError";
    case BatchErrorKind::Parse: return "ParseError";
    case BatchErrorKind::Error: return "Error";
    case BatchErrorKind::Other: return "Exception";
    case BatchErrorKind::TimeLimit: return "TimeLimitError";
  }
  return "Exception";
}

namespace {

BatchResult parse_one(std::string_view bytes, const ParseOptions& options, bool check, double seconds) {
  BatchResult out;
  try {
    const Deadline deadline(seconds);
    out.report = parse_report(bytes, options);
    check_own_identities(*out.report);
    cap_findings(*out.report);
    if (check) out.checks = check_report(*out.report);
  } catch (const TimeLimitError& e) {
    out.report.reset();
    out.checks.clear();
    out.error = BatchErrorKind::TimeLimit;
    out.message = e.what();
  } catch (const EncodingError& e) {
    out.error = BatchErrorKind::Encoding;
    out.message = e.what();
  } catch (const ParseError& e) {
    out.error = BatchErrorKind::Parse;
    out.message = e.what();
  } catch (const Error& e) {
    out.error = BatchErrorKind::Error;
    out.message = e.what();
  } catch (const std::exception& e) {
    out.error = BatchErrorKind::Other;
    out.message = e.what();
  }
  return out;
}

}  // namespace

std::vector<BatchResult> parse_many(const std::vector<std::string_view>& inputs,
                                    const std::vector<ParseOptions>& options, const BatchOptions& batch) {
  if (!options.empty() && options.size() != inputs.size())
    throw std::invalid_argument("parse_many: options must be empty or one per input");
  const std::size_t n = inputs.size();
  std::vector<BatchResult> results(n);
  if (n == 0) {
    if (batch.progress) batch.progress(0, 0);
    return results;
  }
  const ParseOptions defaults;
  const std::size_t workers = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, batch.workers)));

  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;
  std::atomic<std::size_t> done{0};
  std::size_t finished = 0;  // workers that returned, guarded by mutex

  auto work = [&] {
    for (;;) {
      if (stop.load(std::memory_order_relaxed)) break;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      results[i] = parse_one(inputs[i], options.empty() ? defaults : options[i], batch.check, batch.seconds_per_input);
      // counted, not signalled: the waiting thread looks at the count every interval (a wake-up
      // a report would cost the workers a context switch each)
      done.fetch_add(1, std::memory_order_relaxed);
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++finished;
    }
    changed.notify_one();
  };

  std::vector<std::thread> threads;
  threads.reserve(workers);
  auto join_all = [&] {
    for (std::thread& t : threads)
      if (t.joinable()) t.join();
  };
  try {
    for (std::size_t w = 0; w < workers; ++w) threads.emplace_back(work);
  } catch (...) {  // could not start a thread: stop those started, then report
    stop = true;
    join_all();
    throw;
  }

  // The calling thread only waits and reports progress, so the callback never runs on a worker.
  const auto interval = std::chrono::milliseconds(std::max(1, batch.progress_interval_ms));
  auto last = std::chrono::steady_clock::now();
  std::size_t reported = 0;
  try {
    std::unique_lock<std::mutex> lock(mutex);
    while (finished < workers) {
      changed.wait_for(lock, interval);
      if (!batch.progress) continue;
      const auto now = std::chrono::steady_clock::now();
      const std::size_t now_done = done.load(std::memory_order_relaxed);
      if (now_done != reported && now - last >= interval && finished < workers) {
        reported = now_done;
        last = now;
        lock.unlock();
        batch.progress(reported, n);
        lock.lock();
      }
    }
  } catch (...) {
    stop = true;
    join_all();
    throw;
  }
  join_all();
  if (batch.progress) batch.progress(n, n);
  return results;
}

}  // namespace gongkai
