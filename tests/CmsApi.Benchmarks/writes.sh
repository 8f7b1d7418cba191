#!/usr/bin/env bash
# Writes at the same moment, A/B of published builds on SQLite. Each build in turn starts on a fresh database with the
# demo content; then article creates are driven with wrk at 1 connection, at 8, and at 8 beside 8 connections of view
# counting (its flush writes every second). Prints rps, p50 and p99 of each. Name the builds alternately (a b a b).
#   dotnet publish src/CmsApi -p:PublishProfile=Server -o /tmp/a     (and the other version to /tmp/b)
#   tests/CmsApi.Benchmarks/writes.sh /tmp/a /tmp/b /tmp/a /tmp/b
# WEBHOOK=1: the demo site gets a webhook, posting to a receiver on PORT+1 (node) that answers 204 as a static front
# end's rebuild hook would; after each build the receiver's count of messages and changes is printed.
# POSTGRES_PORT=55432: each build runs on a fresh database of the PostgreSQL server on that loopback port (user
# postgres, as .ci/postgres starts it) instead of a SQLite file. PARAGRAPHS=150: bodies of about 3,000 characters.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/tests/CmsApi.Benchmarks
DURATION=${DURATION:-8s} PORT=${PORT:-5091}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >&2
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
export CMS_KEY=writes-benchmark-key-$RANDOM$RANDOM

drive() { # connections, script, path -> "rps p50 p99 failed" (failed: non-2xx/3xx answers and socket errors)
  wrk -t1 -c"$1" -d"$DURATION" --latency -s "$here/$2" "http://127.0.0.1:$PORT$3" | awk '/^RESULT/ {print $2, $3, $4, $5 + $6}'
}
row() { read -r rps p50 p99 failed; printf '| %s | %s | %d | %s | %s | %d |\n' "$1" "$2" "$rps" "$p50" "$p99" "$failed"; }

if [ -n "${WEBHOOK:-}" ]; then
  node -e '
    let messages = 0, changes = 0;
    require("http").createServer((q, s) => {
      let body = ""; q.on("data", d => body += d);
      q.on("end", () => {
        if (q.method === "GET") { s.end(`${messages} ${changes}`); messages = changes = 0; return; }
        messages++; changes += JSON.parse(body).data.items.length; s.statusCode = 204; s.end();
      });
    }).listen(+process.argv[1], "127.0.0.1");' $((PORT + 1)) &
  receiver=$!
  trap 'kill $receiver' EXIT
fi

echo "| build | what | rps | p50 ms | p99 ms | failed |"
echo "|---|---|---|---|---|---|"
for app in "$@"; do
  data=$(mktemp -d)
  database="Database__Provider=sqlite" connection="Data Source=$data/cms.db"
  if [ -n "${POSTGRES_PORT:-}" ]; then
    name=writes_$RANDOM$RANDOM
    psql -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -c "CREATE DATABASE $name"
    database="Database__Provider=postgres" connection="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=$name"
  fi
  env ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false Demo__Seed=true CMS_BOOTSTRAP_ADMIN_KEY="$CMS_KEY" \
    "$database" "ConnectionStrings__Cms=$connection" Logging__LogLevel__Default=Warning \
    Webhooks__Key="$(head -c 32 /dev/urandom | base64)" Webhooks__AllowPrivateNetworks=true \
    "$app/CmsApi" --urls "http://127.0.0.1:$PORT" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.01; done
  if [ -n "${WEBHOOK:-}" ]; then
    curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/sites/gzsjgdj/webhooks" -H "Authorization: Bearer $CMS_KEY" \
      -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$((PORT + 1))/hook\"}" >/dev/null
  fi
  drive 1 create.lua / | row "$app" "creates, 1 connection"
  drive 8 create.lua / | row "$app" "creates, 8 connections"
  drive 8 views.lua /api/v1/sites/gzsjgdj/articles/1/views >"$data/views" &
  views=$!
  drive 8 create.lua / | row "$app" "creates, 8 connections, beside views"
  wait $views
  row "$app" "views, 8 connections, beside creates" <"$data/views"
  sleep 1 # the last deliveries
  kill $pid; wait $pid 2>/dev/null || true
  [ -n "${WEBHOOK:-}" ] && echo "webhook messages and changes received: $(curl -s "http://127.0.0.1:$((PORT + 1))/")"
  rm -rf "$data"
  [ -n "${POSTGRES_PORT:-}" ] && psql -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -c "DROP DATABASE $name WITH (FORCE)"
done
