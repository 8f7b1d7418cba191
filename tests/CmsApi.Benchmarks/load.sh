#!/usr/bin/env bash
# Load benchmark: the service in Release with the demo site and ARTICLES generated articles written straight into the
# database and its search index, each route driven by wrk on loopback for a bounded time, next to a trivial endpoint
# of the same process(es) measured in the same run.
#   tests/CmsApi.Benchmarks/load.sh                                   SQLite, 10,000 articles of about 3,000 characters
#   ARTICLES=1000000 BODY_CHARS=500 tests/CmsApi.Benchmarks/load.sh   the large data set
#   DATABASE=postgres INSTANCES=2 tests/CmsApi.Benchmarks/load.sh     two instances on one PostgreSQL (.ci/postgres
#                                                                     starts a throwaway server), driven at once
#   DATABASE_FILE=/data/cms-1m.db ARTICLES=1000000 …                 reuse a SQLite data set made by an earlier run
#                                                                     (the generator: CmsApi.Benchmarks generate …)
#   DATABASE=postgres POSTGRES_CONNECTION='Host=…;Port=…;Username=…;Database=…' ARTICLES=1000000 …
#                                                                     reuse a PostgreSQL data set made before (its
#                                                                     writes change it, as they do a reused SQLite file)
#   DURATION=10s CONNECTIONS=32 THREADS=2 PORT=5090                   wrk and ports (instance i listens on PORT+i)
# Prints a Markdown table: rps, p50, p99, non-2xx answers, socket errors, the ratio to the baseline's rps, each
# service's RSS at the end of the row (where the peak forms); then the
# services' peak RSS, start-up time to ready on the data set, and the view-counter check. With two instances, rps and
# counts are the sums over both, latencies the worse of the two.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tests/CmsApi.Benchmarks
DURATION=${DURATION:-10s} CONNECTIONS=${CONNECTIONS:-32} THREADS=${THREADS:-2} PORT=${PORT:-5090}
ARTICLES=${ARTICLES:-10000} BODY_CHARS=${BODY_CHARS:-3000} DATABASE=${DATABASE:-sqlite} INSTANCES=${INSTANCES:-1}
key=bench-admin-key-0123456789
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2

for ((i = 0; i < INSTANCES; i++)); do # a service already there would answer in place of the one under test
  if curl -s -o /dev/null "http://127.0.0.1:$((PORT + i))/"; then echo "port $((PORT + i)) is in use; set PORT" >&2; exit 1; fi
done
work=$(mktemp -d /tmp/cmsapi-bench.XXXXXX)
dotnet publish src/CmsApi -p:PublishProfile=Server -o "$work/app" -v q --nologo >&2 # about 2 minutes: see the profile
dotnet build "$here" -c Release -o "$work/bench" -v q --nologo >&2
reuse=${DATABASE_FILE:-${POSTGRES_CONNECTION:-}}
if [ "$DATABASE" = postgres ]; then
  if [ -n "${POSTGRES_CONNECTION:-}" ]; then CMS_TEST_POSTGRES=$POSTGRES_CONNECTION; else eval "$(.ci/postgres start)"; own_postgres=1; fi
  database_env=(Database__Provider=postgres "ConnectionStrings__Cms=$CMS_TEST_POSTGRES")
  generate=(postgres "$CMS_TEST_POSTGRES")
else
  database_file=${DATABASE_FILE:-$work/cms.db}
  database_env=("ConnectionStrings__Cms=Data Source=$database_file")
  generate=(sqlite "$database_file")
