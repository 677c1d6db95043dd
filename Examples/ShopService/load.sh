#!/usr/bin/env bash
# A bounded load run of ShopService (docs/performance.md, "Service under load"):
#   1. builds the service in release;
#   2. starts it on 127.0.0.1 with a fresh store and seeds LOAD_CUSTOMERS customers (c1…cN) with 1–3 purchases each
#      over the past two years, by POST /purchases (curl --parallel, 16 at a time), then restarts it so the
#      purchase model behind P(alive) is fitted on them;
#   3. runs two wrk processes at once for LOAD_SECONDS: 16 connections POSTing distinct purchases dated now
#      (load/post.lua) and 16 connections GETting random customers (load/get.lua, each answer must carry a segment);
#   4. prints p50/p99/max latency and requests/s per route and in total; exits 1 on any non-2xx answer, socket error
#      or GET answer without a segment.
#
#   Examples/ShopService/load.sh                       2,000 customers, 20 s
#   LOAD_CUSTOMERS=5000 LOAD_SECONDS=10 LOAD_PORT=18080 Examples/ShopService/load.sh
#   LOAD_POST_CONNECTIONS=0 LOAD_GET_CONNECTIONS=16 Examples/ShopService/load.sh   GETs alone
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
customers="${LOAD_CUSTOMERS:-2000}"
seconds="${LOAD_SECONDS:-20}"
port="${LOAD_PORT:-18080}"
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed" >&2; exit 69; }

(cd "$here" && swift build -c release --product ShopService >&2)
service="$(cd "$here" && swift build -c release --show-bin-path)/ShopService"
work="$(mktemp -d "${TMPDIR:-/tmp}/shop-load.XXXXXX")"
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT

if curl -s -o /dev/null "$base/customers/none"; then
  echo "load.sh: something already listens on port $port (set LOAD_PORT)" >&2; exit 1
fi
start() {
  "$service" --store "$work/store" --port "$port" --model-refresh 0 --advance 0 >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$base/customers/none"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "load.sh: the service did not start" >&2; exit 1
}

# Seed: customer i has 1 + i % 3 purchases on days spread over the past 720 days.
start
now=$(date -u +%s)
awk -v n="$customers" -v now="$now" -v url="$base/purchases" 'BEGIN {
  for (i = 1; i <= n; i++) for (k = 0; k <= i % 3; k++) {
    t = now - ((i * 37 + k * 101) % 720 + 1) * 86400 - (i * 613) % 86400
    cents = 800 + (i * 131 + k * 577) % 20000
    if (i > 1 || k > 0) print "next"
    printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\\\n\"\n", url
    printf "data = \"{\\\"customerID\\\":\\\"c%d\\\",\\\"orderID\\\":\\\"seed-%d-%d\\\",\\\"amount\\\":\\\"%d.%02d\\\",\\\"occurredAt\\\":\\\"%s\\\"}\"\n", i, i, k, int(cents / 100), cents % 100, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1)
  }
}' >"$work/seed.conf"
seeded_at=$(date +%s.%N)
curl -sS --no-progress-meter --parallel --parallel-max 16 -K "$work/seed.conf" >"$work/seed.codes"
seed_seconds=$(echo "$(date +%s.%N) - $seeded_at" | bc)
purchases=$(wc -l <"$work/seed.codes")
failed=$(grep -cv '^2' "$work/seed.codes" || true)
if [ "$failed" != 0 ]; then echo "load.sh: $failed of $purchases seed purchases failed" >&2; exit 1; fi
printf 'seeded %d customers, %d purchases in %.1f s (16 parallel POSTs)\n' "$customers" "$purchases" "$seed_seconds"
stop
start

# The load: both wrk processes at once, one thread each (LOAD_POST_CONNECTIONS / LOAD_GET_CONNECTIONS, 16 each by
# default; 0 leaves that route out, to see one route alone).
cd "$here/load"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
export LOAD_CUSTOMERS="$customers"
post_connections="${LOAD_POST_CONNECTIONS:-16}"
get_connections="${LOAD_GET_CONNECTIONS:-16}"
pids=()
outputs=()
for route in post get; do
  connections=$post_connections
  [ "$route" = get ] && connections=$get_connections
  [ "$connections" -gt 0 ] || continue
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$route.lua" "$base" >"$work/$route.out" 2>&1 &
  pids+=($!)
  outputs+=("$work/$route.out")
done
[ ${#pids[@]} -gt 0 ] || { echo "load.sh: no connections" >&2; exit 64; }
for id in "${pids[@]}"; do wait "$id" || { cat "${outputs[@]}" >&2; exit 1; }; done
results=$(grep -h '^RESULT' "${outputs[@]}")
if [ "$(echo "$results" | wc -l)" != ${#pids[@]} ]; then cat "${outputs[@]}" >&2; exit 1; fi

echo
echo "$((post_connections + get_connections)) connections for ${seconds} s ($(nproc) cores; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "$results" | awk '
  BEGIN { printf "| route | requests | p50 ms | p99 ms | max ms | requests/s | failures |\n|---|---:|---:|---:|---:|---:|---:|\n" }
  { printf "| %s | %d | %.2f | %.2f | %.1f | %.0f | %d |\n", $2, $3, $4, $5, $6, $7, $8 + $9; total += $7; bad += $8 + $9 }
  END { printf "| total | | | | | %.0f | %d |\n", total, bad; exit bad > 0 ? 1 : 0 }'
