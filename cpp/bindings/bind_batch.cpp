#include <string>
#include <string_view>
#include <vector>

#include "gongkai/corpus/batch.hpp"
#include "pybind.hpp"

using namespace gongkai;

namespace {


// Names for the Python types, so that signatures and stubs say more than list and object.
using Results = py::typing::List<
    py::typing::Tuple<py::typing::Optional<Report>, py::str, py::str, py::typing::List<Finding>>>;
using OptionalCallback = py::typing::Optional<py::typing::Callable<py::object(int, int)>>;

// parse_many's progress: any object, as a py::object parameter takes it, named as an optional
// callback. (py::typing::Optional's own check calls PyObject_Type, which leaks a reference to
// the argument's type on every call.)
class Progress : public OptionalCallback {
 public:
  using OptionalCallback::OptionalCallback;
  static bool check_(py::handle h) { return h.ptr() != nullptr; }
};

Results parse_many_py(const py::typing::List<py::bytes>& data, const std::vector<std::string>& sources,
                      const std::vector<std::string>& formats, int workers, const Progress& progress,
                      int progress_interval_ms, bool check, double seconds_per_input) {
  const std::size_t n = py::len(data);
  if (sources.size() != n || formats.size() != n)
    throw py::value_error("parse_many: data, sources and formats must have the same length");
  // Views of the bytes objects: the list holds them (and the caller the list) for the call.
  std::vector<py::bytes> held;
  std::vector<std::string_view> views;
  std::vector<ParseOptions> options(n);
  held.reserve(n);
  views.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    py::object item = data[i];
    if (!PyBytes_Check(item.ptr())) throw py::type_error("parse_many: data must be a list of bytes");
    held.push_back(py::reinterpret_borrow<py::bytes>(item));
    char* buffer = nullptr;
    Py_ssize_t size = 0;
    if (PyBytes_AsStringAndSize(item.ptr(), &buffer, &size) != 0) throw py::error_already_set();
    views.emplace_back(buffer, static_cast<std::size_t>(size));
    options[i].format = format_hint(formats[i]);
    options[i].source = sources[i];
  }
  BatchOptions batch;
  batch.workers = workers;
  batch.progress_interval_ms = progress_interval_ms;
  batch.check = check;
  batch.seconds_per_input = seconds_per_input;
  // Runs on the calling thread (parse_many waits there), which does not hold the GIL while the
  // workers parse: take it for the call. Ctrl-C is noticed here too.
  const bool report = !progress.is_none();
  batch.progress = [&progress, report](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (report) progress(done, total);
  };
  std::vector<BatchResult> results;
  {
    py::gil_scoped_release release;
    results = parse_many(views, options, batch);
  }
  Results out;
  for (BatchResult& r : results) {
    if (r.ok())
      out.append(py::make_tuple(py::cast(std::move(*r.report)), py::str(""), py::str(""), py::cast(std::move(r.checks))));
    else
      out.append(py::make_tuple(py::none(), py::str(batch_error_name(r.error)), py::str(r.message), py::list()));
  }
  return out;
}

}  // namespace

template <>
struct pybind11::detail::handle_type_name<Progress> : handle_type_name<OptionalCallback> {};

void register_batch(py::module_& m) {
  m.def("parse_many", &parse_many_py, "data"_a, "sources"_a, "formats"_a, "workers"_a = 1,
        "progress"_a = py::none(), "progress_interval_ms"_a = 100, "check"_a = false, "seconds_per_input"_a = 0.0,
        "Parse many reports from raw bytes on `workers` C++ threads, the GIL released.\n\n"
        "Returns one (Report | None, error type, message, findings) per input, in input order,\n"
        "whatever the number of workers: error type is '' for a report read, else 'EncodingError',\n"
        "'ParseError', 'Error', 'Exception' or 'TimeLimitError' (an input whose parse took longer than\n"
        "`seconds_per_input`, when that is > 0); findings are those of the report-scope rules\n"
        "(check_report) when `check`, run on the worker threads too, else empty.\n"
        "`progress(done, total)` is called on the calling\n"
        "thread, at most every `progress_interval_ms` and once at the end; an exception it raises\n"
        "(KeyboardInterrupt included) stops the batch.");
}
