#!/usr/bin/env bash
# Fuzz one target (or all) with libFuzzer + AddressSanitizer for a chosen time; new interesting inputs go to
# Fuzz/Corpus/TARGET (commit them: `make test` replays the corpus), crashes to Fuzz/Crashes/TARGET.
#
#   Fuzz/run.sh TARGET [SECONDS]     TARGET: csv amount timestamp records keys identity all; default 60 s
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: Fuzz/run.sh csv|amount|timestamp|records|keys|identity|all [SECONDS]}"
seconds="${2:-60}"
targets="$target"
[ "$target" = all ] && targets="csv amount timestamp records keys identity"
cd "$here"
for name in $targets; do
  # SwiftPM passes --sanitize=fuzzer and --sanitize=address to swiftc as two -sanitize= options, and swiftc keeps only
  # the last one: the code would get AddressSanitizer but no coverage, and libFuzzer would fuzz blind ("no interesting
  # inputs… Is the code instrumented for coverage?"). -Xswiftc -sanitize=fuzzer,address comes last and gives both.
  swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --product "fuzz-$name" >&2
  mkdir -p "Corpus/$name" "Crashes/$name"
  "$here/.build/debug/fuzz-$name" "Corpus/$name" -max_total_time="$seconds" -max_len=4096 \
    -artifact_prefix="Crashes/$name/" -print_final_stats=1 2>&1 | grep -E "^(#|stat::number_of_executed_units|stat::peak_rss|==)" | tail -4
done
