#!/usr/bin/env bash
# Cold start of the CLI: wall and CPU (user + sys of the process and its threads) of
# `bin/deberta4j classify "이 영화 정말 재밌어요"` and `bin/deberta4j --version`, N runs each, interleaved between
# checkouts (each a built checkout: mvn -q -DskipTests package; its start-up cache recorded by one earlier run), then
# median and min per checkout. Run under the bench lock:
#   flock /tmp/bench.lock deberta4j-bench/scripts/cold-start.sh [N=10] [CHECKOUT...=this one]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n=${1:-10}; shift || true
checkouts=("$@"); [ ${#checkouts[@]} -gt 0 ] || checkouts=("$here")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$n"); do
  for c in "${!checkouts[@]}"; do
    dir=${checkouts[$c]}
    TIMEFORMAT="%R %U %S"
    { time "$dir/bin/deberta4j" classify "이 영화 정말 재밌어요" >/dev/null 2>&1; } 2>> "$work/classify-$c"
    { time "$dir/bin/deberta4j" --version >/dev/null 2>&1; } 2>> "$work/version-$c"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in "${!checkouts[@]}"; do
  for what in classify version; do
    /usr/bin/python3 - "${checkouts[$c]}" "$what" "$work/$what-$c" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[3]) if l.strip()]
wall = [r[0] for r in rows]; cpu = [r[1] + r[2] for r in rows]
print("%s %-8s wall median %.2f s (min %.2f)  cpu median %.2f s (min %.2f)  n=%d" % (
    sys.argv[1], sys.argv[2], statistics.median(wall), min(wall), statistics.median(cpu), min(cpu), len(rows)))
PY
  done
done
