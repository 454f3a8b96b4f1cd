#!/usr/bin/env bash
# Configures and builds everything into build/ (binaries in build/bin/). Extra arguments go to
# cmake's configure step, e.g. scripts/build.sh -DCMAKE_BUILD_TYPE=Debug.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
