#!/usr/bin/env bash
# The whole test suite from a fresh machine: install dependencies, build, run every test
# (C++ unit tests, JS SDK tests, interop tests with the official DDN client) through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
ctest --output-on-failure --timeout 600 -j "$(nproc)"
