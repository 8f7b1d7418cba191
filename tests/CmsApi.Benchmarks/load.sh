#!/usr/bin/env bash
# Load benchmark: the service in Release on SQLite with the demo content (the reference article), each route driven by
# wrk on loopback for a bounded time, next to a trivial endpoint of the same process measured in the same run.
#   tests/CmsApi.Benchmarks/load.sh            (DURATION=10s CONNECTIONS=32 THREADS=2 PORT=5090 to change)
#   ARTICLES=100000 tests/CmsApi.Benchmarks/load.sh   first loads that many generated articles (generate_pages.py)
#                                                     through the batch import, 2,000 pages a request
# Prints a Markdown table: rps, p50, p99, non-2xx answers, the ratio to the baseline's rps, and the service's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/CmsApi.Benchmarks
DURATION=${DURATION:-10s} CONNECTIONS=${CONNECTIONS:-32} THREADS=${THREADS:-2} PORT=${PORT:-5090} ARTICLES=${ARTICLES:-0}
key=bench-admin-key-0123456789
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2

work=$(mktemp -d /tmp/cmsapi-bench.XXXXXX)
dotnet publish src/CmsApi -c Release -o "$work/app" -v q --nologo >&2
(cd "$work" && exec env ASPNETCORE_ENVIRONMENT=Production Demo__Seed=true RateLimiting__Enabled=false \
   ConnectionStrings__Cms="Data Source=$work/cms.db" Logging__LogLevel__Default=Warning CMS_BOOTSTRAP_ADMIN_KEY=$key \
   ./app/CmsApi --urls "http://127.0.0.1:$PORT" >"$work/service.log" 2>&1) &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
pid=$service # the subshell exec's into the service, so this is its process
base="http://127.0.0.1:$PORT"
article=/api/v1/sites/gzsjgdj/articles/1

measure() { # name, script, path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/$2" "$base$3" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7}'
}

loaded="demo data (1 article)"
if [ "$ARTICLES" -gt 0 ]; then
  started=$(date +%s)
  for ((first = 0; first < ARTICLES; first += 2000)); do
    n=$(( ARTICLES - first < 2000 ? ARTICLES - first : 2000 ))
    created=$(python3 "$here/generate_pages.py" "$n" "$first" | curl -sf -X POST "$base/api/v1/sites/gzsjgdj/articles/import/batch" \
      -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' --data-binary @- | sed -E 's/.*"created":([0-9]+).*/\1/')
    [ "$created" = "$n" ] || { echo "batch at $first created $created of $n" >&2; exit 1; }
  done
  echo "Loaded $ARTICLES generated articles in $(( $(date +%s) - started )) s; database $(du -sh "$work" | cut -f1) with the build" >&2
  loaded="demo data + $ARTICLES generated articles (about 1,400 characters each)"
fi
views_before=$(curl -sf "$base$article/views" | sed -E 's/.*"viewCount":([0-9]+).*/\1/')
declare -a rows
baseline=""
while IFS='|' read -r name script path; do
  read -r rps p50 p99 non2xx errors requests < <(measure "$name" "$script" "$path")
  [ "$script" = views.lua ] && view_requests=$requests
  [ -z "$baseline" ] && baseline=$rps
  rows+=("| $name | \`$path\` | $rps | $p50 | $p99 | $non2xx | $errors | $(awk -v a="$rps" -v b="$baseline" 'BEGIN {printf "%.2f", a / b}') |")
done <<ROUTES
baseline (trivial endpoint)|report.lua|/healthz
article by id|report.lua|$article
channel list, 20 newest|report.lua|/api/v1/sites/gzsjgdj/articles?channel=news&limit=20
footer|report.lua|/api/v1/sites/gzsjgdj/footer
calendar|report.lua|/api/v1/calendar/2022-06-28
search, two-character query 党建|report.lua|/api/v1/sites/gzsjgdj/articles?q=%E5%85%9A%E5%BB%BA
view counter (POST, new visitor each)|views.lua|$article/views
ROUTES

sleep 2 # one flush interval, so the stored count includes every counted view
views_after=$(curl -sf "$base$article/views" | sed -E 's/.*"viewCount":([0-9]+).*/\1/')
rss=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback; SQLite, $loaded; $(date -u +%F)"
echo
echo "| route | path | rps | p50 ms | p99 ms | non-2xx | socket errors | × baseline |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Peak RSS of the service: $rss."
echo "View counter: wrk completed $view_requests requests, each with a new visitor id; the stored count rose by $((views_after - views_before))"
echo "(it may exceed the completed requests by at most one in-flight request per connection, $CONNECTIONS here)."
