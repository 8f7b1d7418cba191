#!/usr/bin/env bash
# The list's filters (alone and in a few pairs), searches and orders in combination on a large data set, the slowest first: a filter that few
# articles pass beside a search or another order is where a plan can read every row (a search within a 主题分类 that
# no document has took 20 s at a million articles). Sends each combination twice through timed.sh (with a key, so
# nothing is cached) and prints the second time of each, the slowest first, then the service's peak RSS.
#   dotnet publish src/CmsApi -p:PublishProfile=Server -o /tmp/app
#   DATABASE_FILE=/data/cms-1m.db tests/CmsApi.Benchmarks/filters.sh /tmp/app [site] | head -20
#   POSTGRES_CONNECTION='Host=…' …                                      on PostgreSQL (as timed.sh)
set -euo pipefail
app=$1 site=${2:-gzsjgdj}
here=$(dirname "$0")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
# filters few or many articles pass (some none), searches of a common, a rare and an absent word, and every order
filters=("" "channel=notices" "tag=$(enc 党建)" "tag=$(enc 专题)" "source=$(enc 罕见来源)" "cover=true" "cover=false"
  "from=2019-01-01&to=2019-01-31" "issuingAgency=$(enc 无此机关)" "subject=$(enc 城乡建设)" "subject=$(enc 综合政务)"
  "documentNumber=$(enc 无号)" "indexNumber=$(enc 无)" "validity=$(enc 废止)" "writtenFrom=2019-01-01" "status=draft"
  "subject=$(enc 城乡建设)&validity=$(enc 有效)" "subject=$(enc 综合政务)&issuingAgency=$(enc 无此机关)" "cover=true&source=$(enc 罕见来源)")
searches=("" "q=$(enc 党建)" "q=$(enc 罕见)" "q=$(enc 城乡建设工作)")
sorts=("" "sort=newest" "sort=oldest" "sort=newest-written")
paths=()
for filter in "${filters[@]}"; do for search in "${searches[@]}"; do for sort in "${sorts[@]}"; do
  query="limit=20"
  for part in "$filter" "$search" "$sort"; do [[ -n $part ]] && query="$query&$part"; done
  paths+=("/api/v1/sites/$site/articles?$query")
done; done; done
# timed.sh prints "GET path: code time,code time  (answer…)"; keep the second time (and its status), the slowest
# first; its other lines (ready after, peak RSS) go to stderr
TIMES=2 "$here/timed.sh" "$app" "${paths[@]}" | awk '
  /^GET / { sub(/:$/, "", $2); split($4, first, ","); print $5, first[2], $2; next } { print > "/dev/stderr" }' |
  sort -k1,1 -g -r
