#!/usr/bin/env bash
# Runs every test: GoogleTest for the C++ core (built twice: as released, and with AddressSanitizer
# and UBSan under clang), pytest for the Python API, the CLI, the corpus, the notebooks and the
# converter chains, and the fuzz targets for a fixed number of inputs each.
# Installs what it needs when it is missing: Debian's GoogleTest, Eigen, C++ compiler and clang
# (with libFuzzer), LibreOffice (writer, no GUI), a CJK font, pdftotext and
# pandoc, libGL for the OCR engine's OpenCV, CMake, and the package itself with its test extras (markitdown among them). Ends with one summary of the
# C++ and the Python counts (from the JUnit XML in build/test-results/); exits non-zero when any
# test failed or a suite did not run.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

missing=()
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/eigen3/Eigen/Core ] || missing+=(libeigen3-dev)
command -v g++ >/dev/null || missing+=(g++)
# The fuzz targets (fuzz/README.md): clang with libFuzzer and the sanitizers' runtime.
command -v clang++ >/dev/null || missing+=(clang)
# The converters of tests/python/test_converters.py: LibreOffice's writer without its GUI
# (soffice --headless --convert-to pdf), a CJK font for it to draw Chinese with, poppler's
# pdftotext, pandoc. Installed without the recommended packages (51 packages, not 111).
converters=()
command -v soffice >/dev/null || converters+=(libreoffice-writer-nogui)
{ command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh family)" ]; } || converters+=(fonts-noto-cjk)
command -v pdftotext >/dev/null || converters+=(poppler-utils)
command -v pandoc >/dev/null || converters+=(pandoc)
# OCR (tests/python/test_ocr.py): the OpenCV of rapidocr-onnxruntime (the "ocr" extra) needs libGL.
{ ldconfig -p | grep -q 'libGL\.so\.1 '; } || converters+=(libgl1)
{ ldconfig -p | grep -q 'libglib-2\.0\.so\.0 '; } || converters+=(libglib2.0-0)
if [ $((${#missing[@]} + ${#converters[@]})) -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing ${missing[*]} ${converters[*]}"
  $sudo apt-get update -qq
  [ ${#missing[@]} -eq 0 ] ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  [ ${#converters[@]} -eq 0 ] ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${converters[@]}" >/dev/null
fi
clang_major=$(clang++ --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
if ! ls /usr/lib/llvm-"$clang_major"/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 &&
  ! ls /usr/lib/llvm-"$clang_major"/lib/clang/*/lib/x86_64-*linux*/libclang_rt.fuzzer.a >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing libclang-rt-$clang_major-dev"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "libclang-rt-$clang_major-dev" >/dev/null
fi
command -v cmake >/dev/null || "$PYTHON" -m pip install -q cmake
command -v ninja >/dev/null || "$PYTHON" -m pip install -q ninja

echo "== building and installing the package"
"$PYTHON" -m pip install -q ".[test]"

results="$PWD/build/test-results"
mkdir -p "$results"
rm -f "$results/cpp.xml" "$results/fuzz.xml" "$results/python.xml"

echo "== C++ tests (GoogleTest)"
cpp_rc=0
{
  cmake -S . -B build/cpp-tests -G Ninja -DGONGKAI_BUILD_TESTS=ON -DGONGKAI_BUILD_PYTHON=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build/cpp-tests &&
    ctest --test-dir build/cpp-tests --output-on-failure --output-junit "$results/cpp.xml"
} || cpp_rc=$?

echo "== C++ tests and fuzz targets under AddressSanitizer and UBSan (clang, libFuzzer; fuzz/README.md)"
fuzz_rc=0
{
  CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DGONGKAI_FUZZ=ON -DGONGKAI_BUILD_TESTS=ON -DGONGKAI_BUILD_PYTHON=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build/fuzz &&
    ctest --test-dir build/fuzz --output-on-failure --output-junit "$results/fuzz.xml"
} || fuzz_rc=$?

echo "== Python tests (pytest, notebooks included)"
# From outside the source tree, so that the installed package is the one tested.
py_rc=0
(cd tests && "$PYTHON" -m pytest -c ../pyproject.toml --rootdir .. python --junitxml "$results/python.xml") ||
  py_rc=$?

summary_rc=0
"$PYTHON" scripts/test_summary.py "C++ (ctest: GoogleTest and the include-direction check)=$results/cpp.xml" \
  "C++ under ASan and UBSan (ctest: GoogleTest, the fuzz targets for a fixed number of inputs each)=$results/fuzz.xml" \
  "Python (pytest)=$results/python.xml" ||
  summary_rc=$?
[ "$cpp_rc" = 0 ] && [ "$fuzz_rc" = 0 ] && [ "$py_rc" = 0 ] && [ "$summary_rc" = 0 ]
