#!/usr/bin/env bash
# The benchmark harness in one command: generates the data sets with `clientele generate` (time order, as shops
# export orders, and the same purchases in customer order), runs Clientele and the SQLite baseline on the same
# time-ordered data in one invocation per size (the customer-ordered file is imported by Clientele too), and prints
# one table per size. Generated data is kept in .bench-data (delete it after changing the generator).
#
#   Benchmarks/run.sh           100k customers (~1M purchases) and 1M customers (~10M purchases)
#   Benchmarks/run.sh small     100k customers only
#   Benchmarks/run.sh smoke     2,000 customers (CI: proves the harness builds and runs)
#
# The package-benchmark suites run separately: (cd Benchmarks && swift package --disable-sandbox benchmark), and so
# does the change feed's cost: (cd Benchmarks && swift run -c release feed-cost write|sweep) (smoke mode runs it small).
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
  # The same purchases in the order shops export them (time, the default) and grouped by customer.
  dir="$data/$customers-time"
  customer_dir="$data/$customers-customer"
  if [ ! -s "$dir/purchases.csv" ]; then
    mkdir -p "$dir"
    "$cli" generate --customers "$customers" --seed 42 --order time --out "$dir" >&2
  fi
  if [ ! -s "$customer_dir/purchases.csv" ]; then
    mkdir -p "$customer_dir"
    "$cli" generate --customers "$customers" --seed 42 --order customer --out "$customer_dir" >&2
  fi
  echo "## $customers customers"
  echo
  "$compare" --data "$dir" --customer-order "$customer_dir" --clientele "$cli" --samples "$samples"
  echo
done
if [ "$scale" = smoke ]; then
  # The change feed's cost (docs/performance.md) and the package-benchmark suites, small and short, so they build
  # and run in CI.
  cd "$here"
  swift build -c release --product feed-cost >&2
  .build/release/feed-cost write 1000 4
  .build/release/feed-cost sweep 5000 5
  CLIENTELE_BENCH_CUSTOMERS=2000 CLIENTELE_BENCH_PREDICT_CUSTOMERS=20000 CLIENTELE_BENCH_MAX_SECONDS=1 \
    swift package --disable-sandbox benchmark --target ClienteleBenchmarks --no-progress >&2
fi