fi
services=()
start() { # instance number; appends the service's pid to $services, sets $ready_ms
  local t0 port=$((PORT + $1)); t0=$(date +%s%N)
  (cd "$work" && exec env ASPNETCORE_ENVIRONMENT=Production Demo__Seed=true RateLimiting__Enabled=false "${database_env[@]}" \
     Logging__LogLevel__Default=Warning CMS_BOOTSTRAP_ADMIN_KEY=$key ./app/CmsApi --urls "http://127.0.0.1:$port" >>"$work/service.log" 2>&1) &
  services+=($!) # the subshell exec's into the service, so this is its process
  for _ in $(seq 1 6000); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop() { for pid in "${services[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done; services=(); }
cleanup() { stop; [ -n "${own_postgres:-}" ] && .ci/postgres stop; rm -rf "$work"; }
trap cleanup EXIT

# The first start creates the schema and the demo site (the reference article); the generator then adds the articles.
if [ -z "$reuse" ]; then
  start 0; stop
  started=$(date +%s)
  [ "$ARTICLES" -gt 0 ] && "$work/bench/CmsApi.Benchmarks" generate "${generate[@]}" "$ARTICLES" "$BODY_CHARS" 2>&1 | tail -1 >&2
  echo "Generated $ARTICLES articles in $(( $(date +%s) - started )) s" >&2
fi
# A data set made before is read once so that the OS has it in its file cache, as a server that has been running would:
# otherwise the routes measure the disk (a 1M set had 454 MB of its 8.2 GB cached after other work; docs/performance.md).
[ -n "${DATABASE_FILE:-}" ] && [ "$DATABASE" != postgres ] && cat "$database_file"* >/dev/null
# psql's form of the connection string: Npgsql's Host=…;Port=…;Username=…;Database=… as host=… port=… user=… dbname=….
libpq() { tr ';' '\n' <<<"$1" | sed -E 's/^Host=/host=/I; s/^Port=/port=/I; s/^(Username|User ID)=/user=/I; s/^Database=/dbname=/I; s/^Password=/password=/I' | grep -E '^(host|port|user|dbname|password)=' | tr '\n' ' '; }
size=$([ "$DATABASE" = postgres ] && psql "$(libpq "$CMS_TEST_POSTGRES")" -Atc "select pg_size_pretty(pg_database_size(current_database()))" \
  || du -ch "${database_file}"* | tail -1 | cut -f1)
# Start-up is timed over five starts of one instance (one start on a shared machine can be a third slower than the
# next), then the instances under test start.
starts=()
for _ in 1 2 3 4 5; do start 0; starts+=("$ready_ms"); stop; done
startup=$(printf '%s\n' "${starts[@]}" | sort -n | tr '\n' ' ')
for ((i = 0; i < INSTANCES; i++)); do start "$i"; done
base="http://127.0.0.1:$PORT"
article=/api/v1/sites/gzsjgdj/articles/1
cursor=$(curl -sf "$base/api/v1/sites/gzsjgdj/articles?limit=50" | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"] or "")')

measure() { # script, path: one wrk per instance at once, each with its share of the connections; sums and worst latencies
  local i outputs=()
  for ((i = 0; i < INSTANCES; i++)); do
    outputs+=("$work/wrk.$i")
    ARTICLE_IDS=$((ARTICLES + 1)) wrk -t"$(( (THREADS + INSTANCES - 1) / INSTANCES ))" -c"$((CONNECTIONS / INSTANCES))" -d"$DURATION" \
      --latency -s "$here/$1" "http://127.0.0.1:$((PORT + i))$2" >"$work/wrk.$i" &
  done
  wait $(jobs -p | grep -v -F -x -f <(printf '%s\n' "${services[@]}")) 2>/dev/null || true
  cat "${outputs[@]}" | awk '/^RESULT/ {rps += $2; p50 = $3 > p50 ? $3 : p50; p99 = $4 > p99 ? $4 : p99; s += $5; e += $6; n += $7}
    END {printf "%.0f %.3f %.3f %d %d %d\n", rps, p50, p99, s, e, n}'
}

# The writes before some rows put something back unchanged, with the admin key and the ETag of a GET just before.
auth=(-H "Authorization: Bearer $key")
read_for_write() { curl -sf -D "$work/write.headers" "${auth[@]}" "$base$1"; } # the body; then $(read_etag)
read_etag() { awk 'tolower($1) == "etag:" {print $2}' "$work/write.headers" | tr -d '\r'; }

# A write to the site makes every cached answer of the site unreachable (the site's generation changes). This one puts
# the site's settings back unchanged, which leaves the search index as it was.
write() {
  local site
  site=$(read_for_write /api/v1/sites/gzsjgdj)
  python3 -c 'import json, sys; s = json.load(sys.stdin); [s.pop(k) for k in ("version", "createdAt", "updatedAt")]; print(json.dumps(s))' \
    <<<"$site" | curl -sf -o /dev/null "${auth[@]}" -X PUT -H "If-Match: $(read_etag)" -H 'Content-Type: application/json' \
    --data @- "$base/api/v1/sites/gzsjgdj"
}

# A write to one article retires that article's answers and the site's lists, not the other articles' answers (they
# show nothing of it). This one puts the reference article back unchanged (an empty merge patch): its title and text
# stay as they were, so its search index entry does too.
write_article() {
  read_for_write "$article" >/dev/null
  curl -sf -o /dev/null "${auth[@]}" -X PATCH -H "If-Match: $(read_etag)" -H 'Content-Type: application/merge-patch+json' \
    --data '{}' "$base$article"
}

measure report.lua /healthz >/dev/null # warm-up: the first seconds of a process are JIT compilation
views_before=$(curl -sf "$base$article/views" | sed -E 's/.*"viewCount":([0-9]+).*/\1/')
declare -a rows
baseline=""
while IFS='|' read -r name script path before; do
  [ -n "$before" ] && $before
  read -r rps p50 p99 non2xx errors requests < <(measure "$script" "$path")
  [ "$script" = views.lua ] && view_requests=$requests
  [ -z "$baseline" ] && baseline=$rps
  rss_now=$(for pid in "${services[@]}"; do awk '/VmRSS/ {printf "%.0f ", $2 / 1024}' "/proc/$pid/status"; done)
  rows+=("| $name | \`${path:0:70}\` | $rps | $p50 | $p99 | $non2xx | $errors | $(awk -v a="$rps" -v b="$baseline" 'BEGIN {printf "%.2f", a / b}') | ${rss_now% } |")
done <<ROUTES
baseline (trivial endpoint)|report.lua|/healthz
article by id (random ids), first 10 s: cache filling|articles.lua|/api/v1/sites/gzsjgdj/articles/{random}
article by id (random ids), next 10 s|articles.lua|/api/v1/sites/gzsjgdj/articles/{random}
article by id (ids skewed as readers skew them: half of the reads on √N articles), 10 s|articles.lua|/api/v1/sites/gzsjgdj/articles/{skewed}
article by id (random ids), 10 s right after a write to the site|articles.lua|/api/v1/sites/gzsjgdj/articles/{random}|write
channel list, 20 newest|report.lua|/api/v1/sites/gzsjgdj/articles?channel=news&limit=20
list page of 50 via cursor|report.lua|/api/v1/sites/gzsjgdj/articles?limit=50&cursor=$cursor
search, two-character query 党建 (cached answer)|report.lua|/api/v1/sites/gzsjgdj/articles?q=%E5%85%9A%E5%BB%BA
search, random word × page size (1,400 variants, cached once seen)|search.lua|/api/v1/sites/gzsjgdj/articles?q={random}&limit={random}
view counter (POST, new visitor each)|views.lua|$article/views
footer|report.lua|/api/v1/sites/gzsjgdj/footer
calendar|report.lua|/api/v1/calendar/2022-06-28
article by id (random ids), 10 s right after a write to one article|articles.lua|/api/v1/sites/gzsjgdj/articles/{random}|write_article
footer, as a browser on the site's domain asks (Origin, Accept-Encoding)|browser.lua|/api/v1/sites/gzsjgdj/footer
article by id (random ids), as a browser asks, 10 s|browser.lua|/api/v1/sites/gzsjgdj/articles/{random}
ROUTES

sleep 2 # one flush interval, so the stored count includes every counted view
views_after=$(curl -sf "$base$article/views" | sed -E 's/.*"viewCount":([0-9]+).*/\1/')
rss=$(for pid in "${services[@]}"; do awk '/VmHWM/ {printf "%.0f MB ", $2 / 1024}' "/proc/$pid/status"; done)
rss_parts=$(for pid in "${services[@]}"; do awk '/RssAnon|RssFile/ {printf "%s %.0f MB ", $1, $2 / 1024}' "/proc/$pid/status"; done)

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback;" \
     "$DATABASE ($size), $INSTANCES instance(s), demo site + $ARTICLES generated articles of about $BODY_CHARS characters; $(date -u +%F)"
echo
echo "| route | path | rps | p50 ms | p99 ms | non-2xx | socket errors | × baseline | RSS MB after |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Peak RSS per instance: ${rss% } (at the end: ${rss_parts% }). Start-up to ready on this data set: median $(cut -d' ' -f3 <<<"$startup") ms of five starts ($startup ms; process start to the first 200 from /readyz)."
echo "View counter: wrk completed $view_requests requests, each with a new visitor id; the stored count rose by $((views_after - views_before))"
echo "(it may exceed the completed requests by at most one in-flight request per connection, $CONNECTIONS here)."
