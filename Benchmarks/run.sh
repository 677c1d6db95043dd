#!/usr/bin/env bash
# The benchmark harness in one command: generates the data sets with `clientele generate`, runs Clientele and the
# SQLite baseline on the same data in one invocation per size, and prints one table per size.
#
#   Benchmarks/run.sh           100k customers (~1M purchases) and 1M customers (~10M purchases)
#   Benchmarks/run.sh small     100k customers only
#   Benchmarks/run.sh smoke     2,000 customers (CI: proves the harness builds and runs)
#
# The package-benchmark suites run separately: (cd Benchmarks && swift package --disable-sandbox benchmark)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scale="${1:-full}"
case "$scale" in
  smoke) sizes="2000"; samples=200 ;;
  small) sizes="100000"; samples=2000 ;;
  full) sizes="100000 1000000"; samples=2000 ;;
  *) echo "usage: $0 [smoke|small|full]" >&2; exit 64 ;;
esac
(cd "$here/.." && swift build -c release --product clientele >&2)
(cd "$here" && swift build -c release --product bench-compare >&2)
cli="$here/../.build/release/clientele"
compare="$here/.build/release/bench-compare"
data="${CLIENTELE_BENCH_DATA:-$here/.bench-data}"
for customers in $sizes; do
  dir="$data/$customers"
  if [ ! -s "$dir/purchases.csv" ]; then
    mkdir -p "$dir"
    "$cli" generate --customers "$customers" --seed 42 --out "$dir" >&2
  fi
  echo "## $customers customers"
  echo
  "$compare" --data "$dir" --clientele "$cli" --samples "$samples"
  echo
done
if [ "$scale" = smoke ]; then
  # The package-benchmark suites, small and short, so they build and run in CI.
  cd "$here"
  CLIENTELE_BENCH_CUSTOMERS=2000 CLIENTELE_BENCH_PREDICT_CUSTOMERS=20000 CLIENTELE_BENCH_MAX_SECONDS=1 \
    swift package --disable-sandbox benchmark --target ClienteleBenchmarks --no-progress >&2
fi
