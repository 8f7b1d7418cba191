#!/usr/bin/env bash
# One-off timings of single requests on a large data set, where wrk's rates say less than each answer's time (a
# report, a lookup, a first-time query). Starts a published build on the SQLite file, prints how long it took to be
# ready (migrations included), sends each path five times with curl and a key with every scope (answers to keys are
# not cached, so each is the query itself), prints the seconds of each and the start of the answer, then the
# service's peak RSS. A path may start with a method and end with a JSON body: 'PATCH /api/v1/sites/gzsjgdj {"…":…}'.
#   dotnet publish src/CmsApi -p:PublishProfile=Server -o /tmp/app
#   DATABASE_FILE=/data/cms-1m.db tests/CmsApi.Benchmarks/timed.sh /tmp/app /api/v1/sites/gzsjgdj/articles?limit=20 …
#   TIMES=1 …                                        each request once (writes)
#   POSTGRES_CONNECTION='Host=…;Port=…;Username=…;Database=…' …   a PostgreSQL data set instead of DATABASE_FILE
set -euo pipefail
if [ -n "${POSTGRES_CONNECTION:-}" ]; then
  database_env=(Database__Provider=postgres "ConnectionStrings__Cms=$POSTGRES_CONNECTION")
else
  : "${DATABASE_FILE:?set DATABASE_FILE (or POSTGRES_CONNECTION) to a data set made by load.sh or the generator}"
  database_env=("ConnectionStrings__Cms=Data Source=$DATABASE_FILE")
fi
app=$1; shift
PORT=${PORT:-5091} TIMES=${TIMES:-5}
key=bench-admin-key-0123456789
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
started=$(date +%s%N)
env ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false "${database_env[@]}" \
  Logging__LogLevel__Default=Warning CMS_BOOTSTRAP_ADMIN_KEY=$key "$app/CmsApi" --urls "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do
  kill -0 $pid 2>/dev/null || { echo "the service stopped before it was ready (run it by hand to see why)" >&2; exit 1; }
  sleep 0.01
done
echo "ready after $(( ($(date +%s%N) - started) / 1000000 )) ms"
answer=$(mktemp)
for request in "$@"; do
  read -r method path body <<<"$request"
  [[ $method == /* ]] && { body="$path"; path=$method; method=GET; }
  times=()
  for _ in $(seq "$TIMES"); do
    times+=("$(curl -s -o "$answer" -w '%{http_code} %{time_total}' -X "$method" -H "Authorization: Bearer $key" -H 'If-Match: *' \
      ${body:+-H 'Content-Type: application/json' -d "$body"} "http://127.0.0.1:$PORT$path")")
  done
  printf '%s %s: %s  (%s)\n' "$method" "$path" "$(IFS=,; echo "${times[*]}")" "$(head -c 120 "$answer" | tr '\n' ' ')"
done
grep VmHWM "/proc/$pid/status"
