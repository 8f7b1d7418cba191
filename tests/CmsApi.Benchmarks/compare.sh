#!/usr/bin/env bash
# A/B of published builds on one route. Each build in turn is started on the same SQLite data set (read into the OS file
# cache before every start), warmed up, then /healthz and the route are driven with wrk for DURATION each. Prints per
# start: rps, p50, p99, the ratio to /healthz of the same process, and the service's CPU per request (from /proc), which
# varies less than rps on a shared machine; then its time to ready and its peak RSS over the start, warm-up and both
# drives. Name the builds alternately (a b a b) to see the noise.
#   dotnet publish src/CmsApi -p:PublishProfile=Server -o /tmp/a     (and the other version to /tmp/b)
#   DATABASE_FILE=/data/cms-1m.db ARTICLES=1000000 tests/CmsApi.Benchmarks/compare.sh /tmp/a /tmp/b /tmp/a /tmp/b
#   ROUTE=/api/v1/sites/gzsjgdj/footer SCRIPT=report.lua …            another route (default: article by id, random ids)
#   ROUTE='/api/v1/sites/gzsjgdj/articles/{skewed}' …                 article by id, ids skewed as readers skew them
#   SETTINGS="Caching__Enabled=false" …                               environment for every start
#   WORDS=2 SCRIPT=search.lua …                                       searches of two random words (the script makes the path)
#   BESIDE=search.lua WORDS=2 ROUTE=/api/v1/sites/gzsjgdj/footer SCRIPT=report.lua …
#                                    the route while another wrk (16 connections) drives BESIDE; adds its rps and p50
#                                    (the route's CPU per request then counts the other requests' CPU too)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/tests/CmsApi.Benchmarks
: "${DATABASE_FILE:?set DATABASE_FILE to a data set made by load.sh or the generator}"
ARTICLES=${ARTICLES:-10000} DURATION=${DURATION:-10s} PORT=${PORT:-5090}
SCRIPT=${SCRIPT:-articles.lua} ROUTE=${ROUTE:-'/api/v1/sites/gzsjgdj/articles/{random}'} # quoted: its } would end the default
read -r -a settings <<<"${SETTINGS:-}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
ticks=$(getconf CLK_TCK)

drive() { # script, path -> "rps p50 p99 requests failed" (failed: non-2xx/3xx answers and socket errors)
  ARTICLE_IDS=$((ARTICLES + 1)) wrk -t2 -c32 -d"$DURATION" --latency -s "$here/$1" "http://127.0.0.1:$PORT$2" |
    awk '/^RESULT/ {print $2, $3, $4, $7, $5 + $6}'
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system clock ticks

beside_header=${BESIDE:+" $BESIDE beside: rps, p50 ms |"}
echo "| build | /healthz rps | route rps | p50 ms | p99 ms | failed | × /healthz | service CPU µs per request: /healthz, route | ready ms | peak RSS MB |$beside_header"
echo "|---|---|---|---|---|---|---|---|---|---|${BESIDE:+---|}"
for app in "$@"; do
  cat "$DATABASE_FILE"* >/dev/null
  env ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false "ConnectionStrings__Cms=Data Source=$DATABASE_FILE" \
    Logging__LogLevel__Default=Warning "${settings[@]}" "$app/CmsApi" --urls "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
  pid=$! t0=$(date +%s%N)
  for _ in $(seq 1 6000); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  drive "$SCRIPT" "$ROUTE" >/dev/null # warm-up
  c0=$(cpu $pid); read -r base _ _ base_n < <(drive report.lua /healthz); c1=$(cpu $pid)
  beside="" beside_file=$(mktemp)
  if [ -n "${BESIDE:-}" ]; then
    wrk -t1 -c16 -d"$DURATION" --latency -s "$here/$BESIDE" "http://127.0.0.1:$PORT/" | awk '/^RESULT/ {print $2, $3}' >"$beside_file" &
    beside_pid=$!
  fi
  read -r rps p50 p99 n failed < <(drive "$SCRIPT" "$ROUTE"); c2=$(cpu $pid)
  if [ -n "${BESIDE:-}" ]; then
    wait $beside_pid
    beside=$(awk '{printf " %d, %s |", $1, $2}' "$beside_file")
  fi
  rm -f "$beside_file"
  peak_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  kill $pid; wait $pid 2>/dev/null || true
  awk -v app="$app" -v base="$base" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v failed="$failed" -v t="$ticks" \
      -v bc=$((c1 - c0)) -v bn="$base_n" -v rc=$((c2 - c1)) -v rn="$n" -v beside="$beside" -v ready="$ready_ms" -v peak="$peak_kb" \
    'BEGIN {printf "| %s | %d | %d | %s | %s | %d | %.2f | %.0f, %.0f | %d | %.0f |%s\n", app, base, rps, p50, p99, failed, rps / base, bc * 1e6 / t / bn, rc * 1e6 / t / rn, ready, peak / 1024, beside}'
done
