#!/usr/bin/env bash
# Installs dependencies, builds, and runs the node (a single-node devnet by default).
# Arguments are passed to ddnd.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/bin/ddnd "$@"
