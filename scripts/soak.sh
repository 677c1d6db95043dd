#!/usr/bin/env bash
# Crash soak: thousands of SIGKILLs of a durable purchase writer, each followed by a reopen and the check that every
# acknowledged purchase is there (at most the one in flight more), with verify every 20 kills.
#
#   scripts/soak.sh [KILLS]      default 5000
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-5000}"
swift build --build-tests >&2
CLIENTELE_KILLS="$kills" swift test --skip-build --filter "CrashTests/killedWritersLoseNothingAcknowledged"
