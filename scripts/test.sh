#!/usr/bin/env bash
# Runs every test: GoogleTest for the C++ core, pytest for the Python API, the CLI, the corpus
# and the notebooks. Installs what it needs when it is missing: Debian's GoogleTest, Eigen and
# C++ compiler, CMake, and the package itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

missing=()
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/eigen3/Eigen/Core ] || missing+=(libeigen3-dev)
command -v g++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v cmake >/dev/null || "$PYTHON" -m pip install -q cmake
command -v ninja >/dev/null || "$PYTHON" -m pip install -q ninja

echo "== building and installing the package"
"$PYTHON" -m pip install -q ".[test]"

echo "== C++ tests (GoogleTest)"
cmake -S . -B build/cpp-tests -G Ninja -DGONGKAI_BUILD_TESTS=ON -DGONGKAI_BUILD_PYTHON=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/cpp-tests
ctest --test-dir build/cpp-tests --output-on-failure

echo "== Python tests (pytest, notebooks included)"
# From outside the source tree, so that the installed package is the one tested.
cd tests && "$PYTHON" -m pytest -c ../pyproject.toml --rootdir .. python
