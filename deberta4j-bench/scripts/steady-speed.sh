#!/usr/bin/env bash
# Batch-1 speed across fresh JVMs, without JVM flags: runs `bin/deberta4j speed --shape SHAPE --shapes 1x16` in N
# fresh processes per kernel the CPU has (512-bit where it has AVX-512, and 256-bit), alternating the kernels, and
# prints every process's tokens/s and CPU milliseconds per forward pass (process CPU time over the timed runs, all
# threads), then min / median / max of each and how many processes were slow: under half their kernel's median
# tokens/s, or over twice its median CPU time per pass. On a busy machine tokens/s moves with the other jobs; the
# CPU time does not (much), and a process that computes slowly (JIT fallback code, page faults, memory stalls)
# shows there too. The script starts java itself with the launcher's options and no -XX:+AlwaysPreTouch (which
# the launcher once added to hide a slow mode). Run after mvn -q -DskipTests package:
#   deberta4j-bench/scripts/steady-speed.sh [N=20] [SHAPE=base] [THREADS=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n=${1:-20}; shape=${2:-base}; threads=${3:-2}
kernels="256"; grep -qw avx512f /proc/cpuinfo && kernels="512 256"
source "$here/bin/java25.sh"; find_java25   # sets $java: JAVA_HOME, else the PATH's java
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /'
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "speed --shape $shape --shapes 1x16 --threads $threads, $n fresh processes per kernel, no -XX:+AlwaysPreTouch${DEBERTA4J_JAVA_OPTS:+, options: $DEBERTA4J_JAVA_OPTS}"
for i in $(seq "$n"); do
  for bits in $kernels; do
    "$java" --add-modules jdk.incubator.vector \
      --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.awt.headless=true \
      -Ddeberta4j.vectorBits=$bits ${DEBERTA4J_JAVA_OPTS:-} -jar "$here/deberta4j-cli/target/deberta4j.jar" \
      speed --shape "$shape" --shapes 1x16 \
      --threads "$threads" --gemm-seconds 0 --json 2>/dev/null \
      | /usr/bin/python3 -c 'import json,sys; t=sys.stdin.read(); r=json.loads(t[t.find("{"):])["shapes"][0]; print("%.1f %.1f" % (r["tokens_per_s"], 1000 * r["cpu_s_per_run"]))' \
      >> "$work/$bits"
  done
  echo "process $i of $n: $(for bits in $kernels; do echo -n "$bits-bit $(tail -1 "$work/$bits" | sed 's| | tokens/s, |') CPU ms/pass; "; done)load average $(cut -d' ' -f1 /proc/loadavg)" >&2
done
for bits in $kernels; do
  /usr/bin/python3 - "$bits" "$work/$bits" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[2])]
v, c = [r[0] for r in rows], [r[1] for r in rows]
med, cmed = statistics.median(v), statistics.median(c)
print(f"{sys.argv[1]}-bit kernel, tokens/s per process: " + " ".join(f"{x:.0f}" for x in v))
print(f"  min {min(v):.0f}  median {med:.0f}  max {max(v):.0f}  under half the median: {sum(x < med / 2 for x in v)} of {len(v)}")
print(f"{sys.argv[1]}-bit kernel, CPU ms per forward pass per process: " + " ".join(f"{x:.0f}" for x in c))
print(f"  min {min(c):.0f}  median {cmed:.0f}  max {max(c):.0f}  over twice the median: {sum(x > 2 * cmed for x in c)} of {len(c)}")
PY
done
