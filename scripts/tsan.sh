#!/usr/bin/env bash
# The concurrency tests (RELIABILITY.md test 21: tests 5, 8 and 10, plus the reader-table and long-reader tests) under
# Thread Sanitizer (TSan cannot see inside Debian's uninstrumented liblmdb; it checks the
# Swift side: the resize gate, the registry, the group committer, the score cache). halt_on_error makes a report fail
# the run (swift test otherwise exits 0 on TSan reports).
set -euo pipefail
cd "$(dirname "$0")/.."
export TSAN_OPTIONS="halt_on_error=1"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan >&2
swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
  --filter "Snapshot consistency|Transactions|Group commit|Concurrency|ConcurrencyTests|GroupCommitTests|SnapshotConsistencyTests|TransactionTests|ReaderTableTests|LongReaderGrowthTests|staleReaderSlotsAreCleared"
